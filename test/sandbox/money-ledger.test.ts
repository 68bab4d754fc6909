// The ledger: fee arithmetic, balance from the ledger, pending → available on the sandbox clock,
// bypass-pending cards, balance-transaction filters, and the available + pending = Σ net invariant.
import { describe, expect, it } from 'vitest';
import { useTestSandbox } from '../helpers/sandbox.js';
import { cardFee, formatMajor } from '../../src/sandbox/domain/money.js';
import { expectLedgerInvariant, pay, rawClient } from './money-helpers.js';

const sb = useTestSandbox();

describe('fees', () => {
  it.each([
    [2000, 88, 1912],
    [1000, 59, 941],
    [100, 33, 67],
    [50, 31, 19],
    [1500, 74, 1426], // 43.5 rounds half up
    [99999999, 2900030, 97099969],
  ])('%i → fee %i, net %i', (amount, fee, net) => {
    expect(cardFee(amount, 'usd')).toBe(fee);
    expect(amount - cardFee(amount, 'usd')).toBe(net);
  });
  it('three-decimal currencies keep a trailing-zero fixed part', () => {
    expect(cardFee(10000, 'kwd')).toBe(290 + 300);
  });
  it.each([
    [2000, 'usd', '$20.00'],
    [500, 'jpy', '¥500'],
    [12345, 'kwd', '12.345 KWD'],
    [99999999, 'usd', '$999,999.99'],
    [5, 'eur', '€0.05'],
  ])('formats %i %s as %s', (amount, currency, text) => {
    expect(formatMajor(amount, currency)).toBe(text);
  });
});

describe('balance', () => {
  it('a fresh account shows a zero usd balance', async () => {
    const c = rawClient(sb);
    const bal = await c.get('/v1/balance');
    expect(bal).toEqual({
      object: 'balance',
      available: [{ amount: 0, currency: 'usd', source_types: { card: 0 } }],
      connect_reserved: [{ amount: 0, currency: 'usd' }],
      livemode: false,
      pending: [{ amount: 0, currency: 'usd', source_types: { card: 0 } }],
    });
  });

  it('card funds are pending for exactly two days, then available', async () => {
    const c = rawClient(sb);
    const pi = await pay(c, 2000);
    const ch = await c.get(`/v1/charges/${pi.latest_charge}`, { expand: ['balance_transaction'] });
    const txn = ch.balance_transaction;
    expect(txn).toMatchObject({
      object: 'balance_transaction',
      amount: 2000,
      fee: 88,
      net: 1912,
      status: 'pending',
      type: 'charge',
      reporting_category: 'charge',
      source: ch.id,
      currency: 'usd',
      fee_details: [{ amount: 88, currency: 'usd', type: 'stripe_fee', description: 'Stripe processing fees', application: null }],
    });
    expect(txn.available_on).toBe(txn.created + 172800);
    let bal = await c.get('/v1/balance');
    expect(bal.pending[0].amount).toBe(1912);
    expect(bal.available[0].amount).toBe(0);
    // The clock has moved a little since the charge; stop well short of the two days.
    await c.advance(172800 - 120);
    bal = await c.get('/v1/balance');
    expect(bal.pending[0].amount).toBe(1912);
    await c.advance(120);
    bal = await c.get('/v1/balance');
    expect(bal.available[0]).toEqual({ amount: 1912, currency: 'usd', source_types: { card: 1912 } });
    expect(bal.pending[0].amount).toBe(0);
    expect((await c.get(`/v1/balance_transactions/${txn.id}`)).status).toBe('available');
    await expectLedgerInvariant(c);
  });

  it('bypass-pending cards land in available at once', async () => {
    const c = rawClient(sb);
    await pay(c, 10000, 'pm_card_bypassPending');
    const legacy = await c.post('/v1/charges', { amount: 1000, currency: 'usd', source: 'tok_bypassPending' });
    expect(legacy.status).toBe('succeeded');
    const bal = await c.get('/v1/balance');
    expect(bal.available[0].amount).toBe(10000 - 320 + (1000 - 59));
    expect(bal.pending[0].amount).toBe(0);
    await expectLedgerInvariant(c);
  });

  it('keeps one entry per currency it does not convert (SEK has no settlement rate)', async () => {
    const c = rawClient(sb);
    await pay(c, 1000);
    await c.post('/v1/payment_intents', { amount: 1000, currency: 'sek', payment_method: 'pm_card_visa', confirm: true, payment_method_types: ['card'] });
    const bal = await c.get('/v1/balance');
    expect(bal.pending.map((e: any) => [e.currency, e.amount])).toEqual([
      ['usd', 941],
      ['sek', 941],
    ]);
    await expectLedgerInvariant(c);
  });
});

