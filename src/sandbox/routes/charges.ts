// Charge endpoints (https://docs.stripe.com/api/charges): legacy create with a token or a customer's card, retrieve,
// update, capture (a PaymentIntent's charge captures through its PaymentIntent), list, search.
import type { RouteContext, RouteDef, StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing } from '../core/errors.js';
import { checkCardStatementDescriptors, refuseApplicationFee } from '../core/checks.js';
import { mergeMetadata, validate, type Spec } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import { searchEndpoint, type SearchSpec } from '../core/search.js';
import { registerIncludable } from '../core/expand.js';
import { alreadyCaptured, attemptCharge, captureChargeAmount, cardError, requireCharge } from '../domain/charges.js';
import { checkChargeAmount, formatMajor } from '../domain/money.js';
import { createCardFromToken, instrumentFromCard, requireCustomer, resolvePaymentMethod, type Instrument } from '../domain/payment-methods.js';
import { capturePaymentIntent } from '../domain/payment-intents.js';
import { SHIPPING, shippingOut } from '../domain/specs.js';

const CREATE: Record<string, Spec> = {
  amount: 'integer',
  currency: 'currency',
  source: 'string',
  customer: 'string',
  capture: 'boolean',
  description: 'string',
  metadata: 'metadata',
  receipt_email: 'string',
  shipping: SHIPPING,
  statement_descriptor: 'string',
  statement_descriptor_suffix: 'string',
  transfer_group: 'string',
  on_behalf_of: 'string',
  application_fee_amount: 'integer',
  radar_options: { object: { session: 'string' } },
};

const UPDATE: Record<string, Spec> = {
  customer: 'string',
  description: { nullable: 'string' },
  fraud_details: { object: { user_report: { nullable: { enum: ['fraudulent', 'safe'] } } } },
  metadata: 'metadata',
  receipt_email: { nullable: 'string' },
  shipping: SHIPPING,
  transfer_group: 'string',
};

const CAPTURE: Record<string, Spec> = {
  amount: 'integer',
  receipt_email: 'string',
  statement_descriptor: 'string',
  statement_descriptor_suffix: 'string',
  application_fee_amount: 'integer',
  application_fee: 'integer',
  transfer_group: 'string',
};

const SEARCH: SearchSpec = {
  amount: 'numeric',
  'billing_details.address.postal_code': 'token',
  created: 'numeric',
  currency: 'token',
  customer: 'token',
  disputed: 'token',
  metadata: 'metadata',
  'payment_method_details.card.last4': 'token',
  'payment_method_details.card.brand': 'token',
  'payment_method_details.card.exp_month': 'token',
  'payment_method_details.card.exp_year': 'token',
  'payment_method_details.card.fingerprint': 'token',
  payment_intent: 'token',
  refunded: 'token',
  status: 'token',
};

/** What a legacy charge pays with: a token or card source, else the customer's default card. */
function legacyInstrument(tx: Tx, v: Record<string, any>, customer: StripeObject | undefined): Instrument {
  if (v.source) {
    if (v.source.startsWith('tok_')) return instrumentFromCard(tx, createCardFromToken(tx, v.source, null, 'source'));
    if (v.source.startsWith('card_')) {
      const card = tx.get('card', v.source);
      if (!card || (card.customer && card.customer !== customer?.id)) throw resourceMissing('source', v.source, 'source');
      return instrumentFromCard(tx, card);
    }
    if (v.source.startsWith('pm_')) return resolvePaymentMethod(tx, v.source, 'source');
    throw resourceMissing('source', v.source, 'source');
  }
  const cardId = customer?.default_source as string | null | undefined;
  const card = cardId ? tx.get('card', cardId) : undefined;
  if (!card) throw invalidRequest('Cannot charge a customer that has no active card', { code: 'missing', param: 'card' });
  return instrumentFromCard(tx, card);
}

/** The suffix rules of card descriptors, and no Connect fees (the sandbox has no connected accounts). */
function checkChargeFields(v: Record<string, any>): void {
  checkCardStatementDescriptors({ statement_descriptor_suffix: v.statement_descriptor_suffix });
  refuseApplicationFee(v.application_fee_amount, 'application_fee_amount', 'Charge');
  refuseApplicationFee(v.application_fee, 'application_fee', 'Charge');
}

function create(ctx: RouteContext): StripeObject {
  const { tx } = ctx;
  const v = validate(ctx.params, CREATE, ['amount', 'currency']);
  checkChargeFields(v);
  checkChargeAmount(v.amount, v.currency);
  if (!v.source && !v.customer) throw invalidRequest('Must provide source or customer.', { code: 'parameter_missing', param: 'source' });
  const customer = v.customer ? requireCustomer(tx, v.customer) : undefined;
  const instrument = legacyInstrument(tx, v, customer);
  const { charge, decline } = attemptCharge(tx, {
    amount: v.amount,
    currency: v.currency,
    instrument,
    customer: customer?.id ?? null,
    paymentIntent: null,
    capture: v.capture ?? true,
    description: v.description,
    metadata: mergeMetadata({}, v.metadata),
    receipt_email: v.receipt_email,
    shipping: shippingOut(v.shipping),
    statement_descriptor: v.statement_descriptor,
    statement_descriptor_suffix: v.statement_descriptor_suffix,
    transfer_group: v.transfer_group,
  });
  if (decline) throw cardError(decline, { charge });
  return charge;
}

