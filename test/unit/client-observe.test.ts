// The client's mutation observer (what the history journal records): one report per POST/DELETE with
// its outcome — ok, failed (refused, or never sent) or unknown (may have happened) — and none for GETs,
// dry runs or requests refused before sending. Against the real sandbox with forced faults.
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/http.js';
import type { MutationRecord } from '../../src/client/observe.js';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';

const sandbox = useTestSandbox();

function observed(fault?: string, extra: { baseUrl?: string; dryRun?: boolean } = {}) {
  const records: MutationRecord[] = [];
  const c = createClient({
    apiKey: newTestKey(),
    baseUrl: extra.baseUrl ?? sandbox.url,
    maxRetries: 0,
    dryRun: extra.dryRun,
    sleep: async () => {},
    extraHeaders: (): Record<string, string> => (fault ? { 'Payctl-Sandbox-Fault': fault } : {}),
    onMutation: (r) => records.push(r),
  });
  return { c, records };
}

describe('onMutation', () => {
  it.each([
    ['a success', undefined, '/v1/customers', { email: 'a@example.com' }, { outcome: 'ok', status: 200 }],
    ['a 400', undefined, '/v1/refunds', { charge: 'ch_missing', amount: 500 }, { outcome: 'failed', status: 400, amount: 500, errorType: 'invalid_request_error' }],
    ['a 429 after retries', 'rate_limit', '/v1/customers', {}, { outcome: 'failed', status: 429, errorCode: 'rate_limit' }],
    ['a 500 after retries', 'fail', '/v1/customers', {}, { outcome: 'unknown', status: 500, errorType: 'api_error' }],
    ['a dropped answer', 'drop', '/v1/customers', {}, { outcome: 'unknown', status: null, errorType: 'network_error' }],
  ])('%s', async (_name, fault, path, params, want) => {
    const { c, records } = observed(fault);
    await c.post(path, params, { idempotencyKey: 'key-1' }).catch(() => undefined);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ method: 'POST', path, idempotencyKey: 'key-1', params, ...want });
    await c.close();
  });

  it('names the object made and its money, and says when the answer was a replay', async () => {
    const { c, records } = observed();
    const params = { amount: 1500, currency: 'jpy' };
    const pi = await c.post('/v1/payment_intents', params, { idempotencyKey: 'pi-1' });
    await c.post('/v1/payment_intents', params, { idempotencyKey: 'pi-1' });
    expect(records.map((r) => [r.objectId, r.amount, r.currency, r.replayed ?? false])).toEqual([
      [pi.id, 1500, 'jpy', false],
      [pi.id, 1500, 'jpy', true],
    ]);
    expect(records[0]!.requestId).toMatch(/^req_/);
    await c.close();
  });

  it('reports DELETE, never GET, dry runs or requests that could not leave', async () => {
    const { c, records } = observed();
    const cus = await c.post('/v1/customers', {});
    await c.get(`/v1/customers/${cus.id}`);
    await c.del(`/v1/customers/${cus.id}`);
    expect(records.map((r) => [r.method, r.outcome])).toEqual([['POST', 'ok'], ['DELETE', 'ok']]);
    const dry = observed(undefined, { dryRun: true });
    await dry.c.post('/v1/customers', {}).catch(() => undefined);
    expect(dry.records).toEqual([]);
    const down = observed(undefined, { baseUrl: 'http://127.0.0.1:1' });
    await down.c.post('/v1/customers', {}).catch(() => undefined);
    expect(down.records.map((r) => [r.outcome, r.status])).toEqual([['failed', null]]);
    await c.close();
  });
});
