// Hostile and unusual input: deep nesting, huge parameter counts, names every JavaScript object has,
// fuzzed bodies (never a 5xx), API versions, error envelopes, unmodelled endpoints and indented JSON.
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import Stripe from 'stripe';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { cliFor, tempHome } from '../helpers/cli.js';
import { CARD_ONLY, sdk } from './money-helpers.js';
import { MAX_DEPTH, MAX_PARAMS, parseForm } from '../../src/sandbox/core/form.js';
import { hashParams } from '../../src/sandbox/core/idempotency.js';
import { StripeError } from '../../src/sandbox/core/errors.js';
import { SERVED_API_VERSIONS } from '../../src/sandbox/core/versions.js';
import { servedResources } from '../../src/sandbox/core/unmodelled.js';
import { allRoutes } from '../../src/sandbox/routes/index.js';
import { DEFAULT_STRIPE_VERSION } from '../../src/client/types.js';

const sb = useTestSandbox();
const LOG_URL = /^https:\/\/dashboard\.stripe\.com\/test\/logs\/req_[A-Za-z0-9]{14}$/;

interface Raw {
  status: number;
  text: string;
  json: any;
  headers: Headers;
}

async function raw(method: string, path: string, body?: string, opts: { key?: string; headers?: Record<string, string> } = {}): Promise<Raw> {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${opts.key ?? newTestKey()}`, 'Content-Type': 'application/x-www-form-urlencoded', ...opts.headers },
    body,
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, text, json, headers: res.headers };
}

const nested = (name: string, levels: number, seg = 'a') => name + `[${seg}]`.repeat(levels);

describe('nesting and parameter-count limits (400, decided before the work)', () => {
  test.each<[string, string, string | undefined]>([
    ['metadata[a][a]… thousands deep', `${nested('metadata', 5000)}=1`, undefined],
    ['x[][]… thousands deep', `${nested('x', 5000, '')}=1`, undefined],
    ['deep nesting with an Idempotency-Key (hashed before execution)', `${nested('metadata', 5000)}=1`, 'deep-1'],
  ])('%s → 400 invalid_request_error naming the limit', async (_name, body, idem) => {
    const r = await raw('POST', '/v1/customers', body, { headers: idem ? { 'Idempotency-Key': idem } : {} });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({
      type: 'invalid_request_error',
      param: body.slice(0, body.indexOf('[')),
      message: expect.stringMatching(new RegExp(`^Invalid parameter name '${body.slice(0, body.indexOf('['))}\\[.{0,60}…': parameters can be nested at most ${MAX_DEPTH} levels deep\\.$`)),
    });
  });

  test('deep nesting in a GET query string → 400 too', async () => {
    const r = await raw('GET', `/v1/customers?${nested('created', 4000)}=1`);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toContain('nested at most');
  });

  test(`${MAX_DEPTH} levels parse (and meet normal validation); ${MAX_DEPTH + 1} do not`, async () => {
    const ok = await raw('POST', '/v1/customers', `${nested('shipping', MAX_DEPTH)}=1`);
    expect(ok.status).toBe(400);
    expect(ok.json.error).toMatchObject({ code: 'parameter_unknown', param: 'shipping[a]' });
    const deep = await raw('POST', '/v1/customers', `${nested('shipping', MAX_DEPTH + 1)}=1`);
    expect(deep.status).toBe(400);
    expect(deep.json.error.code).toBeUndefined();
    expect(deep.json.error.message).toContain('nested at most');
  });

  test(`more than ${MAX_PARAMS} pairs → 400; ${MAX_PARAMS} are parsed`, async () => {
    const at = await raw('POST', '/v1/customers', Array.from({ length: MAX_PARAMS }, (_, i) => `description=${i}`).join('&'));
    expect([at.status, at.json.description]).toEqual([200, String(MAX_PARAMS - 1)]);
    const over = await raw('POST', '/v1/customers', Array.from({ length: MAX_PARAMS + 1 }, () => 'description=x').join('&'));
    expect(over.status).toBe(400);
    expect(over.json.error).toMatchObject({
      type: 'invalid_request_error',
      message: `Too many parameters: a request can have at most ${MAX_PARAMS} (name=value pairs in the query string or in the body).`,
    });
  });

  test('a 1 MB body of ~200k parameters is refused without being parsed (no event-loop stall)', async () => {
    const body = Array.from({ length: 200_000 }, (_, i) => `m${i % 10}=1`).join('&').slice(0, 1024 * 1024 - 1);
    const t0 = performance.now();
    expect(() => parseForm(body)).toThrow(/Too many parameters/);
    // Parsing all of it took ~0.6 s before the cap; counting to the limit takes microseconds.
    expect(performance.now() - t0).toBeLessThan(50);
    const r = await raw('POST', '/v1/customers', body);
    expect(r.status).toBe(400);
  });
});

describe('names every JavaScript object has are plain names', () => {
  test.each<[string, string]>([
    ['constructor[prototype][x]=1', 'constructor'],
    ['isPrototypeOf[a]=1', 'isPrototypeOf'],
    ['toString=1', 'toString'],
    ['__proto__[x]=1', '__proto__'],
    ['hasOwnProperty=1', 'hasOwnProperty'],
    ['valueOf[]=1', 'valueOf'],
    ['shipping[constructor]=1', 'shipping[constructor]'],
    ['invoice_settings[__proto__][x]=1', 'invoice_settings[__proto__]'],
  ])('POST /v1/customers %s → 400 parameter_unknown on %s', async (body, param) => {
    const r = await raw('POST', '/v1/customers', body);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatchObject({ type: 'invalid_request_error', code: 'parameter_unknown', param, message: `Received unknown parameter: ${param}` });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  test('GET query names too; expand of an Object.prototype member is refused', async () => {
    const q = await raw('GET', '/v1/customers?constructor=1');
    expect(q.json.error).toMatchObject({ code: 'parameter_unknown', param: 'constructor' });
    const key = newTestKey();
    const c = await raw('POST', '/v1/customers', 'name=x', { key });
    for (const path of ['constructor', '__proto__', 'toString']) {
      const e = await raw('GET', `/v1/customers/${c.json.id}?expand[]=${path}`, undefined, { key });
      expect([e.status, e.json.error.message]).toEqual([400, `This property cannot be expanded (${path}).`]);
    }
  });

  test('metadata keys named constructor, __proto__ and toString are stored, returned and searchable', async () => {
    const key = newTestKey();
    const r = await raw('POST', '/v1/customers', 'metadata[constructor]=a&metadata[__proto__]=b&metadata[toString]=c', { key });
    expect(r.status).toBe(200);
    expect(r.json.metadata).toEqual(JSON.parse('{"constructor":"a","__proto__":"b","toString":"c"}'));
    const back = await raw('GET', `/v1/customers/${r.json.id}`, undefined, { key });
    expect(Object.keys(back.json.metadata).sort()).toEqual(['__proto__', 'constructor', 'toString']);
    const cleared = await raw('POST', `/v1/customers/${r.json.id}`, 'metadata[__proto__]=&metadata[x]=1', { key });
    expect(cleared.json.metadata).toEqual({ constructor: 'a', toString: 'c', x: '1' });
    await raw('POST', '/v1/customers', 'name=plain', { key });
    const hits = await raw('GET', `/v1/customers/search?query=${encodeURIComponent("metadata['constructor']:'a'")}`, undefined, { key });
    expect(hits.json.data.map((c: any) => c.id)).toEqual([r.json.id]);
  });

  test("metadata search does not see Object.prototype: metadata['constructor'] matches only real keys", async () => {
    const key = newTestKey();
    await raw('POST', '/v1/customers', 'name=one', { key });
    await raw('POST', '/v1/customers', 'name=two', { key });
    const q = `metadata['constructor']:'${String(Object)}'`;
    const hits = await raw('GET', `/v1/customers/search?query=${encodeURIComponent(q)}`, undefined, { key });
    expect([hits.status, hits.json.data]).toEqual([200, []]);
    const nulls = await raw('GET', `/v1/customers/search?query=${encodeURIComponent("metadata['toString']:null")}`, undefined, { key });
    expect(nulls.json.data).toHaveLength(2);
    const field = await raw('GET', `/v1/customers/search?query=${encodeURIComponent("constructor:'x'")}`, undefined, { key });
    expect(field.status).toBe(400);
    expect(field.json.error.message).toContain("Field 'constructor' is an unsupported search field");
  });
});

// Tokens that stress the bracket grammar, percent-decoding and prototype names.
const TOKENS = ['[', ']', '[]', '&', '=', '%5B', '%5D', '%', '%E0', '+', 'a', '0', '1', '00', 'metadata', 'expand', 'name',
  'constructor', 'prototype', '__proto__', 'toString', 'isPrototypeOf', 'valueOf', 'email', 'line_items', 'query', "'", ':',
  'amount', 'currency', 'usd', 'confirm', 'true', 'payment_method', 'pm_card_visa', 'mandate_data', 'off_session', 'price_data',
  'recurring', 'shipping', 'address', 'tax_rates', 'statement_descriptor_suffix', 'customer'];
const tokenString = (max: number) => fc.array(fc.constantFrom(...TOKENS), { maxLength: max }).map((t) => t.join(''));
const deepName = fc.tuple(fc.constantFrom('metadata', 'x', 'constructor', 'line_items'), fc.array(fc.constantFrom('[a]', '[]', '[0]', '[__proto__]', '[constructor]'), { maxLength: 60 }))
  .map(([n, segs]) => `${n}${segs.join('')}=v`);
// Real parameter names with random sub-keys and values, so requests get past the first unknown name.
const REAL = ['amount', 'currency', 'confirm', 'payment_method', 'customer', 'metadata', 'expand', 'line_items', 'mode', 'success_url',
  'payment_intent_data', 'shipping', 'email', 'name', 'query', 'limit', 'created', 'mandate_data', 'off_session', 'tax_rates'];
const SUB = ['[]', '[0]', '[1]', '[a]', '[price_data]', '[currency]', '[unit_amount]', '[quantity]', '[product_data]', '[name]',
  '[address]', '[constructor]', '[__proto__]', '[gte]'];
const VALUES = ['', '1', '-1', 'usd', 'true', 'pm_card_visa', 'cus_x', '99999999999999999999', '%00', "email:'a'", 'x'.repeat(600)];
const realPair = fc.tuple(fc.constantFrom(...REAL), fc.array(fc.constantFrom(...SUB), { maxLength: 6 }), fc.constantFrom(...VALUES))
  .map(([n, segs, v]) => `${n}${segs.join('')}=${encodeURIComponent(v)}`);
const body = fc.oneof(
  tokenString(80),
  fc.array(deepName, { maxLength: 5 }).map((p) => p.join('&')),
  fc.array(realPair, { maxLength: 8 }).map((p) => p.join('&')),
  fc.string({ maxLength: 80 }),
);

// FUZZ_RUNS=20000 explores further (a local run before changing the parser); the suite uses 500.
const RUNS = Number(process.env.FUZZ_RUNS) || 500;

describe('fuzz (fast-check)', () => {
  test('parseForm returns or throws a 400 StripeError; the result hashes; Object.prototype stays clean', () => {
    fc.assert(
      fc.property(body, (text) => {
        try {
          const params = parseForm(text);
          expect(typeof hashParams(params)).toBe('string');
        } catch (err) {
          expect(err).toBeInstanceOf(StripeError);
          expect((err as StripeError).status).toBe(400);
        }
        expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('v');
        expect(({} as Record<string, unknown>).a).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  test('requests through the app never answer 5xx', async () => {
    const key = newTestKey();
    const targets: Array<[string, string]> = [
      ['POST', '/v1/customers'],
      ['POST', '/v1/payment_intents'],
      ['POST', '/v1/checkout/sessions'],
      ['POST', '/v1/invoiceitems'],
      ['POST', '/v1/charges'],
      ['GET', '/v1/customers/search'],
      ['GET', '/v1/payment_intents/search'],
      ['GET', '/v1/charges'],
      ['GET', '/v1/events'],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), body, fc.boolean(), async ([method, path], text, idem) => {
        const r =
          method === 'GET'
            ? await raw('GET', `${path}?${text}`, undefined, { key })
            : await raw('POST', path, text, { key, headers: idem ? { 'Idempotency-Key': `fuzz-${Math.random()}` } : {} });
        expect(r.status, `${method} ${path} ${JSON.stringify(text)} → ${r.text}`).toBeLessThan(500);
        expect(r.json).not.toBeNull();
      }),
      { numRuns: RUNS },
    );
  }, 120_000 + RUNS * 20);
});

describe('Stripe-Version: served versions only, never an echo', () => {
  test('the sandbox serves the version the SDK and payctl pin, and nothing else', () => {
    expect(SERVED_API_VERSIONS).toEqual(['2026-10-28.endive']);
    expect(SERVED_API_VERSIONS).toContain(DEFAULT_STRIPE_VERSION);
  });

  test('the official SDK works at its pinned version; an older pinned SDK gets a clear 400', async () => {
    const s = sdk(sb);
    const c = await s.customers.create({ name: 'Pinned' });
    expect(c.lastResponse.apiVersion).toBe('2026-10-28.endive');
    const old = new Stripe(newTestKey(), { host: '127.0.0.1', port: sb.port, protocol: 'http', apiVersion: '2024-06-20' as never });
    const err = await old.customers.create({ name: 'Old' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((err as Stripe.errors.StripeError).message).toBe(
      "Stripe API version 2024-06-20 is not served by this sandbox: it renders objects at 2026-10-28.endive only. Send that Stripe-Version header or none (e.g. payctl --stripe-version, or the SDK's apiVersion option).",
    );
    expect((err as Stripe.errors.StripeError).headers?.['stripe-version']).toBe('2026-10-28.endive');
  });

  test('payctl: default and --stripe-version/PAYCTL_STRIPE_VERSION at the served version work; an unserved one exits 3 with the reason', async () => {
    const home = tempHome();
    try {
      const cli = cliFor(sb, newTestKey(), home);
      expect(await cli(['customers', 'list'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
      expect(await cli(['customers', 'list', '--stripe-version', '2026-10-28.endive'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
      expect(await cli(['customers', 'list'], { env: { PAYCTL_STRIPE_VERSION: '2026-10-28.endive' } })).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
      const old = await cli(['customers', 'list'], { env: { PAYCTL_STRIPE_VERSION: '2024-06-20' } });
      expect(old.code).toBe(3);
      expect(old.stdout).toBe('');
      expect(old.stderr).toMatch(/^error: Stripe API version 2024-06-20 is not served by this sandbox: .* \(request req_[A-Za-z0-9]{14}\)\n$/);
    } finally {
      home.cleanup();
    }
  });
});

describe('error envelopes carry request_log_url', () => {
  test('SDK errors: the URL names the request id', async () => {
    const err = (await sdk(sb).customers.retrieve('cus_missing').catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(err.raw).toMatchObject({ code: 'resource_missing', request_log_url: `https://dashboard.stripe.com/test/logs/${err.requestId}` });
  });

  test('401, 404 routes and idempotent replays of a decline (which keep the first request’s URL)', async () => {
    const anon = await fetch(`${sb.url}/v1/customers`);
    expect(((await anon.json()) as any).error.request_log_url).toBe(`https://dashboard.stripe.com/test/logs/${anon.headers.get('request-id')}`);
    const key = newTestKey();
    const decline = 'amount=2000&currency=usd&payment_method=pm_card_chargeDeclined&confirm=true&payment_method_types[]=card';
    const first = await raw('POST', '/v1/payment_intents', decline, { key, headers: { 'Idempotency-Key': 'decl-1' } });
    expect(first.status).toBe(402);
    expect(first.json.error.request_log_url).toBe(`https://dashboard.stripe.com/test/logs/${first.headers.get('request-id')}`);
    const again = await raw('POST', '/v1/payment_intents', decline, { key, headers: { 'Idempotency-Key': 'decl-1' } });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.json.error.request_log_url).toBe(first.json.error.request_log_url);
    expect(again.json.error.request_log_url).toMatch(LOG_URL);
  });
});

