// Fidelity fixes from a review against Stripe's API reference: every field of each object (nullable ones present as null),
// Stripe's real wording for PaymentIntent cancel/confirm refusals, and Checkout's PaymentIntents being
// off limits to direct confirm/cancel.
import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { useTestSandbox } from '../helpers/sandbox.js';
import { CARD_ONLY, pay, rawClient, sdk } from './money-helpers.js';

const sb = useTestSandbox();

const LINES = [{ price_data: { currency: 'usd', product_data: { name: 'T-shirt' }, unit_amount: 2000 }, quantity: 2 }];

describe('object shapes (every documented field present, null where nullable)', () => {
  it('PaymentIntent: allowed_payment_method_types, managed_payments, payment_record', async () => {
    const c = rawClient(sb);
    const auto = await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd' });
    expect(auto).toHaveProperty('allowed_payment_method_types', null);
    expect(auto).toHaveProperty('managed_payments', null);
    expect(auto).toHaveProperty('payment_record', null);
    const typed = await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd', allowed_payment_method_types: ['card'] });
    expect(typed.allowed_payment_method_types).toEqual(['card']);
    const paid = await pay(c, 1000);
    expect(paid).toHaveProperty('allowed_payment_method_types', null);
  });

  it('Refund: customer, customer_account and payment_method', async () => {
    const c = rawClient(sb);
    const cus = await c.post('/v1/customers', { email: 'r@example.com' });
    const pi = await pay(c, 2000, 'pm_card_visa', { customer: cus.id });
    const re = await c.post('/v1/refunds', { payment_intent: pi.id, amount: 500 });
    expect(re).toMatchObject({ object: 'refund', customer: cus.id, customer_account: null, payment_method: pi.payment_method });
    const legacy = await c.post('/v1/charges', { amount: 1000, currency: 'usd', source: 'tok_visa' });
    const re2 = await c.post('/v1/refunds', { charge: legacy.id });
    expect(re2).toMatchObject({ customer: null, customer_account: null, payment_method: legacy.payment_method });
    // A released authorization is not a Refund (API 2025-03-31.basil).
    const auth = await pay(c, 3000, 'pm_card_visa', { capture_method: 'manual', customer: cus.id });
    await c.post(`/v1/payment_intents/${auth.id}/cancel`);
    expect((await c.get('/v1/refunds', { payment_intent: auth.id })).data).toHaveLength(0);
  });

  it('invoice line_item: quantity_decimal and subscription', async () => {
    const c = rawClient(sb);
    const cus = await c.post('/v1/customers', { email: 'l@example.com' });
    const inv = await c.post('/v1/invoices', { customer: cus.id });
    await c.post('/v1/invoiceitems', { customer: cus.id, invoice: inv.id, price_data: { currency: 'usd', product: 'prod_x', unit_amount: 250 }, quantity: 3 });
    const lines = await c.get(`/v1/invoices/${inv.id}/lines`);
    expect(lines.data[0]).toMatchObject({ object: 'line_item', quantity: 3, quantity_decimal: '3', subscription: null });
    const fresh = await c.get(`/v1/invoices/${inv.id}`);
    expect(fresh.lines.data[0]).toMatchObject({ quantity_decimal: '3', subscription: null });
  });

  it('Checkout Session and its items', async () => {
    const c = rawClient(sb);
    const cs = await c.post('/v1/checkout/sessions', { line_items: LINES, success_url: 'https://shop.test/ok', expand: ['line_items'] });
    for (const field of ['allowed_payment_method_types', 'customer_account', 'integration_identifier', 'managed_payments', 'origin_context', 'permissions', 'wallet_options']) {
      expect(cs).toHaveProperty(field, null);
    }
    expect(cs.line_items.data[0]).toHaveProperty('adjustable_quantity', null);
    const typed = await c.post('/v1/checkout/sessions', {
      line_items: [{ ...LINES[0], adjustable_quantity: { enabled: true, maximum: 5 } }],
      success_url: 'https://shop.test/ok',
      allowed_payment_method_types: ['card'],
      expand: ['line_items'],
    });
    expect(typed.allowed_payment_method_types).toEqual(['card']);
    expect(typed.line_items.data[0].adjustable_quantity).toEqual({ enabled: true, maximum: 5, minimum: null });
  });
});

