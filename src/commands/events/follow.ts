// Follows new events on any Stripe-compatible server by polling `GET /v1/events` with
// `ending_before` = the newest event already seen: each page holds the events just after the
// cursor, so across pages and polls every event is yielded once, oldest first.
import type { StripeClient } from '../../client/types.js';
import { UsageError } from '../../errors.js';

export interface StripeEvent {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, any> };
  [k: string]: unknown;
}

export interface FollowOptions {
  /** `type` filter as the API takes it (`charge.succeeded`, `charge.*`). */
  type?: string;
  /** Several exact types (`types[]`). */
  types?: string[];
  /** Unix seconds: also yield the events created since then (else only events newer than the start). */
  since?: number;
  intervalMs: number;
  signal: AbortSignal;
}

const PAGE = 100;

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleepUnless(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}

export async function* followEvents(client: StripeClient, o: FollowOptions): AsyncGenerator<StripeEvent> {
  const base: Record<string, unknown> = {};
  if (o.type) base.type = o.type;
  if (o.types && o.types.length > 0) base.types = o.types;
  type Page = { data: StripeEvent[]; has_more: boolean };
  // Without --since the newest existing event is the starting cursor; with none, everything found later is new.
  let cursor: string | undefined;
  if (o.since === undefined) cursor = (await client.get<Page>('/v1/events', { ...base, limit: 1 })).data[0]?.id;
  let first = true;
  while (!o.signal.aborted) {
    if (!first) await sleepUnless(o.intervalMs, o.signal);
    first = false;
    if (o.signal.aborted) break;
    if (cursor) {
      for (;;) {
        const page: Page = await client.get<Page>('/v1/events', { ...base, limit: PAGE, ending_before: cursor });
        if (page.data.length === 0) break;
        for (let i = page.data.length - 1; i >= 0; i--) yield page.data[i]!;
        cursor = page.data[0]!.id;
        if (!page.has_more) break;
      }
    } else {
      // Newest first across pages; anything arriving meanwhile is newer than found[0] and comes next poll.
      const found: StripeEvent[] = [];
      const params = { ...base, limit: PAGE, ...(o.since !== undefined ? { created: { gte: o.since } } : {}) };
      for await (const e of client.paginate<StripeEvent>('/v1/events', params)) found.push(e);
      if (found.length > 0) {
        cursor = found[0]!.id;
        for (let i = found.length - 1; i >= 0; i--) yield found[i]!;
      }
    }
  }
}

/** `2s`, `500ms`, `1m`, or bare milliseconds; at least 100 ms so a loop cannot hammer an API. */
export function parseInterval(text: string): number {
  const m = /^(\d+)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new UsageError(`invalid --interval "${text}": use e.g. 2s, 500ms or 1m`);
  const ms = Number(m[1]) * (m[2] === 's' ? 1000 : m[2] === 'm' ? 60_000 : 1);
  if (ms < 100 || ms > 3_600_000) throw new UsageError(`invalid --interval "${text}": use 100ms to 1h`);
  return ms;
}

/** Amount, customer and status of an event's object, for one-line summaries. */
export function eventSummary(e: StripeEvent, formatAmount: (minor: number, currency: string) => string): string {
  const o = e.data?.object ?? {};
  const parts: string[] = [];
  const amount = typeof o.amount === 'number' ? o.amount : typeof o.amount_due === 'number' ? o.amount_due : typeof o.amount_total === 'number' ? o.amount_total : undefined;
  if (amount !== undefined && typeof o.currency === 'string') parts.push(formatAmount(amount, o.currency));
  const customer = typeof o.customer === 'string' ? o.customer : typeof o.customer?.id === 'string' ? o.customer.id : undefined;
  if (customer) parts.push(customer);
  else if (o.object === 'customer' && typeof o.email === 'string' && o.email) parts.push(o.email);
  if (typeof o.status === 'string') parts.push(o.status);
  return parts.join('  ');
}
