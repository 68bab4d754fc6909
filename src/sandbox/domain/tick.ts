// The money engine's tick: runs before every request, returns at once until the stored wake-up time,
// then settles pending funds, moves payouts and refunds along, expires sessions and stale authorizations,
// and opens, decides and expires disputes.
import type { Tx } from '../core/types.js';
import { settlePending } from './ledger.js';
import { advancePayouts } from './payouts.js';
import { advanceRefunds, releaseAuthorization } from './refunds.js';
import { expireSessions } from './checkout.js';
import { cancelPaymentIntent } from './payment-intents.js';
import { AUTHORIZATION_WINDOW_SECONDS } from './charges.js';
import { eachMatching, nextDue, setNextDue } from './schedule.js';
import { advanceDisputes } from './disputes.js';

/**
 * Uncaptured authorizations lapse after 7 days. A PaymentIntent in `requires_capture` is canceled with
 * `cancellation_reason: expired` (its charge emits `charge.expired`, no Refund: API 2025-03-31.basil);
 * a legacy uncaptured charge (no PaymentIntent) is released as the Charges API does, with a refund.
 * Returns the next lapse time.
 */
function expireAuthorizations(tx: Tx, now: number): number {
  const cutoff = now - AUTHORIZATION_WINDOW_SECONDS;
  let next = Infinity;
  // PaymentIntent status is indexed; only open authorizations are read.
  eachMatching(tx, 'payment_intent', { where: { status: 'requires_capture' } }, (pi) => {
    const ch = pi.latest_charge ? tx.get('charge', pi.latest_charge) : undefined;
    if (!ch) return;
    if (ch.created! <= cutoff) cancelPaymentIntent(tx, pi, 'expired');
    else next = Math.min(next, ch.created! + AUTHORIZATION_WINDOW_SECONDS);
  });
  const legacy = { captured: false, status: 'succeeded', refunded: false, payment_intent: null } as const;
  for (let round = 0; round < 1000; round++) {
    const page = tx.list('charge', { limit: 100, where: legacy, created: { lte: cutoff } });
    for (const ch of page.data) {
      releaseAuthorization(tx, ch, 'expired_uncaptured_charge');
      tx.emit('charge.expired', tx.get('charge', ch.id)!);
    }
    if (!page.hasMore) break;
  }
  const oldest = tx.min('charge', 'created', { where: legacy });
  return Math.min(next, oldest === undefined ? Infinity : oldest + AUTHORIZATION_WINDOW_SECONDS);
}

export function moneyTick(tx: Tx): void {
  const due = nextDue(tx);
  const now = tx.now();
  if (due === undefined || now < due) return;
  const next = Math.min(
    advancePayouts(tx, now),
    advanceRefunds(tx, now),
    expireSessions(tx, now),
    expireAuthorizations(tx, now),
    advanceDisputes(tx, now),
    // Last, so balance.available reflects everything above.
    settlePending(tx, now),
  );
  setNextDue(tx, next);
}

