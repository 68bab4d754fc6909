// Refund caps and lifecycles: partial and repeated refunds, over-refunds, already refunded, uncaptured
// charges, pending and failing refund cards, legacy charges, update/cancel rules.
import { describe, expect, it } from 'vitest';
import { useTestSandbox } from '../helpers/sandbox.js';
import { expectLedgerInvariant, pay, rawClient } from './money-helpers.js';

const sb = useTestSandbox();
const c = rawClient(sb);

describe('refund caps', () => {
  it('partial refunds repeat until the captured amount, then charge_already_refunded', async () => {
    const pi = await pay(c, 2000);
    const r1 = await c.post('/v1/refunds', { charge: pi.latest_charge, amount: 500, reason: 'requested_by_customer', metadata: { ticket: '1' } });
    expect(r1).toMatchObject({ object: 'refund', amount: 500, status: 'succeeded', charge: pi.latest_charge, payment_intent: pi.id, reason: 'requested_by_customer', metadata: { ticket: '1' } });
    const r2 = await c.post('/v1/refunds', { payment_intent: pi.id, amount: 1000 });
    let ch = await c.get(`/v1/charges/${pi.latest_charge}`);
    expect(ch).toMatchObject({ amount_refunded: 1500, refunded: false });
    const over = await c.call('POST', '/v1/refunds', { charge: pi.latest_charge, amount: 2000 });
    expect(over.status).toBe(400);
    expect(over.body.error).toEqual({
      type: 'invalid_request_error',
      param: 'amount',
      message: 'Refund amount ($20.00) is greater than unrefunded amount on charge ($5.00)',
      request_log_url: expect.stringMatching(/^https:\/\/dashboard\.stripe\.com\/test\/logs\/req_/),
    });
    const rest = await c.post('/v1/refunds', { charge: pi.latest_charge });
    expect(rest.amount).toBe(500);
    ch = await c.get(`/v1/charges/${pi.latest_charge}`, { expand: ['refunds'] });
    expect(ch).toMatchObject({ amount_refunded: 2000, refunded: true });
    expect(ch.refunds.data.map((r: any) => r.id)).toEqual([rest.id, r2.id, r1.id]);
    expect(ch.refunds.url).toBe(`/v1/charges/${ch.id}/refunds`);
    const again = await c.call('POST', '/v1/refunds', { charge: pi.latest_charge, amount: 1 });
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ code: 'charge_already_refunded', message: `Charge ${ch.id} has already been refunded.` });
    // Refunds never change the PaymentIntent's status.
    expect((await c.get(`/v1/payment_intents/${pi.id}`)).status).toBe('succeeded');
    await expectLedgerInvariant(c);
  });

  it('the refund is a negative, fee-free balance transaction', async () => {
    const pi = await pay(c, 3000);
    const re = await c.post('/v1/refunds', { payment_intent: pi.id, amount: 1234 }, );
    const txn = await c.get(`/v1/balance_transactions/${re.balance_transaction}`);
    expect(txn).toMatchObject({ amount: -1234, fee: 0, net: -1234, type: 'refund', reporting_category: 'refund', status: 'available', source: re.id });
  });

  it('uncaptured PaymentIntent charges are refused (cancel instead)', async () => {
    const pi = await pay(c, 2000, 'pm_card_visa', { capture_method: 'manual' });
    for (const params of [{ payment_intent: pi.id }, { charge: pi.latest_charge }]) {
      const r = await c.call('POST', '/v1/refunds', params);
      expect(r.status).toBe(400);
      expect(r.body.error.type).toBe('invalid_request_error');
      expect(r.body.error.code).toBeUndefined();
      expect(r.body.error.message).toContain('cancel the PaymentIntent');
    }
  });

  it('after a partial capture only the captured amount is refundable', async () => {
    const pi = await pay(c, 2000, 'pm_card_visa', { capture_method: 'manual' });
    await c.post(`/v1/payment_intents/${pi.id}/capture`, { amount_to_capture: 1200 });
    const over = await c.call('POST', '/v1/refunds', { payment_intent: pi.id, amount: 1300 });
    expect(over.body.error.message).toBe('Refund amount ($13.00) is greater than unrefunded amount on charge ($12.00)');
    const re = await c.post('/v1/refunds', { payment_intent: pi.id });
    expect(re.amount).toBe(1200);
    expect((await c.get(`/v1/charges/${pi.latest_charge}`)).refunded).toBe(true);
  });

  it('parameter rules: one of charge/payment_intent, positive amount, known reason, existing objects', async () => {
    const pi = await pay(c, 2000);
    expect((await c.call('POST', '/v1/refunds', {})).status).toBe(400);
    expect((await c.call('POST', '/v1/refunds', { charge: pi.latest_charge, amount: 0 })).body.error.param).toBe('amount');
    expect((await c.call('POST', '/v1/refunds', { charge: pi.latest_charge, reason: 'bored' })).body.error.param).toBe('reason');
    const missing = await c.call('POST', '/v1/refunds', { charge: 'ch_nope' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'resource_missing', param: 'charge', message: "No such charge: 'ch_nope'" });
    const failed = await c.call('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true, payment_method_types: ['card'] });
    const onFailed = await c.call('POST', '/v1/refunds', { charge: failed.body.error.charge });
    expect(onFailed.status).toBe(400);
  });

  it('zero-decimal and three-decimal amounts are formatted with their exponent', async () => {
    const jpy = await c.post('/v1/payment_intents', { amount: 1000, currency: 'jpy', payment_method: 'pm_card_visa', confirm: true, payment_method_types: ['card'] });
    const r = await c.call('POST', '/v1/refunds', { payment_intent: jpy.id, amount: 1001 });
    expect(r.body.error.message).toBe('Refund amount (¥1,001) is greater than unrefunded amount on charge (¥1,000)');
    const kwd = await c.post('/v1/payment_intents', { amount: 5000, currency: 'kwd', payment_method: 'pm_card_visa', confirm: true, payment_method_types: ['card'] });
    const odd = await c.call('POST', '/v1/refunds', { payment_intent: kwd.id, amount: 1005 });
    expect(odd.status).toBe(400);
    const k = await c.call('POST', '/v1/refunds', { payment_intent: kwd.id, amount: 6000 });
    expect(k.body.error.message).toBe('Refund amount (6.000 KWD) is greater than unrefunded amount on charge (5.000 KWD)');
  });
});

