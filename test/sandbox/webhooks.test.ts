// Webhook endpoints and signed deliveries from the outbox: verified with the official SDK's
// constructEvent, retried on 500s and timeouts by advancing the sandbox clock, kept across a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { openStore, type Store } from '../../src/sandbox/store/sqlite.js';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/server.js';
import { newTestKey } from '../helpers/sandbox.js';
import { startReceiver } from '../helpers/receiver.js';
import { RETRY_OFFSETS } from '../../src/sandbox/webhooks/outbox.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function sandbox(opts: { path?: string; timeoutMs?: number } = {}): Promise<RunningSandbox & { store: Store }> {
  const store = opts.path ? openStore({ path: opts.path }) : openStore({ memory: true });
  const server = await startSandboxServer({ store, webhooks: { timeoutMs: opts.timeoutMs ?? 2000, pollMs: 50 } });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.close();
    store.close();
  };
  cleanups.push(close);
  return { ...server, store, close };
}

function sdk(url: string, key: string): Stripe {
  const u = new URL(url);
  return new Stripe(key, { host: u.hostname, port: Number(u.port), protocol: 'http', maxNetworkRetries: 0 });
}

async function receiver(...args: Parameters<typeof startReceiver>) {
  const r = await startReceiver(...args);
  cleanups.push(() => r.close());
  return r;
}

