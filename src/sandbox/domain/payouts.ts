// Payouts (https://docs.stripe.com/api/payouts): debit the available balance at creation, move pending → in_transit →
// paid as the sandbox clock advances, and return the funds when canceled while pending.
import type { StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing } from '../core/errors.js';
import { mergeMetadata } from '../core/validate.js';
import { availableAmount, recordTransaction } from './ledger.js';
import { checkPositiveAmount } from './money.js';
import { eachMatching, scheduleAt } from './schedule.js';

/** Standard payouts: in transit one day after creation, paid (arrival) two days after. Instant: paid in 30 minutes. */
export const STANDARD_IN_TRANSIT_SECONDS = 86_400;
export const STANDARD_ARRIVAL_SECONDS = 2 * 86_400;
export const INSTANT_ARRIVAL_SECONDS = 30 * 60;

const INSUFFICIENT =
  'Insufficient funds in Stripe account. In test mode, you can add funds to your available balance (bypassing your pending balance) by creating a charge with 4000 0000 0000 0077 as the card number. You can use the the /v1/balance endpoint to view your Stripe balance (for more details, see stripe.com/docs/api#balance).';

const DESTINATION = 'payout:default_destination';

export function requirePayout(tx: Tx, id: string): StripeObject {
  const po = tx.get('payout', id);
  if (!po) throw resourceMissing('payout', id);
  return po;
}

/** The account's fake external bank account (`ba_…`, STRIPE TEST BANK), made on first use. */
function defaultDestination(tx: Tx): string {
  const existing = tx.getMeta(DESTINATION);
  if (existing) return existing;
  const ba: StripeObject = {
    id: tx.ids.make('ba', 24),
    object: 'bank_account',
    account_holder_name: null,
    account_holder_type: null,
    account_type: null,
    available_payout_methods: ['standard', 'instant'],
    bank_name: 'STRIPE TEST BANK',
    country: 'US',
    currency: 'usd',
    default_for_currency: true,
    fingerprint: tx.ids.make('fp', 16).slice(3),
    last4: '6789',
    metadata: {},
    routing_number: '110000000',
    status: 'new',
  };
  tx.insert('bank_account', ba);
  tx.setMeta(DESTINATION, ba.id);
  return ba.id;
}

export interface PayoutParams {
  amount: number;
  currency: string;
  description?: string | null;
  destination?: string;
  metadata?: Record<string, string>;
  method?: 'standard' | 'instant';
  source_type?: string;
  statement_descriptor?: string | null;
}

export function createPayout(tx: Tx, p: PayoutParams): StripeObject {
  checkPositiveAmount(p.amount, 'amount', p.currency);
  if (p.statement_descriptor && p.statement_descriptor.length > 22) {
    throw invalidRequest('The statement descriptor must be at most 22 characters.', { param: 'statement_descriptor' });
  }
  if (availableAmount(tx, p.currency) < p.amount) throw invalidRequest(INSUFFICIENT, { code: 'balance_insufficient', param: 'amount' });
  const destination = p.destination ?? defaultDestination(tx);
  if (p.destination && !tx.get('bank_account', p.destination) && !tx.get('card', p.destination)) {
    throw resourceMissing('external account', p.destination, 'destination');
  }
  const now = tx.now();
  const instant = p.method === 'instant';
  const id = tx.ids.make('po', 24);
  const txn = recordTransaction(tx, {
    amount: -p.amount,
    currency: p.currency,
    type: 'payout',
    reportingCategory: 'payout',
    source: id,
    description: p.description ?? 'STRIPE PAYOUT',
  });
  const payout: StripeObject = {
    id,
    object: 'payout',
    amount: p.amount,
    application_fee: null,
    application_fee_amount: null,
    arrival_date: now + (instant ? INSTANT_ARRIVAL_SECONDS : STANDARD_ARRIVAL_SECONDS),
    automatic: false,
    balance_transaction: txn.id,
    created: now,
    currency: p.currency,
    description: p.description ?? null,
    destination,
    failure_balance_transaction: null,
    failure_code: null,
    failure_message: null,
    livemode: false,
    metadata: mergeMetadata({}, p.metadata),
    method: p.method ?? 'standard',
    original_payout: null,
    payout_method: null,
    reconciliation_status: 'not_applicable',
    reversed_by: null,
    source_type: p.source_type ?? 'card',
    statement_descriptor: p.statement_descriptor ?? null,
    // Instant payouts are submitted at once, so they are never cancelable.
    status: instant ? 'in_transit' : 'pending',
    trace_id: { status: 'pending', value: null },
    type: 'bank_account',
  };
  tx.insert('payout', payout);
  scheduleAt(tx, instant ? payout.arrival_date : now + STANDARD_IN_TRANSIT_SECONDS);
  tx.emit('payout.created', payout);
  return payout;
}

export function updatePayout(tx: Tx, po: StripeObject, metadata: Record<string, string> | undefined): StripeObject {
  const updated = tx.update('payout', { ...po, metadata: mergeMetadata(po.metadata, metadata) });
  tx.emit('payout.updated', updated, { metadata: po.metadata });
  return updated;
}

export function cancelPayout(tx: Tx, po: StripeObject): StripeObject {
  if (po.status !== 'pending') {
    throw invalidRequest(`Payouts can only be canceled while they are pending; payout ${po.id} has a status of ${po.status}.`);
  }
  const txn = recordTransaction(tx, {
    amount: po.amount,
    currency: po.currency,
    type: 'payout_cancel',
    reportingCategory: 'payout_reversal',
    source: po.id,
    description: 'PAYOUT CANCEL',
  });
  const canceled = tx.update('payout', { ...po, status: 'canceled', failure_balance_transaction: txn.id });
  tx.emit('payout.canceled', canceled, { status: 'pending' });
  return canceled;
}

/** Tick work: moves due payouts along; returns the next due time. */
export function advancePayouts(tx: Tx, now: number): number {
  // Only the due payouts are read (pending ones old enough to be in transit, then in-transit ones past
  // their arrival); the next wake-up is two MIN queries over the remaining ones.
  eachMatching(tx, 'payout', { where: { status: 'pending' }, created: { lte: now - STANDARD_IN_TRANSIT_SECONDS } }, (po) => advancePayout(tx, po, now));
  eachMatching(tx, 'payout', { where: { status: 'in_transit' }, ranges: { arrival_date: { lte: now } } }, (po) => advancePayout(tx, po, now));
  const pending = tx.min('payout', 'created', { where: { status: 'pending' } });
  const arrival = tx.min('payout', 'arrival_date', { where: { status: 'in_transit' } });
  return Math.min(pending === undefined ? Infinity : pending + STANDARD_IN_TRANSIT_SECONDS, arrival ?? Infinity);
}

function advancePayout(tx: Tx, po: StripeObject, now: number): void {
  let cur = po;
  if (cur.status === 'pending' && now >= cur.created! + STANDARD_IN_TRANSIT_SECONDS) {
    cur = tx.update('payout', { ...cur, status: 'in_transit', reconciliation_status: 'in_progress' });
    tx.emit('payout.updated', cur, { status: 'pending' });
  }
  if (cur.status === 'in_transit' && now >= cur.arrival_date) {
    cur = tx.update('payout', {
      ...cur,
      status: 'paid',
      reconciliation_status: 'completed',
      trace_id: { status: 'supported', value: `TRACE${cur.id.slice(3, 15).toUpperCase()}` },
    });
    tx.emit('payout.updated', cur, { status: 'in_transit' });
    tx.emit('payout.paid', cur);
  }
}