describe('unmodelled Stripe endpoints answer 404 naming what the sandbox serves', () => {
  const served = servedResources(allRoutes);
  const servedText = `It serves /v1/${served.join(', /v1/')} and its own /v1/test_helpers controls.`;

  test('served resources are computed from the routes', () => {
    expect(served).toEqual(expect.arrayContaining(['balance', 'charges', 'checkout/sessions', 'customers', 'invoiceitems', 'invoices', 'payment_intents', 'payouts', 'prices', 'products', 'refunds', 'subscriptions']));
    expect(served.some((r) => r.startsWith('test_helpers') || r.endsWith('/search'))).toBe(false);
    expect(servedResources([{ method: 'GET', pattern: '/v1/widgets/:id/parts', handler: () => ({ id: 'w', object: 'w' }) }])).toEqual(['widgets']);
  });

  test.each<[string, string, string]>([
    ['GET', '/v1/invoices/upcoming?customer=cus_123', '/v1/invoices/upcoming'],
    ['GET', '/v1/invoices/upcoming/lines?customer=cus_123', '/v1/invoices/upcoming'],
    ['POST', '/v1/invoices/create_preview', '/v1/invoices/create_preview'],
    ['GET', '/v1/subscription_items', '/v1/subscription_items'],
    ['POST', '/v1/subscription_schedules/sub_sched_123', '/v1/subscription_schedules'],
    ['POST', '/v1/coupons', '/v1/coupons'],
    ['GET', '/v1/plans', '/v1/plans'],
    ['GET', '/v1/tax_rates/txr_1', '/v1/tax_rates'],
    ['GET', '/v1/customers/cus_123/tax_ids', '/v1/customers/:id/tax_ids'],
    ['POST', '/v1/payment_intents/pi_123/increment_authorization', '/v1/payment_intents/:id/increment_authorization'],
  ])('%s %s', async (method, path, what) => {
    const r = await raw(method, path, method === 'POST' ? 'customer=cus_123' : undefined);
    expect(r.status).toBe(404);
    const shownPath = path.split('?')[0];
    expect(r.json.error).toEqual({
      type: 'invalid_request_error',
      message: `${method} ${shownPath}: this sandbox does not model ${what} (a real Stripe endpoint). ${servedText}`,
      request_log_url: `https://dashboard.stripe.com/test/logs/${r.headers.get('request-id')}`,
    });
  });

  test('unknown URLs keep Stripe’s wording; served routes are unaffected', async () => {
    const r = await raw('GET', '/v1/nonsense');
    expect(r.json.error.message).toBe('Unrecognized request URL (GET: /v1/nonsense). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.');
    const inv = await raw('GET', '/v1/invoices/in_missing');
    expect([inv.status, inv.json.error.message]).toEqual([404, "No such invoice: 'in_missing'"]);
  });
});

