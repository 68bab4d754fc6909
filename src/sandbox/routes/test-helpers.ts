// Sandbox-only clock control: advance this account's time (then run the due ticks) and read it.
// Under /v1/test_helpers like Stripe's own test helpers; a real account has no such endpoint.
import type { RouteDef, Tx } from '../core/types.js';
import { invalidRequest, missingParam } from '../core/errors.js';
import { validate } from '../core/validate.js';
import { ticks } from './ticks.js';
import { addMonths, subscriptionsNextDue } from '../domain/subscriptions.js';

export const CLOCK_OFFSET_META = 'clock_offset';
const MAX_ADVANCE = 10 * 366 * 86400;
/** At most this many intermediate stops per advance (each stop runs the ticks once). */
const MAX_STOPS = 100_000;

function clock(tx: Tx): Record<string, unknown> {
  return { object: 'sandbox_clock', now: tx.now(), offset: Number(tx.getMeta(CLOCK_OFFSET_META) ?? 0) };
}

export const routes: RouteDef[] = [
  {
    method: 'POST',
    pattern: '/v1/test_helpers/sandbox/advance',
    handler: (ctx) => {
      const v = validate(ctx.params, { seconds: 'integer', months: 'integer' });
      const { tx } = ctx;
      if (v.seconds !== undefined && v.months !== undefined) {
        throw invalidRequest('You may only specify one of these parameters: months, seconds.', { code: 'parameters_exclusive' });
      }
      if (v.months !== undefined) {
        if (v.months <= 0 || v.months > 120) throw invalidRequest('Invalid months: must be a positive integer of at most 120 (10 years)', { param: 'months' });
        // Calendar months from the sandbox's current time (Jan 31 + 1 month = Feb 28/29).
        v.seconds = addMonths(tx.now(), v.months) - tx.now();
      }
      if (v.seconds === undefined) throw missingParam('seconds');
      if (v.seconds <= 0) throw invalidRequest('Invalid seconds: must be a positive integer', { param: 'seconds' });
      if (v.seconds > MAX_ADVANCE) throw invalidRequest(`Invalid seconds: must be at most ${MAX_ADVANCE} (10 years)`, { param: 'seconds' });
      const run = () => {
        if (ctx.runTicks) ctx.runTicks();
        else for (const tick of ticks) tick(tx);
      };
      const offset = Number(tx.getMeta(CLOCK_OFFSET_META) ?? 0);
      const target = tx.now() + v.seconds;
      // Subscription work runs at its own time: the clock stops at each due renewal, retry or
      // cancellation on the way (bounded), so invoices, charges and events carry their real dates.
      for (let stop = 0; stop < MAX_STOPS; stop++) {
        const due = subscriptionsNextDue(tx);
        const now = tx.now();
        if (due === undefined || due > target || due <= now) break;
        tx.setMeta(CLOCK_OFFSET_META, String(Number(tx.getMeta(CLOCK_OFFSET_META) ?? 0) + (due - now)));
        run();
      }
      tx.setMeta(CLOCK_OFFSET_META, String(offset + v.seconds));
      run();
      return clock(tx) as never;
    },
  },
  {
    method: 'GET',
    pattern: '/v1/test_helpers/sandbox/clock',
    handler: (ctx) => {
      validate(ctx.params, {});
      return clock(ctx.tx) as never;
    },
  },
];
