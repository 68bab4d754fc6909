// Subscriptions billed by the sandbox clock, through the official Stripe SDK: renewals, declines and
// recovery, trials, prorations, cancel at period end and now; plus products and prices.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { expectLedgerInvariant, rawClient, sdk } from './money-helpers.js';
import { addMonths, periodBoundary, prorate } from '../../src/sandbox/domain/subscriptions.js';

const sb = useTestSandbox();

async function setup(card = 'pm_card_visa') {
  const key = newTestKey();
  const stripe = sdk(sb, key);
  const raw = rawClient(sb, key);
  const customer = await stripe.customers.create({ email: 'sub@example.com', name: 'Ada Sub' });
  const pm = await stripe.paymentMethods.attach(card, { customer: customer.id });
  await stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: pm.id } });
  const product = await stripe.products.create({ name: 'Pro plan' });
  const price = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 1500, recurring: { interval: 'month' } });
  return { stripe, raw, customer, pm, product, price };
}

async function advanceMonths(stripe: Stripe, months: number): Promise<void> {
  await stripe.rawRequest('POST', '/v1/test_helpers/sandbox/advance', { months });
}

async function invoicesOf(stripe: Stripe, sub: string) {
  return (await stripe.invoices.list({ subscription: sub, limit: 100 })).data.reverse();
}

describe('calendar and proration arithmetic', () => {
  it.each([
    ['2026-01-31T10:00:00Z', 1, '2026-02-28T10:00:00Z'],
    ['2028-01-31T10:00:00Z', 1, '2028-02-29T10:00:00Z'],
    ['2026-03-31T00:00:00Z', 1, '2026-04-30T00:00:00Z'],
    ['2026-12-15T23:59:59Z', 1, '2027-01-15T23:59:59Z'],
    ['2026-05-10T00:00:00Z', 12, '2027-05-10T00:00:00Z'],
  ])('%s + %i month(s) = %s', (from, n, to) => {
    expect(new Date(addMonths(Date.parse(from) / 1000, n) * 1000).toISOString()).toBe(new Date(to).toISOString());
  });

  it('period ends count from the anchor, so the 31st comes back after February', () => {
    const anchor = Date.parse('2026-01-31T00:00:00Z') / 1000;
    const ends = [1, 2, 3].map((k) => new Date(periodBoundary(anchor, 'month', 1, k) * 1000).toISOString().slice(0, 10));
    expect(ends).toEqual(['2026-02-28', '2026-03-31', '2026-04-30']);
  });

  it.each([
    [3000, 15 * 86400, 30 * 86400, 1500],
    [1000, 1, 3, 333],
    [1000, 2, 3, 667],
    [-1000, 2, 3, -667],
    [1, 1, 2, 1],
    [999_999_99, 2_591_999, 2_592_000, 99_999_960],
  ])('prorate(%i, %i, %i) = %i', (amount, remaining, total, want) => {
    expect(prorate(amount, remaining, total)).toBe(want);
  });
});

describe('the clock in months', () => {
  it('advances calendar months from the sandbox time; months and seconds are exclusive and bounded', async () => {
    const raw = rawClient(sb);
    const before = await raw.get('/v1/test_helpers/sandbox/clock');
    const after = await raw.post('/v1/test_helpers/sandbox/advance', { months: 2 });
    expect(after.now - before.now - (addMonths(before.now, 2) - before.now)).toBeLessThanOrEqual(1);
    expect(after.now - before.now).toBeGreaterThanOrEqual(59 * 86400);
    for (const [params, param] of [[{ months: 0 }, 'months'], [{ months: 121 }, 'months']] as const) {
      const r = await raw.call('POST', '/v1/test_helpers/sandbox/advance', params);
      expect([r.status, r.body.error.param]).toEqual([400, param]);
    }
    const both = await raw.call('POST', '/v1/test_helpers/sandbox/advance', { months: 1, seconds: 5 });
    expect([both.status, both.body.error.code]).toEqual([400, 'parameters_exclusive']);
  });
});

