// Product and price endpoints (docs.stripe.com/api/products, /api/prices): create, retrieve, update,
// list with filters, search; products delete (when they have no prices). Logic in domain/catalog.ts.
import type { RouteDef } from '../core/types.js';
import { resourceMissing } from '../core/errors.js';
import { validate, type Spec } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import { searchEndpoint, type SearchSpec } from '../core/search.js';
import { createPrice, createProduct, deleteProduct, requirePrice, requireProduct, updatePrice, updateProduct } from '../domain/catalog.js';

export const RECURRING: Spec = {
  object: { interval: 'string', interval_count: 'integer', usage_type: 'string', trial_period_days: 'integer', meter: 'string' },
  required: ['interval'],
};

const PRODUCT_COMMON: Record<string, Spec> = {
  name: 'string',
  active: 'boolean',
  description: { nullable: 'string' },
  metadata: 'metadata',
  images: { array: 'string' },
  statement_descriptor: { nullable: 'string' },
  unit_label: { nullable: 'string' },
  url: { nullable: 'string' },
  shippable: 'boolean',
  tax_code: { nullable: 'string' },
};
const PRODUCT_CREATE: Record<string, Spec> = {
  ...PRODUCT_COMMON,
  id: 'string',
  default_price_data: {
    object: { currency: 'currency', unit_amount: 'integer', unit_amount_decimal: 'string', recurring: RECURRING, tax_behavior: 'string' },
    required: ['currency'],
  },
};
const PRODUCT_UPDATE: Record<string, Spec> = { ...PRODUCT_COMMON, default_price: { nullable: 'string' } };

const PRICE_CREATE: Record<string, Spec> = {
  currency: 'currency',
  product: 'string',
  product_data: {
    object: { name: 'string', active: 'boolean', metadata: 'metadata', statement_descriptor: 'string', unit_label: 'string', id: 'string', tax_code: 'string' },
    required: ['name'],
  },
  unit_amount: 'integer',
  unit_amount_decimal: 'string',
  recurring: RECURRING,
  active: 'boolean',
  nickname: 'string',
  lookup_key: 'string',
  transfer_lookup_key: 'boolean',
  metadata: 'metadata',
  billing_scheme: { enum: ['per_unit', 'tiered'] },
  tiers: 'any',
  tiers_mode: 'string',
  tax_behavior: { enum: ['exclusive', 'inclusive', 'unspecified'] },
  custom_unit_amount: 'any',
  transform_quantity: 'any',
};
const PRICE_UPDATE: Record<string, Spec> = {
  active: 'boolean',
  nickname: { nullable: 'string' },
  lookup_key: { nullable: 'string' },
  transfer_lookup_key: 'boolean',
  metadata: 'metadata',
  tax_behavior: { enum: ['exclusive', 'inclusive', 'unspecified'] },
};

const PRODUCT_SEARCH: SearchSpec = { active: 'token', created: 'numeric', description: 'string', metadata: 'metadata', name: 'string', shippable: 'token', url: 'string' };
const PRICE_SEARCH: SearchSpec = { active: 'token', created: 'numeric', currency: 'token', lookup_key: 'string', metadata: 'metadata', product: 'token', type: 'token' };

export const routes: RouteDef[] = [
  { method: 'POST', pattern: '/v1/products', handler: (ctx) => createProduct(ctx.tx, validate(ctx.params, PRODUCT_CREATE)) },
  {
    method: 'GET',
    pattern: '/v1/products',
    handler: (ctx) =>
      listEndpoint(ctx, 'product', {
        url: '/v1/products',
        extra: { active: 'boolean', ids: { array: 'string' }, shippable: 'boolean', url: 'string' },
        where: (x) => {
          const w: Record<string, string | boolean> = {};
          for (const k of ['active', 'shippable', 'url'] as const) if (x[k] !== undefined) w[k] = x[k];
          return Object.keys(w).length ? w : undefined;
        },
        query: (x) => (x.ids ? { whereIn: { id: x.ids } } : {}),
      }),
  },
  { method: 'GET', pattern: '/v1/products/search', handler: (ctx) => searchEndpoint(ctx, 'product', { url: '/v1/products/search', spec: PRODUCT_SEARCH }) },
  {
    method: 'GET',
    pattern: '/v1/products/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return requireProduct(ctx.tx, ctx.pathParams.id!);
    },
  },
  { method: 'POST', pattern: '/v1/products/:id', handler: (ctx) => updateProduct(ctx.tx, requireProduct(ctx.tx, ctx.pathParams.id!), validate(ctx.params, PRODUCT_UPDATE)) },
  {
    method: 'DELETE',
    pattern: '/v1/products/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      const p = ctx.tx.get('product', ctx.pathParams.id!);
      if (!p) throw resourceMissing('product', ctx.pathParams.id!);
      return deleteProduct(ctx.tx, p);
    },
  },
  { method: 'POST', pattern: '/v1/prices', handler: (ctx) => createPrice(ctx.tx, validate(ctx.params, PRICE_CREATE)) },
  {
    method: 'GET',
    pattern: '/v1/prices',
    handler: (ctx) =>
      listEndpoint(ctx, 'price', {
        url: '/v1/prices',
        extra: {
          active: 'boolean',
          currency: 'currency',
          product: 'string',
          type: { enum: ['one_time', 'recurring'] },
          lookup_keys: { array: 'string' },
          recurring: { object: { interval: { enum: ['day', 'week', 'month', 'year'] }, usage_type: 'string', meter: 'string' } },
        },
        where: (x) => {
          const w: Record<string, string | boolean> = {};
          for (const k of ['active', 'currency', 'product', 'type'] as const) if (x[k] !== undefined) w[k] = x[k];
          if (x.recurring?.interval !== undefined) w['recurring.interval'] = x.recurring.interval;
          if (x.recurring?.usage_type !== undefined) w['recurring.usage_type'] = x.recurring.usage_type;
          return Object.keys(w).length ? w : undefined;
        },
        query: (x) => (x.lookup_keys ? { whereIn: { lookup_key: x.lookup_keys } } : {}),
      }),
  },
  { method: 'GET', pattern: '/v1/prices/search', handler: (ctx) => searchEndpoint(ctx, 'price', { url: '/v1/prices/search', spec: PRICE_SEARCH }) },
  {
    method: 'GET',
    pattern: '/v1/prices/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return requirePrice(ctx.tx, ctx.pathParams.id!);
    },
  },
  { method: 'POST', pattern: '/v1/prices/:id', handler: (ctx) => updatePrice(ctx.tx, requirePrice(ctx.tx, ctx.pathParams.id!), validate(ctx.params, PRICE_UPDATE)) },
];
