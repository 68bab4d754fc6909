// PaymentMethod endpoints: create (type=card from a magic token or test number), retrieve, update,
// attach / detach (magic `pm_card_*` values are cloned first), and list by customer
// (`GET /v1/customers/:id/payment_methods[/:pm]`, the SDK's customers.listPaymentMethods / retrievePaymentMethod).
import type { RouteDef, StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing } from '../core/errors.js';
import { validate, type Spec } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import { ADDRESS_FIELDS } from '../domain/specs.js';
import {
  attachPaymentMethod,
  createCardPaymentMethod,
  detachPaymentMethod,
  requireCustomer,
  updatePaymentMethod,
} from '../domain/payment-methods.js';

const BILLING: Spec = { object: { address: { object: ADDRESS_FIELDS }, email: 'string', name: 'string', phone: 'string', tax_id: 'string' } };

const CREATE: Record<string, Spec> = {
  type: { enum: ['card'] },
  card: { object: { token: 'string', number: 'string', exp_month: 'integer', exp_year: 'integer', cvc: 'string' } },
  billing_details: BILLING,
  metadata: 'metadata',
  allow_redisplay: { enum: ['always', 'limited', 'unspecified'] },
};

/** A customer named in the path: unknown or deleted → 404. */
function pathCustomer(tx: Tx, id: string): StripeObject {
  const c = tx.get('customer', id);
  if (!c || c.deleted) throw resourceMissing('customer', id);
  return c;
}

export const routes: RouteDef[] = [
  {
    method: 'POST',
    pattern: '/v1/payment_methods',
    handler: (ctx) => createCardPaymentMethod(ctx.tx, validate(ctx.params, CREATE, ['type'])),
  },
  {
    method: 'GET',
    pattern: '/v1/payment_methods',
    handler: (ctx) => {
      const customer = typeof ctx.params.customer === 'string' ? ctx.params.customer : undefined;
      if (customer) requireCustomer(ctx.tx, customer);
      return listEndpoint(ctx, 'payment_method', {
        url: '/v1/payment_methods',
        extra: { customer: 'string', type: 'string', customer_account: 'string' },
        where: (x) => {
          const w: Record<string, string> = {};
          if (x.customer !== undefined) w.customer = x.customer;
          if (x.type !== undefined) w.type = x.type;
          return Object.keys(w).length ? w : undefined;
        },
      });
    },
  },
  {
    method: 'GET',
    pattern: '/v1/payment_methods/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      const pm = ctx.tx.get('payment_method', ctx.pathParams.id!);
      if (!pm) throw resourceMissing('PaymentMethod', ctx.pathParams.id!);
      return pm;
    },
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:id',
    handler: (ctx) => {
      const v = validate(ctx.params, { billing_details: BILLING, metadata: 'metadata', allow_redisplay: { enum: ['always', 'limited', 'unspecified'] } });
      const pm = ctx.tx.get('payment_method', ctx.pathParams.id!);
      if (!pm) throw resourceMissing('PaymentMethod', ctx.pathParams.id!);
      return updatePaymentMethod(ctx.tx, pm, v);
    },
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:id/attach',
    handler: (ctx) => {
      const v = validate(ctx.params, { customer: 'string', customer_account: 'string' });
      if (!v.customer) throw invalidRequest('Missing required param: customer.', { code: 'parameter_missing', param: 'customer' });
      const id = ctx.pathParams.id!;
      // A magic value is resolved here; an unknown stored id is a 404 on the path.
      if (!id.startsWith('pm_card_') && !ctx.tx.get('payment_method', id)) throw resourceMissing('PaymentMethod', id);
      return attachPaymentMethod(ctx.tx, id, v.customer, 'id');
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:id/payment_methods',
    handler: (ctx) => {
      const customer = pathCustomer(ctx.tx, ctx.pathParams.id!);
      return listEndpoint(ctx, 'payment_method', {
        url: `/v1/customers/${customer.id}/payment_methods`,
        extra: { type: 'string', allow_redisplay: { enum: ['always', 'limited', 'unspecified'] } },
        where: (x) => ({
          customer: customer.id,
          ...(x.type !== undefined ? { type: x.type } : {}),
          ...(x.allow_redisplay !== undefined ? { allow_redisplay: x.allow_redisplay } : {}),
        }),
      });
    },
  },
  {
    method: 'GET',
    pattern: '/v1/customers/:id/payment_methods/:pm',
    handler: (ctx) => {
      validate(ctx.params, {});
      const customer = pathCustomer(ctx.tx, ctx.pathParams.id!);
      const pm = ctx.tx.get('payment_method', ctx.pathParams.pm!);
      // Only the customer's own PaymentMethods are visible under its path.
      if (!pm || pm.customer !== customer.id) throw resourceMissing('payment_method', ctx.pathParams.pm!);
      return pm;
    },
  },
  {
    method: 'POST',
    pattern: '/v1/payment_methods/:id/detach',
    handler: (ctx) => {
      validate(ctx.params, {});
      return detachPaymentMethod(ctx.tx, ctx.pathParams.id!);
    },
  },
];
