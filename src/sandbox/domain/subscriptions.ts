// Subscriptions (docs.stripe.com/api/subscriptions, /billing/subscriptions/overview) billed by the
// sandbox clock. Each period the tick creates the period's invoice, finalizes it at once and pays it from
// the default payment method; declines move the subscription to past_due and retry on a fixed schedule.
// Served at API 2026-10-28.endive: the billing period lives on each item (`current_period_start/end`).
// Integers only: prorations are computed exactly with BigInt over whole seconds (see prorate()).
import type { StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing, StripeError } from '../core/errors.js';
import { mergeMetadata } from '../core/validate.js';
import { requireCustomer } from './payment-methods.js';
import { createPrice, priceTimes, requirePrice, type Interval, type RecurringParams } from './catalog.js';
import { createInvoice, createInvoiceItem, finalizeInvoice, markUncollectible, onInvoicePaid, payInvoice, voidInvoice } from './invoices.js';

/** Internal per-subscription schedule rows (never served): what is due next and when. */
const DUE = 'sandbox_subscription_due';
const NEXT_DUE = 'subscriptions:next_due';

/** An incomplete subscription whose first invoice stays unpaid expires after 23 hours (Stripe's rule). */
export const INCOMPLETE_EXPIRY_SECONDS = 23 * 3600;
/** customer.subscription.trial_will_end fires 3 days before the trial ends. */
export const TRIAL_WILL_END_SECONDS = 3 * 86_400;
/** invoice.upcoming fires this long before a renewal (Stripe's default "upcoming renewal events" setting). */
export const UPCOMING_SECONDS = 3 * 86_400;
/**
 * Days between failed renewal attempts: retried 3, 5 and 7 days after the previous failure (four
 * attempts over 15 days); after the last failure the subscription is canceled (Stripe's default
 * "cancel the subscription" setting for failed payments). A smart-retries schedule is not modelled.
 */
export const RETRY_DAYS = [3, 5, 7] as const;

export const LIVE_STATUSES = ['active', 'trialing', 'past_due', 'incomplete', 'unpaid'] as const;

interface Due {
  id: string;
  object: string;
  subscription: string;
  created: number;
  /** The billing cycle anchor and the index of the current period's end counted from it. */
  anchor: number;
  cycle: number;
  period_start: number;
  period_end: number;
  expire_at: number | null;
  cancel_at: number | null;
  trial_will_end_at: number | null;
  upcoming_at?: number | null;
  /** pause_collection[resumes_at]. */
  resume_at?: number | null;
  retry_at: number | null;
  due: number;
}

