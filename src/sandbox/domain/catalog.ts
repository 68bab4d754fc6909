// Products and prices (docs.stripe.com/api/products, /api/prices): the catalogue subscriptions bill
// from. One-time and recurring per-unit prices with `unit_amount` or `unit_amount_decimal`; tiered and
// metered pricing are refused as unmodelled. Amounts are integers in minor units (decimals as exact text).
import type { StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing } from '../core/errors.js';
import { mergeMetadata } from '../core/validate.js';
import { canonicalDecimal, isMinorDecimal, multiplyDecimal } from '../../money/decimal.js';
import { MAXIMUM_AMOUNT } from '../../money/currencies.js';

export const INTERVALS = ['day', 'week', 'month', 'year'] as const;
export type Interval = (typeof INTERVALS)[number];
/** Stripe's cap on a recurring interval: one year (12 months, 52 weeks, 365 days). */
const MAX_INTERVAL: Record<Interval, number> = { day: 365, week: 52, month: 12, year: 1 };

export function requireProduct(tx: Tx, id: string, param?: string): StripeObject {
  const p = tx.get('product', id);
  if (!p) throw resourceMissing('product', id, param);
  return p;
}

export function requirePrice(tx: Tx, id: string, param?: string): StripeObject {
  const p = tx.get('price', id);
  if (!p) throw resourceMissing('price', id, param);
  return p;
}

export interface ProductParams {
  name?: string;
  active?: boolean;
  description?: string | null;
  metadata?: Record<string, string>;
  images?: string[];
  statement_descriptor?: string | null;
  unit_label?: string | null;
  url?: string | null;
  shippable?: boolean;
  tax_code?: string | null;
  id?: string;
  default_price?: string | null;
  default_price_data?: { currency: string; unit_amount?: number; unit_amount_decimal?: string; recurring?: RecurringParams };
}

export function createProduct(tx: Tx, p: ProductParams): StripeObject {
  if (!p.name) throw invalidRequest('Missing required param: name.', { code: 'parameter_missing', param: 'name' });
  const id = p.id ?? tx.ids.make('prod', 14);
  if (p.id !== undefined && (tx.get('product', p.id) || tx.get('deleted:product', p.id))) {
    throw invalidRequest(`Product already exists.`, { code: 'resource_already_exists', param: 'id' });
  }
  const now = tx.now();
  const product: StripeObject = {
    id,
    object: 'product',
    active: p.active ?? true,
    created: now,
    default_price: null,
    description: p.description ?? null,
    images: p.images ?? [],
    livemode: false,
    marketing_features: [],
    metadata: mergeMetadata({}, p.metadata),
    name: p.name,
    package_dimensions: null,
    shippable: p.shippable ?? null,
    statement_descriptor: p.statement_descriptor ?? null,
    tax_code: p.tax_code ?? null,
    unit_label: p.unit_label ?? null,
    updated: now,
    url: p.url ?? null,
  };
  tx.insert('product', product);
  tx.emit('product.created', product);
  if (p.default_price_data) {
    const price = createPrice(tx, { ...p.default_price_data, product: id }, 'default_price_data');
    const withDefault = tx.update('product', { ...product, default_price: price.id });
    return withDefault;
  }
  return product;
}

export function updateProduct(tx: Tx, product: StripeObject, p: ProductParams): StripeObject {
  const next: StripeObject = { ...product, metadata: mergeMetadata(product.metadata, p.metadata), updated: tx.now() };
  for (const k of ['name', 'active', 'description', 'images', 'statement_descriptor', 'unit_label', 'url', 'shippable', 'tax_code'] as const) {
    if (p[k] !== undefined) next[k] = p[k];
  }
  if (p.name === '') throw invalidRequest('You must provide a non-empty name.', { param: 'name' });
  if (p.default_price !== undefined) {
    if (p.default_price !== null) {
      const price = requirePrice(tx, p.default_price, 'default_price');
      if (price.product !== product.id) throw invalidRequest(`The price ${price.id} belongs to a different product.`, { param: 'default_price' });
      if (!price.active) throw invalidRequest(`The price ${price.id} is inactive; an inactive price cannot be the default price.`, { param: 'default_price' });
    }
    next.default_price = p.default_price;
  }
  const previous: Record<string, unknown> = {};
  for (const k of Object.keys(next)) if (k !== 'updated' && JSON.stringify(next[k]) !== JSON.stringify(product[k])) previous[k] = product[k];
  tx.update('product', next);
  tx.emit('product.updated', next, previous);
  return next;
}

