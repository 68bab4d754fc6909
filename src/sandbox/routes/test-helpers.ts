// Sandbox-only clock control: advance this account's time (then run the due ticks) and read it.
// Under /v1/test_helpers like Stripe's own test helpers; a real account has no such endpoint.
import type { RouteDef, Tx } from '../core/types.js';
import { invalidRequest, missingParam } from '../core/errors.js';
import { validate } from '../core/validate.js';
import { ticks } from './ticks.js';

export const CLOCK_OFFSET_META = 'clock_offset';
const MAX_ADVANCE = 10 * 366 * 86400;

function clock(tx: Tx): Record<string, unknown> {
  return { object: 'sandbox_clock', now: tx.now(), offset: Number(tx.getMeta(CLOCK_OFFSET_META) ?? 0) };
}

export const routes: RouteDef[] = [
  {
    method: 'POST',
    pattern: '/v1/test_helpers/sandbox/advance',
    handler: (ctx) => {
      const v = validate(ctx.params, { seconds: 'integer' });
      if (v.seconds === undefined) throw missingParam('seconds');
      if (v.seconds <= 0) throw invalidRequest('Invalid seconds: must be a positive integer', { param: 'seconds' });
      if (v.seconds > MAX_ADVANCE) throw invalidRequest(`Invalid seconds: must be at most ${MAX_ADVANCE} (10 years)`, { param: 'seconds' });
      const { tx } = ctx;
      tx.setMeta(CLOCK_OFFSET_META, String(Number(tx.getMeta(CLOCK_OFFSET_META) ?? 0) + v.seconds));
      if (ctx.runTicks) ctx.runTicks();
      else for (const tick of ticks) tick(tx);
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
