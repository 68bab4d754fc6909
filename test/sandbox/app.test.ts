// The HTTP core: auth, routing, headers, error envelope, expand, idempotency, faults and the clock.
import { afterEach, describe, expect, test } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { accountForKey, createSandboxApp, maskKey, rememberAccount, type FaultOptions } from '../../src/sandbox/app.js';
import { openStore } from '../../src/sandbox/store/sqlite.js';
import { allRoutes } from '../../src/sandbox/routes/index.js';
import { invalidRequest } from '../../src/sandbox/core/errors.js';
import { validate } from '../../src/sandbox/core/validate.js';
import { registerIncludable } from '../../src/sandbox/core/expand.js';
import type { RouteDef, Tick } from '../../src/sandbox/core/types.js';

/** An app over the real routes plus test-only ones, on 127.0.0.1:0. */
async function startCustom(opts: { routes?: RouteDef[]; ticks?: Tick[]; faults?: FaultOptions } = {}) {
  const store = openStore({ memory: true });
  const logs: string[] = [];
  const app = createSandboxApp({ store, routes: [...allRoutes, ...(opts.routes ?? [])], ticks: opts.ticks ?? [], faults: opts.faults, log: (l) => logs.push(l) });
  const server: Server = createServer(app.handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    store,
    logs,
    close: async () => {
      app.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      store.close();
    },
  };
}

