// `payctl charges …` against a fresh in-process sandbox: JSON and table output, amounts in every
// currency exponent, declines (exit 5), usage errors that send nothing, capture, update, --all.
import { describe, expect, it } from 'vitest';
import { ANSI, useAccounts } from '../helpers/account.js';
import { ScriptedPrompter, USE_DEFAULT } from '../../src/prompt/scripted.js';

const account = useAccounts(({ ok, customer: createCustomer }) => ({
  charge: (amount = '2000', extra: string[] = []): Promise<any> => ok(['charges', 'create', '--amount', amount, '--currency', 'usd', '--source', 'tok_visa', ...extra]),
  customer: () => createCustomer('email=ada@example.com'),
  list: (): Promise<any[]> => ok(['charges', 'list']),
}));

describe('charges create', () => {
  it('charges a token and prints the charge as JSON', async () => {
    const a = account();
    const r = await a.cli(['charges', 'create', '--amount', '20.00', '--currency', 'usd', '--source', 'tok_visa', '--description', 'Order 42', '--metadata', 'order=42', '--receipt-email', 'ada@example.com']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ch = JSON.parse(r.stdout);
    expect(ch).toMatchObject({ object: 'charge', amount: 2000, currency: 'usd', status: 'succeeded', captured: true, paid: true, description: 'Order 42', metadata: { order: '42' }, receipt_email: 'ada@example.com' });
    expect(ch.id).toMatch(/^ch_/);
  });

  it.each([
    ['2000', 'usd', 2000],
    ['20.00', 'USD', 2000],
    ['20.5', 'usd', 2050],
    ['500', 'jpy', 500],
    ['1.250', 'kwd', 1250],
  ])('reads --amount %s --currency %s as %i minor units', async (amount, currency, minor) => {
    const a = account();
    const ch = await a.ok(['charges', 'create', '--amount', amount, '--currency', currency, '--source', 'tok_visa']);
    expect(ch.amount).toBe(minor);
    expect(ch.currency).toBe(currency.toLowerCase());
  });

  it.each([
    [['--amount', '20.5.1', '--currency', 'usd', '--source', 'tok_visa'], /^error: invalid amount "20\.5\.1"/],
    [['--amount', '20.00', '--currency', 'xyz', '--source', 'tok_visa'], /^error: unknown currency "xyz"/],
    [['--amount', '20.123', '--currency', 'usd', '--source', 'tok_visa'], /^error: invalid amount "20\.123": USD has 2 decimal places, not 3/],
    [['--amount', '5.5', '--currency', 'jpy', '--source', 'tok_visa'], /^error: invalid amount "5\.5": JPY has no minor unit/],
    [['--amount', '-5', '--currency', 'usd', '--source', 'tok_visa'], /^error: invalid amount "-5": amounts cannot be negative/],
    [['--currency', 'usd', '--source', 'tok_visa'], /^error: missing required flag: --amount$/m],
    [['--amount', '2000', '--source', 'tok_visa'], /^error: missing required flag: --currency$/m],
    [['--amount', '2000', '--currency', 'usd'], /^error: missing required flag: --source or --customer$/m],
    [['--amount', '2000', '--currency', 'usd', '--customer', 'ch_oops'], /^error: invalid --customer "ch_oops": expected a customer id \(cus_…\) or an email$/m],
  ])('usage error for %j: exit 2, nothing sent', async (flags, message) => {
    const a = account();
    await a.usageError(['charges', 'create', ...flags], message);
    expect(await a.list()).toEqual([]);
  });

  it('--no-input on a TTY names every missing flag instead of asking', async () => {
    const a = account();
    const r = await a.cli(['charges', 'create', '--no-input'], { tty: true });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: missing required flags: --amount, --currency, --source or --customer$/m);
  });

  it('on a TTY asks the currency, then the amount in it (major units), then the card token', async () => {
    const a = account();
    const prompter = new ScriptedPrompter(['eur', '12', USE_DEFAULT]);
    const r = await a.cli(['charges', 'create', '--json'], { tty: true, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    expect(prompter.asked.map((q) => q.message)).toEqual(['Currency (three letters, e.g. usd)', 'Amount in EUR, e.g. 12.50', 'Card token to charge']);
    expect(JSON.parse(r.stdout)).toMatchObject({ amount: 1200, currency: 'eur', status: 'succeeded' });
    expect(r.stderr).toBe('Charging 12.00 EUR\n');
  });

  it('on a TTY an amount below the minimum charge is refused at the amount prompt', async () => {
    const a = account();
    const prompter = new ScriptedPrompter(['usd', '0.25']);
    const r = await a.cli(['charges', 'create'], { tty: true, prompter });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('failed validation: the minimum charge is 0.50 USD');
    expect(await a.list()).toEqual([]);
  });

  it('a declined card exits 5 with the reason on stderr, and leaves a failed charge', async () => {
    const a = account();
    const r = await a.cli(['charges', 'create', '--amount', '20.00', '--currency', 'usd', '--source', 'tok_chargeDeclined']);
    expect(r.code).toBe(5);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: Your card was declined\./);
    const json = await a.cli(['charges', 'create', '--amount', '20.00', '--currency', 'usd', '--source', 'tok_visa_chargeDeclinedInsufficientFunds', '--json']);
    expect(json.code).toBe(5);
    expect(json.stdout).toBe('');
    expect(JSON.parse(json.stderr).error).toMatchObject({ message: 'Your card has insufficient funds.', exit_code: 5, type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds' });
    const charges = await a.list();
    expect(charges.map((c) => c.status)).toEqual(['failed', 'failed']);
  });

  it('shows the created charge as a key/value view on a TTY', async () => {
    const a = account();
    const r = await a.cli(['charges', 'create', '--amount', '20.00', '--currency', 'usd', '--source', 'tok_visa', '--description', 'Order 42'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toMatch(/^ID +ch_\S+$/m);
    expect(r.stdout).toMatch(/^Amount +20\.00 USD$/m);
    expect(r.stdout).toMatch(/^Status +succeeded$/m);
    expect(r.stdout).toMatch(/^Description +Order 42$/m);
  });
});

describe('charges list / get / search', () => {
  it('lists newest first as JSON, filtered by customer and payment intent', async () => {
    const a = account();
    const cus = await a.customer();
    const pi = await a.ok(['payment-intents', 'create', '--amount', '15.00', '--currency', 'usd', '--customer', cus, '--payment-method', 'pm_card_visa', '--confirm']);
    const other = await a.charge('2000');
    const all = await a.list();
    expect(all.map((c) => c.id)).toEqual([other.id, pi.latest_charge]);
    const byCustomer = await a.ok(['charges', 'list', '--customer', cus]);
    expect(byCustomer.map((c: any) => c.id)).toEqual([pi.latest_charge]);
    expect(byCustomer[0]).toMatchObject({ amount: 1500, customer: cus, payment_intent: pi.id });
    const byPi = await a.ok(['charges', 'list', '--payment-intent', pi.id]);
    expect(byPi.map((c: any) => c.id)).toEqual([pi.latest_charge]);
  });

  it('prints a table on a TTY: headers, money in major units, no colour codes', async () => {
    const a = account();
    await a.charge('20.00', ['--description', 'Order 42']);
    await a.charge('500', ['--description', 'Tip']);
    const r = await a.cli(['charges', 'list'], { tty: true, columns: 140 });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +AMOUNT +STATUS +DESCRIPTION +CUSTOMER +CREATED$/);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^ch_\S+ +5\.00 USD +succeeded +Tip +just now$/);
    expect(lines[2]).toMatch(/^ch_\S+ +20\.00 USD +succeeded +Order 42 +just now$/);
  });

  it('get prints JSON and a detail view with card, outcome and receipt', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const got = await a.ok(['charges', 'get', ch.id]);
    expect(got).toMatchObject({ id: ch.id, amount: 2000, amount_refunded: 0, captured: true });
    const r = await a.cli(['charges', 'get', ch.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toMatch(new RegExp(`^ID +${ch.id}$`, 'm'));
    expect(r.stdout).toMatch(/^Amount +20\.00 USD$/m);
    expect(r.stdout).toMatch(/^Captured +yes$/m);
    expect(r.stdout).toMatch(/^Refunded +0\.00 USD$/m);
    expect(r.stdout).toMatch(/^Card +visa •••• 4242$/m);
    expect(r.stdout).toMatch(/^Outcome +authorized/m);
    expect(r.stdout).toMatch(/^Receipt URL +https?:\/\/\S+$/m);
    // Empty fields (no failure on a successful charge) are left out of the terminal view.
    expect(r.stdout).not.toMatch(/^Failure/m);
  });

  it('get shows why a failed charge failed', async () => {
    const a = account();
    await a.cli(['charges', 'create', '--amount', '20.00', '--currency', 'usd', '--source', 'tok_chargeDeclined']);
    const [failed] = await a.list();
    const r = await a.cli(['charges', 'get', failed.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Status +failed$/m);
    expect(r.stdout).toMatch(/^Failure +Your card was declined\. \(card_declined\)$/m);
    expect(r.stdout).toMatch(/^Outcome +issuer_declined/m);
  });

  it('get with an id of another resource is a usage error', async () => {
    const a = account();
    const r = await a.cli(['charges', 'get', 'pi_123']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: "pi_123" is not a charge id \(expected ch_… or py_…\)/);
  });

  it('search finds by amount, as JSON and as a table', async () => {
    const a = account();
    const big = await a.charge('50.00');
    await a.charge('500');
    const found = await a.ok(['charges', 'search', 'amount>=1000']);
    expect(found.map((c: any) => c.id)).toEqual([big.id]);
    const r = await a.cli(['charges', 'search', "amount>=1000 AND status:'succeeded'"], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID +AMOUNT +STATUS/);
    expect(r.stdout).toContain('50.00 USD');
    expect(r.stdout).not.toContain('5.00 USD ');
  });

  it('--all streams every page: 25 charges with --limit 10 give 25 JSONL lines', async () => {
    const a = account();
    for (let i = 0; i < 25; i++) await a.ok(['post', '/v1/charges', '-d', `amount=${1000 + i}`, '-d', 'currency=usd', '-d', 'source=tok_visa']);
    const lines = await a.jsonl(['charges', 'list', '--limit', '10', '--all', '-o', 'jsonl']);
    expect(lines).toHaveLength(25);
    expect(new Set(lines.map((c) => c.id)).size).toBe(25);
    expect(lines[0].amount).toBe(1024);
    expect(lines[24].amount).toBe(1000);
  });
});

describe('charges update', () => {
  it('updates description and metadata (JSON), and shows them on a TTY', async () => {
    const a = account();
    const ch = await a.charge();
    const updated = await a.ok(['charges', 'update', ch.id, '--description', 'Order 43', '--metadata', 'order=43']);
    expect(updated).toMatchObject({ id: ch.id, description: 'Order 43', metadata: { order: '43' } });
    const r = await a.cli(['charges', 'update', ch.id, '--receipt-email', 'bob@example.com'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Description +Order 43$/m);
    expect(r.stdout).toMatch(/^Metadata +\{"order":"43"\}$/m);
  });

  it('with nothing to change is a usage error', async () => {
    const a = account();
    const ch = await a.charge();
    const r = await a.cli(['charges', 'update', ch.id]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: nothing to update/);
  });

  it('a bad receipt email fails before any request', async () => {
    const a = account();
    const ch = await a.charge();
    const r = await a.cli(['charges', 'update', ch.id, '--receipt-email', 'not-an-email']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: invalid --receipt-email "not-an-email"/);
    expect((await a.ok(['charges', 'get', ch.id])).receipt_email).toBeNull();
  });
});

describe('charges capture', () => {
  it('authorizes with --no-capture, then captures part in major units (JSON)', async () => {
    const a = account();
    const auth = await a.charge('20.00', ['--no-capture']);
    expect(auth).toMatchObject({ captured: false, status: 'succeeded', amount_captured: 0 });
    const captured = await a.ok(['charges', 'capture', auth.id, '--amount', '15.00']);
    expect(captured).toMatchObject({ id: auth.id, captured: true, amount_captured: 1500 });
  });

  it('captures in full and shows the charge on a TTY', async () => {
    const a = account();
    const auth = await a.charge('20.00', ['--no-capture']);
    const r = await a.cli(['charges', 'capture', auth.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Captured +yes$/m);
    expect(r.stdout).toMatch(/^Amount +20\.00 USD$/m);
  });

  it('a malformed amount fails before any request; capturing twice is refused by the API (exit 3)', async () => {
    const a = account();
    const auth = await a.charge('20.00', ['--no-capture']);
    const bad = await a.cli(['charges', 'capture', auth.id, '--amount', '1.2.3']);
    expect(bad.code).toBe(2);
    expect((await a.ok(['charges', 'get', auth.id])).captured).toBe(false);
    await a.ok(['charges', 'capture', auth.id]);
    const again = await a.cli(['charges', 'capture', auth.id]);
    expect(again.code).toBe(3);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^error: /);
  });
});

describe('charges help', () => {
  it.each(['list', 'get', 'create', 'update', 'capture', 'search'])('%s --help shows real examples', async (verb) => {
    const a = account();
    const r = await a.cli(['charges', verb, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Examples:\\n  \\$ payctl charges ${verb} `));
  });
});