export function requireSubscription(tx: Tx, id: string, param?: string): StripeObject {
  const s = tx.get('subscription', id);
  if (!s) throw resourceMissing('subscription', id, param);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Calendar

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** `t` plus `months` calendar months in UTC, the day clamped to the target month (Jan 31 + 1 = Feb 28/29). */
export function addMonths(t: number, months: number, anchorDay?: number): number {
  const d = new Date(t * 1000);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month0 = total - year * 12;
  const day = Math.min(anchorDay ?? d.getUTCDate(), daysInMonth(year, month0));
  return Date.UTC(year, month0, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()) / 1000;
}

/** The end of period `k` counted from the anchor (period 1 ends one interval after it). Counting from the anchor keeps the 31st. */
export function periodBoundary(anchor: number, interval: Interval, count: number, k: number): number {
  switch (interval) {
    case 'day':
      return anchor + k * count * 86_400;
    case 'week':
      return anchor + k * count * 7 * 86_400;
    case 'month':
      return addMonths(anchor, k * count);
    case 'year':
      return addMonths(anchor, k * count * 12);
  }
}

/**
 * The exact proration of `amount` for `remaining` of `total` seconds: amount × remaining ÷ total in
 * BigInt, rounded half away from zero once at the end (never a float).
 */
export function prorate(amount: number, remaining: number, total: number): number {
  if (total <= 0) return 0;
  const num = BigInt(amount) * BigInt(remaining);
  const den = BigInt(total);
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const q = (abs * 2n + den) / (2n * den);
  return Number(neg ? -q : q);
}

// ---------------------------------------------------------------------------------------------
// Schedule rows

/** Object ids are unique across types, so the row for `sub_x` is `sub_x#due`. */
const dueId = (subId: string) => `${subId}#due`;

function readDue(tx: Tx, subId: string): Due | undefined {
  return tx.get<StripeObject>(DUE, dueId(subId)) as Due | undefined;
}

function writeDue(tx: Tx, sub: StripeObject, row: Due): void {
  const live = (LIVE_STATUSES as readonly string[]).includes(sub.status);
  const renewing = sub.status === 'active' || sub.status === 'trialing' || sub.status === 'past_due';
  const upcoming = renewing && row.cancel_at === null ? (row.upcoming_at ?? null) : null;
  const times = [row.expire_at, row.cancel_at, row.trial_will_end_at, row.retry_at, upcoming, row.resume_at ?? null, renewing ? row.period_end : null].filter(
    (t): t is number => typeof t === 'number',
  );
  const existing = tx.get(DUE, row.id);
  if (!live || times.length === 0) {
    if (existing) tx.remove(DUE, row.id);
    return;
  }
  const next = { ...row, due: Math.min(...times) } as unknown as StripeObject;
  if (existing) tx.update(DUE, next);
  else tx.insert(DUE, next);
  const current = tx.getMeta(NEXT_DUE);
  if (current === undefined || current === '' || next.due < Number(current)) tx.setMeta(NEXT_DUE, String(next.due));
}

/** The earliest time any subscription has work due (the clock's next stop), or undefined. */
export function subscriptionsNextDue(tx: Tx): number | undefined {
  const v = tx.getMeta(NEXT_DUE);
  return v === undefined || v === '' ? undefined : Number(v);
}

// ---------------------------------------------------------------------------------------------
// Items

interface ItemInput {
  id?: string;
  price?: string;
  price_data?: { currency: string; product: string; unit_amount?: number; unit_amount_decimal?: string; recurring: RecurringParams };
  quantity?: number;
  metadata?: Record<string, string>;
  deleted?: boolean;
}

function priceForItem(tx: Tx, it: ItemInput, i: number): StripeObject {
  if (it.price !== undefined && it.price_data !== undefined) {
    throw invalidRequest(`You may only specify one of these parameters: items[${i}][price], items[${i}][price_data].`, { code: 'parameters_exclusive' });
  }
  if (it.price_data) {
    const price = createPrice(tx, { ...it.price_data, active: false }, `items[${i}][price_data]`);
    return price;
  }
  if (it.price === undefined) throw invalidRequest(`Missing required param: items[${i}][price].`, { code: 'parameter_missing', param: `items[${i}][price]` });
  const price = requirePrice(tx, it.price, `items[${i}][price]`);
  if (!price.active) throw invalidRequest(`The price specified is inactive. This field only accepts active prices.`, { param: `items[${i}][price]` });
  return price;
}

function checkPrices(prices: StripeObject[]): void {
  const first = prices[0]!;
  prices.forEach((p, i) => {
    if (!p.recurring) {
      throw invalidRequest(`The price specified is set to \`type=one_time\` but this field only accepts prices with \`type=recurring\`.`, { param: `items[${i}][price]` });
    }
    if (p.currency !== first.currency) throw invalidRequest('All prices on a subscription must have the same currency.', { param: `items[${i}][price]` });
    if (p.recurring.interval !== first.recurring.interval || p.recurring.interval_count !== first.recurring.interval_count) {
      throw invalidRequest('All prices on a subscription must have the same recurring.interval and recurring.interval_count.', { param: `items[${i}][price]` });
    }
  });
}

function newItem(tx: Tx, subId: string, price: StripeObject, quantity: number, metadata: Record<string, string> | undefined, start: number, end: number): StripeObject {
  return {
    id: tx.ids.make('si', 14),
    object: 'subscription_item',
    created: tx.now(),
    current_period_end: end,
    current_period_start: start,
    discounts: [],
    metadata: mergeMetadata({}, metadata),
    price,
    quantity,
    subscription: subId,
    tax_rates: [],
  };
}

function itemsList(subId: string, data: StripeObject[]): StripeObject['items'] {
  return { object: 'list', data, has_more: false, total_count: data.length, url: `/v1/subscription_items?subscription=${subId}` };
}

// ---------------------------------------------------------------------------------------------
// Invoices for a subscription

function defaultPaymentMethod(tx: Tx, sub: StripeObject): string | undefined {
  if (sub.default_payment_method) return sub.default_payment_method;
  const customer = tx.get('customer', sub.customer);
  return customer?.invoice_settings?.default_payment_method ?? customer?.default_source ?? undefined;
}

/** Creates and finalizes the invoice for a period's items (plus the customer's pending items, prorations included). */
function billPeriod(
  tx: Tx,
  sub: StripeObject,
  reason: string,
  lines: Array<{ item: StripeObject; amount?: number; description?: string }>,
  start: number,
  end: number,
  finalize = true,
): StripeObject {
  const draft = createInvoice(tx, {
    customer: sub.customer,
    currency: sub.currency,
    collection_method: sub.collection_method,
    ...(sub.collection_method === 'send_invoice' ? { days_until_due: sub.days_until_due ?? 0 } : {}),
    pending_invoice_items_behavior: 'include',
    auto_advance: true,
    billing_reason: reason,
    parent: { quote_details: null, subscription_details: { metadata: sub.metadata, subscription: sub.id }, type: 'subscription_details' },
  });
  for (const { item, amount, description } of lines) {
    const product = tx.get('product', item.price.product);
    createInvoiceItem(tx, {
      customer: sub.customer,
      invoice: draft.id,
      ...(amount !== undefined ? { amount, currency: sub.currency } : { pricing: { price: item.price.id } }),
      quantity: item.quantity,
      description: description ?? `${item.quantity} × ${product?.name ?? item.price.product} (at ${item.price.unit_amount_decimal} / ${item.price.recurring.interval})`,
      period: { start, end },
      parent: { type: 'subscription_details', subscription_details: { subscription: sub.id, subscription_item: item.id } },
    });
  }
  const stored = tx.get('invoice', draft.id)!;
  return finalize ? finalizeInvoice(tx, stored) : stored;
}

/** Tries to collect an open invoice from the default payment method; true when paid. */
function collect(tx: Tx, sub: StripeObject, inv: StripeObject): boolean {
  if (inv.status === 'paid') return true;
  if (sub.collection_method !== 'charge_automatically' || inv.status !== 'open') return false;
  const pm = defaultPaymentMethod(tx, sub);
  if (!pm) {
    const failed = tx.update('invoice', { ...inv, attempted: true, attempt_count: inv.attempt_count + 1 });
    tx.emit('invoice.payment_failed', failed);
    return false;
  }
  try {
    payInvoice(tx, inv, { payment_method: pm, off_session: true });
    return true;
  } catch (err) {
    if (err instanceof StripeError && err.status === 402) return false;
    throw err;
  }
}

function setStatus(tx: Tx, sub: StripeObject, changes: Record<string, unknown>): StripeObject {
  const previous: Record<string, unknown> = {};
  for (const k of Object.keys(changes)) if (JSON.stringify(sub[k]) !== JSON.stringify(changes[k])) previous[k] = sub[k];
  const next = tx.update('subscription', { ...sub, ...changes });
  if (Object.keys(previous).length) tx.emit('customer.subscription.updated', next, previous);
  return next;
}

/** After a failed attempt: past_due with the next retry, or canceled when the retries are spent. */
function afterFailure(tx: Tx, sub: StripeObject, row: Due, inv: StripeObject): StripeObject {
  const now = tx.now();
  const fresh = tx.get('invoice', inv.id)!;
  const wait = RETRY_DAYS[fresh.attempt_count - 1];
  if (wait === undefined) {
    tx.update('invoice', { ...fresh, next_payment_attempt: null });
    return endSubscription(tx, sub, row, 'payment_failed');
  }
  const retryAt = now + wait * 86_400;
  tx.update('invoice', { ...fresh, next_payment_attempt: retryAt });
  row.retry_at = retryAt;
  const next = sub.status === 'past_due' ? sub : setStatus(tx, sub, { status: 'past_due' });
  writeDue(tx, next, row);
  return next;
}

function endSubscription(tx: Tx, sub: StripeObject, row: Due | undefined, reason: string | null, comment?: string | null, feedback?: string | null): StripeObject {
  const now = tx.now();
  const ended: StripeObject = {
    ...sub,
    status: sub.status === 'incomplete' ? 'incomplete_expired' : 'canceled',
    canceled_at: sub.canceled_at ?? now,
    ended_at: now,
    cancel_at: null,
    cancellation_details: { comment: comment ?? sub.cancellation_details?.comment ?? null, feedback: feedback ?? sub.cancellation_details?.feedback ?? null, reason },
  };
  tx.update('subscription', ended);
  if (row) writeDue(tx, ended, row);
  tx.emit('customer.subscription.deleted', ended);
  return ended;
}

// ---------------------------------------------------------------------------------------------
// Create

export interface CreateParams {
  customer?: string;
  items?: ItemInput[];
  default_payment_method?: string;
  collection_method?: 'charge_automatically' | 'send_invoice';
  days_until_due?: number;
  trial_period_days?: number;
  trial_end?: string;
  cancel_at_period_end?: boolean;
  billing_cycle_anchor?: number;
  metadata?: Record<string, string>;
  description?: string;
  payment_behavior?: 'allow_incomplete' | 'default_incomplete' | 'error_if_incomplete' | 'pending_if_incomplete';
  proration_behavior?: string;
  off_session?: boolean;
}

function checkPaymentMethod(tx: Tx, id: string, customer: string, param: string): void {
  const pm = tx.get('payment_method', id);
  if (!pm) throw resourceMissing('PaymentMethod', id, param);
  if (pm.customer !== customer) {
    throw invalidRequest(`The PaymentMethod ${id} must be attached to customer ${customer} before it can be used for this subscription.`, { param });
  }
}

export function createSubscription(tx: Tx, p: CreateParams): StripeObject {
  if (!p.customer) throw invalidRequest('Missing required param: customer.', { code: 'parameter_missing', param: 'customer' });
  const customer = requireCustomer(tx, p.customer);
  if (!p.items || p.items.length === 0) throw invalidRequest('Missing required param: items.', { code: 'parameter_missing', param: 'items' });
  if (p.items.length > 20) throw invalidRequest('A subscription can have at most 20 items.', { param: 'items' });
  if (p.payment_behavior === 'pending_if_incomplete') throw invalidRequest('payment_behavior=pending_if_incomplete is only valid when updating a subscription.', { param: 'payment_behavior' });
  const method = p.collection_method ?? 'charge_automatically';
  if (method === 'send_invoice' && p.days_until_due === undefined) {
    throw invalidRequest('Missing required param: days_until_due (required when collection_method is send_invoice).', { code: 'parameter_missing', param: 'days_until_due' });
  }
  if (method === 'charge_automatically' && p.days_until_due !== undefined) {
    throw invalidRequest('days_until_due can only be set when collection_method is send_invoice.', { param: 'days_until_due' });
  }
  if (p.default_payment_method) checkPaymentMethod(tx, p.default_payment_method, customer.id, 'default_payment_method');
  const prices = p.items.map((it, i) => {
    if (it.quantity !== undefined && it.quantity < 0) throw invalidRequest('This value must be greater than or equal to 0.', { param: `items[${i}][quantity]` });
    return priceForItem(tx, it, i);
  });
  checkPrices(prices);
  const ids = new Set(prices.map((pr) => pr.id));
  if (ids.size !== prices.length) throw invalidRequest('Cannot add multiple subscription items with the same price.', { param: 'items' });
  const now = tx.now();
  let trialEnd: number | null = null;
  if (p.trial_end !== undefined && p.trial_period_days !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: trial_end, trial_period_days.', { code: 'parameters_exclusive' });
  }
  if (p.trial_period_days !== undefined) {
    if (p.trial_period_days < 0 || p.trial_period_days > 730) throw invalidRequest('trial_period_days must be between 0 and 730.', { param: 'trial_period_days' });
    if (p.trial_period_days > 0) trialEnd = now + p.trial_period_days * 86_400;
  }
  if (p.trial_end !== undefined && p.trial_end !== 'now') {
    if (!/^\d+$/.test(p.trial_end)) throw invalidRequest(`Invalid timestamp: ${p.trial_end}`, { param: 'trial_end' });
    const t = Number(p.trial_end);
    if (t <= now) throw invalidRequest('Invalid timestamp: must be an integer Unix timestamp in the future.', { param: 'trial_end' });
    if (t > now + 730 * 86_400) throw invalidRequest('Invalid trial_end: can be no more than 730 days in the future.', { param: 'trial_end' });
    trialEnd = t;
  }
  const first = prices[0]!;
  const interval = first.recurring.interval as Interval;
  const count = first.recurring.interval_count as number;
  // A future billing_cycle_anchor starts with a short period up to it, prorated (or free with
  // proration_behavior=none); periods are then counted from the anchor as after a trial.
  const bca = p.billing_cycle_anchor;
  if (bca !== undefined) {
    if (trialEnd !== null) throw invalidRequest('billing_cycle_anchor with a trial is not modelled by this sandbox.', { param: 'billing_cycle_anchor' });
    if (bca <= now || bca > periodBoundary(now, interval, count, 1)) {
      throw invalidRequest('Invalid billing_cycle_anchor: must be in the future and no more than one billing period away.', { param: 'billing_cycle_anchor' });
    }
  }
  const anchor = trialEnd ?? bca ?? now;
  const periodEnd = trialEnd ?? bca ?? periodBoundary(anchor, interval, count, 1);
  const id = tx.ids.make('sub', 24);
  const items = p.items.map((it, i) => newItem(tx, id, prices[i]!, it.quantity ?? 1, it.metadata, now, periodEnd));
  let sub: StripeObject = {
    id,
    object: 'subscription',
    application: null,
    application_fee_percent: null,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null },
    billing_cycle_anchor: anchor,
    billing_cycle_anchor_config: null,
    billing_mode: { flexible: null, type: 'classic' },
    billing_thresholds: null,
    cancel_at: p.cancel_at_period_end ? periodEnd : null,
    cancel_at_period_end: p.cancel_at_period_end ?? false,
    canceled_at: null,
    cancellation_details: { comment: null, feedback: null, reason: null },
    collection_method: method,
    created: now,
    currency: first.currency,
    customer: customer.id,
    customer_account: null,
    days_until_due: p.days_until_due ?? null,
    default_payment_method: p.default_payment_method ?? null,
    default_source: null,
    default_tax_rates: [],
    description: p.description ?? null,
    discounts: [],
    ended_at: null,
    invoice_settings: { account_tax_ids: null, issuer: { type: 'self' } },
    items: itemsList(id, items),
    latest_invoice: null,
    livemode: false,
    metadata: mergeMetadata({}, p.metadata),
    next_pending_invoice_item_invoice: null,
    on_behalf_of: null,
    pause_collection: null,
    payment_settings: { payment_method_options: null, payment_method_types: null, save_default_payment_method: 'off' },
    pending_invoice_item_interval: null,
    pending_setup_intent: null,
    pending_update: null,
    schedule: null,
    start_date: now,
    status: 'incomplete',
    test_clock: null,
    transfer_data: null,
    trial_end: trialEnd,
    trial_settings: { end_behavior: { missing_payment_method: 'create_invoice' } },
    trial_start: trialEnd ? now : null,
  };
  tx.insert('subscription', sub);
  const row: Due = {
    id: dueId(id),
    object: DUE,
    subscription: id,
    created: now,
    anchor,
    cycle: trialEnd || bca !== undefined ? 0 : 1,
    period_start: now,
    period_end: periodEnd,
    expire_at: null,
    cancel_at: sub.cancel_at,
    trial_will_end_at: trialEnd && trialEnd - TRIAL_WILL_END_SECONDS > now ? trialEnd - TRIAL_WILL_END_SECONDS : null,
    upcoming_at: upcomingAt(now, periodEnd),
    retry_at: null,
    due: 0,
  };
  const inv = billPeriod(
    tx,
    sub,
    'subscription_create',
    items.map((item) => {
      if (trialEnd) return { item, amount: 0, description: `Trial period for ${tx.get('product', item.price.product)?.name ?? item.price.product}` };
      if (bca === undefined) return { item };
      // The full period that ends at the anchor is the proration's denominator.
      const full = bca - periodBoundary(bca, interval, count, -1);
      const amount = p.proration_behavior === 'none' ? 0 : prorate(priceTimes(item.price, item.quantity), bca - now, full);
      return { item, amount, description: `Remaining time on ${item.quantity} × ${item.price.id} until the billing cycle anchor` };
    }),
    now,
    periodEnd,
  );
  sub = tx.update('subscription', { ...sub, latest_invoice: inv.id });
  let status: string;
  if (trialEnd) status = 'trialing';
  else if (inv.status === 'paid') status = 'active';
  else if (method === 'send_invoice') status = 'active'; // billed by invoice: active while the invoice is open
  else if (p.payment_behavior === 'default_incomplete') status = 'incomplete';
  else {
    if (!defaultPaymentMethod(tx, sub)) {
      throw invalidRequest(
        'This customer has no attached payment source or default payment method. Please consider adding a default payment method. For more information, visit https://stripe.com/docs/billing/subscriptions/payment-methods-setting#payment-method-priority.',
      );
    }
    let paid = false;
    try {
      payInvoice(tx, inv, { payment_method: defaultPaymentMethod(tx, sub)!, off_session: p.off_session ?? false });
      paid = true;
    } catch (err) {
      if (!(err instanceof StripeError && err.status === 402)) throw err;
      // error_if_incomplete: nothing is created; the decline is returned (and the transaction rolled back).
      if (p.payment_behavior === 'error_if_incomplete') throw new StripeError(err.status, err.body);
    }
    status = paid ? 'active' : 'incomplete';
  }
  sub = tx.update('subscription', { ...tx.get('subscription', id)!, status });
  if (status === 'incomplete') row.expire_at = now + INCOMPLETE_EXPIRY_SECONDS;
  writeDue(tx, sub, row);
  tx.emit('customer.subscription.created', sub);
  return sub;
}

