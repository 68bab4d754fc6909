// Invoices and invoice items (https://docs.stripe.com/api/invoices): drafts built from items, finalization with numbering,
// payment through a PaymentIntent (declines leave the invoice open), void / uncollectible / send.
import type { StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing, StripeError } from '../core/errors.js';
import { mergeMetadata } from '../core/validate.js';
import { base62Digest } from '../core/ids.js';
import { MAXIMUM_AMOUNT } from '../../money/currencies.js';
import { formatMajor } from './money.js';
import { canonicalDecimal, divideToDecimal, isMinorDecimal, multiplyDecimal } from '../../money/decimal.js';
import { requireCustomer } from './payment-methods.js';
import { eachMatching } from './schedule.js';
import { cancelPaymentIntent, CANCELABLE, confirmPaymentIntent, createPaymentIntent } from './payment-intents.js';

const PI_KEY = (invoice: string) => `invoice_pi:${invoice}`;
const PAYMENT_KEY = (invoice: string) => `invoice_payment:${invoice}`;
const EMBEDDED_LINES = 10;

export function requireInvoice(tx: Tx, id: string, param?: string): StripeObject {
  const inv = tx.get('invoice', id);
  if (!inv) throw resourceMissing('invoice', id, param);
  return inv;
}

export function requireInvoiceItem(tx: Tx, id: string): StripeObject {
  const ii = tx.get('invoiceitem', id);
  if (!ii) throw resourceMissing('invoiceitem', id);
  return ii;
}

function notEditable(inv: StripeObject, what: string, param?: string): StripeError {
  return invalidRequest(`You can only modify ${what} of a draft invoice; invoice ${inv.id} has a status of ${inv.status}.`, {
    code: 'invoice_not_editable',
    ...(param ? { param } : {}),
  });
}

function customerMirror(c: StripeObject | undefined) {
  return {
    customer_address: c?.address ?? null,
    customer_email: c?.email ?? null,
    customer_name: c?.name ?? null,
    customer_phone: c?.phone ?? null,
    customer_shipping: c?.shipping ?? null,
    customer_tax_exempt: c?.tax_exempt ?? 'none',
    customer_tax_ids: [],
  };
}

/** Every item on an invoice, paged through the store (bounded). */
function itemsOf(tx: Tx, invoiceId: string): StripeObject[] {
  const out: StripeObject[] = [];
  let after: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = tx.list('invoiceitem', { limit: 100, where: { invoice: invoiceId }, startingAfter: after });
    out.push(...page.data);
    if (!page.hasMore) break;
    after = page.data[page.data.length - 1]!.id;
  }
  return out;
}

/** The line mirroring an item: found among its invoice's lines (`invoice` is indexed; a nested-path filter would scan every line). */
function lineFor(tx: Tx, ii: StripeObject): StripeObject | undefined {
  if (!ii.invoice) return undefined;
  let found: StripeObject | undefined;
  eachMatching(tx, 'line_item', { where: { invoice: ii.invoice } }, (l) => {
    const p = l.parent;
    if (!found && (p?.invoice_item_details?.invoice_item === ii.id || p?.subscription_item_details?.invoice_item === ii.id)) found = l;
  });
  return found;
}

/** Writes (or rewrites) the invoice line mirroring an attached invoice item. */
function upsertLine(tx: Tx, ii: StripeObject): void {
  const existing = lineFor(tx, ii);
  const line: StripeObject = {
    id: existing?.id ?? tx.ids.make('il', 24),
    object: 'line_item',
    amount: ii.amount,
    currency: ii.currency,
    description: ii.description,
    discount_amounts: [],
    discountable: ii.discountable,
    discounts: [],
    invoice: ii.invoice,
    livemode: false,
    metadata: ii.metadata,
    parent:
      ii.parent?.type === 'subscription_details'
        ? {
            invoice_item_details: null,
            subscription_item_details: {
              invoice_item: ii.id,
              proration: ii.proration,
              proration_details: { credited_items: null },
              subscription: ii.parent.subscription_details.subscription,
              subscription_item: ii.parent.subscription_details.subscription_item ?? null,
            },
            type: 'subscription_item_details',
          }
        : {
            invoice_item_details: { invoice_item: ii.id, proration: ii.proration ?? false, proration_details: { credited_items: null }, subscription: null },
            subscription_item_details: null,
            type: 'invoice_item_details',
          },
    period: ii.period,
    pretax_credit_amounts: [],
    pricing: ii.pricing,
    quantity: ii.quantity,
    quantity_decimal: ii.quantity_decimal ?? String(ii.quantity),
    subscription: ii.parent?.subscription_details?.subscription ?? null,
    subtotal: ii.amount,
    taxes: [],
    created: existing?.created ?? ii.date,
  };
  if (existing) tx.update('line_item', line);
  else tx.insert('line_item', line);
}

