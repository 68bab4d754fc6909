// Checkout Sessions (https://docs.stripe.com/api/checkout/sessions) in payment and setup mode: creation with inline or stored prices, the
// sandbox-only "complete" helper that pays like the hosted page would, expiry (explicit or by time).
import type { StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing, StripeError } from '../core/errors.js';
import { mergeMetadata } from '../core/validate.js';
import { base62Digest } from '../core/ids.js';
import { MAXIMUM_AMOUNT, minimumChargeAmount } from '../../money/currencies.js';
import { checkThreeDecimal, formatMajor } from './money.js';
import { canonicalDecimal, isMinorDecimal, multiplyDecimal, wholeDecimal } from '../../money/decimal.js';
import { newCustomerObject } from './customers.js';
import { requireCustomer } from './payment-methods.js';
import { authenticatePaymentIntent, cancelPaymentIntent, CANCELABLE, confirmPaymentIntent, createPaymentIntent } from './payment-intents.js';
import { scheduleAt } from './schedule.js';
import { authenticateSetupIntent, cancelSetupIntent, createSetupIntent } from './setup-intents.js';

const ITEMS_KEY = (id: string) => `checkout_items:${id}`;
const PI_DATA_KEY = (id: string) => `checkout_pi_data:${id}`;
const SETUP_DATA_KEY = (id: string) => `checkout_setup_data:${id}`;
const SESSION_OF_PI_KEY = (pi: string) => `checkout_session_of:${pi}`;

/** The Checkout Session a PaymentIntent belongs to (it was created by the complete helper), if any. */
function checkoutSessionOf(tx: Tx, paymentIntent: string): string | undefined {
  return tx.getMeta(SESSION_OF_PI_KEY(paymentIntent));
}

/** Stripe refuses to confirm or cancel a Checkout Session's PaymentIntent directly: expire the session instead. */
export function checkNotCheckoutIntent(tx: Tx, pi: StripeObject, action: 'confirm' | 'cancel'): void {
  if (!checkoutSessionOf(tx, pi.id)) return;
  if (action === 'cancel' && pi.status === 'requires_capture') return;
  throw invalidRequest('You cannot perform this action on PaymentIntents created by Checkout.');
}
export const DEFAULT_EXPIRY_SECONDS = 24 * 3600;
const MIN_EXPIRY_SECONDS = 30 * 60;

export function requireSession(tx: Tx, id: string): StripeObject {
  const cs = tx.get('checkout.session', id);
  if (!cs) throw resourceMissing('checkout.session', id);
  return cs;
}

export interface LineItemParam {
  price?: string;
  price_data?: {
    currency: string;
    product?: string;
    product_data?: { name: string; description?: string; images?: string[]; metadata?: Record<string, string>; tax_code?: string; unit_label?: string };
    unit_amount?: number;
    unit_amount_decimal?: string;
    tax_behavior?: string;
    recurring?: unknown;
  };
  quantity?: number;
  adjustable_quantity?: unknown;
  tax_rates?: string[];
}

export interface SessionParams {
  mode?: string;
  line_items?: LineItemParam[];
  success_url?: string;
  cancel_url?: string;
  return_url?: string;
  customer?: string;
  customer_email?: string;
  customer_creation?: 'always' | 'if_required';
  client_reference_id?: string;
  metadata?: Record<string, string>;
  currency?: string;
  expires_at?: number;
  ui_mode?: string;
  locale?: string;
  submit_type?: string;
  billing_address_collection?: string;
  allowed_payment_method_types?: string[];
  payment_method_types?: string[];
  payment_intent_data?: Record<string, any>;
  setup_intent_data?: { description?: string; metadata?: Record<string, string> };
  phone_number_collection?: { enabled: boolean };
  allow_promotion_codes?: boolean;
}

