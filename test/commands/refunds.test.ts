// `payctl refunds …` against a fresh in-process sandbox: flag refunds with their confirmation summary,
// the guided refund driven through ScriptedPrompter, over-refunds (exit 3), cancellation (exit 130).
import { describe, expect, it } from 'vitest';
import { ANSI, useAccounts } from '../helpers/account.js';
import { CANCEL, ScriptedPrompter, USE_DEFAULT } from '../../src/prompt/scripted.js';
import { displayWidth } from '../../src/output/text.js';

const account = useAccounts(({ ok, customer: createCustomer }) => ({
  charge: (amount = '2000', currency = 'usd', extra: string[] = []): Promise<any> =>
    ok(['charges', 'create', '--amount', amount, '--currency', currency, '--source', 'tok_visa', ...extra]),
  /** A confirmed PaymentIntent (and so a captured charge) for a customer. */
  paid: (customer: string, amount: string, description: string): Promise<any> =>
    ok(['payment-intents', 'create', '--amount', amount, '--currency', 'usd', '--customer', customer, '--payment-method', 'pm_card_visa', '--confirm', '--description', description]),
  customer: (email = 'ada@example.com') => createCustomer(`email=${email}`, 'name=Ada Lovelace'),
  refunds: (): Promise<any[]> => ok(['refunds', 'list']),
  getCharge: (id: string): Promise<any> => ok(['charges', 'get', id]),
}));

describe('refunds create (flags)', () => {
  it('refunds part of a charge with --yes and prints the refund as JSON', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const r = await a.cli(['refunds', 'create', '--charge', ch.id, '--amount', '5.00', '--reason', 'requested_by_customer', '--metadata', 'ticket=4711', '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const re = JSON.parse(r.stdout);
    expect(re).toMatchObject({ object: 'refund', amount: 500, currency: 'usd', charge: ch.id, status: 'succeeded', reason: 'requested_by_customer', metadata: { ticket: '4711' } });
    expect(re.id).toMatch(/^re_/);
    expect((await a.getCharge(ch.id)).amount_refunded).toBe(500);
  });

  it('refunds what is left of a payment intent when no amount is given', async () => {
    const a = account();
    const cus = await a.customer();
    const pi = await a.paid(cus, '20.00', 'Order 1');
    await a.ok(['refunds', 'create', '--payment-intent', pi.id, '--amount', '500', '--yes']);
    const rest = await a.ok(['refunds', 'create', '--payment-intent', pi.id, '--yes']);
    expect(rest).toMatchObject({ amount: 1500, payment_intent: pi.id, charge: pi.latest_charge });
    expect(await a.getCharge(pi.latest_charge)).toMatchObject({ amount_refunded: 2000, refunded: true });
  });

  it('reads a decimal amount in the charge currency (JPY has no minor unit)', async () => {
    const a = account();
    const ch = await a.charge('5000', 'jpy');
    const bad = await a.cli(['refunds', 'create', '--charge', ch.id, '--amount', '10.5', '--yes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: invalid amount "10\.5": JPY has no minor unit/);
    expect(await a.refunds()).toEqual([]);
    const re = await a.ok(['refunds', 'create', '--charge', ch.id, '--amount', '1000', '--yes']);
    expect(re).toMatchObject({ amount: 1000, currency: 'jpy' });
  });

  it('without a TTY a refund needs --yes: exit 2, the summary in the message, nothing refunded', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const r = await a.cli(['refunds', 'create', '--charge', ch.id, '--amount', '5.00']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`error: this action needs confirmation: re-run with --yes to refund 5.00 USD of ${ch.id} (20.00 USD charged, 15.00 USD left after this)\n`);
    expect(await a.refunds()).toEqual([]);
  });

  it('on a TTY asks with a plain-language summary; yes refunds and prints the detail view', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const prompter = new ScriptedPrompter([true]);
    const r = await a.cli(['refunds', 'create', '--charge', ch.id, '--amount', '5.00'], { tty: true, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    expect(prompter.asked).toEqual([{ type: 'confirm', message: `Refund 5.00 USD of ${ch.id} (20.00 USD charged, 15.00 USD left after this)?`, default: false }]);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toMatch(/^ID +re_\S+$/m);
    expect(r.stdout).toMatch(/^Amount +5\.00 USD$/m);
    expect(r.stdout).toMatch(/^Status +succeeded$/m);
    expect(r.stdout).toMatch(new RegExp(`^Charge +${ch.id}$`, 'm'));
  });

  it('on a TTY, saying no exits 130 and refunds nothing', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const r = await a.cli(['refunds', 'create', '--charge', ch.id], { tty: true, prompter: new ScriptedPrompter([false]) });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(await a.refunds()).toEqual([]);
    expect((await a.getCharge(ch.id)).amount_refunded).toBe(0);
  });

  it('more than is left is refused by the API: exit 3, nothing refunded', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    await a.ok(['refunds', 'create', '--charge', ch.id, '--amount', '15.00', '--yes']);
    const r = await a.cli(['refunds', 'create', '--charge', ch.id, '--amount', '10.00', '--yes']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: .*greater than/);
    expect((await a.refunds()).map((re) => re.amount)).toEqual([1500]);
    expect((await a.getCharge(ch.id)).amount_refunded).toBe(1500);
  });

  it.each([
    [['--charge', 'ch_1', '--payment-intent', 'pi_1', '--yes'], /^error: use only one of --charge and --payment-intent$/m],
    [['--yes'], /^error: missing required flag: --charge or --payment-intent$/m],
    [['--charge', 'pi_1', '--yes'], /^error: "pi_1" is not a charge id/],
    [['--charge', 'CHARGE', '--amount', '20.5.1', '--yes'], /^error: invalid amount "20\.5\.1"/],
    [['--charge', 'CHARGE', '--reason', 'because', '--yes'], /error: option '--reason <reason>' argument 'because' is invalid/],
    [['--charge', 'CHARGE', '--metadata', 'oops', '--yes'], /^error: invalid --metadata "oops"/],
  ])('usage error for %j: exit 2, nothing sent', async (flags, message) => {
    const a = account();
    const ch = await a.charge('20.00');
    await a.usageError(['refunds', 'create', ...flags.map((f) => (f === 'CHARGE' ? ch.id : f))], message);
    expect(await a.refunds()).toEqual([]);
  });

  it('--no-input on a TTY names the missing flags instead of starting the guided refund', async () => {
    const a = account();
    const prompter = new ScriptedPrompter([]);
    const r = await a.cli(['refunds', 'create', '--no-input'], { tty: true, prompter });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: missing required flag: --charge or --payment-intent$/m);
    expect(prompter.asked).toEqual([]);
  });
});

