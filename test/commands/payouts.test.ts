// `payctl payouts …` against a fresh in-process sandbox: money leaves only after a confirmation
// that shows the amount and the available balance, insufficient funds exit 3, cancel returns funds.
import { describe, expect, it } from 'vitest';
import { ANSI, useAccounts } from '../helpers/account.js';
import { ScriptedPrompter, USE_DEFAULT } from '../../src/prompt/scripted.js';

const account = useAccounts(({ ok }) => {
  const payment = (pm: string, amount: number) =>
    ok([
      'post', '/v1/payment_intents', '-d', `amount=${amount}`, '-d', 'currency=usd', '-d', `payment_method=${pm}`, '-d', 'confirm=true',
      '-d', 'automatic_payment_methods[enabled]=true', '-d', 'automatic_payment_methods[allow_redirects]=never',
    ]);
  return {
    /** 50.00 USD charged with the bypass-pending card: 48.25 USD available at once (fee 1.75). */
    fund: () => payment('pm_card_bypassPending', 5000),
    payment,
    available: async (): Promise<number> => {
      const b = await ok(['balance', '--json']);
      return (b.available as Array<{ amount: number; currency: string }>).filter((x) => x.currency === 'usd').reduce((s, x) => s + x.amount, 0);
    },
    list: async (): Promise<any[]> => ok(['payouts', 'list']),
  };
});

