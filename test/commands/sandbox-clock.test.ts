// After `sandbox advance`, relative times and `--created-after 7d` follow the account's clock (sent
// by the sandbox on every response), not the wall clock: new objects are "just now", not "in 3d".
import { describe, expect, it } from 'vitest';
import { sandboxAccount, useSandbox } from '../helpers/account.js';
import { newTestKey } from '../helpers/sandbox.js';

const { sandbox, home } = useSandbox();
const account = () => sandboxAccount(sandbox, home);

describe('the sandbox clock', () => {
  it('every account response carries Payctl-Sandbox-Now, the account clock in unix seconds', async () => {
    const key = newTestKey();
    const call = (path: string, method = 'GET', body?: string) =>
      fetch(`${sandbox.url}${path}`, { method, body, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-www-form-urlencoded' } });
    const before = Math.floor(Date.now() / 1000);
    const first = await call('/v1/customers');
    expect(Number(first.headers.get('payctl-sandbox-now')) - before).toBeLessThan(5);
    await call('/v1/test_helpers/sandbox/advance', 'POST', `seconds=${3 * 86400}`);
    for (const res of [await call('/v1/customers'), await call('/v1/customers/cus_missing')]) {
      const now = Number(res.headers.get('payctl-sandbox-now'));
      expect(now - before).toBeGreaterThanOrEqual(3 * 86400);
      expect(now - before).toBeLessThan(3 * 86400 + 60);
    }
  });

  it('tables show times relative to the account clock, and ages count back from it', async () => {
    const a = account();
    const old = await a.customer('name=Before');
    expect((await a.cli(['sandbox', 'advance', '3d'])).code).toBe(0);
    const fresh = await a.customer('name=After');

    const table = await a.cli(['customers', 'list', '--fields', 'id,name,created'], { tty: true });
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s{2,}/));
    expect(lines).toEqual([
      [fresh, 'After', 'just now'],
      [old, 'Before', '3d ago'],
    ]);

    const detail = await a.cli(['customers', 'get', fresh], { tty: true });
    expect(detail.stdout).toMatch(/^Created +\d{4}-\d\d-\d\d \d\d:\d\d UTC \(just now\)$/m);

    const recent = await a.jsonl(['customers', 'list', '--created-after', '1d', '-o', 'jsonl']);
    expect(recent.map((c) => c.id)).toEqual([fresh]);
    const older = await a.jsonl(['customers', 'list', '--created-before', '2d', '-o', 'jsonl']);
    expect(older.map((c) => c.id)).toEqual([old]);
  });
});