describe('products and prices', () => {
  it('CRUD, filters, lookup keys, search and refusals', async () => {
    const { stripe, product, price } = await setup();
    expect(product).toMatchObject({ object: 'product', active: true, name: 'Pro plan', default_price: null });
    expect(price).toMatchObject({ object: 'price', type: 'recurring', unit_amount: 1500, recurring: { interval: 'month', interval_count: 1 } });
    // The SDK decodes decimal strings into its Decimal type.
    expect(String(price.unit_amount_decimal)).toBe('1500');
    const once = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount_decimal: '12.5' as any, lookup_key: 'setup' });
    expect(once).toMatchObject({ type: 'one_time', unit_amount: null, lookup_key: 'setup' });
    expect(String(once.unit_amount_decimal)).toBe('12.5');
    expect((await stripe.prices.list({ type: 'recurring' })).data.map((p) => p.id)).toEqual([price.id]);
    expect((await stripe.prices.list({ lookup_keys: ['setup'] })).data.map((p) => p.id)).toEqual([once.id]);
    expect((await stripe.prices.list({ product: product.id })).data).toHaveLength(2);
    const withDefault = await stripe.products.update(product.id, { default_price: price.id, metadata: { tier: 'pro' } });
    expect(withDefault.default_price).toBe(price.id);
    const viaData = await stripe.products.create({ name: 'Basic', default_price_data: { currency: 'eur', unit_amount: 500, recurring: { interval: 'year' } } });
    const dp = await stripe.prices.retrieve(viaData.default_price as string);
    expect(dp).toMatchObject({ currency: 'eur', unit_amount: 500, product: viaData.id, recurring: { interval: 'year' } });
    await stripe.prices.update(once.id, { active: false });
    expect((await stripe.prices.list({ active: true, product: product.id })).data.map((p) => p.id)).toEqual([price.id]);
    const found = await stripe.products.search({ query: "metadata['tier']:'pro'" });
    expect(found.data.map((p) => p.id)).toEqual([product.id]);
    expect((await stripe.products.search({ query: "name~'Basi'" })).data.map((p) => p.id)).toEqual([viaData.id]);
    await expect(stripe.products.del(product.id)).rejects.toMatchObject({ code: 'product_has_prices' });
    const lone = await stripe.products.create({ name: 'Lone' });
    expect(await stripe.products.del(lone.id)).toEqual({ id: lone.id, object: 'product', deleted: true });
    await expect(stripe.prices.create({ product: product.id, currency: 'usd', billing_scheme: 'tiered', tiers_mode: 'graduated' } as any)).rejects.toThrow(/not modelled/);
    await expect(stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100, lookup_key: 'setup' })).rejects.toThrow(/lookup key/);
    await expect(stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100, recurring: { interval: 'month', interval_count: 13 } })).rejects.toMatchObject({ param: 'recurring[interval_count]' });
  });
});

