// PaymentMethod ownership and single use, decline cards refused by every save path, the customer's
// payment_methods endpoints, refund-failure events and USD settlement of other currencies — all through
// the official `stripe` SDK, as an integration under test would call them.
import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { CARD_ONLY, expectLedgerInvariant, rawClient, sdk } from './money-helpers.js';

const sb = useTestSandbox();

async function failure(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Stripe.errors.StripeError);
  return e as Stripe.errors.StripeError;
}

const REUSE =
  'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.';

describe('PaymentMethod ownership (item: a wrong-customer charge must fail)', () => {
  it("refuses customer A's PaymentMethod on customer B's PaymentIntent, at create and at confirm", async () => {
    const stripe = sdk(sb);
    const a = await stripe.customers.create({ name: 'A' });
    const b = await stripe.customers.create({ name: 'B' });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: a.id });
    const e = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: b.id, payment_method: pm.id, confirm: true, ...CARD_ONLY }));
    expect(e).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(e.statusCode).toBe(400);
    expect(e.param).toBe('payment_method');
    expect(e.message).toBe(`The customer does not have a payment method with the ID ${pm.id}. The payment method must be attached to the customer.`);
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: b.id, ...CARD_ONLY });
    const e2 = await failure(stripe.paymentIntents.confirm(pi.id, { payment_method: pm.id }));
    expect(e2.statusCode).toBe(400);
    expect(e2.message).toMatch(/^The customer does not have a payment method with the ID /);
    const e3 = await failure(stripe.paymentIntents.update(pi.id, { payment_method: pm.id }));
    expect(e3.statusCode).toBe(400);
    // Nothing was charged.
    expect((await stripe.charges.list()).data).toHaveLength(0);
    // Its own customer can use it, as often as it likes.
    for (let i = 0; i < 2; i++) {
      const ok = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: a.id, payment_method: pm.id, confirm: true, ...CARD_ONLY });
      expect(ok.status).toBe('succeeded');
    }
  });

  it('refuses an attached PaymentMethod used without `customer`', async () => {
    const stripe = sdk(sb);
    const a = await stripe.customers.create({ name: 'A' });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: a.id });
    const e = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true, ...CARD_ONLY }));
    expect(e.statusCode).toBe(400);
    expect(e.param).toBe('payment_method');
    expect(e.message).toBe(`The \`payment_method\` parameter supplied ${pm.id} belongs to the Customer ${a.id}. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`);
    const si = await failure(stripe.setupIntents.create({ payment_method: pm.id, confirm: true, ...CARD_ONLY }));
    expect([si.statusCode, si.param]).toEqual([400, 'payment_method']);
    expect(si.message).toMatch(/on the SetupIntent\.$/);
  });

  it('a detached PaymentMethod cannot be used or attached again', async () => {
    const stripe = sdk(sb);
    const a = await stripe.customers.create({ name: 'A' });
    const pm = await stripe.paymentMethods.attach('pm_card_visa', { customer: a.id });
    await stripe.paymentMethods.detach(pm.id);
    const e = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true, ...CARD_ONLY }));
    expect([e.statusCode, e.message]).toEqual([400, REUSE]);
    const e2 = await failure(stripe.paymentMethods.attach(pm.id, { customer: a.id }));
    expect(e2.statusCode).toBe(400);
    expect(e2.message).toBe('This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.');
  });

  it('a PaymentMethod consumed by a PaymentIntent without a customer cannot be reused (even after a decline)', async () => {
    const stripe = sdk(sb);
    for (const token of ['tok_visa', 'tok_chargeDeclined']) {
      const pm = await stripe.paymentMethods.create({ type: 'card', card: { token } });
      const first = await stripe.paymentIntents
        .create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true, ...CARD_ONLY })
        .then((pi) => pi.status, (err: Stripe.errors.StripeError) => err.type);
      expect(first).toBe(token === 'tok_visa' ? 'succeeded' : 'StripeCardError');
      const e = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: pm.id, confirm: true, ...CARD_ONLY }));
      expect([e.statusCode, e.message]).toEqual([400, REUSE]);
    }
  });

  it('setup_future_usage with a customer attaches the card, which then stays reusable', async () => {
    const stripe = sdk(sb);
    const a = await stripe.customers.create({ name: 'A' });
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { token: 'tok_visa' } });
    await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: a.id, payment_method: pm.id, setup_future_usage: 'off_session', confirm: true, ...CARD_ONLY });
    const again = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: a.id, payment_method: pm.id, off_session: true, confirm: true, ...CARD_ONLY });
    expect(again.status).toBe('succeeded');
  });
});