/** Builds the `item` objects (with their inline Price) and checks one currency across them. */
function buildItems(tx: Tx, items: LineItemParam[]): StripeObject[] {
  const now = tx.now();
  return items.map((li, i) => {
    const param = `line_items[${i}]`;
    if (li.quantity === undefined) throw invalidRequest(`Missing required param: ${param}[quantity].`, { code: 'parameter_missing', param: `${param}[quantity]` });
    if (li.quantity < 1) throw invalidRequest('This value must be greater than or equal to 1.', { param: `${param}[quantity]` });
    if ((li.price === undefined) === (li.price_data === undefined)) {
      throw invalidRequest(`You must specify either \`price\` or \`price_data\` in ${param}.`, { param });
    }
    let price: StripeObject;
    let description: string;
    if (li.price) {
      const stored = tx.get('price', li.price);
      if (!stored) throw resourceMissing('price', li.price, `${param}[price]`);
      price = stored;
      const product = typeof stored.product === 'string' ? tx.get('product', stored.product) : undefined;
      description = product?.name ?? stored.nickname ?? 'Item';
    } else {
      const pd = li.price_data!;
      if (pd.recurring !== undefined) throw invalidRequest('Recurring prices need mode=subscription, which the sandbox does not offer.', { param: `${param}[price_data][recurring]` });
      if (!pd.product && !pd.product_data) throw invalidRequest(`Missing required param: ${param}[price_data][product_data].`, { code: 'parameter_missing', param: `${param}[price_data][product_data]` });
      if (pd.unit_amount === undefined && pd.unit_amount_decimal === undefined) {
        throw invalidRequest(`Missing required param: ${param}[price_data][unit_amount].`, { code: 'parameter_missing', param: `${param}[price_data][unit_amount]` });
      }
      if (pd.unit_amount !== undefined && pd.unit_amount < 0) throw invalidRequest('This value must be greater than or equal to 0.', { param: `${param}[price_data][unit_amount]` });
      if (pd.unit_amount === undefined && !isMinorDecimal(pd.unit_amount_decimal!)) {
        throw invalidRequest(`Invalid decimal: ${pd.unit_amount_decimal} (a non-negative number with at most 12 decimal places).`, { param: `${param}[price_data][unit_amount_decimal]` });
      }
      // The unit price stays exact (`12.5` cents); the line total is rounded once, as on invoices.
      const unitDecimal = pd.unit_amount !== undefined ? String(pd.unit_amount) : canonicalDecimal(pd.unit_amount_decimal!);
      description = pd.product_data?.name ?? 'Item';
      price = {
        id: tx.ids.make('price', 24),
        object: 'price',
        active: false,
        billing_scheme: 'per_unit',
        created: now,
        currency: pd.currency,
        custom_unit_amount: null,
        livemode: false,
        lookup_key: null,
        metadata: {},
        nickname: null,
        product: pd.product ?? tx.ids.make('prod', 14),
        recurring: null,
        tax_behavior: pd.tax_behavior ?? 'unspecified',
        tiers_mode: null,
        transform_quantity: null,
        type: 'one_time',
        // Stripe gives unit_amount only when the price is a whole number of minor units.
        unit_amount: wholeDecimal(unitDecimal) ?? null,
        unit_amount_decimal: unitDecimal,
      };
    }
    const subtotal = typeof price.unit_amount === 'number' ? price.unit_amount * li.quantity : multiplyDecimal(canonicalDecimal(String(price.unit_amount_decimal ?? '0')), li.quantity);
    if (subtotal > MAXIMUM_AMOUNT) throw invalidRequest(`Amount must be no more than ${formatMajor(MAXIMUM_AMOUNT, price.currency)}`, { param, code: 'amount_too_large' });
    const aq = li.adjustable_quantity as { enabled?: boolean; maximum?: number; minimum?: number } | undefined;
    return {
      id: tx.ids.make('li', 24),
      object: 'item',
      adjustable_quantity: aq ? { enabled: aq.enabled ?? false, maximum: aq.maximum ?? null, minimum: aq.minimum ?? null } : null,
      amount_discount: 0,
      amount_subtotal: subtotal,
      amount_tax: 0,
      amount_total: subtotal,
      currency: price.currency,
      description,
      metadata: {},
      price,
      quantity: li.quantity,
    };
  });
}

