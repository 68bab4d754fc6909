// SetupIntents through the official `stripe` SDK: the state machine, test cards (decline cards fail setup,
// 3-D Secure cards need the authenticate helper), attaching on success, events, the two "setup" 3DS cards
// of docs.stripe.com/testing, and Checkout in mode=setup.
import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { CARD_ONLY, rawClient, sdk } from './money-helpers.js';

const sb = useTestSandbox();

async function failure(p: Promise<unknown>): Promise<Stripe.errors.StripeError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(Stripe.errors.StripeError);
  return e as Stripe.errors.StripeError;
}

function account() {
  const key = newTestKey();
  return { stripe: sdk(sb, key), raw: rawClient(sb, key) };
}

async function eventTypes(stripe: Stripe, prefix: string): Promise<string[]> {
  const all = await stripe.events.list({ limit: 100 });
  return all.data.map((e) => e.type).filter((t) => t.startsWith(prefix)).reverse();
}

describe('SetupIntents', () => {
  it('create → confirm saves the card to the customer; retrieve, list, update; events', async () => {
    const { stripe } = account();
    const cus = await stripe.customers.create({ name: 'Saver' });
    const si = await stripe.setupIntents.create({ customer: cus.id, ...CARD_ONLY, metadata: { order: '7' } });
    expect(si).toMatchObject({
      object: 'setup_intent',
      status: 'requires_payment_method',
      usage: 'off_session',
      customer: cus.id,
      payment_method: null,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      metadata: { order: '7' },
      livemode: false,
    });
    expect(si.id).toMatch(/^seti_/);
    expect(si.client_secret).toMatch(new RegExp(`^${si.id}_secret_`));
    const updated = await stripe.setupIntents.update(si.id, { description: 'save for later', payment_method: 'pm_card_visa' });
    expect(updated).toMatchObject({ description: 'save for later', status: 'requires_confirmation' });
    const done = await stripe.setupIntents.confirm(si.id);
    expect(done.status).toBe('succeeded');
    const pm = await stripe.paymentMethods.retrieve(done.payment_method as string);
    expect(pm.customer).toBe(cus.id);
    expect((await stripe.setupIntents.retrieve(si.id)).status).toBe('succeeded');
    const listed = await stripe.setupIntents.list({ customer: cus.id });
    expect(listed.data.map((s) => s.id)).toEqual([si.id]);
    expect((await stripe.setupIntents.list({ payment_method: pm.id })).data).toHaveLength(1);
    expect(await eventTypes(stripe, 'setup_intent.')).toEqual(['setup_intent.created', 'setup_intent.succeeded']);
    expect(await eventTypes(stripe, 'payment_method.')).toEqual(['payment_method.attached']);
    // No money moved.
    expect((await stripe.charges.list()).data).toHaveLength(0);
    const again = await failure(stripe.setupIntents.confirm(si.id));
    expect([again.statusCode, again.code]).toEqual([400, 'setup_intent_unexpected_state']);
    const noCancel = await failure(stripe.setupIntents.cancel(si.id));
    expect(noCancel.code).toBe('setup_intent_unexpected_state');
  });

  it('the saved card then pays off-session for that customer only', async () => {
    const { stripe } = account();
    const cus = await stripe.customers.create({});
    const other = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: cus.id, payment_method: 'pm_card_visa', confirm: true, ...CARD_ONLY });
    const pi = await stripe.paymentIntents.create({ amount: 1500, currency: 'usd', customer: cus.id, payment_method: si.payment_method as string, off_session: true, confirm: true });
    expect(pi.status).toBe('succeeded');
    const e = await failure(stripe.paymentIntents.create({ amount: 1500, currency: 'usd', customer: other.id, payment_method: si.payment_method as string, off_session: true, confirm: true }));
    expect(e.message).toMatch(/^The customer does not have a payment method with the ID/);
  });

  it('without a customer the card is not attached (and can be attached afterwards)', async () => {
    const { stripe } = account();
    const si = await stripe.setupIntents.create({ payment_method: 'pm_card_mastercard', confirm: true, ...CARD_ONLY });
    expect(si.status).toBe('succeeded');
    const pm = await stripe.paymentMethods.retrieve(si.payment_method as string);
    expect(pm.customer).toBeNull();
    const cus = await stripe.customers.create({});
    expect((await stripe.paymentMethods.attach(pm.id, { customer: cus.id })).customer).toBe(cus.id);
  });

  it.each([
    ['pm_card_chargeDeclined', 'card_declined', 'generic_decline'],
    ['pm_card_chargeDeclinedInsufficientFunds', 'card_declined', 'insufficient_funds'],
    ['pm_card_chargeDeclinedExpiredCard', 'expired_card', 'expired_card'],
  ])('%s fails setup: 402, last_setup_error, setup_intent.setup_failed, nothing attached', async (card, code, decline) => {
    const { stripe } = account();
    const cus = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: cus.id, ...CARD_ONLY });
    const e = await failure(stripe.setupIntents.confirm(si.id, { payment_method: card }));
    expect(e).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect([e.statusCode, e.code, e.decline_code]).toEqual([402, code, decline]);
    expect((e.raw as { setup_intent?: { id: string } }).setup_intent?.id).toBe(si.id);
    const after = await stripe.setupIntents.retrieve(si.id);
    expect(after).toMatchObject({ status: 'requires_payment_method', payment_method: null, last_setup_error: { code, decline_code: decline, type: 'card_error' } });
    expect((await stripe.customers.listPaymentMethods(cus.id)).data).toHaveLength(0);
    expect(await eventTypes(stripe, 'setup_intent.')).toEqual(['setup_intent.created', 'setup_intent.setup_failed']);
    // A good card afterwards succeeds.
    expect((await stripe.setupIntents.confirm(si.id, { payment_method: 'pm_card_visa' })).status).toBe('succeeded');
  });

  it('4000000000000341 (chargeCustomerFail) sets up fine, then its payments decline', async () => {
    const { stripe } = account();
    const cus = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: cus.id, payment_method: 'pm_card_chargeCustomerFail', confirm: true, ...CARD_ONLY });
    expect(si.status).toBe('succeeded');
    const e = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: cus.id, payment_method: si.payment_method as string, off_session: true, confirm: true }));
    expect(e.code).toBe('card_declined');
  });

  it('3-D Secure: requires_action, then the authenticate helper succeeds or fails it', async () => {
    const { stripe, raw } = account();
    const cus = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: cus.id, payment_method: 'pm_card_authenticationRequired', confirm: true, ...CARD_ONLY });
    expect(si.status).toBe('requires_action');
    expect(si.next_action?.type).toBe('use_stripe_sdk');
    const done = await raw.post(`/v1/test_helpers/setup_intents/${si.id}/authenticate`);
    expect(done).toMatchObject({ status: 'succeeded', next_action: null });
    expect((await stripe.customers.listPaymentMethods(cus.id)).data).toHaveLength(1);

    const si2 = await stripe.setupIntents.create({ customer: cus.id, payment_method: 'pm_card_threeDSecure2Required', confirm: true, return_url: 'https://shop.test/back' });
    expect(si2.next_action).toMatchObject({ type: 'redirect_to_url', redirect_to_url: { return_url: 'https://shop.test/back' } });
    const failed = await raw.post(`/v1/test_helpers/setup_intents/${si2.id}/authenticate`, { outcome: 'fail' });
    expect(failed).toMatchObject({ status: 'requires_payment_method', payment_method: null, last_setup_error: { code: 'setup_intent_authentication_failure' } });
    expect(await eventTypes(stripe, 'setup_intent.')).toEqual([
      'setup_intent.created',
      'setup_intent.requires_action',
      'setup_intent.succeeded',
      'setup_intent.created',
      'setup_intent.requires_action',
      'setup_intent.setup_failed',
    ]);
    const wrong = await raw.call('POST', `/v1/test_helpers/setup_intents/${si.id}/authenticate`);
    expect(wrong.status).toBe(400);
  });

  it('cancel: from requires_payment_method and requires_action, with a reason; not twice', async () => {
    const { stripe } = account();
    const a = await stripe.setupIntents.create({ ...CARD_ONLY });
    const c1 = await stripe.setupIntents.cancel(a.id, { cancellation_reason: 'requested_by_customer' });
    expect(c1).toMatchObject({ status: 'canceled', cancellation_reason: 'requested_by_customer' });
    const b = await stripe.setupIntents.create({ payment_method: 'pm_card_authenticationRequired', confirm: true, ...CARD_ONLY });
    expect((await stripe.setupIntents.cancel(b.id)).status).toBe('canceled');
    const twice = await failure(stripe.setupIntents.cancel(a.id));
    expect([twice.statusCode, twice.code]).toEqual([400, 'setup_intent_unexpected_state']);
    const bad = await failure(stripe.setupIntents.cancel(b.id, { cancellation_reason: 'bored' as never }));
    expect(bad.param).toBe('cancellation_reason');
    expect(await eventTypes(stripe, 'setup_intent.canceled')).toHaveLength(2);
  });

  it('validation: return_url needs confirm; automatic payment methods without return_url; unknown ids', async () => {
    const { stripe } = account();
    const e1 = await failure(stripe.setupIntents.create({ return_url: 'https://x.test' }));
    expect(e1.param).toBe('return_url');
    const e2 = await failure(stripe.setupIntents.create({ payment_method: 'pm_card_visa', confirm: true }));
    expect(e2.message).toMatch(/you must provide a `return_url`/);
    const e3 = await failure(stripe.setupIntents.retrieve('seti_nope'));
    expect(e3.statusCode).toBe(404);
    const e4 = await failure(stripe.setupIntents.create({ customer: 'cus_nope' }));
    expect([e4.statusCode, e4.param]).toEqual([400, 'customer']);
    const e5 = await failure(stripe.setupIntents.create({ usage: 'sometimes' as never }));
    expect(e5.param).toBe('usage');
    const ok = await stripe.setupIntents.create({ usage: 'on_session', automatic_payment_methods: { enabled: false }, payment_method: 'pm_card_visa', confirm: true });
    expect(ok).toMatchObject({ usage: 'on_session', status: 'succeeded', automatic_payment_methods: null });
    const typed = await stripe.setupIntents.create({ allowed_payment_method_types: ['card'], payment_method: 'pm_card_visa', confirm: true });
    expect(typed).toMatchObject({ status: 'succeeded', automatic_payment_methods: null, allowed_payment_method_types: ['card'], payment_method_types: ['card'] });
    const both = await failure(stripe.setupIntents.create({ allowed_payment_method_types: ['card'], automatic_payment_methods: { enabled: true } }));
    expect(both.code).toBe('parameters_exclusive');
  });
});

