#!/usr/bin/env node
// npm builds native addons (better-sqlite3, node-pty) through this file: .npmrc names it as npm's
// `node-gyp`. It runs npm's own node-gyp, first pointing it (npm_config_nodedir) at the headers
// installed with the running node — <prefix>/include/node, prefix = two levels above the node binary —
// when they are there and match this node's version, so the build needs no header download wherever
// node lives. Otherwise, or when a nodedir is already given, node-gyp behaves as it always does.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const prefix = path.resolve(process.execPath, '..', '..');

/** The version in <prefix>/include/node/node_version.h, e.g. "20.20.2", or undefined. */
function headersVersion() {
  try {
    const h = fs.readFileSync(path.join(prefix, 'include', 'node', 'node_version.h'), 'utf8');
    const part = (name) => (new RegExp(`#define ${name} (\\d+)`).exec(h) || [])[1];
    const v = [part('NODE_MAJOR_VERSION'), part('NODE_MINOR_VERSION'), part('NODE_PATCH_VERSION')];
    return v.every(Boolean) ? v.join('.') : undefined;
  } catch {
    return undefined;
  }
}

const given = process.env.npm_config_nodedir || process.argv.some((a) => a === '--nodedir' || a.startsWith('--nodedir='));
if (!given && headersVersion() === process.versions.node) process.env.npm_config_nodedir = prefix;

// npm's own node-gyp, found next to the npm running this install (npm_execpath), else wherever node finds one.
const searchFrom = [process.env.npm_execpath && path.resolve(process.env.npm_execpath, '..', '..'), __dirname].filter(Boolean);
const real = require.resolve('node-gyp/bin/node-gyp.js', { paths: searchFrom });
process.argv = [process.argv[0], real, ...process.argv.slice(2)];
require(real);