describe('indented JSON for people at a terminal', () => {
  const get = (headers: Record<string, string>) => raw('GET', '/v1/balance', undefined, { headers });

  test.each<[string, Record<string, string>, boolean]>([
    ['curl', { 'User-Agent': 'curl/8.5.0' }, true],
    ['HTTPie', { 'User-Agent': 'HTTPie/3.2.2' }, true],
    ['Wget', { 'User-Agent': 'Wget/1.21' }, true],
    ['curl presenting Stripe’s client header', { 'User-Agent': 'curl/8.5.0', 'X-Stripe-Client-User-Agent': '{}' }, false],
    ['the Node SDK', { 'User-Agent': 'Stripe/v1 NodeBindings/23.1.0', 'X-Stripe-Client-User-Agent': '{}' }, false],
    ['the Stripe CLI', { 'User-Agent': 'Stripe/v1 stripe-cli/1.52.0', 'X-Stripe-Client-User-Agent': '{}' }, false],
    ['no User-Agent (fetch default is undici)', {}, false],
  ])('%s → indented: %s', async (_name, headers, indented) => {
    const r = await get(headers);
    expect(r.status).toBe(200);
    expect(r.text).toBe(indented ? `${JSON.stringify(r.json, null, 2)}\n` : JSON.stringify(r.json));
    expect(Number(r.headers.get('content-length'))).toBe(Buffer.byteLength(r.text));
  });

  test('errors are indented for curl too', async () => {
    const r = await raw('GET', '/v1/customers/cus_nope', undefined, { headers: { 'User-Agent': 'curl/8.5.0' } });
    expect(r.status).toBe(404);
    expect(r.text).toBe(`${JSON.stringify(r.json, null, 2)}\n`);
  });
});

