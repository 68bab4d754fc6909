// Bundles src/ into dist/ with esbuild: ESM, split chunks so heavy modules load only when used.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

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
});