// The paid hook: an incomplete or past_due subscription whose invoice is paid becomes active.
onInvoicePaid((tx, inv) => {
  const subId = inv.parent?.subscription_details?.subscription;
  if (!subId) return;
  const sub = tx.get('subscription', subId);
  if (!sub || sub.latest_invoice !== inv.id) return;
  // No schedule row yet: the subscription is being created, which sets its own status.
  const row = readDue(tx, subId);
  if (!row) return;
  if (sub.status === 'incomplete' || sub.status === 'past_due' || sub.status === 'unpaid') {
    const next = setStatus(tx, sub, { status: 'active' });
    writeDue(tx, next, { ...row, expire_at: null, retry_at: null });
  }
});

// ---------------------------------------------------------------------------------------------
// The clock

/** One subscription's due work at `now`, in order: expiry, cancel, trial notice, retry, renewal. */
function advanceOne(tx: Tx, id: string, now: number): void {
  for (let guard = 0; guard < 100; guard++) {
    const row = readDue(tx, id);
    let sub = tx.get('subscription', id);
    if (!row || !sub) return;
    if (row.due > now) return;
    if (row.expire_at !== null && row.expire_at <= now) {
      row.expire_at = null;
      if (sub.status === 'incomplete') {
        const inv = sub.latest_invoice ? tx.get('invoice', sub.latest_invoice) : undefined;
        if (inv && inv.status === 'open') voidInvoice(tx, inv);
        endSubscription(tx, tx.get('subscription', id)!, row, null);
      } else writeDue(tx, sub, row);
      continue;
    }
    if (row.cancel_at !== null && row.cancel_at <= now) {
      row.cancel_at = null;
      endSubscription(tx, sub, row, 'cancellation_requested');
      continue;
    }
    if (row.trial_will_end_at !== null && row.trial_will_end_at <= now) {
      row.trial_will_end_at = null;
      if (sub.status === 'trialing') tx.emit('customer.subscription.trial_will_end', sub);
      writeDue(tx, sub, row);
      continue;
    }
    if (row.upcoming_at != null && row.upcoming_at <= now) {
      row.upcoming_at = null;
      if (row.cancel_at === null && (sub.status === 'active' || sub.status === 'trialing' || sub.status === 'past_due')) {
        tx.emit('invoice.upcoming', upcomingInvoice(tx, sub, row));
      }
      writeDue(tx, sub, row);
      continue;
    }
    if (row.resume_at != null && row.resume_at <= now) {
      row.resume_at = null;
      const resumed = sub.pause_collection ? setStatus(tx, sub, { pause_collection: null }) : sub;
      writeDue(tx, resumed, row);
      continue;
    }
    if (row.retry_at !== null && row.retry_at <= now) {
      row.retry_at = null;
      const inv = sub.latest_invoice ? tx.get('invoice', sub.latest_invoice) : undefined;
      if (inv && inv.status === 'open' && !collect(tx, sub, inv)) afterFailure(tx, sub, row, inv);
      else writeDue(tx, tx.get('subscription', id)!, row);
      continue;
    }
    if (row.period_end <= now && (sub.status === 'active' || sub.status === 'trialing' || sub.status === 'past_due')) {
      renew(tx, sub, row);
      continue;
    }
    writeDue(tx, sub, row);
    return;
  }
}