export function createSession(tx: Tx, p: SessionParams): StripeObject {
  const mode = p.mode ?? 'payment';
  if (mode !== 'payment' && mode !== 'setup') throw invalidRequest(`The sandbox supports Checkout Sessions in mode=payment and mode=setup only (got ${mode}).`, { param: 'mode' });
  // mode=setup saves a card with a SetupIntent at completion: no line items, nothing charged.
  if (mode === 'setup') return createSetupModeSession(tx, p);
  if (!p.line_items || p.line_items.length === 0) throw invalidRequest('Missing required param: line_items.', { code: 'parameter_missing', param: 'line_items' });
  if (p.line_items.length > 100) throw invalidRequest('You may only specify up to 100 line items in payment mode.', { param: 'line_items' });
  if (p.customer && p.customer_email) throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', { code: 'parameters_exclusive' });
  if (p.customer && p.customer_creation) throw invalidRequest('You may only specify one of these parameters: customer, customer_creation.', { code: 'parameters_exclusive' });
  const customer = p.customer ? requireCustomer(tx, p.customer) : undefined;
  const items = buildItems(tx, p.line_items);
  const currency = items[0]!.currency;
  if (items.some((i) => i.currency !== currency)) throw invalidRequest('All line items must use the same currency.', { param: 'line_items' });
  if (p.currency && p.currency !== currency) throw invalidRequest(`The currency (${p.currency}) does not match the line items' currency (${currency}).`, { param: 'currency' });
  const total = items.reduce((s, i) => s + i.amount_total, 0);
  if (total > 0 && total < minimumChargeAmount(currency)) {
    throw invalidRequest(
      `The Checkout Session's total amount due must add up to at least ${formatMajor(minimumChargeAmount(currency), currency)} ${currency}`,
      { param: 'line_items', code: 'amount_too_small' },
    );
  }
  if (total > MAXIMUM_AMOUNT) throw invalidRequest(`Amount must be no more than ${formatMajor(MAXIMUM_AMOUNT, currency)}`, { param: 'line_items', code: 'amount_too_large' });
  checkThreeDecimal(total, currency, 'line_items');
  const now = tx.now();
  const expiresAt = p.expires_at ?? now + DEFAULT_EXPIRY_SECONDS;
  if (expiresAt < now + MIN_EXPIRY_SECONDS || expiresAt > now + DEFAULT_EXPIRY_SECONDS) {
    throw invalidRequest('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', { param: 'expires_at' });
  }
  return insertSession(tx, p, { mode, customer, items, currency, total, expiresAt });
}

/** mode=setup: no line items or amounts, `payment_status: no_payment_required`. */
function createSetupModeSession(tx: Tx, p: SessionParams): StripeObject {
  if (p.line_items?.length) throw invalidRequest('You cannot pass `line_items` in `setup` mode.', { param: 'line_items' });
  // Required in setup mode unless allowed_payment_method_types is set (docs.stripe.com/api/checkout/sessions/create).
  if (!p.currency && !p.payment_method_types && !p.allowed_payment_method_types) {
    throw invalidRequest('Missing required param: currency.', { code: 'parameter_missing', param: 'currency' });
  }
  if (p.customer && p.customer_email) throw invalidRequest('You may only specify one of these parameters: customer, customer_email.', { code: 'parameters_exclusive' });
  const customer = p.customer ? requireCustomer(tx, p.customer) : undefined;
  const now = tx.now();
  const expiresAt = p.expires_at ?? now + DEFAULT_EXPIRY_SECONDS;
  if (expiresAt < now + MIN_EXPIRY_SECONDS || expiresAt > now + DEFAULT_EXPIRY_SECONDS) {
    throw invalidRequest('The `expires_at` timestamp must be between 30 minutes and 24 hours from Checkout Session creation.', { param: 'expires_at' });
  }
  const cs = insertSession(tx, p, { mode: 'setup', customer, items: [], currency: p.currency ?? null, total: null, expiresAt });
  if (p.setup_intent_data) tx.setMeta(SETUP_DATA_KEY(cs.id), JSON.stringify(p.setup_intent_data));
  return cs;
}

