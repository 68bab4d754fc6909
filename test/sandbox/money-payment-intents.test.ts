// The PaymentIntent state machine over HTTP: test cards → outcomes, return_url rule, capture and
// cancel rules, 3-D Secure, amount validation.
import { describe, expect, it } from 'vitest';
import { useTestSandbox } from '../helpers/sandbox.js';
import { CARD_ONLY, pay, rawClient } from './money-helpers.js';

const sb = useTestSandbox();
const c = rawClient(sb);

const create = (params: Record<string, any>) => c.call('POST', '/v1/payment_intents', { currency: 'usd', ...CARD_ONLY, ...params });

describe('confirming with test cards', () => {
  const successes: Array<[string, string, string]> = [
    ['pm_card_visa', 'visa', '4242'],
    ['pm_card_mastercard', 'mastercard', '4444'],
    ['pm_card_amex', 'amex', '0005'],
    ['pm_card_discover', 'discover', '1117'],
    ['pm_card_visa_debit', 'visa', '5556'],
    ['pm_card_bypassPending', 'visa', '0077'],
  ];
  it.each(successes)('%s succeeds with a captured %s charge ending %s', async (pm, brand, last4) => {
    const r = await create({ amount: 2000, payment_method: pm, confirm: true });
    expect(r.status).toBe(200);
    const pi = r.body;
    expect(pi).toMatchObject({ status: 'succeeded', amount_received: 2000, amount_capturable: 0, last_payment_error: null });
    expect(pi.payment_method).toMatch(/^pm_[A-Za-z0-9]{24}$/);
    expect(pi.payment_method).not.toBe(pm);
    const ch = await c.get(`/v1/charges/${pi.latest_charge}`);
    expect(ch).toMatchObject({ status: 'succeeded', paid: true, captured: true, amount_captured: 2000, payment_intent: pi.id });
    expect(ch.payment_method_details.card).toMatchObject({ brand, last4 });
    expect(ch.balance_transaction).toMatch(/^txn_/);
    expect(ch.outcome).toMatchObject({ type: 'authorized', network_status: 'approved_by_network' });
  });

  const declines: Array<[string, string, string, string | undefined, string | undefined, string]> = [
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline', 'try_again_later', undefined, 'Your card was declined.'],
    ['pm_card_visa_chargeDeclined', 'card_declined', 'generic_decline', 'try_again_later', undefined, 'Your card was declined.'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds', 'try_again_later', undefined, 'Your card has insufficient funds.'],
    ['pm_card_visa_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds', 'try_again_later', undefined, 'Your card has insufficient funds.'],
    ['pm_card_visa_chargeDeclinedLostCard', 'card_declined', 'lost_card', 'do_not_try_again', undefined, 'Your card was declined.'],
    ['pm_card_visa_chargeDeclinedStolenCard', 'card_declined', 'stolen_card', 'do_not_try_again', undefined, 'Your card was declined.'],
    ['pm_card_chargeDeclinedFraudulent', 'card_declined', 'fraudulent', 'do_not_try_again', undefined, 'Your card was declined.'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card', 'confirm_card_data', 'exp_month', 'Your card has expired.'],
    ['pm_card_chargeDeclinedIncorrectCvc', 'incorrect_cvc', 'incorrect_cvc', 'confirm_card_data', 'cvc', "Your card's security code is incorrect."],
    [
      'pm_card_chargeDeclinedProcessingError',
      'processing_error',
      'processing_error',
      'try_again_later',
      undefined,
      'An error occurred while processing your card. Try again in a little bit.',
    ],
    ['pm_card_chargeCustomerFail', 'card_declined', 'generic_decline', 'try_again_later', undefined, 'Your card was declined.'],
  ];
  it.each(declines)('%s → 402 %s / %s', async (pm, code, declineCode, advice, param, message) => {
    const r = await create({ amount: 1500, payment_method: pm, confirm: true });
    expect(r.status).toBe(402);
    const e = r.body.error;
    expect(e).toMatchObject({ type: 'card_error', code, decline_code: declineCode, message });
    expect(e.advice_code).toBe(advice);
    expect(e.param).toBe(param);
    expect(e.doc_url).toBe(`https://stripe.com/docs/error-codes/${code.replace(/_/g, '-')}`);
    expect(e.payment_intent).toMatchObject({ status: 'requires_payment_method', latest_charge: e.charge, payment_method: null });
    expect(e.payment_intent.last_payment_error).toMatchObject({ code, decline_code: declineCode, type: 'card_error', charge: e.charge });
    expect(e.payment_method.id).toMatch(/^pm_/);
    // Committed: the PaymentIntent and the failed charge persist.
    const pi = await c.get(`/v1/payment_intents/${e.payment_intent.id}`);
    expect(pi.status).toBe('requires_payment_method');
    expect(pi.last_payment_error.code).toBe(code);
    const ch = await c.get(`/v1/charges/${e.charge}`);
    expect(ch).toMatchObject({
      status: 'failed',
      paid: false,
      captured: false,
      failure_code: code,
      failure_message: message,
      balance_transaction: null,
      outcome: { type: 'issuer_declined', network_status: 'declined_by_network', reason: declineCode },
    });
  });

  it('a declined PaymentIntent can be confirmed again with another card; each attempt is a charge', async () => {
    const r = await create({ amount: 1500, payment_method: 'pm_card_chargeDeclined', confirm: true });
    const piId = r.body.error.payment_intent.id;
    const first = r.body.error.charge;
    const pi = await c.post(`/v1/payment_intents/${piId}/confirm`, { payment_method: 'pm_card_visa' });
    expect(pi.status).toBe('succeeded');
    expect(pi.latest_charge).not.toBe(first);
    expect(pi.last_payment_error).toBeNull();
    const charges = await c.get('/v1/charges', { payment_intent: piId });
    expect(charges.data.map((x: any) => x.status)).toEqual(['succeeded', 'failed']);
  });

  it('radar-blocked cards are blocked, not sent to the network', async () => {
    const r = await create({ amount: 1500, payment_method: 'pm_card_radarBlock', confirm: true });
    expect(r.status).toBe(402);
    const ch = await c.get(`/v1/charges/${r.body.error.charge}`);
    expect(ch.outcome).toMatchObject({ type: 'blocked', network_status: 'not_sent_to_network', risk_level: 'highest' });
  });

  it('an unknown payment method is a 400 naming the param', async () => {
    const r = await create({ amount: 1500, payment_method: 'pm_card_nope', confirm: true });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'resource_missing', param: 'payment_method', message: "No such PaymentMethod: 'pm_card_nope'" });
  });
});