/** When invoice.upcoming fires for a period [start, end]: 3 days before it ends, if that is after it starts. */
function upcomingAt(start: number, end: number): number | null {
  return end - UPCOMING_SECONDS > start ? end - UPCOMING_SECONDS : null;
}

/**
 * The preview carried by invoice.upcoming: the next period's lines at today's prices (pending items are
 * left out). It is not stored: its id (`upcoming_in_…`) cannot be retrieved.
 */
function upcomingInvoice(tx: Tx, sub: StripeObject, row: Due): StripeObject {
  const first = sub.items.data[0];
  const start = row.period_end;
  const end = periodBoundary(row.anchor, first.price.recurring.interval as Interval, first.price.recurring.interval_count as number, row.cycle + 1);
  const lines = (sub.items.data as StripeObject[]).map((item) => ({
    object: 'line_item',
    amount: priceTimes(item.price, item.quantity),
    currency: sub.currency,
    period: { start, end },
    quantity: item.quantity,
    pricing: { price_details: { price: item.price.id, product: item.price.product }, type: 'price_details', unit_amount_decimal: item.price.unit_amount_decimal },
    parent: { subscription_item_details: { subscription: sub.id, subscription_item: item.id, proration: false }, type: 'subscription_item_details' },
  }));
  const total = lines.reduce((t, l) => t + l.amount, 0);
  return {
    id: `upcoming_${tx.ids.make('in', 24)}`,
    object: 'invoice',
    amount_due: total,
    billing_reason: 'upcoming',
    collection_method: sub.collection_method,
    currency: sub.currency,
    customer: sub.customer,
    lines: { object: 'list', data: lines, has_more: false, total_count: lines.length, url: '/v1/invoices/upcoming/lines' },
    next_payment_attempt: start,
    parent: { quote_details: null, subscription_details: { metadata: sub.metadata, subscription: sub.id }, type: 'subscription_details' },
    period_end: end,
    period_start: start,
    status: 'draft',
    subtotal: total,
    total,
  };
}

