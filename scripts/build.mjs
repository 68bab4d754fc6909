// Bundles src/ into dist/ with esbuild: ESM, split chunks so heavy modules load only when used.
import { build } from 'esbuild';
import { realpathSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { forgettableParserForSnapshot } from './snapshot-plugins.mjs';

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

/**
 * conf imports ajv (with ajv-formats) for schema validation and semver for migrations at its module
 * top, and payctl uses neither (no schema, no migrations): ~0.3 MB evaluated on every config write.
 * They are replaced by modules that fail loudly if conf ever reaches them.
 */
const noValidatorForConf = {
  name: 'no-validator-for-conf',
  setup(b) {
    b.onResolve({ filter: /^(ajv\/dist\/2020\.js|ajv-formats|semver)$/ }, (args) =>
      args.importer.includes('/node_modules/conf/') ? { path: args.path, namespace: 'payctl-conf-stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'payctl-conf-stub' }, (args) => ({
      contents: `const unused = () => { throw new Error('payctl is built without ${args.path}: conf schemas and migrations are not used'); };
export const Ajv2020 = unused;
export default { default: unused, eq: unused, clean: unused, satisfies: unused, lte: unused, gt: unused };`,
      loader: 'js',
    }));
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
  plugins: [noHttp2ForUndici, noChildProcessForCommander, noValidatorForConf],
});


/**
 * A V8 startup snapshot of the whole CLI (dist/payctl.blob), which bin/payctl starts node from when
 * it matches: the CLI is then already loaded and compiled, a third or more off a short command. The
 * snapshot is a single CommonJS script with only node's built-in modules available while it is
 * built, so the bundle's other `require`s (better-sqlite3's compiled addon) resolve at run time.
 * Node refuses a snapshot built by another node binary or with other V8 flags (exit 14): bin/payctl
 * then uses bin/payctl.js, as it does when the blob is missing or older than the bundle.
 */
async function buildSnapshot() {
  const out = await build({
    entryPoints: ['scripts/snapshot-entry.ts'],
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Fully minified: node keeps every script's source in the heap, and a start from the snapshot
    // copies it (~2.5 ms per MB here). keepNames keeps class and function names (error names).
    minify: true,
    keepNames: true,
    legalComments: 'none',
    external: ['bindings'],
    define: { 'import.meta.url': 'globalThis.__payctlMainUrl' },
    logLevel: 'warning',
    plugins: [noHttp2ForUndici, noChildProcessForCommander, noValidatorForConf, forgettableParserForSnapshot],
  });
  const prelude = `'use strict';
const __payctlBuiltin = require;
// (isBuiltin: builtinModules is undefined while a snapshot is built.)
const __payctlIsBuiltin = __payctlBuiltin('node:module').isBuiltin;
function __payctlRequire(id) {
  if (__payctlIsBuiltin(id)) return __payctlBuiltin(id);
  return __payctlBuiltin('node:module').createRequire(globalThis.__payctlMainUrl)(id);
}
function __payctlBuiltinNamespace(id) {
  const m = __payctlBuiltin(id);
  return { ...m, default: m };
}
`;
  const entry = 'dist/snapshot-entry.cjs';
  // A snapshot has no dynamic import(): built-in modules come from require, with the default export
  // an ES module namespace would have.
  const code = out.outputFiles[0].text.replace(/\bimport\("(node:[^"]+)"\)/g, 'Promise.resolve().then(() => __payctlBuiltinNamespace("$1"))');
  writeFileSync(entry, `${prelude}(function (require) {\n${code}\n})(__payctlRequire);\n`);
  const blob = 'dist/payctl.blob';
  // Its stderr (node's "not yet fully verified" notes on built-in modules) only matters on failure.
  const r = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', entry], { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  rmSync(entry, { force: true });
  if (r.status !== 0) {
    rmSync(blob, { force: true });
    process.stderr.write(`${r.stderr}build: no startup snapshot (node exited ${r.status}); bin/payctl will use bin/payctl.js\n`);
    return;
  }
  // The node that built it: bin/payctl uses the snapshot only with this very binary.
  writeFileSync(`${blob}.node`, `${realpathSync(process.execPath)}\n`);
}
await buildSnapshot();