describe('PaymentIntent wrong-state wording (real Stripe messages)', () => {
  it('cancel and confirm say "You cannot … this PaymentIntent"; capture keeps "could not be captured"', async () => {
    const stripe = sdk(sb);
    const pi = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, ...CARD_ONLY });
    const cancel = (await stripe.paymentIntents.cancel(pi.id).catch((e: unknown) => e)) as Stripe.errors.StripeInvalidRequestError;
    expect(cancel).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(cancel.code).toBe('payment_intent_unexpected_state');
    expect(cancel.message).toBe(
      'You cannot cancel this PaymentIntent because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be canceled: requires_payment_method, requires_capture, requires_confirmation, requires_action, processing.',
    );
    const canceled = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd' });
    await stripe.paymentIntents.cancel(canceled.id);
    const confirm = (await stripe.paymentIntents.confirm(canceled.id, { payment_method: 'pm_card_visa' }).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(confirm.code).toBe('payment_intent_unexpected_state');
    expect(confirm.message).toMatch(/^You cannot confirm this PaymentIntent because it has a status of canceled\. Only a PaymentIntent with one of the following statuses may be confirmed: /);
    const capture = (await stripe.paymentIntents.capture(pi.id).catch((e: unknown) => e)) as Stripe.errors.StripeError;
    expect(capture.message).toBe(
      'This PaymentIntent could not be captured because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.',
    );
  });
});

describe("Checkout's PaymentIntents (expire the session instead)", () => {
  it('a declined attempt’s PaymentIntent cannot be confirmed or canceled directly; expiring still cancels it', async () => {
    const c = rawClient(sb);
    const cs = await c.post('/v1/checkout/sessions', { line_items: LINES, success_url: 'https://shop.test/ok' });
    const declined = await c.call('POST', `/v1/test_helpers/checkout/sessions/${cs.id}/complete`, { payment_method: 'pm_card_chargeDeclined' });
    expect(declined.status).toBe(402);
    const piId = declined.body.error.payment_intent.id;
    const confirm = await c.call('POST', `/v1/payment_intents/${piId}/confirm`, { payment_method: 'pm_card_visa' });
    expect(confirm.status).toBe(400);
    expect(confirm.body.error).toEqual({ type: 'invalid_request_error', message: 'You cannot perform this action on PaymentIntents created by Checkout.', request_log_url: expect.stringMatching(/^https:\/\/dashboard\.stripe\.com\/test\/logs\/req_/) });
    const cancel = await c.call('POST', `/v1/payment_intents/${piId}/cancel`);
    expect(cancel.status).toBe(400);
    expect(cancel.body.error.message).toBe('You cannot perform this action on PaymentIntents created by Checkout.');
    // Nothing was charged behind the session's back; the session can still be paid, or expired.
    expect((await c.get(`/v1/payment_intents/${piId}`)).status).toBe('requires_payment_method');
    const expired = await c.post(`/v1/checkout/sessions/${cs.id}/expire`);
    expect(expired.status).toBe('expired');
    expect((await c.get(`/v1/payment_intents/${piId}`)).status).toBe('canceled');
  });

  it('an authorized (manual-capture) Checkout PaymentIntent can still be canceled', async () => {
    const c = rawClient(sb);
    const cs = await c.post('/v1/checkout/sessions', { line_items: LINES, success_url: 'https://shop.test/ok', payment_intent_data: { capture_method: 'manual' } });
    const done = await c.post(`/v1/test_helpers/checkout/sessions/${cs.id}/complete`, {});
    expect(done.payment_status).toBe('unpaid');
    const canceled = await c.post(`/v1/payment_intents/${done.payment_intent}/cancel`);
    expect(canceled.status).toBe('canceled');
  });
});