describe('the return_url rule', () => {
  const base = { amount: 1000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true };
  it('a server-side confirm with default automatic payment methods needs return_url', async () => {
    const r = await c.call('POST', '/v1/payment_intents', base);
    expect(r.status).toBe(400);
    expect(r.body.error.type).toBe('invalid_request_error');
    expect(r.body.error.message).toContain('you must provide a `return_url`');
    // Nothing was created by a rejected create.
  });
  it.each([
    ['allow_redirects=never', { automatic_payment_methods: { enabled: true, allow_redirects: 'never' } }],
    ['payment_method_types[]=card', { payment_method_types: ['card'] }],
    ['allowed_payment_method_types[]=card', { allowed_payment_method_types: ['card'] }],
    ['a return_url', { return_url: 'https://example.com/done' }],
    ['automatic_payment_methods disabled', { automatic_payment_methods: { enabled: false } }],
  ])('passes with %s', async (_name, extra) => {
    const r = await c.call('POST', '/v1/payment_intents', { ...base, ...extra });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('succeeded');
  });
  it('card-only intents have no automatic_payment_methods', async () => {
    const pi = await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd', payment_method_types: ['card'] });
    expect(pi.automatic_payment_methods).toBeNull();
    const dflt = await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd' });
    expect(dflt.automatic_payment_methods).toEqual({ enabled: true });
    expect(dflt.status).toBe('requires_payment_method');
    expect(dflt.capture_method).toBe('automatic_async');
    expect(dflt.client_secret).toMatch(new RegExp(`^${dflt.id}_secret_`));
  });
  it('automatic_payment_methods and payment_method_types are exclusive', async () => {
    const r = await c.call('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', automatic_payment_methods: { enabled: true }, payment_method_types: ['card'] });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('parameters_exclusive');
  });
});