describe('refunds create (guided)', () => {
  it('by customer email: picks a charge, refunds it in full after confirming', async () => {
    const a = account();
    const cus = await a.customer('grace@example.com');
    const first = await a.paid(cus, '20.00', 'Order 1');
    const second = await a.paid(cus, '7.50', 'Order 2');
    await a.ok(['refunds', 'create', '--charge', second.latest_charge, '--amount', '2.50', '--yes']);
    const prompter = new ScriptedPrompter(['grace@example.com', first.latest_charge, 'full', 'requested_by_customer', true]);
    const r = await a.cli(['refunds', 'create'], { tty: true, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    const [lookup, pick, how, reason, confirm] = prompter.asked;
    expect(lookup).toMatchObject({ type: 'input', message: 'Customer email or name, card last 4, or a cus_/ch_/pi_ id' });
    expect(pick!.type).toBe('select');
    expect(pick!.choices).toHaveLength(2);
    // What is left shows only when it differs from the amount; the id comes last and whole.
    // Once picked, only amount and id stay on screen (`short`), so the answer line never wraps.
    expect(pick!.choices![0]).toEqual({ name: expect.stringMatching(new RegExp(`^7\\.50 USD {2}\\d{4}-\\d\\d-\\d\\d {2}Order 2 {2}5\\.00 USD left {2}${second.latest_charge}$`)), value: second.latest_charge, short: `7.50 USD  ${second.latest_charge}` });
    expect(pick!.choices![1]).toEqual({ name: expect.stringMatching(new RegExp(`^20\\.00 USD {2}\\d{4}-\\d\\d-\\d\\d {2}Order 1 {2}${first.latest_charge}$`)), value: first.latest_charge, short: `20.00 USD  ${first.latest_charge}` });
    expect(how!.choices!.map((c) => c.value)).toEqual(['full', 'partial']);
    expect(how!.choices![0]!.name).toBe('Everything left: 20.00 USD');
    expect(reason!.choices!.map((c) => c.value)).toEqual(['requested_by_customer', 'duplicate', 'fraudulent', '']);
    // Money leaves the account: Enter alone at the last question means no.
    expect(confirm).toEqual({ type: 'confirm', message: 'Proceed?', default: false });
    expect(r.stderr).toContain(`Customer: Ada Lovelace <grace@example.com> (${cus})\n`);
    expect(r.stderr.trimEnd().split('\n').slice(-2)).toEqual([`Refunding 20.00 USD of 20.00 USD`, `Refunded 20.00 USD to Ada Lovelace · 0.00 USD left on ${first.latest_charge}`]);
    // One line that fits 80 columns: the pick just named the charge, so the note does not repeat its id.
    expect(r.stderr).toMatch(/^20\.00 USD charged \d{4}-\d\d-\d\d \d\d:\d\d UTC; 20\.00 USD can be refunded\.$/m);
    expect(r.stderr).toContain(`Refund 20.00 USD of ${first.latest_charge} (20.00 USD charged, 0.00 USD left after this), reason: requested by customer.`);
    expect(r.stdout).toMatch(/^Amount +20\.00 USD$/m);
    expect(r.stdout).toMatch(/^Reason +requested_by_customer$/m);
    expect(await a.getCharge(first.latest_charge)).toMatchObject({ amount_refunded: 2000, refunded: true });
  });

  it('a payment choice fits one 80-column line (with the "❯ " cursor): long descriptions are cut, ids never', async () => {
    const a = account();
    const cus = await a.customer();
    const pi = await a.paid(cus, '1234.56', 'Annual subscription, enterprise tier, paid upfront');
    const prompter = new ScriptedPrompter([cus, pi.latest_charge, CANCEL]);
    const r = await a.cli(['refunds', 'create'], { tty: true, columns: 80, prompter });
    expect(r.code).toBe(130);
    const name = prompter.asked[1]!.choices![0]!.name;
    expect(name).toMatch(new RegExp(`^1,234\\.56 USD {2}\\d{4}-\\d\\d-\\d\\d {2}Annual subscription… {2}${pi.latest_charge}$`));
    expect(displayWidth(name) + 2).toBeLessThanOrEqual(80);
    expect(displayWidth(prompter.asked[0]!.message) + 4).toBeLessThanOrEqual(80);
  });

  it('by charge id: partial amount typed in major units', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const prompter = new ScriptedPrompter([ch.id, 'partial', '5', 'duplicate', true]);
    const r = await a.cli(['refunds', 'create', '--json'], { tty: true, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    expect(prompter.asked[2]).toMatchObject({ type: 'input', message: 'Amount to refund in USD, e.g. 12.50 (at most 20.00 USD)' });
    expect(r.stderr).toContain(`Refund 5.00 USD of ${ch.id} (20.00 USD charged, 15.00 USD left after this), reason: duplicate.`);
    expect(JSON.parse(r.stdout)).toMatchObject({ object: 'refund', amount: 500, charge: ch.id, reason: 'duplicate' });
  });

  it('by customer id and by payment intent id', async () => {
    const a = account();
    const cus = await a.customer();
    const pi = await a.paid(cus, '12.00', 'Order 9');
    const byCustomer = new ScriptedPrompter([cus, pi.latest_charge, 'partial', '2.50', '', true]);
    expect((await a.cli(['refunds', 'create'], { tty: true, prompter: byCustomer })).code).toBe(0);
    byCustomer.assertDone();
    const byPi = new ScriptedPrompter([pi.id, 'full', 'fraudulent', true]);
    const r = await a.cli(['refunds', 'create'], { tty: true, prompter: byPi });
    expect(r.code).toBe(0);
    byPi.assertDone();
    expect(byPi.asked[1]!.choices![0]!.name).toBe('Everything left: 9.50 USD');
    expect((await a.refunds()).map((re) => [re.amount, re.reason])).toEqual([[950, 'fraudulent'], [250, null]]);
  });

  it('rejects a partial amount over what is left at the prompt; nothing is refunded', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const prompter = new ScriptedPrompter([ch.id, 'partial', '20.01']);
    const r = await a.cli(['refunds', 'create'], { tty: true, prompter });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('at most 20.00 USD is left to refund');
    expect(await a.refunds()).toEqual([]);
  });

  it('saying no at the summary exits 130 and refunds nothing', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const prompter = new ScriptedPrompter([ch.id, 'full', 'duplicate', false]);
    const r = await a.cli(['refunds', 'create'], { tty: true, prompter });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    prompter.assertDone();
    expect(await a.refunds()).toEqual([]);
    expect((await a.getCharge(ch.id)).amount_refunded).toBe(0);
  });

  it('says why a fully refunded charge cannot be refunded (exit 2)', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    await a.ok(['refunds', 'create', '--charge', ch.id, '--yes']);
    const r = await a.cli(['refunds', 'create'], { tty: true, prompter: new ScriptedPrompter([ch.id]) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${ch.id} cannot be refunded: it is already fully refunded$`, 'm'));
  });

  it('an unknown email, name or id says so and asks again; a differently-cased email finds the customer', async () => {
    const a = account();
    const cus = await a.customer('grace@example.com');
    const pi = await a.paid(cus, '20.00', 'Order 1');
    const prompter = new ScriptedPrompter(['nobody@example.com', 'Nobody Atall', 'ch_missing', 'GRACE@Example.COM', pi.latest_charge, 'full', 'requested_by_customer', true]);
    const r = await a.cli(['refunds', 'create'], { tty: true, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    expect(prompter.asked.slice(0, 4).map((q) => q.message)).toEqual(Array(4).fill('Customer email or name, card last 4, or a cus_/ch_/pi_ id'));
    expect(r.stderr).toContain(
      [
        'no customer has the email nobody@example.com; try again (Ctrl-C to stop).',
        'no customer is named "Nobody Atall"; try again (Ctrl-C to stop).',
        'nothing has the id ch_missing; try again (Ctrl-C to stop).',
        `Customer: Ada Lovelace <grace@example.com> (${cus})`,
      ].join('\n'),
    );
    expect(await a.getCharge(pi.latest_charge)).toMatchObject({ amount_refunded: 2000 });
  });

  it('finds the customer by name, and the payment by the last 4 card digits', async () => {
    const a = account();
    const cus = await a.customer('ada@example.com');
    const pi = await a.paid(cus, '50.00', 'Order 5');
    const byName = new ScriptedPrompter(['ada lovelace', pi.latest_charge, 'partial', '12.50', 'duplicate', true]);
    const r = await a.cli(['refunds', 'create'], { tty: true, prompter: byName });
    expect(r.code).toBe(0);
    byName.assertDone();
    expect(r.stderr).toContain(`Customer: Ada Lovelace <ada@example.com> (${cus})\n`);
    expect(r.stderr.trimEnd().split('\n').slice(-2)).toEqual(['Refunding 12.50 USD of 50.00 USD', `Refunded 12.50 USD to Ada Lovelace · 37.50 USD left on ${pi.latest_charge}`]);

    const byCard = new ScriptedPrompter(['4242', pi.latest_charge, 'full', 'duplicate', true]);
    const card = await a.cli(['refunds', 'create'], { tty: true, prompter: byCard });
    expect(card.code).toBe(0);
    byCard.assertDone();
    expect(byCard.asked[1]!.choices!.map((c) => c.value)).toEqual([pi.latest_charge]);
    expect(card.stderr).toContain(`Refunded 37.50 USD to Ada Lovelace · 0.00 USD left on ${pi.latest_charge}`);
  });

  it('says where an uncaptured payment went and offers the cancel command', async () => {
    const a = account();
    const cus = await a.customer();
    const held = await a.ok(['payment-intents', 'create', '--amount', '30.00', '--currency', 'usd', '--customer', cus, '--payment-method', 'pm_card_visa', '--confirm', '--capture-method', 'manual']);
    const paid = await a.paid(cus, '10.00', 'Order 2');
    const prompter = new ScriptedPrompter([cus, paid.latest_charge, CANCEL]);
    const r = await a.cli(['refunds', 'create'], { tty: true, prompter });
    expect(r.code).toBe(130);
    expect(prompter.asked[1]!.choices!.map((c) => c.value)).toEqual([paid.latest_charge]);
    expect(r.stderr).toContain(`30.00 USD on ${held.latest_charge} was authorized but never captured (nothing to refund); release it with: payctl payment-intents cancel ${held.id}\n`);

    const byId = await a.cli(['refunds', 'create'], { tty: true, prompter: new ScriptedPrompter([held.id]) });
    expect(byId.code).toBe(2);
    expect(byId.stderr).toContain(`error: ${held.latest_charge} cannot be refunded: it was authorized but never captured, so nothing was taken; release the hold with: payctl payment-intents cancel ${held.id}\n`);
  });

  it('Enter at the final confirmation means no: exit 130, nothing refunded', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const prompter = new ScriptedPrompter([ch.id, 'full', 'duplicate', USE_DEFAULT]);
    const r = await a.cli(['refunds', 'create'], { tty: true, prompter });
    expect(r.code).toBe(130);
    expect(await a.refunds()).toEqual([]);
  });

  it('warns that reason fraudulent adds the card and email to the block lists', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const prompter = new ScriptedPrompter([ch.id, 'full', 'fraudulent', false]);
    const r = await a.cli(['refunds', 'create'], { tty: true, prompter });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('Warning: reason "fraudulent" adds this card and email to your block lists.\n');
    const other = await a.cli(['refunds', 'create'], { tty: true, prompter: new ScriptedPrompter([ch.id, 'full', 'duplicate', false]) });
    expect(other.stderr).not.toContain('block lists');
  });
});

describe('refunds list / get', () => {
  it('lists as JSON filtered by charge and payment intent, and as a table', async () => {
    const a = account();
    const ch1 = await a.charge('20.00');
    const ch2 = await a.charge('10.00');
    const re1 = await a.ok(['refunds', 'create', '--charge', ch1.id, '--amount', '5.00', '--yes', '--reason', 'duplicate']);
    const re2 = await a.ok(['refunds', 'create', '--charge', ch2.id, '--yes']);
    expect((await a.refunds()).map((re) => re.id)).toEqual([re2.id, re1.id]);
    expect((await a.ok(['refunds', 'list', '--charge', ch1.id])).map((re: any) => re.id)).toEqual([re1.id]);
    const cus = await a.customer();
    const pi = await a.paid(cus, '30.00', 'x');
    const re3 = await a.ok(['refunds', 'create', '--payment-intent', pi.id, '--yes']);
    expect((await a.ok(['refunds', 'list', '--payment-intent', pi.id])).map((re: any) => re.id)).toEqual([re3.id]);

    const r = await a.cli(['refunds', 'list', '--charge', ch1.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +AMOUNT +STATUS +REASON +CHARGE +CREATED$/);
    expect(lines[1]).toMatch(new RegExp(`^${re1.id} +5\\.00 USD +succeeded +duplicate +${ch1.id} +just now$`));
  });

  it('get prints JSON and a detail view', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const re = await a.ok(['refunds', 'create', '--charge', ch.id, '--amount', '500', '--yes']);
    expect(await a.ok(['refunds', 'get', re.id])).toMatchObject({ id: re.id, amount: 500, charge: ch.id });
    const r = await a.cli(['refunds', 'get', re.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Amount +5\.00 USD$/m);
    expect(r.stdout).toMatch(/^Balance transaction +txn_\S+$/m);
  });

  it('--all streams 25 refunds in pages of 10', async () => {
    const a = account();
    const ch = await a.charge('100.00');
    for (let i = 0; i < 25; i++) await a.ok(['post', '/v1/refunds', '-d', `charge=${ch.id}`, '-d', 'amount=100']);
    const lines = await a.jsonl(['refunds', 'list', '--limit', '10', '--all', '-o', 'jsonl']);
    expect(lines).toHaveLength(25);
    expect(new Set(lines.map((re) => re.id)).size).toBe(25);
  });
});

describe('refunds update / cancel', () => {
  it('updates metadata (JSON and table); nothing to update is a usage error', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const re = await a.ok(['refunds', 'create', '--charge', ch.id, '--yes']);
    expect(await a.ok(['refunds', 'update', re.id, '--metadata', 'ticket=4711'])).toMatchObject({ id: re.id, metadata: { ticket: '4711' } });
    const r = await a.cli(['refunds', 'update', re.id, '--metadata', 'agent=ada'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Metadata +\{"ticket":"4711","agent":"ada"\}$/m);
    const none = await a.cli(['refunds', 'update', re.id]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^error: nothing to update/);
  });

  it('cancel needs --yes without a TTY, asks on one (no → 130), and a succeeded card refund is refused (exit 3)', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const re = await a.ok(['refunds', 'create', '--charge', ch.id, '--yes']);
    const noYes = await a.cli(['refunds', 'cancel', re.id]);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toBe(`error: this action needs confirmation: re-run with --yes to cancel refund ${re.id}\n`);
    const prompter = new ScriptedPrompter([false]);
    const no = await a.cli(['refunds', 'cancel', re.id], { tty: true, prompter });
    expect(no.code).toBe(130);
    expect(prompter.asked[0]!.message).toBe(`Cancel refund ${re.id}?`);
    const refused = await a.cli(['refunds', 'cancel', re.id, '--yes', '--json']);
    expect(refused.code).toBe(3);
    expect(refused.stdout).toBe('');
    expect(JSON.parse(refused.stderr).error).toMatchObject({ exit_code: 3, type: 'invalid_request_error' });
    expect((await a.ok(['refunds', 'get', re.id])).status).toBe('succeeded');
  });
});

describe('refunds help', () => {
  it.each(['list', 'get', 'create', 'update', 'cancel'])('%s --help shows real examples', async (verb) => {
    const a = account();
    const r = await a.cli(['refunds', verb, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`Examples:\\n  \\$ payctl refunds ${verb}`));
  });
});
