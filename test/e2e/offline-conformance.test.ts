// Offline, the official-Stripe-CLI conformance tests must skip visibly (reason in the reporter and on
// stderr) instead of failing the suite: run that file in a child vitest with the npm registry pointed
// at a closed loopback port, an empty npm cache and an empty install directory.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
let tmp: string | undefined;
afterEach(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('conformance against the official Stripe CLI, with no registry', () => {
  it('skips its tests with the reason and passes; nothing else is affected', async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payctl-offline-'));
    const port = await closedPort();
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VITEST') && k !== 'NODE_OPTIONS') env[k] = v;
    Object.assign(env, {
      NO_COLOR: '1',
      npm_config_registry: `http://127.0.0.1:${port}/`,
      npm_config_cache: path.join(tmp, 'npm-cache'),
      PAYCTL_TEST_STRIPE_CLI_DIR: path.join(tmp, 'peer'),
    });
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'test/sandbox/conformance-stripe-cli.test.ts', '--reporter=verbose'], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    const reason = `official Stripe CLI 1.52.0 could not be installed from the npm registry (FetchError: request to http://127.0.0.1:${port}/@stripe%2fcli-linux-x64 failed, reason: connect ECONNREFUSED 127.0.0.1:${port})`;
    expect(out).toContain(`SKIPPED official Stripe CLI conformance: ${reason}`);
    // Each test is reported skipped (↓) with the reason as its note.
    const cases = fs.readFileSync(path.join(root, 'test/sandbox/conformance-stripe-cli.test.ts'), 'utf8').match(/^\s*it\(/gm)!.length;
    const skipped = out.split('\n').filter((l) => l.startsWith(' ↓ ') && l.endsWith(`[${reason}]`));
    expect(skipped).toHaveLength(cases);
    expect(out).toMatch(new RegExp(`Tests\\s+${cases} skipped \\(${cases}\\)`));
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(tmp, 'peer', 'node_modules', '@stripe'))).toBe(false);
  }, 150_000);
});
