// Bundles src/ into dist/ with esbuild: ESM, split chunks so heavy modules load only when used.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

/**
 * undici loads node:http2 eagerly (~4 ms per process) though payctl never speaks HTTP/2; its own
 * try/catch falls back to `{ constants: {} }` when the module is missing, so give it exactly that.
 * It also loads node:http (~2 ms: the whole server side) for two things only: `http.maxHeaderSize`
 * and an `IncomingMessage` identity check on request bodies, which are always strings here.
 */
const noHttp2ForUndici = {
  name: 'no-http2-for-undici',
  setup(b) {
    b.onResolve({ filter: /^node:http2$/ }, (args) =>
      args.importer.includes('/node_modules/undici/') ? { path: 'http2-stub', namespace: 'payctl-stub' } : undefined,
    );
    b.onResolve({ filter: /^node:http$/ }, (args) =>
      args.importer.includes('/node_modules/undici/') ? { path: 'http-stub', namespace: 'payctl-stub' } : undefined,
    );
    b.onLoad({ filter: /^http-stub$/, namespace: 'payctl-stub' }, () => ({
      contents: 'module.exports = { maxHeaderSize: 16384, IncomingMessage: class IncomingMessage {} };',
      loader: 'js',
    }));
    b.onLoad({ filter: /^http2-stub$/, namespace: 'payctl-stub' }, () => ({ contents: 'module.exports = { constants: {} };', loader: 'js' }));
    b.onLoad({ filter: /^child-process-stub$/, namespace: 'payctl-stub' }, () => ({
      contents: "module.exports = { spawn() { throw new Error('payctl has no executable subcommands'); } };",
      loader: 'js',
    }));
  },
};

/**
 * commander requires node:child_process (and through it dgram, ~2 ms per process) only to run
 * git-style executable subcommands, which payctl never defines: give it a stub that says so.
 */
const noChildProcessForCommander = {
  name: 'no-child-process-for-commander',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      args.importer.includes('/node_modules/commander/') ? { path: 'child-process-stub', namespace: 'payctl-stub' } : undefined,
    );
  },
};

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  minify: false,
  legalComments: 'none',
  // Everything is bundled for start-up speed, better-sqlite3's JavaScript included (~12 ms less per
  // embedded-sandbox command than loading its files one by one). Its compiled addon stays where npm
  // put it: src/sandbox/store/sqlite.ts hands its path to better-sqlite3, so the `bindings` loader
  // (left external) is only a fallback for unusual installs.
  external: ['bindings'],
  banner: {
    js: "import { createRequire as __payctlCreateRequire } from 'node:module'; const require = __payctlCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
  plugins: [noHttp2ForUndici, noChildProcessForCommander],
});

