// The account's ledger: balance transactions (`txn_…`) for every money movement, running per-currency
// sums of available and pending funds, settlement of pending funds, and the `/v1/balance` view.
import type { StripeObject, Tx } from '../core/types.js';
import { cardFee } from './money.js';
import { currencyExponent } from '../../money/currencies.js';
import { scheduleAt } from './schedule.js';

/** Card funds settle exactly two days (172 800 s) after the charge; no rounding to a day boundary. */
export const SETTLEMENT_DELAY_SECONDS = 2 * 86_400;

/** Every sandbox account settles in US dollars, like a US Stripe account with only a USD bank account. */
export const SETTLEMENT_CURRENCY = 'usd';

/**
 * Fixed conversion rates into the settlement currency: US dollars per one major unit, written as exact
 * decimals (never floats in the arithmetic). A charge in one of these currencies settles in USD with
 * `exchange_rate` on its balance transaction, as docs.stripe.com/currencies/conversions describes;
 * currencies not listed keep a balance of their own (as if the account had a bank account in them).
 */
export const SETTLEMENT_RATES: Readonly<Record<string, string>> = {
  aud: '0.66',
  brl: '0.18',
  cad: '0.73',
  chf: '1.13',
  eur: '1.08',
  gbp: '1.27',
  hkd: '0.128',
  inr: '0.012',
  jpy: '0.0067',
  krw: '0.00073',
  kwd: '3.25',
  mxn: '0.058',
  sgd: '0.74',
};

/**
 * `amount` (minor units of `currency`) in settlement-currency minor units: exact integer arithmetic on the
 * decimal rate, rounded once, half away from zero. 1000 JPY → 670 (¥1,000 × 0.0067 = $6.70).
 */
export function toSettlement(amount: number, currency: string): { amount: number; currency: string; exchangeRate: number | null } {
  const rate = SETTLEMENT_RATES[currency.toLowerCase()];
  if (!rate) return { amount, currency, exchangeRate: null };
  const [whole, frac = ''] = rate.split('.');
  const numerator = BigInt(whole! + frac) * BigInt(amount) * 10n ** BigInt(currencyExponent(SETTLEMENT_CURRENCY));
  const denominator = 10n ** BigInt(frac.length + currencyExponent(currency));
  let q = numerator / denominator;
  const r = numerator % denominator;
  if (2n * (r < 0n ? -r : r) >= denominator) q += numerator < 0n ? -1n : 1n;
  return { amount: Number(q), currency: SETTLEMENT_CURRENCY, exchangeRate: Number(rate) };
}

export type TxnType = 'charge' | 'refund' | 'refund_failure' | 'payout' | 'payout_cancel' | 'payout_failure' | 'adjustment';

export interface TxnInput {
  amount: number;
  currency: string;
  type: TxnType;
  reportingCategory: string;
  source: string;
  description?: string | null;
  /** Stripe's processing fee (positive); 0 when omitted. */
  fee?: number;
  /** Set when the money was converted into the settlement currency (display value of the exact rate). */
  exchangeRate?: number | null;
  /** true: available at once (refunds, payouts, bypass-pending cards); false: pending until settlement. */
  pending?: boolean;
}

const CURRENCIES = 'ledger:currencies';
const sumKey = (currency: string, bucket: 'available' | 'pending') => `ledger:${currency}:${bucket}`;

function addToSum(tx: Tx, currency: string, bucket: 'available' | 'pending', delta: number): void {
  const key = sumKey(currency, bucket);
  tx.setMeta(key, String(Number(tx.getMeta(key) ?? 0) + delta));
}

function noteCurrency(tx: Tx, currency: string): void {
  const list = (tx.getMeta(CURRENCIES) ?? '').split(',').filter(Boolean);
  if (!list.includes(currency)) tx.setMeta(CURRENCIES, [...list, currency].join(','));
}

