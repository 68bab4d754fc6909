// Concurrent writers of the config file: separate payctl processes (`config set`, `login`) take
// turns under the lock file, so every write is kept; a lock held by a live payctl is a one-line
// error with exit code 8 naming the lock file, and a lock left by a dead one is broken.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { newTestKey, startTestSandbox, type TestSandbox } from '../helpers/sandbox.js';
import { cleanEnv, runBin } from '../helpers/spawn.js';

let sandbox: TestSandbox;
let home: ReturnType<typeof tempHome>;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(() => {
  home = tempHome();
});
afterEach(() => {
  home.cleanup();
});

const dir = () => path.join(home.env.XDG_CONFIG_HOME, 'payctl');
const file = () => path.join(dir(), 'config.json');
const lockFile = () => `${file()}.lock`;
const saved = () => JSON.parse(fs.readFileSync(file(), 'utf8'));
const env = () => cleanEnv(home.env);

describe('parallel writers keep every write', () => {
  it('10 config sets on different profiles, 5 on different keys of one profile and 3 logins, all at once', async () => {
    const apiKey = 'sk_test_51HparallelCONFIGsecret4242';
    const loginKeys = [newTestKey(), newTestKey(), newTestKey()];
    const runs = [
      ...Array.from({ length: 10 }, (_, i) => runBin(['config', 'set', 'stripe_version', `2024-06-${String(10 + i)}`, '--profile', `p${i}`], env())),
      runBin(['config', 'set', 'output', 'csv', '--profile', 'shared'], env()),
      runBin(['config', 'set', 'read_only', 'true', '--profile', 'shared'], env()),
      runBin(['config', 'set', 'stripe_account', 'acct_123', '--profile', 'shared'], env()),
      runBin(['config', 'set', 'base_url', 'http://127.0.0.1:12111', '--profile', 'shared'], env()),
      runBin(['config', 'set', 'api_key', apiKey, '--profile', 'shared'], env()),
      ...loginKeys.map((k, i) => runBin(['login', '--with-key-stdin', '--profile', `login${i}`, '--base-url', sandbox.url], env(), { stdin: k })),
    ];
    const results = await Promise.all(runs);
    for (const r of results) expect(r).toMatchObject({ code: 0 });

    const cfg = saved();
    for (let i = 0; i < 10; i++) expect(cfg.profiles[`p${i}`]).toEqual({ stripe_version: `2024-06-${String(10 + i)}` });
    expect(cfg.profiles.shared).toEqual({ output: 'csv', read_only: true, stripe_account: 'acct_123', base_url: 'http://127.0.0.1:12111', api_key: apiKey });
    loginKeys.forEach((k, i) => expect(cfg.profiles[`login${i}`]).toEqual({ api_key: k, base_url: sandbox.url }));
    expect(Object.keys(cfg.profiles)).toHaveLength(14);

    expect(fs.statSync(file()).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir()).mode & 0o777).toBe(0o700);
    // No lock file or temp file left behind.
    expect(fs.readdirSync(dir())).toEqual(['config.json']);
  });
});

describe('the lock file', () => {
  const writeLock = (record: object) => {
    fs.mkdirSync(dir(), { recursive: true, mode: 0o700 });
    fs.writeFileSync(lockFile(), JSON.stringify(record), { mode: 0o600 });
  };

  it('held by a live payctl: waits a bounded time, then exit 8 with one line naming the lock file; nothing written', async () => {
    // This test's own process stands in for a live payctl holding the lock.
    writeLock({ pid: process.pid, host: os.hostname(), token: 'someone-else' });
    const started = Date.now();
    const r = await runBin(['config', 'set', 'output', 'json'], env());
    expect(r).toEqual({
      code: 8,
      stdout: '',
      stderr: `error: the config is locked by another payctl (pid ${process.pid}): ${lockFile()}; retry, or delete that file if no payctl is running\n`,
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(fs.existsSync(file())).toBe(false);
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8')).token).toBe('someone-else');
  });

  it('left by a payctl that is no longer running is broken at once', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeLock({ pid: gone, host: os.hostname(), token: 'crashed' });
    const started = Date.now();
    const r = await runBin(['config', 'set', 'output', 'json'], env());
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(saved().profiles.default).toEqual({ output: 'json' });
    expect(fs.readdirSync(dir())).toEqual(['config.json']);
  });

  it('older than 30 s is stale whatever it holds (pid reuse, a half-written lock)', async () => {
    fs.mkdirSync(dir(), { recursive: true, mode: 0o700 });
    fs.writeFileSync(lockFile(), '');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile(), old, old);
    const r = await runBin(['config', 'set', 'output', 'jsonl'], env());
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(saved().profiles.default).toEqual({ output: 'jsonl' });
  });
});
