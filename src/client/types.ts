// Public types of the HTTP client. The client knows nothing of commander, output or config.
import type { Dispatcher } from './undici-dispatcher.js';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface ClientOptions {
  apiKey: string;
  /** e.g. 'https://api.stripe.com' or 'http://127.0.0.1:12111' (plain http only to loopback). */
  baseUrl: string;
  /**
   * Where requests go instead of a connection pool to `baseUrl` (which then only names the target in
   * messages): the embedded sandbox hands them to its app in-process, with no socket anyone could reach.
   * Its owner closes it.
   */
  dispatcher?: Dispatcher;
  /** Sent as Stripe-Version; default DEFAULT_STRIPE_VERSION. */
  stripeVersion?: string;
  /** Sent as Stripe-Account. */
  stripeAccount?: string;
  /** Retries after the first attempt; default 3. */
  maxRetries?: number;
  /** Per-attempt timeout; default 80 000 ms. */
  timeoutMs?: number;
  /** Print the request instead of sending it: request() throws DryRunError describing it. */
  dryRun?: boolean;
  /** Verbose log sink (one line per call); keys are always redacted before reaching it. */
  log?: (line: string) => void;
  /** Sees every response's headers (the CLI reads the sandbox clock from them). */
  onResponse?: (headers: Record<string, string>) => void;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Makes idempotency keys; default crypto.randomUUID. */
  uuid?: () => string | Promise<string>;
  /** Told when each POST/DELETE goes out and when its outcome is known (Ctrl-C handling). */
  mutations?: MutationTracker;
  /**
   * TEST-ONLY hook: extra request headers per attempt (0 = first), e.g. a sandbox fault header on the
   * first attempt only. Commands never set it.
   */
  extraHeaders?: (attempt: number) => Record<string, string>;
  /** Told of every POST/DELETE once its outcome is settled (the history journal); see observe.ts. */
  onMutation?: (record: import('./observe.js').MutationRecord) => void;
}

/** A mutation the client is sending (path redacted of secrets; the key for POSTs). */
export interface OutgoingMutation {
  method: Exclude<HttpMethod, 'GET'>;
  path: string;
  idempotencyKey?: string;
}

export interface MutationTracker {
  /**
   * Called just before a mutation is first sent; returns the function the client calls once its
   * outcome is known (answer or final failure). May throw to keep it from being sent at all.
   */
  begin(m: OutgoingMutation): () => void;
}

export interface RequestSpec {
  method: HttpMethod;
  /** '/v1/customers' (leading slash; may include a query string for GET). */
  path: string;
  /** Encoded with Stripe's bracket notation into the body (POST) or query (GET/DELETE). */
  params?: Record<string, unknown>;
  /** Caller's key; otherwise a UUID is made once before the first attempt and reused on retries. */
  idempotencyKey?: string;
}

export interface StripeResponse<T = any> {
  status: number;
  body: T;
  requestId: string | null;
  headers: Record<string, string>;
  /** The key sent with a POST. */
  idempotencyKey?: string;
  /** True when the server replayed a stored response (Idempotent-Replayed: true). */
  replayed: boolean;
}

export interface StripeClient {
  readonly options: Readonly<ClientOptions>;
  request<T = any>(spec: RequestSpec): Promise<StripeResponse<T>>;
  get<T = any>(path: string, params?: Record<string, unknown>): Promise<T>;
  post<T = any>(path: string, params?: Record<string, unknown>, opts?: { idempotencyKey?: string }): Promise<T>;
  del<T = any>(path: string, params?: Record<string, unknown>): Promise<T>;
  /**
   * Walks a list endpoint page by page, yielding items: starting_after = last id (or ending_before =
   * first id when params.ending_before is given) until has_more is false. Constant memory.
   */
  paginate<T = any>(path: string, params?: Record<string, unknown>): AsyncGenerator<T>;
  /** Walks a search endpoint with next_page. */
  searchAll<T = any>(path: string, params: Record<string, unknown>): AsyncGenerator<T>;
  close(): Promise<void>;
}

export const DEFAULT_STRIPE_VERSION = '2026-10-28.endive';
