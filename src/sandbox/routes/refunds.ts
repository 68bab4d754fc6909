// Refund endpoints (https://docs.stripe.com/api/refunds): create by charge or PaymentIntent, retrieve, update (metadata
// only), cancel (only `requires_action`, which card refunds never reach), list.
import type { RouteContext, RouteDef, StripeObject } from '../core/types.js';
import { validate, type Spec } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import { cancelRefund, createRefund, requireRefund, updateRefund } from '../domain/refunds.js';

const CREATE: Record<string, Spec> = {
  charge: 'string',
  payment_intent: 'string',
  amount: 'integer',
  reason: { enum: ['duplicate', 'fraudulent', 'requested_by_customer'] },
  metadata: 'metadata',
  instructions_email: 'string',
  refund_application_fee: 'boolean',
  reverse_transfer: 'boolean',
};

function create(ctx: RouteContext): StripeObject {
  return createRefund(ctx.tx, validate(ctx.params, CREATE));
}

export const routes: RouteDef[] = [
  { method: 'POST', pattern: '/v1/refunds', handler: create },
  {
    method: 'GET',
    pattern: '/v1/refunds',
    handler: (ctx) =>
      listEndpoint(ctx, 'refund', {
        url: '/v1/refunds',
        extra: { charge: 'string', payment_intent: 'string' },
        where: (x) => (Object.keys(x).length ? { ...x } : undefined),
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/refunds/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return requireRefund(ctx.tx, ctx.pathParams.id!);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/refunds/:id',
    handler: (ctx) => {
      const v = validate(ctx.params, { metadata: 'metadata' });
      return updateRefund(ctx.tx, requireRefund(ctx.tx, ctx.pathParams.id!), v.metadata);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/refunds/:id/cancel',
    handler: (ctx) => {
      validate(ctx.params, {});
      return cancelRefund(ctx.tx, requireRefund(ctx.tx, ctx.pathParams.id!));
    },
  },
];
