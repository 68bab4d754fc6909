// The HTTP transport: one undici Pool per client (or the Dispatcher it is given), Stripe headers,
// idempotency keys, the retry loop, and the mapping of failures to client errors. Knows nothing of
// commander, output or config.

import type { Pool } from './undici-core.js';
import type { Dispatcher } from './undici-dispatcher.js';
import { UsageError } from '../errors.js';
import { redactKey, redactSecrets } from '../config/redact.js';
import { VERSION } from '../version.js';
import { encodeForm } from './form.js';
import { ConnectionError, DryRunError, errorFromResponse, headerValue } from './errors.js';
import { retryDelayMs, shouldRetry } from './retry.js';
import { observeMutations } from './observe.js';
import {
  DEFAULT_STRIPE_VERSION,
  type ClientOptions,
  type RequestSpec,
  type StripeClient,
  type StripeResponse,
} from './types.js';

export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_TIMEOUT_MS = 80_000;
/** Stripe refuses longer idempotency keys. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;
/** Page size for auto-pagination when the caller gives no limit: the API's maximum, fewest round trips. */
export const DEFAULT_PAGE_SIZE = 100;

/** Connection failures that happen before a byte of the request can have left this machine. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** Marks an abort caused by our own per-attempt timer (told apart from other aborts). */
class AttemptTimeout extends Error {
  readonly code = 'ETIMEDOUT';
}

interface Target {
  origin: string;
  /** Path prefix of the base URL ('' for a bare origin). */
  prefix: string;
}

/** Parses and vets the base URL: https anywhere, plain http only to a loopback host. */
export function parseBaseUrl(baseUrl: string): Target {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new UsageError(`invalid base URL "${baseUrl}"`, { base_url: baseUrl });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new UsageError(`invalid base URL "${baseUrl}": use https://`, { base_url: baseUrl });
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    throw new UsageError(`refusing plain http:// to ${url.hostname}: API keys would cross the network unencrypted; use https:// (http is allowed only to loopback)`, {
      base_url: baseUrl,
    });
  }
  return { origin: url.origin, prefix: url.pathname.replace(/\/+$/, '') };
}

