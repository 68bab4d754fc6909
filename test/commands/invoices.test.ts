// `payctl invoices …` against a fresh in-process sandbox: output modes, the draft → open → paid
// lifecycle, destructive guards, prompts and usage errors that send nothing.
import { describe, expect, it } from 'vitest';
import { ANSI, useAccounts } from '../helpers/account.js';
import { ScriptedPrompter, USE_DEFAULT } from '../../src/prompt/scripted.js';

const account = useAccounts(({ ok, customer: createCustomer }) => ({
  customer: () => createCustomer('name=Ada Lovelace', 'email=ada@example.com'),
  /** A draft invoice with one 20.00 USD line. */
  draft: async (customer: string, extra: string[] = []): Promise<any> => {
    await ok(['post', '/v1/invoiceitems', '-d', `customer=${customer}`, '-d', 'amount=2000', '-d', 'currency=usd', '-d', 'description=Setup fee']);
    return ok(['invoices', 'create', '--customer', customer, '--include-pending-items', ...extra]);
  },
  list: async (): Promise<any[]> => ok(['invoices', 'list']),
}));

describe('invoices create', () => {
  it('creates a draft and prints the invoice as JSON', async () => {
    const a = account();
    const cus = await a.customer();
    const r = await a.cli(['invoices', 'create', '--customer', cus, '--description', 'November services', '--metadata', 'order=42', '--no-auto-advance']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const inv = JSON.parse(r.stdout);
    expect(inv).toMatchObject({ object: 'invoice', status: 'draft', customer: cus, description: 'November services', metadata: { order: '42' }, auto_advance: false, number: null });
    expect(inv.id).toMatch(/^in_/);
  });

  it('pulls in pending items and shows amounts, lines and status in the detail view', async () => {
    const a = account();
    const cus = await a.customer();
    const inv = await a.draft(cus);
    expect(inv.amount_due).toBe(2000);
    const r = await a.cli(['invoices', 'get', inv.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toMatch(new RegExp(`^ID +${inv.id}$`, 'm'));
    expect(r.stdout).toMatch(/^Status +draft$/m);
    expect(r.stdout).toMatch(new RegExp(`^Customer +${cus}$`, 'm'));
    expect(r.stdout).toMatch(/^Amount due +20\.00 USD$/m);
    expect(r.stdout).toMatch(/^Amount paid +0\.00 USD$/m);
    expect(r.stdout).toMatch(/^Remaining +20\.00 USD$/m);
    expect(r.stdout).toMatch(/^Lines +1 line: Setup fee 20\.00 USD$/m);
  });

  it('send_invoice with --days-until-due sets a due date', async () => {
    const a = account();
    const cus = await a.customer();
    const inv = await a.ok(['invoices', 'create', '--customer', cus, '--collection-method', 'send_invoice', '--days-until-due', '30']);
    expect(inv.collection_method).toBe('send_invoice');
    expect(inv.due_date).toBeGreaterThan(inv.created + 29 * 86400);
  });

  it.each([
    [['invoices', 'create'], 'missing required flag: --customer'],
    [['invoices', 'create', '--customer', 'ada'], 'invalid --customer "ada"'],
    [['invoices', 'create', '--customer', 'cus_123', '--days-until-due', '30'], '--days-until-due needs --collection-method send_invoice'],
    [['invoices', 'create', '--customer', 'cus_123', '--collection-method', 'send_invoice'], 'send_invoice needs --days-until-due'],
    [['invoices', 'create', '--customer', 'cus_123', '--collection-method', 'by_pigeon'], 'invalid --collection-method "by_pigeon"'],
    [['invoices', 'create', '--customer', 'cus_123', '--collection-method', 'send_invoice', '--days-until-due', 'soon'], 'invalid --days-until-due "soon"'],
  ])('%j is a usage error and sends nothing', async (argv, message) => {
    const a = account();
    await a.usageError(argv, message);
    expect(await a.list()).toEqual([]);
  });

  it('asks for the customer on a TTY and confirms the summary', async () => {
    const a = account();
    const cus = await a.customer();
    await a.ok(['post', '/v1/invoiceitems', '-d', `customer=${cus}`, '-d', 'amount=2000', '-d', 'currency=usd', '-d', 'description=Setup fee']);
    const prompter = new ScriptedPrompter([cus, USE_DEFAULT, true]);
    const r = await a.cli(['invoices', 'create'], { tty: true, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    // The customer is picked from the account's recent customers (name <email> id), with a way to type any id.
    expect(prompter.asked.map((q) => q.type)).toEqual(['select', 'confirm', 'confirm']);
    expect(prompter.asked[0]).toMatchObject({ message: 'Customer' });
    expect(prompter.asked[0]!.choices!.map((c) => c.name)).toEqual([`Ada Lovelace <ada@example.com>  ${cus}`, 'Type a customer id…']);
    // A guided create asks about pending items (default yes) rather than silently making an empty draft.
    expect(prompter.asked[1]).toMatchObject({ message: "Include the customer's pending invoice items?", default: true });
    expect(r.stderr).toContain(`Create a draft invoice for ${cus}, including their pending invoice items.`);
    expect(r.stdout).toMatch(/^Status +draft$/m);
    expect(r.stdout).toMatch(/^Total +20\.00 USD$/m);
    expect(await a.list()).toHaveLength(1);
  });

  it('says plainly when the draft leaves pending items out', async () => {
    const a = account();
    const cus = await a.customer();
    const r = await a.cli(['invoices', 'create'], { tty: true, prompter: new ScriptedPrompter([cus, false, false]) });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(`Create a draft invoice for ${cus}, without their pending invoice items.`);
  });

  it('"Type a customer id…" falls back to a validated input', async () => {
    const a = account();
    const cus = await a.customer();
    const prompter = new ScriptedPrompter(['__other__', cus, true, false]);
    const r = await a.cli(['invoices', 'create'], { tty: true, prompter });
    expect(r.code).toBe(130);
    expect(prompter.asked.map((q) => q.message)).toEqual(['Customer', 'Customer id (cus_…)', "Include the customer's pending invoice items?", 'Proceed?']);
  });

  it('answering no at the summary cancels with 130 and creates nothing', async () => {
    const a = account();
    const cus = await a.customer();
    const r = await a.cli(['invoices', 'create'], { tty: true, prompter: new ScriptedPrompter([cus, true, false]) });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(await a.list()).toEqual([]);
  });
});

describe('invoices lifecycle', () => {
  it('draft → finalize → pay', async () => {
    const a = account();
    const cus = await a.customer();
    const draft = await a.draft(cus);

    const open = await a.ok(['invoices', 'finalize', draft.id]);
    expect(open).toMatchObject({ id: draft.id, status: 'open', amount_due: 2000, amount_remaining: 2000 });
    expect(open.number).toEqual(expect.any(String));
    expect(open.hosted_invoice_url).toEqual(expect.any(String));

    const paid = await a.ok(['invoices', 'pay', draft.id, '--payment-method', 'pm_card_visa']);
    expect(paid).toMatchObject({ id: draft.id, status: 'paid', amount_paid: 2000, amount_remaining: 0 });

    const r = await a.cli(['invoices', 'get', draft.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Status +paid$/m);
    expect(r.stdout).toMatch(/^Amount paid +20\.00 USD$/m);
    expect(r.stdout).toMatch(/^Remaining +0\.00 USD$/m);
    expect(r.stdout).toMatch(new RegExp(`^Number +${open.number}$`, 'm'));
  });

  it('pay --paid-out-of-band records an outside payment; the table shows it', async () => {
    const a = account();
    const cus = await a.customer();
    const draft = await a.draft(cus);
    await a.ok(['invoices', 'finalize', draft.id]);
    const r = await a.cli(['invoices', 'pay', draft.id, '--paid-out-of-band'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Status +paid$/m);
    expect(r.stdout).not.toMatch(ANSI);
  });

  it('pay rejects --payment-method with --paid-out-of-band before sending', async () => {
    const a = account();
    const cus = await a.customer();
    const draft = await a.draft(cus);
    await a.ok(['invoices', 'finalize', draft.id]);
    const r = await a.cli(['invoices', 'pay', draft.id, '--payment-method', 'pm_card_visa', '--paid-out-of-band']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('use only one of --payment-method and --paid-out-of-band');
    expect((await a.ok(['invoices', 'get', draft.id])).status).toBe('open');
  });

  it('finalize of a paid invoice is refused by the API (exit 3)', async () => {
    const a = account();
    const cus = await a.customer();
    const draft = await a.draft(cus);
    await a.ok(['invoices', 'finalize', draft.id]);
    await a.ok(['invoices', 'pay', draft.id, '--paid-out-of-band']);
    const r = await a.cli(['invoices', 'finalize', draft.id, '--json']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr).error).toMatchObject({ exit_code: 3, status: 400 });
  });

  it('send emails an open send_invoice invoice', async () => {
    const a = account();
    const cus = await a.customer();
    const draft = await a.draft(cus, ['--collection-method', 'send_invoice', '--days-until-due', '14']);
    await a.ok(['invoices', 'finalize', draft.id]);
    const sent = await a.ok(['invoices', 'send', draft.id]);
    expect(sent).toMatchObject({ id: draft.id, status: 'open', collection_method: 'send_invoice' });
  });

  it('update changes the memo and metadata; nothing to update is a usage error', async () => {
    const a = account();
    const cus = await a.customer();
    const draft = await a.draft(cus);
    const upd = await a.ok(['invoices', 'update', draft.id, '--description', 'Net 30', '--metadata', 'po=PO-7']);
    expect(upd).toMatchObject({ id: draft.id, description: 'Net 30', metadata: { po: 'PO-7' } });
    const r = await a.cli(['invoices', 'update', draft.id]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing to update');
  });
});

describe('invoices destructive verbs', () => {
  it('void without --yes and no TTY is a usage error and changes nothing', async () => {
    const a = account();
    const cus = await a.customer();
    const draft = await a.draft(cus);
    await a.ok(['invoices', 'finalize', draft.id]);
    const r = await a.cli(['invoices', 'void', draft.id]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--yes');
    expect((await a.ok(['invoices', 'get', draft.id])).status).toBe('open');
  });

  it('void: answering no exits 130 and changes nothing; yes voids', async () => {
    const a = account();
    const cus = await a.customer();
    const draft = await a.draft(cus);
    await a.ok(['invoices', 'finalize', draft.id]);
    const no = new ScriptedPrompter([false]);
    const r = await a.cli(['invoices', 'void', draft.id], { tty: true, prompter: no });
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
    expect(no.asked[0]!.message).toContain(`Void invoice ${draft.id}`);
    expect((await a.ok(['invoices', 'get', draft.id])).status).toBe('open');

    const yes = await a.cli(['invoices', 'void', draft.id], { tty: true, prompter: new ScriptedPrompter([true]) });
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(/^Status +void$/m);
  });

  it('void --yes in JSON mode', async () => {
    const a = account();
    const cus = await a.customer();
    const draft = await a.draft(cus);
    await a.ok(['invoices', 'finalize', draft.id]);
    const voided = await a.ok(['invoices', 'void', draft.id, '--yes']);
    expect(voided).toMatchObject({ id: draft.id, status: 'void' });
  });

  it('mark-uncollectible needs confirmation, then writes the invoice off', async () => {
    const a = account();
    const cus = await a.customer();
    const draft = await a.draft(cus);
    await a.ok(['invoices', 'finalize', draft.id]);
    const refused = await a.cli(['invoices', 'mark-uncollectible', draft.id]);
    expect(refused.code).toBe(2);
    expect((await a.ok(['invoices', 'get', draft.id])).status).toBe('open');
    const no = await a.cli(['invoices', 'mark-uncollectible', draft.id], { tty: true, prompter: new ScriptedPrompter([false]) });
    expect(no.code).toBe(130);
    expect((await a.ok(['invoices', 'get', draft.id])).status).toBe('open');
    const done = await a.ok(['invoices', 'mark-uncollectible', draft.id, '--yes']);
    expect(done.status).toBe('uncollectible');
  });

  it('delete removes a draft only with confirmation', async () => {
    const a = account();
    const cus = await a.customer();
    const draft = await a.draft(cus);
    await a.needsConfirmation(['invoices', 'delete', draft.id]);
    expect(await a.list()).toHaveLength(1);

    const del = await a.ok(['invoices', 'delete', draft.id, '--yes']);
    expect(del).toEqual({ id: draft.id, object: 'invoice', deleted: true });
    const gone = await a.cli(['invoices', 'get', draft.id]);
    expect(gone.code).toBe(3);
    expect(gone.stderr).toContain(`No such invoice: '${draft.id}'`);
  });

  it('delete on a TTY shows the deleted id', async () => {
    const a = account();
    const cus = await a.customer();
    const draft = await a.draft(cus);
    const r = await a.cli(['invoices', 'delete', draft.id, '--yes'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`ID       ${draft.id}\nDeleted  yes\n`);
  });
});

describe('invoices list and search', () => {
  it('lists as a table with money in major units and no ANSI when colour is off', async () => {
    const a = account();
    const cus = await a.customer();
    const inv = await a.draft(cus);
    const r = await a.cli(['invoices', 'list'], { tty: true, columns: 160 });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(ANSI);
    const [header, row, ...rest] = r.stdout.trimEnd().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['ID', 'NUMBER', 'AMOUNT DUE', 'STATUS', 'CUSTOMER', 'SUBSCRIPTION', 'CREATED']);
    expect(row).toContain(inv.id);
    expect(row).toContain(cus);
    expect(row).toContain('20.00 USD');
    expect(row).toContain('draft');
    expect(rest).toEqual([]);
  });

  it('colours statuses when colour is on', async () => {
    const a = account();
    const cus = await a.customer();
    await a.draft(cus);
    const r = await a.cli(['invoices', 'list'], { tty: true, color: true, columns: 160 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\x1b[33mdraft\x1b[39m');
  });

  it('filters by --status and --customer', async () => {
    const a = account();
    const ada = await a.customer();
    const bob = await a.customer();
    const d1 = await a.draft(ada);
    const d2 = await a.draft(bob);
    await a.ok(['invoices', 'finalize', d2.id]);
    expect((await a.ok(['invoices', 'list', '--status', 'open'])).map((i: any) => i.id)).toEqual([d2.id]);
    expect((await a.ok(['invoices', 'list', '--status', 'draft'])).map((i: any) => i.id)).toEqual([d1.id]);
    expect((await a.ok(['invoices', 'list', '--customer', ada])).map((i: any) => i.id)).toEqual([d1.id]);
    const bad = await a.cli(['invoices', 'list', '--status', 'lost']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
  });

  it('--all walks every page', async () => {
    const a = account();
    const cus = await a.customer();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await a.ok(['invoices', 'create', '--customer', cus])).id);
    const page = await a.ok(['invoices', 'list', '--limit', '2']);
    expect(page).toHaveLength(2);
    const all = await a.ok(['invoices', 'list', '--all', '--limit', '2']);
    expect(all.map((i: any) => i.id).sort()).toEqual([...ids].sort());
  });

  it('search finds invoices by status', async () => {
    const a = account();
    const cus = await a.customer();
    const d1 = await a.draft(cus);
    const d2 = await a.draft(cus);
    await a.ok(['invoices', 'finalize', d2.id]);
    const found = await a.ok(['invoices', 'search', "status:'open'"]);
    expect(found.map((i: any) => i.id)).toEqual([d2.id]);
    expect(found.map((i: any) => i.id)).not.toContain(d1.id);
  });
});

describe('invoices help', () => {
  it.each(['list', 'get', 'create', 'update', 'delete', 'finalize', 'pay', 'void', 'send', 'mark-uncollectible', 'search'])('%s --help shows examples', async (verb) => {
    const r = await account().cli(['invoices', verb, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`$ payctl invoices ${verb}`);
  });
});
