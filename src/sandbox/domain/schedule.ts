// The money engine's wake-up time: the earliest moment anything time-driven is due (funds settling,
// payouts moving, refunds resolving, sessions expiring). The tick reads it and returns at once until then.
import type { Tx } from '../core/types.js';

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
