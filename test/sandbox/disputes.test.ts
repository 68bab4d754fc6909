// Disputes end to end through the official SDK and the raw client: the dispute test cards open a
// dispute on the next request, withdraw amount + fee, and evidence, closing or the deadline decide it.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { CARD_ONLY, expectLedgerInvariant, pay, rawClient, sdk } from './money-helpers.js';

const sb = useTestSandbox();

/** A fresh account: the SDK and the raw client on the same key. */
function account() {
  const key = newTestKey();
  return { stripe: sdk(sb, key), c: rawClient(sb, key) };
}

async function disputedPayment(stripe: Stripe, pm = 'pm_card_createDispute', amount = 2000) {
  const pi = await stripe.paymentIntents.create({ amount, currency: 'usd', payment_method: pm, confirm: true, ...CARD_ONLY });
  expect(pi.status).toBe('succeeded');
  const list = await stripe.disputes.list({ payment_intent: pi.id });
  expect(list.data).toHaveLength(1);
  return { pi, dispute: list.data[0]! };
}

async function eventTypes(c: ReturnType<typeof rawClient>, disputeId: string): Promise<string[]> {
  const events = await c.all('/v1/events', { 'type': 'charge.dispute.*' });
  return events.filter((e: any) => e.data.object.id === disputeId).map((e: any) => e.type).reverse();
}

describe('dispute test cards', () => {
  it('createDispute: the charge succeeds, then a fraudulent dispute opens and withdraws amount + 15.00 USD', async () => {
    const { stripe, c } = account();
    const before = await stripe.balance.retrieve();
    const { pi, dispute } = await disputedPayment(stripe);
    expect(dispute).toMatchObject({
      object: 'dispute',
      amount: 2000,
      currency: 'usd',
      charge: pi.latest_charge,
      payment_intent: pi.id,
      reason: 'fraudulent',
      status: 'needs_response',
      is_charge_refundable: false,
      livemode: false,
      metadata: {},
      evidence: { uncategorized_text: null, customer_name: null },
      evidence_details: { has_evidence: false, past_due: false, submission_count: 0 },
      payment_method_details: { type: 'card', card: { brand: 'visa', case_type: 'chargeback' } },
    });
    expect(dispute.id).toMatch(/^dp_/);
    // Due at the end of the UTC day seven days on.
    expect(dispute.evidence_details.due_by! % 86_400).toBe(86_399);
    expect(dispute.evidence_details.due_by! - dispute.created).toBeGreaterThan(7 * 86_400 - 86_400);
    expect(dispute.balance_transactions).toHaveLength(1);
    expect(dispute.balance_transactions[0]).toMatchObject({
      amount: -2000,
      fee: 1500,
      net: -3500,
      type: 'adjustment',
      reporting_category: 'dispute',
      status: 'available',
      source: dispute.id,
      description: `Chargeback withdrawal for ${pi.latest_charge}`,
      fee_details: [{ amount: 1500, currency: 'usd', description: 'Dispute fee', type: 'stripe_fee' }],
    });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(charge.disputed).toBe(true);
    const after = await stripe.balance.retrieve();
    const avail = (b: Stripe.Balance) => b.available.find((e) => e.currency === 'usd')!.amount;
    // The charge is still pending, so the withdrawal takes the available balance below zero.
    expect(avail(after) - avail(before)).toBe(-3500);
    expect(await eventTypes(c, dispute.id)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn']);
    await expectLedgerInvariant(c);
  });

  it('createDisputeProductNotReceived opens a product_not_received dispute', async () => {
    const { stripe } = account();
    const { dispute } = await disputedPayment(stripe, 'pm_card_createDisputeProductNotReceived', 5000);
    expect(dispute).toMatchObject({ reason: 'product_not_received', status: 'needs_response', amount: 5000 });
  });

  it('createDisputeInquiry opens an inquiry that moves no money and leaves the charge refundable', async () => {
    const { stripe, c } = account();
    const { pi, dispute } = await disputedPayment(stripe, 'pm_card_createDisputeInquiry');
    expect(dispute).toMatchObject({ status: 'warning_needs_response', is_charge_refundable: true, balance_transactions: [] });
    expect(dispute.payment_method_details!.card!.case_type).toBe('inquiry');
    const updated = await stripe.disputes.update(dispute.id, { evidence: { product_description: 'A blue mug' } });
    expect(updated.status).toBe('warning_under_review');
    await c.advance(60);
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('warning_closed');
    expect(await eventTypes(c, dispute.id)).toEqual(['charge.dispute.created', 'charge.dispute.updated', 'charge.dispute.closed']);
    const txns = await c.all('/v1/balance_transactions', { type: 'adjustment' });
    expect(txns).toEqual([]);
    expect((await stripe.refunds.create({ payment_intent: pi.id })).status).toBe('succeeded');
  });

  it('a plain card opens no dispute', async () => {
    const { stripe } = account();
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, ...CARD_ONLY });
    expect((await stripe.disputes.list({ payment_intent: pi.id })).data).toEqual([]);
    expect((await stripe.charges.retrieve(pi.latest_charge as string)).disputed).toBe(false);
  });

  it('a manual-capture charge is disputed only once captured', async () => {
    const { stripe } = account();
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_createDispute', confirm: true, capture_method: 'manual', ...CARD_ONLY });
    expect((await stripe.disputes.list({ payment_intent: pi.id })).data).toEqual([]);
    await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 1500 });
    const list = await stripe.disputes.list({ payment_intent: pi.id });
    expect(list.data.map((d) => d.amount)).toEqual([1500]);
  });
});

