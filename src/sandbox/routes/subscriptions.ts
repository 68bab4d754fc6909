// Subscription endpoints (docs.stripe.com/api/subscriptions): create, retrieve, update, cancel
// (DELETE, as the served API version documents it), resume is `cancel_at_period_end=false`, list, search.
// The billing machine and its clock live in domain/subscriptions.ts.
import type { RouteDef } from '../core/types.js';
import { validate, type Spec } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import { searchEndpoint, type SearchSpec } from '../core/search.js';
import { RECURRING } from './catalog.js';
import { cancelSubscription, createSubscription, LIVE_STATUSES, requireSubscription, subscriptionTick, updateSubscription } from '../domain/subscriptions.js';
import { ticks } from './ticks.js';

ticks.push(subscriptionTick);

const PRICE_DATA: Spec = {
  object: { currency: 'currency', product: 'string', unit_amount: 'integer', unit_amount_decimal: 'string', recurring: RECURRING, tax_behavior: 'string' },
  required: ['currency', 'product', 'recurring'],
};
const ITEM: Spec = { object: { id: 'string', price: 'string', price_data: PRICE_DATA, quantity: 'integer', metadata: 'metadata', deleted: 'boolean' } };
const DETAILS: Spec = {
  object: {
    comment: 'string',
    feedback: { enum: ['customer_service', 'low_quality', 'missing_features', 'other', 'switched_service', 'too_complex', 'too_expensive', 'unused'] },
  },
};

const COMMON: Record<string, Spec> = {
  items: { array: ITEM },
  collection_method: { enum: ['charge_automatically', 'send_invoice'] },
  days_until_due: 'integer',
  cancel_at_period_end: 'boolean',
  metadata: 'metadata',
  off_session: 'boolean',
  proration_behavior: { enum: ['none', 'create_prorations', 'always_invoice'] },
  trial_end: 'string',
};
const CREATE: Record<string, Spec> = {
  ...COMMON,
  customer: 'string',
  default_payment_method: 'string',
  description: 'string',
  trial_period_days: 'integer',
  billing_cycle_anchor: 'timestamp',
  payment_behavior: { enum: ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] },
  currency: 'currency',
};
const UPDATE: Record<string, Spec> = {
  ...COMMON,
  default_payment_method: { nullable: 'string' },
  description: { nullable: 'string' },
  proration_date: 'timestamp',
  payment_behavior: { enum: ['allow_incomplete', 'default_incomplete', 'error_if_incomplete', 'pending_if_incomplete'] },
  cancellation_details: DETAILS,
  pause_collection: { nullable: { object: { behavior: { enum: ['keep_as_draft', 'mark_uncollectible', 'void'] }, resumes_at: 'timestamp' }, required: ['behavior'] } },
};
const CANCEL: Record<string, Spec> = { invoice_now: 'boolean', prorate: 'boolean', cancellation_details: DETAILS };

const SEARCH: SearchSpec = { created: 'numeric', metadata: 'metadata', status: 'token' };

export const routes: RouteDef[] = [
  { method: 'POST', pattern: '/v1/subscriptions', handler: (ctx) => createSubscription(ctx.tx, validate(ctx.params, CREATE)) },
  {
    method: 'GET',
    pattern: '/v1/subscriptions',
    handler: (ctx) =>
      listEndpoint(ctx, 'subscription', {
        url: '/v1/subscriptions',
        extra: {
          customer: 'string',
          collection_method: { enum: ['charge_automatically', 'send_invoice'] },
          status: { enum: ['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'] },
        },
        where: (x) => {
          const w: Record<string, string> = {};
          if (x.customer !== undefined) w.customer = x.customer;
          if (x.collection_method !== undefined) w.collection_method = x.collection_method;
          if (x.status !== undefined && !['all', 'ended'].includes(x.status)) w.status = x.status;
          return Object.keys(w).length ? w : undefined;
        },
        // Without a status filter Stripe lists every subscription that has not been canceled.
        query: (x) =>
          x.status === 'all'
            ? {}
            : x.status === 'ended'
              ? { whereIn: { status: ['canceled', 'incomplete_expired'] } }
              : x.status === undefined
                ? { whereIn: { status: [...LIVE_STATUSES] } }
                : {},
      }),
  },
  { method: 'GET', pattern: '/v1/subscriptions/search', handler: (ctx) => searchEndpoint(ctx, 'subscription', { url: '/v1/subscriptions/search', spec: SEARCH }) },
  {
    method: 'GET',
    pattern: '/v1/subscriptions/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return requireSubscription(ctx.tx, ctx.pathParams.id!);
    },
  },
  { method: 'POST', pattern: '/v1/subscriptions/:id', handler: (ctx) => updateSubscription(ctx.tx, requireSubscription(ctx.tx, ctx.pathParams.id!), validate(ctx.params, UPDATE)) },
  { method: 'DELETE', pattern: '/v1/subscriptions/:id', handler: (ctx) => cancelSubscription(ctx.tx, requireSubscription(ctx.tx, ctx.pathParams.id!), validate(ctx.params, CANCEL)) },
];