describe('decline test cards cannot be saved by any path; 4000000000000341 can', () => {
  const declined = (e: Stripe.errors.StripeError) => [e.statusCode, e.type, e.code, e.decline_code];
  const GENERIC = [402, 'StripeCardError', 'card_declined', 'generic_decline'];

  it.each([
    ['magic PaymentMethod', async (s: Stripe, cus: string) => s.paymentMethods.attach('pm_card_chargeDeclined', { customer: cus })],
    [
      'raw number 4000000000000002',
      async (s: Stripe, cus: string) => {
        const pm = await s.paymentMethods.create({ type: 'card', card: { number: '4000000000000002', exp_month: 12, exp_year: 2040, cvc: '123' } });
        return s.paymentMethods.attach(pm.id, { customer: cus });
      },
    ],
    [
      'card[token]=tok_chargeDeclined',
      async (s: Stripe, cus: string) => {
        const pm = await s.paymentMethods.create({ type: 'card', card: { token: 'tok_chargeDeclined' } });
        return s.paymentMethods.attach(pm.id, { customer: cus });
      },
    ],
    ['customer update source=tok_chargeDeclined', async (s: Stripe, cus: string) => s.customers.update(cus, { source: 'tok_chargeDeclined' })],
    ['customer create payment_method=pm_card_chargeDeclined', async (s: Stripe) => s.customers.create({ payment_method: 'pm_card_chargeDeclined' })],
  ])('%s → 402 card_declined, nothing saved', async (_name, attempt) => {
    const stripe = sdk(sb);
    const cus = await stripe.customers.create({ name: 'Saver' });
    const e = await failure(attempt(stripe, cus.id));
    expect(declined(e)).toEqual(GENERIC);
    expect((await stripe.customers.listPaymentMethods(cus.id)).data).toHaveLength(0);
    expect((await stripe.customers.retrieve(cus.id)) as Stripe.Customer).toMatchObject({ default_source: null });
  });

  it.each([
    ['insufficient funds number', '4000000000009995', 'insufficient_funds'],
    ['lost card number', '4000000000009987', 'lost_card'],
  ])('%s cannot be attached either', async (_n, number, code) => {
    const stripe = sdk(sb);
    const cus = await stripe.customers.create({});
    const pm = await stripe.paymentMethods.create({ type: 'card', card: { number, exp_month: 12, exp_year: 2040 } });
    const e = await failure(stripe.paymentMethods.attach(pm.id, { customer: cus.id }));
    expect(e.decline_code).toBe(code);
  });

  it('4000000000000341 (chargeCustomerFail) attaches by number, token and magic value, then every charge declines', async () => {
    const stripe = sdk(sb);
    const cus = await stripe.customers.create({});
    const byNumber = await stripe.paymentMethods.create({ type: 'card', card: { number: '4000000000000341', exp_month: 12, exp_year: 2040 } });
    await stripe.paymentMethods.attach(byNumber.id, { customer: cus.id });
    await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: cus.id });
    const updated = await stripe.customers.update(cus.id, { source: 'tok_chargeCustomerFail' });
    expect(updated.default_source).toMatch(/^card_/);
    expect((await stripe.customers.listPaymentMethods(cus.id)).data).toHaveLength(2);
    const e = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: cus.id, payment_method: byNumber.id, confirm: true, off_session: true }));
    expect(declined(e)).toEqual(GENERIC);
    const e2 = await failure(stripe.charges.create({ amount: 1000, currency: 'usd', customer: cus.id }));
    expect(e2.code).toBe('card_declined');
  });
});

