// Customers (https://docs.stripe.com/api/customers): create, retrieve (deleted → stub), update, delete, list, search.
// A deleted customer is kept as its stub under type `deleted:customer`, so it leaves lists and search.
import type { RouteContext, RouteDef, StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing } from '../core/errors.js';
import { checkEmail } from '../core/checks.js';
import { mergeMetadata, validate, type Spec } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import { searchEndpoint, type SearchSpec } from '../core/search.js';
import { registerIncludable } from '../core/expand.js';
import { randomBase62 } from '../core/ids.js';
import { attachPaymentMethod, createCardFromToken } from '../domain/payment-methods.js';
import { newCustomerObject } from '../domain/customers.js';
import { ADDRESS_FIELDS, addressOut } from '../domain/specs.js';

const ADDRESS: Spec = { nullable: { object: ADDRESS_FIELDS } };
const SHIPPING: Spec = { nullable: { object: { name: 'string', address: { object: ADDRESS_FIELDS }, phone: 'string' }, required: ['name', 'address'] } };

const COMMON: Record<string, Spec> = {
  address: ADDRESS,
  balance: 'integer',
  business_name: { nullable: 'string' },
  description: { nullable: 'string' },
  email: { nullable: 'string' },
  individual_name: { nullable: 'string' },
  invoice_prefix: 'string',
  invoice_settings: {
    object: {
      custom_fields: { nullable: { array: { object: { name: 'string', value: 'string' }, required: ['name', 'value'] } } },
      default_payment_method: { nullable: 'string' },
      footer: { nullable: 'string' },
      rendering_options: { nullable: { object: { amount_tax_display: { nullable: { enum: ['exclude_tax', 'include_inclusive_tax'] } }, template: 'string' } } },
    },
  },
  metadata: 'metadata',
  name: { nullable: 'string' },
  next_invoice_sequence: 'integer',
  phone: { nullable: 'string' },
  preferred_locales: { array: 'string' },
  shipping: SHIPPING,
  tax_exempt: { nullable: { enum: ['none', 'exempt', 'reverse'] } },
};
const CREATE: Record<string, Spec> = { ...COMMON, payment_method: 'string', source: 'string' };
const UPDATE: Record<string, Spec> = { ...COMMON, default_source: { nullable: 'string' }, source: 'string' };

const SEARCH: SearchSpec = { created: 'numeric', email: 'string', metadata: 'metadata', name: 'string', phone: 'string' };

const DELETED = 'deleted:customer';

function address(a: Record<string, string> | null | undefined): Record<string, string | null> | null {
  return a ? addressOut(a) : null;
}

function shipping(s: Record<string, any> | null | undefined): Record<string, unknown> | null {
  if (!s) return null;
  return { address: address(s.address), name: s.name, phone: s.phone ?? null };
}

function checkScalars(v: Record<string, any>): void {
  if (typeof v.email === 'string' && v.email.length > 512) {
    throw invalidRequest('Invalid email: must be at most 512 characters', { param: 'email' });
  }
  checkEmail(v.email);
  if (v.invoice_prefix !== undefined && !/^[A-Z0-9]{1,12}$/.test(v.invoice_prefix)) {
    throw invalidRequest('Invalid invoice_prefix: must be 1 to 12 uppercase letters or digits', { param: 'invoice_prefix' });
  }
  if (v.next_invoice_sequence !== undefined && v.next_invoice_sequence < 1) {
    throw invalidRequest('Invalid next_invoice_sequence: must be at least 1', { param: 'next_invoice_sequence' });
  }
}

function invoiceSettings(current: Record<string, any> | undefined, update: Record<string, any> | undefined): Record<string, unknown> {
  const base = current ?? { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null };
  if (!update) return base;
  const out = { ...base };
  for (const k of ['custom_fields', 'default_payment_method', 'footer'] as const) if (update[k] !== undefined) out[k] = update[k];
  if (update.rendering_options !== undefined) {
    const r = update.rendering_options;
    out.rendering_options = r === null ? null : { amount_tax_display: r.amount_tax_display ?? null, template: r.template ?? null };
  }
  return out;
}

/** The default payment method must be attached to this customer (Stripe checks the same). */
function checkDefaultPaymentMethod(tx: Tx, customer: StripeObject): void {
  const pmId = customer.invoice_settings?.default_payment_method as string | null;
  if (!pmId) return;
  const pm = tx.get('payment_method', pmId);
  if (!pm || pm.customer !== customer.id) {
    throw invalidRequest(
      `No such PaymentMethod: '${pmId}'; the payment method must be attached to customer ${customer.id} to be its default.`,
      { code: 'resource_missing', param: 'invoice_settings[default_payment_method]' },
    );
  }
}