describe('state transitions without confirm', () => {
  it('create → requires_payment_method → update pm → requires_confirmation → confirm → succeeded', async () => {
    const pi = await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd', ...CARD_ONLY });
    expect(pi.status).toBe('requires_payment_method');
    const upd = await c.post(`/v1/payment_intents/${pi.id}`, { payment_method: 'pm_card_visa', metadata: { order: '7' } });
    expect(upd).toMatchObject({ status: 'requires_confirmation', metadata: { order: '7' } });
    const done = await c.post(`/v1/payment_intents/${pi.id}/confirm`);
    expect(done.status).toBe('succeeded');
    const again = await c.call('POST', `/v1/payment_intents/${pi.id}/confirm`);
    expect(again.status).toBe(400);
    expect(again.body.error.code).toBe('payment_intent_unexpected_state');
    const amount = await c.call('POST', `/v1/payment_intents/${pi.id}`, { amount: 5000 });
    expect(amount.status).toBe(400);
    expect(amount.body.error).toMatchObject({ code: 'payment_intent_unexpected_state', param: 'amount' });
    const meta = await c.post(`/v1/payment_intents/${pi.id}`, { metadata: { order: '' , note: 'x' } });
    expect(meta.metadata).toEqual({ note: 'x' });
  });
  it('confirm without any payment method is refused', async () => {
    const pi = await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd', ...CARD_ONLY });
    const r = await c.call('POST', `/v1/payment_intents/${pi.id}/confirm`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('payment_intent_unexpected_state');
  });
  it('return_url without confirm is refused', async () => {
    const r = await c.call('POST', '/v1/payment_intents', { amount: 1000, currency: 'usd', return_url: 'https://x.test' });
    expect(r.status).toBe(400);
    expect(r.body.error.param).toBe('return_url');
  });
});

describe('capture', () => {
  it('manual capture: requires_capture, then a partial capture releases the rest', async () => {
    const pi = await pay(c, 2000, 'pm_card_visa', { capture_method: 'manual' });
    expect(pi).toMatchObject({ status: 'requires_capture', amount_capturable: 2000, amount_received: 0 });
    const auth = await c.get(`/v1/charges/${pi.latest_charge}`);
    expect(auth).toMatchObject({ status: 'succeeded', paid: true, captured: false, amount_captured: 0, balance_transaction: null });
    const over = await c.call('POST', `/v1/payment_intents/${pi.id}/capture`, { amount_to_capture: 2001 });
    expect(over.status).toBe(400);
    expect(over.body.error.param).toBe('amount_to_capture');
    const done = await c.post(`/v1/payment_intents/${pi.id}/capture`, { amount_to_capture: 1500 });
    expect(done).toMatchObject({ status: 'succeeded', amount_received: 1500, amount_capturable: 0 });
    const ch = await c.get(`/v1/charges/${pi.latest_charge}`, { expand: ['balance_transaction'] });
    expect(ch).toMatchObject({ captured: true, amount: 2000, amount_captured: 1500, amount_refunded: 0, refunded: false });
    // 1500 × 2.9% = 43.5 → 44 (half up) + 30.
    expect(ch.balance_transaction).toMatchObject({ amount: 1500, fee: 74, net: 1426, type: 'charge' });
    const second = await c.call('POST', `/v1/payment_intents/${pi.id}/capture`);
    expect(second.status).toBe(400);
    expect(second.body.error.message).toBe(
      'This PaymentIntent could not be captured because it has a status of succeeded. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.',
    );
  });
  it('payment_method_options[card][capture_method]=manual also authorizes only', async () => {
    const pi = await pay(c, 1000, 'pm_card_visa', { payment_method_options: { card: { capture_method: 'manual' } } });
    expect(pi.status).toBe('requires_capture');
  });
  it('capturing the charge captures its PaymentIntent', async () => {
    const pi = await pay(c, 3000, 'pm_card_visa', { capture_method: 'manual' });
    const ch = await c.post(`/v1/charges/${pi.latest_charge}/capture`, { amount: 1000 });
    expect(ch).toMatchObject({ captured: true, amount_captured: 1000 });
    expect((await c.get(`/v1/payment_intents/${pi.id}`)).status).toBe('succeeded');
    const again = await c.call('POST', `/v1/charges/${pi.latest_charge}/capture`);
    expect(again.body.error.code).toBe('charge_already_captured');
  });
  it('a requires_payment_method PaymentIntent cannot be captured', async () => {
    const pi = await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd' });
    const r = await c.call('POST', `/v1/payment_intents/${pi.id}/capture`);
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'payment_intent_unexpected_state' });
    expect(r.body.error.payment_intent.id).toBe(pi.id);
  });
});