describe('dispute lifecycle', () => {
  it('winning evidence: under_review, then won after 60 s with the amount reinstated (the fee is kept)', async () => {
    const { stripe, c } = account();
    const { pi, dispute } = await disputedPayment(stripe);
    const submitted = await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence', customer_name: 'Ada' }, metadata: { ticket: '7' } });
    expect(submitted).toMatchObject({
      status: 'under_review',
      metadata: { ticket: '7' },
      evidence: { uncategorized_text: 'winning_evidence', customer_name: 'Ada' },
      evidence_details: { has_evidence: true, submission_count: 1, submission_method: 'manual' },
    });
    await c.advance(59);
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('under_review');
    await c.advance(1);
    const won = await stripe.disputes.retrieve(dispute.id, { expand: ['charge', 'payment_intent'] });
    expect(won.status).toBe('won');
    expect((won.charge as Stripe.Charge).id).toBe(pi.latest_charge);
    expect((won.payment_intent as Stripe.PaymentIntent).id).toBe(pi.id);
    expect(won.balance_transactions.map((t) => [t.amount, t.fee, t.net, t.reporting_category])).toEqual([
      [-2000, 1500, -3500, 'dispute'],
      [2000, 0, 2000, 'dispute_reversal'],
    ]);
    expect(won.balance_transactions[1]).toMatchObject({ type: 'adjustment', source: dispute.id, description: `Chargeback reversal for ${pi.latest_charge}` });
    expect(await eventTypes(c, dispute.id)).toEqual([
      'charge.dispute.created',
      'charge.dispute.funds_withdrawn',
      'charge.dispute.updated',
      'charge.dispute.funds_reinstated',
      'charge.dispute.closed',
    ]);
    await expectLedgerInvariant(c);
    // Closed disputes take no more evidence.
    const late = await c.call('POST', `/v1/disputes/${dispute.id}`, { evidence: { customer_name: 'x' } });
    expect(late.status).toBe(400);
    expect(late.body.error.message).toContain('status of won');
  });

  it('losing evidence: lost after 60 s, the withdrawal stays', async () => {
    const { stripe, c } = account();
    const { dispute } = await disputedPayment(stripe);
    await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'losing_evidence' } });
    await c.advance(60);
    const lost = await stripe.disputes.retrieve(dispute.id);
    expect(lost.status).toBe('lost');
    expect(lost.balance_transactions.map((t) => t.net)).toEqual([-3500]);
    expect(await eventTypes(c, dispute.id)).toEqual(['charge.dispute.created', 'charge.dispute.funds_withdrawn', 'charge.dispute.updated', 'charge.dispute.closed']);
    await expectLedgerInvariant(c);
  });

  it('submit=false saves a draft that stays needs_response; a later submit sends it', async () => {
    const { stripe, c } = account();
    const { dispute } = await disputedPayment(stripe);
    const draft = await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'winning_evidence' }, submit: false });
    expect(draft).toMatchObject({ status: 'needs_response', evidence_details: { has_evidence: true, submission_count: 0 } });
    await c.advance(120);
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('needs_response');
    const sent = await stripe.disputes.update(dispute.id, { submit: true });
    expect(sent).toMatchObject({ status: 'under_review', evidence_details: { submission_count: 1 } });
    await c.advance(60);
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('won');
  });

  it('other evidence stays under review', async () => {
    const { stripe, c } = account();
    const { dispute } = await disputedPayment(stripe);
    await stripe.disputes.update(dispute.id, { evidence: { uncategorized_text: 'The customer signed for it.' } });
    await c.advance(86_400);
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('under_review');
  });

  it('close accepts the loss at once; closing again is refused', async () => {
    const { stripe, c } = account();
    const { dispute } = await disputedPayment(stripe);
    const closed = await stripe.disputes.close(dispute.id);
    expect(closed.status).toBe('lost');
    expect(closed.balance_transactions).toHaveLength(1);
    const again = await c.call('POST', `/v1/disputes/${dispute.id}/close`);
    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({ type: 'invalid_request_error' });
    expect(again.body.error.message).toContain('status of lost');
    await expectLedgerInvariant(c);
  });

  it('an unanswered dispute is lost at due_by (past_due), an unanswered inquiry closes', async () => {
    const { stripe, c } = account();
    const { dispute } = await disputedPayment(stripe);
    const { dispute: inquiry } = await disputedPayment(stripe, 'pm_card_createDisputeInquiry');
    const clock = await c.get('/v1/test_helpers/sandbox/clock');
    await c.advance(dispute.evidence_details.due_by! - clock.now - 1);
    expect((await stripe.disputes.retrieve(dispute.id)).status).toBe('needs_response');
    await c.advance(1);
    const lost = await stripe.disputes.retrieve(dispute.id);
    expect(lost).toMatchObject({ status: 'lost', evidence_details: { past_due: true } });
    expect((await stripe.disputes.retrieve(inquiry.id)).status).toBe('warning_closed');
  });
});