describe('refund lifecycles', () => {
  it('pm_card_pendingRefund: pending, then succeeded after the clock moves', async () => {
    const c2 = rawClient(sb);
    const pi = await pay(c2, 2000, 'pm_card_pendingRefund');
    const re = await c2.post('/v1/refunds', { payment_intent: pi.id, amount: 700 });
    expect(re.status).toBe('pending');
    expect((await c2.get(`/v1/charges/${pi.latest_charge}`)).amount_refunded).toBe(700);
    expect((await c2.get(`/v1/refunds/${re.id}`)).status).toBe('pending');
    await c2.advance(61);
    expect((await c2.get(`/v1/refunds/${re.id}`)).status).toBe('succeeded');
    const events = await c2.get('/v1/events', { type: 'refund.updated' });
    expect(events.data.map((e: any) => [e.data.object.id, e.data.object.status])).toEqual([[re.id, 'succeeded']]);
    await expectLedgerInvariant(c2);
  });

  it('pm_card_refundFail: succeeded, then failed with a refund_failure transaction', async () => {
    const c2 = rawClient(sb);
    const pi = await pay(c2, 2000, 'pm_card_refundFail');
    const re = await c2.post('/v1/refunds', { payment_intent: pi.id });
    expect(re.status).toBe('succeeded');
    expect((await c2.get(`/v1/charges/${pi.latest_charge}`)).refunded).toBe(true);
    await c2.advance(61);
    const failed = await c2.get(`/v1/refunds/${re.id}`);
    expect(failed).toMatchObject({ status: 'failed', failure_reason: 'expired_or_canceled_card' });
    const txn = await c2.get(`/v1/balance_transactions/${failed.failure_balance_transaction}`);
    expect(txn).toMatchObject({ amount: 2000, fee: 0, type: 'refund_failure', reporting_category: 'refund_failure', source: re.id });
    const ch = await c2.get(`/v1/charges/${pi.latest_charge}`);
    expect(ch).toMatchObject({ amount_refunded: 0, refunded: false });
    await expectLedgerInvariant(c2);
  });

  it('update takes metadata only; cancel refuses card refunds', async () => {
    const pi = await pay(c, 2000);
    const re = await c.post('/v1/refunds', { payment_intent: pi.id, amount: 100 });
    const upd = await c.post(`/v1/refunds/${re.id}`, { metadata: { a: '1' } });
    expect(upd.metadata).toEqual({ a: '1' });
    const bad = await c.call('POST', `/v1/refunds/${re.id}`, { amount: 5 });
    expect(bad.body.error).toMatchObject({ code: 'parameter_unknown', param: 'amount' });
    const cancel = await c.call('POST', `/v1/refunds/${re.id}/cancel`);
    expect(cancel.status).toBe(400);
    expect(cancel.body.error.message).toContain('requires_action');
    expect((await c.call('GET', '/v1/refunds/re_nope')).status).toBe(404);
  });

  it('lists filter by charge and payment_intent', async () => {
    const a = await pay(c, 2000);
    const b = await pay(c, 2000);
    const ra = await c.post('/v1/refunds', { payment_intent: a.id, amount: 100 });
    const rb = await c.post('/v1/refunds', { payment_intent: b.id, amount: 100 });
    expect((await c.get('/v1/refunds', { charge: a.latest_charge })).data.map((r: any) => r.id)).toEqual([ra.id]);
    expect((await c.get('/v1/refunds', { payment_intent: b.id })).data.map((r: any) => r.id)).toEqual([rb.id]);
    expect((await c.get(`/v1/charges/${a.latest_charge}/refunds`)).data.map((r: any) => r.id)).toEqual([ra.id]);
  });
});

