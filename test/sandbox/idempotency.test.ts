// Idempotency keys and fault injection: replays, mismatches, 409 in flight, and "commit then drop".
import { describe, expect, test } from 'vitest';
import Stripe from 'stripe';
import { newTestKey, startTestSandbox, useTestSandbox } from '../helpers/sandbox.js';
import { accountForKey } from '../../src/sandbox/app.js';

const sb = useTestSandbox();

async function post(path: string, key: string, body: string, headers: Record<string, string> = {}, base = sb.url) {
  const res = await fetch(base + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? JSON.parse(text) : undefined };
}

const count = (key: string, type = 'customer') => sb.store.transaction(accountForKey(key), (tx) => tx.scan(type).length);

describe('idempotency', () => {
  test('a replay returns the same status and body with replay headers and a fresh Request-Id', async () => {
    const key = newTestKey();
    const first = await post('/v1/customers', key, 'name=Once&metadata[a]=1', { 'idempotency-key': 'k1' });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotency-key')).toBe('k1');
    expect(first.headers.get('original-request')).toBe(first.headers.get('request-id'));
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    // Same params in another order and encoding: still the same request.
    const again = await post('/v1/customers', key, 'metadata%5Ba%5D=1&name=Once', { 'idempotency-key': 'k1' });
    expect(again.status).toBe(200);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('original-request')).toBe(first.headers.get('request-id'));
    expect(again.headers.get('request-id')).not.toBe(first.headers.get('request-id'));
    expect(again.headers.get('idempotency-key')).toBe('k1');
    expect(count(key)).toBe(1);
    // Still replays after the object is deleted.
    await fetch(`${sb.url}/v1/customers/${first.json.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
    expect((await post('/v1/customers', key, 'name=Once&metadata[a]=1', { 'idempotency-key': 'k1' })).text).toBe(first.text);
    // Keys are per account.
    const other = newTestKey();
    const elsewhere = await post('/v1/customers', other, 'name=Once&metadata[a]=1', { 'idempotency-key': 'k1' });
    expect(elsewhere.json.id).not.toBe(first.json.id);
  });

  test('different params → 400 idempotency_error; different endpoint → 400; nothing changes', async () => {
    const key = newTestKey();
    const first = await post('/v1/customers', key, 'name=A', { 'idempotency-key': 'k2' });
    const diff = await post('/v1/customers', key, 'name=B', { 'idempotency-key': 'k2' });
    expect(diff.status).toBe(400);
    expect(diff.json.error).toEqual({
      type: 'idempotency_error',
      message: "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'k2' if you meant to execute a different request.",
      request_log_url: `https://dashboard.stripe.com/test/logs/${diff.headers.get('request-id')}`,
    });
    const endpoint = await post(`/v1/customers/${first.json.id}`, key, 'name=A', { 'idempotency-key': 'k2' });
    expect(endpoint.status).toBe(400);
    expect(endpoint.json.error.type).toBe('idempotency_error');
    expect(endpoint.json.error.message).toBe(
      `Keys for idempotent requests can only be used for the same endpoint they were first used for ('/v1/customers' vs '/v1/customers/${first.json.id}'). Try using a key other than 'k2' if you meant to execute a different request.`,
    );
    expect(count(key)).toBe(1);
  });

  test('validation failures are not stored: the key can be retried with fixed params', async () => {
    const key = newTestKey();
    const bad = await post('/v1/customers', key, 'balance=lots', { 'idempotency-key': 'k3' });
    expect(bad.status).toBe(400);
    const good = await post('/v1/customers', key, 'balance=5', { 'idempotency-key': 'k3' });
    expect(good.status).toBe(200);
    expect(good.json.balance).toBe(5);
  });

  test('keys over 255 characters → 400; GET ignores the header', async () => {
    const key = newTestKey();
    const long = await post('/v1/customers', key, '', { 'idempotency-key': 'x'.repeat(256) });
    expect(long.status).toBe(400);
    expect(long.json.error.message).toMatch(/at most 255 characters/);
    expect((await post('/v1/customers', key, '', { 'idempotency-key': 'x'.repeat(255) })).status).toBe(200);
    const get = await fetch(`${sb.url}/v1/customers`, { headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'g' } });
    expect(get.headers.get('idempotency-key')).toBeNull();
  });

  test('a concurrent request with a key still in flight → 409 idempotency_key_in_use', async () => {
    const key = newTestKey();
    const slow = post('/v1/customers', key, 'name=Slow', { 'idempotency-key': 'k4', 'payctl-sandbox-fault': 'latency=400' });
    await new Promise((r) => setTimeout(r, 100));
    const clash = await post('/v1/customers', key, 'name=Slow', { 'idempotency-key': 'k4' });
    expect(clash.status).toBe(409);
    expect(clash.json.error).toMatchObject({ type: 'idempotency_error', code: 'idempotency_key_in_use' });
    expect(clash.json.error.message).toContain('k4');
    const done = await slow;
    expect(done.status).toBe(200);
    const replay = await post('/v1/customers', key, 'name=Slow', { 'idempotency-key': 'k4' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.json.id).toBe(done.json.id);
    expect(count(key)).toBe(1);
  });

  test('an abandoned in-flight record (its process died) stops blocking once its lease ends', async () => {
    const key = newTestKey();
    const account = accountForKey(key);
    const base = { method: 'POST', path: '/v1/customers', status: null, body: null, requestId: 'req_dead', created: Date.now() };
    sb.store.transaction(account, (tx) => tx.idempotencyPut({ ...base, key: 'k5', paramsHash: 'x', lockedUntil: Date.now() + 60_000 }));
    // Param hashes differ from the stored one: the mismatch is reported first.
    expect((await post('/v1/customers', key, '', { 'idempotency-key': 'k5' })).status).toBe(400);
    const { hashParams } = await import('../../src/sandbox/core/idempotency.js');
    sb.store.transaction(account, (tx) => tx.idempotencyPut({ ...base, key: 'k6', paramsHash: hashParams({}), lockedUntil: Date.now() + 60_000 }));
    expect((await post('/v1/customers', key, '', { 'idempotency-key': 'k6' })).status).toBe(409);
    sb.store.transaction(account, (tx) => tx.idempotencyPut({ ...base, key: 'k6', paramsHash: hashParams({}), lockedUntil: Date.now() - 1 }));
    expect((await post('/v1/customers', key, '', { 'idempotency-key': 'k6' })).status).toBe(200);
  });

  test('the stripe SDK: a retried create with the same key yields one customer', async () => {
    const key = newTestKey();
    const stripe = new Stripe(key, { host: '127.0.0.1', port: sb.port, protocol: 'http', maxNetworkRetries: 0 });
    const a = await stripe.customers.create({ email: 'sdk@example.com' }, { idempotencyKey: 'sdk-key' });
    const b = await stripe.customers.create({ email: 'sdk@example.com' }, { idempotencyKey: 'sdk-key' });
    expect(b.id).toBe(a.id);
    expect(b.lastResponse.headers['idempotent-replayed']).toBe('true');
    const err = await stripe.customers.create({ email: 'other@example.com' }, { idempotencyKey: 'sdk-key' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(count(key)).toBe(1);
  });
});

describe('fault injection', () => {
  test('fail header: 500 api_error with Stripe-Should-Retry, nothing executed', async () => {
    const key = newTestKey();
    const r = await post('/v1/customers', key, 'name=F', { 'payctl-sandbox-fault': 'fail', 'idempotency-key': 'f1' });
    expect(r.status).toBe(500);
    expect(r.json.error.type).toBe('api_error');
    expect(r.headers.get('stripe-should-retry')).toBe('true');
    expect(count(key)).toBe(0);
    // The key was not consumed.
    expect((await post('/v1/customers', key, 'name=F', { 'idempotency-key': 'f1' })).headers.get('idempotent-replayed')).toBeNull();
  });

  test('rate_limit header: 429 with the Stripe message', async () => {
    const r = await post('/v1/customers', newTestKey(), '', { 'payctl-sandbox-fault': 'rate_limit' });
    expect(r.status).toBe(429);
    expect(r.json.error).toMatchObject({
      type: 'invalid_request_error',
      code: 'rate_limit',
      message: 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.',
    });
  });

  test('drop header: the request commits, the connection closes unanswered, and the SDK retry replays it', async () => {
    const key = newTestKey();
    const dropped = await post('/v1/customers', key, 'name=D', { 'payctl-sandbox-fault': 'drop', 'idempotency-key': 'd1' }).catch((e: unknown) => e);
    expect(dropped).toBeInstanceOf(Error);
    expect(count(key)).toBe(1);
    const replay = await post('/v1/customers', key, 'name=D', { 'idempotency-key': 'd1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(count(key)).toBe(1);
  });

  test('options: dropRate with the SDK retrying on the same key creates exactly one object; rateLimit per account', async () => {
    let n = 0;
    // Drop the first attempt of each request, answer the retry.
    const faulty = await startTestSandbox({ faults: { dropRate: 0.5, random: () => (n++ % 2 === 0 ? 0 : 0.99) } });
    try {
      const key = newTestKey();
      const stripe = new Stripe(key, { host: '127.0.0.1', port: faulty.port, protocol: 'http', maxNetworkRetries: 2 });
      const c = await stripe.customers.create({ name: 'Retry' });
      expect(c.lastResponse.headers['idempotent-replayed']).toBe('true');
      expect(faulty.store.transaction(accountForKey(key), (tx) => tx.scan('customer').map((x) => x.id))).toEqual([c.id]);
    } finally {
      await faulty.close();
    }
    const limited = await startTestSandbox({ faults: { rateLimit: 3 } });
    try {
      const key = newTestKey();
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await post('/v1/customers', key, '', {}, limited.url)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect((await post('/v1/customers', newTestKey(), '', {}, limited.url)).status).toBe(200);
    } finally {
      await limited.close();
    }
    const failing = await startTestSandbox({ faults: { failRate: 1 } });
    try {
      expect((await post('/v1/customers', newTestKey(), '', {}, failing.url)).status).toBe(500);
    } finally {
      await failing.close();
    }
  });
});
