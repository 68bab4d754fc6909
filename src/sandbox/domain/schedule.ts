// The money engine's wake-up time: the earliest moment anything time-driven is due (funds settling,
// payouts moving, refunds resolving, sessions expiring). The tick reads it and returns at once until then.
import type { ListQuery, StripeObject, Tx } from '../core/types.js';

export const NEXT_DUE = 'money:next_due';

/** Makes sure the tick wakes up no later than `at` (unix seconds). */
export function scheduleAt(tx: Tx, at: number): void {
  const current = tx.getMeta(NEXT_DUE);
  if (current === undefined || current === '' || at < Number(current)) tx.setMeta(NEXT_DUE, String(at));
}

/** The stored wake-up time, or undefined when nothing is scheduled. */
export function nextDue(tx: Tx): number | undefined {
  const v = tx.getMeta(NEXT_DUE);
  return v === undefined || v === '' ? undefined : Number(v);
}

export function setNextDue(tx: Tx, at: number): void {
  tx.setMeta(NEXT_DUE, Number.isFinite(at) ? String(at) : '');
}

/**
 * Every object of `type` matching `where`, newest first, paged through the store so the filter runs in
 * SQL and only matches are decoded (bounded to 1 000 pages of 100).
 */
export function eachMatching(
  tx: Tx,
  type: string,
  q: Pick<ListQuery, 'where' | 'whereIn' | 'ranges' | 'created'>,
  fn: (o: StripeObject) => void,
): void {
  let after: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = tx.list(type, { ...q, limit: 100, startingAfter: after });
    for (const o of page.data) fn(o);
    if (!page.hasMore || page.data.length === 0) break;
    after = page.data[page.data.length - 1]!.id;
  }
}