/** Moves a subscription into its next period and bills it. */
function renew(tx: Tx, sub: StripeObject, row: Due): void {
  const start = row.period_end;
  const first = sub.items.data[0];
  const interval = first.price.recurring.interval as Interval;
  const count = first.price.recurring.interval_count as number;
  const cycle = row.cycle + 1;
  const end = periodBoundary(row.anchor, interval, count, cycle);
  const items = sub.items.data.map((it: StripeObject) => ({ ...it, current_period_start: start, current_period_end: end }));
  const pause = sub.pause_collection as { behavior: string; resumes_at: number | null } | null;
  let inv = billPeriod(tx, sub, 'subscription_cycle', items.map((item: StripeObject) => ({ item })), start, end, !pause);
  // Collection paused: the period is still invoiced, and the invoice kept as a draft, voided or marked uncollectible.
  if (pause && pause.behavior !== 'keep_as_draft') {
    inv = finalizeInvoice(tx, inv);
    if (inv.status === 'open') inv = pause.behavior === 'void' ? voidInvoice(tx, inv) : markUncollectible(tx, inv);
  }
  // One update (and one customer.subscription.updated) for the new period, status and invoice.
  const changes: Record<string, unknown> = { items: itemsList(sub.id, items), latest_invoice: inv.id };
  if (sub.status === 'trialing') changes.status = 'active';
  const next = setStatus(tx, sub, changes);
  const nextRow: Due = { ...row, cycle, period_start: start, period_end: end, retry_at: null, upcoming_at: upcomingAt(start, end) };
  if (next.cancel_at_period_end) nextRow.cancel_at = end;
  if (pause) {
    writeDue(tx, next, nextRow);
    return;
  }
  if (collect(tx, next, inv) || next.collection_method !== 'charge_automatically') {
    writeDue(tx, tx.get('subscription', sub.id)!, nextRow);
    return;
  }
  afterFailure(tx, tx.get('subscription', sub.id)!, nextRow, inv);
}

