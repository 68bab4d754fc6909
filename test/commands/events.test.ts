// `payctl events list|get`: the event log written in the same transaction as each state change.
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/account.js';

const { account } = useSandbox();

describe('payctl events', () => {
  it('lists events newest first, filters by type and family, and gets one', async () => {
    const a = account();
    const cus = await a.customer('name=Ada');
    const pi = await a.ok(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--customer', cus, '--payment-method', 'pm_card_visa', '--confirm']);
    await a.ok(['refunds', 'create', '--payment-intent', pi.id, '--amount', '5.00', '--yes']);

    const all = await a.ok(['events', 'list', '--limit', '100']);
    const types = all.map((e: { type: string }) => e.type);
    expect(types).toContain('customer.created');
    expect(types).toContain('payment_intent.succeeded');
    expect(types).toContain('charge.refunded');
    expect(types.indexOf('charge.refunded')).toBeLessThan(types.indexOf('payment_intent.succeeded'));

    const succeeded = await a.ok(['events', 'list', '--type', 'payment_intent.succeeded']);
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0].data.object.id).toBe(pi.id);

    const charges = await a.ok(['events', 'list', '--type', 'charge.*']);
    expect(charges.length).toBeGreaterThan(0);
    expect(charges.every((e: { type: string }) => e.type.startsWith('charge.'))).toBe(true);

    const one = await a.ok(['events', 'get', succeeded[0].id]);
    expect(one).toMatchObject({ object: 'event', type: 'payment_intent.succeeded' });

    const wide = await a.cli(['events', 'list', '--type', 'payment_intent.succeeded'], { tty: true, columns: 120 });
    expect(wide.code).toBe(0);
    expect(wide.stdout).toMatch(/^ID +TYPE +CREATED +OBJECT$/m);
    expect(wide.stdout).toContain(pi.id);
    const narrow = await a.cli(['events', 'list'], { tty: true, columns: 80 });
    expect(narrow.stdout).toMatch(/^ID +TYPE +CREATED$/m);
    for (const line of narrow.stdout.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
  });

  it('rejects an id of another kind before sending', async () => {
    const r = await account().cli(['events', 'get', 'ch_123']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not an event id/);
  });
});
