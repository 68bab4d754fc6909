// API data that carries terminal escape sequences, through real commands against the sandbox: the
// list table, detail views whose columns have custom getters (invoice lines), CSV and error lines.
import { describe, expect, it } from 'vitest';
import { useAccounts } from '../helpers/account.js';

const EVIL = 'Evil\x1b]0;pwned\x07\x1b[2J';
const SAFE = 'Evil^[]0;pwned^G^[[2J';
/** What a terminal would act on: OSC (retitle), CSI 2J (clear), BEL, a bidi override. */
const RAW = /\x1b\]|\x1b\[2J|\x07|\u202e/;

const account = useAccounts(({ customer }) => ({
  evil: () => customer(`name=${EVIL}`, 'email=evil@example.com', 'description==HYPERLINK("http://x")'),
}));

describe('escape sequences from the API never reach the terminal', () => {
  it('customers list: table, piped table and csv', async () => {
    const a = account();
    const id = await a.evil();
    const table = await a.cli(['customers', 'list'], { tty: true, columns: 120 });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(SAFE);
    expect(table.stdout).not.toMatch(RAW);
    const tsv = await a.cli(['customers', 'list', '-o', 'table']);
    expect(tsv.stdout).toContain(`${id}\t${SAFE}`);
    expect(tsv.stdout).not.toMatch(RAW);
    const csv = await a.cli(['customers', 'list', '-o', 'csv', '--fields', 'id,name,description']);
    expect(csv.stdout).toBe(`ID,NAME,DESCRIPTION\n${id},${SAFE},"'=HYPERLINK(""http://x"")"\n`);
  });

  it('customers get: the detail view', async () => {
    const a = account();
    const id = await a.evil();
    const r = await a.cli(['customers', 'get', id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Name +${SAFE.replace(/[\^\[\]]/g, '\\$&')}$`, 'm'));
    expect(r.stdout).not.toMatch(RAW);
  });

  it('invoices get: a custom getter (the lines summary) renders sanitised text', async () => {
    const a = account();
    const cus = await a.evil();
    await a.ok(['post', '/v1/invoiceitems', '-d', `customer=${cus}`, '-d', 'amount=2000', '-d', 'currency=usd', '-d', `description=${EVIL} \u202eexe.txt`]);
    const inv = await a.ok(['invoices', 'create', '--customer', cus, '--include-pending-items']);
    const r = await a.cli(['invoices', 'get', inv.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Lines +1 line: Evil\^\[\]0;pwned\^G\^\[\[2J <U\+202E>exe\.txt 20\.00 USD$/m);
    expect(r.stdout).not.toMatch(RAW);
  });

  it('an API error quoting sent text is sanitised on stderr', async () => {
    const a = account();
    const r = await a.cli(['customers', 'get', `cus_${EVIL}`]);
    expect(r.code).toBe(3);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).toContain(SAFE);
  });
});
