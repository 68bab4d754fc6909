// The store's indexed filter columns (schema v3), MIN queries, id-only search scans and the v2 → v3
// migration: answers must be exactly what the JSON-path filters and whole-object scans gave before.
import { afterEach, describe, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INDEXED_FIELDS, openStore, type Store } from '../../src/sandbox/store/sqlite.js';
import { parseSearchQuery, type SearchSpec } from '../../src/sandbox/core/search.js';
import type { StripeObject } from '../../src/sandbox/core/types.js';

const open: Store[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function memStore(): Store {
  const s = openStore({ memory: true, wallClock: () => 1_700_000_000_000 });
  open.push(s);
  return s;
}

// Values of every JSON kind in indexed fields: strings, null, missing, numbers, booleans, objects.
const ODD: StripeObject[] = [
  { id: 'ch_1', object: 'charge', created: 1, customer: 'cus_a', status: 'succeeded', type: 'charge' },
  { id: 'ch_2', object: 'charge', created: 2, customer: null, status: 'pending', type: 'refund' },
  { id: 'ch_3', object: 'charge', created: 3, status: 'succeeded' },
  { id: 'ch_4', object: 'charge', created: 4, customer: 'cus_b', status: true, type: 7 },
  { id: 'ch_5', object: 'charge', created: 5, customer: 'cus_a', status: false, type: 7.5, invoice: { id: 'in_x' } },
  { id: 'ch_6', object: 'charge', created: 6, customer: 'CUS_A', status: 'failed', invoice: 'in_1', payment_intent: 'pi_1', charge: 'ch_1' },
  { id: 'ch_7', object: 'charge', created: 7, customer: '', status: 'succeeded', invoice: 'in_2', payment_intent: null },
];

/** What the filters meant before the generated columns: json_extract over the stored text. */
function reference(db: Database.Database, field: string, op: 'eq' | 'null' | 'in' | 'prefix', value?: unknown): string[] {
  const path = `$.${field}`;
  const sql = {
    eq: `json_extract(data, ?) = ?`,
    null: `json_extract(data, ?) IS NULL`,
    in: `json_extract(data, ?) IN (?, ?)`,
    prefix: `substr(json_extract(data, ?), 1, ?) = ?`,
  }[op];
  const args: unknown[] = [path];
  if (op === 'eq') args.push(typeof value === 'boolean' ? (value ? 1 : 0) : value);
  if (op === 'in') args.push(...(value as unknown[]));
  if (op === 'prefix') args.push(String(value).length, value);
  return (db.prepare(`SELECT id FROM objects WHERE type = 'charge' AND ${sql} ORDER BY created DESC, seq DESC`).all(...args) as Array<{ id: string }>).map((r) => r.id);
}

describe('indexed filter columns', () => {
  test('where / null / whereIn / wherePrefix on indexed fields give the json_extract answers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payctl-idx-'));
    dirs.push(dir);
    const file = join(dir, 'sandbox.db');
    const s = openStore({ path: file });
    open.push(s);
    s.transaction('acct', (tx) => {
      for (const o of ODD) tx.insert('charge', { ...o });
      tx.insert('customer', { id: 'cus_a', object: 'customer', created: 1, customer: 'cus_a' }); // other type: never listed
    });
    const db = new Database(file, { readonly: true });
    try {
      const ids = (q: Record<string, unknown>) =>
        s.transaction('acct', (tx) => tx.list('charge', { limit: 100, ...q }).data.map((o) => o.id));
      const cases: Array<[string, unknown]> = [
        ['customer', 'cus_a'],
        ['customer', 'CUS_A'],
        ['customer', ''],
        ['status', 'succeeded'],
        ['status', true],
        ['status', false],
        ['type', 7],
        ['type', 7.5],
        ['type', 'charge'],
        ['invoice', 'in_1'],
        ['payment_intent', 'pi_1'],
        ['charge', 'ch_1'],
      ];
      for (const [field, value] of cases) {
        expect(ids({ where: { [field]: value } }), `${field} = ${String(value)}`).toEqual(reference(db, field, 'eq', value));
      }
      for (const field of INDEXED_FIELDS) {
        expect(ids({ where: { [field]: null } }), `${field} IS NULL`).toEqual(reference(db, field, 'null'));
      }
      expect(ids({ where: { customer: null } })).toEqual(['ch_3', 'ch_2']);
      expect(ids({ whereIn: { status: ['pending', 'failed'] } })).toEqual(reference(db, 'status', 'in', ['pending', 'failed']));
      expect(ids({ wherePrefix: { invoice: 'in_' } })).toEqual(reference(db, 'invoice', 'prefix', 'in_'));
      expect(ids({ wherePrefix: { invoice: 'in_' } })).toEqual(['ch_7', 'ch_6']);
      // Combined with cursors and other (non-indexed) fields.
      expect(ids({ where: { customer: 'cus_a' }, startingAfter: 'ch_5' })).toEqual(['ch_1']);
      expect(ids({ where: { status: 'succeeded', customer: 'cus_a' } })).toEqual(['ch_1']);
    } finally {
      db.close();
    }
  });

  test('filters follow updates and removals', () => {
    const s = memStore();
    const list = (where: Record<string, string>) => s.transaction('a', (tx) => tx.list('payout', { limit: 10, where }).data.map((o) => o.id));
    s.transaction('a', (tx) => {
      tx.insert('payout', { id: 'po_1', object: 'payout', created: 1, status: 'pending' });
      tx.insert('payout', { id: 'po_2', object: 'payout', created: 2, status: 'pending' });
    });
    expect(list({ status: 'pending' })).toEqual(['po_2', 'po_1']);
    s.transaction('a', (tx) => tx.update('payout', { id: 'po_1', object: 'payout', created: 1, status: 'paid' }));
    expect(list({ status: 'pending' })).toEqual(['po_2']);
    expect(list({ status: 'paid' })).toEqual(['po_1']);
    s.transaction('a', (tx) => tx.remove('payout', 'po_2'));
    expect(list({ status: 'pending' })).toEqual([]);
    // Accounts stay apart.
    s.transaction('b', (tx) => tx.insert('payout', { id: 'po_3', object: 'payout', created: 1, status: 'paid' }));
    expect(list({ status: 'paid' })).toEqual(['po_1']);
  });

  test('list queries on an indexed field use its index', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payctl-idx-'));
    dirs.push(dir);
    const file = join(dir, 'sandbox.db');
    openStore({ path: file }).close();
    const db = new Database(file, { readonly: true });
    try {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT data FROM objects WHERE account = ? AND type = ? AND f_customer = ? ORDER BY created DESC, seq DESC LIMIT 11`).all('a', 'charge', 'cus_x') as Array<{ detail: string }>)
        .map((r) => r.detail)
        .join(' ');
      expect(plan).toContain('objects_customer');
    } finally {
      db.close();
    }
  });
});

describe("customers' email list filter", () => {
  test('is exact and case-sensitive, as before the search key narrowed it (non-ASCII, odd JSON types, absent)', () => {
    const s = memStore();
    const emails: unknown[] = ['ada@example.com', 'Ada@Example.com', 'ADA@EXAMPLE.COM', 'zoë@example.com', 'ZOË@example.com', 42, null, undefined, '', 'ada@example.co'];
    s.transaction('a', (tx) => {
      emails.forEach((email, i) => tx.insert('customer', { id: `cus_${i}`, object: 'customer', created: i, ...(email === undefined ? {} : { email }) } as StripeObject));
    });
    s.transaction('b', (tx) => tx.insert('customer', { id: 'cus_other', object: 'customer', created: 1, email: 'ada@example.com' }));
    const list = (email: string) => s.transaction('a', (tx) => tx.list('customer', { limit: 20, where: { email } }).data.map((o) => o.id));
    expect(list('ada@example.com')).toEqual(['cus_0']);
    expect(list('Ada@Example.com')).toEqual(['cus_1']);
    expect(list('zoë@example.com')).toEqual(['cus_3']);
    expect(list('ZOË@example.com')).toEqual(['cus_4']);
    expect(list('')).toEqual(['cus_8']);
    expect(list('nobody@example.com')).toEqual([]);
    // With a cursor and another filter alongside, arguments stay in step with their conditions.
    const page = s.transaction('a', (tx) => tx.list('customer', { limit: 1, where: { email: 'ADA@EXAMPLE.COM' }, created: { gte: 0 } }));
    expect(page.data.map((o) => o.id)).toEqual(['cus_2']);
  });

  test('the narrowing condition can be answered from the customers search index', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payctl-idx-'));
    dirs.push(dir);
    const file = join(dir, 'sandbox.db');
    openStore({ path: file }).close();
    const db = new Database(file, { readonly: true });
    try {
      // The store's SQL for `list('customer', { where: { email } })`; INDEXED BY fails to prepare if the index cannot serve it.
      const sql = `EXPLAIN QUERY PLAN SELECT data FROM objects INDEXED BY objects_search_customers WHERE account = ? AND type = 'customer' AND json_extract(data, ?) = ? AND s_email IN (?, x'00') ORDER BY created DESC, seq DESC LIMIT 11`;
      const plan = (db.prepare(sql).all('a', '$.email', 'ada@example.com', 'ada@example.com') as Array<{ detail: string }>).map((r) => r.detail).join(' ');
      expect(plan).toContain('objects_search_customers');
    } finally {
      db.close();
    }
  });
});

describe('min', () => {
  test('smallest numeric field or created over the matching objects; undefined when none', () => {
    const s = memStore();
    s.transaction('a', (tx) => {
      tx.insert('balance_transaction', { id: 'txn_1', object: 'balance_transaction', created: 10, status: 'pending', available_on: 500 });
      tx.insert('balance_transaction', { id: 'txn_2', object: 'balance_transaction', created: 20, status: 'pending', available_on: 300 });
      tx.insert('balance_transaction', { id: 'txn_3', object: 'balance_transaction', created: 5, status: 'available', available_on: 100 });
      expect(tx.min('balance_transaction', 'available_on', { where: { status: 'pending' } })).toBe(300);
      expect(tx.min('balance_transaction', 'created', { where: { status: 'pending' } })).toBe(10);
      expect(tx.min('balance_transaction', 'available_on', {})).toBe(100);
      expect(tx.min('balance_transaction', 'available_on', { where: { status: 'failed' } })).toBeUndefined();
      expect(tx.min('balance_transaction', 'available_on', { whereIn: { status: [] } })).toBeUndefined();
      expect(tx.min('payout', 'created', {})).toBeUndefined();
    });
    expect(s.transaction('b', (tx) => tx.min('balance_transaction', 'created', {}))).toBeUndefined();
  });
});

describe('search scans ids over the clauses fields only', () => {
  const SPEC: SearchSpec = { email: 'string', name: 'string', amount: 'numeric', created: 'numeric', status: 'token', 'card.last4': 'token', disputed: 'token', metadata: 'metadata' };
  const objs: StripeObject[] = [
    { id: 'x_1', object: 'x', created: 1, email: 'Ann@Example.com', name: 'Ann', amount: 100, status: 'paid', card: { last4: '4242' }, disputed: false, metadata: { order: '7' } },
    { id: 'x_2', object: 'x', created: 2, email: null, name: '', amount: '250', status: 'open', card: null, disputed: true, metadata: {} },
    { id: 'x_3', object: 'x', created: 3, name: 'Bob Example', amount: 99.5, status: 'paid', card: { last4: 4242 }, metadata: { order: 7 } },
    { id: 'x_4', object: 'x', created: 4, email: 'bob@example.org', amount: null, status: 'PAID', card: 'card_x', disputed: 'false', metadata: null },
    { id: 'x_5', object: 'x', created: 5, email: 'straße@example.com', name: 'Kelvin \u212a', amount: 0, status: 'void', card: { last4: '0005' }, metadata: { order: '', other: 'y' } },
  ];
  const queries = [
    "email:'ann@example.com'",
    "email~'EXAMPLE'",
    "email:null",
    "-email:null",
    "name~'exa'",
    "name:'kelvin k'",
    "name:null",
    'amount>99',
    'amount:250',
    'amount<=99.5',
    'amount:null',
    "status:'paid'",
    "-status:'paid'",
    "card.last4:'4242'",
    'card.last4:null',
    "disputed:'false'",
    "disputed:'true'",
    "metadata['order']:'7'",
    "metadata['order']:null",
    "-metadata['other']:'y'",
    "status:'open' OR email~'example.org'",
    "status:'paid' AND -amount:100",
    "email~'straße' or name~'ann'",
    'created>=2 created<5',
  ];
  test.each(queries)('%s', (query) => {
    const s = memStore();
    s.transaction('a', (tx) => {
      for (const o of objs) tx.insert('x', structuredClone(o));
      const p = parseSearchQuery(query, SPEC);
      const byObjects = tx.scan('x', p.matches).map((o) => o.id);
      expect(tx.scanIds('x', p.paths, p.matchesValues)).toEqual(byObjects);
    });
  });
});

describe('migration', () => {
  test('a schema-v2 data file opens: columns and indexes added, rows kept and filterable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payctl-mig-'));
    dirs.push(dir);
    const file = join(dir, 'sandbox.db');
    // The v2 schema exactly as shipped before the indexed columns.
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec(`
CREATE TABLE objects (seq INTEGER PRIMARY KEY, account TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL UNIQUE, created INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX objects_list ON objects (account, type, created, seq);
CREATE TABLE events (seq INTEGER PRIMARY KEY, account TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL UNIQUE, created INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX events_list ON events (account, type, created, seq);
CREATE TABLE meta (account TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (account, key)) WITHOUT ROWID;
CREATE TABLE idempotency (account TEXT NOT NULL, key TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, params_hash TEXT NOT NULL, status INTEGER, body TEXT, request_id TEXT NOT NULL, created INTEGER NOT NULL, locked_until INTEGER NOT NULL);
CREATE UNIQUE INDEX idempotency_key ON idempotency (account, key);
PRAGMA user_version = 2;`);
    const ins = old.prepare('INSERT INTO objects (account, type, id, created, data) VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < 50; i++) {
      const o = { id: `ch_${i}`, object: 'charge', created: 100 + i, customer: `cus_${i % 5}`, status: i % 3 ? 'succeeded' : 'failed' };
      ins.run('acct', 'charge', o.id, o.created, JSON.stringify(o));
    }
    old.prepare("INSERT INTO meta VALUES ('acct', 'clock_offset', '42')").run();
    old.prepare("INSERT INTO idempotency VALUES ('acct', 'k1', 'POST', '/v1/x', 'h', 200, '{}', 'req_1', 1, 2)").run();
    old.close();

    const s = openStore({ path: file, wallClock: () => 1_700_000_000_000 });
    open.push(s);
    const got = s.transaction('acct', (tx) => {
      const ids = tx.list('charge', { limit: 100, where: { customer: 'cus_3', status: 'succeeded' } }).data.map((o) => o.id);
      return { ids, offset: tx.getMeta('clock_offset'), idem: tx.idempotencyGet('k1')?.requestId, count: tx.scan('charge').length };
    });
    const want = Array.from({ length: 50 }, (_, i) => i)
      .filter((i) => i % 5 === 3 && i % 3 !== 0)
      .reverse()
      .map((i) => `ch_${i}`);
    expect(got).toEqual({ ids: want, offset: '42', idem: 'req_1', count: 50 });
    // New rows are filterable too, and reopening (already v3) changes nothing.
    s.transaction('acct', (tx) => tx.insert('charge', { id: 'ch_new', object: 'charge', created: 999, customer: 'cus_3', status: 'succeeded' }));
    s.close();
    const again = openStore({ path: file });
    open.push(again);
    expect(again.transaction('acct', (tx) => tx.list('charge', { limit: 3, where: { customer: 'cus_3' } }).data.map((o) => o.id))).toEqual(['ch_new', 'ch_48', 'ch_43']);

    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(4);
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'objects'").all() as Array<{ name: string }>).map((r) => r.name);
      for (const f of INDEXED_FIELDS) expect(indexes).toContain(`objects_${f}`);
    } finally {
      db.close();
    }
  });

  test('rows written without knowing the columns (an older payctl on a v3 file) are still found', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payctl-mig-'));
    dirs.push(dir);
    const file = join(dir, 'sandbox.db');
    openStore({ path: file }).close();
    const raw = new Database(file);
    raw.prepare('INSERT INTO objects (account, type, id, created, data) VALUES (?, ?, ?, ?, ?)').run('acct', 'charge', 'ch_old', 1, JSON.stringify({ id: 'ch_old', object: 'charge', created: 1, customer: 'cus_z' }));
    raw.close();
    const s = openStore({ path: file });
    open.push(s);
    expect(s.transaction('acct', (tx) => tx.list('charge', { limit: 10, where: { customer: 'cus_z' } }).data.map((o) => o.id))).toEqual(['ch_old']);
  });
});
