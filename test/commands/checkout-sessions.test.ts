// `payctl checkout-sessions …` against a fresh in-process sandbox: --line-item parsing into
// price_data, the URL on stderr, complete via the test helper, expire with its guards.
import { describe, expect, it } from 'vitest';
import { ANSI, useAccounts } from '../helpers/account.js';
import { ScriptedPrompter } from '../../src/prompt/scripted.js';
import { parseLineItem } from '../../src/commands/checkout-sessions/line-items.js';

const SUCCESS = 'https://example.com/thanks';
const TSHIRT = 'name=T-shirt,amount=20.00,currency=usd,quantity=2';

const account = useAccounts(({ ok }) => ({
  session: (extra: string[] = []) => ok(['checkout-sessions', 'create', '--success-url', SUCCESS, '--line-item', TSHIRT, ...extra]),
  list: async (): Promise<any[]> => ok(['checkout-sessions', 'list']),
}));

describe('parseLineItem', () => {
  it('reads name, amount in major units, currency and quantity into price_data', () => {
    expect(parseLineItem(TSHIRT)).toEqual({ price_data: { currency: 'usd', product_data: { name: 'T-shirt' }, unit_amount: 2000 }, quantity: 2 });
    expect(parseLineItem('name=Ticket, amount=500', 'JPY')).toEqual({ price_data: { currency: 'jpy', product_data: { name: 'Ticket' }, unit_amount: 500 }, quantity: 1 });
    expect(parseLineItem('name=Oil,amount=1.250,currency=kwd,description=1 litre').price_data).toEqual({ currency: 'kwd', product_data: { name: 'Oil', description: '1 litre' }, unit_amount: 1250 });
  });

  it.each([
    ['name=T-shirt', 'amount is missing'],
    ['amount=20.00,currency=usd', 'name is missing'],
    ['name=T-shirt,amount=20.00', 'currency is missing'],
    ['name=T-shirt,20.00,currency=usd', '"20.00" is not key=value'],
    ['name=T-shirt,amount=20.00,currency=usd,colour=red', 'unknown key "colour"'],
    ['name=T-shirt,amount=20.00,currency=usd,quantity=0', 'quantity "0"'],
    ['name=T-shirt,amount=20.00,currency=usd,quantity=1.5', 'quantity "1.5"'],
    ['name=A,name=B,amount=1,currency=usd', '"name" given twice'],
    ['name=T-shirt,amount=20.001,currency=usd', 'USD has 2 decimal places'],
    ['name=T-shirt,amount=20.00,currency=xyz', 'unknown currency "xyz"'],
  ])('%s is a usage error', (input, message) => {
    expect(() => parseLineItem(input)).toThrow(message);
  });
});

