// The transport against a tiny node:http server written here, for what the sandbox cannot produce:
// exact request headers, Retry-After values, Stripe-Should-Retry on a 500, invalid JSON, dropped
// sockets on every attempt, hung responses (timeouts), refused connections and base-URL checks.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/http.js';
import {
  ApiServerError,
  ConnectionError,
  DryRunError,
  InvalidRequestError,
  RateLimitError,
} from '../../src/client/errors.js';
import { DEFAULT_STRIPE_VERSION, type ClientOptions, type StripeClient } from '../../src/client/types.js';
import { UsageError } from '../../src/errors.js';
import { caught } from '../helpers/caught.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}
type Handler = (req: Seen, res: ServerResponse, n: number) => void;

const KEY = 'sk_test_51HabcdefghijklmnopQRSTUV4242';
const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function serve(handler: Handler): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server: Server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const s = { method: req.method!, url: req.url!, headers: req.headers, body };
    seen.push(s);
    handler(s, res, seen.length);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise((r) => { server.closeAllConnections(); server.close(r); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function client(url: string, extra: Partial<ClientOptions> = {}) {
  const sleeps: number[] = [];
  const logs: string[] = [];
  let n = 0;
  const c: StripeClient = createClient({
    apiKey: KEY,
    baseUrl: url,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 0,
    uuid: () => `uuid-${++n}`,
    log: (l) => logs.push(l),
    ...extra,
  });
  cleanups.push(() => c.close());
  return { c, sleeps, logs };
}

describe('request shape', () => {
  it('POST sends Stripe headers, a form body and a fresh Idempotency-Key', async () => {
    const { url, seen } = await serve((_r, res) => json(res, 200, { id: 'cus_1' }, { 'request-id': 'req_1' }));
    const { c } = client(url, { stripeAccount: 'acct_9' });
    const r = await c.request({ method: 'POST', path: '/v1/customers', params: { email: 'a@b.c', metadata: { k: 'v' } } });
    expect(r).toMatchObject({ status: 200, body: { id: 'cus_1' }, requestId: 'req_1', idempotencyKey: 'uuid-1', replayed: false });
    const h = seen[0].headers;
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v1/customers', body: 'email=a%40b.c&metadata[k]=v' });
    expect(h).toMatchObject({
      authorization: `Bearer ${KEY}`,
      'stripe-version': DEFAULT_STRIPE_VERSION,
      'stripe-account': 'acct_9',
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'user-agent': 'payctl/0.1.0',
      'idempotency-key': 'uuid-1',
    });
  });

  it('uses the caller key and Stripe-Version, and no Stripe-Account unless set', async () => {
    const { url, seen } = await serve((_r, res) => json(res, 200, {}));
    const { c } = client(url, { stripeVersion: '2024-06-20' });
    await c.post('/v1/customers', {}, { idempotencyKey: 'mine' });
    expect(seen[0].headers['idempotency-key']).toBe('mine');
    expect(seen[0].headers['stripe-version']).toBe('2024-06-20');
    expect(seen[0].headers['stripe-account']).toBeUndefined();
  });

  it.each([[''], ['   '], ['k'.repeat(256)]])('refuses a blank or over-long caller key %#, sending nothing (a POST never goes without a key)', async (key) => {
    const { url, seen } = await serve((_r, res) => json(res, 200, {}));
    const { c } = client(url);
    const e = await caught(c.post('/v1/customers', { name: 'Ada' }, { idempotencyKey: key }));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe('invalid idempotency key: give 1 to 255 characters, not blank (or none, for a new UUID)');
    expect(seen).toHaveLength(0);
  });

  it.each([['GET'], ['DELETE']] as const)('%s puts params in the query and sends no Idempotency-Key', async (method) => {
    const { url, seen } = await serve((_r, res) => json(res, 200, { ok: true }));
    const { c } = client(url);
    await c.request({ method, path: '/v1/customers?x=1', params: { limit: 3, expand: ['data.customer'] } });
    expect(seen[0].url).toBe('/v1/customers?x=1&limit=3&expand[0]=data.customer');
    expect(seen[0].body).toBe('');
    expect(seen[0].headers['idempotency-key']).toBeUndefined();
  });

  it('keeps a base-URL path prefix', async () => {
    const { url, seen } = await serve((_r, res) => json(res, 200, {}));
    const { c } = client(`${url}/stripe/`);
    await c.get('/v1/balance');
    expect(seen[0].url).toBe('/stripe/v1/balance');
  });

  it('reports Idempotent-Replayed', async () => {
    const { url } = await serve((_r, res) => json(res, 200, {}, { 'idempotent-replayed': 'true' }));
    const { c, logs } = client(url);
    expect((await c.request({ method: 'POST', path: '/v1/customers' })).replayed).toBe(true);
    expect(logs.at(-1)).toMatch(/^← 200 - \d+ms \(replayed\)$/);
  });
});

describe('retries', () => {
  it('honours Retry-After seconds and HTTP dates on 429, reusing the key', async () => {
    const date = new Date(Date.now() + 20_000).toUTCString();
    const { url, seen } = await serve((_r, res, n) => {
      if (n === 1) return json(res, 429, { error: { type: 'invalid_request_error', message: 'slow down' } }, { 'retry-after': '3' });
      if (n === 2) return json(res, 503, { error: { type: 'api_error', message: 'x' } }, { 'retry-after': date });
      json(res, 200, { id: 'cus_1' });
    });
    const { c, sleeps } = client(url);
    expect(await c.post('/v1/customers')).toEqual({ id: 'cus_1' });
    expect(sleeps[0]).toBe(3000);
    expect(sleeps[1]).toBeGreaterThan(15_000);
    expect(sleeps[1]).toBeLessThanOrEqual(20_000);
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual(['uuid-1', 'uuid-1', 'uuid-1']);
  });

  it('Stripe-Should-Retry: false stops a 500 at once', async () => {
    const { url, seen } = await serve((_r, res) => json(res, 500, { error: { type: 'api_error', message: 'boom' } }, { 'stripe-should-retry': 'false' }));
    const { c, sleeps } = client(url);
    const e = await caught(c.get('/v1/balance'));
    expect(e).toBeInstanceOf(ApiServerError);
    expect(e.message).toBe('boom');
    expect(seen).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('Stripe-Should-Retry: true retries a 400', async () => {
    const { url, seen } = await serve((_r, res, n) =>
      n === 1 ? json(res, 400, { error: { type: 'invalid_request_error', message: 'lock' } }, { 'stripe-should-retry': 'true' }) : json(res, 200, { ok: 1 }),
    );
    const { c } = client(url);
    expect(await c.get('/v1/balance')).toEqual({ ok: 1 });
    expect(seen).toHaveLength(2);
  });

  it('429 after all retries → RateLimitError (exit 6) with back-off between attempts', async () => {
    const { url, seen } = await serve((_r, res) => json(res, 429, { error: { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' } }));
    const { c, sleeps, logs } = client(url, { maxRetries: 2 });
    const e = await caught(c.post('/v1/customers'));
    expect(e).toBeInstanceOf(RateLimitError);
    expect(e.exitCode).toBe(6);
    expect(seen).toHaveLength(3);
    expect(sleeps).toEqual([500, 500]);
    expect(logs.filter((l) => l.startsWith('  retrying'))).toEqual(['  retrying in 500ms (HTTP 429)', '  retrying in 500ms (HTTP 429)']);
  });

  it('409 after retries → ApiServerError naming the key', async () => {
    const { url } = await serve((_r, res) => json(res, 409, { error: { type: 'idempotency_error', code: 'idempotency_key_in_use', message: 'in flight' } }));
    const { c } = client(url, { maxRetries: 1 });
    const e = await caught(c.post('/v1/customers', {}, { idempotencyKey: 'k-409' }));
    expect(e).toBeInstanceOf(ApiServerError);
    expect(e.exitCode).toBe(7);
    expect(e.message).toBe('in flight — the outcome of this POST is unknown; re-run with --idempotency-key k-409 to retry safely');
  });
});

describe('bad responses', () => {
  it('invalid JSON on a 200 → ApiServerError, not retried', async () => {
    const { url, seen } = await serve((_r, res) => { res.writeHead(200); res.end('<html>'); });
    const { c } = client(url);
    const e = await caught(c.get('/v1/balance'));
    expect(e).toBeInstanceOf(ApiServerError);
    expect(e.message).toBe('Invalid JSON received from the API (HTTP 200)');
    expect(seen).toHaveLength(1);
  });

  it('an error hash on a 200 is an error', async () => {
    const { url } = await serve((_r, res) => json(res, 200, { error: { type: 'invalid_request_error', message: 'odd' } }));
    const { c } = client(url);
    expect(await caught(c.get('/v1/balance'))).toBeInstanceOf(InvalidRequestError);
  });
});

describe('network failures', () => {
  it('a POST whose socket drops on every attempt: ConnectionError, outcome unknown, same key throughout', async () => {
    const { url, seen } = await serve((_r, res) => res.socket!.destroy());
    const { c, sleeps } = client(url, { maxRetries: 2 });
    const e = await caught(c.post('/v1/customers', { email: 'x@y.z' }));
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.exitCode).toBe(7);
    expect(e.outcomeUnknown).toBe(true);
    expect(e.idempotencyKey).toBe('uuid-1');
    expect(e.message).toMatch(/^network error: .+ \(POST http:\/\/127\.0\.0\.1:\d+\/v1\/customers, 3 attempts\) — the outcome of this POST is unknown; re-run with --idempotency-key uuid-1 to retry safely$/);
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual(['uuid-1', 'uuid-1', 'uuid-1']);
    expect(sleeps).toHaveLength(2);
  });

  it('a GET whose socket drops is not an unknown-outcome mutation', async () => {
    const { url } = await serve((_r, res) => res.socket!.destroy());
    const { c } = client(url, { maxRetries: 0 });
    const e = await caught(c.get('/v1/balance'));
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.outcomeUnknown).toBe(false);
    expect(e.message).not.toMatch(/outcome/);
  });

  it('connection refused: nothing was sent, so the outcome is known', async () => {
    const { url } = await serve(() => {});
    await cleanups.pop()!(); // close the server: its port now refuses
    const { c, sleeps } = client(url, { maxRetries: 1 });
    const e = await caught(c.post('/v1/customers'));
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.outcomeUnknown).toBe(false);
    expect(e.message).toMatch(/ECONNREFUSED/);
    expect(sleeps).toHaveLength(1);
  });

  it('a hung response times out per attempt', async () => {
    const { url, seen } = await serve(() => {}); // never answers
    const { c } = client(url, { maxRetries: 1, timeoutMs: 150 });
    const e = await caught(c.post('/v1/customers'));
    expect(e).toBeInstanceOf(ConnectionError);
    expect(e.outcomeUnknown).toBe(true);
    expect(e.message).toMatch(/timed out after 150ms|Timeout/i);
    expect(seen).toHaveLength(2);
  });
});

describe('base URL', () => {
  it.each([
    ['http://127.0.0.1:1'],
    ['http://127.8.9.10:1'],
    ['http://localhost:1'],
    ['http://[::1]:1'],
    ['https://api.stripe.com'],
    ['https://example.com:8443/prefix'],
  ])('accepts %s', (u) => {
    expect(() => createClient({ apiKey: KEY, baseUrl: u })).not.toThrow();
  });
  it.each([
    ['http://api.stripe.com'],
    ['http://10.0.0.1:12111'],
    ['http://128.0.0.1'],
    ['http://localhost.evil.com'],
    ['ftp://127.0.0.1'],
    ['not a url'],
  ])('refuses %s with a UsageError', (u) => {
    let err: unknown;
    try {
      createClient({ apiKey: KEY, baseUrl: u });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).not.toContain(KEY);
  });
});

describe('dry run and secrecy', () => {
  it('dry run sends nothing and shows the request with the key redacted', async () => {
    const { url, seen } = await serve((_r, res) => json(res, 200, {}));
    const { c } = client(url, { dryRun: true });
    const e = await caught(c.post('/v1/customers', { email: 'a@b.c' }, { idempotencyKey: 'k1' }));
    expect(e).toBeInstanceOf(DryRunError);
    expect(e.exitCode).toBe(0);
    expect(e.request).toEqual({
      method: 'POST',
      url: `${url}/v1/customers`,
      headers: {
        Authorization: 'Bearer sk_test_…4242',
        'Stripe-Version': DEFAULT_STRIPE_VERSION,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
        'User-Agent': 'payctl/0.1.0',
        'Idempotency-Key': 'k1',
      },
      body: 'email=a%40b.c',
    });
    const g = await caught(c.get('/v1/customers', { limit: 2 }));
    expect(g.request.url).toBe(`${url}/v1/customers?limit=2`);
    expect(JSON.stringify([e.request, e.details, g.request])).not.toContain(KEY);
    expect(seen).toHaveLength(0);
  });

  it('verbose logs show method, path, key, status and request id, never the API key', async () => {
    const { url } = await serve((_r, res, n) => (n === 1 ? json(res, 500, { error: { message: KEY } }) : json(res, 200, {}, { 'request-id': 'req_7' })));
    const { c, logs } = client(url);
    await c.post('/v1/customers', { description: KEY });
    expect(logs[0]).toBe('→ POST /v1/customers (idempotency-key uuid-1)');
    expect(logs[1]).toMatch(/^← 500 - \d+ms$/);
    expect(logs[2]).toBe('  retrying in 500ms (HTTP 500)');
    expect(logs[3]).toBe('→ POST /v1/customers (idempotency-key uuid-1, retry 1/3)');
    expect(logs[4]).toMatch(/^← 200 req_7 \d+ms$/);
    expect(logs.join('\n')).not.toContain(KEY);
  });

  it('errors never carry the API key', async () => {
    const { url } = await serve((_r, res) => json(res, 401, { error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${KEY}` } }));
    const { c } = client(url);
    const e = await caught(c.get('/v1/balance'));
    expect(e.message).toBe('Invalid API Key provided: sk_test_…4242');
  });
});

describe('close', () => {
  it('is idempotent and a closed client can be used again', async () => {
    const { url } = await serve((_r, res) => json(res, 200, { ok: 1 }));
    const { c } = client(url);
    await c.get('/v1/balance');
    await c.close();
    await c.close();
    expect(await c.get('/v1/balance')).toEqual({ ok: 1 });
  });
});
