// The client against the real sandbox: idempotent retries across a dropped connection, retry policy
// on forced faults (Payctl-Sandbox-Fault header on chosen attempts), auth, dry run and pagination.
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/http.js';
import {
  ApiServerError,
  AuthenticationError,
  DryRunError,
  InvalidRequestError,
  RateLimitError,
} from '../../src/client/errors.js';
import type { ClientOptions } from '../../src/client/types.js';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { caught } from '../helpers/caught.js';

const sandbox = useTestSandbox();

/** A client on a fresh account; `faults[attempt]` is sent as Payctl-Sandbox-Fault on that attempt. */
function client(extra: Partial<ClientOptions> & { faults?: Array<string | undefined> | ((attempt: number) => string | undefined) } = {}) {
  const { faults, ...rest } = extra;
  const sleeps: number[] = [];
  const logs: string[] = [];
  const faultFor = typeof faults === 'function' ? faults : (a: number) => faults?.[a];
  const c = createClient({
    apiKey: newTestKey(),
    baseUrl: sandbox.url,
    sleep: async (ms) => void sleeps.push(ms),
    log: (l) => logs.push(l),
    extraHeaders: (attempt): Record<string, string> => {
      const f = faultFor(attempt);
      return f ? { 'Payctl-Sandbox-Fault': f } : {};
    },
    ...rest,
  });
  const attempts = () => logs.filter((l) => l.startsWith('→ ')).length;
  return { c, sleeps, logs, attempts };
}

/** Lists the account's customers through a fault-free client on the same key. */
async function customerIds(c: ReturnType<typeof createClient>): Promise<string[]> {
  const plain = createClient({ apiKey: c.options.apiKey, baseUrl: sandbox.url, maxRetries: 0 });
  try {
    const page = await plain.get('/v1/customers', { limit: 100 });
    return page.data.map((x: { id: string }) => x.id);
  } finally {
    await plain.close();
  }
}

describe('idempotent retries', () => {
  it('a POST whose first attempt commits and then drops is retried with the same key and replayed: one customer', async () => {
    const { c, sleeps, logs } = client({ faults: ['drop'] });
    try {
      const r = await c.request({ method: 'POST', path: '/v1/customers', params: { email: 'drop@example.com' } });
      expect(r.status).toBe(200);
      expect(r.replayed).toBe(true);
      expect(r.body).toMatchObject({ object: 'customer', email: 'drop@example.com' });
      expect(sleeps).toHaveLength(1);
      const keyed = logs.filter((l) => l.startsWith('→ POST'));
      expect(keyed).toEqual([
        `→ POST /v1/customers (idempotency-key ${r.idempotencyKey})`,
        `→ POST /v1/customers (idempotency-key ${r.idempotencyKey}, retry 1/3)`,
      ]);
      expect(await customerIds(c)).toEqual([r.body.id]);
    } finally {
      await c.close();
    }
  });

  it('without the shared key the same drop would create two customers (the sandbox really committed)', async () => {
    // Control for the test above: a second POST with a new key after a drop creates a second object.
    const { c } = client({ faults: ['drop'], maxRetries: 0 });
    try {
      const e = await caught(c.post('/v1/customers', { email: 'x@example.com' }));
      expect(e.outcomeUnknown).toBe(true);
      const { c: plain } = client({ apiKey: c.options.apiKey });
      await plain.post('/v1/customers', { email: 'x@example.com' });
      expect(await customerIds(plain)).toHaveLength(2);
      await plain.close();
    } finally {
      await c.close();
    }
  });

  it('re-running with the printed key after an unknown outcome replays instead of creating again', async () => {
    const { c } = client({ faults: () => 'drop', maxRetries: 1 });
    try {
      const e = await caught(c.post('/v1/customers', { email: 'again@example.com' }));
      expect(e.message).toContain(`re-run with --idempotency-key ${e.idempotencyKey}`);
      const { c: rerun } = client({ apiKey: c.options.apiKey });
      const r = await rerun.request({ method: 'POST', path: '/v1/customers', params: { email: 'again@example.com' }, idempotencyKey: e.idempotencyKey });
      expect(r.replayed).toBe(true);
      expect(await customerIds(rerun)).toEqual([r.body.id]);
      await rerun.close();
    } finally {
      await c.close();
    }
  });
});

