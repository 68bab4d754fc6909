// PaymentIntent endpoints (https://docs.stripe.com/api/payment_intents) plus the sandbox's 3-D Secure helper
// `POST /v1/test_helpers/payment_intents/:id/authenticate`. Logic lives in domain/payment-intents.ts.
import type { RouteContext, RouteDef, StripeObject } from '../core/types.js';
import { invalidRequest } from '../core/errors.js';
import { validate, type Spec } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import { searchEndpoint, type SearchSpec } from '../core/search.js';
import {
  authenticatePaymentIntent,
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
  requirePaymentIntent,
  updatePaymentIntent,
} from '../domain/payment-intents.js';
import { CARD_OPTIONS, SHIPPING, shippingOut, STRING_LIST } from '../domain/specs.js';
import { checkNotCheckoutIntent } from '../domain/checkout.js';
import { checkCardStatementDescriptors, refuseApplicationFee } from '../core/checks.js';

const CAPTURE_METHOD: Spec = { enum: ['automatic', 'automatic_async', 'manual'] };
const SFU: Spec = { nullable: { enum: ['on_session', 'off_session'] } };

const UPDATE: Record<string, Spec> = {
  amount: 'integer',
  currency: 'currency',
  customer: 'string',
  description: { nullable: 'string' },
  metadata: 'metadata',
  payment_method: { nullable: 'string' },
  receipt_email: { nullable: 'string' },
  setup_future_usage: SFU,
  shipping: SHIPPING,
  statement_descriptor: { nullable: 'string' },
  statement_descriptor_suffix: { nullable: 'string' },
  capture_method: CAPTURE_METHOD,
  payment_method_options: CARD_OPTIONS,
  transfer_group: { nullable: 'string' },
  application_fee_amount: { nullable: 'integer' },
  allowed_payment_method_types: STRING_LIST,
  payment_method_types: STRING_LIST,
  excluded_payment_method_types: STRING_LIST,
};

const CREATE: Record<string, Spec> = {
  ...UPDATE,
  payment_method: 'string',
  confirm: 'boolean',
  confirmation_method: { enum: ['automatic', 'manual'] },
  automatic_payment_methods: { object: { enabled: 'boolean', allow_redirects: { enum: ['always', 'never'] } }, required: ['enabled'] },
  return_url: 'string',
  off_session: 'any',
  error_on_requires_action: 'boolean',
  use_stripe_sdk: 'boolean',
  on_behalf_of: 'string',
  mandate: 'string',
  mandate_data: 'any',
  radar_options: { object: { session: 'string' } },
};

const CONFIRM: Record<string, Spec> = {
  payment_method: 'string',
  return_url: 'string',
  off_session: 'any',
  error_on_requires_action: 'boolean',
  capture_method: CAPTURE_METHOD,
  receipt_email: { nullable: 'string' },
  setup_future_usage: SFU,
  shipping: SHIPPING,
  payment_method_options: CARD_OPTIONS,
  use_stripe_sdk: 'boolean',
  mandate: 'string',
  mandate_data: 'any',
  radar_options: { object: { session: 'string' } },
  client_secret: 'string',
};

const CAPTURE: Record<string, Spec> = {
  amount_to_capture: 'integer',
  metadata: 'metadata',
  statement_descriptor: 'string',
  statement_descriptor_suffix: 'string',
  application_fee_amount: 'integer',
  final_capture: 'boolean',
};

const SEARCH: SearchSpec = { amount: 'numeric', created: 'numeric', currency: 'token', customer: 'token', metadata: 'metadata', status: 'token' };

/** `off_session` is a boolean or, for recurring payments, `one_off` / `recurring`. */
function checkOffSession(v: Record<string, any>): void {
  if (v.off_session === undefined) return;
  if (typeof v.off_session !== 'string' || !['true', 'false', 'one_off', 'recurring'].includes(v.off_session)) {
    throw invalidRequest('Invalid off_session: must be a boolean, one_off, or recurring', { param: 'off_session' });
  }
  if (v.off_session === 'false') v.off_session = false;
}

