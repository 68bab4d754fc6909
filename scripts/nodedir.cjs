#!/usr/bin/env node
// Prints the directory holding the headers installed with the running node (its prefix: two levels
// above the binary, with include/node/node_version.h of this very version), or nothing. The install
// line passes it to node-gyp as npm_config_nodedir, so native addons (better-sqlite3, node-pty) build
// against those headers wherever node lives, without downloading any; with nothing printed,
// node-gyp finds or downloads headers as it always does.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const prefix = path.resolve(process.execPath, '..', '..');
let version;
try {
  const h = fs.readFileSync(path.join(prefix, 'include', 'node', 'node_version.h'), 'utf8');
  const part = (name) => (new RegExp(`#define ${name} (\\d+)`).exec(h) || [])[1];
  version = [part('NODE_MAJOR_VERSION'), part('NODE_MINOR_VERSION'), part('NODE_PATCH_VERSION')].join('.');
} catch {
  // No headers beside this node.
}
if (version === process.versions.node) process.stdout.write(prefix);