describe('webhook endpoints', () => {
  it('creates (secret shown once), retrieves, updates, lists and deletes', async () => {
    const sb = await sandbox();
    const stripe = sdk(sb.url, newTestKey());
    const ep = await stripe.webhookEndpoints.create({ url: 'http://127.0.0.1:9/hook', enabled_events: ['charge.succeeded', 'customer.created'], metadata: { a: '1' } });
    expect(ep).toMatchObject({ object: 'webhook_endpoint', status: 'enabled', url: 'http://127.0.0.1:9/hook', enabled_events: ['charge.succeeded', 'customer.created'], metadata: { a: '1' }, livemode: false });
    expect(ep.id).toMatch(/^we_/);
    expect(ep.secret).toMatch(/^whsec_[A-Za-z0-9]{32}$/);
    const got = await stripe.webhookEndpoints.retrieve(ep.id);
    expect(got.secret).toBeUndefined();
    const upd = await stripe.webhookEndpoints.update(ep.id, { disabled: true, enabled_events: ['*'] });
    expect(upd).toMatchObject({ status: 'disabled', enabled_events: ['*'] });
    expect(upd.secret).toBeUndefined();
    const list = await stripe.webhookEndpoints.list();
    expect(list.data.map((e) => e.id)).toEqual([ep.id]);
    expect(list.data[0]!.secret).toBeUndefined();
    expect(await stripe.webhookEndpoints.del(ep.id)).toEqual({ id: ep.id, object: 'webhook_endpoint', deleted: true });
    await expect(stripe.webhookEndpoints.retrieve(ep.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it.each([
    [{ url: 'ftp://x/y', enabled_events: ['*'] }, /must be an http or https URL/],
    [{ url: 'not a url', enabled_events: ['*'] }, /Invalid URL/],
    [{ url: 'http://127.0.0.1/x', enabled_events: ['Charge Succeeded'] }, /is not an event type/],
    [{ enabled_events: ['*'] }, /Missing required param: url/],
    [{ url: 'http://127.0.0.1/x' }, /Missing required param: enabled_events/],
  ])('refuses %j', async (params, message) => {
    const sb = await sandbox();
    await expect(sdk(sb.url, newTestKey()).webhookEndpoints.create(params as never)).rejects.toMatchObject({ statusCode: 400, message: expect.stringMatching(message) });
  });
});

describe('webhook deliveries', () => {
  it('signs every delivery as Stripe does, only for matching enabled endpoints, and counts pending_webhooks', async () => {
    const sb = await sandbox();
    const stripe = sdk(sb.url, newTestKey());
    const rx = await receiver();
    const all = await stripe.webhookEndpoints.create({ url: rx.url, enabled_events: ['*'] });
    const some = await stripe.webhookEndpoints.create({ url: rx.url + '?only=cus', enabled_events: ['customer.created'] });
    const off = await stripe.webhookEndpoints.create({ url: rx.url + '?off=1', enabled_events: ['*'] });
    await stripe.webhookEndpoints.update(off.id, { disabled: true });

    await stripe.customers.create({ name: 'Ada' });
    await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', automatic_payment_methods: { enabled: true, allow_redirects: 'never' }, confirm: true });
    await sb.webhooks!.idle();

    const events = (await stripe.events.list({ limit: 100 })).data;
    expect(events.length).toBeGreaterThan(2);
    expect(rx.deliveries).toHaveLength(events.length + 1);
    const secrets: Record<string, string> = { '/webhook': all.secret!, '/webhook?only=cus': some.secret! };
    const seen: string[] = [];
    for (const d of rx.deliveries) {
      expect(d.headers['content-type']).toBe('application/json; charset=utf-8');
      const ev = stripe.webhooks.constructEvent(d.body, d.headers['stripe-signature'] as string, secrets[d.path]!);
      seen.push(`${d.path} ${ev.type}`);
      // A wrong secret fails verification.
      expect(() => stripe.webhooks.constructEvent(d.body, d.headers['stripe-signature'] as string, 'whsec_wrong')).toThrow(/signature/i);
    }
    expect(seen.filter((s) => s.startsWith('/webhook?only=cus'))).toEqual(['/webhook?only=cus customer.created']);
    expect(seen.some((s) => s.includes('off=1'))).toBe(false);
    // Every delivery succeeded, so nothing is pending; the customer event went to two endpoints.
    for (const e of (await stripe.events.list({ limit: 100 })).data) expect(e.pending_webhooks).toBe(0);
    const first = JSON.parse(rx.deliveries.find((d) => d.path === '/webhook?only=cus')!.body);
    expect(first.pending_webhooks).toBe(2);
  });

  it('retries after 500s and timeouts on the sandbox clock until it succeeds, and logs every attempt', async () => {
    const sb = await sandbox({ timeoutMs: 300 });
    const key = newTestKey();
    const stripe = sdk(sb.url, key);
    const rx = await receiver([500, 'hang', 503]);
    const ep = await stripe.webhookEndpoints.create({ url: rx.url, enabled_events: ['customer.created'] });
    const cus = await stripe.customers.create({ name: 'Ada' });
    await sb.webhooks!.idle();
    expect(rx.deliveries).toHaveLength(1);
    const [event] = (await stripe.events.list({ type: 'customer.created' })).data;
    expect(event!.pending_webhooks).toBe(1);

    // Each advance reaches the next offset of the schedule: one more attempt each time.
    const advance = (seconds: number) => stripe.rawRequest('post', '/v1/test_helpers/sandbox/advance', { seconds });
    await advance(RETRY_OFFSETS[1]);
    await rx.waitFor(2);
    await sb.webhooks!.idle();
    await advance(RETRY_OFFSETS[2] - RETRY_OFFSETS[1]);
    await rx.waitFor(3);
    await sb.webhooks!.idle();
    expect((await stripe.events.retrieve(event!.id)).pending_webhooks).toBe(1);
    await advance(RETRY_OFFSETS[3] - RETRY_OFFSETS[2]);
    await rx.waitFor(4);
    await sb.webhooks!.idle();
    expect((await stripe.events.retrieve(event!.id)).pending_webhooks).toBe(0);
    for (const d of rx.deliveries) {
      expect(stripe.webhooks.constructEvent(d.body, d.headers['stripe-signature'] as string, ep.secret!).data.object).toMatchObject({ id: cus.id });
    }

    const attempts = (await stripe.rawRequest('get', `/v1/test_helpers/sandbox/webhook_attempts?endpoint=${ep.id}`)) as any;
    const rows = attempts.data.map((a: any) => [a.attempt, a.status_code, a.succeeded, a.error === null ? null : a.error.replace(/\d+ ms/, 'N ms')]);
    expect(rows).toEqual([
      [4, 200, true, null],
      [3, 503, false, 'HTTP 503'],
      [2, null, false, 'timed out after N ms'],
      [1, 500, false, 'HTTP 500'],
    ]);
    expect(attempts.data[3]).toMatchObject({ object: 'webhook_attempt', endpoint: ep.id, event: event!.id, event_type: 'customer.created', url: rx.url, next_retry_at: event!.created + RETRY_OFFSETS[1] });
    expect(typeof attempts.data[0].duration_ms).toBe('number');
  });

  it('gives up after the last attempt of the schedule; one big advance runs the missed attempts', async () => {
    const sb = await sandbox();
    const stripe = sdk(sb.url, newTestKey());
    const rx = await receiver([], 500);
    await stripe.webhookEndpoints.create({ url: rx.url, enabled_events: ['customer.created'] });
    await stripe.customers.create({});
    await sb.webhooks!.idle();
    await stripe.rawRequest('post', '/v1/test_helpers/sandbox/advance', { seconds: 3 * 86400 });
    await rx.waitFor(RETRY_OFFSETS.length);
    await sb.webhooks!.idle();
    expect(rx.deliveries).toHaveLength(RETRY_OFFSETS.length);
    expect(sb.store.outbox.pending()).toBe(0);
    const [event] = (await stripe.events.list({ type: 'customer.created' })).data;
    expect(event!.pending_webhooks).toBe(1);
  });

  it('a deleted endpoint gets nothing more; a rolled-back request queues nothing', async () => {
    const sb = await sandbox();
    const stripe = sdk(sb.url, newTestKey());
    const rx = await receiver([], 500);
    const ep = await stripe.webhookEndpoints.create({ url: rx.url, enabled_events: ['*'] });
    await stripe.customers.create({});
    await sb.webhooks!.idle();
    await stripe.webhookEndpoints.del(ep.id);
    await expect(stripe.paymentIntents.create({ amount: -1, currency: 'usd' })).rejects.toMatchObject({ statusCode: 400 });
    await stripe.rawRequest('post', '/v1/test_helpers/sandbox/advance', { seconds: 3600 });
    await sb.webhooks!.idle();
    expect(rx.deliveries).toHaveLength(1);
    expect(sb.store.outbox.pending()).toBe(0);
  });

  it('loses no delivery across a server restart in the middle of pending deliveries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payctl-wh-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'sandbox.db');
    const key = newTestKey();
    const rx = await receiver(['hang', 'hang', 'hang'], 200);
    const first = await sandbox({ path, timeoutMs: 30_000 });
    const stripe1 = sdk(first.url, key);
    const ep = await stripe1.webhookEndpoints.create({ url: rx.url, enabled_events: ['customer.created'] });
    for (let i = 0; i < 3; i++) await stripe1.customers.create({ name: `c${i}` });
    await rx.waitFor(3); // three attempts in flight, unanswered
    await first.close();

    const second = await sandbox({ path });
    await rx.waitFor(6);
    await second.webhooks!.idle();
    const stripe2 = sdk(second.url, key);
    const events = (await stripe2.events.list({ type: 'customer.created' })).data;
    const delivered = rx.deliveries.slice(3).map((d) => stripe2.webhooks.constructEvent(d.body, d.headers['stripe-signature'] as string, ep.secret!).id);
    expect(delivered.sort()).toEqual(events.map((e) => e.id).sort());
    for (const e of events) expect(e.pending_webhooks).toBe(0);
  });
});