describe('money around disputes', () => {
  it('refunding a charged-back charge fails with charge_disputed', async () => {
    const { stripe, c } = account();
    const { pi } = await disputedPayment(stripe);
    for (const params of [{ payment_intent: pi.id }, { charge: pi.latest_charge }]) {
      const r = await c.call('POST', '/v1/refunds', params as any);
      expect(r.status).toBe(400);
      expect(r.body.error).toEqual({
        type: 'invalid_request_error',
        code: 'charge_disputed',
        doc_url: 'https://stripe.com/docs/error-codes/charge-disputed',
        message: `Charge ${pi.latest_charge} has been charged back; cannot issue a refund.`,
        request_log_url: expect.stringMatching(/^https:\/\/dashboard\.stripe\.com\/test\/logs\/req_/),
      });
    }
  });

  it.each([
    // currency, charge amount, withdrawn (settlement minor units), fee, settlement currency
    ['usd', 2000, 2000, 1500, 'usd'],
    ['sek', 2000, 2000, 1500, 'sek'],
    ['vnd', 50000, 50000, 1500, 'vnd'],
    ['bhd', 20000, 20000, 15000, 'bhd'],
    // Converted charges are withdrawn at the fixed settlement rate, with the USD fee.
    ['eur', 2000, 2160, 1500, 'usd'],
    ['jpy', 5000, 3350, 1500, 'usd'],
    ['kwd', 20000, 6500, 1500, 'usd'],
  ])('%s: a %i charge withdraws %i with a %i fee in %s', async (currency, amount, withdrawn, fee, settlement) => {
    const { c } = account();
    const pi = await c.post('/v1/payment_intents', { amount, currency, payment_method: 'pm_card_createDispute', confirm: true, ...CARD_ONLY });
    const [dp] = (await c.get('/v1/disputes', { payment_intent: pi.id })).data;
    const txn = await c.get(`/v1/balance_transactions/${dp.balance_transactions[0].id}`);
    expect(txn).toMatchObject({ amount: -withdrawn, fee, net: -withdrawn - fee, currency: settlement });
    await expectLedgerInvariant(c);
  });

  it('payouts cannot spend withdrawn funds', async () => {
    const { stripe, c } = account();
    // 2000 available at once, then a 2000 dispute + 15.00 fee takes it to -1500.
    await pay(c, 2000, 'pm_card_bypassPending');
    const pi = await pay(c, 2000, 'pm_card_createDispute');
    await c.get('/v1/disputes', { payment_intent: pi.id });
    const bal = await c.get('/v1/balance');
    expect(bal.available[0].amount).toBeLessThan(0);
    const po = await c.call('POST', '/v1/payouts', { amount: 100, currency: 'usd' });
    expect(po.status).toBe(400);
    expect(po.body.error.code).toBe('balance_insufficient');
    await expectLedgerInvariant(c);
  }, 15_000);

  it('a charge refunded in full before the dispute arrives is not disputed', async () => {
    const { c } = account();
    // The refund is the next request, so its tick opens the dispute first: the refund is refused.
    const pi = await pay(c, 2000, 'pm_card_createDispute');
    const r = await c.call('POST', '/v1/refunds', { payment_intent: pi.id });
    expect(r.body.error.code).toBe('charge_disputed');
  });
});

describe('dispute lists and params', () => {
  it('lists newest first with charge and payment_intent filters; expand works in lists; unknown ids 404', async () => {
    const { stripe, c } = account();
    const a = await disputedPayment(stripe);
    const b = await disputedPayment(stripe, 'pm_card_createDisputeProductNotReceived');
    const all = await stripe.disputes.list();
    expect(all.data.map((d) => d.id)).toEqual([b.dispute.id, a.dispute.id]);
    expect((await stripe.disputes.list({ charge: a.pi.latest_charge as string })).data.map((d) => d.id)).toEqual([a.dispute.id]);
    const expanded = await stripe.disputes.list({ expand: ['data.charge'] });
    expect((expanded.data[0]!.charge as Stripe.Charge).object).toBe('charge');
    const missing = await c.call('GET', '/v1/disputes/dp_nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'resource_missing', message: "No such dispute: 'dp_nope'" });
    // No search endpoint: the path is read as a dispute id.
    const search = await c.call('GET', '/v1/disputes/search');
    expect(search.status).toBe(404);
    const bad = await c.call('POST', `/v1/disputes/${a.dispute.id}`, { evidence: { favourite_colour: 'blue' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'parameter_unknown', param: 'evidence[favourite_colour]' });
    const txn = await c.get(`/v1/balance_transactions/${a.dispute.balance_transactions[0]!.id}`, { expand: ['source'] });
    expect(txn.source.id).toBe(a.dispute.id);
  });
});
