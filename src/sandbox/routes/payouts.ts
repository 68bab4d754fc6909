// Payout endpoints (https://docs.stripe.com/api/payouts): create (needs available funds), retrieve, update (metadata
// only), cancel (pending only), list. Status changes over time happen in the money tick.
import type { RouteDef } from '../core/types.js';
import { validate, type Spec } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import { cancelPayout, createPayout, requirePayout, updatePayout } from '../domain/payouts.js';

const CREATE: Record<string, Spec> = {
  amount: 'integer',
  currency: 'currency',
  description: 'string',
  destination: 'string',
  metadata: 'metadata',
  method: { enum: ['standard', 'instant'] },
  source_type: { enum: ['bank_account', 'card', 'fpx'] },
  statement_descriptor: 'string',
  payout_method: 'string',
};

export const routes: RouteDef[] = [
  { method: 'POST', pattern: '/v1/payouts', handler: (ctx) => createPayout(ctx.tx, validate(ctx.params, CREATE, ['amount', 'currency']) as never) },
  {
    method: 'GET',
    pattern: '/v1/payouts',
    handler: (ctx) =>
      listEndpoint(ctx, 'payout', {
        url: '/v1/payouts',
        extra: { status: { enum: ['pending', 'paid', 'failed', 'canceled', 'in_transit'] }, arrival_date: 'range', destination: 'string' },
        where: (x) => {
          const w: Record<string, string> = {};
          if (x.status !== undefined) w.status = x.status;
          if (x.destination !== undefined) w.destination = x.destination;
          return Object.keys(w).length ? w : undefined;
        },
        ranges: (x) => (x.arrival_date ? { arrival_date: x.arrival_date } : undefined),
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/payouts/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return requirePayout(ctx.tx, ctx.pathParams.id!);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/payouts/:id',
    handler: (ctx) => {
      const v = validate(ctx.params, { metadata: 'metadata' });
      return updatePayout(ctx.tx, requirePayout(ctx.tx, ctx.pathParams.id!), v.metadata);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/payouts/:id/cancel',
    handler: (ctx) => {
      validate(ctx.params, {});
      return cancelPayout(ctx.tx, requirePayout(ctx.tx, ctx.pathParams.id!));
    },
  },
];