describe('validation Stripe does', () => {
  const bad = async (p: Promise<unknown>) => {
    const e = (await p.catch((x: unknown) => x)) as Stripe.errors.StripeError;
    expect(e).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    return { code: e.code, param: e.param, message: e.message };
  };

  test('statement_descriptor on a card PaymentIntent is refused (create, update, capture)', async () => {
    const s = sdk(sb);
    const want = {
      code: undefined,
      param: 'statement_descriptor',
      message: 'The statement_descriptor parameter is not supported for card payments. Use statement_descriptor_suffix instead (see https://docs.stripe.com/get-started/account/statement-descriptors).',
    };
    expect(await bad(s.paymentIntents.create({ amount: 1000, currency: 'usd', statement_descriptor: 'MY SHOP' }))).toEqual(want);
    const pi = await s.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual', ...CARD_ONLY });
    expect(await bad(s.paymentIntents.update(pi.id, { statement_descriptor: 'MY SHOP' }))).toEqual(want);
    expect(await bad(s.paymentIntents.capture(pi.id, { statement_descriptor: 'MY SHOP' } as never))).toEqual(want);
    const cs = await bad(
      s.checkout.sessions.create({
        success_url: 'https://example.com/ok',
        line_items: [{ price_data: { currency: 'usd', product_data: { name: 'T' }, unit_amount: 500 }, quantity: 1 }],
        payment_intent_data: { statement_descriptor: 'MY SHOP' },
      }),
    );
    expect(cs.param).toBe('payment_intent_data[statement_descriptor]');
  });

  test.each<[string, string | null]>([
    ['ORDER 42', null],
    ['A'.repeat(22), null],
    ['A'.repeat(23), 'must be at most 22 characters (got 23).'],
    ['12345', 'must contain at least one letter.'],
    ['A<B', `cannot contain any of the characters < > \\ ' " *.`],
    ['A>B', `cannot contain any of the characters < > \\ ' " *.`],
    ['A\\B', `cannot contain any of the characters < > \\ ' " *.`],
    ["A'B", `cannot contain any of the characters < > \\ ' " *.`],
    ['A"B', `cannot contain any of the characters < > \\ ' " *.`],
    ['A*B', `cannot contain any of the characters < > \\ ' " *.`],
  ])('statement_descriptor_suffix %j', async (suffix, problem) => {
    const s = sdk(sb);
    const p = s.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, ...CARD_ONLY, statement_descriptor_suffix: suffix });
    if (problem === null) {
      const pi = await p;
      const ch = await s.charges.retrieve(pi.latest_charge as string);
      expect(ch.calculated_statement_descriptor).toBe(`PAYCTL SAN* ${suffix.toUpperCase()}`.slice(0, 22));
    } else {
      expect(await bad(p)).toEqual({ code: undefined, param: 'statement_descriptor_suffix', message: `Invalid statement_descriptor_suffix: ${problem}` });
    }
  });

  test.each<[string, boolean]>([
    ['ada@example.com', true],
    ['first.last+tag@sub.example.co.uk', true],
    ['not-an-email', false],
    ['ada@example', false],
    ['ada @example.com', false],
    ['@example.com', false],
    ['ada@', false],
    ['ada@@example.com', false],
    [' ada@example.com', false],
    ['otameshi@com', false],
    ['ada\uff20example.com', false],
  ])('customer email %j valid: %s', async (email, valid) => {
    const s = sdk(sb);
    if (valid) {
      expect((await s.customers.create({ email })).email).toBe(email);
      return;
    }
    const want = { code: 'email_invalid', param: 'email', message: `Invalid email address: ${email}` };
    expect(await bad(s.customers.create({ email }))).toEqual(want);
    const c = await s.customers.create({ email: 'ok@example.com' });
    expect(await bad(s.customers.update(c.id, { email }))).toEqual(want);
    expect((await s.customers.update(c.id, { email: '' })).email).toBeNull();
  });

  test('tax_rates are refused as unknown ids (invoice items, checkout line items), not dropped', async () => {
    const s = sdk(sb);
    const c = await s.customers.create({ name: 'Tax' });
    const missing = (param: string) => ({ code: 'resource_missing', param, message: "No such tax rate: 'txr_123'" });
    expect(await bad(s.invoiceItems.create({ customer: c.id, amount: 500, currency: 'usd', tax_rates: ['txr_123'] }))).toEqual(missing('tax_rates[0]'));
    const item = await s.invoiceItems.create({ customer: c.id, amount: 500, currency: 'usd', tax_rates: [] as string[] });
    expect(await bad(s.invoiceItems.update(item.id, { tax_rates: ['txr_123'] }))).toEqual(missing('tax_rates[0]'));
    const lineItems = (extra: Record<string, string[]>) => [{ price_data: { currency: 'usd', product_data: { name: 'T' }, unit_amount: 500 }, quantity: 1, ...extra }];
    expect(await bad(s.checkout.sessions.create({ success_url: 'https://example.com/ok', line_items: lineItems({ tax_rates: ['txr_123'] }) }))).toEqual(missing('line_items[0][tax_rates][0]'));
    expect(await bad(s.checkout.sessions.create({ success_url: 'https://example.com/ok', line_items: lineItems({ dynamic_tax_rates: ['txr_123'] }) }))).toEqual(missing('line_items[0][dynamic_tax_rates][0]'));
  });

  test('application_fee_amount without a Connect context is refused (PaymentIntents, charges)', async () => {
    const s = sdk(sb);
    const piMessage =
      'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).';
    expect(await bad(s.paymentIntents.create({ amount: 1000, currency: 'usd', application_fee_amount: 100 }))).toEqual({ code: undefined, param: 'application_fee_amount', message: piMessage });
    const pi = await s.paymentIntents.create({ amount: 1000, currency: 'usd' });
    expect(await bad(s.paymentIntents.update(pi.id, { application_fee_amount: 100 }))).toEqual({ code: undefined, param: 'application_fee_amount', message: piMessage });
    const ch = await bad(s.charges.create({ amount: 1000, currency: 'usd', source: 'tok_visa', application_fee_amount: 100 }));
    expect(ch).toEqual({
      code: undefined,
      param: 'application_fee_amount',
      message: 'Can only apply an application_fee_amount when the request is made on behalf of another account (using an OAuth key, the Stripe-Account header, or the destination parameter).',
    });
  });
});
