// `--fields customer.email` works without `-e customer`: the paths --fields reads are expanded.
import { describe, expect, it } from 'vitest';
import { useAccounts } from '../helpers/account.js';

const account = useAccounts(({ ok, customer }) => ({
  paid: async () => {
    const cus = await customer('name=Ada Lovelace', 'email=ada@example.com');
    return ok(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--customer', cus, '--payment-method', 'pm_card_visa', '--confirm']);
  },
}));

describe('--fields expands what it reads', () => {
  it('list, get, search and a mutation', async () => {
    const a = account();
    const pi = await a.paid();
    const list = await a.jsonl(['charges', 'list', '--fields', 'id,amount,customer.email,payment_intent.customer.name', '-o', 'jsonl']);
    expect(list).toEqual([{ id: pi.latest_charge, amount: 2000, customer: { email: 'ada@example.com' }, payment_intent: { customer: { name: 'Ada Lovelace' } } }]);

    const got = await a.ok(['charges', 'get', pi.latest_charge, '--fields', 'customer.email,balance_transaction.fee']);
    expect(got).toEqual({ customer: { email: 'ada@example.com' }, balance_transaction: { fee: 88 } });

    const found = await a.ok(['customers', 'search', "email:'ada@example.com'", '--fields', 'id,invoice_settings.default_payment_method.id']);
    expect(found).toEqual([{ id: pi.customer, invoice_settings: { default_payment_method: { id: null } } }]);

    const refund = await a.ok(['refunds', 'create', '--charge', pi.latest_charge, '--amount', '5.00', '--yes', '--fields', 'amount,charge.customer.email']);
    expect(refund).toEqual({ amount: 500, charge: { customer: { email: 'ada@example.com' } } });
  });

  it('the table shows the expanded value, and -e given too is not doubled', async () => {
    const a = account();
    const pi = await a.paid();
    const r = await a.cli(['charges', 'list', '--fields', 'id,customer.email', '-e', 'customer'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${'ID'.padEnd(pi.latest_charge.length)}  CUSTOMER.EMAIL\n${pi.latest_charge}  ada@example.com\n`);
    const dry = await a.cli(['charges', 'list', '--fields', 'id,customer.email', '-e', 'customer', '--dry-run']);
    expect(JSON.parse(dry.stdout).url).toMatch(/\?expand\[0\]=data\.customer$/);
  });
});