/** The subscriptions tick: returns at once until the stored next-due time, then runs what is due. */
export function subscriptionTick(tx: Tx): void {
  const due = subscriptionsNextDue(tx);
  const now = tx.now();
  if (due === undefined || now < due) return;
  const ids: string[] = [];
  let after: string | undefined;
  for (let round = 0; round < 1000; round++) {
    const page = tx.list(DUE, { limit: 100, ranges: { due: { lte: now } }, startingAfter: after });
    ids.push(...page.data.map((r) => r.subscription as string));
    if (!page.hasMore || page.data.length === 0) break;
    after = page.data[page.data.length - 1]!.id;
  }
  for (const id of ids) advanceOne(tx, id, now);
  const min = tx.min(DUE, 'due', {});
  tx.setMeta(NEXT_DUE, min === undefined ? '' : String(min));
}

// ---------------------------------------------------------------------------------------------
// Update, cancel

export interface UpdateParams {
  items?: ItemInput[];
  proration_behavior?: 'none' | 'create_prorations' | 'always_invoice';
  proration_date?: number;
  cancel_at_period_end?: boolean;
  default_payment_method?: string | null;
  metadata?: Record<string, string>;
  description?: string | null;
  collection_method?: 'charge_automatically' | 'send_invoice';
  days_until_due?: number;
  payment_behavior?: string;
  cancellation_details?: { comment?: string; feedback?: string };
  trial_end?: string;
  off_session?: boolean;
  pause_collection?: { behavior: 'keep_as_draft' | 'mark_uncollectible' | 'void'; resumes_at?: number } | null;
}