function removeLine(tx: Tx, ii: StripeObject): void {
  const line = lineFor(tx, ii);
  if (line) tx.remove('line_item', line.id);
}

/** Recomputes the totals and the embedded `lines` list (first 10, newest first, as the lines endpoint), and stores them. */
function refresh(tx: Tx, inv: StripeObject): StripeObject {
  return tx.update('invoice', withTotals(tx, inv));
}

/** The invoice with its totals and embedded `lines` recomputed, not stored. */
function withTotals(tx: Tx, inv: StripeObject): StripeObject {
  const items = itemsOf(tx, inv.id);
  const subtotal = items.reduce((s, i) => s + i.amount, 0);
  const amountDue = Math.max(0, subtotal);
  const lines = tx.list('line_item', { limit: EMBEDDED_LINES, where: { invoice: inv.id } });
  const next: StripeObject = {
    ...inv,
    subtotal,
    subtotal_excluding_tax: subtotal,
    total: subtotal,
    total_excluding_tax: subtotal,
    amount_due: amountDue,
    amount_remaining: Math.max(0, amountDue - inv.amount_paid),
    lines: { object: 'list', data: lines.data, has_more: lines.hasMore, total_count: items.length, url: `/v1/invoices/${inv.id}/lines` },
  };
  if (items.length > 0) {
    next.period_start = Math.min(...items.map((i) => i.period.start));
    next.period_end = Math.max(...items.map((i) => i.period.end));
  }
  return next;
}

// ---------------------------------------------------------------------------------------------
// Invoice items

export interface ItemParams {
  customer?: string;
  invoice?: string;
  amount?: number;
  currency?: string;
  price_data?: { currency: string; product: string; unit_amount?: number; unit_amount_decimal?: string; tax_behavior?: string };
  pricing?: { price: string };
  quantity?: number;
  description?: string | null;
  metadata?: Record<string, string>;
  discountable?: boolean;
  period?: { start: number; end: number };
  /** Subscription items and prorations: `{type: 'subscription_details', subscription_details: {subscription, subscription_item}}`. */
  parent?: StripeObject['parent'];
  proration?: boolean;
}

function checkItemAmount(amount: number, param: string): void {
  if (Math.abs(amount) > MAXIMUM_AMOUNT) {
    throw invalidRequest(`Amount must be no more than ${formatMajor(MAXIMUM_AMOUNT, 'usd')}`, { param, code: 'amount_too_large' });
  }
}

