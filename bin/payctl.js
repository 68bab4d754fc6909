#!/usr/bin/env node
// Entry point: runs the bundled CLI, then exits as soon as stdout and stderr are flushed, so no
// keep-alive socket or timer left by a library can hold the process open.
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // Fast path: loading the command tree costs more than starting node itself.
  const { VERSION } = await import('../dist/version.js');
  process.stdout.write(`${VERSION}\n`);
} else {
  // undici parses HTTP with a WebAssembly build of llhttp. V8 optimises it on background threads,
  // and a process that exits waits for them: ~70 ms on every command. The baseline compiler alone
  // is plenty for short commands; long streams (--all) keep the optimising tier.
  if (!argv.includes('--all')) (await import('node:v8')).setFlagsFromString('--liftoff-only');
  const { runCli } = await import('../dist/main.js');
  const code = await runCli(process);
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
