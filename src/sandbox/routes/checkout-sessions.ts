// Checkout Session endpoints (https://docs.stripe.com/api/checkout/sessions) and the sandbox-only
// `POST /v1/test_helpers/checkout/sessions/:id/complete` that stands in for the hosted payment page.
import type { RouteDef } from '../core/types.js';
import { checkCardStatementDescriptors, refuseTaxRates } from '../core/checks.js';
import { mergeMetadata, validate, type Spec } from '../core/validate.js';
import { listEndpoint, checkLimit } from '../core/list.js';
import { invalidRequest } from '../core/errors.js';
import { registerIncludable } from '../core/expand.js';
import { completeSession, createSession, expireSession, itemsPage, requireSession } from '../domain/checkout.js';
import { SHIPPING, shippingOut } from '../domain/specs.js';

const PRICE_DATA: Spec = {
  object: {
    currency: 'currency',
    product: 'string',
    product_data: {
      object: { name: 'string', description: 'string', images: { array: 'string' }, metadata: 'metadata', tax_code: 'string', unit_label: 'string' },
      required: ['name'],
    },
    unit_amount: 'integer',
    unit_amount_decimal: 'string',
    tax_behavior: { enum: ['exclusive', 'inclusive', 'unspecified'] },
    recurring: 'any',
  },
  required: ['currency'],
};

const CREATE: Record<string, Spec> = {
  mode: { enum: ['payment', 'setup', 'subscription'] },
  line_items: {
    array: {
      object: {
        price: 'string',
        price_data: PRICE_DATA,
        quantity: 'integer',
        adjustable_quantity: { object: { enabled: 'boolean', maximum: 'integer', minimum: 'integer' } },
        tax_rates: { array: 'string' },
        dynamic_tax_rates: { array: 'string' },
      },
    },
  },
  success_url: 'string',
  cancel_url: 'string',
  return_url: 'string',
  customer: 'string',
  customer_email: 'string',
  customer_creation: { enum: ['always', 'if_required'] },
  client_reference_id: 'string',
  metadata: 'metadata',
  currency: 'currency',
  expires_at: 'timestamp',
  ui_mode: { enum: ['hosted_page', 'hosted', 'embedded_page', 'embedded', 'elements', 'custom', 'form'] },
  locale: 'string',
  submit_type: { enum: ['auto', 'book', 'donate', 'pay', 'subscribe'] },
  billing_address_collection: { enum: ['auto', 'required'] },
  allowed_payment_method_types: { array: 'string' },
  payment_method_types: { array: 'string' },
  payment_intent_data: {
    object: {
      capture_method: { enum: ['automatic', 'automatic_async', 'manual'] },
      description: 'string',
      metadata: 'metadata',
      receipt_email: 'string',
      setup_future_usage: { enum: ['on_session', 'off_session'] },
      statement_descriptor: 'string',
      statement_descriptor_suffix: 'string',
      transfer_group: 'string',
      shipping: SHIPPING,
    },
  },
  setup_intent_data: { object: { description: 'string', metadata: 'metadata' } },
  phone_number_collection: { object: { enabled: 'boolean' }, required: ['enabled'] },
  allow_promotion_codes: 'boolean',
};

registerIncludable('checkout.session', 'line_items', (tx, cs) => itemsPage(tx, cs, { limit: 100 }));

export const routes: RouteDef[] = [
  {
    method: 'POST',
    pattern: '/v1/checkout/sessions',
    handler: (ctx) => {
      const v = validate(ctx.params, CREATE);
      (v.line_items ?? []).forEach((li: Record<string, any>, i: number) => {
        refuseTaxRates(li.tax_rates, `line_items[${i}][tax_rates]`);
        refuseTaxRates(li.dynamic_tax_rates, `line_items[${i}][dynamic_tax_rates]`);
      });
      if (v.payment_intent_data) checkCardStatementDescriptors(v.payment_intent_data, 'payment_intent_data');
      if (v.payment_intent_data?.shipping !== undefined) v.payment_intent_data.shipping = shippingOut(v.payment_intent_data.shipping);
      return createSession(ctx.tx, v);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/checkout/sessions',
    handler: (ctx) =>
      listEndpoint(ctx, 'checkout.session', {
        url: '/v1/checkout/sessions',
        extra: {
          status: { enum: ['open', 'complete', 'expired'] },
          customer: 'string',
          customer_account: 'string',
          payment_intent: 'string',
          payment_link: 'string',
          subscription: 'string',
          customer_details: { object: { email: 'string' }, required: ['email'] },
        },
        where: (x) => {
          const w: Record<string, string> = {};
          for (const k of ['status', 'customer', 'customer_account', 'payment_intent', 'payment_link', 'subscription'] as const) if (x[k] !== undefined) w[k] = x[k];
          if (x.customer_details) w['customer_details.email'] = x.customer_details.email;
          return Object.keys(w).length ? w : undefined;
        },
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/checkout/sessions/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return requireSession(ctx.tx, ctx.pathParams.id!);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/checkout/sessions/:id',
    handler: (ctx) => {
      const v = validate(ctx.params, { metadata: 'metadata' });
      const cs = requireSession(ctx.tx, ctx.pathParams.id!);
      const next = { ...cs, metadata: mergeMetadata(cs.metadata, v.metadata) };
      ctx.tx.update('checkout.session', next);
      return next;
    },
  },
  {
    method: 'POST',
    pattern: '/v1/checkout/sessions/:id/expire',
    handler: (ctx) => {
      validate(ctx.params, {});
      return expireSession(ctx.tx, requireSession(ctx.tx, ctx.pathParams.id!));
    },
  },
  {
    method: 'GET',
    pattern: '/v1/checkout/sessions/:id/line_items',
    handler: (ctx) => {
      const v = validate(ctx.params, { limit: 'integer', starting_after: 'string', ending_before: 'string' });
      if (v.starting_after !== undefined && v.ending_before !== undefined) {
        throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', { code: 'parameters_exclusive' });
      }
      const cs = requireSession(ctx.tx, ctx.pathParams.id!);
      return itemsPage(ctx.tx, cs, { limit: checkLimit(v.limit), startingAfter: v.starting_after, endingBefore: v.ending_before }) as never;
    },
  },
  {
    method: 'POST',
    pattern: '/v1/test_helpers/checkout/sessions/:id/complete',
    handler: (ctx) => {
      const v = validate(ctx.params, { payment_method: 'string', email: 'string', name: 'string' });
      return completeSession(ctx.tx, requireSession(ctx.tx, ctx.pathParams.id!), v);
    },
  },
];
