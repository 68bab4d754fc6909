// Dispute endpoints (docs.stripe.com/api/disputes): retrieve, update (evidence, metadata, submit),
// close, list by charge or PaymentIntent. Stripe offers no dispute search, so neither does the sandbox.
import type { RouteDef } from '../core/types.js';
import { validate, type Spec } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import { closeDispute, requireDispute, updateDispute } from '../domain/disputes.js';
import { EVIDENCE_FIELDS } from '../../dispute-evidence.js';

const EVIDENCE: Spec = { object: Object.fromEntries(EVIDENCE_FIELDS.map((k) => [k, 'string' as Spec])) };

const UPDATE: Record<string, Spec> = {
  evidence: EVIDENCE,
  metadata: 'metadata',
  submit: 'boolean',
  intended_submission_method: { enum: ['manual', 'prefer_manual', 'prefer_smart_disputes', 'smart_disputes'] },
};

export const routes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/v1/disputes',
    handler: (ctx) =>
      listEndpoint(ctx, 'dispute', {
        url: '/v1/disputes',
        extra: { charge: 'string', payment_intent: 'string' },
        where: (x) => (Object.keys(x).length ? { ...x } : undefined),
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/disputes/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return requireDispute(ctx.tx, ctx.pathParams.id!);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/disputes/:id',
    handler: (ctx) => updateDispute(ctx.tx, requireDispute(ctx.tx, ctx.pathParams.id!), validate(ctx.params, UPDATE)),
  },
  {
    method: 'POST',
    pattern: '/v1/disputes/:id/close',
    handler: (ctx) => {
      validate(ctx.params, {});
      return closeDispute(ctx.tx, requireDispute(ctx.tx, ctx.pathParams.id!));
    },
  },
];
