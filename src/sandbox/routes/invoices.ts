// Invoice endpoints (https://docs.stripe.com/api/invoices): drafts, finalize, pay, void, mark_uncollectible, send,
// lines, list and search. The status machine lives in domain/invoices.ts.
import type { RouteDef } from '../core/types.js';
import { invalidRequest } from '../core/errors.js';
import { validate, type Spec } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import { searchEndpoint, type SearchSpec } from '../core/search.js';
import { registerIncludable } from '../core/expand.js';
import {
  createInvoice,
  deleteInvoice,
  finalizeInvoice,
  markUncollectible,
  payInvoice,
  paymentsList,
  requireInvoice,
  sendInvoice,
  updateInvoice,
  voidInvoice,
} from '../domain/invoices.js';

const COMMON: Record<string, Spec> = {
  auto_advance: 'boolean',
  collection_method: { enum: ['charge_automatically', 'send_invoice'] },
  days_until_due: 'integer',
  due_date: 'timestamp',
  description: { nullable: 'string' },
  footer: { nullable: 'string' },
  metadata: 'metadata',
  default_payment_method: { nullable: 'string' },
  statement_descriptor: { nullable: 'string' },
  custom_fields: { nullable: { array: { object: { name: 'string', value: 'string' }, required: ['name', 'value'] } } },
};
const CREATE: Record<string, Spec> = {
  ...COMMON,
  customer: 'string',
  currency: 'currency',
  pending_invoice_items_behavior: { enum: ['exclude', 'include'] },
  customer_account: 'string',
};
const UPDATE: Record<string, Spec> = { ...COMMON, currency: 'currency' };

const SEARCH: SearchSpec = {
  created: 'numeric',
  currency: 'token',
  customer: 'token',
  last_finalization_error_code: 'token',
  last_finalization_error_type: 'token',
  metadata: 'metadata',
  number: 'string',
  receipt_number: 'string',
  status: 'string',
  subscription: 'string',
  total: 'numeric',
};

function checkDays(v: Record<string, any>): Record<string, any> {
  if (v.days_until_due !== undefined && v.days_until_due < 0) throw invalidRequest('This value must be greater than or equal to 0.', { param: 'days_until_due' });
  return v;
}

registerIncludable('invoice', 'payments', (tx, inv) => paymentsList(tx, inv));

export const routes: RouteDef[] = [
  { method: 'POST', pattern: '/v1/invoices', handler: (ctx) => createInvoice(ctx.tx, checkDays(validate(ctx.params, CREATE))) },
  {
    method: 'GET',
    pattern: '/v1/invoices',
    handler: (ctx) =>
      listEndpoint(ctx, 'invoice', {
        url: '/v1/invoices',
        extra: {
          customer: 'string',
          customer_account: 'string',
          status: { enum: ['draft', 'open', 'paid', 'uncollectible', 'void'] },
          collection_method: { enum: ['charge_automatically', 'send_invoice'] },
          due_date: 'range',
          subscription: 'string',
        },
        where: (x) => {
          const w: Record<string, string | null> = {};
          for (const k of ['customer', 'customer_account', 'status', 'collection_method'] as const) if (x[k] !== undefined) w[k] = x[k];
          // Subscription invoices carry `parent.subscription_details.subscription`.
          if (x.subscription !== undefined) w['parent.subscription_details.subscription'] = x.subscription;
          return Object.keys(w).length ? w : undefined;
        },
        ranges: (x) => (x.due_date ? { due_date: x.due_date } : undefined),
      }),
  },
  { method: 'GET', pattern: '/v1/invoices/search', handler: (ctx) => searchEndpoint(ctx, 'invoice', { url: '/v1/invoices/search', spec: SEARCH }) },
  {
    method: 'GET',
    pattern: '/v1/invoices/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return requireInvoice(ctx.tx, ctx.pathParams.id!);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id',
    handler: (ctx) => {
      const v = checkDays(validate(ctx.params, UPDATE));
      return updateInvoice(ctx.tx, requireInvoice(ctx.tx, ctx.pathParams.id!), v);
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/invoices/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return deleteInvoice(ctx.tx, requireInvoice(ctx.tx, ctx.pathParams.id!));
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id/finalize',
    handler: (ctx) => {
      const v = validate(ctx.params, { auto_advance: 'boolean' });
      return finalizeInvoice(ctx.tx, requireInvoice(ctx.tx, ctx.pathParams.id!), v.auto_advance);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id/pay',
    handler: (ctx) => {
      const v = validate(ctx.params, {
        payment_method: 'string',
        source: 'string',
        paid_out_of_band: 'boolean',
        forgive: 'boolean',
        off_session: 'boolean',
        mandate: { nullable: 'string' },
      });
      return payInvoice(ctx.tx, requireInvoice(ctx.tx, ctx.pathParams.id!), v);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id/void',
    handler: (ctx) => {
      validate(ctx.params, {});
      return voidInvoice(ctx.tx, requireInvoice(ctx.tx, ctx.pathParams.id!));
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id/mark_uncollectible',
    handler: (ctx) => {
      validate(ctx.params, {});
      return markUncollectible(ctx.tx, requireInvoice(ctx.tx, ctx.pathParams.id!));
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoices/:id/send',
    handler: (ctx) => {
      validate(ctx.params, {});
      return sendInvoice(ctx.tx, requireInvoice(ctx.tx, ctx.pathParams.id!));
    },
  },
  {
    method: 'GET',
    pattern: '/v1/invoices/:id/lines',
    handler: (ctx) => {
      requireInvoice(ctx.tx, ctx.pathParams.id!);
      return listEndpoint(ctx, 'line_item', { url: `/v1/invoices/${ctx.pathParams.id}/lines`, where: () => ({ invoice: ctx.pathParams.id! }) });
    },
  },
];
