// The official `stripe` SDK drives complete money flows against the sandbox over loopback: if these
// pass, code written for Stripe works against the sandbox unchanged.
import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { sdk } from './money-helpers.js';

const sb = useTestSandbox();

const CARD_ONLY = { automatic_payment_methods: { enabled: true, allow_redirects: 'never' as const } };

describe('stripe SDK conformance', () => {
  it('customer → payment → partial refunds → over-refund error → bypass-pending charge → payout', async () => {
    const stripe = sdk(sb);
    const customer = await stripe.customers.create({ email: 'flow@example.com', name: 'Flow' });
    const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, ...CARD_ONLY });
    expect(pi.status).toBe('succeeded');
    expect(pi.customer).toBe(customer.id);
    const r1 = await stripe.refunds.create({ payment_intent: pi.id, amount: 500 });
    const r2 = await stripe.refunds.create({ charge: pi.latest_charge as string, amount: 700, reason: 'requested_by_customer' });
    expect([r1.status, r2.status]).toEqual(['succeeded', 'succeeded']);
    const err = await stripe.refunds.create({ payment_intent: pi.id, amount: 1000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    const e = err as Stripe.errors.StripeInvalidRequestError;
    expect(e.statusCode).toBe(400);
    expect(e.param).toBe('amount');
    expect(e.message).toBe('Refund amount ($10.00) is greater than unrefunded amount on charge ($8.00)');
    expect(e.requestId).toMatch(/^req_/);
    const charge = await stripe.charges.retrieve(pi.latest_charge as string, { expand: ['refunds', 'balance_transaction'] });
    expect(charge.amount_refunded).toBe(1200);
    expect(charge.refunds!.data).toHaveLength(2);
    expect((charge.balance_transaction as Stripe.BalanceTransaction).fee).toBe(88);

    const bypass = await stripe.paymentIntents.create({ amount: 10000, currency: 'usd', payment_method: 'pm_card_bypassPending', confirm: true, ...CARD_ONLY });
    expect(bypass.status).toBe('succeeded');
    const balance = await stripe.balance.retrieve();
    const usdAvailable = balance.available.find((b) => b.currency === 'usd')!.amount;
    expect(usdAvailable).toBe(10000 - 320 - 1200);
    expect(balance.pending.find((b) => b.currency === 'usd')!.amount).toBe(1912);
    const payout = await stripe.payouts.create({ amount: usdAvailable, currency: 'usd' });
    expect(payout.status).toBe('pending');
    const broke = await stripe.payouts.create({ amount: 1, currency: 'usd' }).catch((x: unknown) => x);
    expect(broke).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((broke as Stripe.errors.StripeError).code).toBe('balance_insufficient');
    const canceled = await stripe.payouts.cancel(payout.id);
    expect(canceled.status).toBe('canceled');
  });

  it('declines surface as StripeCardError with the PaymentIntent inside', async () => {
    const stripe = sdk(sb);
    const err = await stripe.paymentIntents
      .create({ amount: 1500, currency: 'usd', payment_method: 'pm_card_visa_chargeDeclinedInsufficientFunds', confirm: true, ...CARD_ONLY })
      .catch((x: unknown) => x);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    const e = err as Stripe.errors.StripeCardError;
    expect(e.statusCode).toBe(402);
    expect(e.code).toBe('card_declined');
    expect(e.decline_code).toBe('insufficient_funds');
    expect(e.message).toBe('Your card has insufficient funds.');
    expect(e.payment_intent?.status).toBe('requires_payment_method');
    expect((e.raw as any).payment_intent.status).toBe('requires_payment_method');
    expect(e.charge).toMatch(/^ch_/);
    const retried = await stripe.paymentIntents.confirm(e.payment_intent!.id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
  });

  it('manual capture with a partial amount', async () => {
    const stripe = sdk(sb);
    const pi = await stripe.paymentIntents.create({ amount: 5000, currency: 'usd', capture_method: 'manual', payment_method: 'pm_card_mastercard', confirm: true, ...CARD_ONLY });
    expect(pi.status).toBe('requires_capture');
    expect(pi.amount_capturable).toBe(5000);
    const captured = await stripe.paymentIntents.capture(pi.id, { amount_to_capture: 3000 });
    expect(captured.status).toBe('succeeded');
    expect(captured.amount_received).toBe(3000);
    const ch = await stripe.charges.retrieve(captured.latest_charge as string);
    expect(ch.amount_captured).toBe(3000);
    const err = await stripe.paymentIntents.capture(pi.id).catch((x: unknown) => x);
    expect((err as Stripe.errors.StripeError).code).toBe('payment_intent_unexpected_state');
  });

  it('idempotent replays, including a stored decline, and key misuse', async () => {
    const stripe = sdk(sb);
    const key = `conf-${newTestKey()}`;
    const params = { amount: 4200, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, ...CARD_ONLY };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: key });
    const second = await stripe.paymentIntents.create(params, { idempotencyKey: key });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(first.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    const list = await stripe.charges.list({ payment_intent: first.id });
    expect(list.data).toHaveLength(1);
    const mismatch = await stripe.paymentIntents.create({ ...params, amount: 4300 }, { idempotencyKey: key }).catch((x: unknown) => x);
    expect(mismatch).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);

    const declineKey = `conf-decline-${newTestKey()}`;
    const dParams = { amount: 4200, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true, ...CARD_ONLY };
    const d1 = (await stripe.paymentIntents.create(dParams, { idempotencyKey: declineKey }).catch((x: unknown) => x)) as Stripe.errors.StripeCardError;
    const d2 = (await stripe.paymentIntents.create(dParams, { idempotencyKey: declineKey }).catch((x: unknown) => x)) as Stripe.errors.StripeCardError;
    expect(d1).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(d2.charge).toBe(d1.charge);
    expect(d2.payment_intent?.id).toBe(d1.payment_intent?.id);
    expect(d2.headers?.['idempotent-replayed']).toBe('true');
  });

  it('invoices: item → draft → finalize → pay', async () => {
    const stripe = sdk(sb);
    const customer = await stripe.customers.create({ email: 'bill@example.com' });
    await stripe.invoiceItems.create({ customer: customer.id, amount: 2500, currency: 'usd', description: 'Consulting' });
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' });
    expect(draft.status).toBe('draft');
    expect(draft.amount_due).toBe(2500);
    expect(draft.lines.data[0]!.description).toBe('Consulting');
    const open = await stripe.invoices.finalizeInvoice(draft.id!);
    expect(open.status).toBe('open');
    expect(open.number).toMatch(/^[A-Z0-9]+-0001$/);
    const declined = await stripe.invoices.pay(open.id!, { payment_method: 'pm_card_chargeDeclined' }).catch((x: unknown) => x);
    expect(declined).toBeInstanceOf(Stripe.errors.StripeCardError);
    const paid = await stripe.invoices.pay(open.id!, { payment_method: 'pm_card_visa' });
    expect(paid.status).toBe('paid');
    expect(paid.amount_paid).toBe(2500);
    expect(paid.attempt_count).toBe(2);
    const lines = await stripe.invoices.listLineItems(open.id!);
    expect(lines.data).toHaveLength(1);
  });

  it('checkout: create → complete (test helper) and create → expire', async () => {
    const stripe = sdk(sb);
    const cs = await stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [{ price_data: { currency: 'usd', product_data: { name: 'Book' }, unit_amount: 1999 }, quantity: 1 }],
      success_url: 'https://shop.test/ok?session={CHECKOUT_SESSION_ID}',
    });
    expect(cs.url).toBe(`https://checkout.stripe.com/c/pay/${cs.id}`);
    const items = await stripe.checkout.sessions.listLineItems(cs.id);
    expect(items.data[0]!.amount_total).toBe(1999);
    const completed = (await stripe.rawRequest('POST', `/v1/test_helpers/checkout/sessions/${cs.id}/complete`, { payment_method: 'pm_card_visa' })) as any;
    expect(completed.status).toBe('complete');
    const again = await stripe.checkout.sessions.retrieve(cs.id, { expand: ['payment_intent'] });
    expect(again.payment_status).toBe('paid');
    expect((again.payment_intent as Stripe.PaymentIntent).status).toBe('succeeded');
    const other = await stripe.checkout.sessions.create({
      line_items: [{ price_data: { currency: 'eur', product_data: { name: 'Pen' }, unit_amount: 500 }, quantity: 3 }],
      success_url: 'https://shop.test/ok',
    });
    const expired = await stripe.checkout.sessions.expire(other.id);
    expect(expired.status).toBe('expired');
    expect(expired.url).toBeNull();
  });

  it('search with autoPagingEach and list autoPagingToArray across pages', async () => {
    const stripe = sdk(sb);
    const ids: string[] = [];
    for (let i = 0; i < 23; i++) {
      const pi = await stripe.paymentIntents.create({ amount: 1000 + i, currency: 'usd', metadata: { run: 'paging' } });
      ids.push(pi.id);
    }
    const seen: string[] = [];
    await stripe.paymentIntents.search({ query: "metadata['run']:'paging'", limit: 5 }).autoPagingEach((pi) => {
      seen.push(pi.id);
    });
    expect(seen.sort()).toEqual([...ids].sort());
    const listed = await stripe.paymentIntents.list({ limit: 10 }).autoPagingToArray({ limit: 100 });
    expect(listed.map((p) => p.id)).toEqual([...ids].reverse());
    const big = await stripe.paymentIntents.search({ query: 'amount>=1020', limit: 100 });
    expect(big.data).toHaveLength(3);
  });
});