/** Amount, unit price and pricing block of an item from `amount`, `price_data` or `pricing[price]`. */
function pricingOf(tx: Tx, p: ItemParams, quantity: number, currencyHint: string | undefined) {
  const sources = [p.amount !== undefined, p.price_data !== undefined, p.pricing !== undefined].filter(Boolean).length;
  if (sources > 1) throw invalidRequest('You may only specify one of these parameters: amount, price_data, pricing.', { code: 'parameters_exclusive' });
  if (p.price_data) {
    const unit = unitDecimal(p.price_data.unit_amount, p.price_data.unit_amount_decimal, 'price_data');
    // Exact: a decimal unit price times the quantity, rounded once at the end (never a float product).
    const amount = multiplyDecimal(unit, quantity);
    checkItemAmount(amount, 'price_data[unit_amount]');
    return {
      amount,
      currency: p.price_data.currency,
      pricing: { price_details: { price: tx.ids.make('price', 24), product: p.price_data.product }, type: 'price_details', unit_amount_decimal: unit },
    };
  }
  if (p.pricing) {
    const price = tx.get('price', p.pricing.price);
    if (!price) throw resourceMissing('price', p.pricing.price, 'pricing[price]');
    const amount = typeof price.unit_amount === 'number' ? price.unit_amount * quantity : multiplyDecimal(canonicalDecimal(String(price.unit_amount_decimal ?? '0')), quantity);
    checkItemAmount(amount, 'pricing[price]');
    return {
      amount,
      currency: price.currency,
      pricing: { price_details: { price: price.id, product: price.product }, type: 'price_details', unit_amount_decimal: String(price.unit_amount ?? 0) },
    };
  }
  if (p.amount === undefined) throw invalidRequest('Missing required param: amount.', { code: 'parameter_missing', param: 'amount' });
  checkItemAmount(p.amount, 'amount');
  const currency = p.currency ?? currencyHint;
  return {
    amount: p.amount,
    currency,
    pricing: { price_details: { price: tx.ids.make('price', 24), product: tx.ids.make('prod', 14) }, type: 'price_details', unit_amount_decimal: unitOfTotal(p.amount, quantity) },
  };
}

/** The unit price of `unit_amount` or `unit_amount_decimal` (≤ 12 places), as canonical decimal text. */
function unitDecimal(unitAmount: number | undefined, unitAmountDecimal: string | undefined, prefix: string): string {
  if (unitAmount !== undefined) return String(unitAmount);
  if (unitAmountDecimal === undefined) throw invalidRequest(`Missing required param: ${prefix}[unit_amount].`, { code: 'parameter_missing', param: `${prefix}[unit_amount]` });
  if (!isMinorDecimal(unitAmountDecimal)) {
    throw invalidRequest(`Invalid decimal: ${unitAmountDecimal} (a non-negative number with at most 12 decimal places).`, { param: `${prefix}[unit_amount_decimal]` });
  }
  return canonicalDecimal(unitAmountDecimal);
}

/**
 * The unit price behind a line total: `amount / quantity`, exact to 12 decimal places. With quantity 0
 * there is no per-unit price; the total stands in for it, so a later quantity prices from it.
 */
function unitOfTotal(amount: number, quantity: number): string {
  return quantity > 0 ? divideToDecimal(amount, quantity) : String(amount);
}

export function createInvoiceItem(tx: Tx, p: ItemParams): StripeObject {
  if (!p.customer) throw invalidRequest('Missing required param: customer.', { code: 'parameter_missing', param: 'customer' });
  const customer = requireCustomer(tx, p.customer);
  let invoice: StripeObject | undefined;
  if (p.invoice) {
    invoice = requireInvoice(tx, p.invoice, 'invoice');
    if (invoice.status !== 'draft') throw notEditable(invoice, 'the items', 'invoice');
    if (invoice.customer !== customer.id) throw invalidRequest(`Invoice ${invoice.id} belongs to a different customer.`, { param: 'invoice' });
  }
  const quantity = p.quantity ?? 1;
  if (quantity < 0) throw invalidRequest('This value must be greater than or equal to 0.', { param: 'quantity' });
  const priced = pricingOf(tx, p, quantity, invoice?.currency ?? customer.currency ?? undefined);
  if (!priced.currency) throw invalidRequest('Missing required param: currency.', { code: 'parameter_missing', param: 'currency' });
  if (invoice && priced.currency !== invoice.currency) {
    throw invalidRequest(`The currency of this invoice item (${priced.currency}) must match the invoice's currency (${invoice.currency}).`, { param: 'currency' });
  }
  const now = tx.now();
  const ii: StripeObject = {
    id: tx.ids.make('ii', 24),
    object: 'invoiceitem',
    amount: priced.amount,
    currency: priced.currency,
    customer: customer.id,
    customer_account: null,
    date: now,
    description: p.description ?? null,
    discountable: p.discountable ?? true,
    discounts: [],
    invoice: invoice?.id ?? null,
    livemode: false,
    metadata: mergeMetadata({}, p.metadata),
    net_amount: priced.amount,
    parent: p.parent ?? null,
    period: p.period ?? { end: now, start: now },
    pricing: priced.pricing,
    proration: p.proration ?? false,
    proration_details: { discount_amounts: [] },
    quantity,
    quantity_decimal: String(quantity),
    tax_rates: [],
    test_clock: null,
    created: now,
  };
  tx.insert('invoiceitem', ii);
  if (invoice) {
    upsertLine(tx, ii);
    refresh(tx, invoice);
  }
  // A subscription's period line is not an invoice item on Stripe, so it announces nothing; prorations are.
  if (!(ii.parent?.type === 'subscription_details' && !ii.proration)) tx.emit('invoiceitem.created', ii);
  return ii;
}

