// Bundles src/ into dist/ with esbuild: ESM, split chunks so heavy modules load only when used.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

/**
 * undici loads node:http2 eagerly (~4 ms per process) though payctl never speaks HTTP/2; its own
 * try/catch falls back to `{ constants: {} }` when the module is missing, so give it exactly that.
 */
const noHttp2ForUndici = {
  name: 'no-http2-for-undici',
  setup(b) {
    b.onResolve({ filter: /^node:http2$/ }, (args) =>
      args.importer.includes('/node_modules/undici/') ? { path: 'http2-stub', namespace: 'payctl-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'payctl-stub' }, () => ({ contents: 'module.exports = { constants: {} };', loader: 'js' }));
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
  // Native addon: must stay external. Everything else is bundled for start-up speed.
  external: ['better-sqlite3'],
  banner: {
    js: "import { createRequire as __payctlCreateRequire } from 'node:module'; const require = __payctlCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
  plugins: [noHttp2ForUndici],
});

