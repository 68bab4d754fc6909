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
import { nextDue, setNextDue } from './schedule.js';
import { advanceDisputes } from './disputes.js';

/** Uncaptured authorizations lapse after 7 days: the PaymentIntent is canceled (`automatic`), a legacy charge released. */
function expireAuthorizations(tx: Tx, now: number): number {
  const cutoff = now - AUTHORIZATION_WINDOW_SECONDS;
  for (let round = 0; round < 1000; round++) {
    const page = tx.list('charge', { limit: 100, where: { captured: false, status: 'succeeded', refunded: false }, created: { lte: cutoff } });
    for (const ch of page.data) {
      const pi = ch.payment_intent ? tx.get('payment_intent', ch.payment_intent) : undefined;
      if (pi?.status === 'requires_capture') cancelPaymentIntent(tx, pi, 'automatic');
      else releaseAuthorization(tx, ch, 'expired_uncaptured_charge');
    }
    if (!page.hasMore) break;
  }
  const oldest = tx.min('charge', 'created', { where: { captured: false, status: 'succeeded', refunded: false } });
  return oldest === undefined ? Infinity : oldest + AUTHORIZATION_WINDOW_SECONDS;
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