const ENDED = ['canceled', 'incomplete_expired'];

export function updateSubscription(tx: Tx, sub: StripeObject, p: UpdateParams): StripeObject {
  if (ENDED.includes(sub.status)) {
    const only = Object.keys(p).every((k) => k === 'metadata' || k === 'description' || k === 'cancellation_details');
    if (!only) throw invalidRequest(`A canceled subscription can only update its cancellation_details and metadata.`, { code: 'resource_missing' });
  }
  if (p.trial_end !== undefined) {
    throw invalidRequest('Changing trial_end on an existing subscription is not modelled by this sandbox.', { param: 'trial_end' });
  }
  const now = tx.now();
  const row = readDue(tx, sub.id);
  const changes: Record<string, unknown> = {};
  if (p.pause_collection !== undefined) {
    const resumesAt = p.pause_collection?.resumes_at ?? null;
    if (resumesAt !== null && resumesAt <= now) {
      throw invalidRequest('Invalid pause_collection[resumes_at]: must be in the future.', { param: 'pause_collection[resumes_at]' });
    }
    changes.pause_collection = p.pause_collection ? { behavior: p.pause_collection.behavior, resumes_at: resumesAt } : null;
    if (row) row.resume_at = resumesAt;
  }
  if (p.metadata !== undefined) changes.metadata = mergeMetadata(sub.metadata, p.metadata);
  if (p.description !== undefined) changes.description = p.description;
  if (p.collection_method !== undefined) changes.collection_method = p.collection_method;
  if (p.days_until_due !== undefined) changes.days_until_due = p.days_until_due;
  if (p.cancellation_details !== undefined) changes.cancellation_details = { ...sub.cancellation_details, ...p.cancellation_details };
  if (p.default_payment_method !== undefined) {
    if (p.default_payment_method) checkPaymentMethod(tx, p.default_payment_method, sub.customer, 'default_payment_method');
    changes.default_payment_method = p.default_payment_method;
  }
  const periodEnd = sub.items.data[0].current_period_end as number;
  const periodStart = sub.items.data[0].current_period_start as number;
  if (p.cancel_at_period_end !== undefined) {
    changes.cancel_at_period_end = p.cancel_at_period_end;
    changes.cancel_at = p.cancel_at_period_end ? periodEnd : null;
    changes.canceled_at = p.cancel_at_period_end ? now : null;
    if (row) row.cancel_at = p.cancel_at_period_end ? periodEnd : null;
  }
  const prorations: Array<{ item: StripeObject; amount: number; description: string }> = [];
  if (p.items !== undefined) {
    const behavior = p.proration_behavior ?? 'create_prorations';
    const at = p.proration_date ?? now;
    if (at < periodStart || at > periodEnd) throw invalidRequest('proration_date must be within the current billing period.', { param: 'proration_date' });
    const total = periodEnd - periodStart;
    const remaining = periodEnd - at;
    let data: StripeObject[] = [...sub.items.data];
    p.items.forEach((it, i) => {
      const existing = it.id ? data.find((d) => d.id === it.id) : undefined;
      if (it.id && !existing) throw resourceMissing('subscription_item', it.id, `items[${i}][id]`);
      if (existing && it.deleted) {
        data = data.filter((d) => d.id !== existing.id);
        prorations.push({ item: existing, amount: -prorate(priceTimes(existing.price, existing.quantity), remaining, total), description: `Unused time on ${existing.quantity} × ${existing.price.id}` });
        return;
      }
      const price = it.price !== undefined || it.price_data !== undefined ? priceForItem(tx, it, i) : existing?.price;
      if (!price) throw invalidRequest(`Missing required param: items[${i}][price].`, { code: 'parameter_missing', param: `items[${i}][price]` });
      const quantity = it.quantity ?? existing?.quantity ?? 1;
      if (existing) {
        const updated = { ...existing, price, quantity, metadata: mergeMetadata(existing.metadata, it.metadata) };
        data = data.map((d) => (d.id === existing.id ? updated : d));
        if (existing.price.id !== price.id || existing.quantity !== quantity) {
          prorations.push({ item: existing, amount: -prorate(priceTimes(existing.price, existing.quantity), remaining, total), description: `Unused time on ${existing.quantity} × ${existing.price.id}` });
          prorations.push({ item: updated, amount: prorate(priceTimes(price, quantity), remaining, total), description: `Remaining time on ${quantity} × ${price.id}` });
        }
      } else {
        const added = newItem(tx, sub.id, price, quantity, it.metadata, periodStart, periodEnd);
        data.push(added);
        prorations.push({ item: added, amount: prorate(priceTimes(price, quantity), remaining, total), description: `Remaining time on ${quantity} × ${price.id}` });
      }
    });
    if (data.length === 0) throw invalidRequest('A subscription must keep at least one item; cancel it instead.', { param: 'items' });
    checkPrices(data.map((d) => d.price));
    const currentInterval = sub.items.data[0].price.recurring;
    const newInterval = data[0]!.price.recurring;
    if (currentInterval.interval !== newInterval.interval || currentInterval.interval_count !== newInterval.interval_count) {
      throw invalidRequest('Changing the billing interval is not modelled by this sandbox: keep prices with the current recurring interval.', { param: 'items' });
    }
    changes.items = itemsList(sub.id, data);
    if (behavior === 'none' || sub.status === 'trialing') prorations.length = 0;
    for (const pr of prorations) {
      if (pr.amount === 0) continue;
      createInvoiceItem(tx, {
        customer: sub.customer,
        amount: pr.amount,
        currency: sub.currency,
        description: pr.description,
        period: { start: at, end: periodEnd },
        proration: true,
        parent: { type: 'subscription_details', subscription_details: { subscription: sub.id, subscription_item: pr.item.id } },
      });
    }
    let next = setStatus(tx, sub, changes);
    if (behavior === 'always_invoice' && prorations.some((pr) => pr.amount !== 0)) {
      const inv = billPeriod(tx, next, 'subscription_update', [], at, periodEnd);
      next = tx.update('subscription', { ...tx.get('subscription', sub.id)!, latest_invoice: inv.id });
      if (!collect(tx, next, inv) && next.collection_method === 'charge_automatically' && row) afterFailure(tx, next, row, inv);
      next = tx.get('subscription', sub.id)!;
    }
    if (row) writeDue(tx, next, row);
    return next;
  }
  let next = setStatus(tx, sub, changes);
  // A new payment method on a past_due subscription retries its open invoice at once.
  if (p.default_payment_method && (next.status === 'past_due' || next.status === 'incomplete') && next.latest_invoice) {
    const inv = tx.get('invoice', next.latest_invoice);
    if (inv && inv.status === 'open' && row) {
      if (!collect(tx, next, inv) && next.status === 'past_due') afterFailure(tx, next, { ...row, retry_at: null }, inv);
      next = tx.get('subscription', sub.id)!;
    }
  }
  if (row && (p.cancel_at_period_end !== undefined || p.pause_collection !== undefined)) {
    writeDue(tx, next, { ...(readDue(tx, sub.id) ?? row), cancel_at: row.cancel_at, resume_at: row.resume_at ?? null });
  }
  return next;
}