describe('legacy charges', () => {
  it('tok_visa charges, declined tokens, and uncaptured authorizations', async () => {
    const ch = await c.post('/v1/charges', { amount: 1500, currency: 'usd', source: 'tok_visa', description: 'legacy' });
    expect(ch).toMatchObject({ status: 'succeeded', captured: true, payment_intent: null, description: 'legacy' });
    expect(ch.source).toMatchObject({ object: 'card', brand: 'Visa', last4: '4242' });
    expect(ch.payment_method).toBe(ch.source.id);
    const declined = await c.call('POST', '/v1/charges', { amount: 1500, currency: 'usd', source: 'tok_chargeDeclined' });
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({ type: 'card_error', code: 'card_declined', decline_code: 'generic_decline' });
    expect(declined.body.error.payment_intent).toBeUndefined();
    expect((await c.get(`/v1/charges/${declined.body.error.charge}`)).status).toBe('failed');
    const neither = await c.call('POST', '/v1/charges', { amount: 1500, currency: 'usd' });
    expect(neither.body.error.message).toBe('Must provide source or customer.');
    const badToken = await c.call('POST', '/v1/charges', { amount: 1500, currency: 'usd', source: 'tok_nope' });
    expect(badToken.status).toBe(400);
    const auth = await c.post('/v1/charges', { amount: 1500, currency: 'usd', source: 'tok_mastercard', capture: false });
    expect(auth).toMatchObject({ captured: false, paid: true, balance_transaction: null });
    const partial = await c.call('POST', '/v1/refunds', { charge: auth.id, amount: 100 });
    expect(partial.status).toBe(400);
    const release = await c.post('/v1/refunds', { charge: auth.id });
    expect(release).toMatchObject({ amount: 1500, balance_transaction: null });
    expect((await c.get(`/v1/charges/${auth.id}`)).refunded).toBe(true);
    const auth2 = await c.post('/v1/charges', { amount: 1500, currency: 'usd', source: 'tok_amex', capture: false });
    const cap = await c.post(`/v1/charges/${auth2.id}/capture`, { amount: 1000 });
    expect(cap).toMatchObject({ captured: true, amount_captured: 1000 });
  });

  it('a customer with a card source can be charged; update rules', async () => {
    const cus = await c.post('/v1/customers', { source: 'tok_visa' });
    const ch = await c.post('/v1/charges', { amount: 1000, currency: 'usd', customer: cus.id });
    expect(ch.customer).toBe(cus.id);
    const noCard = await c.post('/v1/customers', {});
    const r = await c.call('POST', '/v1/charges', { amount: 1000, currency: 'usd', customer: noCard.id });
    expect(r.body.error).toMatchObject({ code: 'missing', message: 'Cannot charge a customer that has no active card' });
    const other = await c.post('/v1/charges', { amount: 1000, currency: 'usd', source: 'tok_visa' });
    const upd = await c.post(`/v1/charges/${other.id}`, { customer: cus.id, description: 'd', metadata: { k: 'v' }, fraud_details: { user_report: 'safe' } });
    expect(upd).toMatchObject({ customer: cus.id, description: 'd', metadata: { k: 'v' }, fraud_details: { user_report: 'safe' } });
    const change = await c.call('POST', `/v1/charges/${ch.id}`, { customer: noCard.id });
    expect(change.status).toBe(400);
    const unknown = await c.call('POST', `/v1/charges/${ch.id}`, { amount: 5 });
    expect(unknown.body.error.code).toBe('parameter_unknown');
  });

  it('search charges by card details and refunded flag', async () => {
    const c2 = rawClient(sb);
    const a = await pay(c2, 2000, 'pm_card_mastercard');
    const b = await pay(c2, 2000, 'pm_card_visa');
    await c2.post('/v1/refunds', { payment_intent: b.id });
    const mc = await c2.get('/v1/charges/search', { query: "payment_method_details.card.brand:'mastercard'" });
    expect(mc.data.map((x: any) => x.id)).toEqual([a.latest_charge]);
    const refunded = await c2.get('/v1/charges/search', { query: 'refunded:"true"' });
    expect(refunded.data.map((x: any) => x.id)).toEqual([b.latest_charge]);
    const last4 = await c2.get('/v1/charges/search', { query: "payment_method_details.card.last4:'4444' AND amount>=2000" });
    expect(last4.data).toHaveLength(1);
  });
});
