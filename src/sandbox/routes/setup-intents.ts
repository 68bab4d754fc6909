// SetupIntent endpoints (docs.stripe.com/api/setup_intents) plus the sandbox's 3-D Secure helper
// `POST /v1/test_helpers/setup_intents/:id/authenticate`. Logic lives in domain/setup-intents.ts.
import type { RouteContext, RouteDef, StripeObject } from '../core/types.js';
import { validate, type Spec } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import {
  authenticateSetupIntent,
  cancelSetupIntent,
  confirmSetupIntent,
  createSetupIntent,
  requireSetupIntent,
  updateSetupIntent,
} from '../domain/setup-intents.js';
import { STRING_LIST } from '../domain/specs.js';

const CARD_SETUP_OPTIONS: Spec = {
  object: {
    card: {
      object: {
        request_three_d_secure: { enum: ['any', 'automatic', 'challenge'] },
        network: 'string',
        mandate_options: 'any',
      },
    },
  },
};

const UPDATE: Record<string, Spec> = {
  customer: 'string',
  description: { nullable: 'string' },
  metadata: 'metadata',
  payment_method: 'string',
  payment_method_types: STRING_LIST,
  allowed_payment_method_types: STRING_LIST,
  excluded_payment_method_types: STRING_LIST,
  payment_method_options: CARD_SETUP_OPTIONS,
  attach_to_self: 'boolean',
  flow_directions: { array: { enum: ['inbound', 'outbound'] } },
};

const CREATE: Record<string, Spec> = {
  ...UPDATE,
  confirm: 'boolean',
  usage: { enum: ['on_session', 'off_session'] },
  automatic_payment_methods: { object: { enabled: 'boolean', allow_redirects: { enum: ['always', 'never'] } }, required: ['enabled'] },
  return_url: 'string',
  on_behalf_of: 'string',
  use_stripe_sdk: 'boolean',
  mandate_data: 'any',
};

const CONFIRM: Record<string, Spec> = {
  payment_method: 'string',
  return_url: 'string',
  payment_method_options: CARD_SETUP_OPTIONS,
  use_stripe_sdk: 'boolean',
  mandate_data: 'any',
  client_secret: 'string',
};

function create(ctx: RouteContext): StripeObject {
  return createSetupIntent(ctx.tx, validate(ctx.params, CREATE) as never);
}

function retrieve(ctx: RouteContext): StripeObject {
  validate(ctx.params, { client_secret: 'string' });
  return requireSetupIntent(ctx.tx, ctx.pathParams.id!);
}

function update(ctx: RouteContext): StripeObject {
  const v = validate(ctx.params, UPDATE);
  return updateSetupIntent(ctx.tx, requireSetupIntent(ctx.tx, ctx.pathParams.id!), v);
}

function confirm(ctx: RouteContext): StripeObject {
  const v = validate(ctx.params, CONFIRM);
  return confirmSetupIntent(ctx.tx, requireSetupIntent(ctx.tx, ctx.pathParams.id!), v);
}

function cancel(ctx: RouteContext): StripeObject {
  const v = validate(ctx.params, { cancellation_reason: { enum: ['abandoned', 'requested_by_customer', 'duplicate'] } });
  return cancelSetupIntent(ctx.tx, requireSetupIntent(ctx.tx, ctx.pathParams.id!), v.cancellation_reason ?? null);
}

function authenticate(ctx: RouteContext): StripeObject {
  const v = validate(ctx.params, { outcome: { enum: ['succeed', 'fail'] } });
  return authenticateSetupIntent(ctx.tx, requireSetupIntent(ctx.tx, ctx.pathParams.id!), v.outcome ?? 'succeed');
}

export const routes: RouteDef[] = [
  { method: 'POST', pattern: '/v1/setup_intents', handler: create },
  {
    method: 'GET',
    pattern: '/v1/setup_intents',
    handler: (ctx) =>
      listEndpoint(ctx, 'setup_intent', {
        url: '/v1/setup_intents',
        extra: { customer: 'string', payment_method: 'string', attach_to_self: 'boolean' },
        where: (x) => {
          const w: Record<string, string> = {};
          if (x.customer !== undefined) w.customer = x.customer;
          if (x.payment_method !== undefined) w.payment_method = x.payment_method;
          return Object.keys(w).length ? w : undefined;
        },
      }),
  },
  { method: 'GET', pattern: '/v1/setup_intents/:id', handler: retrieve },
  { method: 'POST', pattern: '/v1/setup_intents/:id', handler: update },
  { method: 'POST', pattern: '/v1/setup_intents/:id/confirm', handler: confirm },
  { method: 'POST', pattern: '/v1/setup_intents/:id/cancel', handler: cancel },
  { method: 'POST', pattern: '/v1/test_helpers/setup_intents/:id/authenticate', handler: authenticate },
];