describe('the setup cards of docs.stripe.com/testing', () => {
  it('authenticationRequiredOnSetup (…3155): 3DS on setup; set up off-session, later off-session payments need no authentication', async () => {
    const { stripe, raw } = account();
    const cus = await stripe.customers.create({});
    // Attached without being set up: off-session payments still need authentication.
    const plain = await stripe.paymentMethods.attach('pm_card_authenticationRequiredOnSetup', { customer: cus.id });
    const e = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: cus.id, payment_method: plain.id, off_session: true, confirm: true }));
    expect([e.code, e.decline_code]).toEqual(['authentication_required', 'authentication_required']);
    // Set up with a SetupIntent: 3DS once, then off-session succeeds and on-session still asks.
    const si = await stripe.setupIntents.create({ customer: cus.id, payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true, ...CARD_ONLY });
    expect(si.status).toBe('requires_action');
    const done = await raw.post(`/v1/test_helpers/setup_intents/${si.id}/authenticate`);
    expect(done.status).toBe('succeeded');
    const off = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: cus.id, payment_method: si.payment_method as string, off_session: true, confirm: true });
    expect(off.status).toBe('succeeded');
    const on = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: cus.id, payment_method: si.payment_method as string, confirm: true, ...CARD_ONLY });
    expect(on.status).toBe('requires_action');
  });

  it('an on_session SetupIntent does not set the card up for off-session payments', async () => {
    const { stripe, raw } = account();
    const cus = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: cus.id, usage: 'on_session', payment_method: 'pm_card_authenticationRequiredOnSetup', confirm: true, ...CARD_ONLY });
    await raw.post(`/v1/test_helpers/setup_intents/${si.id}/authenticate`);
    const e = await failure(stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: cus.id, payment_method: si.payment_method as string, off_session: true, confirm: true }));
    expect(e.code).toBe('authentication_required');
  });

  it('authenticationRequiredSetupForOffSession (…0446): 3DS on setup and on-session; off-session succeeds', async () => {
    const { stripe, raw } = account();
    const cus = await stripe.customers.create({});
    const si = await stripe.setupIntents.create({ customer: cus.id, payment_method: 'pm_card_authenticationRequiredSetupForOffSession', confirm: true, ...CARD_ONLY });
    expect(si.status).toBe('requires_action');
    await raw.post(`/v1/test_helpers/setup_intents/${si.id}/authenticate`);
    const off = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: cus.id, payment_method: si.payment_method as string, off_session: true, confirm: true });
    expect(off.status).toBe('succeeded');
    const on = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: cus.id, payment_method: si.payment_method as string, confirm: true, ...CARD_ONLY });
    expect(on.status).toBe('requires_action');
  });
});

