// Invoice item endpoints (https://docs.stripe.com/api/invoiceitems): pending items wait for the customer's next invoice;
// items on a draft can change; items on a finalized invoice cannot.
import type { RouteDef } from '../core/types.js';
import { validate, type Spec } from '../core/validate.js';
import { refuseTaxRates } from '../core/checks.js';
import { listEndpoint } from '../core/list.js';
import { createInvoiceItem, deleteInvoiceItem, requireInvoiceItem, updateInvoiceItem } from '../domain/invoices.js';

const PRICE_DATA: Spec = {
  object: { currency: 'currency', product: 'string', unit_amount: 'integer', unit_amount_decimal: 'string', tax_behavior: { enum: ['exclusive', 'inclusive', 'unspecified'] } },
  required: ['currency', 'product'],
};
const PERIOD: Spec = { object: { start: 'timestamp', end: 'timestamp' }, required: ['start', 'end'] };

const UPDATE: Record<string, Spec> = {
  amount: 'integer',
  description: { nullable: 'string' },
  discountable: 'boolean',
  metadata: 'metadata',
  period: PERIOD,
  price_data: PRICE_DATA,
  pricing: { object: { price: 'string' }, required: ['price'] },
  quantity: 'integer',
  tax_rates: { array: 'string' },
};
const CREATE: Record<string, Spec> = { ...UPDATE, customer: 'string', invoice: 'string', currency: 'currency', customer_account: 'string' };

export const routes: RouteDef[] = [
  {
    method: 'POST',
    pattern: '/v1/invoiceitems',
    handler: (ctx) => {
      const v = validate(ctx.params, CREATE);
      refuseTaxRates(v.tax_rates, 'tax_rates');
      return createInvoiceItem(ctx.tx, v);
    },
  },
  {
    method: 'GET',
    pattern: '/v1/invoiceitems',
    handler: (ctx) =>
      listEndpoint(ctx, 'invoiceitem', {
        url: '/v1/invoiceitems',
        extra: { customer: 'string', invoice: 'string', pending: 'boolean', customer_account: 'string' },
        where: (x) => {
          const w: Record<string, string | null> = {};
          if (x.customer !== undefined) w.customer = x.customer;
          if (x.invoice !== undefined) w.invoice = x.invoice;
          if (x.pending === true) w.invoice = null;
          return Object.keys(w).length ? w : undefined;
        },
        // pending=false: items already on an invoice (every invoice id starts with `in_`).
        query: (x) => (x.pending === false ? { wherePrefix: { invoice: 'in_' } } : {}),
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/invoiceitems/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return requireInvoiceItem(ctx.tx, ctx.pathParams.id!);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/invoiceitems/:id',
    handler: (ctx) => {
      const v = validate(ctx.params, UPDATE);
      refuseTaxRates(v.tax_rates, 'tax_rates');
      return updateInvoiceItem(ctx.tx, requireInvoiceItem(ctx.tx, ctx.pathParams.id!), v);
    },
  },
  {
    method: 'DELETE',
    pattern: '/v1/invoiceitems/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return deleteInvoiceItem(ctx.tx, requireInvoiceItem(ctx.tx, ctx.pathParams.id!));
    },
  },
];
