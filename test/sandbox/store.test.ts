// The SQLite store: newest-first lists with both cursors, filters, transactions, clock, persistence.
import { afterEach, describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '../../src/sandbox/store/sqlite.js';
import { StripeError, invalidRequest } from '../../src/sandbox/core/errors.js';
import type { StripeObject } from '../../src/sandbox/core/types.js';

const open: Store[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function memStore(wall = () => 1_700_000_000_000): Store {
  const s = openStore({ memory: true, wallClock: wall });
  open.push(s);
  return s;
}

/** Inserts n things; created times step by `step` seconds (0 = all tied, ordering by insertion). */
function seed(s: Store, account: string, n: number, step = 1): string[] {
  return s.transaction(account, (tx) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const o = tx.insert('thing', { id: `thg_${account}_${i}`, object: 'thing', created: 1000 + i * step, n: i, color: i % 2 ? 'red' : 'blue', nested: { ok: i % 3 === 0 } });
      ids.push(o.id);
    }
    return ids;
  });
}

describe('list', () => {
  test.each([
    ['distinct created', 1],
    ['tied created (insertion order breaks ties)', 0],
  ])('newest first, both cursors and has_more (%s)', (_name, step) => {
    const s = memStore();
    const ids = seed(s, 'a', 7, step);
    const newest = [...ids].reverse(); // 6..0
    s.transaction('a', (tx) => {
      const page = (q: Parameters<typeof tx.list>[1]) => {
        const p = tx.list('thing', q);
        return [p.data.map((o) => o.id), p.hasMore];
      };
      expect(page({ limit: 3 })).toEqual([newest.slice(0, 3), true]);
      expect(page({ limit: 3, startingAfter: newest[2] })).toEqual([newest.slice(3, 6), true]);
      expect(page({ limit: 3, startingAfter: newest[5] })).toEqual([newest.slice(6), false]);
      expect(page({ limit: 7 })).toEqual([newest, false]);
      // ending_before: the objects just newer than the cursor, still newest first.
      expect(page({ limit: 2, endingBefore: newest[4] })).toEqual([newest.slice(2, 4), true]);
      expect(page({ limit: 2, endingBefore: newest[2] })).toEqual([newest.slice(0, 2), false]);
      expect(page({ limit: 5, endingBefore: newest[1] })).toEqual([newest.slice(0, 1), false]);
      expect(page({ limit: 3, startingAfter: newest[6] })).toEqual([[], false]);
    });
  });

  test('created ranges, where on dotted fields, numeric ranges, whereIn, wherePrefix', () => {
    const s = memStore();
    const ids = seed(s, 'a', 6);
    s.transaction('a', (tx) => {
      const ids_ = (q: Omit<Parameters<typeof tx.list>[1], 'limit'>) => tx.list('thing', { limit: 100, ...q }).data.map((o) => o.n);
      expect(ids_({ created: { gte: 1002, lt: 1004 } })).toEqual([3, 2]);
      expect(ids_({ created: { eq: 1005 } })).toEqual([5]);
      expect(ids_({ where: { color: 'red' } })).toEqual([5, 3, 1]);
      expect(ids_({ where: { 'nested.ok': true } })).toEqual([3, 0]);
      expect(ids_({ where: { color: 'red', 'nested.ok': true } })).toEqual([3]);
      expect(ids_({ ranges: { n: { gt: 3 } } })).toEqual([5, 4]);
      expect(ids_({ whereIn: { n: [1, 4] } })).toEqual([4, 1]);
      expect(ids_({ wherePrefix: { color: 're' } })).toEqual([5, 3, 1]);
      expect(ids_({ where: { missing: null } })).toEqual([5, 4, 3, 2, 1, 0]);
      expect(tx.list('thing', { limit: 2, where: { color: 'red' }, startingAfter: ids[5] }).data.map((o) => o.n)).toEqual([3, 1]);
    });
  });

  test('accounts are isolated', () => {
    const s = memStore();
    seed(s, 'a', 2);
    seed(s, 'b', 3);
    expect(s.transaction('a', (tx) => tx.scan('thing').length)).toBe(2);
    expect(s.transaction('b', (tx) => tx.list('thing', { limit: 10 }).data.length)).toBe(3);
    expect(s.transaction('b', (tx) => tx.get('thing', 'thg_a_0'))).toBeUndefined();
  });
});

