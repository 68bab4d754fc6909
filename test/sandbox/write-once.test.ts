// Objects a transaction inserts are written at its end (or before any query that could see them), so
// one created and then changed in the same request is written once; every read still sees them.
import { afterEach, describe, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/sandbox/store/sqlite.js';
import { createSandboxApp } from '../../src/sandbox/app.js';
import { StripeError } from '../../src/sandbox/core/errors.js';
import type { StripeObject } from '../../src/sandbox/core/types.js';

const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

/** A file store whose objects table logs every row written (by a trigger, through a second connection). */
function loggedStore(): { store: Store; writes: () => string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'payctl-write-once-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'sandbox.db');
  const store = openStore({ path: file });
  cleanup.push(() => store.close());
  const spy = new Database(file);
  cleanup.push(() => spy.close());
  spy.exec(`CREATE TABLE write_log (n INTEGER PRIMARY KEY, what TEXT);
    CREATE TRIGGER log_insert AFTER INSERT ON objects BEGIN INSERT INTO write_log (what) VALUES ('insert ' || new.id); END;
    CREATE TRIGGER log_update AFTER UPDATE ON objects BEGIN INSERT INTO write_log (what) VALUES ('update ' || new.id); END;`);
  return { store, writes: () => (spy.prepare('SELECT what FROM write_log ORDER BY n').pluck().all() as string[]) };
}

const H = { authorization: 'Bearer sk_test_write_once', 'content-type': 'application/x-www-form-urlencoded' };

test('a PaymentIntent confirmed at creation is written once, its charge, payment method and balance transaction once each', async () => {
  const { store, writes } = loggedStore();
  const app = createSandboxApp({ store });
  cleanup.push(() => app.close());
  const res = await app.respond({ method: 'POST', url: '/v1/payment_intents', headers: H, body: 'amount=2000&currency=usd&payment_method=pm_card_visa&payment_method_types[]=card&confirm=true' });
  expect(res.status).toBe(200);
  const pi = JSON.parse(res.body) as StripeObject;
  expect(pi.status).toBe('succeeded');
  const log = writes();
  expect(log.filter((w) => w.startsWith('update '))).toEqual([]);
  expect(log.filter((w) => w === `insert ${pi.id}`)).toHaveLength(1);
  expect(log).toHaveLength(4);
  // What was written is the final state.
  const stored = await app.respond({ method: 'GET', url: `/v1/payment_intents/${pi.id}`, headers: H, body: '' });
  expect(JSON.parse(stored.body)).toEqual(pi);
});

describe('reads inside the transaction see objects not yet written', () => {
  const thing = (i: number, created = 100) => ({ id: `thg_${i}`, object: 'thing', created, n: i, color: 'red' });

  test('get, update, list (in insertion order on tied created), min, scan, search, remove', () => {
    const { store } = loggedStore();
    store.transaction('a', (tx) => {
      tx.insert('thing', thing(1));
      tx.insert('thing', thing(2));
      expect(tx.get('thing', 'thg_1')).toEqual(thing(1));
      expect(tx.get('other', 'thg_1')).toBeUndefined();
      tx.update('thing', { ...thing(1), color: 'blue' });
      expect(tx.get<StripeObject>('thing', 'thg_1')!.color).toBe('blue');
      expect(tx.list('thing', { limit: 10 }).data.map((o) => o.id)).toEqual(['thg_2', 'thg_1']);
      tx.insert('thing', thing(3, 50));
      expect(tx.min('thing', 'created', {})).toBe(50);
      tx.insert('thing', thing(4));
      expect(tx.scan('thing').map((o) => o.id)).toEqual(['thg_4', 'thg_2', 'thg_1', 'thg_3']);
      tx.insert('thing', thing(5));
      tx.remove('thing', 'thg_5');
      expect(tx.get('thing', 'thg_5')).toBeUndefined();
      expect(() => tx.update('thing', thing(6))).toThrow('update of a missing thing: thg_6');
    });
    store.transaction('a', (tx) => expect(tx.list('thing', { limit: 10 }).data.map((o) => [o.id, o.color])).toEqual([['thg_4', 'red'], ['thg_2', 'red'], ['thg_1', 'blue'], ['thg_3', 'red']]));
  });

  test('a rolled-back transaction writes nothing; a committing error writes what it inserted', () => {
    const { store, writes } = loggedStore();
    expect(() =>
      store.transaction('a', (tx) => {
        tx.insert('thing', thing(1));
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(writes()).toEqual([]);
    expect(() =>
      store.transaction('a', (tx) => {
        tx.insert('thing', thing(2));
        throw Object.assign(new StripeError(402, { type: 'card_error', message: 'declined' }), { commit: true });
      }),
    ).toThrow('declined');
    expect(writes()).toEqual(['insert thg_2']);
  });

  test('the same id inserted twice fails as SQLite fails it, and the transaction rolls back', () => {
    const { store, writes } = loggedStore();
    expect(() =>
      store.transaction('a', (tx) => {
        tx.insert('thing', thing(1));
        tx.insert('thing', thing(1));
      }),
    ).toThrow(/UNIQUE constraint failed: objects\.id/);
    store.transaction('a', (tx) => tx.insert('thing', thing(1)));
    expect(() => store.transaction('a', (tx) => tx.insert('thing', thing(1)))).toThrow(/UNIQUE constraint failed: objects\.id/);
    expect(writes()).toEqual(['insert thg_1']);
  });
});
