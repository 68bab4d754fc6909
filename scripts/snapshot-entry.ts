// The V8 startup snapshot's entry (see scripts/build.mjs): the whole CLI, evaluated once at build
// time, so a run started from the snapshot skips loading and compiling ~2.6 MB of JavaScript. It runs
// only as `node --snapshot-blob dist/payctl.blob ARGS…` (bin/payctl chooses it); bin/payctl.js is the
// same program without the snapshot. Behaviour must stay identical: this file repeats that one's.
import { startupSnapshot, setFlagsFromString } from 'node:v8';
import { resolve, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { run, runCli } from '../src/main.js';
import { VERSION } from '../src/version.js';
import { BufferStream, makeIO } from '../src/factory.js';
import { warmHttp } from './snapshot-warm-http.js';

declare global {
  // Where the bundle's `import.meta.url` points (set at run time: the snapshot was built elsewhere).
  var __payctlMainUrl: string | undefined;
}

/**
 * Runs a representative command once while the snapshot is built, so what it loads is already
 * evaluated and compiled in it: a dry run, then one real GET to a loopback server of its own
 * (snapshot-warm-http.ts), in a throwaway HOME, so nothing outside it is written. Random bytes drawn
 * here would be frozen into every run (node:crypto's randomUUID keeps a pool of them, and so do the
 * sandbox's ids): the same idempotency keys and ids each time. So any use of node:crypto's random
 * sources while warming fails the build.
 */
async function warm(): Promise<void> {
  const sources = ['randomUUID', 'randomBytes', 'randomFillSync', 'randomFill', 'randomInt'] as const;
  const mutable = crypto as unknown as Record<string, unknown>;
  const real = sources.map((name) => mutable[name]);
  for (const name of sources) {
    mutable[name] = () => {
      throw new Error(`crypto.${name} while building the startup snapshot`);
    };
  }
  // A throwaway HOME: reading the profile creates its directory.
  const home = mkdtempSync(join(tmpdir(), 'payctl-snapshot-'));
  try {
    const env = { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_STATE_HOME: join(home, 'state'), PAYCTL_API_KEY: 'sk_test_snapshot_warm_up', PAYCTL_BASE_URL: 'http://127.0.0.1:9', PAYCTL_HISTORY: 'off' };
    const runOnce = async (argv: string[], runEnv: Record<string, string> = env): Promise<void> => {
      const stdout = new BufferStream();
      const stderr = new BufferStream();
      const io = makeIO({ stdout, stderr, stdin: { isTTY: false, readAll: async () => '' }, env: runEnv });
      const code = await run(argv, { io, env: runEnv, now: () => new Date(0) });
      if (code !== 0) throw new Error(`snapshot warm-up: payctl ${argv.join(' ')} exited ${code}: ${stderr.text}`);
    };
    // Only what nearly every command runs: compiled code costs start-up time to deserialise, and
    // warming `customers list` and `charges list -o jsonl` too made `balance` ~4% slower and lists
    // no faster (test/bench/run.mjs; paired runs).
    await runOnce(['balance', '--json', '--dry-run']);
    // And one real GET, to a loopback server of its own: the connection code compiled too.
    if (!(await warmHttp((baseUrl) => runOnce(['balance', '--json'], { ...env, PAYCTL_BASE_URL: baseUrl })))) {
      process.stdout.write('build: warning: the startup snapshot is built without its warm-up request (see scripts/snapshot-plugins.mjs); commands start ~5 ms slower\n');
    }
    // What a command loads after a dry run would stop: the connection code for a server, and the
    // embedded sandbox (evaluated only: its database, a native addon, opens at run time).
    const [, embedded, app] = await Promise.all([import('../src/client/undici-core.js'), import('../src/sandbox/embedded.js'), import('../src/sandbox/app.js'), import('../src/sandbox/dispatcher.js'), import('../src/sandbox/store/sqlite.js')]);
    app.rememberAccount(embedded.EMBEDDED_API_KEY);
  } finally {
    sources.forEach((name, i) => (mutable[name] = real[i]));
    rmSync(home, { recursive: true, force: true });
  }
}
void warm().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

startupSnapshot.setDeserializeMainFunction(() => {
  const blob = process.execArgv[process.execArgv.indexOf('--snapshot-blob') + 1] ?? '';
  const dist = dirname(resolve(blob));
  globalThis.__payctlMainUrl = pathToFileURL(join(dist, 'main.js')).href;
  // A snapshot run's argv has no script; put bin/payctl.js there, as a plain run has.
  process.argv.splice(1, 0, join(dist, '..', 'bin', 'payctl.js'));
  const argv = process.argv.slice(2);
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  // As bin/payctl.js: the baseline WebAssembly compiler only.
  setFlagsFromString('--liftoff-only');
  void runCli(process).then((code) => {
    process.exitCode = code;
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
});
