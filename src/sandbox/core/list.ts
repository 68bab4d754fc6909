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
  const envelope = { object: 'list', url: opts.url, has_more: page.hasMore, data: page.data } as unknown as StripeObject;
  if (page.raw) rawListData.set(envelope, page.raw);
  return envelope;
}

/**
 * List envelopes straight from `listEndpoint`, with their items' stored JSON text: the response splices
 * the text in instead of serialising each object again (the objects are exactly what that text parses
 * to, and a route that changes items builds a new envelope).
 */
export const rawListData = new WeakMap<object, string[]>();

/** JSON for a list envelope from `listEndpoint` (its items as stored); undefined for any other body. */
export function listJson(body: unknown): string | undefined {
  const raw = typeof body === 'object' && body !== null ? rawListData.get(body) : undefined;
  if (!raw) return undefined;
  const env = body as { data: unknown[] };
  if (raw.length !== env.data.length) return undefined;
  const head = JSON.stringify({ ...env, data: [] });
  if (!head.endsWith('"data":[]}')) return undefined;
  return `${head.slice(0, -2)}${raw.join(',')}]}`;
}