function insertSession(
  tx: Tx,
  p: SessionParams,
  s: { mode: string; customer: StripeObject | undefined; items: StripeObject[]; currency: string | null; total: number | null; expiresAt: number },
): StripeObject {
  const { mode, customer, items, currency, total, expiresAt } = s;
  const now = tx.now();
  const id = tx.ids.make('cs_test', 58);
  const types = p.allowed_payment_method_types ?? p.payment_method_types ?? ['card'];
  const cs: StripeObject = {
    id,
    object: 'checkout.session',
    adaptive_pricing: { enabled: false },
    after_expiration: null,
    allow_promotion_codes: p.allow_promotion_codes ?? null,
    allowed_payment_method_types: p.allowed_payment_method_types ?? null,
    amount_subtotal: total,
    amount_total: total,
    automatic_tax: { enabled: false, liability: null, provider: null, status: null },
    billing_address_collection: p.billing_address_collection ?? null,
    cancel_url: p.cancel_url ?? null,
    client_reference_id: p.client_reference_id ?? null,
    client_secret: null,
    collected_information: null,
    consent: null,
    consent_collection: null,
    created: now,
    currency,
    currency_conversion: null,
    custom_fields: [],
    custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null },
    customer: customer?.id ?? null,
    customer_account: null,
    customer_creation: customer || mode === 'setup' ? null : (p.customer_creation ?? 'if_required'),
    customer_details: p.customer_email || customer
      ? { address: null, business_name: null, email: p.customer_email ?? customer?.email ?? null, individual_name: null, name: null, phone: null, tax_exempt: 'none', tax_ids: null }
      : null,
    customer_email: p.customer_email ?? null,
    discounts: [],
    expires_at: expiresAt,
    integration_identifier: null,
    invoice: null,
    invoice_creation: null,
    livemode: false,
    locale: p.locale ?? null,
    managed_payments: null,
    metadata: mergeMetadata({}, p.metadata),
    mode,
    payment_intent: null,
    origin_context: null,
    payment_link: null,
    payment_method_collection: 'if_required',
    payment_method_configuration_details: null,
    payment_method_options: { card: { request_three_d_secure: 'automatic' } },
    payment_method_types: types,
    payment_status: mode === 'setup' ? 'no_payment_required' : 'unpaid',
    permissions: null,
    phone_number_collection: { enabled: p.phone_number_collection?.enabled ?? false },
    recovered_from: null,
    saved_payment_method_options: null,
    setup_intent: null,
    shipping_address_collection: null,
    shipping_cost: null,
    shipping_options: [],
    status: 'open',
    submit_type: p.submit_type ?? null,
    subscription: null,
    success_url: p.success_url ?? null,
    total_details: total === null ? null : { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    ui_mode: p.ui_mode ?? 'hosted_page',
    url: `https://checkout.stripe.com/c/pay/${id}`,
    wallet_options: null,
  };
  tx.insert('checkout.session', cs);
  tx.setMeta(ITEMS_KEY(id), JSON.stringify(items));
  if (p.payment_intent_data) tx.setMeta(PI_DATA_KEY(id), JSON.stringify(p.payment_intent_data));
  scheduleAt(tx, expiresAt);
  return cs;
}

function sessionItems(tx: Tx, id: string): StripeObject[] {
  const raw = tx.getMeta(ITEMS_KEY(id));
  return raw ? (JSON.parse(raw) as StripeObject[]) : [];
}

