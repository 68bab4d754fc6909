// List responses splice the items' stored JSON into the envelope: the items are decoded only when a
// route (or expand) reads them, and the bytes are exactly JSON.stringify's either way.
import { afterEach, expect, test, vi } from 'vitest';
import { openStore, type Store } from '../../src/sandbox/store/sqlite.js';
import { listEndpoint, listJson } from '../../src/sandbox/core/list.js';
import type { StripeObject, Tx } from '../../src/sandbox/core/types.js';

const open: Store[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const s of open.splice(0)) s.close();
});

function withCustomers(fn: (ctx: never) => void): void {
  const s = openStore({ memory: true, wallClock: () => 1_700_000_000_000 });
  open.push(s);
  s.transaction('acct', (tx) => {
    for (let i = 1; i <= 3; i++) tx.insert('customer', { id: `cus_${i}`, object: 'customer', created: i, name: `C ${i}`, metadata: { i: String(i) } });
    fn({ tx, method: 'GET', path: '/v1/customers', pathParams: {}, params: { limit: '10' }, runTicks: () => {} } as never);
  });
}

test('a list response is written without decoding its items', () => {
  withCustomers((ctx) => {
    const parse = vi.spyOn(JSON, 'parse');
    const env = listEndpoint(ctx, 'customer', { url: '/v1/customers' });
    const text = listJson(env);
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
    // Reading the items decodes them, and serialising the envelope gives the same bytes.
    expect((env.data as StripeObject[]).map((o) => o.id)).toEqual(['cus_3', 'cus_2', 'cus_1']);
    expect(text).toBe(JSON.stringify(env));
  });
});

test('items a route replaces are serialised as replaced', () => {
  withCustomers((ctx) => {
    const env = listEndpoint(ctx, 'customer', { url: '/v1/customers' });
    env.data = (env.data as StripeObject[]).filter((o) => o.id !== 'cus_2');
    expect(listJson(env)).toBeUndefined();
    expect(JSON.parse(JSON.stringify(env)).data.map((o: StripeObject) => o.id)).toEqual(['cus_3', 'cus_1']);
    // Keys and their order are the envelope's own: object, url, has_more, data.
    expect(Object.keys(env)).toEqual(['object', 'url', 'has_more', 'data']);
  });
});

test('the page of Tx.list decodes on first use, once', () => {
  withCustomers((ctx) => {
    const { tx } = ctx as unknown as { tx: Tx };
    const page = tx.list('customer', { limit: 2 });
    expect(page.raw).toEqual([expect.stringContaining('"id":"cus_3"'), expect.stringContaining('"id":"cus_2"')]);
    expect(page.data).toBe(page.data);
    expect(page.data.map((o) => o.id)).toEqual(['cus_3', 'cus_2']);
  });
});
