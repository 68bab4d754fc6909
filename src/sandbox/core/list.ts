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
  return { object: 'list', url: opts.url, has_more: page.hasMore, data: page.data } as unknown as StripeObject;
}