/** Paginates a session's items the way list endpoints do (the order they were given in). */
export function itemsPage(tx: Tx, cs: StripeObject, q: { limit: number; startingAfter?: string; endingBefore?: string }): Record<string, unknown> {
  const all = sessionItems(tx, cs.id);
  let start = 0;
  let end = all.length;
  if (q.startingAfter !== undefined) {
    const i = all.findIndex((x) => x.id === q.startingAfter);
    if (i < 0) throw resourceMissing('line item', q.startingAfter, 'starting_after');
    start = i + 1;
  }
  if (q.endingBefore !== undefined) {
    const i = all.findIndex((x) => x.id === q.endingBefore);
    if (i < 0) throw resourceMissing('line item', q.endingBefore, 'ending_before');
    end = i;
    start = Math.max(0, end - q.limit);
  }
  const data = all.slice(start, Math.min(end, start + q.limit));
  const hasMore = q.endingBefore !== undefined ? start > 0 : start + data.length < end;
  return { object: 'list', data, has_more: hasMore, url: `/v1/checkout/sessions/${cs.id}/line_items` };
}

function newCustomer(tx: Tx, email: string | null): StripeObject {
  const c = newCustomerObject(tx, (id) => base62Digest(id, 8).toUpperCase());
  c.email = email;
  tx.insert('customer', c);
  tx.emit('customer.created', c);
  return c;
}

function declineFromPi(pi: StripeObject): StripeError {
  const e = pi.last_payment_error ?? {};
  return new StripeError(
    402,
    {
      type: 'card_error',
      code: e.code ?? 'card_declined',
      ...(e.decline_code ? { decline_code: e.decline_code } : {}),
      message: e.message ?? 'Your card was declined.',
      ...(e.charge ? { charge: e.charge } : {}),
      payment_intent: pi,
    },
    { commit: true },
  );
}

/**
 * Sandbox-only: pays an open session as the hosted page would. The customer "completes" any 3-D Secure
 * challenge; a decline answers 402 and leaves the session open (its PaymentIntent can be retried).
 */
export function completeSession(tx: Tx, cs: StripeObject, p: { payment_method?: string; email?: string; name?: string }): StripeObject {
  if (cs.status !== 'open') throw invalidRequest(`This Checkout Session is ${cs.status} and can no longer be completed.`);
  const email = p.email ?? cs.customer_email ?? cs.customer_details?.email ?? null;
  let customerId: string | null = cs.customer;
  if (!customerId && cs.customer_creation === 'always') customerId = newCustomer(tx, email).id;
  let pi: StripeObject | undefined = cs.payment_intent ? tx.get('payment_intent', cs.payment_intent) : undefined;
  let paymentStatus = 'no_payment_required';
  const setupIntent = cs.mode === 'setup' ? completeSetup(tx, cs, customerId, p.payment_method ?? 'pm_card_visa') : null;
  if (cs.mode !== 'setup' && cs.amount_total > 0) {
    const pid = JSON.parse(tx.getMeta(PI_DATA_KEY(cs.id)) ?? '{}') as Record<string, any>;
    const method = p.payment_method ?? 'pm_card_visa';
    try {
      if (pi && ['requires_payment_method', 'requires_confirmation'].includes(pi.status)) {
        pi = confirmPaymentIntent(tx, pi, { payment_method: method });
      } else {
        pi = createPaymentIntent(tx, {
          amount: cs.amount_total,
          currency: cs.currency,
          customer: customerId ?? undefined,
          payment_method: method,
          confirm: true,
          payment_method_types: cs.payment_method_types,
          capture_method: pid.capture_method,
          description: pid.description,
          metadata: pid.metadata ?? {},
          receipt_email: pid.receipt_email ?? email ?? undefined,
          setup_future_usage: pid.setup_future_usage,
          statement_descriptor: pid.statement_descriptor,
          statement_descriptor_suffix: pid.statement_descriptor_suffix,
          transfer_group: pid.transfer_group,
          shipping: pid.shipping,
        });
      }
      if (pi.status === 'requires_action') {
        pi = authenticatePaymentIntent(tx, pi, 'succeed');
        if (pi.status === 'requires_payment_method') throw declineFromPi(pi);
      }
    } catch (err) {
      const failed = err instanceof StripeError ? (err.body.payment_intent as StripeObject | undefined) : undefined;
      if (failed && err instanceof StripeError && err.commit) {
        // Keep the attempt on the session so a retry confirms the same PaymentIntent.
        tx.update('checkout.session', { ...cs, payment_intent: failed.id, customer: customerId });
        tx.setMeta(SESSION_OF_PI_KEY(failed.id), cs.id);
      }
      throw err;
    }
    paymentStatus = pi.status === 'succeeded' ? 'paid' : 'unpaid';
    tx.setMeta(SESSION_OF_PI_KEY(pi.id), cs.id);
  }
  const customer = customerId ? tx.get('customer', customerId) : undefined;
  const done: StripeObject = {
    ...cs,
    status: 'complete',
    payment_status: paymentStatus,
    payment_intent: pi?.id ?? null,
    setup_intent: setupIntent?.id ?? cs.setup_intent ?? null,
    customer: customerId,
    customer_details: {
      address: null,
      business_name: null,
      email: email ?? customer?.email ?? null,
      individual_name: null,
      name: p.name ?? customer?.name ?? null,
      phone: null,
      tax_exempt: 'none',
      tax_ids: [],
    },
    url: null,
  };
  tx.update('checkout.session', done);
  tx.emit('checkout.session.completed', done);
  return done;
}