describe('subscriptions billed by the clock', () => {
  it('a monthly subscription is created paid and renewed three times, each period invoiced and charged', async () => {
    const { stripe, customer, price } = await setup();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], metadata: { plan: 'pro' } });
    expect(sub).toMatchObject({ status: 'active', currency: 'usd', customer: customer.id, cancel_at_period_end: false });
    const item = sub.items.data[0]!;
    expect(item.current_period_end).toBe(addMonths(item.current_period_start, 1));
    await advanceMonths(stripe, 1);
    await advanceMonths(stripe, 1);
    await advanceMonths(stripe, 1);
    const invoices = await invoicesOf(stripe, sub.id);
    expect(invoices.map((i) => [i.billing_reason, i.status, i.amount_paid])).toEqual([
      ['subscription_create', 'paid', 1500],
      ['subscription_cycle', 'paid', 1500],
      ['subscription_cycle', 'paid', 1500],
      ['subscription_cycle', 'paid', 1500],
    ]);
    // Each cycle invoice bills the next calendar month and is created at the period's start.
    for (let k = 1; k <= 3; k++) {
      const line = invoices[k]!.lines.data[0]!;
      expect(line.period).toEqual({ start: addMonths(item.current_period_start, k), end: addMonths(item.current_period_start, k + 1) });
      expect(invoices[k]!.created).toBe(addMonths(item.current_period_start, k));
      expect(line.parent).toMatchObject({ type: 'subscription_item_details', subscription_item_details: { subscription: sub.id, subscription_item: item.id } });
    }
    const now = await stripe.subscriptions.retrieve(sub.id);
    expect(now.items.data[0]!.current_period_start).toBe(addMonths(item.current_period_start, 3));
    expect(now.latest_invoice).toBe(invoices[3]!.id);
    const charges = await stripe.charges.list({ customer: customer.id });
    expect(charges.data.map((c) => [c.amount, c.status])).toEqual(Array(4).fill([1500, 'succeeded']));
    const events = await stripe.events.list({ limit: 100 });
    const types = events.data.map((e) => e.type);
    expect(types.filter((t) => t === 'customer.subscription.created')).toHaveLength(1);
    expect(types.filter((t) => t === 'invoice.paid')).toHaveLength(4);
    // invoice.upcoming 3 days before each of the three renewals, previewing the next period.
    expect(types.filter((t) => t === 'invoiceitem.created')).toHaveLength(0);
    const upcoming = events.data.filter((e) => e.type === 'invoice.upcoming').reverse();
    expect(upcoming.map((e) => e.created)).toEqual([1, 2, 3].map((k) => addMonths(item.current_period_start, k) - 3 * 86400));
    expect(upcoming[0]!.data.object).toMatchObject({ object: 'invoice', amount_due: 1500, billing_reason: 'upcoming', period_start: addMonths(item.current_period_start, 1) });
    expect(types.filter((t) => t === 'customer.subscription.updated').length).toBeGreaterThanOrEqual(3);
    expect((await stripe.subscriptions.search({ query: "metadata['plan']:'pro' AND status:'active'" })).data.map((s) => s.id)).toEqual([sub.id]);
  });

  it('a declined renewal goes past_due, retries on schedule, and recovers after the payment method is updated', async () => {
    const { stripe, customer, price } = await setup();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const bad = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await stripe.subscriptions.update(sub.id, { default_payment_method: bad.id });
    await advanceMonths(stripe, 1);
    let s = await stripe.subscriptions.retrieve(sub.id);
    expect(s.status).toBe('past_due');
    let inv = await stripe.invoices.retrieve(s.latest_invoice as string);
    expect(inv).toMatchObject({ status: 'open', attempt_count: 1, billing_reason: 'subscription_cycle' });
    expect(inv.next_payment_attempt).toBe(inv.created + 3 * 86400);
    await stripe.rawRequest('POST', '/v1/test_helpers/sandbox/advance', { seconds: 3 * 86400 });
    inv = await stripe.invoices.retrieve(inv.id);
    expect(inv.attempt_count).toBe(2);
    expect(inv.next_payment_attempt).toBe(inv.created + 8 * 86400);
    const types = (await stripe.events.list({ limit: 100, type: 'invoice.payment_failed' })).data;
    expect(types).toHaveLength(2);
    const good = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id });
    s = await stripe.subscriptions.update(sub.id, { default_payment_method: good.id });
    expect(s.status).toBe('active');
    inv = await stripe.invoices.retrieve(inv.id);
    expect(inv).toMatchObject({ status: 'paid', amount_paid: 1500, attempt_count: 3, next_payment_attempt: null });
    await advanceMonths(stripe, 1);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('spent retries cancel the subscription (attempts 3, 5 and 7 days apart)', async () => {
    const { stripe, customer, price } = await setup();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const bad = await stripe.paymentMethods.attach('pm_card_chargeCustomerFail', { customer: customer.id });
    await stripe.subscriptions.update(sub.id, { default_payment_method: bad.id });
    await advanceMonths(stripe, 1);
    const inv = (await stripe.subscriptions.retrieve(sub.id)).latest_invoice as string;
    // The last attempt comes 15 days after the first (the invoice's creation). The account clock also
    // runs with real time between these requests, so aim from the clock read just now, a minute short
    // of that attempt, then a minute past it.
    const finalAttempt = (await stripe.invoices.retrieve(inv)).created + 15 * 86400;
    const clock = (await stripe.rawRequest('GET', '/v1/test_helpers/sandbox/clock', {})) as unknown as { now: number };
    await stripe.rawRequest('POST', '/v1/test_helpers/sandbox/advance', { seconds: finalAttempt - clock.now - 60 });
    const before = await stripe.subscriptions.retrieve(sub.id);
    expect(before.status).toBe('past_due');
    expect(await stripe.invoices.retrieve(inv)).toMatchObject({ attempt_count: 3, next_payment_attempt: finalAttempt });
    await stripe.rawRequest('POST', '/v1/test_helpers/sandbox/advance', { seconds: 120 });
    const ended = await stripe.subscriptions.retrieve(sub.id);
    expect(ended).toMatchObject({ status: 'canceled', cancellation_details: { reason: 'payment_failed' } });
    expect(await stripe.invoices.retrieve(inv)).toMatchObject({ status: 'open', attempt_count: 4, next_payment_attempt: null });
  });

  it('an incomplete subscription expires after 23 hours and its invoice is voided', async () => {
    const { stripe, customer, price } = await setup('pm_card_chargeCustomerFail');
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'allow_incomplete' });
    expect(sub.status).toBe('incomplete');
    await stripe.rawRequest('POST', '/v1/test_helpers/sandbox/advance', { seconds: 23 * 3600 });
    const expired = await stripe.subscriptions.retrieve(sub.id);
    expect(expired.status).toBe('incomplete_expired');
    expect((await stripe.invoices.retrieve(sub.latest_invoice as string)).status).toBe('void');
  });

  it('default_incomplete waits for payment; paying the invoice makes it active', async () => {
    const { stripe, customer, price } = await setup();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'default_incomplete', expand: ['latest_invoice.payments'] });
    expect(sub.status).toBe('incomplete');
    const inv = sub.latest_invoice as Stripe.Invoice;
    expect(inv).toMatchObject({ status: 'open', amount_due: 1500 });
    expect((inv as any).payments.data[0].payment.payment_intent).toMatch(/^pi_/);
    await stripe.invoices.pay(inv.id);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
    const events = (await stripe.events.list({ limit: 100 })).data.filter((e) => e.type.startsWith('customer.subscription.')).reverse();
    expect(events.map((e) => [e.type, (e.data.object as Stripe.Subscription).status])).toEqual([
      ['customer.subscription.created', 'incomplete'],
      ['customer.subscription.updated', 'active'],
    ]);
    // Not expired at 23 hours once paid.
    await stripe.rawRequest('POST', '/v1/test_helpers/sandbox/advance', { seconds: 24 * 3600 });
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });

  it('a paid creation emits only customer.subscription.created, already active', async () => {
    const { stripe, customer, price } = await setup();
    await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const events = (await stripe.events.list({ limit: 100 })).data.filter((e) => e.type.startsWith('customer.subscription.'));
    expect(events.map((e) => [e.type, (e.data.object as Stripe.Subscription).status])).toEqual([['customer.subscription.created', 'active']]);
  });

  it('send_invoice subscriptions stay active with an open invoice due after days_until_due', async () => {
    const { stripe, customer, price } = await setup();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice', days_until_due: 30 });
    expect(sub.status).toBe('active');
    const inv = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(inv).toMatchObject({ status: 'open', collection_method: 'send_invoice', due_date: inv.created + 30 * 86400 });
    await advanceMonths(stripe, 1);
    expect((await invoicesOf(stripe, sub.id)).map((i) => i.status)).toEqual(['open', 'open']);
    await expect(stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], collection_method: 'send_invoice' })).rejects.toMatchObject({ param: 'days_until_due' });
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a one-time price', { onetime: true }, /type=recurring/],
    ['no items', { items: [] }, /items/],
    ['a billing_cycle_anchor more than a period away', { billing_cycle_anchor: 4_000_000_000 }, /billing_cycle_anchor/],
    ['both trial parameters', { trial_period_days: 3, trial_end: 2_000_000_000 }, /trial_end, trial_period_days/],
  ])('refuses %s', async (_name, extra, message) => {
    const { stripe, customer, product, price } = await setup();
    const once = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 100 });
    const { onetime, ...rest } = extra as any;
    const params: any = { customer: customer.id, items: [{ price: onetime ? once.id : price.id }], ...rest };
    await expect(stripe.subscriptions.create(params)).rejects.toThrow(message);
    expect((await stripe.subscriptions.list({ status: 'all' })).data).toEqual([]);
  });

  it('error_if_incomplete returns the decline and creates nothing', async () => {
    const { stripe, customer, price } = await setup('pm_card_chargeCustomerFail');
    await expect(stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], payment_behavior: 'error_if_incomplete' })).rejects.toMatchObject({
      type: 'StripeCardError',
    });
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'all' })).data).toEqual([]);
  });

  it('a trial converts to active at its end and bills then; trial_will_end fires 3 days before', async () => {
    const { stripe, customer, price } = await setup();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], trial_period_days: 14 });
    expect(sub).toMatchObject({ status: 'trialing' });
    expect(sub.trial_end).toBe(sub.trial_start! + 14 * 86400);
    const first = await stripe.invoices.retrieve(sub.latest_invoice as string);
    expect(first).toMatchObject({ status: 'paid', amount_due: 0, billing_reason: 'subscription_create' });
    await stripe.rawRequest('POST', '/v1/test_helpers/sandbox/advance', { seconds: 11 * 86400 });
    expect((await stripe.events.list({ type: 'customer.subscription.trial_will_end' })).data).toHaveLength(1);
    expect((await stripe.subscriptions.retrieve(sub.id)).status).toBe('trialing');
    await stripe.rawRequest('POST', '/v1/test_helpers/sandbox/advance', { seconds: 3 * 86400 });
    const s = await stripe.subscriptions.retrieve(sub.id);
    expect(s.status).toBe('active');
    expect(s.items.data[0]!.current_period_start).toBe(sub.trial_end);
    expect(s.items.data[0]!.current_period_end).toBe(addMonths(sub.trial_end!, 1));
    const inv = await stripe.invoices.retrieve(s.latest_invoice as string);
    expect(inv).toMatchObject({ status: 'paid', amount_paid: 1500, billing_reason: 'subscription_cycle' });
  });

  it.each([
    ['create_prorations', true],
    ['none', false],
  ] as const)('billing_cycle_anchor: a short first period up to the anchor (%s), then full periods from it', async (behavior, charged) => {
    const { stripe, customer, price } = await setup();
    const clock = await stripe.rawRequest('GET', '/v1/test_helpers/sandbox/clock', {});
    const anchor = (clock as any).now + 10 * 86400 + 7;
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }], billing_cycle_anchor: anchor, proration_behavior: behavior });
    expect(sub).toMatchObject({ status: 'active', billing_cycle_anchor: anchor });
    const item = sub.items.data[0]!;
    expect(item.current_period_end).toBe(anchor);
    const first = await stripe.invoices.retrieve(sub.latest_invoice as string);
    const full = anchor - addMonths(anchor, -1);
    const want = charged ? prorate(1500, anchor - item.current_period_start, full) : 0;
    expect(first).toMatchObject({ status: 'paid', amount_paid: want, billing_reason: 'subscription_create' });
    await advanceMonths(stripe, 1);
    const s = await stripe.subscriptions.retrieve(sub.id);
    expect(s.items.data[0]!.current_period_start).toBe(anchor);
    expect(s.items.data[0]!.current_period_end).toBe(addMonths(anchor, 1));
    expect((await stripe.invoices.retrieve(s.latest_invoice as string)).amount_paid).toBe(1500);
  });

  it('a mid-cycle upgrade prorates exactly (create_prorations next invoice, always_invoice now)', async () => {
    const { stripe, customer, product, price } = await setup();
    const big = await stripe.prices.create({ product: product.id, currency: 'usd', unit_amount: 4500, recurring: { interval: 'month' } });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const item = sub.items.data[0]!;
    const total = item.current_period_end - item.current_period_start;
    await stripe.rawRequest('POST', '/v1/test_helpers/sandbox/advance', { seconds: 10 * 86400 });
    const at = item.current_period_start + 10 * 86400;
    const up = await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, price: big.id }], proration_date: at, proration_behavior: 'always_invoice' });
    expect(up.items.data[0]!.price.id).toBe(big.id);
    const inv = await stripe.invoices.retrieve(up.latest_invoice as string);
    const remaining = item.current_period_end - at;
    const credit = -prorate(1500, remaining, total);
    const debit = prorate(4500, remaining, total);
    expect(inv).toMatchObject({ billing_reason: 'subscription_update', status: 'paid', amount_paid: credit + debit });
    expect(inv.lines.data.map((l) => l.amount).sort((a, b) => a - b)).toEqual([credit, debit]);
    // Exact: 1500 × remaining / total and 4500 × remaining / total, each rounded once.
    expect(credit).toBe(-Math.round((1500 * remaining) / total));
    expect(debit).toBe(Math.round((4500 * remaining) / total));
    // The next renewal bills the new price in full.
    await advanceMonths(stripe, 1);
    const next = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(sub.id)).latest_invoice as string);
    expect(next.amount_paid).toBe(4500);
  });

  it('create_prorations leaves proration items pending for the next renewal invoice', async () => {
    const { stripe, customer, price } = await setup();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id, quantity: 1 }] });
    const item = sub.items.data[0]!;
    await stripe.rawRequest('POST', '/v1/test_helpers/sandbox/advance', { seconds: 5 * 86400 });
    const at = item.current_period_start + 5 * 86400;
    await stripe.subscriptions.update(sub.id, { items: [{ id: item.id, quantity: 3 }], proration_date: at });
    const pending = await stripe.invoiceItems.list({ customer: customer.id, pending: true });
    expect((await stripe.events.list({ type: 'invoiceitem.created' })).data).toHaveLength(2);
    const total = item.current_period_end - item.current_period_start;
    const remaining = item.current_period_end - at;
    expect(pending.data.map((i) => i.amount).sort((a, b) => a - b)).toEqual([-prorate(1500, remaining, total), prorate(4500, remaining, total)]);
    await advanceMonths(stripe, 1);
    const inv = await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(sub.id)).latest_invoice as string);
    expect(inv.amount_paid).toBe(4500 - prorate(1500, remaining, total) + prorate(4500, remaining, total));
  });

  it.each([
    ['void', 'void'],
    ['mark_uncollectible', 'uncollectible'],
    ['keep_as_draft', 'draft'],
  ] as const)('paused collection (%s) invoices the period without collecting: %s', async (behavior, status) => {
    const { stripe, customer, price } = await setup();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const paused = await stripe.subscriptions.update(sub.id, { pause_collection: { behavior } });
    expect(paused.pause_collection).toEqual({ behavior, resumes_at: null });
    await advanceMonths(stripe, 1);
    const s = await stripe.subscriptions.retrieve(sub.id);
    expect(s.status).toBe('active');
    expect((await stripe.invoices.retrieve(s.latest_invoice as string)).status).toBe(status);
    expect((await stripe.charges.list({ customer: customer.id })).data).toHaveLength(1);
    // Unpaused: the next renewal is collected again.
    await stripe.subscriptions.update(sub.id, { pause_collection: '' as any });
    await advanceMonths(stripe, 1);
    expect((await stripe.invoices.retrieve((await stripe.subscriptions.retrieve(sub.id)).latest_invoice as string)).status).toBe('paid');
  });

  it('pause_collection[resumes_at] resumes collection at that time', async () => {
    const { stripe, customer, price } = await setup();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const resumesAt = sub.items.data[0]!.current_period_end + 86400;
    await stripe.subscriptions.update(sub.id, { pause_collection: { behavior: 'void', resumes_at: resumesAt } });
    await advanceMonths(stripe, 2);
    const s = await stripe.subscriptions.retrieve(sub.id);
    expect(s.pause_collection).toBeNull();
    expect((await invoicesOf(stripe, sub.id)).map((i) => i.status)).toEqual(['paid', 'void', 'paid']);
    await expect(stripe.subscriptions.update(sub.id, { pause_collection: { behavior: 'void', resumes_at: 1 } })).rejects.toMatchObject({ param: 'pause_collection[resumes_at]' });
  });

  it('cancel at period end, resume, then cancel at period end for real', async () => {
    const { stripe, customer, price } = await setup();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const end = sub.items.data[0]!.current_period_end;
    const pending = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(pending).toMatchObject({ status: 'active', cancel_at_period_end: true, cancel_at: end });
    const resumed = await stripe.subscriptions.update(sub.id, { cancel_at_period_end: false });
    expect(resumed).toMatchObject({ cancel_at_period_end: false, cancel_at: null, canceled_at: null });
    await stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    await advanceMonths(stripe, 2);
    const ended = await stripe.subscriptions.retrieve(sub.id);
    expect(ended).toMatchObject({ status: 'canceled', ended_at: end, cancellation_details: { reason: 'cancellation_requested' } });
    expect((await invoicesOf(stripe, sub.id)).length).toBe(1);
    expect((await stripe.events.list({ type: 'customer.subscription.deleted' })).data).toHaveLength(1);
    // A subscription ending at its period end previews no renewal.
    expect((await stripe.events.list({ type: 'invoice.upcoming' })).data).toHaveLength(0);
    expect((await stripe.subscriptions.list({ customer: customer.id })).data).toEqual([]);
    expect((await stripe.subscriptions.list({ customer: customer.id, status: 'canceled' })).data.map((s) => s.id)).toEqual([sub.id]);
  });

  it('cancel now with the unused part refunded keeps the ledger invariant', async () => {
    const { stripe, raw, customer, price } = await setup();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await stripe.rawRequest('POST', '/v1/test_helpers/sandbox/advance', { seconds: 10 * 86400 });
    const canceled = await stripe.subscriptions.cancel(sub.id, { cancellation_details: { comment: 'moving away', feedback: 'too_expensive' } });
    expect(canceled).toMatchObject({ status: 'canceled', cancellation_details: { comment: 'moving away', feedback: 'too_expensive', reason: 'cancellation_requested' } });
    const inv = await stripe.invoices.retrieve(sub.latest_invoice as string, { expand: ['payments'] });
    const pi = (inv as any).payments.data[0].payment.payment_intent as string;
    const item = sub.items.data[0]!;
    const unused = prorate(1500, item.current_period_end - (item.current_period_start + 10 * 86400), item.current_period_end - item.current_period_start);
    const refund = await stripe.refunds.create({ payment_intent: pi, amount: unused });
    expect(refund.status).toBe('succeeded');
    await expect(stripe.subscriptions.cancel(sub.id)).rejects.toThrow(/canceled/);
    await advanceMonths(stripe, 1);
    expect((await invoicesOf(stripe, sub.id)).length).toBe(1);
    await expectLedgerInvariant(raw);
  });

  it('advancing a year of a monthly subscription takes well under a second', async () => {
    const { stripe, customer, price } = await setup();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    const started = performance.now();
    await advanceMonths(stripe, 12);
    expect(performance.now() - started).toBeLessThan(1000);
    expect((await invoicesOf(stripe, sub.id)).length).toBe(13);
  });
});
