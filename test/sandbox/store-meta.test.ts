// Meta values are read once per transaction and never outlive it: another
// connection's writes show in the next transaction, a transaction's own writes at once.
import { afterEach, expect, test } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/sandbox/store/sqlite.js';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

function twoConnections(): [Store, Store] {
  const dir = mkdtempSync(join(tmpdir(), 'payctl-meta-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const a = openStore({ path: join(dir, 'sandbox.db'), wallClock: () => 1_700_000_000_000 });
  const b = openStore({ path: join(dir, 'sandbox.db'), wallClock: () => 1_700_000_000_000 });
  cleanup.push(() => a.close(), () => b.close());
  return [a, b];
}

test.each(['clock_offset', 'money:next_due', 'subscriptions:next_due', 'card_profile:pm_1'])('%s: own writes read back at once, other connections’ in the next transaction', (key) => {
  const [a, b] = twoConnections();
  a.transaction('acct', (tx) => {
    expect(tx.getMeta(key)).toBeUndefined();
    tx.setMeta(key, '60');
    expect(tx.getMeta(key)).toBe('60');
  });
  b.transaction('acct', (tx) => {
    expect(tx.getMeta(key)).toBe('60');
    tx.setMeta(key, '120');
  });
  a.transaction('acct', (tx) => expect(tx.getMeta(key)).toBe('120'));
  // Accounts do not share values.
  a.transaction('other', (tx) => expect(tx.getMeta(key)).toBeUndefined());
});

test('a rolled-back write is not read by the next transaction', () => {
  const [a] = twoConnections();
  a.transaction('acct', (tx) => tx.setMeta('clock_offset', '5'));
  expect(() =>
    a.transaction('acct', (tx) => {
      tx.setMeta('clock_offset', '500');
      throw new Error('roll back');
    }),
  ).toThrow('roll back');
  a.transaction('acct', (tx) => {
    expect(tx.getMeta('clock_offset')).toBe('5');
    expect(tx.now()).toBe(1_700_000_000 + 5);
  });
});