function itemInvoiceDraftOrThrow(tx: Tx, ii: StripeObject, what: string): StripeObject | undefined {
  if (!ii.invoice) return undefined;
  const inv = tx.get('invoice', ii.invoice);
  if (inv && inv.status !== 'draft') throw notEditable(inv, what);
  return inv;
}

export function updateInvoiceItem(tx: Tx, ii: StripeObject, p: ItemParams): StripeObject {
  const moneyChange = p.amount !== undefined || p.price_data !== undefined || p.pricing !== undefined || p.quantity !== undefined;
  const inv = moneyChange || p.description !== undefined || p.period !== undefined || p.discountable !== undefined ? itemInvoiceDraftOrThrow(tx, ii, 'the items') : undefined;
  const next: StripeObject = { ...ii, metadata: mergeMetadata(ii.metadata, p.metadata) };
  if (moneyChange) {
    const quantity = p.quantity ?? ii.quantity;
    const hasSource = p.amount !== undefined || p.price_data !== undefined || p.pricing !== undefined;
    const priced = hasSource
      ? pricingOf(tx, p, quantity, ii.currency)
      : { amount: multiplyDecimal(canonicalDecimal(String(ii.pricing?.unit_amount_decimal ?? unitOfTotal(ii.amount, ii.quantity))), quantity), currency: ii.currency, pricing: ii.pricing };
    if (priced.currency && priced.currency !== ii.currency) throw invalidRequest('The currency of an invoice item cannot be changed.', { param: 'currency' });
    Object.assign(next, { amount: priced.amount, net_amount: priced.amount, pricing: priced.pricing, quantity, quantity_decimal: String(quantity) });
  }
  if (p.description !== undefined) next.description = p.description;
  if (p.period !== undefined) next.period = p.period;
  if (p.discountable !== undefined) next.discountable = p.discountable;
  tx.update('invoiceitem', next);
  if (next.invoice) {
    const invoice = inv ?? tx.get('invoice', next.invoice);
    if (invoice?.status === 'draft') {
      upsertLine(tx, next);
      refresh(tx, invoice);
    }
  }
  return next;
}

export function deleteInvoiceItem(tx: Tx, ii: StripeObject): StripeObject {
  const inv = itemInvoiceDraftOrThrow(tx, ii, 'the items');
  tx.remove('invoiceitem', ii.id);
  if (inv) {
    removeLine(tx, ii);
    refresh(tx, inv);
  }
  tx.emit('invoiceitem.deleted', ii);
  return { id: ii.id, object: 'invoiceitem', deleted: true };
}

// ---------------------------------------------------------------------------------------------
// Invoices

export interface InvoiceParams {
  customer?: string;
  auto_advance?: boolean;
  collection_method?: 'charge_automatically' | 'send_invoice';
  currency?: string;
  days_until_due?: number;
  due_date?: number;
  description?: string | null;
  footer?: string | null;
  metadata?: Record<string, string>;
  pending_invoice_items_behavior?: 'include' | 'exclude';
  default_payment_method?: string | null;
  statement_descriptor?: string | null;
  custom_fields?: unknown;
  /** Set by the sandbox's own billing (subscriptions), never from a request. */
  billing_reason?: string;
  parent?: StripeObject['parent'];
}

function dueDateFor(created: number, p: { collection_method?: string; days_until_due?: number; due_date?: number }): number | null {
  if (p.collection_method !== 'send_invoice') return null;
  if (p.due_date !== undefined) return p.due_date;
  return created + (p.days_until_due ?? 0) * 86_400;
}