/** Applies validated create/update values onto a customer object. */
function applyFields(c: StripeObject, v: Record<string, any>): void {
  for (const k of ['balance', 'business_name', 'description', 'email', 'individual_name', 'invoice_prefix', 'name', 'next_invoice_sequence', 'phone', 'preferred_locales'] as const) {
    if (v[k] !== undefined) c[k] = v[k];
  }
  if (v.tax_exempt !== undefined) c.tax_exempt = v.tax_exempt ?? 'none';
  if (v.address !== undefined) c.address = address(v.address);
  if (v.shipping !== undefined) c.shipping = shipping(v.shipping);
  if (v.metadata !== undefined) c.metadata = mergeMetadata(c.metadata ?? {}, v.metadata);
  if (v.invoice_settings !== undefined) c.invoice_settings = invoiceSettings(c.invoice_settings, v.invoice_settings);
}

function loadCustomer(tx: Tx, id: string): StripeObject {
  const c = tx.get('customer', id);
  if (!c) throw resourceMissing('customer', id);
  return c;
}

function create(ctx: RouteContext): StripeObject {
  const { tx } = ctx;
  const v = validate(ctx.params, CREATE);
  checkScalars(v);
  const c = newCustomerObject(tx, () => randomBase62(8).toUpperCase());
  applyFields(c, v);
  tx.insert('customer', c);
  // Attaching and tokenising need the customer to exist first; they may fail (402/400) and roll it back.
  if (v.payment_method) attachPaymentMethod(tx, v.payment_method, c.id, 'payment_method');
  if (v.source) c.default_source = createCardFromToken(tx, v.source, c.id, 'source').id;
  checkDefaultPaymentMethod(tx, c);
  if (v.payment_method || v.source) tx.update('customer', c);
  tx.emit('customer.created', c);
  return c;
}

function retrieve(ctx: RouteContext): StripeObject {
  validate(ctx.params, {});
  const id = ctx.pathParams.id!;
  const c = ctx.tx.get('customer', id);
  if (c) return c;
  const stub = ctx.tx.get(DELETED, id);
  if (!stub) throw resourceMissing('customer', id);
  return { id: stub.id, object: 'customer', deleted: true };
}

function update(ctx: RouteContext): StripeObject {
  const { tx } = ctx;
  const v = validate(ctx.params, UPDATE);
  checkScalars(v);
  const before = loadCustomer(tx, ctx.pathParams.id!);
  const c: StripeObject = structuredClone(before);
  applyFields(c, v);
  if (v.source) c.default_source = createCardFromToken(tx, v.source, c.id, 'source').id;
  if (v.default_source !== undefined) {
    if (v.default_source !== null) {
      const card = tx.get('card', v.default_source);
      if (!card || card.customer !== c.id) throw resourceMissing('source', v.default_source, 'default_source');
    }
    c.default_source = v.default_source;
  }
  if (v.invoice_settings?.default_payment_method) checkDefaultPaymentMethod(tx, c);
  const previous: Record<string, unknown> = {};
  for (const k of Object.keys(c)) {
    if (JSON.stringify(c[k]) !== JSON.stringify(before[k])) previous[k] = before[k];
  }
  if (Object.keys(previous).length > 0) {
    tx.update('customer', c);
    tx.emit('customer.updated', c, previous);
  }
  return c;
}

function remove(ctx: RouteContext): StripeObject {
  const { tx } = ctx;
  validate(ctx.params, {});
  const c = loadCustomer(tx, ctx.pathParams.id!);
  const stub: StripeObject = { id: c.id, object: 'customer', deleted: true };
  tx.remove('customer', c.id);
  tx.insert(DELETED, { ...stub, created: c.created });
  tx.emit('customer.deleted', c);
  return stub;
}

function emptyList(url: string): Record<string, unknown> {
  return { object: 'list', data: [], has_more: false, total_count: 0, url };
}

registerIncludable('customer', 'sources', (tx, c) => {
  const data = tx.scan('card', (card) => card.customer === c.id);
  return { object: 'list', data, has_more: false, total_count: data.length, url: `/v1/customers/${c.id}/sources` };
});
registerIncludable('customer', 'subscriptions', (_tx, c) => emptyList(`/v1/customers/${c.id}/subscriptions`));
registerIncludable('customer', 'tax_ids', (_tx, c) => emptyList(`/v1/customers/${c.id}/tax_ids`));

export const routes: RouteDef[] = [
  { method: 'POST', pattern: '/v1/customers', handler: create },
  {
    method: 'GET',
    pattern: '/v1/customers',
    handler: (ctx) =>
      listEndpoint(ctx, 'customer', {
        url: '/v1/customers',
        extra: { email: 'string' },
        where: (x) => (x.email !== undefined ? { email: x.email } : undefined),
      }),
  },
  { method: 'GET', pattern: '/v1/customers/search', handler: (ctx) => searchEndpoint(ctx, 'customer', { url: '/v1/customers/search', spec: SEARCH }) },
  { method: 'GET', pattern: '/v1/customers/:id', handler: retrieve },
  { method: 'POST', pattern: '/v1/customers/:id', handler: update },
  { method: 'DELETE', pattern: '/v1/customers/:id', handler: remove },
];
