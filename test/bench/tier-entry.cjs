// bin/payctl.js without `--liftoff-only`: the same CLI with V8's optimising tier for undici's
// WebAssembly HTTP parser, so `npm run bench` can compare both tiers on `--all` (see run.mjs).
'use strict';
const { join } = require('node:path');
const { pathToFileURL } = require('node:url');
import(pathToFileURL(join(__dirname, '../../dist/main.js')).href).then(async ({ runCli }) => {
  const code = await runCli(process);
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
});