describe('balance transactions', () => {
  it('filter by type, source, currency and payout; 404 for unknown ids', async () => {
    const c = rawClient(sb);
    const pi = await pay(c, 5000, 'pm_card_bypassPending');
    const re = await c.post('/v1/refunds', { payment_intent: pi.id, amount: 1000 });
    const po = await c.post('/v1/payouts', { amount: 2000, currency: 'usd' });
    const all = await c.get('/v1/balance_transactions');
    expect(all.data.map((t: any) => t.type)).toEqual(['payout', 'refund', 'charge']);
    const refunds = await c.get('/v1/balance_transactions', { type: 'refund' });
    expect(refunds.data).toHaveLength(1);
    expect(refunds.data[0]).toMatchObject({ amount: -1000, fee: 0, net: -1000, source: re.id, reporting_category: 'refund', status: 'available' });
    const bySource = await c.get('/v1/balance_transactions', { source: pi.latest_charge });
    expect(bySource.data.map((t: any) => t.type)).toEqual(['charge']);
    const byPayout = await c.get('/v1/balance_transactions', { payout: po.id });
    expect(byPayout.data[0]).toMatchObject({ amount: -2000, type: 'payout', reporting_category: 'payout' });
    expect((await c.get('/v1/balance_transactions', { currency: 'eur' })).data).toHaveLength(0);
    const bad = await c.call('GET', '/v1/balance_transactions', { type: 'bogus' });
    expect(bad.status).toBe(400);
    const missing = await c.call('GET', '/v1/balance_transactions/txn_nope');
    expect(missing.status).toBe(404);
    await expectLedgerInvariant(c);
  });
});

describe('ledger running sums (domain level, through the real store)', () => {
  it('match Σ net recomputed from the rows after mixed activity and settlement', async () => {
    const { accountForKey } = await import('../../src/sandbox/app.js');
    const { availableAmount, pendingAmount, recomputeSums } = await import('../../src/sandbox/domain/ledger.js');
    const c = rawClient(sb);
    await pay(c, 4000);
    const bp = await pay(c, 9000, 'pm_card_bypassPending');
    await c.post('/v1/refunds', { payment_intent: bp.id, amount: 2500 });
    await c.post('/v1/payouts', { amount: 1000, currency: 'usd' });
    await c.post('/v1/payment_intents', { amount: 1000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, payment_method_types: ['card'] });
    const check = () =>
      sb.store.transaction(accountForKey(c.key), (tx) => {
        const rows = recomputeSums(tx);
        for (const [cur, s] of Object.entries(rows)) {
          expect({ cur, available: availableAmount(tx, cur), pending: pendingAmount(tx, cur) }).toEqual({ cur, ...s });
        }
        return rows;
      });
    const before = check();
    // €10.00 settles as $10.80 (fixed rate 1.08), fee 61 on the converted amount.
    expect(before.usd!.pending).toBe(4000 - 146 + (1080 - 61));
    expect(before.eur).toBeUndefined();
    await c.advance(3 * 86400);
    const after = check();
    expect(after.usd).toEqual({ available: before.usd!.available + before.usd!.pending, pending: 0 });
  });
});
