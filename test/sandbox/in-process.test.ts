// The embedded sandbox's transport: the client hands requests to the sandbox app through an undici
// Dispatcher in this process. It must answer exactly as `sandbox serve` does over HTTP, keep the
// fault semantics (drop → retried and replayed, latency → a timeout reported at once), and open no
// socket at all, so no other local user or process can reach the owner's data.
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/http.js';
import { ConnectionError } from '../../src/client/errors.js';
import type { ClientOptions, StripeResponse } from '../../src/client/types.js';
import { createSandboxApp, type SandboxApp } from '../../src/sandbox/app.js';
import { createInProcessDispatcher } from '../../src/sandbox/dispatcher.js';
import { openStore, type Store } from '../../src/sandbox/store/sqlite.js';
import { runCli, tempHome } from '../helpers/cli.js';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { caught } from '../helpers/caught.js';

const served = useTestSandbox();
let store: Store;
let app: SandboxApp;
beforeAll(() => {
  store = openStore({ memory: true });
  app = createSandboxApp({ store });
});
afterAll(() => {
  app.close();
  store.close();
});

function inProcessClient(apiKey: string, extra: Partial<ClientOptions> = {}) {
  return createClient({ apiKey, baseUrl: 'http://embedded-sandbox.localhost', dispatcher: createInProcessDispatcher(app), sleep: async () => {}, ...extra });
}

/** What must not differ between transports: status, body (ids and times aside) and the Stripe headers. */
function comparable(r: StripeResponse): unknown {
  const body = JSON.parse(JSON.stringify(r.body).replace(/"(cus|req)_[A-Za-z0-9]+"/g, '"$1_X"').replace(/"created":\d+/g, '"created":0').replace(/"invoice_prefix":"\w+"/g, '"invoice_prefix":"X"'));
  const h = r.headers;
  return { status: r.status, body, type: h['content-type'], version: h['stripe-version'], length: Number(h['content-length']) > 0, requestId: /^req_/.test(h['request-id'] ?? '') };
}

describe('in-process dispatcher', () => {
  it('answers like sandbox serve over HTTP: objects, lists, errors, auth', async () => {
    const steps: Array<(c: ReturnType<typeof createClient>) => Promise<StripeResponse>> = [
      (c) => c.request({ method: 'POST', path: '/v1/customers', params: { name: 'Ada', email: 'ada@example.com', metadata: { tier: 'gold' } } }),
      (c) => c.request({ method: 'GET', path: '/v1/customers', params: { limit: 1 } }),
      (c) => c.request({ method: 'GET', path: '/v1/balance' }),
    ];
    const failing: Array<(c: ReturnType<typeof createClient>) => Promise<unknown>> = [
      (c) => c.request({ method: 'GET', path: '/v1/customers/cus_missing' }),
      (c) => c.request({ method: 'POST', path: '/v1/payment_intents', params: { amount: -1, currency: 'usd' } }),
      (c) => c.request({ method: 'GET', path: '/v1/nowhere' }),
    ];
    const keyA = newTestKey();
    const keyB = newTestKey();
    const viaHttp = createClient({ apiKey: keyA, baseUrl: served.url, sleep: async () => {} });
    const inProc = inProcessClient(keyB);
    try {
      for (const step of steps) expect(comparable(await step(inProc))).toEqual(comparable(await step(viaHttp)));
      for (const step of failing) {
        const [a, b] = [await caught(step(inProc)), await caught(step(viaHttp))];
        expect([a.constructor.name, a.status, a.message.replace(/req_\w+/g, '')]).toEqual([b.constructor.name, b.status, b.message.replace(/req_\w+/g, '')]);
      }
      const badKey = inProcessClient('sk_live_' + 'x'.repeat(24));
      expect((await caught(badKey.get('/v1/balance'))).status).toBe(401);
    } finally {
      await viaHttp.close();
      await inProc.close();
    }
  });

  it('a drop fault (committed, then no answer) is retried with the same key and replayed: one customer', async () => {
    const c = inProcessClient(newTestKey(), { extraHeaders: (attempt): Record<string, string> => (attempt === 0 ? { 'Payctl-Sandbox-Fault': 'drop' } : {}) });
    const r = await c.request({ method: 'POST', path: '/v1/customers', params: { email: 'drop@example.com' } });
    expect([r.status, r.replayed]).toEqual([200, true]);
    const list = await c.get('/v1/customers');
    expect(list.data.map((x: { id: string }) => x.id)).toEqual([r.body.id]);
  });

  it('a timeout is reported when it fires, not when the sandbox finally answers', async () => {
    const c = inProcessClient(newTestKey(), { timeoutMs: 100, maxRetries: 0, extraHeaders: (): Record<string, string> => ({ 'Payctl-Sandbox-Fault': 'latency=1500' }) });
    const started = Date.now();
    const err = await caught(c.request({ method: 'GET', path: '/v1/balance' }));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/^network error: ETIMEDOUT timed out after 100ms \(GET http:\/\/embedded-sandbox\.localhost\/v1\/balance, 1 attempt\)/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses requests once closed', async () => {
    const d = createInProcessDispatcher(app);
    await d.close();
    const c = createClient({ apiKey: newTestKey(), baseUrl: 'http://embedded-sandbox.localhost', dispatcher: d, maxRetries: 0 });
    const err = await caught(c.get('/v1/balance'));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.message).toMatch(/the in-process sandbox is closed/);
  });
});

describe('the embedded default opens no socket', () => {
  const home = tempHome();
  const seen: string[] = [];
  const listen = net.Server.prototype.listen;
  const connect = net.Socket.prototype.connect;
  beforeAll(() => {
    // Record (and still perform) every listen and connect made while payctl runs in this process.
    net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
      seen.push(`listen ${JSON.stringify(args[0])}`);
      return (listen as (...a: unknown[]) => net.Server).apply(this, args);
    } as typeof listen;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      seen.push(`connect ${JSON.stringify(args[0])}`);
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof connect;
  });
  afterEach(() => void (seen.length = 0));
  afterAll(() => {
    net.Server.prototype.listen = listen;
    net.Socket.prototype.connect = connect;
    home.cleanup();
  });

  it('creates and lists through the in-process dispatcher: no listen, no connect', async () => {
    const created = await runCli(['customers', 'create', '--name', 'Private'], { env: home.env });
    expect([created.code, created.stderr]).toEqual([0, '']);
    const listed = await runCli(['customers', 'list', '--json'], { env: home.env });
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((c: { name: string }) => c.name)).toEqual(['Private']);
    expect(seen).toEqual([]);
  });

  it('whoami names the in-process sandbox', async () => {
    const r = await runCli(['whoami'], { env: home.env, tty: true });
    expect(r.stdout).toMatch(/BASE URL\s+\(embedded sandbox, in-process\)/);
  });
});