describe('retry policy against forced faults', () => {
  it.each([
    ['GET', 'fail'],
    ['POST', 'fail'],
    ['GET', 'rate_limit'],
  ] as const)('%s: one %s then success is retried', async (method, fault) => {
    const { c, sleeps, attempts } = client({ faults: [fault] });
    try {
      const r = method === 'GET' ? await c.request({ method, path: '/v1/customers' }) : await c.request({ method, path: '/v1/customers', params: { name: 'n' } });
      expect(r.status).toBe(200);
      expect(attempts()).toBe(2);
      // rate_limit answers Retry-After: 1, which lifts the first back-off from 500 ms to 1 s.
      expect(sleeps).toHaveLength(1);
      if (fault === 'rate_limit') expect(sleeps[0]).toBe(1000);
    } finally {
      await c.close();
    }
  });

  it('a 500 on every attempt → ApiServerError, exit 7, after maxRetries retries, naming the key', async () => {
    const { c, attempts } = client({ faults: () => 'fail', maxRetries: 2 });
    try {
      const e = await caught(c.post('/v1/customers', {}, { idempotencyKey: 'key-500' }));
      expect(e).toBeInstanceOf(ApiServerError);
      expect(e.exitCode).toBe(7);
      expect(e.status).toBe(500);
      expect(e.message).toContain('re-run with --idempotency-key key-500');
      expect(attempts()).toBe(3);
      expect(await customerIds(c)).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('a 429 on every attempt → RateLimitError, exit 6', async () => {
    const { c, attempts } = client({ faults: () => 'rate_limit', maxRetries: 1 });
    try {
      const e = await caught(c.get('/v1/customers'));
      expect(e).toBeInstanceOf(RateLimitError);
      expect(e.exitCode).toBe(6);
      expect(e.code).toBe('rate_limit');
      expect(attempts()).toBe(2);
    } finally {
      await c.close();
    }
  });

  it('maxRetries 0 makes exactly one attempt', async () => {
    const { c, sleeps, attempts } = client({ faults: ['fail'], maxRetries: 0 });
    try {
      expect(await caught(c.get('/v1/customers'))).toBeInstanceOf(ApiServerError);
      expect(attempts()).toBe(1);
      expect(sleeps).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('a 400 is not retried', async () => {
    const { c, sleeps, attempts } = client();
    try {
      const e = await caught(c.post('/v1/customers', { no_such_param: 'x' }));
      expect(e).toBeInstanceOf(InvalidRequestError);
      expect(e.exitCode).toBe(3);
      expect(e.status).toBe(400);
      expect(e.param).toBe('no_such_param');
      expect(e.requestId).toMatch(/^req_/);
      expect(attempts()).toBe(1);
      expect(sleeps).toEqual([]);
    } finally {
      await c.close();
    }
  });

  it('a 404 for a missing object is an InvalidRequestError, not retried', async () => {
    const { c, attempts } = client();
    try {
      const e = await caught(c.get('/v1/customers/cus_missing'));
      expect(e).toBeInstanceOf(InvalidRequestError);
      expect(e.status).toBe(404);
      expect(e.code).toBe('resource_missing');
      expect(attempts()).toBe(1);
    } finally {
      await c.close();
    }
  });
});

describe('auth and dry run', () => {
  it.each([['sk_test_'], ['not_a_key'], ['pk_test_abc']])('key %s → AuthenticationError, exit 4', async (apiKey) => {
    const { c, attempts } = client({ apiKey });
    try {
      const e = await caught(c.get('/v1/customers'));
      expect(e).toBeInstanceOf(AuthenticationError);
      expect(e.exitCode).toBe(4);
      expect(e.status).toBe(401);
      expect(attempts()).toBe(1);
    } finally {
      await c.close();
    }
  });

  it('dry run sends nothing', async () => {
    const { c: dry, logs } = client({ dryRun: true });
    const e = await caught(dry.post('/v1/customers', { email: 'dry@example.com' }));
    expect(e).toBeInstanceOf(DryRunError);
    expect(logs).toEqual([]);
    const { c } = client({ apiKey: dry.options.apiKey });
    try {
      expect(await customerIds(c)).toEqual([]);
    } finally {
      await c.close();
      await dry.close();
    }
  });
});

describe('pagination', () => {
  it('walks 3 pages with limit, newest first, with starting_after; and back with ending_before', async () => {
    const { c, logs } = client();
    try {
      const created: string[] = [];
      for (let i = 0; i < 7; i++) created.push((await c.post('/v1/customers', { name: `c${i}` })).id);
      const newestFirst = [...created].reverse();

      logs.length = 0;
      const seen: string[] = [];
      for await (const cus of c.paginate<{ id: string }>('/v1/customers', { limit: 3 })) seen.push(cus.id);
      expect(seen).toEqual(newestFirst);
      const gets = logs.filter((l) => l.startsWith('→ GET'));
      expect(gets).toEqual([
        '→ GET /v1/customers?limit=3',
        `→ GET /v1/customers?limit=3&starting_after=${newestFirst[2]}`,
        `→ GET /v1/customers?limit=3&starting_after=${newestFirst[5]}`,
      ]);

      // ending_before from the oldest walks toward newer objects, nearest first.
      const back: string[] = [];
      for await (const cus of c.paginate<{ id: string }>('/v1/customers', { limit: 2, ending_before: created[0] })) back.push(cus.id);
      expect(back).toEqual(created.slice(1));

      // No limit given: one page of up to 100.
      logs.length = 0;
      const all: string[] = [];
      for await (const cus of c.paginate<{ id: string }>('/v1/customers')) all.push(cus.id);
      expect(all).toEqual(newestFirst);
      expect(logs.filter((l) => l.startsWith('→ GET'))).toEqual(['→ GET /v1/customers?limit=100']);
    } finally {
      await c.close();
    }
  });

  it('stops early without fetching more pages when the consumer breaks', async () => {
    const { c, logs } = client();
    try {
      for (let i = 0; i < 5; i++) await c.post('/v1/customers', { name: `b${i}` });
      logs.length = 0;
      let n = 0;
      for await (const _ of c.paginate('/v1/customers', { limit: 2 })) if (++n === 3) break;
      expect(logs.filter((l) => l.startsWith('→ GET'))).toHaveLength(2);
    } finally {
      await c.close();
    }
  });

  it('searchAll follows next_page', async () => {
    const { c, logs } = client();
    try {
      for (let i = 0; i < 5; i++) await c.post('/v1/customers', { name: `s${i}`, email: `s${i}@search.test` });
      await c.post('/v1/customers', { name: 'other', email: 'o@else.test' });
      logs.length = 0;
      const names: string[] = [];
      for await (const cus of c.searchAll<{ name: string }>('/v1/customers/search', { query: 'email~"search.test"', limit: 2 })) names.push(cus.name);
      expect(names.sort()).toEqual(['s0', 's1', 's2', 's3', 's4']);
      const gets = logs.filter((l) => l.startsWith('→ GET'));
      expect(gets).toHaveLength(3);
      expect(gets[1]).toMatch(/&page=/);
    } finally {
      await c.close();
    }
  });
});
