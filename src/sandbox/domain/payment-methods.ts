// Payment instruments: magic test PaymentMethods (`pm_card_visa`) and tokens (`tok_visa`) cloned into
// real `pm_…` / `card_…` objects, the behaviour each clone remembers, and attach/detach to customers.
import type { StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing, StripeError } from '../core/errors.js';
import { base62Digest } from '../core/ids.js';
import { mergeMetadata } from '../core/validate.js';
import { addressOut } from './specs.js';
import { brandOf, cardByNumber, legacyBrand, luhnValid, magicPaymentMethod, magicToken, testCard, type Brand, type TestCard } from './cards.js';

const PROFILE = (id: string) => `card_profile:${id}`;
/** Set once a PaymentMethod can never be used again: consumed by a payment without being attached, or detached. */
const CONSUMED = (id: string) => `pm_consumed:${id}`;

// Stripe's wording for PaymentMethod ownership errors (docs.stripe.com/payments/payment-methods#attaching:
// a PaymentMethod not attached to a Customer is single-use; an attached one is used only for its Customer).
export const REUSE_AFTER_CONSUMED =
  'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.';
const ATTACH_AFTER_CONSUMED =
  'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.';

const DISPLAY_BRAND: Record<Brand, string> = {
  visa: 'visa',
  mastercard: 'mastercard',
  amex: 'american_express',
  discover: 'discover',
  diners: 'diners_club',
  jcb: 'jcb',
  unionpay: 'unionpay',
};

/** What a charge needs to know about whatever is paying: a PaymentMethod or a legacy card source. */
export interface Instrument {
  id: string;
  kind: 'payment_method' | 'card';
  object: StripeObject;
  profile: TestCard;
  brand: Brand;
  last4: string;
  exp_month: number;
  exp_year: number;
  funding: string;
  country: string;
  fingerprint: string;
  customer: string | null;
  billing_details: Record<string, unknown>;
}