export function deleteProduct(tx: Tx, product: StripeObject): StripeObject {
  if (tx.list('price', { limit: 1, where: { product: product.id } }).data.length > 0) {
    throw invalidRequest('This product cannot be deleted because it has one or more user-created prices.', { code: 'product_has_prices' });
  }
  tx.remove('product', product.id);
  tx.insert('deleted:product', { id: product.id, object: 'product', created: product.created });
  tx.emit('product.deleted', product);
  return { id: product.id, object: 'product', deleted: true };
}

export interface RecurringParams {
  interval: string;
  interval_count?: number;
  usage_type?: string;
  trial_period_days?: number;
  meter?: string;
}

export interface PriceParams {
  currency?: string;
  product?: string;
  product_data?: { name: string; active?: boolean; metadata?: Record<string, string>; statement_descriptor?: string; unit_label?: string };
  unit_amount?: number;
  unit_amount_decimal?: string;
  recurring?: RecurringParams;
  active?: boolean;
  nickname?: string | null;
  lookup_key?: string | null;
  transfer_lookup_key?: boolean;
  metadata?: Record<string, string>;
  billing_scheme?: string;
  tiers?: unknown;
  tiers_mode?: string;
  tax_behavior?: string;
  custom_unit_amount?: unknown;
  transform_quantity?: unknown;
}

function unmodelled(what: string, param: string) {
  return invalidRequest(`${what} is not modelled by this sandbox: it serves per-unit prices (unit_amount or unit_amount_decimal) only.`, { param });
}

/** Validated `recurring` hash, or null for a one-time price. */
export function recurringOf(r: RecurringParams | undefined, prefix: string): StripeObject['recurring'] {
  if (!r) return null;
  if (!(INTERVALS as readonly string[]).includes(r.interval)) {
    throw invalidRequest(`Invalid ${prefix}[interval]: must be one of day, week, month or year`, { param: `${prefix}[interval]` });
  }
  const interval = r.interval as Interval;
  const count = r.interval_count ?? 1;
  if (count < 1 || count > MAX_INTERVAL[interval]) {
    throw invalidRequest(`Invalid ${prefix}[interval_count]: the maximum billing interval is one year (1 year, 12 months, 52 weeks or 365 days).`, {
      param: `${prefix}[interval_count]`,
    });
  }
  if (r.usage_type === 'metered' || r.meter !== undefined) throw unmodelled('Metered usage', `${prefix}[usage_type]`);
  return { interval, interval_count: count, meter: null, trial_period_days: r.trial_period_days ?? null, usage_type: 'licensed' };
}

/** `unit_amount` or `unit_amount_decimal` as [integer or null, canonical decimal text]. */
export function unitAmountOf(unitAmount: number | undefined, unitAmountDecimal: string | undefined, prefix: string): [number | null, string] {
  const name = (k: string) => (prefix ? `${prefix}[${k}]` : k);
  if (unitAmount !== undefined && unitAmountDecimal !== undefined) {
    throw invalidRequest(`You may only specify one of these parameters: ${name('unit_amount')}, ${name('unit_amount_decimal')}.`, { code: 'parameters_exclusive' });
  }
  if (unitAmount !== undefined) {
    if (unitAmount < 0) throw invalidRequest('This value must be greater than or equal to 0.', { param: name('unit_amount') });
    if (unitAmount > MAXIMUM_AMOUNT) throw invalidRequest(`This value must be less than or equal to ${MAXIMUM_AMOUNT}.`, { param: name('unit_amount') });
    return [unitAmount, String(unitAmount)];
  }
  if (unitAmountDecimal === undefined) {
    throw invalidRequest(`Missing required param: ${name('unit_amount')}.`, { code: 'parameter_missing', param: name('unit_amount') });
  }
  if (!isMinorDecimal(unitAmountDecimal)) {
    throw invalidRequest(`Invalid decimal: ${unitAmountDecimal} (a non-negative number with at most 12 decimal places).`, { param: name('unit_amount_decimal') });
  }
  const canonical = canonicalDecimal(unitAmountDecimal);
  return [/^\d+$/.test(canonical) ? Number(canonical) : null, canonical];
}