function checkCollection(p: InvoiceParams, method: string): void {
  if (method === 'send_invoice') {
    if (p.days_until_due === undefined && p.due_date === undefined) {
      throw invalidRequest('Missing required param: days_until_due. Invoices with collection_method=send_invoice need days_until_due or due_date.', {
        code: 'parameter_missing',
        param: 'days_until_due',
      });
    }
  } else if (p.days_until_due !== undefined || p.due_date !== undefined) {
    const param = p.days_until_due !== undefined ? 'days_until_due' : 'due_date';
    throw invalidRequest(`The parameter ${param} can only be set when collection_method is send_invoice.`, { param });
  }
  if (p.days_until_due !== undefined && p.days_until_due < 0) throw invalidRequest('This value must be greater than or equal to 0.', { param: 'days_until_due' });
}

export function createInvoice(tx: Tx, p: InvoiceParams): StripeObject {
  if (!p.customer) throw invalidRequest('Missing required param: customer.', { code: 'parameter_missing', param: 'customer' });
  const customer = requireCustomer(tx, p.customer);
  const method = p.collection_method ?? 'charge_automatically';
  checkCollection(p, method);
  if (p.default_payment_method) {
    const pm = tx.get('payment_method', p.default_payment_method);
    if (!pm) throw resourceMissing('PaymentMethod', p.default_payment_method, 'default_payment_method');
  }
  // Pending items are pulled in only when asked (`exclude` is the default for current API versions).
  const pending: StripeObject[] = [];
  if (p.pending_invoice_items_behavior === 'include') {
    eachMatching(tx, 'invoiceitem', { where: { customer: customer.id, invoice: null } }, (i) => pending.push(i));
  }
  const currency = p.currency ?? customer.currency ?? pending[0]?.currency ?? 'usd';
  const now = tx.now();
  const id = tx.ids.make('in', 24);
  const inv: StripeObject = {
    id,
    object: 'invoice',
    account_country: 'US',
    account_name: 'payctl sandbox',
    account_tax_ids: null,
    amount_due: 0,
    amount_overpaid: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: p.auto_advance ?? false,
    automatic_tax: { disabled_reason: null, enabled: false, liability: null, provider: null, status: null },
    automatically_finalizes_at: null,
    billing_reason: p.billing_reason ?? 'manual',
    collection_method: method,
    confirmation_secret: null,
    created: now,
    currency,
    custom_fields: p.custom_fields ?? null,
    customer: customer.id,
    customer_account: null,
    ...customerMirror(customer),
    default_payment_method: p.default_payment_method ?? null,
    default_source: null,
    default_tax_rates: [],
    description: p.description ?? null,
    discounts: [],
    due_date: dueDateFor(now, { ...p, collection_method: method }),
    effective_at: null,
    ending_balance: null,
    footer: p.footer ?? null,
    from_invoice: null,
    hosted_invoice_url: null,
    invoice_pdf: null,
    issuer: { type: 'self' },
    last_finalization_error: null,
    latest_revision: null,
    lines: { object: 'list', data: [], has_more: false, total_count: 0, url: `/v1/invoices/${id}/lines` },
    livemode: false,
    metadata: mergeMetadata({}, p.metadata),
    next_payment_attempt: null,
    number: null,
    on_behalf_of: null,
    parent: p.parent ?? null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: now,
    period_start: now,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: p.statement_descriptor ?? null,
    status: 'draft',
    status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null },
    subtotal: 0,
    subtotal_excluding_tax: 0,
    test_clock: null,
    total: 0,
    total_discount_amounts: [],
    total_excluding_tax: 0,
    total_pretax_credit_amounts: [],
    total_taxes: [],
    webhooks_delivered_at: null,
  };
  tx.insert('invoice', inv);
  let attachedAny = false;
  for (const item of pending) {
    if (item.currency !== currency) continue; // other-currency items wait for an invoice in their currency
    const attached = tx.update('invoiceitem', { ...item, invoice: id });
    upsertLine(tx, attached);
    attachedAny = true;
  }
  // Nothing attached: the stored draft already has its (zero) totals and empty lines.
  const fresh = attachedAny ? refresh(tx, inv) : inv;
  tx.emit('invoice.created', fresh);
  return fresh;
}

