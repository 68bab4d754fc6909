// Every list reads at a glance in an 80-column terminal: no line wider than 80, ids never cut.
import { beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/account.js';
import { cliFor } from '../helpers/cli.js';
import { newTestKey } from '../helpers/sandbox.js';
import { displayWidth } from '../../src/output/text.js';

const { sandbox, home } = useSandbox();
let cli: ReturnType<typeof cliFor>;
let customerId = '';

beforeAll(async () => {
  cli = cliFor(sandbox, newTestKey(), home);
  const ok = async (argv: string[]) => {
    const r = await cli(argv);
    if (r.code !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  const cus = await ok(['customers', 'create', '--name', 'Ada Lovelace-Byron, Countess', '--email', 'ada.lovelace@analytical-engines.example.com', '--description', 'Long-standing customer since the first engine']);
  const pi = await ok(['payment-intents', 'create', '--amount', '123456.78', '--currency', 'usd', '--customer', cus.id, '--payment-method', 'pm_card_bypassPending', '--confirm', '--description', 'Annual subscription, enterprise tier, paid upfront']);
  await ok(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--customer', cus.id]);
  await ok(['refunds', 'create', '--payment-intent', pi.id, '--amount', '1000.00', '--reason', 'requested_by_customer', '--yes']);
  await ok(['invoice-items', 'create', '--customer', cus.id, '--amount', '99999.99', '--currency', 'usd', '--description', 'Consulting for the difference engine, November and December']);
  const inv = await ok(['invoices', 'create', '--customer', cus.id, '--include-pending-items', '--description', 'Q4 engineering services']);
  await ok(['invoices', 'finalize', inv.id]);
  await ok(['payouts', 'create', '--amount', '5000.00', '--currency', 'usd', '--description', 'Weekly payout to the operating account', '--yes']);
  await ok(['setup-intents', 'create', '--customer', cus.id, '--payment-method', 'pm_card_amex', '--confirm']);
  await ok(['payment-intents', 'create', '--amount', '4321.00', '--currency', 'usd', '--customer', cus.id, '--payment-method', 'pm_card_createDispute', '--confirm', '--description', 'Disputed order of a brass gear set']);
  const prod = await ok(['products', 'create', '--name', 'Analytical Engine maintenance plan, enterprise edition', '--price', '12345.67 usd', '--recurring', 'month']);
  await ok(['prices', 'create', '--product', prod.id, '--amount', '99.00', '--currency', 'eur', '--recurring', 'year', '--nickname', 'Yearly plan for European customers, billed in advance']);
  const [card] = await ok(['customers', 'payment-methods', cus.id]);
  await ok(['subscriptions', 'create', '--customer', cus.id, '--price', prod.default_price, '--payment-method', card.id, '--quantity', '3']);
  await ok(['webhook-endpoints', 'create', '--url', 'https://hooks.analytical-engines.example.com/payments/stripe/webhook-receiver', '--events', '*', '--description', 'Production receiver for every event']);
  customerId = cus.id;
});

describe('tables at 80 columns', () => {
  const lists = [
    ['customers', 'list'],
    ['charges', 'list'],
    ['payment-intents', 'list'],
    ['refunds', 'list'],
    ['invoices', 'list'],
    ['invoice-items', 'list'],
    ['payouts', 'list'],
    ['balance', 'transactions', 'list'],
    ['balance'],
    ['setup-intents', 'list'],
    ['customers', 'payment-methods', 'CUSTOMER'],
    ['disputes', 'list'],
    ['products', 'list'],
    ['prices', 'list'],
    ['webhook-endpoints', 'list'],
    ['history'],
    ['subscriptions', 'list'],
  ];
  it.each(lists)('%s %s %s fits', async (...argv) => {
    const args = (argv.filter(Boolean) as string[]).map((a) => (a === 'CUSTOMER' ? customerId : a));
    const r = await cli(args, { tty: true, columns: 80 });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(displayWidth(line), r.stdout).toBeLessThanOrEqual(80);
    // The id column (first) is never truncated.
    for (const line of lines.slice(1)) expect(line.split(/\s+/)[0]).not.toContain('…');
  });

  it('subscriptions keep the customer: a long plan gives way first', async () => {
    const r = await cli(['subscriptions', 'list'], { tty: true, columns: 80 });
    expect(r.stdout.split('\n')[0]).toMatch(/^ID +CUSTOMER +PLAN/);
  });
});

describe('notes under a list at 80 columns', () => {
  it('the next-page hint fits one line, with whole flags', async () => {
    const r = await cli(['events', 'list', '--limit', '1'], { tty: true, columns: 80 });
    expect(r.code).toBe(0);
    const id = r.stdout.trimEnd().split('\n')[1]!.split(/\s+/)[0]!;
    expect(r.stderr).toBe(`Next page: --starting-after ${id} (every page: --all)\n`);
    expect(displayWidth(r.stderr.trimEnd())).toBeLessThanOrEqual(80);
  });

  it('an empty list names the things, not the command ("invoice items", not "invoice-items")', async () => {
    const r = await cli(['invoice-items', 'list', '--customer', 'cus_nobody'], { tty: true, columns: 80 });
    expect(r).toEqual({ code: 0, stdout: '', stderr: 'No invoice items found.\n' });
    const cs = await cli(['checkout-sessions', 'list', '--created-after', '2099-01-01'], { tty: true, columns: 80 });
    expect(cs.stderr).toBe('No checkout sessions found.\n');
  });
});

describe('tables at 60 columns', () => {
  it('drop CREATED before wrapping, and never cut an id or an amount', async () => {
    const r = await cli(['payment-intents', 'list'], { tty: true, columns: 60 });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +AMOUNT +STATUS$/);
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(60);
    for (const line of lines.slice(1)) expect(line).toMatch(/^pi_\S+ +[\d,.]+ USD  \S+$/);
  });

  it('events keep their whole type: CREATED goes first', async () => {
    const r = await cli(['events', 'list', '--limit', '3'], { tty: true, columns: 60 });
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +TYPE$/);
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(60);
    for (const line of lines.slice(1)) expect(line).toMatch(/^evt_\S+ +[a-z_]+\.[a-z_.]+$/);
  });
});
