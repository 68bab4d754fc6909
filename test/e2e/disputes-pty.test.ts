// The dispute answer as support staff meet it: a real pseudo-terminal (node-pty) running the built
// binary against the embedded sandbox, from the dispute card to a won dispute.
import { afterAll, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { ptySession } from '../helpers/pty.js';
import { cleanEnv, runBinJson } from '../helpers/spawn.js';

const session = (args: string[], env: Record<string, string>) => ptySession(args, env, { rows: 40 });

describe('guided dispute answer in a real terminal', () => {
  const home = tempHome();
  const env = cleanEnv(home.env);
  afterAll(() => home.cleanup());
  const ok = (args: string[]) => runBinJson(args, env);

  it('shows the dispute, asks the fraud questions prefilled, confirms, submits; winning evidence wins', async () => {
    const cus = await ok(['customers', 'create', '--name', 'Ada Lovelace', '--email', 'ada@example.com']);
    const pi = await ok([
      'payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--customer', cus.id,
      '--payment-method', 'pm_card_createDispute', '--confirm', '--description', 'Blue mug',
    ]);
    const [dp] = await ok(['disputes', 'list', '--payment-intent', pi.id]);
    expect(dp).toMatchObject({ status: 'needs_response', reason: 'fraudulent', amount: 2000 });

    const s = session(['disputes', 'update', dp.id], env);
    await s.waitFor('Customer name');
    expect(s.screen()).toContain(`Dispute ${dp.id}: 20.00 USD, reason fraudulent, status needs_response, due in 7 days`);
    expect(s.screen()).toContain(`Customer ${cus.id}: Ada Lovelace, ada@example.com`);
    expect(s.screen()).toContain('(Ada Lovelace)');
    s.type('\r');
    await s.waitFor('Customer email');
    s.type('\r');
    await s.waitFor('Billing address');
    s.type('1 Main St, Springfield\r');
    await s.waitFor('IP address the purchase came from');
    s.type('\r');
    await s.waitFor('What was sold');
    s.type('\r');
    await s.waitFor('Anything else the bank should know');
    s.type('winning_evidence\r');
    await s.waitFor('Submit this evidence now?');
    expect(s.screen()).toMatch(/Submit to the bank for dp_\w+ \(20\.00 USD\):/);
    expect(s.screen()).toMatch(/Billing address +1 Main St, Springfield/);
    expect(s.screen()).toContain('Submitted evidence is final');
    s.type('y\r');
    expect(await s.exited).toBe(0);
    expect(s.screen()).toMatch(/Status +under_review/);

    await ok(['sandbox', 'advance', '1m', '--json']);
    const won = await ok(['disputes', 'get', dp.id]);
    expect(won.status).toBe('won');
    expect(won.evidence).toMatchObject({ customer_name: 'Ada Lovelace', billing_address: '1 Main St, Springfield', uncategorized_text: 'winning_evidence' });
  }, 30_000);

  it('close asks first; the default (No) sends nothing and exits 130', async () => {
    const pi = await ok(['payment-intents', 'create', '--amount', '9.00', '--currency', 'usd', '--payment-method', 'pm_card_createDispute', '--confirm']);
    const [dp] = await ok(['disputes', 'list', '--payment-intent', pi.id]);
    const s = session(['disputes', 'close', dp.id], env);
    await s.waitFor('accept the loss');
    s.type('\r');
    expect(await s.exited).toBe(130);
    expect((await ok(['disputes', 'get', dp.id])).status).toBe('needs_response');
  }, 30_000);
});
