// Payouts: available funds required, cancel returns funds, pending → in_transit → paid on the clock.
import { describe, expect, it } from 'vitest';
import { useTestSandbox } from '../helpers/sandbox.js';
import { expectLedgerInvariant, pay, rawClient } from './money-helpers.js';

const sb = useTestSandbox();

describe('payouts', () => {
  it('need available (not pending) funds', async () => {
    const c = rawClient(sb);
    const empty = await c.call('POST', '/v1/payouts', { amount: 100, currency: 'usd' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ type: 'invalid_request_error', code: 'balance_insufficient' });
    expect(empty.body.error.message).toContain('In test mode, you can add funds to your available balance');
    await pay(c, 5000); // pending only
    expect((await c.call('POST', '/v1/payouts', { amount: 100, currency: 'usd' })).body.error.code).toBe('balance_insufficient');
    await c.advance(2 * 86400);
    const po = await c.post('/v1/payouts', { amount: 4000, currency: 'usd' });
    expect(po.status).toBe('pending');
    const over = await c.call('POST', '/v1/payouts', { amount: 5000 - 175 - 4000 + 1, currency: 'usd' });
    expect(over.body.error.code).toBe('balance_insufficient');
    const exact = await c.post('/v1/payouts', { amount: 5000 - 175 - 4000, currency: 'usd' });
    expect(exact.amount).toBe(825);
    expect((await c.get('/v1/balance')).available[0].amount).toBe(0);
    await expectLedgerInvariant(c);
  });

  it('have Stripe’s shape and a debit transaction', async () => {
    const c = rawClient(sb);
    await pay(c, 10000, 'pm_card_bypassPending');
    const po = await c.post('/v1/payouts', { amount: 3000, currency: 'usd', description: 'weekly', metadata: { run: '1' }, statement_descriptor: 'PAYCTL' });
    expect(po).toMatchObject({
      object: 'payout',
      amount: 3000,
      currency: 'usd',
      automatic: false,
      method: 'standard',
      source_type: 'card',
      type: 'bank_account',
      status: 'pending',
      description: 'weekly',
      metadata: { run: '1' },
      failure_balance_transaction: null,
      livemode: false,
    });
    expect(po.id).toMatch(/^po_/);
    expect(po.destination).toMatch(/^ba_/);
    expect(po.arrival_date).toBe(po.created + 2 * 86400);
    const txn = await c.get(`/v1/balance_transactions/${po.balance_transaction}`);
    expect(txn).toMatchObject({ amount: -3000, fee: 0, net: -3000, type: 'payout', reporting_category: 'payout', status: 'available', source: po.id });
    const upd = await c.post(`/v1/payouts/${po.id}`, { metadata: { run: '2' } });
    expect(upd.metadata).toEqual({ run: '2' });
    expect((await c.call('POST', `/v1/payouts/${po.id}`, { amount: 1 })).body.error.code).toBe('parameter_unknown');
    expect((await c.call('POST', '/v1/payouts', { amount: 0, currency: 'usd' })).status).toBe(400);
    expect((await c.call('POST', '/v1/payouts', { amount: 100, currency: 'usd', method: 'teleport' })).status).toBe(400);
  });

  it('cancel while pending returns the funds; later it is refused', async () => {
    const c = rawClient(sb);
    await pay(c, 10000, 'pm_card_bypassPending');
    const before = (await c.get('/v1/balance')).available[0].amount;
    const po = await c.post('/v1/payouts', { amount: 5000, currency: 'usd' });
    expect((await c.get('/v1/balance')).available[0].amount).toBe(before - 5000);
    const canceled = await c.post(`/v1/payouts/${po.id}/cancel`);
    expect(canceled.status).toBe('canceled');
    const back = await c.get(`/v1/balance_transactions/${canceled.failure_balance_transaction}`);
    expect(back).toMatchObject({ amount: 5000, type: 'payout_cancel', reporting_category: 'payout_reversal', source: po.id });
    expect((await c.get('/v1/balance')).available[0].amount).toBe(before);
    expect((await c.call('POST', `/v1/payouts/${po.id}/cancel`)).status).toBe(400);
    await expectLedgerInvariant(c);
  });

  it('move pending → in_transit (1 day) → paid (arrival, 2 days) with events', async () => {
    const c = rawClient(sb);
    await pay(c, 10000, 'pm_card_bypassPending');
    const po = await c.post('/v1/payouts', { amount: 1000, currency: 'usd' });
    await c.advance(86400);
    expect((await c.get(`/v1/payouts/${po.id}`)).status).toBe('in_transit');
    expect((await c.call('POST', `/v1/payouts/${po.id}/cancel`)).status).toBe(400);
    expect((await c.get('/v1/payouts', { status: 'in_transit' })).data.map((p: any) => p.id)).toEqual([po.id]);
    await c.advance(86400);
    const paid = await c.get(`/v1/payouts/${po.id}`);
    expect(paid).toMatchObject({ status: 'paid', reconciliation_status: 'completed' });
    const events = await c.get('/v1/events', { type: 'payout.paid' });
    expect(events.data.map((e: any) => e.data.object.id)).toEqual([po.id]);
    expect((await c.get('/v1/payouts', { status: 'paid', arrival_date: { lte: paid.arrival_date } })).data).toHaveLength(1);
    expect((await c.get('/v1/payouts', { arrival_date: { gt: paid.arrival_date } })).data).toHaveLength(0);
  });

  it('instant payouts start in transit and arrive in 30 minutes', async () => {
    const c = rawClient(sb);
    await pay(c, 10000, 'pm_card_bypassPending');
    const po = await c.post('/v1/payouts', { amount: 1000, currency: 'usd', method: 'instant' });
    expect(po).toMatchObject({ status: 'in_transit', method: 'instant', arrival_date: po.created + 1800 });
    await c.advance(1800);
    expect((await c.get(`/v1/payouts/${po.id}`)).status).toBe('paid');
  });
});