function update(ctx: RouteContext): StripeObject {
  const { tx } = ctx;
  const v = validate(ctx.params, UPDATE);
  const ch = requireCharge(tx, ctx.pathParams.id!);
  const next: StripeObject = { ...ch, metadata: mergeMetadata(ch.metadata, v.metadata) };
  if (v.customer !== undefined) {
    if (ch.customer && ch.customer !== v.customer) throw invalidRequest('This charge already has a customer; it cannot be changed.', { param: 'customer' });
    next.customer = requireCustomer(tx, v.customer).id;
  }
  if (v.transfer_group !== undefined) {
    if (ch.transfer_group && ch.transfer_group !== v.transfer_group) {
      throw invalidRequest('The transfer_group of a charge can be set only once.', { param: 'transfer_group' });
    }
    next.transfer_group = v.transfer_group;
  }
  for (const k of ['description', 'receipt_email'] as const) if (v[k] !== undefined) next[k] = v[k];
  if (v.shipping !== undefined) next.shipping = shippingOut(v.shipping);
  if (v.fraud_details !== undefined) {
    const report = v.fraud_details.user_report;
    const { user_report: _old, ...rest } = ch.fraud_details ?? {};
    next.fraud_details = report ? { ...rest, user_report: report } : rest;
  }
  const previous: Record<string, unknown> = {};
  for (const k of Object.keys(next)) if (JSON.stringify(next[k]) !== JSON.stringify(ch[k])) previous[k] = ch[k];
  tx.update('charge', next);
  if (Object.keys(previous).length > 0) tx.emit('charge.updated', next, previous);
  return next;
}

function capture(ctx: RouteContext): StripeObject {
  const { tx } = ctx;
  const v = validate(ctx.params, CAPTURE);
  checkChargeFields(v);
  const ch = requireCharge(tx, ctx.pathParams.id!);
  if (ch.captured) throw alreadyCaptured(ch);
  if (ch.status !== 'succeeded') throw invalidRequest(`Charge ${ch.id} cannot be captured because it has a status of ${ch.status}.`);
  if (ch.refunded) throw invalidRequest(`Charge ${ch.id} has already been refunded.`, { code: 'charge_already_refunded' });
  const amount = v.amount ?? ch.amount;
  if (amount < 1) throw invalidRequest('This value must be greater than or equal to 1.', { param: 'amount', code: 'parameter_invalid_integer' });
  if (amount > ch.amount) {
    throw invalidRequest(
      `The amount to capture (${formatMajor(amount, ch.currency)}) is greater than the amount authorized on this charge (${formatMajor(ch.amount, ch.currency)}).`,
      { param: 'amount', code: 'amount_too_large' },
    );
  }
  if (ch.payment_intent) {
    const pi = tx.get('payment_intent', ch.payment_intent);
    if (pi) {
      capturePaymentIntent(tx, pi, {
        amount_to_capture: amount,
        statement_descriptor: v.statement_descriptor,
        statement_descriptor_suffix: v.statement_descriptor_suffix,
      });
      return tx.get('charge', ch.id)!;
    }
  }
  const base = {
    ...ch,
    ...(v.receipt_email !== undefined ? { receipt_email: v.receipt_email } : {}),
    ...(v.statement_descriptor !== undefined ? { statement_descriptor: v.statement_descriptor } : {}),
    ...(v.statement_descriptor_suffix !== undefined ? { statement_descriptor_suffix: v.statement_descriptor_suffix } : {}),
  };
  return captureChargeAmount(tx, base, amount);
}

registerIncludable('charge', 'refunds', (tx, ch) => {
  const page = tx.list('refund', { limit: 100, where: { charge: ch.id } });
  return { object: 'list', data: page.data, has_more: page.hasMore, total_count: page.data.length, url: `/v1/charges/${ch.id}/refunds` };
});

export const routes: RouteDef[] = [
  { method: 'POST', pattern: '/v1/charges', handler: create },
  {
    method: 'GET',
    pattern: '/v1/charges',
    handler: (ctx) =>
      listEndpoint(ctx, 'charge', {
        url: '/v1/charges',
        extra: { customer: 'string', payment_intent: 'string', transfer_group: 'string' },
        where: (x) => (Object.keys(x).length ? { ...x } : undefined),
      }),
  },
  { method: 'GET', pattern: '/v1/charges/search', handler: (ctx) => searchEndpoint(ctx, 'charge', { url: '/v1/charges/search', spec: SEARCH }) },
  {
    method: 'GET',
    pattern: '/v1/charges/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return requireCharge(ctx.tx, ctx.pathParams.id!);
    },
  },
  { method: 'POST', pattern: '/v1/charges/:id', handler: update },
  { method: 'POST', pattern: '/v1/charges/:id/capture', handler: capture },
  {
    method: 'GET',
    pattern: '/v1/charges/:id/refunds',
    handler: (ctx) => {
      requireCharge(ctx.tx, ctx.pathParams.id!);
      return listEndpoint(ctx, 'refund', { url: `/v1/charges/${ctx.pathParams.id}/refunds`, where: () => ({ charge: ctx.pathParams.id! }) });
    },
  },
];