const DRAFT_ONLY = ['collection_method', 'currency', 'days_until_due', 'due_date', 'description', 'footer', 'default_payment_method', 'statement_descriptor', 'custom_fields'] as const;

export function updateInvoice(tx: Tx, inv: StripeObject, p: InvoiceParams): StripeObject {
  if (inv.status !== 'draft') {
    for (const f of DRAFT_ONLY) if (p[f] !== undefined) throw notEditable(inv, f, f);
    if (p.auto_advance !== undefined && inv.status !== 'open') throw notEditable(inv, 'auto_advance', 'auto_advance');
  }
  const method = p.collection_method ?? inv.collection_method;
  if (method === 'send_invoice') {
    if (p.days_until_due === undefined && p.due_date === undefined && inv.due_date === null) checkCollection(p, method);
  } else if (p.days_until_due !== undefined || p.due_date !== undefined) {
    checkCollection(p, method);
  }
  if (p.currency !== undefined && p.currency !== inv.currency && itemsOf(tx, inv.id).length > 0) {
    throw invalidRequest('The currency of an invoice with items cannot be changed.', { param: 'currency' });
  }
  if (p.default_payment_method && !tx.get('payment_method', p.default_payment_method)) {
    throw resourceMissing('PaymentMethod', p.default_payment_method, 'default_payment_method');
  }
  const next: StripeObject = { ...inv, metadata: mergeMetadata(inv.metadata, p.metadata) };
  for (const f of ['collection_method', 'currency', 'description', 'footer', 'default_payment_method', 'statement_descriptor', 'custom_fields', 'auto_advance'] as const) {
    if (p[f] !== undefined) next[f] = p[f];
  }
  if (method !== 'send_invoice') next.due_date = null;
  else if (p.due_date !== undefined) next.due_date = p.due_date;
  else if (p.days_until_due !== undefined) next.due_date = inv.created! + p.days_until_due * 86_400;
  tx.update('invoice', next);
  tx.emit('invoice.updated', next);
  return next;
}

export function deleteInvoice(tx: Tx, inv: StripeObject): StripeObject {
  if (inv.status !== 'draft') throw invalidRequest(`You can only delete draft invoices; invoice ${inv.id} has a status of ${inv.status}. Void it instead.`);
  // Items on a deleted draft go back to pending, ready for the customer's next invoice.
  for (const item of itemsOf(tx, inv.id)) {
    removeLine(tx, item);
    tx.update('invoiceitem', { ...item, invoice: null });
  }
  tx.remove('invoice', inv.id);
  tx.emit('invoice.deleted', inv);
  return { id: inv.id, object: 'invoice', deleted: true };
}

function invoiceNumber(tx: Tx, customerId: string): string {
  const customer = tx.get('customer', customerId);
  const prefix = (customer?.invoice_prefix as string | undefined) ?? base62Digest(customerId, 8).toUpperCase();
  const seq = Number(customer?.next_invoice_sequence ?? 1);
  if (customer) tx.update('customer', { ...customer, invoice_prefix: prefix, next_invoice_sequence: seq + 1 });
  return `${prefix}-${String(seq).padStart(4, '0')}`;
}

function invoicePayment(tx: Tx, inv: StripeObject): StripeObject | undefined {
  const id = tx.getMeta(PAYMENT_KEY(inv.id));
  return id ? tx.get('invoice_payment', id) : undefined;
}

