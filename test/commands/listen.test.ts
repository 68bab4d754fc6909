// `payctl listen --forward-to`: push from a sandbox (served, or embedded in the listen process itself),
// polling against a server without sandbox helpers; every forwarded delivery verifies with the official
// SDK against the profile's stable local secret; Ctrl-C removes the temporary endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import Stripe from 'stripe';
import { useSandbox } from '../helpers/account.js';
import { newTestKey } from '../helpers/sandbox.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { runInterruptible } from '../helpers/interruptible.js';
import { startReceiver } from '../helpers/receiver.js';
import { openStore } from '../../src/sandbox/store/sqlite.js';
import { createSandboxApp } from '../../src/sandbox/app.js';
import { allRoutes } from '../../src/sandbox/routes/index.js';

const { sandbox, home } = useSandbox();
const verifier = new Stripe('sk_test_verifier');

function sdk(url: string, key: string): Stripe {
  const u = new URL(url);
  return new Stripe(key, { host: u.hostname, port: Number(u.port), protocol: 'http', maxNetworkRetries: 0 });
}

async function secretFor(env: Record<string, string | undefined>): Promise<string> {
  const r = await runCli(['listen', '--print-secret'], { env });
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/^whsec_[A-Za-z0-9]{32}\n$/);
  return r.stdout.trim();
}

