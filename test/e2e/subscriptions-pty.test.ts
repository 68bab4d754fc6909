// The support cancel as staff meet it: a real pseudo-terminal (node-pty) running the built binary
// against the embedded sandbox — find the subscription by email, cancel now, refund the unused part.
import { afterAll, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { ptySession } from '../helpers/pty.js';
import { cleanEnv, runBinJson } from '../helpers/spawn.js';

const session = (args: string[], env: Record<string, string>) => ptySession(args, env, { cols: 120, rows: 40 });

describe('guided subscription cancel in a real terminal', () => {
  const home = tempHome();
  const env = cleanEnv(home.env);
  afterAll(() => home.cleanup());
  const ok = (args: string[]) => runBinJson(args, env);

  it('finds it by email, shows plan and period, cancels now and refunds the unused part', async () => {
    const cus = await ok(['customers', 'create', '--name', 'Ada Lovelace', '--email', 'ada@example.com']);
    const pm = await ok(['post', '/v1/payment_methods/pm_card_visa/attach', '-d', `customer=${cus.id}`]);
    await ok(['post', `/v1/customers/${cus.id}`, '-d', `invoice_settings[default_payment_method]=${pm.id}`]);
    const product = await ok(['products', 'create', '--name', 'Pro plan', '--price', '30.00', '--currency', 'usd', '--recurring', 'month']);
    const sub = await ok(['subscriptions', 'create', '--customer', 'ada@example.com', '--price', product.default_price]);
    await ok(['sandbox', 'advance', '10d', '--json']);

    const s = session(['subscriptions', 'cancel'], env);
    await s.waitFor('Customer (email, name or cus_… id)');
    s.type('ada@example.com\r');
    await s.waitFor('Cancel when?');
    expect(s.screen()).toMatch(new RegExp(`Subscription ${sub.id}: 30\\.00 USD / month, active, period .+ → .+ \\(renews in (1[89]|2[01]) days\\)`));
    s.type('\x1b[B\r'); // down to "Now"
    await s.waitFor('Refund the unused part');
    expect(s.screen()).toMatch(/Refund the unused part, \d+\.\d\d USD of 30\.00 USD paid on in_\w+\?/);
    s.type('y\r');
    await s.waitFor('Proceed?');
    expect(s.screen()).toMatch(new RegExp(`cancel subscription ${sub.id} now, and refund \\d+\\.\\d\\d USD of invoice in_\\w+`));
    s.type('y\r');
    expect(await s.exited).toBe(0);
    expect(s.screen()).toMatch(/Status +canceled/);
    expect(s.screen()).toMatch(/refund re_\w+: \d+\.\d\d USD succeeded/);
    const [refund] = await ok(['refunds', 'list']);
    expect(refund.amount).toBeGreaterThan(1900);
    expect(refund.amount).toBeLessThan(2200);
    expect((await ok(['subscriptions', 'get', sub.id])).status).toBe('canceled');
  }, 30_000);

  it('the final question defaults to No: Enter sends nothing and exits 130', async () => {
    const cus = await ok(['customers', 'create', '--name', 'Bob Byte', '--email', 'bob@example.com']);
    const pm = await ok(['post', '/v1/payment_methods/pm_card_visa/attach', '-d', `customer=${cus.id}`]);
    await ok(['post', `/v1/customers/${cus.id}`, '-d', `invoice_settings[default_payment_method]=${pm.id}`]);
    const product = await ok(['products', 'create', '--name', 'Basic', '--price', '5.00', '--currency', 'usd', '--recurring', 'month']);
    const sub = await ok(['subscriptions', 'create', '--customer', cus.id, '--price', product.default_price]);
    const s = session(['subscriptions', 'cancel'], env);
    await s.waitFor('Customer (email, name or cus_… id)');
    s.type('Bob Byte\r');
    await s.waitFor('Cancel when?');
    s.type('\r'); // at period end
    await s.waitFor('Proceed?');
    s.type('\r');
    expect(await s.exited).toBe(130);
    expect((await ok(['subscriptions', 'get', sub.id])).cancel_at_period_end).toBe(false);
  }, 30_000);
});