export function createPrice(tx: Tx, p: PriceParams, prefix = ''): StripeObject {
  const name = (k: string) => (prefix ? `${prefix}[${k}]` : k);
  if (p.billing_scheme === 'tiered' || p.tiers !== undefined || p.tiers_mode !== undefined) throw unmodelled('Tiered pricing', name('tiers'));
  if (p.custom_unit_amount !== undefined) throw unmodelled('Customer-chosen prices (custom_unit_amount)', name('custom_unit_amount'));
  if (p.transform_quantity !== undefined) throw unmodelled('transform_quantity', name('transform_quantity'));
  if (!p.currency) throw invalidRequest(`Missing required param: ${name('currency')}.`, { code: 'parameter_missing', param: name('currency') });
  let productId = p.product;
  if (productId !== undefined && p.product_data !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: product, product_data.', { code: 'parameters_exclusive' });
  }
  if (productId === undefined) {
    if (!p.product_data) throw invalidRequest(`Missing required param: ${name('product')}.`, { code: 'parameter_missing', param: name('product') });
    productId = createProduct(tx, p.product_data).id;
  } else {
    requireProduct(tx, productId, name('product'));
  }
  const [unitAmount, unitDecimal] = unitAmountOf(p.unit_amount, p.unit_amount_decimal, prefix);
  const recurring = recurringOf(p.recurring, name('recurring'));
  if (p.lookup_key) takeLookupKey(tx, p.lookup_key, p.transfer_lookup_key ?? false);
  const price: StripeObject = {
    id: tx.ids.make('price', 24),
    object: 'price',
    active: p.active ?? true,
    billing_scheme: 'per_unit',
    created: tx.now(),
    currency: p.currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: p.lookup_key ?? null,
    metadata: mergeMetadata({}, p.metadata),
    nickname: p.nickname ?? null,
    product: productId,
    recurring,
    tax_behavior: p.tax_behavior ?? 'unspecified',
    tiers_mode: null,
    transform_quantity: null,
    type: recurring ? 'recurring' : 'one_time',
    unit_amount: unitAmount,
    unit_amount_decimal: unitDecimal,
  };
  tx.insert('price', price);
  tx.emit('price.created', price);
  return price;
}

/** A lookup key names one price per account; `transfer_lookup_key` moves it from the current holder. */
function takeLookupKey(tx: Tx, key: string, transfer: boolean): void {
  const holder = tx.list('price', { limit: 1, where: { lookup_key: key } }).data[0];
  if (!holder) return;
  if (!transfer) {
    throw invalidRequest(`A price (\`${holder.id}\`) already uses that lookup key. Pass transfer_lookup_key=true to move it to this price.`, {
      param: 'lookup_key',
    });
  }
  tx.update('price', { ...holder, lookup_key: null });
}

export function updatePrice(tx: Tx, price: StripeObject, p: PriceParams): StripeObject {
  const next: StripeObject = { ...price, metadata: mergeMetadata(price.metadata, p.metadata) };
  for (const k of ['active', 'nickname', 'tax_behavior'] as const) if (p[k] !== undefined) next[k] = p[k];
  if (p.lookup_key !== undefined && p.lookup_key !== price.lookup_key) {
    if (p.lookup_key) takeLookupKey(tx, p.lookup_key, p.transfer_lookup_key ?? false);
    next.lookup_key = p.lookup_key;
  }
  const previous: Record<string, unknown> = {};
  for (const k of Object.keys(next)) if (JSON.stringify(next[k]) !== JSON.stringify(price[k])) previous[k] = price[k];
  tx.update('price', next);
  tx.emit('price.updated', next, previous);
  return next;
}

/** The amount of `quantity` units at a price: exact, a decimal unit price rounded once at the end. */
export function priceTimes(price: StripeObject, quantity: number): number {
  if (typeof price.unit_amount === 'number') return price.unit_amount * quantity;
  return multiplyDecimal(canonicalDecimal(String(price.unit_amount_decimal ?? '0')), quantity);
}
