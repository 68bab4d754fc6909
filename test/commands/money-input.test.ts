// One amount rule for every command that reads money, against a fresh in-process sandbox: a currency
// written in the amount must be the object's (exit 2, nothing sent), an integer below the currency's
// minimum charge is refused with a "did you mean" hint, and on a terminal the amount is said in major
// units before it is sent. Also: `--customer` accepts an email, and charge tables show what became of
// the money (refunded, partially refunded, uncaptured).
import { describe, expect, it } from 'vitest';
import { ANSI, useAccounts } from '../helpers/account.js';

const account = useAccounts(({ ok, customer }) => ({
  charge: (amount: string, currency = 'usd', extra: string[] = []): Promise<any> => ok(['charges', 'create', '--amount', amount, '--currency', currency, '--source', 'tok_visa', ...extra]),
  held: (amount: string, currency = 'usd'): Promise<any> =>
    ok(['payment-intents', 'create', '--amount', amount, '--currency', currency, '--payment-method', 'pm_card_visa', '--confirm', '--capture-method', 'manual']),
  customer: (email: string, name = 'Carol Díaz') => customer(`email=${email}`, `name=${name}`),
}));

/** What each command under test left on the server, to prove nothing was sent. */
type Setup = (a: ReturnType<typeof account>) => Promise<{ argv: string[]; unchanged: () => Promise<unknown> }>;

