// Money under contention: parallel refunds and payouts against one server, and against two servers
// sharing one SQLite file. No refund total may exceed its charge, no payout may overdraw, and the
// ledger invariant must hold afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newTestKey, type TestSandbox, useTestSandbox } from '../helpers/sandbox.js';
import { openStore, type Store } from '../../src/sandbox/store/sqlite.js';
import { startSandboxServer, type RunningSandbox } from '../../src/sandbox/server.js';
import { expectLedgerInvariant, pay, rawClient, type RawClient } from './money-helpers.js';

/** Fires every request at once and tallies the status codes. */
async function burst(calls: Array<() => Promise<{ status: number; body: any }>>): Promise<{ ok: any[]; codes: number[] }> {
  const replies = await Promise.all(calls.map((f) => f()));
  return { ok: replies.filter((r) => r.status === 200).map((r) => r.body), codes: replies.map((r) => r.status) };
}

async function refundAndPayoutStorm(clients: RawClient[]): Promise<void> {
  const c = clients[0]!;
  const pi = await pay(c, 10000, 'pm_card_bypassPending'); // fee 320 → 9680 available
  // 20 refunds of 30% (3000) each: only three fit in 10000.
  const refunds = await burst(
    Array.from({ length: 20 }, (_, i) => () => clients[i % clients.length]!.call('POST', '/v1/refunds', { payment_intent: pi.id, amount: 3000 })),
  );
  expect(refunds.ok).toHaveLength(3);
  expect(refunds.codes.filter((s) => s === 400)).toHaveLength(17);
  const ch = await c.get(`/v1/charges/${pi.latest_charge}`);
  expect(ch.amount_refunded).toBe(9000);
  const listed = await c.all('/v1/refunds', { charge: ch.id });
  expect(listed.reduce((s: number, r: any) => s + r.amount, 0)).toBe(9000);
  await expectLedgerInvariant(c);

  // Available is now 9680 − 9000 = 680; top it up with another bypass charge of 20000 (fee 610): 20070.
  await pay(c, 20000, 'pm_card_bypassPending');
  const before = (await c.get('/v1/balance')).available[0].amount;
  expect(before).toBe(680 + 19390);
  // 10 payouts of 3000 together ask for 30000: at most six fit.
  const payouts = await burst(
    Array.from({ length: 10 }, (_, i) => () => clients[i % clients.length]!.call('POST', '/v1/payouts', { amount: 3000, currency: 'usd' })),
  );
  expect(payouts.ok).toHaveLength(6);
  for (const r of payouts.codes.filter((s) => s !== 200)) expect(r).toBe(400);
  const after = (await c.get('/v1/balance')).available[0].amount;
  expect(after).toBe(before - 18000);
  expect(after).toBeGreaterThanOrEqual(0);
  await expectLedgerInvariant(c);
}

describe('one server, parallel clients', () => {
  const sb = useTestSandbox();

  it('parallel refunds never exceed the charge; parallel payouts never overdraw', async () => {
    await refundAndPayoutStorm([rawClient(sb)]);
  });

  it('parallel idempotent retries create one payment', async () => {
    const c = rawClient(sb);
    const params = { amount: 777, currency: 'usd', payment_method: 'pm_card_visa', confirm: 'true', 'automatic_payment_methods[enabled]': 'true', 'automatic_payment_methods[allow_redirects]': 'never' };
    const replies = await Promise.all(
      Array.from({ length: 8 }, () => c.call('POST', '/v1/payment_intents', params, { 'Idempotency-Key': 'same-key-parallel' })),
    );
    const ids = new Set(replies.filter((r) => r.status === 200).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    for (const r of replies) expect([200, 409]).toContain(r.status);
    expect((await c.get('/v1/payment_intents')).data).toHaveLength(1);
  });
});

describe('two servers on one SQLite file', () => {
  let dir: string;
  const stores: Store[] = [];
  const servers: RunningSandbox[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'payctl-money-'));
    const file = join(dir, 'sandbox.db');
    for (let i = 0; i < 2; i++) {
      const store = openStore({ path: file });
      stores.push(store);
      servers.push(await startSandboxServer({ store }));
    }
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    for (const s of stores) s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hammering one account through both keeps every cap and the invariant', async () => {
    const key = newTestKey();
    const clients = servers.map((s) => rawClient({ url: s.url, port: s.port } as TestSandbox, key));
    await refundAndPayoutStorm(clients);
    // Both servers see the same ledger.
    const [a, b] = await Promise.all(clients.map((c) => c.get('/v1/balance')));
    expect(a).toEqual(b);
    await expectLedgerInvariant(clients[1]!);
  });
});