export interface CancelParams {
  invoice_now?: boolean;
  prorate?: boolean;
  cancellation_details?: { comment?: string; feedback?: string };
}

/** Cancels at once. `prorate` credits the unused time as a pending item; `invoice_now` bills pending items now. */
export function cancelSubscription(tx: Tx, sub: StripeObject, p: CancelParams): StripeObject {
  if (ENDED.includes(sub.status)) {
    throw invalidRequest(`A canceled subscription can't be canceled again (subscription ${sub.id} has a status of ${sub.status}).`, { code: 'resource_missing' });
  }
  const now = tx.now();
  if (p.prorate && sub.status !== 'trialing') {
    const start = sub.items.data[0].current_period_start as number;
    const end = sub.items.data[0].current_period_end as number;
    for (const item of sub.items.data as StripeObject[]) {
      const credit = -prorate(priceTimes(item.price, item.quantity), end - now, end - start);
      if (credit === 0) continue;
      createInvoiceItem(tx, {
        customer: sub.customer,
        amount: credit,
        currency: sub.currency,
        description: `Unused time on ${item.quantity} × ${item.price.id}`,
        period: { start: now, end },
        proration: true,
        parent: { type: 'subscription_details', subscription_details: { subscription: sub.id, subscription_item: item.id } },
      });
    }
  }
  const row = readDue(tx, sub.id);
  const ended = endSubscription(tx, sub, row, 'cancellation_requested', p.cancellation_details?.comment, p.cancellation_details?.feedback);
  if (p.invoice_now) {
    const pending = tx.list('invoiceitem', { limit: 1, where: { customer: sub.customer, invoice: null } }).data;
    if (pending.length) {
      const inv = billPeriod(tx, ended, 'subscription_update', [], now, now);
      tx.update('subscription', { ...tx.get('subscription', sub.id)!, latest_invoice: inv.id });
      collect(tx, ended, inv);
    }
  }
  return tx.get('subscription', sub.id)!;
}