async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('payctl listen', () => {
  it('push from a served sandbox: signed with the stable local secret, one line per delivery, endpoint removed on Ctrl-C', async () => {
    const key = newTestKey();
    const env = { ...home.env, PAYCTL_API_KEY: key, PAYCTL_BASE_URL: sandbox.url };
    const secret = await secretFor(env);
    expect(await secretFor(env)).toBe(secret); // stable per profile
    expect(statSync(join(home.env.XDG_CONFIG_HOME, 'payctl', 'listen-secrets.json')).mode & 0o777).toBe(0o600);
    const rx = await startReceiver([500], 200);
    const stripe = sdk(sandbox.url, key);
    const listen = runInterruptible(['listen', '--forward-to', rx.url, '--events', 'customer.created,charge.refunded', '-o', 'jsonl'], env);
    await until(async () => (await stripe.webhookEndpoints.list()).data.length === 1, 'the temporary endpoint');
    const [ep] = (await stripe.webhookEndpoints.list()).data;
    expect(ep!.enabled_events).toEqual(['customer.created', 'charge.refunded']);
    expect(ep!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    const c1 = await stripe.customers.create({ name: 'first' });
    await stripe.customers.update(c1.id, { name: 'not forwarded' });
    const lines = await listen.lines(1);
    // The handler answered 500: the relay tells the sandbox so, and the sandbox retries on its clock.
    await stripe.rawRequest('post', '/v1/test_helpers/sandbox/advance', { seconds: 60 });
    await listen.lines(2);
    const c2 = await stripe.customers.create({ name: 'second' });
    await listen.lines(3);
    expect(await listen.interrupt()).toBe(0);
    expect((await stripe.webhookEndpoints.list()).data).toEqual([]);

    const out = listen.stdout.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(out.map((l) => [l.type, l.status, l.error])).toEqual([
      ['customer.created', 500, null],
      ['customer.created', 200, null],
      ['customer.created', 200, null],
    ]);
    expect(rx.deliveries).toHaveLength(3);
    const ids = rx.deliveries.map((d) => verifier.webhooks.constructEvent(d.body, d.headers['stripe-signature'] as string, secret).data.object as { id: string });
    expect(ids.map((o) => o.id)).toEqual([c1.id, c1.id, c2.id]);
    expect(out.map((l) => l.id)).toEqual(rx.deliveries.map((d) => JSON.parse(d.body).id));
    expect(listen.stderr.text).toBe('');
    await rx.close();
  });

  it('removes the temporary endpoint a killed listen left behind, and only that one', async () => {
    const key = newTestKey();
    const env = { ...home.env, PAYCTL_API_KEY: key, PAYCTL_BASE_URL: sandbox.url };
    const stripe = sdk(sandbox.url, key);
    const dead = 'http://127.0.0.1:9/';
    const stale = await stripe.webhookEndpoints.create({ url: dead, enabled_events: ['*'], metadata: { payctl_listen: dead } });
    const mine = await stripe.webhookEndpoints.create({ url: dead, enabled_events: ['*'] });
    const rx = await startReceiver();
    const listen = runInterruptible(['listen', '--forward-to', rx.url], env);
    await until(async () => (await stripe.webhookEndpoints.list()).data.length === 2 && !(await stripe.webhookEndpoints.list()).data.some((e) => e.id === stale.id), 'the stale endpoint to go');
    expect(await listen.interrupt()).toBe(0);
    expect((await stripe.webhookEndpoints.list()).data.map((e) => e.id)).toEqual([mine.id]);
    await rx.close();
  });

  it('embedded: the sandbox lives in the listen process; events from other payctl runs are pushed too', async () => {
    const h = tempHome();
    try {
      const env = { ...h.env, PAYCTL_API_KEY: undefined };
      const secret = await secretFor(env);
      const rx = await startReceiver();
      const listen = runInterruptible(['listen', '--forward-to', rx.url, '-o', 'table'], env);
      await until(async () => {
        const r = await runCli(['webhook-endpoints', 'list'], { env });
        return r.code === 0 && JSON.parse(r.stdout).length === 1;
      }, 'the temporary endpoint');
      const made = await runCli(['customers', 'create', '--email', 'ada@example.com'], { env });
      expect(made.code).toBe(0);
      const cus = JSON.parse(made.stdout).id;
      await rx.waitFor(1);
      const [line] = await listen.lines(1);
      expect(await listen.interrupt()).toBe(0);
      expect(line).toMatch(/^\d\d:\d\d:\d\d  customer\.created {19}evt_\w{24} {3}\[200\] \d+ ms$/);
      const ev = verifier.webhooks.constructEvent(rx.deliveries[0]!.body, rx.deliveries[0]!.headers['stripe-signature'] as string, secret);
      expect(ev.type).toBe('customer.created');
      expect((ev.data.object as { id: string }).id).toBe(cus);
      expect(JSON.parse((await runCli(['webhook-endpoints', 'list'], { env })).stdout)).toEqual([]);
      await rx.close();
    } finally {
      h.cleanup();
    }
  });

  describe('against a server that is not a sandbox', () => {
    // The sandbox app without its test helpers: to payctl it looks like any Stripe-compatible API.
    const store = openStore({ memory: true });
    const app = createSandboxApp({ store, routes: allRoutes.filter((r) => !r.pattern.startsWith('/v1/test_helpers')) });
    const server = createServer(app.handle);
    let url = '';
    beforeAll(async () => {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      app.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      store.close();
    });

    it('polls /v1/events and forwards each new event once, only the types asked for', async () => {
      const key = newTestKey();
      const env = { ...home.env, PAYCTL_API_KEY: key, PAYCTL_BASE_URL: url };
      const secret = await secretFor(env);
      const stripe = sdk(url, key);
      await stripe.customers.create({ name: 'before' });
      const rx = await startReceiver();
      const listen = runInterruptible(['listen', '--forward-to', rx.url, '--events', 'customer.created', '--interval', '100ms', '-o', 'jsonl'], env);
      // Sentinels until one is forwarded: from then on the poller has its cursor.
      for (let k = 0; rx.deliveries.length === 0; k++) {
        await stripe.customers.create({ name: `sentinel${k}` });
        await new Promise((r) => setTimeout(r, 150));
      }
      const base = rx.deliveries.length;
      const made: string[] = [];
      for (let i = 0; i < 5; i++) {
        const c = await stripe.customers.create({ name: `c${i}` });
        await stripe.customers.update(c.id, { name: `c${i}!` });
        made.push(c.id);
      }
      await rx.waitFor(base + 5);
      await new Promise((r) => setTimeout(r, 300));
      expect(await listen.interrupt()).toBe(0);
      expect((await stripe.webhookEndpoints.list()).data).toEqual([]); // polling creates no endpoint
      const forwarded = rx.deliveries.slice(base).map((d) => verifier.webhooks.constructEvent(d.body, d.headers['stripe-signature'] as string, secret));
      expect(forwarded.map((e) => e.type)).toEqual(Array(5).fill('customer.created'));
      expect(forwarded.map((e) => (e.data.object as { id: string }).id)).toEqual(made);
      expect(rx.deliveries.map((d) => JSON.parse(d.body).data.object.name)).not.toContain('before');
      expect(listen.stdout.text.trimEnd().split('\n')).toHaveLength(rx.deliveries.length);
      await rx.close();
    });
  });

  it.each([
    [['listen'], 2, 'missing required flag: --forward-to (or --print-secret)'],
    [['listen', '--forward-to', 'ftp://x'], 2, 'invalid --forward-to "ftp://x"'],
    [['listen', '--forward-to', 'http://127.0.0.1:9/x', '--events', 'Nope'], 2, 'invalid --events "Nope"'],
    [['listen', '--forward-to', 'http://127.0.0.1:9/x', '--interval', '1ms'], 2, 'invalid --interval "1ms"'],
  ])('%j fails before any request', async (argv, code, message) => {
    const r = await runCli(argv, { env: { ...home.env, PAYCTL_API_KEY: newTestKey(), PAYCTL_BASE_URL: sandbox.url } });
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('refuses a live key', async () => {
    const r = await runCli(['listen', '--forward-to', 'http://127.0.0.1:9/x'], { env: { ...home.env, PAYCTL_API_KEY: 'sk_live_' + 'Z'.repeat(20) + '1234', PAYCTL_BASE_URL: 'http://127.0.0.1:9' } });
    expect(r.code).toBe(4);
    expect(r.stderr).toBe('error: listen refuses live keys: use a test-mode key (sk_test_…) or the sandbox\n');
  });
});