/** Inserts a balance transaction and moves the running sums; schedules settlement when pending. */
export function recordTransaction(tx: Tx, input: TxnInput): StripeObject {
  const now = tx.now();
  const fee = input.fee ?? 0;
  const pending = input.pending ?? false;
  const availableOn = pending ? now + SETTLEMENT_DELAY_SECONDS : now;
  const txn: StripeObject = {
    id: tx.ids.make('txn', 24),
    object: 'balance_transaction',
    amount: input.amount,
    available_on: availableOn,
    balance_type: 'payments',
    created: now,
    currency: input.currency,
    description: input.description ?? null,
    exchange_rate: input.exchangeRate ?? null,
    fee,
    fee_details: fee > 0 ? [{ amount: fee, application: null, currency: input.currency, description: 'Stripe processing fees', type: 'stripe_fee' }] : [],
    net: input.amount - fee,
    reporting_category: input.reportingCategory,
    source: input.source,
    status: pending ? 'pending' : 'available',
    type: input.type,
  };
  tx.insert('balance_transaction', txn);
  noteCurrency(tx, input.currency);
  addToSum(tx, input.currency, pending ? 'pending' : 'available', txn.net);
  if (pending) scheduleAt(tx, availableOn);
  return txn;
}

/**
 * The balance transaction of a captured card charge: converted into the settlement currency when its
 * currency has a rate, then 2.9% + 30 fee on the converted amount; pending unless the card bypasses it.
 */
export function recordChargeTransaction(tx: Tx, charge: StripeObject, amount: number, bypassPending: boolean): StripeObject {
  const settled = toSettlement(amount, charge.currency);
  return recordTransaction(tx, {
    amount: settled.amount,
    currency: settled.currency,
    exchangeRate: settled.exchangeRate,
    type: 'charge',
    reportingCategory: 'charge',
    source: charge.id,
    description: charge.description ?? null,
    fee: cardFee(settled.amount, settled.currency),
    pending: !bypassPending,
  });
}

export function availableAmount(tx: Tx, currency: string): number {
  return Number(tx.getMeta(sumKey(currency, 'available')) ?? 0);
}

export function pendingAmount(tx: Tx, currency: string): number {
  return Number(tx.getMeta(sumKey(currency, 'pending')) ?? 0);
}

/** `GET /v1/balance`: one entry per currency the ledger has seen (a fresh account shows zero USD). */
export function balance(tx: Tx): Record<string, unknown> {
  const currencies = (tx.getMeta(CURRENCIES) ?? '').split(',').filter(Boolean);
  if (currencies.length === 0) currencies.push('usd');
  const entry = (currency: string, amount: number) => ({ amount, currency, source_types: { card: amount } });
  return {
    object: 'balance',
    available: currencies.map((c) => entry(c, availableAmount(tx, c))),
    connect_reserved: currencies.map((c) => ({ amount: 0, currency: c })),
    livemode: false,
    pending: currencies.map((c) => entry(c, pendingAmount(tx, c))),
  };
}

/** Flips every pending transaction whose `available_on` has passed; returns the next due time (or Infinity). */
export function settlePending(tx: Tx, now: number): number {
  let flipped = 0;
  // Bounded: each round flips up to 100 rows and they leave the pending set, so rounds shrink the work.
  for (let round = 0; round < 10_000; round++) {
    const page = tx.list('balance_transaction', { limit: 100, where: { status: 'pending' }, ranges: { available_on: { lte: now } } });
    for (const txn of page.data) {
      tx.update('balance_transaction', { ...txn, status: 'available' });
      addToSum(tx, txn.currency, 'pending', -txn.net);
      addToSum(tx, txn.currency, 'available', txn.net);
      flipped++;
    }
    if (!page.hasMore) break;
  }
  if (flipped > 0) {
    // The balance has no id; events carry it as Stripe's do.
    tx.emit('balance.available', balance(tx) as unknown as StripeObject);
  }
  // The earliest remaining settlement, computed in SQL over the pending rows only (status is indexed).
  return tx.min('balance_transaction', 'available_on', { where: { status: 'pending' } }) ?? Infinity;
}

/** Σ net per currency and bucket recomputed from the rows (tests check it against the running sums). */
export function recomputeSums(tx: Tx): Record<string, { available: number; pending: number }> {
  const out: Record<string, { available: number; pending: number }> = {};
  for (const t of tx.scan('balance_transaction')) {
    const s = (out[t.currency] ??= { available: 0, pending: 0 });
    if (t.status === 'pending') s.pending += t.net;
    else s.available += t.net;
  }
  return out;
}
