// The shared list endpoint: validates pagination (limit, both cursors, created ranges) plus a
// resource's own filters, then returns Stripe's `{object:'list'}` envelope, newest first.
import type { ListQuery, RangeFilter, RouteContext, StripeObject } from './types.js';
import { invalidRequest, resourceMissing } from './errors.js';
import { validate, type Spec } from './validate.js';

const PAGINATION: Record<string, Spec> = {
  limit: 'integer',
  starting_after: 'string',
  ending_before: 'string',
  created: 'range',
};

/** Validates and extracts limit (1–100, default 10) for list and search endpoints. */
export function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return 10;
  if (limit < 1) throw invalidRequest('This value must be greater than or equal to 1.', { param: 'limit' });
  if (limit > 100) throw invalidRequest('This value must be less than or equal to 100.', { param: 'limit' });
  return limit;
}

export function listEndpoint(
  ctx: RouteContext,
  type: string,
  opts: {
    url: string;
    extra?: Record<string, Spec>;
    where?: (extra: Record<string, any>) => ListQuery['where'];
    ranges?: (extra: Record<string, any>) => ListQuery['ranges'];
    /** Further filters (membership, prefix) computed from the validated extras. */
    query?: (extra: Record<string, any>) => Partial<Pick<ListQuery, 'whereIn' | 'wherePrefix'>>;
  },
): StripeObject {
  const v = validate(ctx.params, { ...PAGINATION, ...(opts.extra ?? {}) });
  if (v.starting_after !== undefined && v.ending_before !== undefined) {
    throw invalidRequest('You may only specify one of these parameters: ending_before, starting_after.', { code: 'parameters_exclusive' });
  }
  const extra: Record<string, any> = {};
  for (const k of Object.keys(opts.extra ?? {})) if (v[k] !== undefined) extra[k] = v[k];
  for (const param of ['starting_after', 'ending_before'] as const) {
    const id = v[param] as string | undefined;
    if (id !== undefined && !ctx.tx.get(type, id)) throw resourceMissing(type, id, param);
  }
  const q: ListQuery = {
    limit: checkLimit(v.limit),
    startingAfter: v.starting_after,
    endingBefore: v.ending_before,
    created: v.created as RangeFilter | undefined,
    where: opts.where?.(extra),
    ranges: opts.ranges?.(extra),
    ...(opts.query?.(extra) ?? {}),
  };
  const page = ctx.tx.list(type, q);
  if (!page.raw) return { object: 'list', url: opts.url, has_more: page.hasMore, data: page.data } as unknown as StripeObject;
  // `data` stays the page's own (lazily decoded) items until a route reads or replaces it.
  const envelope = { object: 'list', url: opts.url, has_more: page.hasMore } as unknown as StripeObject;
  Object.defineProperty(envelope, 'data', {
    get: () => page.data,
    set(v: unknown) {
      Object.defineProperty(envelope, 'data', { value: v, writable: true, enumerable: true, configurable: true });
    },
    enumerable: true,
    configurable: true,
  });
  rawListData.set(envelope, { raw: page.raw, get: Object.getOwnPropertyDescriptor(envelope, 'data')!.get! });
  return envelope;
}

/**
 * List envelopes straight from `listEndpoint`, with their items' stored JSON text: the response splices
 * the text in instead of decoding and serialising each object again (the objects are exactly what that
 * text parses to, and a route that changes items builds a new envelope or assigns a new `data`).
 */
const rawListData = new WeakMap<object, { raw: string[]; get: () => unknown }>();

/** JSON for a list envelope from `listEndpoint` (its items as stored); undefined for any other body. */
export function listJson(body: unknown): string | undefined {
  const entry = typeof body === 'object' && body !== null ? rawListData.get(body) : undefined;
  if (!entry) return undefined;
  // `data` replaced since: serialise what is there.
  if (Object.getOwnPropertyDescriptor(body, 'data')?.get !== entry.get) return undefined;
  // The envelope without its items, read field by field (a spread would decode them).
  const head: Record<string, unknown> = {};
  for (const k of Object.keys(body as object)) head[k] = k === 'data' ? [] : (body as Record<string, unknown>)[k];
  const text = JSON.stringify(head);
  if (!text.endsWith('"data":[]}')) return undefined;
  return `${text.slice(0, -2)}${entry.raw.join(',')}]}`;
}
