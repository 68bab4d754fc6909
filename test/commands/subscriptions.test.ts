// `payctl products|prices|subscriptions …` and `invoices list --subscription` against a fresh in-process
// sandbox: JSON and table modes, usage errors that send nothing, the clock-driven lifecycle, and the
// guided cancel with the unused-part refund (scripted prompter).
import { describe, expect, it } from 'vitest';
import { ANSI, useAccounts } from '../helpers/account.js';
import { ScriptedPrompter } from '../../src/prompt/scripted.js';
import { unusedAmount } from '../../src/commands/subscriptions/cancel.js';
import { subscriptionsSpec } from '../../src/commands/subscriptions/fields.js';
import { pricesSpec } from '../../src/commands/prices/fields.js';
import { renderCell } from '../../src/output/columns.js';

const account = useAccounts(({ ok }) => ({
  /** A customer with a default Visa, a product and a 15.00 USD monthly price. */
  setup: async (card = 'pm_card_visa') => {
    const customer = await ok(['post', '/v1/customers', '-d', 'email=ada@example.com', '-d', 'name=Ada Lovelace']);
    const pm = await ok(['post', `/v1/payment_methods/${card}/attach`, '-d', `customer=${customer.id}`]);
    await ok(['post', `/v1/customers/${customer.id}`, '-d', `invoice_settings[default_payment_method]=${pm.id}`]);
    const product = await ok(['products', 'create', '--name', 'Pro plan', '--price', '15.00', '--currency', 'usd', '--recurring', 'month']);
    return { customer: customer.id as string, product: product.id as string, price: product.default_price as string };
  },
}));

describe('products and prices', () => {
  it('create with a default price, list as a table with amounts in major units, update, search', async () => {
    const a = account();
    const { product, price } = await a.setup();
    const got = await a.ok(['prices', 'get', price]);
    expect(got).toMatchObject({ unit_amount: 1500, currency: 'usd', recurring: { interval: 'month', interval_count: 1 }, product });
    const yearly = await a.ok(['prices', 'create', '--product', product, '--amount', '150.00', '--currency', 'usd', '--recurring', 'year', '--lookup-key', 'pro_yearly']);
    expect(yearly).toMatchObject({ unit_amount: 15000, lookup_key: 'pro_yearly', recurring: { interval: 'year' } });
    const once = await a.ok(['prices', 'create', '--product', product, '--amount', '4900', '--currency', 'usd']);
    expect(once).toMatchObject({ unit_amount: 4900, type: 'one_time' });
    const table = await a.cli(['prices', 'list', '--product', product], { tty: true, columns: 120 });
    expect(table.code).toBe(0);
    expect(table.stdout).not.toMatch(ANSI);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]!.split(/\s{2,}/)).toEqual(['ID', 'AMOUNT', 'INTERVAL', 'PRODUCT', 'ACTIVE', 'LOOKUP KEY', 'CREATED']);
    expect(lines.slice(1).map((l) => l.split(/\s{2,}/).slice(1, 3))).toEqual([
      ['49.00 USD', 'one-time'],
      ['150.00 USD', 'year'],
      ['15.00 USD', 'month'],
    ]);
    expect((await a.ok(['prices', 'list', '--recurring', 'year'])).map((p: any) => p.id)).toEqual([yearly.id]);
    const archived = await a.ok(['prices', 'update', once.id, '--no-active']);
    expect(archived.active).toBe(false);
    expect((await a.ok(['prices', 'list', '--active', 'true'])).map((p: any) => p.id)).toEqual([yearly.id, price]);
    const renamed = await a.ok(['products', 'update', product, '--name', 'Pro plan 2026', '--metadata', 'tier=gold']);
    expect(renamed).toMatchObject({ name: 'Pro plan 2026', metadata: { tier: 'gold' } });
    expect((await a.ok(['products', 'search', "metadata['tier']:'gold'"])).map((p: any) => p.id)).toEqual([product]);
    const lone = await a.ok(['products', 'create', '--name', 'Lone']);
    expect(await a.ok(['products', 'delete', lone.id, '--yes'])).toEqual({ id: lone.id, object: 'product', deleted: true });
  });

  it.each<[string[], RegExp]>([
    [['prices', 'create', '--product', 'prod_1', '--amount', '15.00'], /^error: --amount 15\.00 needs a currency: add --currency usd or write --amount '15\.00 usd'$/m],
    [['prices', 'create', '--product', 'prod_1', '--amount', '15.00', '--currency', 'usd', '--recurring', 'fortnight'], /invalid --recurring "fortnight"/],
    [['prices', 'create', '--product', 'prod_1', '--amount', '15.00', '--currency', 'usd', '--recurring', 'month', '--interval-count', '13'], /invalid --interval-count "13"/],
    [['prices', 'create', '--amount', '15.00', '--currency', 'usd'], /missing required flag: --product/],
    [['products', 'create'], /missing required flag: --name/],
    [['products', 'create', '--name', 'X', '--currency', 'usd'], /--currency, --recurring and --interval-count need --price/],
    [['prices', 'list', '--active', 'maybe'], /maybe/],
    [['subscriptions', 'create', '--customer', 'cus_1'], /missing required flag: --price/],
    [['subscriptions', 'create', '--customer', 'nobody', '--price', 'price_1'], /invalid --customer "nobody"/],
    [['subscriptions', 'create', '--customer', 'cus_1', '--price', 'prod_1'], /is not a price id/],
    [['subscriptions', 'cancel', 'sub_1', '--at-period-end', '--refund-unused'], /apply only when cancelling now/],
    [['subscriptions', 'cancel'], /missing subscription id/],
    [['subscriptions', 'update', 'sub_1'], /nothing to update/],
    [['subscriptions', 'update', 'sub_1', '--pause-collection', 'later'], /invalid --pause-collection "later"/],
    [['subscriptions', 'list', '--status', 'late'], /late/],
    [['sandbox', 'advance', '0mo'], /invalid duration "0mo": months must be from 1 to 120/],
    [['sandbox', 'advance', '121mo'], /invalid duration "121mo": months must be from 1 to 120/],
    [['sandbox', 'advance', '1month'], /use e\.g\. 3d, 12h, 90m, 30s, 1d12h or 1mo/],
  ])('%j is a usage error that sends nothing', async (argv, message) => {
    await account().usageError(argv, message);
  });
});