function withShipping(v: Record<string, any>): Record<string, any> {
  if (v.shipping !== undefined) v.shipping = shippingOut(v.shipping);
  return v;
}

/** Every sandbox PaymentIntent can be paid by card: card descriptor rules; no Connect, so no fees. */
function checkCardParams(v: Record<string, any>): void {
  checkCardStatementDescriptors(v);
  refuseApplicationFee(v.application_fee_amount);
}

function create(ctx: RouteContext): StripeObject {
  const v = withShipping(validate(ctx.params, CREATE, ['amount', 'currency']));
  checkCardParams(v);
  checkOffSession(v);
  return createPaymentIntent(ctx.tx, v as never);
}

function retrieve(ctx: RouteContext): StripeObject {
  validate(ctx.params, { client_secret: 'string' });
  return requirePaymentIntent(ctx.tx, ctx.pathParams.id!);
}

function update(ctx: RouteContext): StripeObject {
  const v = withShipping(validate(ctx.params, UPDATE));
  checkCardParams(v);
  const pi = requirePaymentIntent(ctx.tx, ctx.pathParams.id!);
  return updatePaymentIntent(ctx.tx, pi, v);
}

function confirm(ctx: RouteContext): StripeObject {
  const v = withShipping(validate(ctx.params, CONFIRM));
  checkOffSession(v);
  const pi = requirePaymentIntent(ctx.tx, ctx.pathParams.id!);
  checkNotCheckoutIntent(ctx.tx, pi, 'confirm');
  return confirmPaymentIntent(ctx.tx, pi, v);
}

function capture(ctx: RouteContext): StripeObject {
  const v = validate(ctx.params, CAPTURE);
  checkCardParams(v);
  const pi = requirePaymentIntent(ctx.tx, ctx.pathParams.id!);
  return capturePaymentIntent(ctx.tx, pi, v);
}

function cancel(ctx: RouteContext): StripeObject {
  const v = validate(ctx.params, { cancellation_reason: { enum: ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] } });
  const pi = requirePaymentIntent(ctx.tx, ctx.pathParams.id!);
  checkNotCheckoutIntent(ctx.tx, pi, 'cancel');
  return cancelPaymentIntent(ctx.tx, pi, v.cancellation_reason ?? null);
}

function authenticate(ctx: RouteContext): StripeObject {
  const v = validate(ctx.params, { outcome: { enum: ['succeed', 'fail'] } });
  const pi = requirePaymentIntent(ctx.tx, ctx.pathParams.id!);
  return authenticatePaymentIntent(ctx.tx, pi, v.outcome ?? 'succeed');
}

export const routes: RouteDef[] = [
  { method: 'POST', pattern: '/v1/payment_intents', handler: create },
  {
    method: 'GET',
    pattern: '/v1/payment_intents',
    handler: (ctx) =>
      listEndpoint(ctx, 'payment_intent', {
        url: '/v1/payment_intents',
        extra: { customer: 'string', customer_account: 'string' },
        where: (x) => {
          const w: Record<string, string> = {};
          if (x.customer !== undefined) w.customer = x.customer;
          if (x.customer_account !== undefined) w.customer_account = x.customer_account;
          return Object.keys(w).length ? w : undefined;
        },
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/payment_intents/search',
    handler: (ctx) => searchEndpoint(ctx, 'payment_intent', { url: '/v1/payment_intents/search', spec: SEARCH }),
  },
  { method: 'GET', pattern: '/v1/payment_intents/:id', handler: retrieve },
  { method: 'POST', pattern: '/v1/payment_intents/:id', handler: update },
  { method: 'POST', pattern: '/v1/payment_intents/:id/confirm', handler: confirm },
  { method: 'POST', pattern: '/v1/payment_intents/:id/capture', handler: capture },
  { method: 'POST', pattern: '/v1/payment_intents/:id/cancel', handler: cancel },
  { method: 'POST', pattern: '/v1/test_helpers/payment_intents/:id/authenticate', handler: authenticate },
];