const refundOf: Setup = async (a) => {
  const ch = await a.charge('20.00');
  return { argv: ['refunds', 'create', '--charge', ch.id, '--yes'], unchanged: async () => (await a.ok(['charges', 'get', ch.id])).amount_refunded };
};
const chargeCapture: Setup = async (a) => {
  const ch = await a.charge('20.00', 'usd', ['--no-capture']);
  return { argv: ['charges', 'capture', ch.id], unchanged: async () => (await a.ok(['charges', 'get', ch.id])).captured };
};
const intentCapture: Setup = async (a) => {
  const pi = await a.held('20.00');
  return { argv: ['payment-intents', 'capture', pi.id], unchanged: async () => (await a.ok(['payment-intents', 'get', pi.id])).status };
};
const intentUpdate: Setup = async (a) => {
  const pi = await a.ok(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd']);
  return { argv: ['payment-intents', 'update', pi.id], unchanged: async () => (await a.ok(['payment-intents', 'get', pi.id])).amount };
};
const itemUpdate: Setup = async (a) => {
  const cus = await a.customer('item@example.com');
  const ii = await a.ok(['invoice-items', 'create', '--customer', cus, '--amount', '20.00', '--currency', 'usd']);
  return { argv: ['invoice-items', 'update', ii.id], unchanged: async () => (await a.ok(['invoice-items', 'get', ii.id])).amount };
};

describe('a currency written in the amount must be the object’s own', () => {
  it.each([
    ['refunds create --amount "500 jpy"', refundOf, '500 jpy', /^error: amount "500 jpy" is in JPY but charge ch_\w+ is in USD$/m],
    ['charges capture --amount "1.5 kwd"', chargeCapture, '1.5 kwd', /^error: amount "1\.5 kwd" is in KWD but charge ch_\w+ is in USD$/m],
    ['payment-intents capture --amount "1.5 kwd"', intentCapture, '1.5 kwd', /^error: amount "1\.5 kwd" is in KWD but payment intent pi_\w+ is in USD$/m],
    ['payment-intents update --amount "25 eur"', intentUpdate, '25 eur', /^error: amount "25 eur" is in EUR but payment intent pi_\w+ is in USD$/m],
    ['invoice-items update --amount "25.00 gbp"', itemUpdate, '25.00 gbp', /^error: amount "25\.00 gbp" is in GBP but invoice item ii_\w+ is in USD$/m],
  ])('%s: exit 2 naming both currencies, nothing sent', async (_name, setup, amount, message) => {
    const a = account();
    const { argv, unchanged } = await setup(a);
    const before = await unchanged();
    await a.usageError([...argv, '--amount', amount], message);
    expect(await unchanged()).toEqual(before);
  });

  it.each([
    [['charges', 'create', '--amount', '500 jpy', '--currency', 'usd', '--source', 'tok_visa'], 'error: amount "500 jpy" is in JPY but --currency is USD'],
    [['payment-intents', 'create', '--amount', '1.5 kwd', '--currency', 'usd'], 'error: amount "1.5 kwd" is in KWD but --currency is USD'],
    [['payouts', 'create', '--amount', '5.00 eur', '--currency', 'usd', '--yes'], 'error: amount "5.00 eur" is in EUR but --currency is USD'],
    [['invoice-items', 'create', '--customer', 'cus_1', '--amount', '5.00 eur', '--currency', 'usd'], 'error: amount "5.00 eur" is in EUR but --currency is USD'],
  ])('create %j: exit 2', async (argv, message) => {
    const a = account();
    await a.usageError(argv, new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n$`));
  });

  it('the same currency written in the amount is fine', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    expect(await a.ok(['refunds', 'create', '--charge', ch.id, '--amount', '5.00 usd', '--yes'])).toMatchObject({ amount: 500, currency: 'usd' });
  });
});

describe('an integer below the minimum charge is refused with a hint', () => {
  it.each([
    ['refunds create', refundOf],
    ['charges capture', chargeCapture],
    ['payment-intents capture', intentCapture],
    ['payment-intents update', intentUpdate],
    ['invoice-items update', itemUpdate],
  ])('%s --amount 5 on USD: did you mean 5.00? (exit 2, nothing sent)', async (_name, setup) => {
    const a = account();
    const { argv, unchanged } = await setup(a);
    const before = await unchanged();
    const r = await a.cli([...argv, '--amount', '5']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: --amount 5 is in minor units (0.05 USD), below the 0.50 USD minimum charge: did you mean 5.00? (for 0.05 USD write 0.05)\n');
    expect(await unchanged()).toEqual(before);
  });

  it.each([
    [['charges', 'create', '--amount', '5', '--currency', 'usd', '--source', 'tok_visa'], 'did you mean 5.00?'],
    [['payment-intents', 'create', '--amount', '20', '--currency', 'eur'], 'did you mean 20.00?'],
    [['payouts', 'create', '--amount', '12', '--currency', 'usd', '--yes'], 'did you mean 12.00?'],
    [['payment-intents', 'create', '--amount', '300', '--currency', 'kwd'], 'did you mean 300.000?'],
  ])('create %j: %s', async (argv, hint) => {
    const a = account();
    const r = await a.usageError(argv, /^error: --amount \d+ is in minor units/);
    expect(r.stderr).toContain(hint);
  });

  it('zero-decimal currencies have no such doubt, and a decimal says what it means', async () => {
    const a = account();
    const jpy = await a.charge('5000', 'jpy');
    expect(await a.ok(['refunds', 'create', '--charge', jpy.id, '--amount', '5', '--yes'])).toMatchObject({ amount: 5, currency: 'jpy' });
    const usd = await a.charge('20.00');
    expect(await a.ok(['refunds', 'create', '--charge', usd.id, '--amount', '0.05', '--yes'])).toMatchObject({ amount: 5 });
    expect(await a.ok(['refunds', 'create', '--charge', usd.id, '--amount', '500', '--yes'])).toMatchObject({ amount: 500 });
  });
});

describe('on a terminal the amount is said in major units before it is sent', () => {
  it('refunds create --yes: "Refunding 0.05 USD of 20.00 USD"', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const r = await a.cli(['refunds', 'create', '--charge', ch.id, '--amount', '0.05', '--yes'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Refunding 0.05 USD of 20.00 USD\n');
    expect(r.stdout).toMatch(/^Amount +0\.05 USD$/m);
  });

  it.each([
    ['charges capture --amount 1500', (a: any) => a.charge('20.00', 'usd', ['--no-capture']).then((c: any) => ['charges', 'capture', c.id, '--amount', '1500']), 'Capturing 15.00 USD of 20.00 USD authorized\n'],
    ['payment-intents capture (KWD)', (a: any) => a.held('12.000', 'kwd').then((p: any) => ['payment-intents', 'capture', p.id]), 'Capturing 12.000 KWD of 12.000 KWD authorized\n'],
    ['charges create --amount 2000', async () => ['charges', 'create', '--amount', '2000', '--currency', 'usd', '--source', 'tok_visa'], 'Charging 20.00 USD\n'],
    ['payment-intents create --confirm (JPY)', async () => ['payment-intents', 'create', '--amount', '5000', '--currency', 'jpy', '--payment-method', 'pm_card_visa', '--confirm'], 'Charging 5,000 JPY\n'],
  ])('%s says %j', async (_name, argvOf, said) => {
    const a = account();
    const argv = await argvOf(a);
    const r = await a.cli(argv, { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(said);
  });

  it('refunds create --reason fraudulent warns about the block lists on a terminal', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const r = await a.cli(['refunds', 'create', '--charge', ch.id, '--reason', 'fraudulent', '--yes'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Warning: reason "fraudulent" adds this card and email to your block lists.\nRefunding 20.00 USD of 20.00 USD\n');
  });

  it('says nothing when stderr is not a terminal (scripts)', async () => {
    const a = account();
    const ch = await a.charge('20.00');
    const r = await a.cli(['refunds', 'create', '--charge', ch.id, '--amount', '0.05', '--yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('--customer takes an email where an id is expected', () => {
  it.each([['charges'], ['payment-intents'], ['invoices'], ['invoice-items']])('%s list --customer EMAIL resolves the one customer (any case)', async (resource) => {
    const a = account();
    const carol = await a.customer('carol@example.com');
    const other = await a.customer('dave@example.com', 'Dave');
    for (const cus of [carol, other]) {
      await a.ok(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--customer', cus, '--payment-method', 'pm_card_visa', '--confirm']);
      await a.ok(['invoice-items', 'create', '--customer', cus, '--amount', '20.00', '--currency', 'usd']);
      await a.ok(['invoices', 'create', '--customer', cus]);
    }
    for (const email of ['carol@example.com', 'Carol@Example.COM']) {
      const listed = await a.ok([resource, 'list', '--customer', email]);
      expect(listed.length).toBeGreaterThan(0);
      expect(new Set(listed.map((o: any) => o.customer))).toEqual(new Set([carol]));
    }
  });

  it('no customer or several with the email is a usage error saying so', async () => {
    const a = account();
    await a.usageError(['charges', 'list', '--customer', 'carol@example.com'], /^error: --customer carol@example\.com: no customer has this email\n$/);
    const one = await a.customer('twin@example.com', 'Twin One');
    const two = await a.customer('twin@example.com', 'Twin Two');
    await a.usageError(['payment-intents', 'list', '--customer', 'twin@example.com'], new RegExp(`^error: --customer twin@example\\.com: 2 customers have this email \\((${two}, ${one}|${one}, ${two})\\); give the cus_… id\n$`));
  });
});

describe('charge tables show what became of the money', () => {
  it('refunded, partially refunded and uncaptured charges say so in STATUS (table and CSV); JSON keeps the API status', async () => {
    const a = account();
    const full = await a.charge('10.00');
    await a.ok(['refunds', 'create', '--charge', full.id, '--yes']);
    const part = await a.charge('20.00');
    await a.ok(['refunds', 'create', '--charge', part.id, '--amount', '5.00', '--yes']);
    const held = await a.charge('30.00', 'usd', ['--no-capture']);
    const plain = await a.charge('40.00');
    const r = await a.cli(['charges', 'list'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(ANSI);
    const status = (id: string) => new RegExp(`^${id} +\\S+ USD +(\\S+(?: refunded)?) `, 'm').exec(r.stdout)?.[1];
    expect([status(full.id), status(part.id), status(held.id), status(plain.id)]).toEqual(['refunded', 'partially refunded', 'uncaptured', 'succeeded']);
    const csv = await a.cli(['charges', 'list', '-o', 'csv', '--fields', 'id,status']);
    expect(csv.stdout).toContain(`${part.id},partially refunded`);
    expect((await a.ok(['charges', 'list'])).map((c: any) => c.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);
    const detail = await a.cli(['charges', 'get', held.id], { tty: true });
    expect(detail.stdout).toMatch(/^Status +uncaptured$/m);
  });
});

describe('--customer on creates and updates takes an email too', () => {
  it.each([
    ['charges create', (email: string) => ['charges', 'create', '--amount', '20.00', '--currency', 'usd', '--customer', email]],
    ['payment-intents create', (email: string) => ['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--customer', email]],
    ['invoice-items create', (email: string) => ['invoice-items', 'create', '--amount', '20.00', '--currency', 'usd', '--customer', email]],
  ])('%s --customer EMAIL uses the one customer with it; an unknown email sends nothing', async (_name, argv) => {
    const a = account();
    const carol = await a.customer('carol@example.com');
    await a.ok(['customers', 'update', carol, '-d', 'source=tok_visa']);
    expect((await a.ok(argv('CAROL@example.com'))).customer).toBe(carol);
    await a.usageError(argv('nobody@example.com'), /^error: --customer nobody@example\.com: no customer has this email\n$/);
    await a.usageError(argv('carol'), /^error: invalid --customer "carol": expected a customer id \(cus_…\) or an email\n$/);
  });

  it('payment-intents update --customer EMAIL', async () => {
    const a = account();
    const carol = await a.customer('carol@example.com');
    const pi = await a.ok(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd']);
    expect((await a.ok(['payment-intents', 'update', pi.id, '--customer', 'carol@example.com'])).customer).toBe(carol);
  });
});