const sb = useTestSandbox();
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function call(method: string, path: string, opts: { key?: string | null; body?: string; headers?: Record<string, string>; base?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', ...(opts.headers ?? {}) };
  if (opts.key !== null) headers.authorization = `Bearer ${opts.key ?? newTestKey()}`;
  const res = await fetch((opts.base ?? sb.url) + path, { method, headers, body: opts.body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text) as any };
}

describe('auth', () => {
  test.each<[string, Record<string, string>, RegExp]>([
    ['no header', {}, /^You did not provide an API key\. You need to provide your API key in the Authorization header, using Bearer auth/],
    ['empty bearer', { authorization: 'Bearer ' }, /^You did not provide an API key/],
    ['unknown scheme', { authorization: 'Token sk_test_abc' }, /^Invalid API Key provided: /],
    ['malformed key', { authorization: 'Bearer sk_test_' }, /^Invalid API Key provided: sk_test_/],
    ['wrong kind of key', { authorization: 'Bearer xx_test_abcdefgh' }, /^Invalid API Key provided: xx_test_\*+efgh$/],
    ['live secret key', { authorization: 'Bearer sk_l\u0069ve_abcdef123456' }, /test-mode sandbox: live keys are refused \(sk_live_\*+3456\)/],
    ['live restricted key', { authorization: 'Bearer rk_live_abcdef123456' }, /live keys are refused/],
    ['publishable key', { authorization: 'Bearer pk_test_abcdef' }, /publishable API key/],
  ])('%s → 401', async (_name, headers, message) => {
    const r = await call('GET', '/v1/customers', { key: null, headers });
    expect(r.status).toBe(401);
    expect(r.json.error.type).toBe('invalid_request_error');
    expect(r.json.error.message).toMatch(message);
    expect(r.json.error.code).toBeUndefined();
    expect(r.headers.get('request-id')).toMatch(/^req_/);
  });

  test('Bearer and Basic auth name the same account; different keys are isolated; rk_test_ works', async () => {
    const key = newTestKey();
    const created = await call('POST', '/v1/customers', { key, body: 'name=Basic' });
    const basic = await call('GET', '/v1/customers', { key: null, headers: { authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` } });
    expect(basic.status).toBe(200);
    expect(basic.json.data.map((c: any) => c.id)).toEqual([created.json.id]);
    const other = await call('GET', '/v1/customers', { key: newTestKey() });
    expect(other.json.data).toEqual([]);
    const miss = await call('GET', `/v1/customers/${created.json.id}`, { key: newTestKey() });
    expect(miss.status).toBe(404);
    const rk = await call('GET', '/v1/customers', { key: 'rk_test_restricted123' });
    expect(rk.status).toBe(200);
  });

  test('account ids are stable per key and masking keeps the last four', () => {
    expect(accountForKey('sk_test_abc')).toBe(accountForKey('sk_test_abc'));
    expect(accountForKey('sk_test_abc')).not.toBe(accountForKey('sk_test_abd'));
    expect(accountForKey('sk_test_abc')).toMatch(/^acct_[A-Za-z0-9]{16}$/);
    expect(maskKey('sk_test_1234567890')).toBe('sk_test_******7890');
  });
});

describe('routing, headers and errors', () => {
  test('unknown route → 404 with the Stripe message; wrong method too', async () => {
    const r = await call('GET', '/v1/foo');
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      error: {
        type: 'invalid_request_error',
        message: 'Unrecognized request URL (GET: /v1/foo). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.',
        request_log_url: `https://dashboard.stripe.com/test/logs/${r.headers.get('request-id')}`,
      },
    });
    expect((await call('PUT', '/v1/customers')).status).toBe(404);
  });

  test('response headers: Request-Id, Stripe-Version (served one or default, never an unserved echo), JSON content type', async () => {
    const a = await call('GET', '/v1/customers');
    expect(a.headers.get('content-type')).toBe('application/json');
    expect(a.headers.get('stripe-version')).toBe('2026-10-28.endive');
    expect(a.headers.get('request-id')).toMatch(/^req_[A-Za-z0-9]{14}$/);
    const served = await call('GET', '/v1/customers', { headers: { 'stripe-version': '2026-10-28.endive' } });
    expect([served.status, served.headers.get('stripe-version')]).toEqual([200, '2026-10-28.endive']);
    const old = await call('GET', '/v1/customers', { headers: { 'stripe-version': '2024-06-20' } });
    expect(old.status).toBe(400);
    expect(old.headers.get('stripe-version')).toBe('2026-10-28.endive');
    expect(old.json.error).toMatchObject({
      type: 'invalid_request_error',
      message:
        "Stripe API version 2024-06-20 is not served by this sandbox: it renders objects at 2026-10-28.endive only. Send that Stripe-Version header or none (e.g. payctl --stripe-version, or the SDK's apiVersion option).",
    });
    const bad = await call('GET', '/v1/customers', { headers: { 'stripe-version': 'yesterday' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toBe('Invalid Stripe API version: yesterday');
  });

  test('literal segments beat params; path params are passed; list url and limit checks', async () => {
    const key = newTestKey();
    const s = await call('GET', "/v1/customers/search?query=name:'x'", { key });
    expect(s.json.object).toBe('search_result');
    const bad = await call('GET', '/v1/customers?limit=101', { key });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ param: 'limit' });
    const both = await call('GET', '/v1/customers?starting_after=cus_a&ending_before=cus_b', { key });
    expect(both.json.error).toMatchObject({ code: 'parameters_exclusive' });
    const cursor = await call('GET', '/v1/customers?starting_after=cus_nope', { key });
    expect(cursor.status).toBe(400);
    expect(cursor.json.error).toMatchObject({ code: 'resource_missing', param: 'starting_after', message: "No such customer: 'cus_nope'" });
  });

  test('unexpected exceptions → 500 api_error without a stack, logged; StripeError → its status', async () => {
    const srv = await startCustom({
      routes: [
        { method: 'GET', pattern: '/v1/boom', handler: () => { throw new TypeError('secret internals'); } },
        { method: 'GET', pattern: '/v1/teapot', handler: () => { throw invalidRequest('short and stout', { status: 418, code: 'teapot' }); } },
        { method: 'GET', pattern: '/v1/explicit', handler: () => ({ status: 202, body: { accepted: true } }) },
      ],
    });
    closers.push(srv.close);
    const r = await call('GET', '/v1/boom', { base: srv.url });
    expect(r.status).toBe(500);
    expect(r.json.error.type).toBe('api_error');
    expect(r.text).not.toContain('secret internals');
    expect(r.text).not.toContain('at ');
    expect(srv.logs.join('\n')).toContain('TypeError: secret internals');
    const t = await call('GET', '/v1/teapot', { base: srv.url });
    expect(t.status).toBe(418);
    expect(t.json.error).toEqual({
      type: 'invalid_request_error',
      message: 'short and stout',
      code: 'teapot',
      doc_url: 'https://stripe.com/docs/error-codes/teapot',
      request_log_url: `https://dashboard.stripe.com/test/logs/${t.headers.get('request-id')}`,
    });
    const e = await call('GET', '/v1/explicit', { base: srv.url });
    expect([e.status, e.json]).toEqual([202, { accepted: true }]);
  });
});

describe('expand', () => {
  test('ID fields, nested paths, lists with data., includables, deleted stubs, errors', async () => {
    registerIncludable('widget', 'extras', (_tx, w) => ({ object: 'list', data: [{ owner: w.id }], has_more: false, url: `/v1/widgets/${w.id}/extras` }));
    const srv = await startCustom({
      routes: [
        { method: 'GET', pattern: '/v1/widgets/:id', handler: (ctx) => ctx.tx.get('widget', ctx.pathParams.id!)! },
        { method: 'POST', pattern: '/v1/widgets', handler: (ctx) => {
          const v = validate(ctx.params, { customer: 'string', parent: 'string' });
          return ctx.tx.insert('widget', { id: ctx.tx.ids.make('wid'), object: 'widget', customer: v.customer ?? null, parent: v.parent ?? null, count: 3 });
        } },
      ],
    });
    closers.push(srv.close);
    const key = newTestKey();
    const cus = (await call('POST', '/v1/customers', { key, body: 'name=Owner', base: srv.url })).json;
    const evt = (await call('GET', '/v1/events', { key, base: srv.url })).json.data[0];
    const w = (await call('POST', '/v1/widgets', { key, body: `customer=${cus.id}&parent=${evt.id}`, base: srv.url })).json;
    expect(w.customer).toBe(cus.id);

    const e1 = await call('GET', `/v1/widgets/${w.id}?expand[]=customer&expand[]=extras`, { key, base: srv.url });
    expect(e1.json.customer).toMatchObject({ id: cus.id, object: 'customer', name: 'Owner' });
    expect(e1.json.extras).toMatchObject({ object: 'list', data: [{ owner: w.id }] });
    // Dotted: customer, then the card inside it (default_source set through the update endpoint).
    srv.store.transaction(accountForKey(key), (tx) => tx.insert('card', { id: 'card_test1', object: 'card', customer: cus.id, last4: '4242' }));
    expect((await call('POST', `/v1/customers/${cus.id}`, { key, body: 'default_source=card_test1', base: srv.url })).status).toBe(200);
    const e2 = await call('GET', `/v1/widgets/${w.id}?expand[0]=customer.default_source&expand[1]=parent`, { key, base: srv.url });
    expect(e2.json.customer.default_source).toMatchObject({ id: 'card_test1', last4: '4242' });
    expect(e2.json.parent).toMatchObject({ id: evt.id, object: 'event' });
    const e3 = await call('GET', `/v1/customers/${cus.id}?expand[]=sources`, { key, base: srv.url });
    expect(e3.json.sources.data.map((c: any) => c.id)).toEqual(['card_test1']);
    // Expand on create, too.
    const created = await call('POST', '/v1/widgets', { key, body: `customer=${cus.id}&expand[]=customer`, base: srv.url });
    expect(created.json.customer.id).toBe(cus.id);

    const list = await call('GET', `/v1/events?expand[]=data.request`, { key, base: srv.url });
    expect(list.status).toBe(400);
    expect(list.json.error.message).toBe('This property cannot be expanded (data.request).');

    for (const bad of ['count', 'id', 'nope', 'customer.name', 'a.b.c.d.e']) {
      const r = await call('GET', `/v1/widgets/${w.id}?expand[]=${bad}`, { key, base: srv.url });
      expect(r.status, bad).toBe(400);
      expect(r.json.error.message, bad).toMatch(bad === 'a.b.c.d.e' ? /more than 4 levels/ : new RegExp(`^This property cannot be expanded \\(${bad.replace('.', '\\.')}\\)\\.$`));
    }
    // A failing expand on a POST rolls the creation back.
    const before = srv.store.transaction(accountForKey(key), (tx) => tx.scan('widget').length);
    expect((await call('POST', '/v1/widgets', { key, body: 'expand[]=count', base: srv.url })).status).toBe(400);
    expect(srv.store.transaction(accountForKey(key), (tx) => tx.scan('widget').length)).toBe(before);

    await call('DELETE', `/v1/customers/${cus.id}`, { key, base: srv.url });
    const stub = await call('GET', `/v1/widgets/${w.id}?expand[]=customer`, { key, base: srv.url });
    expect(stub.json.customer).toEqual({ id: cus.id, object: 'customer', deleted: true });
  });

  test('list expand with the data. prefix (customer sources includable)', async () => {
    const key = newTestKey();
    await call('POST', '/v1/customers', { key, body: 'name=A' });
    const r = await call('GET', '/v1/customers?expand[]=data.sources', { key });
    expect(r.status).toBe(200);
    expect(r.json.data[0].sources).toMatchObject({ object: 'list', data: [], has_more: false });
    const bad = await call('GET', '/v1/customers?expand[]=sources', { key });
    expect(bad.status).toBe(400);
  });
});

describe('sandbox clock', () => {
  test('advance shifts tx.now() for this account only, runs ticks, and validates seconds', async () => {
    const seen: number[] = [];
    const srv = await startCustom({ ticks: [(tx) => void seen.push(tx.now())] });
    closers.push(srv.close);
    const key = newTestKey();
    const before = (await call('GET', '/v1/test_helpers/sandbox/clock', { key, base: srv.url })).json;
    expect(before).toMatchObject({ object: 'sandbox_clock', offset: 0 });
    const adv = await call('POST', '/v1/test_helpers/sandbox/advance', { key, body: 'seconds=259200', base: srv.url });
    expect(adv.json.offset).toBe(259200);
    expect(adv.json.now - before.now).toBeGreaterThanOrEqual(259200);
    expect(adv.json.now - before.now).toBeLessThan(259205);
    // Ticks ran before the handler (old time) and again after advancing (new time).
    expect(seen.at(-1)! - seen.at(-2)!).toBeGreaterThanOrEqual(259200);
    const c = await call('POST', '/v1/customers', { key, body: '', base: srv.url });
    expect(c.json.created).toBeGreaterThanOrEqual(adv.json.now);
    const other = (await call('GET', '/v1/test_helpers/sandbox/clock', { key: newTestKey(), base: srv.url })).json;
    expect(other.offset).toBe(0);
    for (const body of ['seconds=0', 'seconds=-5', 'seconds=abc', '']) {
      const r = await call('POST', '/v1/test_helpers/sandbox/advance', { key, body, base: srv.url });
      expect(r.status, body).toBe(400);
    }
  });
});

describe('accountForKey', () => {
  test('a remembered key keeps the account id it hashes to (data made before and after stays in one account)', () => {
    const key = newTestKey();
    const before = accountForKey(key);
    expect(before).toMatch(/^acct_[0-9A-Za-z]{16}$/);
    rememberAccount(key);
    expect(accountForKey(key)).toBe(before);
    expect(accountForKey(`${key}x`)).not.toBe(before);
  });
});