describe('transactions', () => {
  test('a thrown error rolls back; a StripeError with commit=true commits and still throws', () => {
    const s = memStore();
    expect(() =>
      s.transaction('a', (tx) => {
        tx.insert('thing', { id: 'thg_1', object: 'thing' });
        throw invalidRequest('nope');
      }),
    ).toThrow('nope');
    expect(s.transaction('a', (tx) => tx.get('thing', 'thg_1'))).toBeUndefined();
    const committed = new StripeError(402, { type: 'card_error', message: 'declined' }, { commit: true });
    expect(() =>
      s.transaction('a', (tx) => {
        tx.insert('thing', { id: 'thg_2', object: 'thing' });
        throw committed;
      }),
    ).toThrow('declined');
    expect(s.transaction('a', (tx) => tx.get('thing', 'thg_2'))?.id).toBe('thg_2');
  });

  test('update, remove, meta, emit and the clock offset', () => {
    const s = memStore(() => 1_700_000_000_500);
    s.transaction('a', (tx) => {
      expect(tx.now()).toBe(1_700_000_000);
      const o = tx.insert<StripeObject>('thing', { id: 'thg_1', object: 'thing' });
      expect(o.created).toBe(1_700_000_000);
      tx.update('thing', { ...o, color: 'green' });
      expect(tx.get('thing', 'thg_1')?.color).toBe('green');
      expect(() => tx.update('thing', { id: 'thg_nope', object: 'thing' })).toThrow();
      tx.setMeta('clock_offset', '86400');
      expect(tx.now()).toBe(1_700_086_400);
      tx.emit('thing.updated', { ...o, color: 'green' }, { color: null });
      tx.remove('thing', 'thg_1');
      expect(tx.get('thing', 'thg_1')).toBeUndefined();
    });
    s.transaction('a', (tx) => {
      expect(tx.now()).toBe(1_700_086_400);
      const [evt] = tx.scan('event');
      expect(evt).toMatchObject({
        object: 'event',
        type: 'thing.updated',
        created: 1_700_086_400,
        livemode: false,
        pending_webhooks: 0,
        data: { object: { id: 'thg_1', color: 'green' }, previous_attributes: { color: null } },
        request: { id: null, idempotency_key: null },
      });
    });
    expect(s.transaction('b', (tx) => tx.now())).toBe(1_700_000_000); // offsets are per account
  });

  test('wallClock given in seconds is accepted too', () => {
    const s = memStore(() => 1_700_000_123);
    expect(s.transaction('a', (tx) => tx.now())).toBe(1_700_000_123);
  });
});

describe('persistence', () => {
  test('data survives closing and reopening the file; reset wipes it; stats counts it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payctl-store-'));
    dirs.push(dir);
    const path = join(dir, 'sandbox.db');
    const a = openStore({ path });
    seed(a, 'acct_x', 3);
    a.transaction('acct_x', (tx) => tx.setMeta('clock_offset', '60'));
    a.close();

    const b = openStore({ path });
    open.push(b);
    expect(b.transaction('acct_x', (tx) => tx.list('thing', { limit: 10 }).data.map((o) => o.n))).toEqual([2, 1, 0]);
    expect(b.transaction('acct_x', (tx) => tx.getMeta('clock_offset'))).toBe('60');
    const st = b.stats();
    expect(st).toMatchObject({ path, accounts: 1, objects: { thing: 3 }, events: 0, idempotencyKeys: 0 });
    expect(st.sizeBytes).toBeGreaterThan(0);
    expect(statSync(path).isFile()).toBe(true);
    b.reset();
    expect(b.stats()).toMatchObject({ accounts: 0, objects: {} });
  });

  test('two handles on one file (two processes) see each other and do not deadlock', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payctl-store-'));
    dirs.push(dir);
    const path = join(dir, 'sandbox.db');
    const a = openStore({ path });
    const b = openStore({ path });
    open.push(a, b);
    seed(a, 'acct', 2);
    expect(b.transaction('acct', (tx) => tx.scan('thing').length)).toBe(2);
    b.transaction('acct', (tx) => tx.insert('thing', { id: 'thg_b', object: 'thing' }));
    expect(a.transaction('acct', (tx) => tx.get('thing', 'thg_b'))?.id).toBe('thg_b');
  });
});