/**
 * mode=setup completion: a SetupIntent (usage off_session, card-only) is created and confirmed with the
 * card, its 3-D Secure challenge "completed" as the hosted page would; a decline card answers 402 and
 * leaves the session open with the failed SetupIntent on it.
 */
function completeSetup(tx: Tx, cs: StripeObject, customerId: string | null, method: string): StripeObject {
  const data = JSON.parse(tx.getMeta(SETUP_DATA_KEY(cs.id)) ?? '{}') as { description?: string; metadata?: Record<string, string> };
  try {
    let si = createSetupIntent(tx, {
      customer: customerId ?? undefined,
      payment_method: method,
      confirm: true,
      usage: 'off_session',
      payment_method_types: cs.payment_method_types,
      description: data.description,
      metadata: data.metadata,
    });
    if (si.status === 'requires_action') si = authenticateSetupIntent(tx, si, 'succeed');
    return si;
  } catch (err) {
    const failed = err instanceof StripeError && err.commit ? (err.body.setup_intent as StripeObject | undefined) : undefined;
    if (failed) tx.update('checkout.session', { ...cs, setup_intent: failed.id, customer: customerId });
    throw err;
  }
}

export function expireSession(tx: Tx, cs: StripeObject): StripeObject {
  if (cs.status !== 'open') {
    throw invalidRequest(`Only Checkout Sessions with a status of open can be expired; this one is ${cs.status}.`);
  }
  if (cs.payment_intent) {
    const pi = tx.get('payment_intent', cs.payment_intent);
    if (pi && CANCELABLE.includes(pi.status)) cancelPaymentIntent(tx, pi, 'abandoned');
  }
  const si = cs.setup_intent ? tx.get('setup_intent', cs.setup_intent) : undefined;
  if (si && ['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(si.status)) cancelSetupIntent(tx, si, 'abandoned');
  const expired = { ...cs, status: 'expired', url: null };
  tx.update('checkout.session', expired);
  tx.emit('checkout.session.expired', expired);
  return expired;
}

/** Tick work: expires open sessions past `expires_at`; returns the next expiry. */
export function expireSessions(tx: Tx, now: number): number {
  for (let round = 0; round < 1000; round++) {
    const page = tx.list('checkout.session', { limit: 100, where: { status: 'open' }, ranges: { expires_at: { lte: now } } });
    for (const cs of page.data) expireSession(tx, cs);
    if (!page.hasMore) break;
  }
  return tx.min('checkout.session', 'expires_at', { where: { status: 'open' } }) ?? Infinity;
}
