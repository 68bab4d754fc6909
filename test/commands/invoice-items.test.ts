// `payctl invoice-items …` against a fresh in-process sandbox: amounts in major/minor units,
// pending vs invoiced items, destructive delete, and usage errors that send nothing.
import { describe, expect, it } from 'vitest';
import { ANSI, useAccounts } from '../helpers/account.js';
import { ScriptedPrompter } from '../../src/prompt/scripted.js';

const account = useAccounts(({ ok, customer: createCustomer }) => ({
  customer: () => createCustomer('name=Ada Lovelace'),
  item: (customer: string, extra: string[] = []) =>
    ok(['invoice-items', 'create', '--customer', customer, '--amount', '20.00', '--currency', 'usd', '--description', 'Setup fee', ...extra]),
  list: async (): Promise<any[]> => ok(['invoice-items', 'list']),
}));

describe('invoice-items create', () => {
  it('creates a pending item from a major-unit amount (JSON)', async () => {
    const a = account();
    const cus = await a.customer();
    const r = await a.cli(['invoice-items', 'create', '--customer', cus, '--amount', '20.00', '--currency', 'USD', '--description', 'Setup fee', '--metadata', 'sku=setup']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const item = JSON.parse(r.stdout);
    expect(item).toMatchObject({ object: 'invoiceitem', customer: cus, amount: 2000, currency: 'usd', description: 'Setup fee', invoice: null, metadata: { sku: 'setup' } });
    expect(item.id).toMatch(/^ii_/);
  });

  it('reads an integer as minor units and zero-decimal currencies as whole units', async () => {
    const a = account();
    const cus = await a.customer();
    expect((await a.ok(['invoice-items', 'create', '--customer', cus, '--amount', '1500', '--currency', 'usd'])).amount).toBe(1500);
    expect((await a.ok(['invoice-items', 'create', '--customer', cus, '--amount', '500', '--currency', 'jpy'])).amount).toBe(500);
  });

  it('shows the item on a TTY with money in major units', async () => {
    const a = account();
    const cus = await a.customer();
    const r = await a.cli(['invoice-items', 'create', '--customer', cus, '--amount', '20.00', '--currency', 'usd', '--description', 'Setup fee'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Adding 20.00 USD for ${cus}\n`);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toMatch(/^Amount +20\.00 USD$/m);
    expect(r.stdout).toMatch(/^Invoice +pending \(next invoice\)$/m);
    expect(r.stdout).toMatch(new RegExp(`^Customer +${cus}$`, 'm'));
  });

  it('--quantity is recorded on the line; --amount stays the line total', async () => {
    const a = account();
    const cus = await a.customer();
    const item = await a.ok(['invoice-items', 'create', '--customer', cus, '--amount', '30.00', '--currency', 'usd', '--quantity', '3']);
    expect(item).toMatchObject({ amount: 3000, quantity: 3 });
    const r = await a.cli(['invoice-items', 'list'], { tty: true, columns: 160 });
    expect(r.stdout.split('\n')[1]).toMatch(/30\.00 USD +3 /);
  });

  it('attaches to a draft invoice with --invoice', async () => {
    const a = account();
    const cus = await a.customer();
    const inv = await a.ok(['post', '/v1/invoices', '-d', `customer=${cus}`]);
    const item = await a.item(cus, ['--invoice', inv.id]);
    expect(item.invoice).toBe(inv.id);
    expect((await a.ok(['invoices', 'get', inv.id])).amount_due).toBe(2000);
  });

  it.each([
    [['--customer', 'cus_1', '--amount', '20.001', '--currency', 'usd'], 'USD has 2 decimal places'],
    [['--customer', 'cus_1', '--amount', '20.5', '--currency', 'jpy'], 'JPY has no minor unit'],
    [['--customer', 'cus_1', '--amount', '-5', '--currency', 'usd'], 'cannot be negative'],
    [['--customer', 'cus_1', '--amount', 'twenty', '--currency', 'usd'], 'invalid amount "twenty"'],
    [['--customer', 'cus_1', '--amount', '20.00', '--currency', 'xyz'], 'unknown currency "xyz"'],
    [['--customer', 'ada', '--amount', '20.00', '--currency', 'usd'], 'invalid --customer "ada"'],
    [['--customer', 'cus_1', '--amount', '20.00', '--currency', 'usd', '--invoice', 'inv1'], 'invalid --invoice "inv1"'],
    [['--customer', 'cus_1', '--amount', '20.00', '--currency', 'usd', '--quantity', '0'], 'invalid --quantity "0"'],
    [[], 'missing required flags: --customer, --amount, --currency'],
    [['--customer', 'cus_1', '--currency', 'usd'], 'missing required flag: --amount'],
  ])('create %j is a usage error and sends nothing', async (args, message) => {
    const a = account();
    await a.usageError(['invoice-items', 'create', ...args], message);
    expect(await a.list()).toEqual([]);
  });

  it('asks for missing values on a TTY', async () => {
    const a = account();
    const cus = await a.customer();
    const prompter = new ScriptedPrompter([cus, 'eur', '12.50']);
    const r = await a.cli(['invoice-items', 'create', '--json'], { tty: true, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    expect(JSON.parse(r.stdout)).toMatchObject({ customer: cus, amount: 1250, currency: 'eur' });
    expect(prompter.asked.map((q) => `${q.type}:${q.message}`)).toEqual(['select:Customer', 'input:Currency (three letters, e.g. usd)', 'input:Amount in EUR, e.g. 12.50']);
  });
});

describe('invoice-items list, update, delete', () => {
  it('lists as a table and filters pending and by invoice', async () => {
    const a = account();
    const cus = await a.customer();
    const pending = await a.item(cus);
    const inv = await a.ok(['post', '/v1/invoices', '-d', `customer=${cus}`]);
    const onInvoice = await a.item(cus, ['--invoice', inv.id]);

    const r = await a.cli(['invoice-items', 'list', '--customer', cus], { tty: true, columns: 160 });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(ANSI);
    const [header, ...rows] = r.stdout.trimEnd().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['ID', 'DESCRIPTION', 'AMOUNT', 'QTY', 'CUSTOMER', 'INVOICE', 'DATE']);
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.includes('20.00 USD'))).toBe(true);

    expect((await a.ok(['invoice-items', 'list', '--pending'])).map((i: any) => i.id)).toEqual([pending.id]);
    expect((await a.ok(['invoice-items', 'list', '--invoice', inv.id])).map((i: any) => i.id)).toEqual([onInvoice.id]);
  });

  it('update reads a decimal amount in the item’s own currency', async () => {
    const a = account();
    const cus = await a.customer();
    const item = await a.ok(['invoice-items', 'create', '--customer', cus, '--amount', '1.500', '--currency', 'kwd']);
    expect(item.amount).toBe(1500);
    const upd = await a.ok(['invoice-items', 'update', item.id, '--amount', '2.250', '--description', 'Consulting']);
    expect(upd).toMatchObject({ id: item.id, amount: 2250, currency: 'kwd', description: 'Consulting' });
  });

  it('update with a bad amount or nothing to change sends nothing', async () => {
    const a = account();
    const cus = await a.customer();
    const item = await a.item(cus);
    for (const [args, message] of [
      [['--amount', '2.5.0'], 'invalid amount'],
      [['--amount', '20.00', '--currency', 'jpy'], 'JPY has no minor unit'],
      [[], 'nothing to update'],
    ] as const) {
      const r = await a.cli(['invoice-items', 'update', item.id, ...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect((await a.ok(['invoice-items', 'get', item.id])).amount).toBe(2000);
  });

  it('delete needs --yes without a TTY, 130 on no, and removes the item on yes', async () => {
    const a = account();
    const cus = await a.customer();
    const item = await a.item(cus);
    await a.needsConfirmation(['invoice-items', 'delete', item.id]);
    expect(await a.list()).toHaveLength(1);
    const del = await a.ok(['invoice-items', 'delete', item.id, '--yes']);
    expect(del).toEqual({ id: item.id, object: 'invoiceitem', deleted: true });
    expect(await a.list()).toEqual([]);
  });

  it('get shows JSON, and a wrong id prefix is a usage error', async () => {
    const a = account();
    const cus = await a.customer();
    const item = await a.item(cus);
    expect((await a.ok(['invoice-items', 'get', item.id])).id).toBe(item.id);
    const r = await a.cli(['invoice-items', 'get', 'in_123']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"in_123" is not a');
    expect(r.stderr).toContain('ii_…');
  });
});

describe('invoice-items help', () => {
  it.each(['list', 'get', 'create', 'update', 'delete'])('%s --help shows examples', async (verb) => {
    const r = await account().cli(['invoice-items', verb, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`$ payctl invoice-items ${verb}`);
  });
});
