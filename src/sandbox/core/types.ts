// Contracts between the sandbox's HTTP core (app, store, parsing, idempotency, lists, search)
// and its resource modules (routes/ + domain/). Both sides code against these types only.
import type { SearchPredicate } from './search.js';

/** Any Stripe-shaped object as stored and returned: `id`, `object`, usually `created`. */
export type StripeObject = { id: string; object: string; created?: number; [k: string]: any };

/** Parsed form/query parameters: nested objects and arrays per Stripe's bracket notation; leaves are strings. */
export type Params = { [k: string]: ParamValue };
export type ParamValue = string | ParamValue[] | { [k: string]: ParamValue };

export interface Ids {
  /** `make('cus')` → `cus_` + 14 base62 chars; `make('pi', 24)` → 24 chars. `cs_test` prefixes allowed. */
  make(prefix: string, length?: number): string;
}

/** Filters for a list endpoint. Items come newest first (created desc, then insertion order desc). */
export interface ListQuery {
  limit: number; // 1..100, already validated
  startingAfter?: string;
  endingBefore?: string;
  created?: RangeFilter;
  /** Equality filters on (dotted) fields, e.g. { customer: 'cus_x', status: 'paid' }. */
  where?: Record<string, string | number | boolean | null>;
  /** Range filters on other numeric fields, e.g. { arrival_date: {gte: 1} }. */
  ranges?: Record<string, RangeFilter>;
  /** Membership filters on (dotted) fields, e.g. { type: ['charge.succeeded', 'charge.failed'] }. */
  whereIn?: Record<string, Array<string | number>>;
  /** Prefix filters on (dotted) string fields, e.g. { type: 'customer.' } for `type=customer.*`. */
  wherePrefix?: Record<string, string>;
}
export interface RangeFilter {
  eq?: number;
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}
export interface Page<T> {
  data: T[];
  hasMore: boolean;
  /** The stored JSON text of each of `data` (same order), when the store has it: the response reuses it. */
  raw?: string[];
}

/**
 * One database transaction scoped to one account (one API key). Every request runs inside exactly one.
 * Types are the Stripe `object` names: 'customer', 'payment_intent', 'charge', 'refund',
 * 'balance_transaction', 'payout', 'invoice', 'invoiceitem', 'checkout.session', 'payment_method', 'event' …
 */
export interface Tx {
  readonly account: string; // stable account id derived from the key, e.g. 'acct_1Ab…'
  readonly livemode: false;
  /** Current sandbox time in unix seconds for this account (wall clock + the account's advanced offset). */
  now(): number;
  readonly ids: Ids;
  get<T extends StripeObject = StripeObject>(type: string, id: string): T | undefined;
  /** Inserts a new object; `obj.id` must be unique; `obj.created` is used for ordering (defaults to now()). */
  insert<T extends StripeObject>(type: string, obj: T): T;
  /** Replaces the stored object with the same id. */
  update<T extends StripeObject>(type: string, obj: T): T;
  remove(type: string, id: string): void;
  list<T extends StripeObject = StripeObject>(type: string, q: ListQuery): Page<T>;
  /** Every object of a type for this account, newest first, optionally filtered (search, aggregation). */
  scan<T extends StripeObject = StripeObject>(type: string, filter?: (o: T) => boolean): T[];
  /**
   * Ids of every object of a type for this account, newest first, whose `fields` (dotted top-down paths;
   * each value as JSON-decoded, undefined when absent) pass `filter`. The same answer as `scan` with a
   * filter reading only those fields, without decoding whole objects (search).
   */
  /** The smallest value of a numeric field (or `created`) over the objects matching `q`; undefined when none match. */
  min(type: string, field: string, q: Pick<ListQuery, 'where' | 'whereIn' | 'ranges' | 'created'>): number | undefined;
  scanIds(type: string, fields: readonly string[], filter: (values: unknown[]) => boolean): string[];
  /**
   * Ids of every object of a type for this account matching a parsed search query, newest first: the same
   * answer as `scan(type, q.matches)`, found with SQL over search keys (indexed for the common fields).
   * With `max`, only the first `max` ids (newest first).
   */
  searchIds(type: string, q: Pick<SearchPredicate, 'mode' | 'clauses' | 'matches'>, max?: number): string[];
  /** Records an event (`payment_intent.succeeded` …) in the same transaction. */
  emit(eventType: string, obj: StripeObject, previousAttributes?: Record<string, unknown>): void;
  /** Small per-account key/value state (counters such as invoice numbers, clock offset). */
  getMeta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
}

export interface RouteContext {
  tx: Tx;
  method: 'GET' | 'POST' | 'DELETE';
  /** Request path without query, e.g. '/v1/customers/cus_123'. */
  path: string;
  /** Values of `:name` segments of the matched pattern. */
  pathParams: Record<string, string>;
  /** Body (POST) or query (GET/DELETE) parameters, parsed; `expand` is removed and applied by the core. */
  params: Params;
  /** The request's `expand[]` paths (already applied by the core after the handler; search reads `total_count`). */
  expand?: string[];
  /** Runs the app's ticks again in this transaction (after the handler moved the sandbox clock). */
  runTicks?: () => void;
}

/** What a handler returns: an object (200) or an explicit status and body. */
export type RouteResult = StripeObject | { status: number; body: unknown };

export interface RouteDef {
  method: 'GET' | 'POST' | 'DELETE';
  /** e.g. '/v1/payment_intents/:id/confirm'. Literal segments win over `:params`. */
  pattern: string;
  handler: (ctx: RouteContext) => RouteResult;
}

/** Error hash members (https://docs.stripe.com/api/errors). */
export interface StripeErrorBody {
  type: 'api_error' | 'card_error' | 'idempotency_error' | 'invalid_request_error';
  message: string;
  code?: string;
  decline_code?: string;
  advice_code?: string;
  param?: string;
  charge?: string;
  payment_intent?: StripeObject;
  payment_method?: StripeObject;
  doc_url?: string;
  [k: string]: unknown;
}

/** Periodic work run inside every request's transaction before the handler (e.g. pending→available).
 *  Must be cheap when nothing is due: check a meta "next due" time first. */
export type Tick = (tx: Tx) => void;
