#!/usr/bin/env node
// Entry point (CommonJS: bin/package.json says so, because a CJS entry starts ~4 ms faster than an
// ES module). Runs the bundled CLI, then exits as soon as stdout and stderr are flushed, so no
// keep-alive socket or timer left by a library can hold the process open.
'use strict';
const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
  // Fast path: loading the command tree costs more than starting node itself.
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  // undici parses HTTP with a WebAssembly build of llhttp. V8 optimises it on background threads,
  // and a process that exits waits for them: ~70 ms on every command. The baseline compiler alone
  // is plenty, long streams included: `--all` over 1k, 10k and 100k objects is faster with it and
  // ~30 MB smaller (test/bench/run.mjs measures both).
  require('node:v8').setFlagsFromString('--liftoff-only');
  import('../dist/main.js').then(async ({ runCli }) => {
    const code = await runCli(process);
    process.exitCode = code;
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
}