/** Draft → open (or → paid when nothing is due). Assigns the number, URLs and the PaymentIntent. */
export function finalizeInvoice(tx: Tx, inv: StripeObject, autoAdvance?: boolean): StripeObject {
  if (inv.status !== 'draft') {
    throw invalidRequest(`This invoice is already finalized, you can't re-finalize a non-draft invoice.`, { code: 'invoice_not_editable' });
  }
  const now = tx.now();
  const customer = tx.get('customer', inv.customer);
  const slug = base62Digest(`${tx.account}:${inv.id}`, 40);
  // Stored once below, with the status it ends in.
  let next: StripeObject = {
    ...withTotals(tx, inv),
    ...customerMirror(customer),
    number: invoiceNumber(tx, inv.customer),
    status: 'open',
    effective_at: now,
    ending_balance: 0,
    hosted_invoice_url: `https://invoice.stripe.com/i/${tx.account}/test_${slug}`,
    invoice_pdf: `https://pay.stripe.com/invoice/${tx.account}/test_${slug}/pdf`,
    status_transitions: { ...inv.status_transitions, finalized_at: now },
    ...(autoAdvance !== undefined ? { auto_advance: autoAdvance } : {}),
  };
  if (next.amount_due === 0) {
    // Nothing to collect: Stripe marks zero-amount invoices paid as they are finalized.
    next = { ...next, status: 'paid', amount_remaining: 0, status_transitions: { ...next.status_transitions, paid_at: now } };
    tx.update('invoice', next);
    tx.emit('invoice.finalized', next);
    tx.emit('invoice.paid', next);
    for (const hook of paidHooks) hook(tx, next);
    return next;
  }
  const pi = createPaymentIntent(tx, {
    amount: next.amount_due,
    currency: next.currency,
    customer: next.customer,
    description: `Payment for Invoice ${next.number}`,
    payment_method_types: ['card'],
    metadata: {},
    statement_descriptor: next.statement_descriptor ?? undefined,
  });
  tx.setMeta(PI_KEY(inv.id), pi.id);
  const payment: StripeObject = {
    id: tx.ids.make('inpay', 24),
    object: 'invoice_payment',
    amount_paid: null,
    amount_requested: next.amount_due,
    created: now,
    currency: next.currency,
    invoice: inv.id,
    is_default: true,
    livemode: false,
    payment: { payment_intent: pi.id, type: 'payment_intent' },
    status: 'open',
    status_transitions: { canceled_at: null, paid_at: null },
  };
  tx.insert('invoice_payment', payment);
  tx.setMeta(PAYMENT_KEY(inv.id), payment.id);
  tx.update('invoice', next);
  tx.emit('invoice.finalized', next);
  return next;
}

/** The invoice's payments as an embedded list (`invoice.payments` is includable). */
export function paymentsList(tx: Tx, inv: StripeObject): Record<string, unknown> {
  const p = invoicePayment(tx, inv);
  return { object: 'list', data: p ? [p] : [], has_more: false, url: `/v1/invoices/${inv.id}/payments` };
}

function markPaid(tx: Tx, inv: StripeObject, outOfBand: boolean): StripeObject {
  const now = tx.now();
  const paid: StripeObject = {
    ...inv,
    status: 'paid',
    amount_paid: inv.amount_due,
    amount_remaining: 0,
    attempted: outOfBand ? inv.attempted : true,
    attempt_count: outOfBand ? inv.attempt_count : inv.attempt_count + 1,
    next_payment_attempt: null,
    status_transitions: { ...inv.status_transitions, paid_at: now },
  };
  tx.update('invoice', paid);
  const payment = invoicePayment(tx, inv);
  if (payment) {
    tx.update('invoice_payment', {
      ...payment,
      status: outOfBand ? 'canceled' : 'paid',
      amount_paid: outOfBand ? null : inv.amount_due,
      status_transitions: outOfBand ? { ...payment.status_transitions, canceled_at: now } : { ...payment.status_transitions, paid_at: now },
    });
  }
  tx.emit('invoice.paid', paid);
  if (!outOfBand) tx.emit('invoice.payment_succeeded', paid);
  for (const hook of paidHooks) hook(tx, paid);
  return paid;
}

const paidHooks: Array<(tx: Tx, inv: StripeObject) => void> = [];
/** Runs after any invoice is paid (subscriptions leave past_due / incomplete). Registered at import time. */
export function onInvoicePaid(hook: (tx: Tx, inv: StripeObject) => void): void {
  paidHooks.push(hook);
}

export interface PayParams {
  payment_method?: string;
  source?: string;
  paid_out_of_band?: boolean;
  forgive?: boolean;
  off_session?: boolean;
  mandate?: string;
}

