// A complete operator session through the real binary on the embedded sandbox:
// customer → payment → list and search charges → partial refund → balance → payout after advance.
import { afterAll, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { cleanEnv, runBin } from '../helpers/spawn.js';

describe('operator session (e2e)', () => {
  const home = tempHome();
  const env = cleanEnv(home.env);
  afterAll(() => home.cleanup());

  const ok = async (args: string[]) => {
    const r = await runBin(args, env);
    if (r.code !== 0) throw new Error(`payctl ${args.join(' ')} → ${r.code}\n${r.stderr}`);
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout);
  };

  it('runs from customer to payout', async () => {
    const customer = await ok(['customers', 'create', '--name', 'Grace Hopper', '--email', 'grace@example.com']);
    const pi = await ok(['payment-intents', 'create', '--amount', '50.00', '--currency', 'usd', '--customer', customer.id, '--payment-method', 'pm_card_visa', '--confirm']);
    expect(pi.status).toBe('succeeded');
    expect(pi.amount).toBe(5000);

    const charges = await ok(['charges', 'list', '--customer', customer.id]);
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ amount: 5000, status: 'succeeded', payment_intent: pi.id });

    const found = await ok(['search', 'charges', `customer:'${customer.id}' AND amount>=5000`]);
    expect(found.map((c: { id: string }) => c.id)).toEqual([charges[0].id]);

    const refund = await ok(['refunds', 'create', '--payment-intent', pi.id, '--amount', '12.50', '--reason', 'requested_by_customer', '--yes']);
    expect(refund).toMatchObject({ object: 'refund', amount: 1250, status: 'succeeded', charge: charges[0].id });

    // 5000 − fee(5000) = 5000 − 175 = 4825 pending, minus the 1250 refund taken from available.
    const before = await ok(['balance']);
    const pendingUsd = before.pending.find((b: { currency: string }) => b.currency === 'usd');
    expect(pendingUsd.amount).toBe(4825);

    const tooEarly = await runBin(['payouts', 'create', '--amount', '10.00', '--currency', 'usd', '--yes'], env);
    expect(tooEarly.code).toBe(3);
    expect(tooEarly.stderr).toMatch(/insufficient funds/i);

    await ok(['sandbox', 'advance', '3d']);
    const after = await ok(['balance']);
    const availableUsd = after.available.find((b: { currency: string }) => b.currency === 'usd');
    expect(availableUsd.amount).toBe(4825 - 1250);

    const payout = await ok(['payouts', 'create', '--amount', '35.75', '--currency', 'usd', '--yes']);
    expect(payout).toMatchObject({ object: 'payout', amount: 3575, currency: 'usd', status: 'pending' });
    const final = await ok(['balance']);
    expect(final.available.find((b: { currency: string }) => b.currency === 'usd').amount).toBe(0);
  });
});
