// Interactive prompts through a real pseudo-terminal (node-pty): what a person at a terminal sees.
import { afterAll, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { ptySession } from '../helpers/pty.js';
import { cleanEnv, runBin, runBinJson } from '../helpers/spawn.js';

const session = (args: string[], env: Record<string, string>) => ptySession(args, env, { rows: 30 });

describe('interactive create in a real terminal', () => {
  const home = tempHome();
  const env = cleanEnv(home.env);
  afterAll(() => home.cleanup());

  it('asks for name and email, validates the email as typed, confirms, and creates', async () => {
    const s = session(['customers', 'create'], env);
    await s.waitFor('Name');
    s.type('Ada Lovelace\r');
    await s.waitFor('Email');
    s.type('not-an-email\r');
    await s.waitFor('enter an email address');
    // Clear the bad answer and type a good one.
    s.type('\x15'.repeat(1) + '\b'.repeat(20) + 'ada@example.com\r');
    await s.waitFor('Proceed?');
    s.type('y\r');
    expect(await s.exited).toBe(0);
    expect(s.screen()).toMatch(/cus_/);

    const list = await runBin(['customers', 'list', '--email', 'ada@example.com'], env);
    expect(JSON.parse(list.stdout)).toHaveLength(1);
  });

  it('answering no at the summary sends nothing and exits 130', async () => {
    const s = session(['customers', 'create'], env);
    await s.waitFor('Name');
    s.type('Bob\r');
    await s.waitFor('Email');
    s.type('bob@example.com\r');
    await s.waitFor('Proceed?');
    s.type('n\r');
    expect(await s.exited).toBe(130);
    const list = await runBin(['customers', 'list', '--email', 'bob@example.com'], env);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('guides support staff through a partial refund found by customer email', async () => {
    const ok = (args: string[]) => runBinJson(args, env);
    const cus = await ok(['customers', 'create', '--name', 'Grace', '--email', 'grace@example.com']);
    const pi = await ok(['payment-intents', 'create', '--amount', '42.00', '--currency', 'usd', '--customer', cus.id, '--payment-method', 'pm_card_visa', '--confirm', '--description', 'Order 77']);

    const s = session(['refunds', 'create'], env);
    await s.waitFor('Customer email');
    // A wrong email is said and asked again; the right one in another case finds Grace.
    s.type('grase@example.com\r');
    await s.waitFor('no customer has the email grase@example.com; try again');
    await s.waitFor(/try again \(Ctrl-C to stop\)\.\r?\n.*Customer email/);
    s.type('Grace@Example.com\r');
    await s.waitFor(`Customer: Grace <grace@example.com> (${cus.id})`);
    await s.waitFor('Which payment?');
    await s.waitFor('Order 77');
    s.type('\r');
    await s.waitFor('Refund how much?');
    // The answer line keeps just amount and id (the choice's `short`), not the whole choice.
    expect(s.screen()).toMatch(/Which payment\? 42\.00 USD {2}ch_\w+\r?\n/);
    s.type('\x1b[B'); // arrow down: "Part of it"
    await s.waitFor(/❯ Part of it/);
    s.type('\r');
    await s.waitFor('Amount to refund in USD');
    s.type('50.00\r');
    await s.waitFor('at most 42.00 USD is left to refund');
    s.type('\b'.repeat(10) + '12.50\r');
    await s.waitFor('Reason');
    s.type('\r');
    await s.waitFor('Proceed? (y/N)');
    expect(s.screen()).toMatch(/Refund 12\.50 USD of ch_\w+ \(42\.00 USD charged, 29\.50 USD left after this\)/);
    s.type('y\r');
    expect(await s.exited).toBe(0);
    expect(s.screen()).toMatch(/Refunding 12\.50 USD of 42\.00 USD\r?\n/);
    expect(s.screen()).toMatch(/Refunded 12\.50 USD to Grace · 29\.50 USD left on ch_\w+\r?\n/);

    const refunds = await ok(['refunds', 'list', '--payment-intent', pi.id]);
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: 1250, reason: 'requested_by_customer', status: 'succeeded' });
  });

  it('payment-intents create asks the currency first and checks the amount at its own prompt', async () => {
    const s = session(['payment-intents', 'create'], env);
    await s.waitFor('Currency');
    s.type('\b\b\bjpy\r');
    await s.waitFor('Amount in JPY, e.g. 1250');
    s.type('5.5\r');
    await s.waitFor('JPY has no minor unit');
    // Still at the amount prompt: fix the answer there.
    s.type('\b'.repeat(5) + '500\r');
    await s.waitFor('Customer id');
    s.type('\r');
    await s.waitFor('Payment method');
    s.type('\r');
    await s.waitFor('Confirm now');
    s.type('\r');
    await s.waitFor('Proceed?');
    expect(s.screen()).toContain('Create and confirm a payment of 500 JPY with pm_card_visa.');
    s.type('y\r');
    expect(await s.exited).toBe(0);
    expect(s.screen()).toMatch(/Charging 500 JPY\r?\n/);
  });
});
