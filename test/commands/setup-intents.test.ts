// `payctl setup-intents …` and `payctl customers payment-methods` against a fresh in-process sandbox:
// save a card, 3-D Secure and declines, cancel guards, list/get, and the saved-cards table.
import { describe, expect, it } from 'vitest';
import { ANSI, useAccounts } from '../helpers/account.js';

const account = useAccounts(({ ok, customer }) => ({
  customer: () => customer('email=ada@example.com'),
  save: (cus: string, pm = 'pm_card_visa'): Promise<any> => ok(['setup-intents', 'create', '--customer', cus, '--payment-method', pm, '--confirm']),
}));

describe('setup-intents', () => {
  it('create --confirm saves the card to the customer without charging it', async () => {
    const a = account();
    const cus = await a.customer();
    const si = await a.save(cus);
    expect(si).toMatchObject({ object: 'setup_intent', status: 'succeeded', usage: 'off_session', customer: cus, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
    const pms = await a.ok(['customers', 'payment-methods', cus]);
    expect(pms.map((p: any) => p.id)).toEqual([si.payment_method]);
    expect(await a.ok(['charges', 'list'])).toEqual([]);
  });

  it('create without --confirm, then confirm, get and list', async () => {
    const a = account();
    const cus = await a.customer();
    const si = await a.ok(['setup-intents', 'create', '--customer', cus, '--usage', 'on_session', '--metadata', 'order=7', '--description', 'Card for later']);
    expect(si).toMatchObject({ status: 'requires_payment_method', usage: 'on_session', metadata: { order: '7' }, description: 'Card for later' });
    const done = await a.ok(['setup-intents', 'confirm', si.id, '--payment-method', 'pm_card_mastercard', '-d', 'return_url=https://shop.test/back']);
    expect(done.status).toBe('succeeded');
    expect((await a.ok(['setup-intents', 'get', si.id])).payment_method).toBe(done.payment_method);
    expect((await a.ok(['setup-intents', 'list', '--customer', cus])).map((s: any) => s.id)).toEqual([si.id]);
    const table = await a.cli(['setup-intents', 'list'], { tty: true });
    expect(table.code).toBe(0);
    expect(table.stdout).not.toMatch(ANSI);
    expect(table.stdout).toMatch(/^ID +STATUS +USAGE +CUSTOMER +PAYMENT METHOD +CREATED/);
    expect(table.stdout).toMatch(new RegExp(`^${si.id} +succeeded +on_session +${cus} +pm_`, 'm'));
    const detail = await a.cli(['setup-intents', 'get', si.id], { tty: true });
    expect(detail.stdout).toMatch(/^Status +succeeded$/m);
    expect(detail.stdout).toMatch(/^Usage +on_session$/m);
  });

  it('a decline card exits 5 with the reason; 3-D Secure leaves requires_action', async () => {
    const a = account();
    const cus = await a.customer();
    const r = await a.cli(['setup-intents', 'create', '--customer', cus, '--payment-method', 'pm_card_chargeDeclined', '--confirm']);
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    // The decline names the setup intent it left behind, so it can be found and retried.
    const seti = /^error: Your card was declined\. \[generic_decline\] on (seti_\w+) \(request req_\w+\)\n$/.exec(r.stderr)?.[1];
    expect(seti, r.stderr).toBeDefined();
    expect(await a.ok(['setup-intents', 'get', seti!])).toMatchObject({ customer: cus, status: 'requires_payment_method' });
    const auth = await a.save(cus, 'pm_card_authenticationRequiredOnSetup');
    expect(auth).toMatchObject({ status: 'requires_action', next_action: { type: 'use_stripe_sdk' } });
  });

  it('cancel needs --yes without a TTY, then cancels with a reason', async () => {
    const a = account();
    const si = await a.ok(['setup-intents', 'create']);
    await a.needsConfirmation(['setup-intents', 'cancel', si.id]);
    const done = await a.ok(['setup-intents', 'cancel', si.id, '--reason', 'abandoned', '--yes']);
    expect(done).toMatchObject({ status: 'canceled', cancellation_reason: 'abandoned' });
    const again = await a.cli(['setup-intents', 'cancel', si.id, '--yes']);
    expect(again.code).toBe(3);
    expect(again.stderr).toMatch(/^error: You cannot cancel this SetupIntent because it has a status of canceled\./);
  });

  it.each([
    [['setup-intents', 'get', 'pi_123'], /"pi_123" is not a setup intent id \(expected seti_…\)/],
    [['setup-intents', 'create', '--confirm'], /--confirm needs --payment-method/],
    [['setup-intents', 'create', '--payment-method', 'visa'], /invalid --payment-method "visa"/],
    [['setup-intents', 'create', '--usage', 'sometimes'], /argument 'sometimes' is invalid/],
    [['setup-intents', 'create', '--return-url', 'https://x.test'], /--return-url only applies with --confirm/],
    [['setup-intents', 'cancel', 'seti_1', '--reason', 'bored', '--yes'], /argument 'bored' is invalid/],
    [['customers', 'payment-methods', 'pm_123'], /"pm_123" is not a customer id/],
  ])('%j is a usage error before any request', async (argv, message) => {
    await account().usageError(argv, message);
  });
});

describe('customers payment-methods', () => {
  it('a table of brand, last4, expiry and the invoice default ✓', async () => {
    const a = account();
    const cus = await a.customer();
    const visa = (await a.save(cus)).payment_method;
    const amex = (await a.save(cus, 'pm_card_amex')).payment_method;
    await a.ok(['post', `/v1/customers/${cus}`, '-d', `invoice_settings[default_payment_method]=${visa}`]);
    const r = await a.cli(['customers', 'payment-methods', cus], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const year = new Date().getUTCFullYear() + 3;
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +BRAND +LAST4 +EXPIRES +DEFAULT +CREATED$/);
    expect(lines[1]).toMatch(new RegExp(`^${amex} +amex +0005 +12/${year} +\\S`));
    expect(lines[1]).not.toContain('✓');
    expect(lines[2]).toMatch(new RegExp(`^${visa} +visa +4242 +12/${year} +✓ +`));
    expect(lines).toHaveLength(3);
    const csv = await a.cli(['customers', 'payment-methods', cus, '-o', 'csv']);
    expect(csv.stdout.split('\n')[2]).toMatch(new RegExp(`^${visa},visa,4242,12/${year},✓,`));
  });

  it('pages with --limit and --all; an empty list says so on stderr; an unknown customer exits 3', async () => {
    const a = account();
    const cus = await a.customer();
    const ids = [];
    for (const pm of ['pm_card_visa', 'pm_card_mastercard', 'pm_card_discover']) ids.push((await a.save(cus, pm)).payment_method);
    const page = await a.cli(['customers', 'payment-methods', cus, '--limit', '2'], { tty: true });
    expect(page.stderr).toContain(`Next page: --starting-after ${ids[1]} (every page: --all)`);
    const all = await a.jsonl(['customers', 'payment-methods', cus, '--all', '--limit', '1', '-o', 'jsonl']);
    expect(all.map((p) => p.id)).toEqual([...ids].reverse());
    const other = await a.customer();
    const empty = await a.cli(['customers', 'payment-methods', other], { tty: true });
    expect(empty.code).toBe(0);
    expect(empty.stderr).toContain('No payment methods found.');
    const missing = await a.cli(['customers', 'payment-methods', 'cus_nope']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error: No such customer: 'cus_nope'/);
  });
});

describe('canceling an authorization shows no refund (API 2025-03-31.basil)', () => {
  it('payment-intents cancel of a requires_capture intent: refunds list stays empty, the charge is not refunded', async () => {
    const a = account();
    const pi = await a.ok(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--payment-method', 'pm_card_visa', '--confirm', '--capture-method', 'manual']);
    expect(pi.status).toBe('requires_capture');
    expect((await a.ok(['payment-intents', 'cancel', pi.id, '--yes'])).status).toBe('canceled');
    expect(await a.ok(['refunds', 'list'])).toEqual([]);
    const table = await a.cli(['refunds', 'list'], { tty: true });
    expect(table.stdout).toBe('');
    expect(table.stderr).toContain('No refunds found.');
    expect(await a.ok(['charges', 'get', pi.latest_charge])).toMatchObject({ refunded: false, amount_refunded: 0, captured: false });
  });
});