export function payInvoice(tx: Tx, current: StripeObject, p: PayParams): StripeObject {
  let inv = current;
  if (inv.status === 'draft') inv = finalizeInvoice(tx, inv); // Stripe finalizes a draft before paying it
  if (inv.status === 'paid') throw invalidRequest('Invoice is already paid.');
  if (inv.status === 'void') throw invalidRequest('This invoice has been voided and can no longer be paid.');
  const piId = tx.getMeta(PI_KEY(inv.id));
  const pi = piId ? tx.get('payment_intent', piId) : undefined;
  if (p.paid_out_of_band) {
    if (pi && CANCELABLE.includes(pi.status)) cancelPaymentIntent(tx, pi, null);
    return markPaid(tx, inv, true);
  }
  if (!pi) return markPaid(tx, inv, true); // nothing to collect
  const customer = tx.get('customer', inv.customer);
  const method =
    p.payment_method ?? p.source ?? inv.default_payment_method ?? customer?.invoice_settings?.default_payment_method ?? customer?.default_source ?? undefined;
  if (!method) {
    throw invalidRequest(
      'This customer has no attached payment source or default payment method. Please consider adding a default payment method, or pass payment_method.',
      { param: 'payment_method' },
    );
  }
  const attempted = (i: StripeObject): StripeObject => {
    const n = { ...i, attempted: true, attempt_count: i.attempt_count + 1 };
    tx.update('invoice', n);
    return n;
  };
  let result: StripeObject;
  try {
    result = confirmPaymentIntent(tx, pi, { payment_method: method, off_session: p.off_session ?? true });
  } catch (err) {
    if (err instanceof StripeError && err.status === 402) {
      const failedInvoice = attempted(inv);
      tx.emit('invoice.payment_failed', failedInvoice);
    }
    throw err;
  }
  if (result.status === 'requires_action') {
    const failedInvoice = attempted(inv);
    tx.emit('invoice.payment_action_required', failedInvoice);
    throw new StripeError(
      402,
      {
        type: 'card_error',
        code: 'invoice_payment_intent_requires_action',
        message:
          'This payment requires additional user action before it can be completed successfully. Payment can be completed using the PaymentIntent associated with the invoice.',
        payment_intent: result,
      },
      { commit: true },
    );
  }
  return markPaid(tx, inv, false);
}

export function voidInvoice(tx: Tx, inv: StripeObject): StripeObject {
  if (inv.status !== 'open' && inv.status !== 'uncollectible') {
    throw invalidRequest(`You can only void an open or uncollectible invoice; invoice ${inv.id} has a status of ${inv.status}.`);
  }
  const now = tx.now();
  const piId = tx.getMeta(PI_KEY(inv.id));
  const pi = piId ? tx.get('payment_intent', piId) : undefined;
  if (pi && CANCELABLE.includes(pi.status)) cancelPaymentIntent(tx, pi, 'void_invoice');
  const payment = invoicePayment(tx, inv);
  if (payment) tx.update('invoice_payment', { ...payment, status: 'canceled', status_transitions: { ...payment.status_transitions, canceled_at: now } });
  const voided = { ...inv, status: 'void', amount_remaining: 0, status_transitions: { ...inv.status_transitions, voided_at: now } };
  tx.update('invoice', voided);
  tx.emit('invoice.voided', voided);
  return voided;
}

export function markUncollectible(tx: Tx, inv: StripeObject): StripeObject {
  if (inv.status !== 'open') {
    throw invalidRequest(`You can only mark an open invoice as uncollectible; invoice ${inv.id} has a status of ${inv.status}.`);
  }
  const next = { ...inv, status: 'uncollectible', status_transitions: { ...inv.status_transitions, marked_uncollectible_at: tx.now() } };
  tx.update('invoice', next);
  tx.emit('invoice.marked_uncollectible', next);
  return next;
}

/** Only send_invoice invoices are sent; a draft is finalized first. No email leaves the sandbox. */
export function sendInvoice(tx: Tx, current: StripeObject): StripeObject {
  if (current.collection_method !== 'send_invoice') {
    throw invalidRequest("You can only manually send an invoice if its collection method is 'send_invoice'.");
  }
  const inv = current.status === 'draft' ? finalizeInvoice(tx, current) : current;
  if (inv.status !== 'open') throw invalidRequest(`You can only send an open invoice; invoice ${inv.id} has a status of ${inv.status}.`);
  tx.emit('invoice.sent', inv);
  return inv;
}
