// `payctl payment-intents …` against a fresh in-process sandbox: create (flags and interactive),
// confirm with declines (exit 5), manual capture, cancel guards, update, list/search, --all.
import { describe, expect, it } from 'vitest';
import { ANSI, useAccounts } from '../helpers/account.js';
import { ScriptedPrompter, USE_DEFAULT } from '../../src/prompt/scripted.js';

const account = useAccounts(({ ok, customer: createCustomer }) => ({
  create: (extra: string[] = [], amount = '20.00'): Promise<any> => ok(['payment-intents', 'create', '--amount', amount, '--currency', 'usd', ...extra]),
  customer: () => createCustomer('email=ada@example.com'),
  list: (): Promise<any[]> => ok(['payment-intents', 'list']),
}));

describe('payment-intents create', () => {
  it('creates from flags and prints JSON', async () => {
    const a = account();
    const cus = await a.customer();
    const r = await a.cli(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--customer', cus, '--description', 'Order 42', '--metadata', 'order=42', '--receipt-email', 'ada@example.com', '--capture-method', 'manual']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pi = JSON.parse(r.stdout);
    expect(pi).toMatchObject({ object: 'payment_intent', amount: 2000, currency: 'usd', customer: cus, status: 'requires_payment_method', description: 'Order 42', metadata: { order: '42' }, receipt_email: 'ada@example.com', capture_method: 'manual' });
    expect(pi.id).toMatch(/^pi_/);
  });

  it('--confirm with a card charges it server-side, without redirects', async () => {
    const a = account();
    const pi = await a.create(['--payment-method', 'pm_card_visa', '--confirm']);
    expect(pi).toMatchObject({ status: 'succeeded', amount_received: 2000, automatic_payment_methods: { enabled: true, allow_redirects: 'never' } });
    expect(pi.latest_charge).toMatch(/^ch_/);
  });

  it('shows the new intent as a detail view on a TTY', async () => {
    const a = account();
    const r = await a.cli(['payment-intents', 'create', '--amount', '2000', '--currency', 'usd', '--payment-method', 'pm_card_visa', '--confirm'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toMatch(/^ID +pi_\S+$/m);
    expect(r.stdout).toMatch(/^Amount +20\.00 USD$/m);
    expect(r.stdout).toMatch(/^Received +20\.00 USD$/m);
    expect(r.stdout).toMatch(/^Status +succeeded$/m);
    expect(r.stdout).toMatch(/^Latest charge +ch_\S+$/m);
  });

  it.each([
    ['500', 'jpy', 500],
    ['1.250', 'kwd', 1250],
    ['20.00 eur', undefined, 2000],
  ])('reads --amount %s (--currency %s) as %i minor units', async (amount, currency, minor) => {
    const a = account();
    const pi = await a.ok(['payment-intents', 'create', '--amount', amount, ...(currency ? ['--currency', currency] : [])]);
    expect(pi.amount).toBe(minor);
  });

  it('a declined card exits 5 with the decline reason on stderr', async () => {
    const a = account();
    const r = await a.cli(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--payment-method', 'pm_card_visa_chargeDeclinedInsufficientFunds', '--confirm']);
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: Your card has insufficient funds\. \[insufficient_funds\] on pi_\w+ \(request req_\w+\)\n$/);
    const json = await a.cli(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--payment-method', 'pm_card_visa_chargeDeclined', '--confirm', '--json']);
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stderr).error).toMatchObject({ message: 'Your card was declined.', exit_code: 5, code: 'card_declined', decline_code: 'generic_decline' });
    // The refused intents exist, waiting for another payment method; the error named each one.
    const refused = await a.list();
    expect(refused.map((pi) => pi.status)).toEqual(['requires_payment_method', 'requires_payment_method']);
    expect(JSON.parse(json.stderr).error.payment_intent).toBe(refused[0].id);
    expect(r.stderr).toContain(` on ${refused[1].id} `);
  });

  it.each([
    [['--amount', '20.5.1', '--currency', 'usd'], /^error: invalid amount "20\.5\.1"/],
    [['--amount', '20.00', '--currency', 'zzz'], /^error: unknown currency "zzz"/],
    [['--amount', '5.5', '--currency', 'jpy'], /^error: invalid amount "5\.5": JPY has no minor unit/],
    [['--amount', '1.2345', '--currency', 'kwd'], /^error: invalid amount "1\.2345": KWD has 3 decimal places, not 4/],
    [['--amount', '20.00'], /^error: missing required flag: --currency$/m],
    [['--currency', 'usd'], /^error: missing required flag: --amount$/m],
    [['--no-input'], /^error: missing required flags: --amount, --currency$/m],
    [['--amount', '2000', '--currency', 'usd', '--payment-method', 'visa'], /^error: invalid --payment-method "visa"/],
    [['--amount', '2000', '--currency', 'usd', '--capture-method', 'later'], /argument 'later' is invalid/],
    [['--amount', '2000', '--currency', 'usd', '--return-url', 'https://example.com'], /^error: --return-url only applies with --confirm$/m],
  ])('usage error for %j: exit 2, nothing sent', async (flags, message) => {
    const a = account();
    await a.usageError(['payment-intents', 'create', ...flags], message);
    expect(await a.list()).toEqual([]);
  });

  it('--no-input on a TTY fails naming the flags rather than asking', async () => {
    const a = account();
    const prompter = new ScriptedPrompter([]);
    const r = await a.cli(['payment-intents', 'create', '--no-input'], { tty: true, prompter });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: missing required flags: --amount, --currency$/m);
    expect(prompter.asked).toEqual([]);
  });
});

describe('payment-intents create (interactive)', () => {
  it('asks currency, then the amount in it, customer, test card and confirm-now, then confirms a summary', async () => {
    const a = account();
    const cus = await a.customer();
    const prompter = new ScriptedPrompter([USE_DEFAULT, '20', cus, 'pm_card_visa', true, true]);
    const r = await a.cli(['payment-intents', 'create'], { tty: true, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    expect(prompter.asked.map((q) => [q.type, q.message])).toEqual([
      ['input', 'Currency (three letters, e.g. usd)'],
      ['input', 'Amount in USD, e.g. 12.50'],
      ['input', 'Customer id or email (optional)'],
      ['select', 'Payment method'],
      ['confirm', 'Confirm now (charge the payment method)?'],
      ['confirm', 'Proceed?'],
    ]);
    expect(prompter.asked[3]!.choices!.map((c) => c.value)).toContain('pm_card_visa_chargeDeclined');
    // `20` at a prompt that names its unit is 20.00 USD; said again just before it is sent.
    expect(r.stderr).toContain(`Create and confirm a payment of 20.00 USD for ${cus} with pm_card_visa.`);
    expect(r.stderr).toMatch(/^Charging 20\.00 USD$/m);
    expect(r.stdout).toMatch(/^Status +succeeded$/m);
    expect(r.stdout).toMatch(new RegExp(`^Customer +${cus}$`, 'm'));
  });

  it.each([
    ['jpy', '5.50', 'invalid amount "5.50": JPY has no minor unit; use a whole number'],
    ['usd', '0.30', 'the minimum charge is 0.50 USD'],
    ['usd', '20.00 eur', 'amount "20.00 eur" is in EUR, but this amount is in USD'],
    ['usd', 'twenty', 'invalid amount "twenty": type it in USD, e.g. 5.00'],
  ])('in %s rejects %j at the amount prompt itself (%s)', async (currency, amount, reason) => {
    const a = account();
    const prompter = new ScriptedPrompter([currency, amount]);
    const r = await a.cli(['payment-intents', 'create'], { tty: true, prompter });
    expect(r.code).not.toBe(0);
    expect(prompter.asked.map((q) => q.message)).toEqual(['Currency (three letters, e.g. usd)', `Amount in ${currency.toUpperCase()}, e.g. ${currency === 'jpy' ? '1250' : '12.50'}`]);
    // The scripted prompter fails where inquirer would show the reason under the prompt and ask again.
    expect(r.stderr).toContain(`failed validation: ${reason}`);
    expect(await a.list()).toEqual([]);
  });

  it('a bad currency is rejected at the currency prompt, before any amount is asked', async () => {
    const a = account();
    const prompter = new ScriptedPrompter(['dollars']);
    const r = await a.cli(['payment-intents', 'create'], { tty: true, prompter });
    expect(r.code).not.toBe(0);
    expect(prompter.asked.map((q) => q.message)).toEqual(['Currency (three letters, e.g. usd)']);
    expect(r.stderr).toContain('failed validation: unknown currency "dollars"');
  });

  it('saying no at the summary exits 130 and creates nothing', async () => {
    const a = account();
    const prompter = new ScriptedPrompter(['usd', '20.00', '', '', false]);
    const r = await a.cli(['payment-intents', 'create'], { tty: true, prompter });
    expect(r.code).toBe(130);
    prompter.assertDone();
    expect(await a.list()).toEqual([]);
  });
});

describe('payment-intents confirm / capture / cancel / update', () => {
  it('confirm without a return URL on an intent that allows redirects is refused by the API (exit 3)', async () => {
    const a = account();
    const pi = await a.create();
    const r = await a.cli(['payment-intents', 'confirm', pi.id, '--payment-method', 'pm_card_visa']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^error: .*you must provide a `return_url`/);
    expect((await a.ok(['payment-intents', 'get', pi.id])).status).toBe('requires_payment_method');
  });

  it('confirm (JSON) succeeds; confirm with a declining card exits 5', async () => {
    const a = account();
    const pi = await a.create(['--payment-method', 'pm_card_visa']);
    expect(pi.status).toBe('requires_confirmation');
    expect(await a.ok(['payment-intents', 'confirm', pi.id])).toMatchObject({ id: pi.id, status: 'succeeded' });
    // Created with a card, so it takes no redirects; confirm then swaps in a declining card.
    const bad = await a.create(['--payment-method', 'pm_card_visa']);
    const r = await a.cli(['payment-intents', 'confirm', bad.id, '--payment-method', 'pm_card_visa_chargeDeclined']);
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: Your card was declined\./);
    const after = await a.ok(['payment-intents', 'get', bad.id]);
    expect(after).toMatchObject({ status: 'requires_payment_method', last_payment_error: { decline_code: 'generic_decline' } });
  });

  it('confirm shows the detail view on a TTY; get shows the last error of a declined intent', async () => {
    const a = account();
    const pi = await a.create(['--payment-method', 'pm_card_visa']);
    const r = await a.cli(['payment-intents', 'confirm', pi.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Status +succeeded$/m);
    const bad = await a.create(['--payment-method', 'pm_card_visa_chargeDeclinedInsufficientFunds']);
    expect((await a.cli(['payment-intents', 'confirm', bad.id])).code).toBe(5);
    const g = await a.cli(['payment-intents', 'get', bad.id], { tty: true });
    expect(g.code).toBe(0);
    expect(g.stdout).toMatch(/^Last error +Your card has insufficient funds\. \(insufficient_funds\)$/m);
    expect(g.stdout).toMatch(/^Status +requires_payment_method$/m);
  });

  it('manual capture: authorize, then capture part in major units (JSON) or all (table)', async () => {
    const a = account();
    const pi = await a.create(['--payment-method', 'pm_card_visa', '--confirm', '--capture-method', 'manual']);
    expect(pi).toMatchObject({ status: 'requires_capture', amount_capturable: 2000 });
    expect(await a.ok(['payment-intents', 'capture', pi.id, '--amount', '15.00'])).toMatchObject({ status: 'succeeded', amount_received: 1500 });
    const pi2 = await a.create(['--payment-method', 'pm_card_visa', '--confirm', '--capture-method', 'manual']);
    const r = await a.cli(['payment-intents', 'capture', pi2.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Received +20\.00 USD$/m);
    const bad = await a.cli(['payment-intents', 'capture', pi2.id, '--amount', 'ten']);
    expect(bad.code).toBe(2);
    const twice = await a.cli(['payment-intents', 'capture', pi2.id]);
    expect(twice.code).toBe(3);
  });

  it('cancel: --yes needed without a TTY; no at the prompt → 130; --yes cancels with a reason', async () => {
    const a = account();
    const pi = await a.create();
    const noYes = await a.cli(['payment-intents', 'cancel', pi.id]);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toBe(`error: this action needs confirmation: re-run with --yes to cancel payment intent ${pi.id}\n`);
    const no = await a.cli(['payment-intents', 'cancel', pi.id], { tty: true, prompter: new ScriptedPrompter([false]) });
    expect(no.code).toBe(130);
    expect((await a.ok(['payment-intents', 'get', pi.id])).status).toBe('requires_payment_method');
    const yes = await a.cli(['payment-intents', 'cancel', pi.id, '--reason', 'abandoned'], { tty: true, prompter: new ScriptedPrompter([true]) });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(/^Status +canceled$/m);
    expect(yes.stdout).toMatch(/^Cancellation +abandoned$/m);
    const pi2 = await a.create();
    expect(await a.ok(['payment-intents', 'cancel', pi2.id, '--reason', 'duplicate', '--yes'])).toMatchObject({ status: 'canceled', cancellation_reason: 'duplicate' });
  });

  it('update: amount in major units, description (JSON and table); nothing to update is exit 2', async () => {
    const a = account();
    const pi = await a.create();
    expect(await a.ok(['payment-intents', 'update', pi.id, '--amount', '25.00', '--metadata', 'order=7'])).toMatchObject({ amount: 2500, metadata: { order: '7' } });
    const r = await a.cli(['payment-intents', 'update', pi.id, '--description', 'Order 7'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Amount +25\.00 USD$/m);
    expect(r.stdout).toMatch(/^Description +Order 7$/m);
    const none = await a.cli(['payment-intents', 'update', pi.id]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: nothing to update/);
    const bad = await a.cli(['payment-intents', 'update', pi.id, '--amount', '20.5.1']);
    expect(bad.code).toBe(2);
    expect((await a.ok(['payment-intents', 'get', pi.id])).amount).toBe(2500);
  });
});

describe('payment-intents list / get / search', () => {
  it('lists JSON filtered by customer, and a table on a TTY', async () => {
    const a = account();
    const cus = await a.customer();
    const mine = await a.create(['--customer', cus, '--description', 'Order 1']);
    const other = await a.create(['--description', 'Walk-in'], '5.00');
    expect((await a.list()).map((pi) => pi.id)).toEqual([other.id, mine.id]);
    expect((await a.ok(['payment-intents', 'list', '--customer', cus])).map((pi: any) => pi.id)).toEqual([mine.id]);
    const r = await a.cli(['payment-intents', 'list'], { tty: true, columns: 160 });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +AMOUNT +STATUS +DESCRIPTION +CUSTOMER +CREATED$/);
    expect(lines[1]).toMatch(new RegExp(`^${other.id} +5\\.00 USD +requires_payment_method +Walk-in +just now$`));
    expect(lines[2]).toMatch(new RegExp(`^${mine.id} +20\\.00 USD +requires_payment_method +Order 1 +${cus} +just now$`));
  });

  it('get prints JSON', async () => {
    const a = account();
    const pi = await a.create();
    expect(await a.ok(['payment-intents', 'get', pi.id])).toMatchObject({ id: pi.id, amount: 2000, status: 'requires_payment_method' });
  });

  it('search by status, JSON and table', async () => {
    const a = account();
    const paid = await a.create(['--payment-method', 'pm_card_visa', '--confirm']);
    await a.create();
    expect((await a.ok(['payment-intents', 'search', "status:'succeeded'"])).map((pi: any) => pi.id)).toEqual([paid.id]);
    const r = await a.cli(['payment-intents', 'search', "status:'succeeded'"], { tty: true, columns: 160 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID +AMOUNT +STATUS/);
    expect(r.stdout).toMatch(new RegExp(`^${paid.id} +20\\.00 USD +succeeded`, 'm'));
  });

  it('--all streams 25 intents in pages of 10', async () => {
    const a = account();
    for (let i = 0; i < 25; i++) await a.ok(['post', '/v1/payment_intents', '-d', `amount=${1000 + i}`, '-d', 'currency=usd']);
    const lines = await a.jsonl(['payment-intents', 'list', '--limit', '10', '--all', '-o', 'jsonl']);
    expect(lines).toHaveLength(25);
    expect(new Set(lines.map((pi) => pi.id)).size).toBe(25);
  });
});

describe('payment-intents help', () => {
  it.each(['list', 'get', 'create', 'update', 'confirm', 'capture', 'cancel', 'search'])('%s --help shows real examples', async (verb) => {
    const a = account();
    const r = await a.cli(['payment-intents', verb, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Examples:\\n  \\$ payctl payment-intents ${verb}`));
  });

  it('create --help explains the no-redirect card confirm', async () => {
    const a = account();
    const r = await a.cli(['payment-intents', 'create', '--help']);
    expect(r.stdout).toContain('automatic_payment_methods[allow_redirects]=never');
  });
});