function emptyAddress() {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

function cardBasics(tx: Tx, card: TestCard) {
  const year = new Date(tx.now() * 1000).getUTCFullYear();
  return {
    last4: card.number.slice(-4),
    exp_month: 12,
    exp_year: year + 3,
    // Same number → same fingerprint within an account, as on Stripe.
    fingerprint: base62Digest(`${tx.account}:${card.number}`, 16),
  };
}

/** Inserts a new `pm_…` cloned from a catalogue card and remembers its behaviour. */
function clonePaymentMethod(tx: Tx, card: TestCard, extra: { exp_month?: number; exp_year?: number; billing_details?: unknown; metadata?: Record<string, string> } = {}): StripeObject {
  const b = { ...cardBasics(tx, card), ...(extra.exp_month ? { exp_month: extra.exp_month } : {}), ...(extra.exp_year ? { exp_year: extra.exp_year } : {}) };
  const pm: StripeObject = {
    id: tx.ids.make('pm', 24),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: extra.billing_details ?? { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null },
    card: {
      brand: card.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: null },
      country: card.country,
      display_brand: DISPLAY_BRAND[card.brand],
      exp_month: b.exp_month,
      exp_year: b.exp_year,
      fingerprint: b.fingerprint,
      funding: card.funding,
      generated_from: null,
      last4: b.last4,
      networks: { available: [card.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: true },
      wallet: null,
    },
    created: tx.now(),
    customer: null,
    customer_account: null,
    livemode: false,
    metadata: extra.metadata ?? {},
    type: 'card',
  };
  tx.insert('payment_method', pm);
  tx.setMeta(PROFILE(pm.id), card.name);
  return pm;
}

/** Inserts a legacy `card_…` source object from a magic token (`tok_visa`), optionally owned by a customer. */
export function createCardFromToken(tx: Tx, token: string, customer: string | null = null, param = 'source'): StripeObject {
  const card = magicToken(token);
  if (!card) throw invalidRequest(`No such token: '${token}'`, { code: 'resource_missing', param });
  // Saving a decline card as a customer's source fails like attaching it (docs.stripe.com/testing).
  const refusal = customer ? attachDecline(card) : undefined;
  if (refusal) throw refusal;
  const b = cardBasics(tx, card);
  const obj: StripeObject = {
    id: tx.ids.make('card', 24),
    object: 'card',
    address_city: null,
    address_country: null,
    address_line1: null,
    address_line1_check: null,
    address_line2: null,
    address_state: null,
    address_zip: null,
    address_zip_check: card.postalCheck ?? null,
    allow_redisplay: 'unspecified',
    brand: legacyBrand(card.brand),
    country: card.country,
    customer,
    cvc_check: card.cvcCheck ?? 'pass',
    dynamic_last4: null,
    exp_month: b.exp_month,
    exp_year: b.exp_year,
    fingerprint: b.fingerprint,
    funding: card.funding,
    last4: b.last4,
    metadata: {},
    name: null,
    regulated_status: 'unregulated',
    tokenization_method: null,
    wallet: null,
  };
  tx.insert('card', obj);
  tx.setMeta(PROFILE(obj.id), card.name);
  return obj;
}

/** The behaviour recorded for a cloned object; objects made elsewhere behave like `pm_card_visa`. */
export function profileOf(tx: Tx, id: string): TestCard {
  const name = tx.getMeta(PROFILE(id));
  return (name !== undefined ? testCard(name) : undefined) ?? testCard('visa')!;
}

function instrumentFromPaymentMethod(tx: Tx, pm: StripeObject): Instrument {
  const card = pm.card ?? {};
  return {
    id: pm.id,
    kind: 'payment_method',
    object: pm,
    profile: profileOf(tx, pm.id),
    brand: card.brand ?? 'visa',
    last4: card.last4 ?? '4242',
    exp_month: card.exp_month ?? 12,
    exp_year: card.exp_year ?? 2030,
    funding: card.funding ?? 'credit',
    country: card.country ?? 'US',
    fingerprint: card.fingerprint ?? '',
    customer: pm.customer ?? null,
    billing_details: pm.billing_details ?? { address: emptyAddress(), email: null, name: null, phone: null, tax_id: null },
  };
}

export function instrumentFromCard(tx: Tx, card: StripeObject): Instrument {
  const brand = (Object.entries({ visa: 'Visa', mastercard: 'MasterCard', amex: 'American Express', discover: 'Discover', diners: 'Diners Club', jcb: 'JCB', unionpay: 'UnionPay' }).find(
    ([, v]) => v === card.brand,
  )?.[0] ?? 'visa') as Brand;
  return {
    id: card.id,
    kind: 'card',
    object: card,
    profile: profileOf(tx, card.id),
    brand,
    last4: card.last4,
    exp_month: card.exp_month,
    exp_year: card.exp_year,
    funding: card.funding,
    country: card.country,
    fingerprint: card.fingerprint,
    customer: card.customer ?? null,
    billing_details: {
      address: {
        city: card.address_city ?? null,
        country: card.address_country ?? null,
        line1: card.address_line1 ?? null,
        line2: card.address_line2 ?? null,
        postal_code: card.address_zip ?? null,
        state: card.address_state ?? null,
      },
      email: null,
      name: card.name ?? null,
      phone: null,
      tax_id: null,
    },
  };
}

/**
 * Resolves a `payment_method` parameter: a magic `pm_card_*` is cloned into a new PaymentMethod; a stored
 * `pm_…` is loaded; a legacy `card_…` source is accepted too. Unknown → 400 resource_missing on `param`.
 */
export function resolvePaymentMethod(tx: Tx, ref: string, param = 'payment_method'): Instrument {
  const magic = magicPaymentMethod(ref);
  if (magic) return instrumentFromPaymentMethod(tx, clonePaymentMethod(tx, magic));
  if (ref.startsWith('card_')) {
    const card = tx.get('card', ref);
    if (card) return instrumentFromCard(tx, card);
  }
  const pm = tx.get('payment_method', ref);
  if (!pm) throw resourceMissing('PaymentMethod', ref, param);
  return instrumentFromPaymentMethod(tx, pm);
}

/** Reloads an instrument by id (a PI remembers only the id). */
export function loadInstrument(tx: Tx, id: string): Instrument | undefined {
  if (id.startsWith('card_')) {
    const card = tx.get('card', id);
    return card ? instrumentFromCard(tx, card) : undefined;
  }
  const pm = tx.get('payment_method', id);
  return pm ? instrumentFromPaymentMethod(tx, pm) : undefined;
}

export function requireCustomer(tx: Tx, id: string, param = 'customer'): StripeObject {
  const c = tx.get('customer', id);
  if (!c || c.deleted) throw resourceMissing('customer', id, param);
  return c;
}

/** The 402 a decline test card answers when someone tries to save it (attach, customer source, SetupIntent). */
export function attachDecline(card: TestCard): StripeError | undefined {
  if (!card.refuseAttach || !card.decline) return undefined;
  const d = card.decline;
  return new StripeError(402, {
    type: 'card_error',
    code: d.code,
    decline_code: d.decline_code,
    message: d.message,
    ...(d.param ? { param: d.param } : {}),
    ...(d.advice_code ? { advice_code: d.advice_code } : {}),
  });
}

/**
 * Attaches (cloning magic values first). Decline test cards refuse by every path (a magic value, a stored
 * PaymentMethod made from a raw number or `card[token]=tok_…`): docs.stripe.com/testing says only
 * 4000000000000341 (`chargeCustomerFail`) attaches and then declines. A consumed or detached one is refused.
 */
export function attachPaymentMethod(tx: Tx, ref: string, customerId: string, param = 'payment_method'): StripeObject {
  const customer = requireCustomer(tx, customerId);
  const magic = magicPaymentMethod(ref);
  const early = magic ? attachDecline(magic) : undefined;
  if (early) throw early;
  const inst = resolvePaymentMethod(tx, ref, param);
  if (inst.kind !== 'payment_method') throw invalidRequest(`No such PaymentMethod: '${ref}'`, { code: 'resource_missing', param });
  const pm = inst.object;
  if (pm.customer === customer.id) return pm;
  if (pm.customer) {
    throw invalidRequest('The payment method you provided has already been attached to a customer.', { param });
  }
  if (tx.getMeta(CONSUMED(pm.id))) throw invalidRequest(ATTACH_AFTER_CONSUMED, { param });
  const refusal = attachDecline(inst.profile);
  if (refusal) throw refusal;
  const updated = tx.update('payment_method', { ...pm, customer: customer.id });
  tx.emit('payment_method.attached', updated, { customer: null });
  return updated;
}

/**
 * Whether `inst` may pay for `customer` (a PaymentIntent's, or null): a PaymentMethod attached to another
 * Customer, an attached one used without `customer`, and a consumed or detached one are refused with
 * Stripe's 400s. Legacy `card_…` sources follow the same ownership rule.
 */
export function checkUsableBy(
  tx: Tx,
  inst: Instrument,
  customer: string | null | undefined,
  param = 'payment_method',
  intent: 'PaymentIntent' | 'SetupIntent' = 'PaymentIntent',
): void {
  const owner = inst.customer;
  if (owner && customer && owner !== customer) {
    throw invalidRequest(`The customer does not have a payment method with the ID ${inst.id}. The payment method must be attached to the customer.`, { param });
  }
  if (owner && !customer) {
    // Stripe's live wording, widely quoted in integrations' error handling.
    throw invalidRequest(
      `The \`payment_method\` parameter supplied ${inst.id} belongs to the Customer ${owner}. Please include the Customer in the \`customer\` parameter on the ${intent}.`,
      { param },
    );
  }
  if (inst.kind === 'payment_method' && !owner && tx.getMeta(CONSUMED(inst.id))) throw invalidRequest(REUSE_AFTER_CONSUMED, { param });
}

const SET_UP = (id: string) => `pm_setup_off_session:${id}`;

/** Records that this card was set up for off-session use (a SetupIntent with usage=off_session, or setup_future_usage=off_session). */
export function markSetUpForOffSession(tx: Tx, id: string): void {
  tx.setMeta(SET_UP(id), '1');
}

export function isSetUpForOffSession(tx: Tx, id: string): boolean {
  return tx.getMeta(SET_UP(id)) !== undefined;
}

/** After a payment attempt: a PaymentMethod that is still not attached to a Customer is used up. */
export function consumeIfUnattached(tx: Tx, id: string): void {
  if (!id.startsWith('pm_')) return;
  const pm = tx.get('payment_method', id);
  if (pm && !pm.customer) tx.setMeta(CONSUMED(id), '1');
}

export function detachPaymentMethod(tx: Tx, id: string): StripeObject {
  const pm = tx.get('payment_method', id);
  if (!pm) throw resourceMissing('PaymentMethod', id);
  if (!pm.customer) {
    throw invalidRequest('The payment method you provided is not attached to a customer so detachment is impossible.', { param: 'payment_method' });
  }
  const previous = pm.customer as string;
  const updated = tx.update('payment_method', { ...pm, customer: null });
  tx.setMeta(CONSUMED(id), '1');
  // A detached method can no longer be the customer's invoice default.
  const customer = tx.get('customer', previous);
  if (customer?.invoice_settings?.default_payment_method === id) {
    tx.update('customer', { ...customer, invoice_settings: { ...customer.invoice_settings, default_payment_method: null } });
  }
  tx.emit('payment_method.detached', updated, { customer: previous });
  return updated;
}

function cardDataError(code: string, message: string, param: string): StripeError {
  return new StripeError(402, { type: 'card_error', code, message, param });
}

export interface CardPaymentMethodParams {
  card?: { token?: string; number?: string; exp_month?: number; exp_year?: number; cvc?: string };
  billing_details?: Record<string, any>;
  metadata?: Record<string, string>;
}

/**
 * `POST /v1/payment_methods` with `type=card`: from a magic token (`card[token]=tok_visa`) or a test card
 * number. Expiry month 13, a past year, a 2-digit CVC or a Luhn failure give Stripe's card-data errors.
 */
export function createCardPaymentMethod(tx: Tx, p: CardPaymentMethodParams): StripeObject {
  const c = p.card;
  if (!c) throw invalidRequest('Missing required param: card.', { code: 'parameter_missing', param: 'card' });
  const billing = billingDetails(p.billing_details);
  if (c.token) {
    const card = magicToken(c.token);
    if (!card) throw invalidRequest(`No such token: '${c.token}'`, { code: 'resource_missing', param: 'card[token]' });
    return clonePaymentMethod(tx, card, { billing_details: billing, metadata: p.metadata });
  }
  if (!c.number) throw invalidRequest('Missing required param: card[number].', { code: 'parameter_missing', param: 'card[number]' });
  const number = c.number.replace(/\s+/g, '');
  if (c.exp_month === undefined) throw invalidRequest('Missing required param: card[exp_month].', { code: 'parameter_missing', param: 'card[exp_month]' });
  if (c.exp_year === undefined) throw invalidRequest('Missing required param: card[exp_year].', { code: 'parameter_missing', param: 'card[exp_year]' });
  if (c.exp_month < 1 || c.exp_month > 12) throw cardDataError('invalid_expiry_month', "Your card's expiration month is invalid.", 'exp_month');
  const year = c.exp_year < 100 ? 2000 + c.exp_year : c.exp_year;
  const now = new Date(tx.now() * 1000);
  if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && c.exp_month < now.getUTCMonth() + 1)) {
    throw cardDataError('invalid_expiry_year', "Your card's expiration year is invalid.", 'exp_year');
  }
  if (c.cvc !== undefined && !/^\d{3,4}$/.test(c.cvc)) throw cardDataError('invalid_cvc', "Your card's security code is invalid.", 'cvc');
  if (!luhnValid(number)) throw cardDataError('incorrect_number', 'Your card number is incorrect.', 'number');
  const card = cardByNumber(number) ?? { name: 'visa', number, brand: brandOf(number), funding: 'credit' as const, country: 'US' };
  return clonePaymentMethod(tx, card, { exp_month: c.exp_month, exp_year: year, billing_details: billing, metadata: p.metadata });
}

function billingDetails(b: Record<string, any> | undefined): Record<string, unknown> {
  return {
    address: addressOut(b?.address),
    email: b?.email ?? null,
    name: b?.name ?? null,
    phone: b?.phone ?? null,
    tax_id: b?.tax_id ?? null,
  };
}

export function updatePaymentMethod(tx: Tx, pm: StripeObject, p: { billing_details?: Record<string, any>; metadata?: Record<string, string> }): StripeObject {
  const next: StripeObject = { ...pm, metadata: mergeMetadata(pm.metadata ?? {}, p.metadata) };
  if (p.billing_details !== undefined) {
    const cur = pm.billing_details ?? billingDetails(undefined);
    const upd = p.billing_details;
    next.billing_details = {
      ...cur,
      ...Object.fromEntries(Object.entries(upd).filter(([k]) => k !== 'address')),
      address: upd.address ? { ...cur.address, ...upd.address } : cur.address,
    };
  }
  const updated = tx.update('payment_method', next);
  tx.emit('payment_method.updated', updated);
  return updated;
}