describe('payouts create', () => {
  it('with insufficient funds the API refuses: exit 3 and Stripe’s message', async () => {
    const a = account();
    const r = await a.cli(['payouts', 'create', '--amount', '10.00', '--currency', 'usd', '--yes']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: .*insufficient funds/i);
    const j = await a.cli(['payouts', 'create', '--amount', '10.00', '--currency', 'usd', '--yes', '--json']);
    expect(j.code).toBe(3);
    expect(JSON.parse(j.stderr).error).toMatchObject({ code: 'balance_insufficient', exit_code: 3 });
    expect(await a.list()).toEqual([]);
  });

  it('pays out available funds and debits the balance (JSON)', async () => {
    const a = account();
    await a.fund();
    const before = await a.available();
    const r = await a.cli(['payouts', 'create', '--amount', '20.00', '--currency', 'usd', '--description', 'weekly', '--statement-descriptor', 'ACME PAYOUT', '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const po = JSON.parse(r.stdout);
    expect(po).toMatchObject({ object: 'payout', amount: 2000, currency: 'usd', description: 'weekly', statement_descriptor: 'ACME PAYOUT', status: 'pending', automatic: false });
    expect(po.id).toMatch(/^po_/);
    expect(await a.available()).toBe(before - 2000);
  });

  it('succeeds once pending funds become available (clock advanced)', async () => {
    const a = account();
    await a.payment('pm_card_visa', 5000);
    const early = await a.cli(['payouts', 'create', '--amount', '20.00', '--currency', 'usd', '--yes']);
    expect(early.code).toBe(3);
    await a.ok(['post', '/v1/test_helpers/sandbox/advance', '-d', `seconds=${5 * 86400}`]);
    const po = await a.ok(['payouts', 'create', '--amount', '20.00', '--currency', 'usd', '--yes']);
    expect(po.amount).toBe(2000);
  });

  it('moves to paid when the sandbox clock passes the arrival date', async () => {
    const a = account();
    await a.fund();
    const po = await a.ok(['payouts', 'create', '--amount', '20.00', '--currency', 'usd', '--yes']);
    expect(await a.ok(['payouts', 'list', '--status', 'paid'])).toEqual([]);
    await a.ok(['post', '/v1/test_helpers/sandbox/advance', '-d', `seconds=${3 * 86400}`]);
    expect((await a.ok(['payouts', 'list', '--status', 'paid'])).map((p: any) => p.id)).toEqual([po.id]);
    const cancel = await a.cli(['payouts', 'cancel', po.id, '--yes']);
    expect(cancel.code).toBe(3);
    expect(cancel.stderr).toContain('only be canceled while they are pending');
  });

  it('on a TTY it confirms with the amount and the available balance; no exits 130 and pays nothing', async () => {
    const a = account();
    await a.fund();
    const prompter = new ScriptedPrompter([false]);
    const r = await a.cli(['payouts', 'create', '--amount', '20.00', '--currency', 'usd'], { tty: true, prompter });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    prompter.assertDone();
    expect(prompter.asked[0]!.message).toBe('Pay out 20.00 USD to the default bank account (available now: 48.25 USD)?');
    expect(await a.list()).toEqual([]);
    expect(await a.available()).toBe(4825);
  });

  it('does not ask about a payout the balance cannot cover: the API refuses it (exit 3)', async () => {
    const a = account();
    const prompter = new ScriptedPrompter([]);
    const r = await a.cli(['payouts', 'create', '--amount', '20.00', '--currency', 'usd'], { tty: true, prompter });
    expect(r.code).toBe(3);
    expect(prompter.asked).toEqual([]);
    expect(r.stderr).toMatch(/Insufficient funds in Stripe account/);
    expect(await a.list()).toEqual([]);
  });

  it('asks for the amount on a TTY, then confirms, and shows the payout', async () => {
    const a = account();
    await a.fund();
    const prompter = new ScriptedPrompter([USE_DEFAULT, '12.34', true]);
    const r = await a.cli(['payouts', 'create'], { tty: true, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    expect(prompter.asked.map((q) => `${q.type}:${q.message}`).slice(0, 2)).toEqual(['input:Currency (three letters, e.g. usd)', 'input:Amount to pay out in USD, e.g. 12.50']);
    expect(prompter.asked[2]!.type).toBe('confirm');
    expect(r.stderr).toMatch(/^Paying out 12\.34 USD$/m);
    expect(prompter.asked[2]!.message).toContain('Pay out 12.34 USD');
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toMatch(/^Amount +12\.34 USD$/m);
    expect(r.stdout).toMatch(/^Status +pending$/m);
  });

  it.each([
    [['dollars'], 'Currency (three letters, e.g. usd)', 'unknown currency "dollars"'],
    [['usd', '0'], 'Amount to pay out in USD, e.g. 12.50', 'the amount must be more than zero'],
    [['usd', '12.345'], 'Amount to pay out in USD, e.g. 12.50', 'invalid amount "12.345": USD has 2 decimal places, not 3'],
    [['jpy', '5.5'], 'Amount to pay out in JPY, e.g. 1250', 'invalid amount "5.5": JPY has no minor unit; use a whole number'],
  ])('on a TTY %j is refused at its own prompt (%s), before anything is sent', async (answers, prompt, reason) => {
    const a = account();
    await a.fund();
    const prompter = new ScriptedPrompter(answers);
    const r = await a.cli(['payouts', 'create'], { tty: true, prompter });
    expect(r.code).not.toBe(0);
    expect(prompter.asked.at(-1)!.message).toBe(prompt);
    expect(r.stderr).toContain(`failed validation: ${reason}`);
    expect(await a.list()).toEqual([]);
  });

  it('without --yes and no TTY it is a usage error and nothing is sent', async () => {
    const a = account();
    await a.fund();
    const r = await a.cli(['payouts', 'create', '--amount', '20.00', '--currency', 'usd']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--yes');
    expect(r.stderr).toContain('20.00 USD');
    expect(await a.list()).toEqual([]);
    expect(await a.available()).toBe(4825);
  });

  it.each([
    [['--amount', '20.001', '--currency', 'usd'], 'USD has 2 decimal places'],
    [['--amount', '20.00', '--currency', 'dollars'], 'unknown currency "dollars"'],
    [['--amount', '0', '--currency', 'usd'], 'more than zero'],
    [['--amount', '1,000', '--currency', 'usd'], 'invalid amount "1,000"'],
    [['--amount', '20.00', '--currency', 'usd', '--method', 'teleport'], 'invalid --method "teleport"'],
    [['--amount', '20.00', '--currency', 'usd', '--statement-descriptor', 'THIS IS FAR TOO LONG FOR A BANK'], 'at most 22 characters'],
    [['--currency', 'usd'], 'missing required flag: --amount'],
    [[], 'missing required flags: --amount, --currency'],
  ])('create %j is a usage error and sends nothing', async (args, message) => {
    const a = account();
    await a.fund();
    await a.usageError(['payouts', 'create', ...args, '--yes'], message);
    expect(await a.list()).toEqual([]);
  });
});

describe('payouts list, get, update, cancel', () => {
  it('lists as a table with money in major units', async () => {
    const a = account();
    await a.fund();
    const po = await a.ok(['payouts', 'create', '--amount', '20.00', '--currency', 'usd', '--description', 'weekly', '--yes']);
    const r = await a.cli(['payouts', 'list'], { tty: true, columns: 160 });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(ANSI);
    const [header, row, ...rest] = r.stdout.trimEnd().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['ID', 'AMOUNT', 'STATUS', 'ARRIVAL', 'DESCRIPTION', 'METHOD', 'CREATED']);
    expect(row).toContain(po.id);
    expect(row).toContain('20.00 USD');
    expect(row).toContain('pending');
    expect(row).toContain('weekly');
    expect(rest).toEqual([]);
  });

  it('filters by status and arrival date; bad values are usage errors', async () => {
    const a = account();
    await a.fund();
    const p1 = await a.ok(['payouts', 'create', '--amount', '1.00', '--currency', 'usd', '--yes']);
    const p2 = await a.ok(['payouts', 'create', '--amount', '2.00', '--currency', 'usd', '--yes']);
    await a.ok(['payouts', 'cancel', p1.id, '--yes']);
    expect((await a.ok(['payouts', 'list', '--status', 'canceled'])).map((p: any) => p.id)).toEqual([p1.id]);
    expect((await a.ok(['payouts', 'list', '--status', 'pending'])).map((p: any) => p.id)).toEqual([p2.id]);
    const arrival = p2.arrival_date as number;
    const at = (s: number) => new Date(s * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(await a.ok(['payouts', 'list', '--arrival-after', at(arrival + 1)])).toEqual([]);
    expect((await a.ok(['payouts', 'list', '--arrival-before', at(arrival), '--status', 'pending'])).map((p: any) => p.id)).toEqual([p2.id]);
    for (const args of [['--status', 'lost'], ['--arrival-after', 'next tuesday']]) {
      const r = await a.cli(['payouts', 'list', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
    }
  });

  it('get shows one payout (JSON and TTY)', async () => {
    const a = account();
    await a.fund();
    const po = await a.ok(['payouts', 'create', '--amount', '20.00', '--currency', 'usd', '--yes']);
    expect(await a.ok(['payouts', 'get', po.id])).toMatchObject({ id: po.id, amount: 2000 });
    const r = await a.cli(['payouts', 'get', po.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Amount +20\.00 USD$/m);
    expect(r.stdout).toMatch(/^Method +standard$/m);
  });

  it('update sets metadata; with nothing to update it sends nothing', async () => {
    const a = account();
    await a.fund();
    const po = await a.ok(['payouts', 'create', '--amount', '20.00', '--currency', 'usd', '--yes']);
    expect((await a.ok(['payouts', 'update', po.id, '--metadata', 'batch=nov'])).metadata).toEqual({ batch: 'nov' });
    const r = await a.cli(['payouts', 'update', po.id]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing to update');
  });

  it('cancel needs confirmation; yes cancels and returns the funds', async () => {
    const a = account();
    await a.fund();
    const po = await a.ok(['payouts', 'create', '--amount', '20.00', '--currency', 'usd', '--yes']);
    expect(await a.available()).toBe(2825);

    await a.needsConfirmation(['payouts', 'cancel', po.id]);
    expect((await a.ok(['payouts', 'get', po.id])).status).toBe('pending');

    const r = await a.cli(['payouts', 'cancel', po.id], { tty: true, prompter: new ScriptedPrompter([true]) });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Status +canceled$/m);
    expect(await a.available()).toBe(4825);
  });
});

describe('payouts help', () => {
  it.each(['list', 'get', 'create', 'update', 'cancel'])('%s --help shows examples', async (verb) => {
    const r = await account().cli(['payouts', verb, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`$ payctl payouts ${verb}`);
  });
});