describe('GET /v1/customers/:id/payment_methods (SDK listPaymentMethods / retrievePaymentMethod)', () => {
  it('lists only that customer\'s methods, newest first, with type filter and both cursors; retrieves one', async () => {
    const stripe = sdk(sb);
    const a = await stripe.customers.create({ name: 'A' });
    const b = await stripe.customers.create({ name: 'B' });
    const ids: string[] = [];
    for (const card of ['pm_card_visa', 'pm_card_mastercard', 'pm_card_amex']) ids.push((await stripe.paymentMethods.attach(card, { customer: a.id })).id);
    const other = await stripe.paymentMethods.attach('pm_card_visa', { customer: b.id });
    const all = await stripe.customers.listPaymentMethods(a.id, { type: 'card' });
    expect(all.object).toBe('list');
    expect(all.url).toBe(`/v1/customers/${a.id}/payment_methods`);
    expect(all.data.map((p) => p.id)).toEqual([...ids].reverse());
    const page1 = await stripe.customers.listPaymentMethods(a.id, { limit: 2 });
    expect([page1.data.map((p) => p.id), page1.has_more]).toEqual([[ids[2], ids[1]], true]);
    const page2 = await stripe.customers.listPaymentMethods(a.id, { limit: 2, starting_after: ids[1] });
    expect([page2.data.map((p) => p.id), page2.has_more]).toEqual([[ids[0]], false]);
    const back = await stripe.customers.listPaymentMethods(a.id, { limit: 2, ending_before: ids[0] });
    expect(back.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    const auto: string[] = [];
    for await (const pm of stripe.customers.listPaymentMethods(a.id, { limit: 1 })) auto.push(pm.id);
    expect(auto).toEqual([...ids].reverse());
    const one = await stripe.customers.retrievePaymentMethod(a.id, ids[1]!);
    expect(one).toMatchObject({ id: ids[1], customer: a.id, card: { brand: 'mastercard' } });
    const wrong = await failure(stripe.customers.retrievePaymentMethod(a.id, other.id));
    expect([wrong.statusCode, wrong.code]).toEqual([404, 'resource_missing']);
    const missing = await failure(stripe.customers.listPaymentMethods('cus_nope'));
    expect(missing.statusCode).toBe(404);
    const bad = await failure(stripe.customers.listPaymentMethods(a.id, { type: 'card', bogus: 1 } as never));
    expect(bad.statusCode).toBe(400);
  });
});

describe('refund failures emit charge.refund.updated', () => {
  it('pm_card_refundFail: refund.updated, refund.failed and charge.refund.updated carry the failed refund', async () => {
    const key = newTestKey();
    const stripe = sdk(sb, key);
    const c = rawClient(sb, key);
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_refundFail', confirm: true, ...CARD_ONLY });
    const re = await stripe.refunds.create({ payment_intent: pi.id });
    await c.advance(61);
    const events = await stripe.events.list({ type: 'charge.refund.updated' });
    expect(events.data).toHaveLength(1);
    expect(events.data[0]!.data.object).toMatchObject({ id: re.id, object: 'refund', status: 'failed', failure_reason: 'expired_or_canceled_card' });
    expect(events.data[0]!.data.previous_attributes).toEqual({ status: 'succeeded' });
  });
});

describe('charges in other currencies settle in USD at a fixed, exact rate', () => {
  it('JPY: balance transaction in USD with exchange_rate, fee on the converted amount; refunds convert at the same rate', async () => {
    const key = newTestKey();
    const stripe = sdk(sb, key);
    const c = rawClient(sb, key);
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'jpy', payment_method: 'pm_card_bypassPending', confirm: true, ...CARD_ONLY });
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['balance_transaction'] });
    expect([charge.amount, charge.currency]).toEqual([1000, 'jpy']);
    // ¥1,000 × 0.0067 = $6.70; fee floor((670 × 29 + 500) / 1000) + 30 = 49.
    expect(charge.balance_transaction).toMatchObject({ amount: 670, currency: 'usd', exchange_rate: 0.0067, fee: 49, net: 621 });
    const re = await stripe.refunds.create({ payment_intent: pi.id, amount: 250 });
    const reTxn = await stripe.balanceTransactions.retrieve(re.balance_transaction as string);
    // ¥250 × 0.0067 = $1.675 → 168 (half away from zero, once).
    expect(reTxn).toMatchObject({ amount: -168, currency: 'usd', exchange_rate: 0.0067, fee: 0, net: -168 });
    const balance = await stripe.balance.retrieve();
    expect(balance.available.map((b) => [b.currency, b.amount])).toEqual([['usd', 621 - 168]]);
    expect(balance.pending.map((b) => b.currency)).toEqual(['usd']);
    const noYen = await failure(stripe.payouts.create({ amount: 100, currency: 'jpy' }));
    expect(noYen.code).toBe('balance_insufficient');
    const po = await stripe.payouts.create({ amount: 621 - 168, currency: 'usd' });
    expect(po.currency).toBe('usd');
    await expectLedgerInvariant(c);
  });

  it('a failed refund of a converted charge returns the same USD amount (refund_failure at the same rate)', async () => {
    const key = newTestKey();
    const stripe = sdk(sb, key);
    const c = rawClient(sb, key);
    const pi = await stripe.paymentIntents.create({ amount: 250, currency: 'jpy', payment_method: 'pm_card_refundFail', confirm: true, ...CARD_ONLY });
    await stripe.refunds.create({ payment_intent: pi.id });
    await c.advance(61);
    const txns = await stripe.balanceTransactions.list();
    expect(txns.data.map((t) => [t.type, t.amount, t.currency, t.exchange_rate])).toEqual([
      ['refund_failure', 168, 'usd', 0.0067],
      ['refund', -168, 'usd', 0.0067],
      ['charge', 168, 'usd', 0.0067],
    ]);
    await expectLedgerInvariant(c);
  });

  it.each([
    // amount, currency, settled USD minor units, fee
    [2000, 'eur', 2160, 93], // €20.00 × 1.08
    [12345, 'kwd', 4012, 146], // 12.345 KWD × 3.25 = $40.12125
    [99999999, 'jpy', 66999999, 1943030], // ¥99,999,999 × 0.0067 = $669,999.9933
    [50, 'jpy', 34, 31], // ¥50 × 0.0067 = $0.335 → 34
  ])('%i %s → %i USD cents, fee %i (exact integer arithmetic)', async (amount, currency, usd, fee) => {
    const { toSettlement } = await import('../../src/sandbox/domain/ledger.js');
    const { cardFee } = await import('../../src/sandbox/domain/money.js');
    expect(toSettlement(amount, currency).amount).toBe(usd);
    expect(toSettlement(-amount, currency).amount).toBe(-usd);
    expect(cardFee(usd, 'usd')).toBe(fee);
  });

  it('USD charges carry no exchange_rate; unlisted currencies keep their own balance', async () => {
    const { toSettlement } = await import('../../src/sandbox/domain/ledger.js');
    expect(toSettlement(1000, 'usd')).toEqual({ amount: 1000, currency: 'usd', exchangeRate: null });
    expect(toSettlement(1000, 'sek')).toEqual({ amount: 1000, currency: 'sek', exchangeRate: null });
  });
});

describe('canceling an authorization (API 2025-03-31.basil) through the SDK', () => {
  it('no Refund, charge not refunded, no charge.refunded; refunds list stays empty', async () => {
    const stripe = sdk(sb);
    const pi = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_visa', capture_method: 'manual', confirm: true, ...CARD_ONLY });
    expect(pi.status).toBe('requires_capture');
    const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'requested_by_customer' });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer', amount_capturable: 0 });
    const ch = await stripe.charges.retrieve(pi.latest_charge as string);
    expect(ch).toMatchObject({ refunded: false, amount_refunded: 0, captured: false, amount_captured: 0, balance_transaction: null });
    expect((await stripe.refunds.list()).data).toHaveLength(0);
    expect((await stripe.events.list({ type: 'charge.refunded' })).data).toHaveLength(0);
    expect((await stripe.balanceTransactions.list()).data).toHaveLength(0);
  });
});
