// Refunds (https://docs.stripe.com/api/refunds): capped at the charge's captured-but-unrefunded amount, posted to the
// ledger at once, with the pending-refund and refund-failure test cards resolving later on the tick.
import type { StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing } from '../core/errors.js';
import { mergeMetadata } from '../core/validate.js';
import { refundedFlag, requireCharge } from './charges.js';
import { recordTransaction, toSettlement } from './ledger.js';
import { checkPositiveAmount, formatMajor } from './money.js';
import { profileOf } from './payment-methods.js';
import { scheduleAt } from './schedule.js';
import { checkRefundAllowed } from './disputes.js';

/** Pending refunds succeed, and failing-card refunds fail, this long after creation (sandbox clock). */
export const REFUND_RESOLUTION_SECONDS = 60;
const SCHEDULE = 'money:refund_schedule';

interface Scheduled {
  id: string;
  at: number;
  action: 'succeed' | 'fail';
}

function readSchedule(tx: Tx): Scheduled[] {
  const raw = tx.getMeta(SCHEDULE);
  return raw ? (JSON.parse(raw) as Scheduled[]) : [];
}

function schedule(tx: Tx, item: Scheduled): void {
  tx.setMeta(SCHEDULE, JSON.stringify([...readSchedule(tx), item]));
  scheduleAt(tx, item.at);
}

export function requireRefund(tx: Tx, id: string): StripeObject {
  const re = tx.get('refund', id);
  if (!re) throw resourceMissing('refund', id);
  return re;
}

function newRefund(tx: Tx, charge: StripeObject, amount: number, fields: Partial<StripeObject>): StripeObject {
  return {
    id: tx.ids.make('re', 24),
    object: 'refund',
    amount,
    balance_transaction: null,
    charge: charge.id,
    created: tx.now(),
    currency: charge.currency,
    customer: charge.customer ?? null,
    customer_account: null,
    destination_details: {
      card: { reference: null, reference_status: 'pending', reference_type: 'acquirer_reference_number', type: 'refund' },
      type: 'card',
    },
    metadata: {},
    payment_intent: charge.payment_intent ?? null,
    payment_method: charge.payment_method ?? null,
    reason: null,
    receipt_number: null,
    source_transfer_reversal: null,
    status: 'succeeded',
    transfer_reversal: null,
    ...fields,
  };
}

function applyToCharge(tx: Tx, charge: StripeObject, delta: number): StripeObject {
  const amountRefunded = charge.amount_refunded + delta;
  const updated = tx.update('charge', { ...charge, amount_refunded: amountRefunded, refunded: refundedFlag(charge, amountRefunded) });
  return updated;
}

/**
 * Releases an uncaptured authorization (PaymentIntent cancel, legacy refund of an uncaptured charge,
 * 7-day expiry): a refund object for the whole amount with no balance transaction, since no money moved.
 */
export function releaseAuthorization(tx: Tx, charge: StripeObject, reason: string | null, metadata: Record<string, string> = {}): StripeObject {
  const refund = newRefund(tx, charge, charge.amount, {
    reason,
    metadata,
    destination_details: { card: { reference: null, reference_status: 'unavailable', reference_type: null, type: 'reversal' }, type: 'card' },
  });
  tx.insert('refund', refund);
  const updated = applyToCharge(tx, charge, charge.amount);
  tx.emit('refund.created', refund);
  tx.emit('charge.refunded', updated, { amount_refunded: charge.amount_refunded, refunded: charge.refunded });
  return refund;
}

export interface RefundParams {
  charge?: string;
  payment_intent?: string;
  amount?: number;
  reason?: string;
  metadata?: Record<string, string>;
  instructions_email?: string;
  refund_application_fee?: boolean;
  reverse_transfer?: boolean;
}

function uncapturedPi(piId: string) {
  return invalidRequest(
    `This PaymentIntent (${piId}) has a charge that has not been captured. You cannot refund an uncaptured charge; instead, cancel the PaymentIntent to release the authorized funds.`,
  );
}

/** Finds the charge a refund applies to: the named charge, or the PaymentIntent's successful charge. */
function targetCharge(tx: Tx, p: RefundParams): StripeObject {
  if (!p.charge && !p.payment_intent) {
    throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', { code: 'parameter_missing' });
  }
  if (p.payment_intent) {
    const pi = tx.get('payment_intent', p.payment_intent);
    if (!pi) throw resourceMissing('payment_intent', p.payment_intent, 'payment_intent');
    if (pi.status === 'requires_capture') throw uncapturedPi(pi.id);
    if (pi.status !== 'succeeded' || !pi.latest_charge) {
      throw invalidRequest(`This PaymentIntent (${pi.id}) does not have a successful charge to refund.`, { param: 'payment_intent', code: 'charge_not_refundable' });
    }
    if (p.charge && p.charge !== pi.latest_charge) {
      throw invalidRequest(`The charge ${p.charge} does not belong to the PaymentIntent ${pi.id}.`, { param: 'charge' });
    }
    return requireCharge(tx, pi.latest_charge, 'payment_intent');
  }
  return requireCharge(tx, p.charge!, 'charge');
}