export function isLoopback(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

export function createClient(opts: ClientOptions): StripeClient {
  const target = parseBaseUrl(opts.baseUrl);
  const maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const log = opts.log ? (line: string) => opts.log!(redactSecrets(line)) : () => {};
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = opts.random ?? Math.random;
  // node:crypto and perf_hooks load only when used (a POST, --verbose): a GET never pays for them.
  const uuid = opts.uuid ?? (async () => (await import('node:crypto')).randomUUID());
  let pool: Promise<Pool> | undefined;

  // Made on first use, so a dry run or an unused client opens nothing; a given dispatcher (the
  // in-process sandbox) needs no pool, so the connection code is not even loaded then.
  const getDispatcher = (): Dispatcher | Promise<Dispatcher> =>
    opts.dispatcher ??
    (pool ??= import('./undici-core.js').then(
      ({ Pool: PoolClass }) =>
        new PoolClass(target.origin, {
          keepAliveTimeout: 30_000,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          connectTimeout: Math.min(timeoutMs, 30_000),
        }),
    ));

  function baseHeaders(): Record<string, string> {
    const h: Record<string, string> = {
      Authorization: `Bearer ${opts.apiKey}`,
      'Stripe-Version': opts.stripeVersion ?? DEFAULT_STRIPE_VERSION,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      'User-Agent': `payctl/${VERSION}`,
    };
    if (opts.stripeAccount) h['Stripe-Account'] = opts.stripeAccount;
    return h;
  }

  async function request<T = any>(spec: RequestSpec): Promise<StripeResponse<T>> {
    if (!spec.path.startsWith('/')) {
      throw new UsageError(`request path must start with "/": ${spec.path}`, { path: spec.path });
    }
    const encoded = spec.params ? encodeForm(spec.params) : '';
    const isPost = spec.method === 'POST';
    let path = target.prefix + spec.path;
    if (!isPost && encoded) path += (path.includes('?') ? '&' : '?') + encoded;
    const body = isPost ? encoded : undefined;

    // An empty key would send the POST with none at all: a retry could then charge twice.
    if (isPost && spec.idempotencyKey !== undefined && (spec.idempotencyKey.trim() === '' || spec.idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH)) {
      throw new UsageError(`invalid idempotency key: give 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters, not blank (or none, for a new UUID)`);
    }
    const headers = baseHeaders();
    // Made once, before the first attempt, so every retry carries the same key.
    const idempotencyKey = isPost ? spec.idempotencyKey ?? (await uuid()) : undefined;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;

    if (opts.dryRun) {
      throw new DryRunError({
        method: spec.method,
        url: redactSecrets(target.origin + path),
        headers: { ...headers, Authorization: `Bearer ${redactKey(opts.apiKey)}` },
        body: redactSecrets(body ?? ''),
      });
    }

    const shownPath = redactSecrets(path);
    let maybeSent = false; // a POST whose request may have reached the server has an unknown outcome
    // Ctrl-C while a mutation is out waits for its answer (see main.ts): the tracker knows it is out
    // from just before it is first sent until its outcome is known. It may refuse to start one.
    const finished = spec.method === 'GET' ? undefined : opts.mutations?.begin({ method: spec.method, path: shownPath, idempotencyKey });
    try {
      for (let attempt = 0; ; attempt++) {
        const attemptHeaders = opts.extraHeaders ? { ...headers, ...opts.extraHeaders(attempt) } : headers;
        const note = [idempotencyKey && `idempotency-key ${idempotencyKey}`, attempt > 0 && `retry ${attempt}/${maxRetries}`]
          .filter(Boolean)
          .join(', ');
        log(`→ ${spec.method} ${shownPath}${note ? ` (${note})` : ''}`);
        const started = Date.now();

        let status: number;
        let resHeaders: Record<string, string>;
        let text: string;
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new AttemptTimeout(`timed out after ${timeoutMs}ms`)), timeoutMs);
        try {
          const res = await (await getDispatcher()).request({
            path,
            method: spec.method,
            headers: attemptHeaders,
            body,
            signal: controller.signal,
          });
          status = res.statusCode;
          resHeaders = flattenHeaders(res.headers);
          text = await res.body.text();
        } catch (err) {
          if (!isNetworkError(err)) throw err;
          const code = errorCode(err) ?? '';
          if (!NOT_SENT_CODES.has(code) && !isTlsCode(code)) maybeSent = true;
          const reason = describe(err);
          log(`✕ ${spec.method} ${shownPath}: ${reason} ${(Date.now() - started)}ms`);
          if (shouldRetry({ attempt, maxRetries, method: spec.method, networkError: true })) {
            const wait = retryDelayMs(attempt, undefined, random);
            log(`  retrying in ${wait}ms (network error)`);
            await sleep(wait);
            continue;
          }
          throw new ConnectionError({
            reason,
            method: spec.method,
            url: target.origin + shownPath,
            outcomeUnknown: isPost && maybeSent,
            idempotencyKey,
            attempts: attempt + 1,
            cause: err,
          });
        } finally {
          clearTimeout(timer);
        }

        const requestId = headerValue(resHeaders, 'request-id') ?? null;
        const replayed = headerValue(resHeaders, 'idempotent-replayed') === 'true';
        log(`← ${status} ${requestId ?? '-'} ${(Date.now() - started)}ms${replayed ? ' (replayed)' : ''}`);
        opts.onResponse?.(resHeaders);

        if (status >= 200 && status < 300) {
          const parsed = parseJson(text);
          if (parsed.ok && !(parsed.value && typeof parsed.value === 'object' && 'error' in parsed.value)) {
            return { status, body: parsed.value as T, requestId, headers: resHeaders, idempotencyKey, replayed };
          }
          // A 2xx with invalid JSON or an error hash is an error, and not one worth retrying.
          throw errorFromResponse(status, text, resHeaders, idempotencyKey);
        }
        if (shouldRetry({ attempt, maxRetries, method: spec.method, status, headers: resHeaders })) {
          const wait = retryDelayMs(attempt, headerValue(resHeaders, 'retry-after'), random);
          log(`  retrying in ${wait}ms (HTTP ${status})`);
          await sleep(wait);
          continue;
        }
        throw errorFromResponse(status, text, resHeaders, idempotencyKey);
      }
    } finally {
      finished?.();
    }
  }

  async function* paginate<T = any>(path: string, params: Record<string, unknown> = {}): AsyncGenerator<T> {
    const reverse = params.ending_before !== undefined && params.ending_before !== null;
    const query: Record<string, unknown> = { ...params, limit: params.limit ?? DEFAULT_PAGE_SIZE };
    for (;;) {
      const page = (await request<ListPage<T>>({ method: 'GET', path, params: query })).body;
      const data = Array.isArray(page?.data) ? page.data : [];
      // With ending_before the walk goes toward newer objects, so each page is read from its end
      // (stripe-node's order), and the next cursor is the page's first (newest) id.
      for (let i = 0; i < data.length; i++) yield data[reverse ? data.length - 1 - i : i];
      if (!page?.has_more || data.length === 0) return;
      const cursor = (reverse ? data[0] : data[data.length - 1]) as { id?: unknown };
      if (typeof cursor?.id !== 'string') return;
      if (reverse) query.ending_before = cursor.id;
      else query.starting_after = cursor.id;
    }
  }

  async function* searchAll<T = any>(path: string, params: Record<string, unknown>): AsyncGenerator<T> {
    const query: Record<string, unknown> = { ...params };
    for (;;) {
      const page = (await request<SearchPage<T>>({ method: 'GET', path, params: query })).body;
      const data = Array.isArray(page?.data) ? page.data : [];
      for (const item of data) yield item;
      if (!page?.has_more || !page.next_page) return;
      query.page = page.next_page;
    }
  }

  // Every POST/DELETE, whichever method sends it, reports its outcome to onMutation (the journal).
  const send = opts.onMutation ? observeMutations(request, opts.onMutation) : request;
  return {
    options: Object.freeze({ ...opts }),
    request: send,
    get: async (path, params) => (await request({ method: 'GET', path, params })).body,
    post: async (path, params, o) => (await send({ method: 'POST', path, params, idempotencyKey: o?.idempotencyKey })).body,
    del: async (path, params) => (await send({ method: 'DELETE', path, params })).body,
    paginate,
    searchAll,
    async close() {
      const p = pool;
      pool = undefined;
      // destroy, not close: in-flight keep-alive sockets must not keep a finished CLI alive. The
      // sockets are destroyed at once; waiting for their 'close' events would only delay the exit.
      if (p) void (await p).destroy().catch(() => {});
    },
  };
}

interface ListPage<T> {
  data: T[];
  has_more: boolean;
}
interface SearchPage<T> extends ListPage<T> {
  next_page: string | null;
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function errorCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | null;
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return undefined;
}

/** Socket (`ECONNRESET`…), undici (`UND_ERR_SOCKET`…) and TLS failures, and our own timeout. Anything else is a bug. */
function isNetworkError(err: unknown): boolean {
  if (err instanceof AttemptTimeout) return true;
  if (err instanceof Error && err.name === 'AbortError') return true;
  const code = errorCode(err);
  if (code === undefined || code === 'UND_ERR_INVALID_ARG' || code === 'UND_ERR_NOT_SUPPORTED') return false;
  return /^(E[A-Z]+|UND_ERR_\w+|ERR_TLS_\w+|ERR_SSL_\w+|CERT_\w+|\w*SELF_SIGNED\w*|UNABLE_TO_\w+)$/.test(code);
}

function isTlsCode(code: string): boolean {
  return /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_)|SELF_SIGNED/.test(code);
}

function describe(err: unknown): string {
  const e = err as Error & { code?: string };
  const code = errorCode(err);
  const msg = e?.message || String(err);
  return code && !msg.includes(code) ? `${code} ${msg}` : msg;
}
