// Search through SQL search keys (schema v4): on random data with every awkward value (case, non-ASCII,
// numbers in text fields, booleans, objects, null, absent, odd metadata), the ids found must be exactly
// what the query's own matcher picks from a scan of whole objects; and the common clauses use an index.
import { afterEach, describe, expect, test } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileSearch, openStore, type Store } from '../../src/sandbox/store/sqlite.js';
import { parseSearchQuery, type SearchSpec } from '../../src/sandbox/core/search.js';
import type { StripeObject } from '../../src/sandbox/core/types.js';

const open: Store[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Deterministic PRNG (mulberry32), so a failure reproduces. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['amy', 'Amy', 'AMY', 'bob', 'Bob@Example.com', 'amy@example.com', 'cy rosen', '', 'ÉLAN', 'élan', '\u212Aelvin', 'kelvin', 'İstanbul', 'i̇stanbul', 'succeeded', 'failed', 'pending', '42', '7', '1500', 'x"y', "o'neil"];
const ODD = [null, true, false, 0, 7, 1500, 2500.5, -3, 9007199254740993, { id: 'x' }, ['a'], ['42']];

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** A field value: mostly words or numbers, sometimes odd JSON, sometimes absent (undefined). */
function value(r: () => number, numeric: boolean): unknown {
  const x = r();
  if (x < 0.1) return undefined;
  if (x < 0.25) return pick(r, ODD);
  if (numeric) return x < 0.35 ? pick(r, ['1500', '', '12abc', '2500']) : Math.floor(r() * 4000) - 100;
  return pick(r, WORDS);
}

function metadata(r: () => number): unknown {
  const x = r();
  if (x < 0.08) return undefined;
  if (x < 0.14) return pick(r, [null, 'text', ['a'], 42]);
  const m: Record<string, unknown> = {};
  for (const k of ['order', 'two words', 'k"q', 'constructor', 'n']) if (r() < 0.5) m[k] = r() < 0.85 ? pick(r, WORDS) : pick(r, ODD);
  return m;
}

function randomObject(r: () => number, type: string, i: number): StripeObject {
  const o: StripeObject = { id: `${type}_${i}`, object: type, created: 1000 + Math.floor(r() * 50) };
  const set = (k: string, v: unknown) => {
    if (v !== undefined) o[k] = v;
  };
  set('email', value(r, false));
  set('name', value(r, false));
  set('phone', value(r, false));
  set('status', value(r, false));
  set('customer', value(r, false));
  set('currency', value(r, false));
  set('amount', value(r, true));
  set('total', value(r, true));
  set('metadata', metadata(r));
  if (r() < 0.7) o.payment_method_details = r() < 0.8 ? { card: { last4: value(r, false) } } : pick(r, ODD);
  return o;
}

const SPEC: SearchSpec = {
  amount: 'numeric',
  created: 'numeric',
  currency: 'token',
  customer: 'token',
  email: 'string',
  metadata: 'metadata',
  name: 'string',
  phone: 'string',
  status: 'token',
  total: 'numeric',
  'payment_method_details.card.last4': 'token',
};

function randomClause(r: () => number): string {
  const neg = r() < 0.2 ? '-' : '';
  const field = pick(r, Object.keys(SPEC));
  const kind = SPEC[field]!;
  const quote = (w: string) => `'${w.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const lhs = kind === 'metadata' ? `metadata[${JSON.stringify(pick(r, ['order', 'two words', 'k"q', 'constructor', 'n', 'none']))}]` : field;
  if (r() < 0.12) return `${neg}${lhs}:null`;
  if (kind === 'numeric') {
    const op = pick(r, [':', '>', '<', '>=', '<=']);
    return `${neg}${lhs}${op}${field === 'created' ? 1000 + Math.floor(r() * 50) : pick(r, [0, 7, 1500, 2500.5, -3, 1000, 2000])}`;
  }
  if (kind === 'string' && r() < 0.4) return `${neg}${lhs}~${quote(pick(r, ['amy', 'AMY', 'élan', 'ÉLA', 'kel', 'stanbul', 'example', '150', 'ros']))}`;
  return `${neg}${lhs}:${quote(pick(r, WORDS).replace(/^$/, 'zz') || 'zz')}`;
}

function randomQuery(r: () => number): string {
  const n = 1 + Math.floor(r() * 3);
  const join = r() < 0.3 ? ' OR ' : ' AND ';
  return Array.from({ length: n }, () => randomClause(r)).join(join);
}

describe('search keys', () => {
  // customer and charge search their common fields through indexed columns; invoice computes the keys inline.
  test.each(['customer', 'charge', 'payment_intent', 'invoice'])('%s: 400 random queries give the ids a whole-object scan gives', (type) => {
    const r = rng(type.length * 7919);
    const s = openStore({ memory: true, wallClock: () => 1_700_000_000_000 });
    open.push(s);
    s.transaction('acct_other', (tx) => {
      for (let i = 0; i < 30; i++) tx.insert(type, randomObject(r, type, 10_000 + i));
    });
    s.transaction('acct', (tx) => {
      for (let i = 0; i < 300; i++) tx.insert(type, randomObject(r, type, i));
    });
    let nonEmpty = 0;
    for (let i = 0; i < 400; i++) {
      const query = randomQuery(r);
      const p = parseSearchQuery(query, SPEC);
      s.transaction('acct', (tx) => {
        const expected = tx.scan(type, p.matches).map((o) => o.id);
        expect({ query, ids: tx.searchIds(type, p) }).toEqual({ query, ids: expected });
        // A first page reads only what it returns: the same prefix.
        expect({ query, ids: tx.searchIds(type, p, 3) }).toEqual({ query, ids: expected.slice(0, 3) });
        if (expected.length) nonEmpty++;
      });
    }
    expect(nonEmpty).toBeGreaterThan(100);
  });

  test.each<[unknown, string]>([
    [9007199254740993, '9007199254740992'], // String() of the parsed number, not its JSON text
    [['a', 'b'], 'a,b'],
    [{ id: 'x' }, '[object Object]'],
    [true, 'true'],
    [1e21, '1e+21'],
  ])("metadata['n'] holding %j matches '%s' as the scan does", (value, query) => {
    const s = openStore({ memory: true, wallClock: () => 1_700_000_000_000 });
    open.push(s);
    const p = parseSearchQuery(`metadata['n']:'${query}'`, SPEC);
    s.transaction('acct', (tx) => {
      tx.insert('customer', { id: 'cus_1', object: 'customer', created: 1, metadata: { n: value } });
      tx.insert('customer', { id: 'cus_2', object: 'customer', created: 2, metadata: { n: 'other' } });
      expect(tx.scan('customer', p.matches).map((o) => o.id)).toEqual(['cus_1']);
      expect(tx.searchIds('customer', p)).toEqual(['cus_1']);
    });
  });

  test('updated and removed objects are found by their current values', () => {
    const s = openStore({ memory: true, wallClock: () => 1_700_000_000_000 });
    open.push(s);
    const q = parseSearchQuery("email:'new@example.com'", SPEC);
    s.transaction('acct', (tx) => {
      tx.insert('customer', { id: 'cus_1', object: 'customer', created: 1, email: 'old@example.com' });
      tx.insert('customer', { id: 'cus_2', object: 'customer', created: 2, email: 'NEW@example.com' });
      expect(tx.searchIds('customer', q)).toEqual(['cus_2']);
      tx.update('customer', { id: 'cus_1', object: 'customer', created: 1, email: 'New@Example.com' });
      tx.remove('customer', 'cus_2');
      expect(tx.searchIds('customer', q)).toEqual(['cus_1']);
    });
  });

  test.each<[string, string, string]>([
    ['customer', "email:'amy@example.com'", 'USING INDEX objects_search_customers (account=? AND type=? AND s_email=?)'],
    ['customer', "name~'amy'", 'USING INDEX objects_search_customers'],
    ['customer', "metadata['order']:'42'", 'USING INDEX objects_search_customers'],
    ['charge', "status:'succeeded'", 'USING INDEX objects_search_payments'],
    ['charge', 'amount>1000', 'USING INDEX objects_search_payments'],
    ['charge', "customer:'cus_1' AND status:'failed'", 'USING INDEX objects_search_payments (account=? AND type=? AND s_customer=?)'],
    ['payment_intent', "status:'succeeded' OR metadata['k']:'v'", 'USING INDEX objects_search_payments'],
  ])('%s %s reads index %s', (type, query, index) => {
    const dir = mkdtempSync(join(tmpdir(), 'payctl-search-'));
    dirs.push(dir);
    const file = join(dir, 'sandbox.db');
    openStore({ path: file }).close();
    const db = new Database(file, { readonly: true });
    try {
      const c = compileSearch('acct', type, parseSearchQuery(query, SPEC))!;
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).all(c.args) as Array<{ detail: string }>).map((x) => x.detail).join('\n');
      expect(plan).toContain(index);
    } finally {
      db.close();
    }
  });
});

describe('searches take turns', () => {
  test('a request of another account is answered before searches that arrived with it, and searches run one per loop turn', async () => {
    const { createSandboxApp } = await import('../../src/sandbox/app.js');
    const s = openStore({ memory: true });
    open.push(s);
    const app = createSandboxApp({ store: s });
    try {
      const get = (key: string, url: string) => app.respond({ method: 'GET', url, headers: { authorization: `Bearer ${key}` }, body: '' });
      const order: string[] = [];
      const searches = [1, 2, 3, 4].map((i) =>
        get('sk_test_big', `/v1/customers/search?query=${encodeURIComponent("email~'exa'")}`).then((r) => order.push(`search${i}:${r.status}`)),
      );
      const balance = get('sk_test_other', '/v1/balance').then((r) => order.push(`balance:${r.status}`));
      // An I/O-like callback queued now: the loop reaches it between two searches, not after all four.
      const between = new Promise<void>((resolve) => setTimeout(() => resolve(), 0)).then(() => order.push('timer'));
      // Make that timer due before the loop's first turn, however fast or loaded this machine is: without
      // turns, all four searches would still finish in this tick's microtasks, before any timer.
      const until = Date.now() + 5;
      while (Date.now() < until) {
        // spin
      }
      await Promise.all([...searches, balance, between]);
      expect(order[0]).toBe('balance:200');
      expect(order.indexOf('timer')).toBeLessThan(order.indexOf('search4:200'));
      expect(order.filter((x) => x.startsWith('search'))).toEqual(['search1:200', 'search2:200', 'search3:200', 'search4:200']);
    } finally {
      app.close();
    }
  });
});

describe('search pages', () => {
  test('a first page read up to limit + 1 says has_more and its next_page continues after it', async () => {
    const { createSandboxApp } = await import('../../src/sandbox/app.js');
    const s = openStore({ memory: true });
    open.push(s);
    const app = createSandboxApp({ store: s });
    try {
      const call = async (method: string, url: string, body = '') => {
        const r = await app.respond({ method, url, headers: { authorization: 'Bearer sk_test_pages', 'content-type': 'application/x-www-form-urlencoded' }, body });
        return JSON.parse(r.body);
      };
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.unshift((await call('POST', '/v1/customers', `email=p${i}%40example.com`)).id);
      const q = encodeURIComponent("email~'@example'");
      const first = await call('GET', `/v1/customers/search?query=${q}&limit=2`);
      expect({ has_more: first.has_more, ids: first.data.map((c: { id: string }) => c.id), total: first.total_count }).toEqual({ has_more: true, ids: ids.slice(0, 2), total: undefined });
      const second = await call('GET', `/v1/customers/search?query=${q}&limit=2&page=${first.next_page}`);
      expect(second.data.map((c: { id: string }) => c.id)).toEqual(ids.slice(2, 4));
      const third = await call('GET', `/v1/customers/search?query=${q}&limit=2&page=${second.next_page}`);
      expect({ has_more: third.has_more, next: third.next_page, ids: third.data.map((c: { id: string }) => c.id) }).toEqual({ has_more: false, next: null, ids: ids.slice(4) });
      const exact = await call('GET', `/v1/customers/search?query=${q}&limit=5`);
      expect({ has_more: exact.has_more, n: exact.data.length }).toEqual({ has_more: false, n: 5 });
    } finally {
      app.close();
    }
  });
});

describe('list responses reuse the stored JSON', () => {
  test('listJson gives exactly JSON.stringify of the envelope, and nothing for an envelope a route rebuilt', async () => {
    const { listEndpoint, listJson } = await import('../../src/sandbox/core/list.js');
    const s = openStore({ memory: true, wallClock: () => 1_700_000_000_000 });
    open.push(s);
    s.transaction('acct', (tx) => {
      const awkward = JSON.parse('{"__proto__":{"x":1},"ok":true}');
      tx.insert('customer', { id: 'cus_1', object: 'customer', created: 1, name: 'Ünïcödé \u2028 "q" \\ \ud83d\ude00', metadata: awkward, n: 1e21, f: 0.1 });
      tx.insert('customer', { id: 'cus_2', object: 'customer', created: 2, name: null, nested: { a: [1, { b: null }] } });
      const ctx = { tx, method: 'GET', path: '/v1/customers', pathParams: {}, params: { limit: '5' }, runTicks: () => {} } as never;
      const env = listEndpoint(ctx, 'customer', { url: '/v1/customers' });
      expect(listJson(env)).toBe(JSON.stringify(env));
      expect(listJson({ ...env, data: (env.data as StripeObject[]).map((o) => ({ ...o })) })).toBeUndefined();
      const empty = listEndpoint({ ...(ctx as object), params: { created: { gt: '5' } } } as never, 'customer', { url: '/v1/customers' });
      expect(listJson(empty)).toBe(JSON.stringify(empty));
    });
  });
});