describe('cancel', () => {
  it.each(['requires_payment_method', 'requires_confirmation'])('a %s PaymentIntent can be canceled', async (status) => {
    const pi = await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd', ...(status === 'requires_confirmation' ? { payment_method: 'pm_card_visa' } : {}) });
    expect(pi.status).toBe(status);
    const done = await c.post(`/v1/payment_intents/${pi.id}/cancel`, { cancellation_reason: 'requested_by_customer' });
    expect(done).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
    expect(done.canceled_at).toBeGreaterThan(0);
  });
  it('canceling an authorization releases it with no Refund, no charge.refunded and no ledger entry (2025-03-31.basil)', async () => {
    const c3 = rawClient(sb);
    const pi = await pay(c3, 2500, 'pm_card_visa', { capture_method: 'manual' });
    const done = await c3.post(`/v1/payment_intents/${pi.id}/cancel`);
    expect(done).toMatchObject({ status: 'canceled', amount_capturable: 0, cancellation_reason: null });
    const ch = await c3.get(`/v1/charges/${pi.latest_charge}`, { expand: ['refunds'] });
    expect(ch).toMatchObject({ captured: false, refunded: false, amount_refunded: 0, balance_transaction: null });
    expect(ch.refunds.data).toHaveLength(0);
    expect((await c3.get('/v1/refunds')).data).toHaveLength(0);
    const types = (await c3.get('/v1/events', { limit: 100 })).data.map((e: any) => e.type);
    expect(types).not.toContain('charge.refunded');
    expect(types).not.toContain('refund.created');
    expect(types[0]).toBe('payment_intent.canceled');
    expect((await c3.get('/v1/balance_transactions')).data).toHaveLength(0);
  });
  it('a succeeded PaymentIntent cannot be canceled; unknown reasons are refused', async () => {
    const pi = await pay(c, 1000);
    const r = await c.call('POST', `/v1/payment_intents/${pi.id}/cancel`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('payment_intent_unexpected_state');
    const other = await c.post('/v1/payment_intents', { amount: 1000, currency: 'usd' });
    const bad = await c.call('POST', `/v1/payment_intents/${other.id}/cancel`, { cancellation_reason: 'bored' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.param).toBe('cancellation_reason');
  });
});

describe('authorization expiry', () => {
  it('uncaptured authorizations lapse after 7 days: PaymentIntent canceled (expired) with charge.expired, legacy charge released', async () => {
    const c2 = rawClient(sb);
    const pi = await pay(c2, 2000, 'pm_card_visa', { capture_method: 'manual' });
    const legacy = await c2.post('/v1/charges', { amount: 1000, currency: 'usd', source: 'tok_visa', capture: false });
    await c2.advance(6 * 86400);
    expect((await c2.get(`/v1/payment_intents/${pi.id}`)).status).toBe('requires_capture');
    await c2.advance(86400 + 5);
    const after = await c2.get(`/v1/payment_intents/${pi.id}`);
    expect(after).toMatchObject({ status: 'canceled', cancellation_reason: 'expired' });
    expect(await c2.get(`/v1/charges/${pi.latest_charge}`)).toMatchObject({ refunded: false, amount_refunded: 0, captured: false });
    expect((await c2.get('/v1/refunds', { payment_intent: pi.id })).data).toHaveLength(0);
    const released = await c2.get('/v1/refunds', { charge: legacy.id });
    expect(released.data[0]).toMatchObject({ amount: 1000, reason: 'expired_uncaptured_charge', balance_transaction: null });
    const expired = (await c2.get('/v1/events', { type: 'charge.expired' })).data.map((e: any) => e.data.object.id);
    expect(expired.sort()).toEqual([pi.latest_charge, legacy.id].sort());
    expect((await c2.get('/v1/balance')).pending[0].amount).toBe(0);
    // Nothing left to expire: later requests do not cancel or emit again.
    await c2.advance(30 * 86400);
    expect((await c2.get('/v1/events', { type: 'charge.expired' })).data).toHaveLength(2);
  });
});

describe('3-D Secure', () => {
  it.each(['pm_card_authenticationRequired', 'pm_card_threeDSecure2Required'])('%s → requires_action, then authenticate', async (pm) => {
    const pi = await pay(c, 2000, pm);
    expect(pi.status).toBe('requires_action');
    expect(pi.next_action.type).toBe('use_stripe_sdk');
    expect(pi.latest_charge).toBeNull();
    const cap = await c.call('POST', `/v1/payment_intents/${pi.id}/capture`);
    expect(cap.body.error.code).toBe('payment_intent_unexpected_state');
    const done = await c.post(`/v1/test_helpers/payment_intents/${pi.id}/authenticate`, { outcome: 'succeed' });
    expect(done).toMatchObject({ status: 'succeeded', next_action: null });
    const ch = await c.get(`/v1/charges/${done.latest_charge}`);
    expect(ch.payment_method_details.card.three_d_secure.result).toBe('authenticated');
  });
  it('a return_url gives a redirect_to_url next action', async () => {
    const pi = await c.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_authenticationRequired', confirm: true, return_url: 'https://shop.test/back' });
    expect(pi.next_action).toMatchObject({ type: 'redirect_to_url', redirect_to_url: { return_url: 'https://shop.test/back' } });
  });
  it('a failed challenge returns the PaymentIntent to requires_payment_method', async () => {
    const pi = await pay(c, 2000, 'pm_card_authenticationRequired');
    const failed = await c.post(`/v1/test_helpers/payment_intents/${pi.id}/authenticate`, { outcome: 'fail' });
    expect(failed.status).toBe('requires_payment_method');
    expect(failed.last_payment_error.code).toBe('payment_intent_authentication_failure');
  });
  it('error_on_requires_action fails with authentication_required / authentication_not_handled', async () => {
    const r = await create({ amount: 2000, payment_method: 'pm_card_authenticationRequired', confirm: true, error_on_requires_action: true });
    expect(r.status).toBe(402);
    expect(r.body.error).toMatchObject({ code: 'authentication_required', decline_code: 'authentication_not_handled' });
    expect(r.body.error.payment_intent.status).toBe('requires_payment_method');
  });
  it('off_session with an always-3DS card fails with authentication_required', async () => {
    const r = await create({ amount: 2000, payment_method: 'pm_card_authenticationRequired', confirm: true, off_session: true });
    expect(r.status).toBe(402);
    expect(r.body.error).toMatchObject({ code: 'authentication_required', decline_code: 'authentication_required' });
  });
  it('declines after authentication surface in last_payment_error', async () => {
    const pi = await pay(c, 2000, 'pm_card_threeDSecureRequiredChargeDeclined');
    const after = await c.post(`/v1/test_helpers/payment_intents/${pi.id}/authenticate`);
    expect(after.status).toBe('requires_payment_method');
    expect(after.last_payment_error.decline_code).toBe('generic_decline');
  });
});

describe('amount validation', () => {
  it.each([
    [0, 'usd', 'parameter_invalid_integer', 'This value must be greater than or equal to 1.'],
    [49, 'usd', 'amount_too_small', 'Amount must be at least $0.50 usd'],
    [29, 'gbp', 'amount_too_small', 'Amount must be at least £0.30 gbp'],
    [49, 'jpy', 'amount_too_small', 'Amount must be at least ¥50 jpy'],
    [100000000, 'usd', 'amount_too_large', 'Amount must be no more than $999,999.99'],
  ])('%i %s → %s', async (amount, currency, code, message) => {
    const r = await c.call('POST', '/v1/payment_intents', { amount, currency });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ type: 'invalid_request_error', code, param: 'amount', message });
  });
  it('three-decimal currencies need a trailing zero', async () => {
    expect((await c.call('POST', '/v1/payment_intents', { amount: 5005, currency: 'kwd' })).status).toBe(400);
    expect((await c.call('POST', '/v1/payment_intents', { amount: 5000, currency: 'kwd' })).status).toBe(200);
  });
  it('missing, unknown and malformed parameters', async () => {
    const missing = await c.call('POST', '/v1/payment_intents', { currency: 'usd' });
    expect(missing.body.error).toMatchObject({ code: 'parameter_missing', param: 'amount', message: 'Missing required param: amount.' });
    const unknown = await c.call('POST', '/v1/payment_intents', { amount: 100, currency: 'usd', colour: 'red' });
    expect(unknown.body.error).toMatchObject({ code: 'parameter_unknown', param: 'colour' });
    const nested = await c.call('POST', '/v1/payment_intents', { amount: 100, currency: 'usd', automatic_payment_methods: { enabled: true, nope: 'x' } });
    expect(nested.body.error).toMatchObject({ code: 'parameter_unknown', param: 'automatic_payment_methods[nope]' });
    const badCustomer = await c.call('POST', '/v1/payment_intents', { amount: 100, currency: 'usd', customer: 'cus_nope' });
    expect(badCustomer.status).toBe(400);
    expect(badCustomer.body.error).toMatchObject({ code: 'resource_missing', param: 'customer' });
    const missingPath = await c.call('GET', '/v1/payment_intents/pi_nope');
    expect(missingPath.status).toBe(404);
    expect(missingPath.body.error).toMatchObject({ code: 'resource_missing', message: "No such payment_intent: 'pi_nope'" });
  });
});

describe('lists and search', () => {
  it('lists by customer and searches by status and amount', async () => {
    const cus = await c.post('/v1/customers', { email: 'pi-list@example.com' });
    const a = await pay(c, 1111, 'pm_card_visa', { customer: cus.id, metadata: { batch: 'pi-search' } });
    const b = await c.post('/v1/payment_intents', { amount: 2222, currency: 'usd', customer: cus.id, metadata: { batch: 'pi-search' } });
    const list = await c.get('/v1/payment_intents', { customer: cus.id });
    expect(list.data.map((x: any) => x.id)).toEqual([b.id, a.id]);
    const found = await c.get('/v1/payment_intents/search', { query: `metadata['batch']:'pi-search' AND status:'succeeded'` });
    expect(found.data.map((x: any) => x.id)).toEqual([a.id]);
    const big = await c.get('/v1/payment_intents/search', { query: `metadata['batch']:'pi-search' AND amount>2000` });
    expect(big.data.map((x: any) => x.id)).toEqual([b.id]);
  });
});
