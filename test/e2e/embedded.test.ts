// The embedded default through the real binary: no key, empty HOME, state carries across processes.
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { tempHome } from '../helpers/cli.js';
import { cleanEnv, runBin } from '../helpers/spawn.js';

describe('embedded sandbox through bin/payctl.js', () => {
  const home = tempHome();
  const env = cleanEnv(home.env);
  afterAll(() => home.cleanup());

  it('creates a customer in one process and lists it from the next', async () => {
    const created = await runBin(['customers', 'create', '--name', 'Ada', '--email', 'ada@example.com'], env);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const customer = JSON.parse(created.stdout);
    expect(customer).toMatchObject({ object: 'customer', name: 'Ada', email: 'ada@example.com', livemode: false });
    expect(customer.id).toMatch(/^cus_/);

    const listed = await runBin(['customers', 'list'], env);
    expect(listed.code).toBe(0);
    const list = JSON.parse(listed.stdout);
    expect(list.map((c: { id: string }) => c.id)).toContain(customer.id);

    const db = statSync(join(home.env.XDG_DATA_HOME, 'payctl', 'sandbox.db'));
    expect(db.isFile()).toBe(true);
    expect(db.mode & 0o777).toBe(0o600);
    expect(statSync(join(home.env.XDG_DATA_HOME, 'payctl')).mode & 0o777).toBe(0o700);
  });

  it('tightens an existing 0755 data directory and 0644 data file to 0700 and 0600', async () => {
    const other = tempHome();
    try {
      const dir = join(other.env.XDG_DATA_HOME, 'payctl');
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      chmodSync(dir, 0o755);
      const first = await runBin(['balance'], cleanEnv(other.env));
      expect(first.code).toBe(0);
      chmodSync(join(dir, 'sandbox.db'), 0o644);
      chmodSync(dir, 0o755);
      const second = await runBin(['balance'], cleanEnv(other.env));
      expect(second.code).toBe(0);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(statSync(join(dir, 'sandbox.db')).mode & 0o777).toBe(0o600);
    } finally {
      other.cleanup();
    }
  });

  it('prints the version and exits 0', async () => {
    const r = await runBin(['--version'], env);
    expect(r).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });

  it('rejects an unknown command with exit code 2 and no stack trace', async () => {
    const r = await runBin(['frobnicate'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('prints the exit codes table', async () => {
    const r = await runBin(['help', 'exit-codes'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/130\s+cancelled/);
    expect(r.stdout).toMatch(/5\s+card/);
  });
});