describe('checkout-sessions create', () => {
  it('creates an open session from --line-item (JSON) and sends the line as price_data', async () => {
    const a = account();
    const r = await a.cli(['checkout-sessions', 'create', '--success-url', SUCCESS, '--cancel-url', 'https://example.com/cart', '--line-item', TSHIRT, '--customer-email', 'ada@example.com', '--metadata', 'order=42']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const cs = JSON.parse(r.stdout);
    expect(cs).toMatchObject({
      object: 'checkout.session', status: 'open', payment_status: 'unpaid', mode: 'payment', amount_total: 4000, currency: 'usd',
      success_url: SUCCESS, cancel_url: 'https://example.com/cart', customer_email: 'ada@example.com', metadata: { order: '42' },
    });
    expect(cs.id).toMatch(/^cs_test_/);
    expect(cs.url).toEqual(expect.stringMatching(/^https?:\/\//));
    const full = await a.ok(['checkout-sessions', 'get', cs.id, '--expand', 'line_items']);
    expect(full.line_items.data).toHaveLength(1);
    expect(full.line_items.data[0]).toMatchObject({ quantity: 2, description: 'T-shirt', amount_total: 4000 });
    expect(full.line_items.data[0].price).toMatchObject({ unit_amount: 2000, currency: 'usd' });
  });

  it('several --line-item values become several lines; zero-decimal amounts stay whole', async () => {
    const a = account();
    const cs = await a.ok(['checkout-sessions', 'create', '--success-url', SUCCESS, '--currency', 'jpy', '--line-item', 'name=Ticket,amount=500,quantity=3', '--line-item', 'name=Programme,amount=1000']);
    expect(cs).toMatchObject({ amount_total: 2500, currency: 'jpy' });
    const r = await a.cli(['checkout-sessions', 'get', cs.id], { tty: true });
    expect(r.stdout).toMatch(/^Amount +2,500 JPY$/m);
  });

  it('on a TTY shows the detail view and the checkout URL on stderr', async () => {
    const a = account();
    const r = await a.cli(['checkout-sessions', 'create', '--success-url', SUCCESS, '--line-item', TSHIRT], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    expect(r.stdout).toMatch(/^Status +open$/m);
    expect(r.stdout).toMatch(/^Payment +unpaid$/m);
    expect(r.stdout).toMatch(/^Amount +40\.00 USD$/m);
    const url = /^URL +(\S+)$/m.exec(r.stdout)?.[1];
    expect(url).toMatch(/^https?:\/\//);
    expect(r.stderr).toBe(`Checkout page: ${url}\n`);
  });

  it.each([
    [['--line-item', TSHIRT], 'missing required flag: --success-url'],
    [['--success-url', 'thanks.html', '--line-item', TSHIRT], 'invalid --success-url "thanks.html"'],
    [['--success-url', SUCCESS], 'missing required flag: --line-item or --price'],
    [['--success-url', SUCCESS, '--line-item', 'T-shirt 20.00'], 'invalid --line-item "T-shirt 20.00"'],
    [['--success-url', SUCCESS, '--line-item', 'name=T-shirt,amount=20.001,currency=usd'], 'USD has 2 decimal places'],
    [['--success-url', SUCCESS, '--line-item', 'name=T-shirt,amount=20.00,currency=abc'], 'unknown currency "abc"'],
    [['--success-url', SUCCESS, '--line-item', TSHIRT, '--quantity', '2'], '--quantity goes with --price'],
    [['--success-url', SUCCESS, '--price', 'prod_1'], 'invalid --price "prod_1"'],
    [['--success-url', SUCCESS, '--line-item', TSHIRT, '--mode', 'barter'], 'invalid --mode "barter"'],
    [['--success-url', SUCCESS, '--line-item', TSHIRT, '--customer', 'cus_1', '--customer-email', 'a@b.co'], 'use only one of --customer and --customer-email'],
  ])('create %j is a usage error and sends nothing', async (args, message) => {
    const a = account();
    await a.usageError(['checkout-sessions', 'create', ...args], message);
    expect(await a.list()).toEqual([]);
  });

  it('asks for the success URL on a TTY', async () => {
    const a = account();
    const prompter = new ScriptedPrompter([SUCCESS]);
    const r = await a.cli(['checkout-sessions', 'create', '--line-item', TSHIRT, '--json'], { tty: true, prompter });
    expect(r.code).toBe(0);
    prompter.assertDone();
    expect(JSON.parse(r.stdout).success_url).toBe(SUCCESS);
  });
});

describe('checkout-sessions complete, expire, list', () => {
  it('complete via the test helper; get shows complete and paid', async () => {
    const a = account();
    const cs = await a.session();
    await a.ok(['post', `/v1/test_helpers/checkout/sessions/${cs.id}/complete`]);
    const done = await a.ok(['checkout-sessions', 'get', cs.id]);
    expect(done).toMatchObject({ id: cs.id, status: 'complete', payment_status: 'paid' });
    expect(done.payment_intent).toMatch(/^pi_/);
    const r = await a.cli(['checkout-sessions', 'get', cs.id], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Status +complete$/m);
    expect(r.stdout).toMatch(/^Payment +paid$/m);
    expect((await a.ok(['checkout-sessions', 'list', '--payment-intent', done.payment_intent])).map((s: any) => s.id)).toEqual([cs.id]);
  });

  it('expire needs --yes without a TTY and exits 130 on no; nothing changes', async () => {
    const a = account();
    const cs = await a.session();
    const refused = await a.cli(['checkout-sessions', 'expire', cs.id]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('--yes');
    const prompter = new ScriptedPrompter([false]);
    const no = await a.cli(['checkout-sessions', 'expire', cs.id], { tty: true, prompter });
    expect(no.code).toBe(130);
    expect(prompter.asked[0]!.message).toBe(`Expire checkout session ${cs.id}?`);
    expect((await a.ok(['checkout-sessions', 'get', cs.id])).status).toBe('open');
  });

  it('expire --yes expires an open session; expiring again is refused by the API', async () => {
    const a = account();
    const cs = await a.session();
    const expired = await a.ok(['checkout-sessions', 'expire', cs.id, '--yes']);
    expect(expired).toMatchObject({ id: cs.id, status: 'expired' });
    const again = await a.cli(['checkout-sessions', 'expire', cs.id, '--yes']);
    expect(again.code).toBe(3);
    expect(again.stdout).toBe('');
  });

  it('lists as a table and filters by status and customer', async () => {
    const a = account();
    const cus = (await a.ok(['post', '/v1/customers', '-d', 'email=ada@example.com'])).id;
    const s1 = await a.session(['--customer', cus]);
    const s2 = await a.session();
    await a.ok(['checkout-sessions', 'expire', s2.id, '--yes']);

    const r = await a.cli(['checkout-sessions', 'list'], { tty: true, columns: 180 });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toMatch(ANSI);
    const [header, ...rows] = r.stdout.trimEnd().split('\n');
    expect(header!.split(/\s{2,}/)).toEqual(['STATUS', 'PAYMENT', 'AMOUNT', 'CREATED', 'EMAIL', 'ID']);
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.includes('40.00 USD'))).toBe(true);

    expect((await a.ok(['checkout-sessions', 'list', '--status', 'expired'])).map((s: any) => s.id)).toEqual([s2.id]);
    expect((await a.ok(['checkout-sessions', 'list', '--status', 'open'])).map((s: any) => s.id)).toEqual([s1.id]);
    expect((await a.ok(['checkout-sessions', 'list', '--customer', cus])).map((s: any) => s.id)).toEqual([s1.id]);
    const bad = await a.cli(['checkout-sessions', 'list', '--status', 'paid']);
    expect(bad.code).toBe(2);
  });

  it('--all walks every page', async () => {
    const a = account();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await a.session()).id);
    const all = await a.ok(['checkout-sessions', 'list', '--all', '--limit', '1']);
    expect(all.map((s: any) => s.id).sort()).toEqual([...ids].sort());
  });
});

describe('checkout-sessions help', () => {
  it.each(['list', 'get', 'create', 'expire'])('%s --help shows examples', async (verb) => {
    const r = await account().cli(['checkout-sessions', verb, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`$ payctl checkout-sessions ${verb}`);
  });
});