describe('subscriptions', () => {
  it('create, renew by the clock, list with plan/status/renewal, invoices by subscription', async () => {
    const a = account();
    const { customer, price } = await a.setup();
    const sub = await a.ok(['subscriptions', 'create', '--customer', 'ada@example.com', '--price', price, '--metadata', 'plan=pro']);
    expect(sub).toMatchObject({ status: 'active', customer, metadata: { plan: 'pro' } });
    await a.ok(['sandbox', 'advance', '1mo']);
    await a.ok(['sandbox', 'advance', '1mo']);
    const invoices = await a.ok(['invoices', 'list', '--subscription', sub.id]);
    expect(invoices.map((i: any) => [i.billing_reason, i.status, i.amount_paid])).toEqual([
      ['subscription_cycle', 'paid', 1500],
      ['subscription_cycle', 'paid', 1500],
      ['subscription_create', 'paid', 1500],
    ]);
    const table = await a.cli(['subscriptions', 'list', '--customer', 'ada@example.com'], { tty: true, columns: 140 });
    expect(table.code).toBe(0);
    const [header, row] = table.stdout.trimEnd().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['ID', 'CUSTOMER', 'PLAN', 'STATUS', 'PERIOD END', 'RENEWAL']);
    expect(row).toContain(sub.id);
    expect(row).toContain('15.00 USD / month');
    expect(row).toMatch(/active/);
    expect(row).toMatch(/renews in (2[89]|3[01]) days/);
    const invTable = await a.cli(['invoices', 'list', '--subscription', sub.id], { tty: true, columns: 160 });
    expect(invTable.stdout.trimEnd().split('\n').slice(1).every((l) => l.includes(sub.id))).toBe(true);
    expect((await a.ok(['subscriptions', 'list', '--status', 'past_due'])).length).toBe(0);
    expect((await a.ok(['subscriptions', 'search', "metadata['plan']:'pro'"])).map((s: any) => s.id)).toEqual([sub.id]);
  });

  it('update with always_invoice prorates; cancel at period end, resume; --status filters', async () => {
    const a = account();
    const { product, price } = await a.setup();
    const big = await a.ok(['prices', 'create', '--product', product, '--amount', '45.00', '--currency', 'usd', '--recurring', 'month']);
    const sub = await a.ok(['subscriptions', 'create', '--customer', 'ada@example.com', '--price', price]);
    const up = await a.ok(['subscriptions', 'update', sub.id, '--price', big.id, '--proration-behavior', 'always_invoice']);
    expect(up.items.data[0].price.id).toBe(big.id);
    const inv = await a.ok(['invoices', 'get', up.latest_invoice]);
    expect(inv).toMatchObject({ billing_reason: 'subscription_update', status: 'paid' });
    expect(inv.amount_paid).toBeGreaterThan(2900);
    expect(inv.amount_paid).toBeLessThanOrEqual(3000);
    const ending = await a.ok(['subscriptions', 'cancel', sub.id, '--at-period-end']);
    expect(ending).toMatchObject({ status: 'active', cancel_at_period_end: true });
    const shown = await a.cli(['subscriptions', 'get', sub.id], { tty: true });
    expect(shown.stdout).toMatch(/^Renewal +cancels in (2[89]|3[01]) days$/m);
    // A time past 30 days away shows its timestamp once, not "2027-01-01 01:21 UTC (2027-01-01)".
    const trial = await a.ok(['subscriptions', 'create', '--customer', 'ada@example.com', '--price', price, '--trial-days', '60']);
    const trialShown = await a.cli(['subscriptions', 'get', trial.id], { tty: true });
    expect(trialShown.stdout).toMatch(/^Trial end +\d{4}-\d\d-\d\d \d\d:\d\d UTC$/m);
    const resumed = await a.ok(['subscriptions', 'resume', sub.id]);
    expect(resumed).toMatchObject({ cancel_at_period_end: false, cancel_at: null });
    expect((await a.ok(['subscriptions', 'update', sub.id, '--pause-collection', 'void'])).pause_collection).toEqual({ behavior: 'void', resumes_at: null });
    expect((await a.ok(['subscriptions', 'update', sub.id, '--no-pause-collection'])).pause_collection).toBeNull();
  });

  it('a declined renewal shows as past_due and recovers with a new payment method', async () => {
    const a = account();
    const { customer, price } = await a.setup();
    const sub = await a.ok(['subscriptions', 'create', '--customer', customer, '--price', price]);
    const bad = await a.ok(['post', '/v1/payment_methods/pm_card_chargeCustomerFail/attach', '-d', `customer=${customer}`]);
    await a.ok(['subscriptions', 'update', sub.id, '--payment-method', bad.id]);
    await a.ok(['sandbox', 'advance', '1mo']);
    expect((await a.ok(['subscriptions', 'list', '--status', 'past_due'])).map((s: any) => s.id)).toEqual([sub.id]);
    expect((await a.ok(['invoices', 'list', '--subscription', sub.id, '--status', 'open'])).length).toBe(1);
    const good = await a.ok(['post', '/v1/payment_methods/pm_card_mastercard/attach', '-d', `customer=${customer}`]);
    const recovered = await a.ok(['subscriptions', 'update', sub.id, '--payment-method', good.id]);
    expect(recovered.status).toBe('active');
  });

  it('cancel now needs --yes without a terminal; --refund-unused refunds the unused part once', async () => {
    const a = account();
    const { price } = await a.setup();
    const sub = await a.ok(['subscriptions', 'create', '--customer', 'ada@example.com', '--price', price]);
    await a.ok(['sandbox', 'advance', '10d']);
    await a.needsConfirmation(['subscriptions', 'cancel', sub.id]);
    const r = await a.ok(['subscriptions', 'cancel', sub.id, '--refund-unused', '--yes']);
    const item = sub.items.data[0];
    const clock = await a.ok(['get', '/v1/test_helpers/sandbox/clock']);
    const expected = unusedAmount(1500, item.current_period_start, item.current_period_end, clock.now);
    expect(r.subscription).toMatchObject({ id: sub.id, status: 'canceled' });
    // Ten days of a ~30-day month used: about two thirds back, to the minor unit by the exact formula.
    expect(Math.abs(r.refund.amount - expected)).toBeLessThanOrEqual(1);
    expect(r.refund).toMatchObject({ object: 'refund', status: 'succeeded', metadata: { subscription: sub.id } });
    const again = await a.cli(['subscriptions', 'cancel', sub.id, '--refund-unused', '--yes']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`${sub.id} is already canceled`);
  });

  it('--refund-unused refunds from the period invoice, not a proration invoice after it; a trial has nothing to refund', async () => {
    const a = account();
    const { product, price } = await a.setup();
    const big = await a.ok(['prices', 'create', '--product', product, '--amount', '45.00', '--currency', 'usd', '--recurring', 'month']);
    const sub = await a.ok(['subscriptions', 'create', '--customer', 'ada@example.com', '--price', price]);
    const created = sub.latest_invoice;
    await a.ok(['sandbox', 'advance', '5d']);
    const up = await a.ok(['subscriptions', 'update', sub.id, '--price', big.id, '--proration-behavior', 'always_invoice']);
    expect(up.latest_invoice).not.toBe(created);
    const r = await a.ok(['subscriptions', 'cancel', sub.id, '--refund-unused', '--yes']);
    expect(r.refund.metadata).toEqual({ subscription: sub.id, invoice: created });
    const item = sub.items.data[0];
    const clock = await a.ok(['get', '/v1/test_helpers/sandbox/clock']);
    expect(Math.abs(r.refund.amount - unusedAmount(1500, item.current_period_start, item.current_period_end, clock.now))).toBeLessThanOrEqual(1);
    const trial = await a.ok(['subscriptions', 'create', '--customer', 'ada@example.com', '--price', price, '--trial-days', '7']);
    await a.usageError(['subscriptions', 'cancel', trial.id, '--refund-unused', '--yes'], '--refund-unused: no paid invoice of a billing period');
    expect((await a.ok(['subscriptions', 'get', trial.id])).status).toBe('trialing');
  });

  it('the guided cancel finds the subscription by email, offers the refund, and confirms (default No)', async () => {
    const a = account();
    const { price } = await a.setup();
    const sub = await a.ok(['subscriptions', 'create', '--customer', 'ada@example.com', '--price', price]);
    await a.ok(['sandbox', 'advance', '15d']);
    const declined = new ScriptedPrompter(['ada@example.com', 'now', true, false]);
    const no = await a.cli(['subscriptions', 'cancel'], { tty: true, prompter: declined });
    expect(no.code).toBe(130);
    expect((await a.ok(['subscriptions', 'get', sub.id])).status).toBe('active');
    const prompter = new ScriptedPrompter(['ada@example.com', 'now', true, true]);
    const r = await a.cli(['subscriptions', 'cancel'], { tty: true, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    expect(prompter.asked.map((q) => q.type)).toEqual(['input', 'select', 'confirm', 'confirm']);
    expect(prompter.asked[2]!.message).toMatch(/^Refund the unused part, \d+\.\d\d USD of 15\.00 USD paid on in_/);
    expect(prompter.asked[3]).toMatchObject({ message: 'Proceed?', default: false });
    expect(r.stderr).toContain(`Subscription ${sub.id}: 15.00 USD / month, active, period `);
    expect(r.stderr).toMatch(new RegExp(`cancel subscription ${sub.id} now, and refund \\d+\\.\\d\\d USD of invoice in_`));
    expect(r.stdout).toMatch(/^Status +canceled$/m);
    expect(r.stdout).toMatch(/^refund re_\w+: \d+\.\d\d USD succeeded$/m);
  });
});

describe('unusedAmount', () => {
  it.each([
    [1500, 0, 100, 50, 750],
    [1500, 0, 3, 1, 1000],
    [1000, 0, 3, 1, 667],
    [1500, 0, 100, 100, 0],
    [1500, 0, 100, -5, 1500],
  ])('paid %i over [%i, %i] at %i → %i', (paid, start, end, now, want) => {
    expect(unusedAmount(paid, start, end, now)).toBe(want);
  });
});

describe('custom cells sanitise what the API sent', () => {
  const EVIL = 'x\x1b]0;pwned\x07\x1b[2J';
  const price = { id: 'price_1', currency: EVIL, unit_amount: 1500, recurring: { interval: EVIL, interval_count: 1 } };
  const sub = { id: 'sub_1', status: 'active', customer: { id: 'cus_1', email: EVIL }, currency: 'usd', items: { data: [{ id: 'si_1', quantity: 1, current_period_start: 0, current_period_end: 100, price }] } };
  it.each([...subscriptionsSpec.columns, ...subscriptionsSpec.detail, ...pricesSpec.columns].filter((c) => c.get).map((c) => [c.header, c] as const))('%s', (_h, col) => {
    const text = renderCell(col, col.header === 'AMOUNT' || col.header === 'INTERVAL' ? price : sub, { now: new Date(0), color: false });
    expect(text).not.toMatch(/\x1b|\x07/);
  });
});