export function createRefund(tx: Tx, p: RefundParams): StripeObject {
  const charge = targetCharge(tx, p);
  if (charge.status === 'failed') {
    throw invalidRequest(`Charge ${charge.id} failed, so there is nothing to refund.`, { code: 'charge_not_refundable', param: p.charge ? 'charge' : 'payment_intent' });
  }
  if (!charge.captured) {
    if (charge.refunded) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
    if (charge.payment_intent) throw uncapturedPi(charge.payment_intent);
    // A legacy authorization can be "refunded" as a whole, which releases it.
    if (p.amount !== undefined && p.amount !== charge.amount) {
      throw invalidRequest(
        'You cannot partially refund an uncaptured charge. Instead, capture the charge for an amount less than the original amount.',
        { param: 'amount' },
      );
    }
    return releaseAuthorization(tx, charge, p.reason ?? null, mergeMetadata({}, p.metadata));
  }
  checkRefundAllowed(tx, charge);
  const remaining = charge.amount_captured - charge.amount_refunded;
  if (remaining <= 0) throw invalidRequest(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const amount = p.amount ?? remaining;
  checkPositiveAmount(amount, 'amount', charge.currency);
  if (amount > remaining) {
    throw invalidRequest(
      `Refund amount (${formatMajor(amount, charge.currency)}) is greater than unrefunded amount on charge (${formatMajor(remaining, charge.currency)})`,
      { param: 'amount' },
    );
  }
  const profile = charge.payment_method ? profileOf(tx, charge.payment_method) : undefined;
  const pending = profile?.refund === 'pending';
  const refund = newRefund(tx, charge, amount, {
    reason: p.reason ?? null,
    metadata: mergeMetadata({}, p.metadata),
    status: pending ? 'pending' : 'succeeded',
    ...(pending ? { pending_reason: 'processing' } : {}),
    ...(p.instructions_email ? { instructions_email: p.instructions_email } : {}),
  });
  if (!pending) refund.destination_details.card.reference_status = 'available';
  refund.destination_details.card.reference = refund.destination_details.card.reference_status === 'available' ? refund.id.slice(3, 26) : null;
  // Stripe keeps its processing fee, so the refund returns the gross amount with no fee back.
  // A converted charge refunds at the same fixed rate, in the settlement currency.
  const settled = toSettlement(-amount, charge.currency);
  const txn = recordTransaction(tx, {
    amount: settled.amount,
    currency: settled.currency,
    exchangeRate: settled.exchangeRate,
    type: 'refund',
    reportingCategory: 'refund',
    source: refund.id,
    description: 'REFUND FOR CHARGE',
  });
  refund.balance_transaction = txn.id;
  tx.insert('refund', refund);
  const updated = applyToCharge(tx, charge, amount);
  if (pending) schedule(tx, { id: refund.id, at: tx.now() + REFUND_RESOLUTION_SECONDS, action: 'succeed' });
  if (profile?.refund === 'fail') schedule(tx, { id: refund.id, at: tx.now() + REFUND_RESOLUTION_SECONDS, action: 'fail' });
  tx.emit('refund.created', refund);
  tx.emit('charge.refunded', updated, { amount_refunded: charge.amount_refunded, refunded: charge.refunded });
  return refund;
}

export function updateRefund(tx: Tx, refund: StripeObject, metadata: Record<string, string> | undefined): StripeObject {
  const updated = tx.update('refund', { ...refund, metadata: mergeMetadata(refund.metadata, metadata) });
  tx.emit('refund.updated', updated, { metadata: refund.metadata });
  return updated;
}

export function cancelRefund(tx: Tx, refund: StripeObject): StripeObject {
  if (refund.status !== 'requires_action') {
    throw invalidRequest(
      `Refund ${refund.id} cannot be canceled because it has a status of ${refund.status}. Only refunds with a status of requires_action can be canceled through the API; card refunds never need an action.`,
    );
  }
  const updated = tx.update('refund', { ...refund, status: 'canceled' });
  tx.emit('refund.updated', updated, { status: refund.status });
  return updated;
}

/** Tick work: resolves pending and failing refunds that are due; returns the next due time. */
export function advanceRefunds(tx: Tx, now: number): number {
  const items = readSchedule(tx);
  if (items.length === 0) return Infinity;
  const later: Scheduled[] = [];
  for (const item of items) {
    if (item.at > now) {
      later.push(item);
      continue;
    }
    const refund = tx.get('refund', item.id);
    if (!refund) continue;
    if (item.action === 'succeed' && refund.status === 'pending') {
      const { pending_reason: _gone, ...rest } = refund;
      const done = tx.update('refund', {
        ...rest,
        status: 'succeeded',
        destination_details: { ...refund.destination_details, card: { ...refund.destination_details.card, reference: refund.id.slice(3, 26), reference_status: 'available' } },
      });
      tx.emit('refund.updated', done, { status: 'pending' });
    } else if (item.action === 'fail' && refund.status === 'succeeded') {
      const settled = toSettlement(refund.amount, refund.currency);
      const txn = recordTransaction(tx, {
        amount: settled.amount,
        currency: settled.currency,
        exchangeRate: settled.exchangeRate,
        type: 'refund_failure',
        reportingCategory: 'refund_failure',
        source: refund.id,
        description: 'REFUND FAILURE',
      });
      const failed = tx.update('refund', { ...refund, status: 'failed', failure_reason: 'expired_or_canceled_card', failure_balance_transaction: txn.id });
      const charge = tx.get('charge', refund.charge);
      if (charge) applyToCharge(tx, charge, -refund.amount);
      tx.emit('refund.failed', failed);
      tx.emit('refund.updated', failed, { status: 'succeeded' });
      // docs.stripe.com/testing names this event for the refund-failure card; it carries the refund too.
      tx.emit('charge.refund.updated', failed, { status: 'succeeded' });
    }
  }
  tx.setMeta(SCHEDULE, JSON.stringify(later));
  return later.reduce((m, i) => Math.min(m, i.at), Infinity);
}