describe('Checkout mode=setup', () => {
  it('creates no line items or amounts; completing it creates and succeeds a SetupIntent that saves the card', async () => {
    const { stripe, raw } = account();
    const cus = await stripe.customers.create({ email: 's@example.com' });
    const cs = await stripe.checkout.sessions.create({
      mode: 'setup',
      customer: cus.id,
      currency: 'usd',
      success_url: 'https://shop.test/ok',
      setup_intent_data: { metadata: { plan: 'later' } },
    });
    expect(cs).toMatchObject({ mode: 'setup', status: 'open', payment_status: 'no_payment_required', amount_total: null, setup_intent: null, payment_intent: null });
    const done = await raw.post(`/v1/test_helpers/checkout/sessions/${cs.id}/complete`, { payment_method: 'pm_card_authenticationRequiredOnSetup' });
    expect(done).toMatchObject({ status: 'complete', payment_status: 'no_payment_required', payment_intent: null });
    const si = await stripe.setupIntents.retrieve(done.setup_intent);
    expect(si).toMatchObject({ status: 'succeeded', customer: cus.id, usage: 'off_session', metadata: { plan: 'later' } });
    const saved = await stripe.customers.listPaymentMethods(cus.id);
    expect(saved.data.map((p) => p.id)).toEqual([si.payment_method]);
    const expanded = await stripe.checkout.sessions.retrieve(cs.id, { expand: ['setup_intent'] });
    expect((expanded.setup_intent as Stripe.SetupIntent).id).toBe(si.id);
    // Set up off-session: the 3155 card now pays off-session without authentication.
    const off = await stripe.paymentIntents.create({ amount: 1000, currency: 'usd', customer: cus.id, payment_method: si.payment_method as string, off_session: true, confirm: true });
    expect(off.status).toBe('succeeded');
    expect((await stripe.charges.list()).data).toHaveLength(1);
  });

  it('a decline card answers 402 and leaves the session open; line_items are refused', async () => {
    const { stripe, raw } = account();
    const cs = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd', success_url: 'https://shop.test/ok' });
    const r = await raw.call('POST', `/v1/test_helpers/checkout/sessions/${cs.id}/complete`, { payment_method: 'pm_card_chargeDeclined' });
    expect([r.status, r.body.error.code]).toEqual([402, 'card_declined']);
    const open = await stripe.checkout.sessions.retrieve(cs.id);
    expect(open.status).toBe('open');
    expect((await stripe.setupIntents.retrieve(open.setup_intent as string)).status).toBe('requires_payment_method');
    await stripe.checkout.sessions.expire(cs.id);
    expect((await stripe.setupIntents.retrieve(open.setup_intent as string)).status).toBe('canceled');
    const bad = await failure(
      stripe.checkout.sessions.create({ mode: 'setup', line_items: [{ price_data: { currency: 'usd', product_data: { name: 'x' }, unit_amount: 100 }, quantity: 1 }], success_url: 'https://shop.test/ok' }),
    );
    expect(bad.param).toBe('line_items');
    const noCurrency = await failure(stripe.checkout.sessions.create({ mode: 'setup', success_url: 'https://shop.test/ok' }));
    expect([noCurrency.code, noCurrency.param]).toEqual(['parameter_missing', 'currency']);
    const typed = await stripe.checkout.sessions.create({ mode: 'setup', allowed_payment_method_types: ['card'], success_url: 'https://shop.test/ok' });
    expect(typed).toMatchObject({ currency: null, allowed_payment_method_types: ['card'], payment_method_types: ['card'] });
  });
});
