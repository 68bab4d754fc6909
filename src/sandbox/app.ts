// The sandbox HTTP application: auth, parsing, routing, one store transaction per request,
// idempotency, expansion, fault injection and Stripe's error envelope. Built apart from any transport:
// `respond()` maps one request to one response, and `handle()` adapts it to node:http (`sandbox serve`);
// the CLI's embedded default calls `respond()` in-process through an undici Dispatcher (dispatcher.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Ids, Params, RouteContext, RouteDef, RouteResult, StripeErrorBody, Tick } from './core/types.js';
import { StripeError, invalidRequest } from './core/errors.js';
import { parseForm } from './core/form.js';
import { Router } from './core/router.js';
import { applyExpand } from './core/expand.js';
import { listJson } from './core/list.js';
import { base62Digest, randomBase62 } from './core/ids.js';
import {
  IDEMPOTENCY_RETENTION_MS,
  beginIdempotent,
  checkKeyFormat,
  finishIdempotent,
  hashParams,
  markInFlight,
  releaseInFlight,
  type IdempotentRequest,
} from './core/idempotency.js';
import type { Store } from './store/sqlite.js';
import { checkApiVersion, renderedVersion } from './core/versions.js';
import { errorJson, indentJson, wantsIndentedJson } from './core/render.js';
import { servedResources, shadowedError, unroutedError } from './core/unmodelled.js';
import { allRoutes, ticks as defaultTicks } from './routes/index.js';
import { startDeliveryWorker, type DeliveryWorker, type WebhookOptions } from './webhooks/worker.js';

export interface FaultOptions {
  /** Delay before each request executes (ms). An idempotent POST is marked in flight meanwhile. */
  latencyMs?: number;
  /** Probability (0–1) of answering 500 api_error with `Stripe-Should-Retry: true` before doing anything. */
  failRate?: number;
  /** Probability (0–1) of committing the request and then destroying the socket without an answer. */
  dropRate?: number;
  /** Requests per second allowed per account; beyond it 429 `rate_limit`. */
  rateLimit?: number;
  /** Random source for the rates (tests may inject one). */
  random?: () => number;
}

/**
 * Sandbox-only request header forcing a fault on one request, so tests need no randomness:
 * `fail` (500 before executing), `drop` (commit, then close the socket unanswered),
 * `rate_limit` (429), `latency=<ms>` (delay before executing). The real API ignores it.
 */
export const FAULT_HEADER = 'payctl-sandbox-fault';

const MAX_BODY_BYTES = 1024 * 1024;
const PRUNE_EVERY_MS = 60 * 1000;

const NO_KEY_MESSAGE =
  "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";
const RATE_LIMIT_MESSAGE = 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.';

/** Stable account id for an API key: each distinct test key is its own isolated account. */
export function accountForKey(key: string): string {
  return knownAccounts.get(key) ?? `acct_${base62Digest(key, 16)}`;
}

/**
 * Keys whose account is known before any request: the embedded sandbox's, remembered while the
 * startup snapshot is built (a process's first SHA-256 costs ~1 ms, on every embedded command).
 */
const knownAccounts = new Map<string, string>();
export function rememberAccount(key: string): void {
  knownAccounts.set(key, accountForKey(key));
}

/** The default routes' table and served list, built once per process (for the embedded sandbox: in the snapshot). */
const defaultRouting = { router: new Router(allRoutes), served: servedResources(allRoutes) };

/** `sk_test_********************1234`, as Stripe prints keys in auth errors. */
export function maskKey(key: string): string {
  const m = /^([a-z]{2}_(?:test|live)_)/.exec(key);
  const prefix = m ? m[1]! : '';
  const rest = key.slice(prefix.length);
  return prefix + '*'.repeat(Math.max(rest.length - 4, 0)) + rest.slice(-4);
}

function authError(message: string): StripeError {
  return new StripeError(401, { type: 'invalid_request_error', message });
}

/** Extracts the key (Bearer or Basic) and checks it is a test-mode secret or restricted key. */
export function authenticate(header: string | undefined): string {
  if (!header || !header.trim()) throw authError(NO_KEY_MESSAGE);
  const [scheme, ...rest] = header.trim().split(/\s+/);
  let key = rest.join(' ');
  if (/^basic$/i.test(scheme!)) {
    const decoded = Buffer.from(key, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    key = colon < 0 ? decoded : decoded.slice(0, colon);
  } else if (!/^bearer$/i.test(scheme!)) {
    throw authError(`Invalid API Key provided: ${maskKey(header.trim())}`);
  }
  if (!key) throw authError(NO_KEY_MESSAGE);
  if (/^(sk|rk)_live_./.test(key)) {
    throw authError(
      `This is a local test-mode sandbox: live keys are refused (${maskKey(key)}). Use any sk_test_… or rk_test_… key; each distinct key is its own sandbox account.`,
    );
  }
  if (/^pk_(test|live)_/.test(key)) {
    throw authError('This API call cannot be made with a publishable API key. Please use a secret API key. You can find a list of your API keys at https://dashboard.stripe.com/account/apikeys.');
  }
  if (!/^(sk|rk)_test_[A-Za-z0-9_]+$/.test(key)) throw authError(`Invalid API Key provided: ${maskKey(key)}`);
  return key;
}

function isExplicit(r: RouteResult): r is { status: number; body: unknown } {
  return typeof (r as { status?: unknown }).status === 'number' && 'body' in r && !('object' in r);
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** Response header with the account's clock in unix seconds; real Stripe never sends it. */
export const SANDBOX_NOW_HEADER = 'Payctl-Sandbox-Now';

function expandList(v: Params[string] | undefined): string[] {
  if (v === undefined) return [];
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return Object.values(v).filter((x): x is string => typeof x === 'string');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One request, whatever carried it: node:http's IncomingMessage fits this shape as it is. */
export interface SandboxRequest {
  method?: string;
  /** Path with query string, e.g. `/v1/customers?limit=3`. */
  url?: string;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
}

/** One answer: a status, headers and a JSON body, or `drop` (the drop fault: close without answering). */
export interface SandboxResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  drop?: boolean;
}

interface Outcome {
  status: number;
  body: string;
  headers?: Record<string, string>;
  /** Destroy the socket instead of answering (drop fault). */
  drop?: boolean;
}

export interface SandboxApp {
  /** node:http request listener (`sandbox serve`). */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** The transport-independent core: one request with its whole body → one response. */
  respond(req: SandboxRequest & { body: string }): Promise<SandboxResponse>;
  close(): void;
  /** The webhook delivery worker (outside every request's transaction; see webhooks/). */
  readonly webhooks?: DeliveryWorker;
}

export function createSandboxApp(opts: {
  store: Store;
  ids?: Ids;
  faults?: FaultOptions;
  log?: (line: string) => void;
  /** Defaults to every module in routes/ (tests may pass their own). */
  routes?: readonly RouteDef[];
  ticks?: readonly Tick[];
  /**
   * In-process callers (the CLI's embedded sandbox) get an unexpected failure, such as a damaged data
   * file, as a rejected respond() to report, instead of a 500 answer their client would retry.
   */
  rejectUnexpected?: boolean;
  /** Runs the webhook delivery worker (see webhooks/worker.ts) unless absent or `disabled`. */
  webhooks?: WebhookOptions;
}): SandboxApp {
  const { store } = opts;
  const faults = opts.faults ?? {};
  const random = faults.random ?? Math.random;
  const log = opts.log ?? (() => {});
  const router = opts.routes ? new Router(opts.routes) : defaultRouting.router;
  const served = opts.routes ? servedResources(opts.routes) : defaultRouting.served;
  const ticks = opts.ticks ?? defaultTicks;
  const rateWindows = new Map<string, { start: number; count: number }>();
  const accounts = new Map<string, string>();
  let lastPrune = 0;
  let closed = false;
  // Only when asked (a long-running server): a per-command embedded sandbox just queues deliveries.
  const webhooks = !opts.webhooks || opts.webhooks.disabled ? undefined : startDeliveryWorker(store, { ...opts.webhooks, log });

  function accountOf(key: string): string {
    let a = accounts.get(key);
    if (!a) {
      if (accounts.size > 10_000) accounts.clear();
      accounts.set(key, (a = accountForKey(key)));
    }
    return a;
  }

  function overRateLimit(account: string): boolean {
    const limit = faults.rateLimit;
    if (!limit || limit <= 0) return false;
    const now = Date.now();
    let w = rateWindows.get(account);
    if (!w || now - w.start >= 1000) {
      if (rateWindows.size > 10_000) rateWindows.clear();
      rateWindows.set(account, (w = { start: now, count: 0 }));
    }
    w.count++;
    return w.count > limit;
  }

  function errorOutcome(err: StripeError, requestId: string, extra?: Record<string, string>): Outcome {
    return { status: err.status, body: errorJson(err.body, requestId), headers: extra };
  }

  function maybePrune(): void {
    const now = Date.now();
    if (now - lastPrune < PRUNE_EVERY_MS) return;
    lastPrune = now;
    store.pruneIdempotency(now - IDEMPOTENCY_RETENTION_MS);
  }

  async function run(req: SandboxRequest, rawBody: string, requestId: string, version: string): Promise<Outcome> {
    const askedVersion = headerValue(req.headers['stripe-version']);
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    let path = q < 0 ? url : url.slice(0, q);
    if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    const query = q < 0 ? '' : url.slice(q + 1);

    const key = authenticate(headerValue(req.headers.authorization));
    const account = accountOf(key);

    const forced = headerValue(req.headers[FAULT_HEADER])?.trim().toLowerCase();
    if (forced === 'fail' || (faults.failRate && random() < faults.failRate)) {
      const err = new StripeError(500, { type: 'api_error', message: 'An unknown error occurred (injected by the sandbox).' });
      return errorOutcome(err, requestId, { 'Stripe-Should-Retry': 'true' });
    }
    if (forced === 'rate_limit' || overRateLimit(account)) {
      return errorOutcome(invalidRequest(RATE_LIMIT_MESSAGE, { code: 'rate_limit', status: 429 }), requestId, { 'Retry-After': '1' });
    }
    checkApiVersion(askedVersion);

    const shadowed = shadowedError(method, path, served);
    if (shadowed) throw shadowed;
    const m = method === 'GET' || method === 'POST' || method === 'DELETE' ? router.match(method, path) : undefined;
    if (!m) throw unroutedError(method, path, served);

    const params = method === 'POST' ? { ...parseForm(query), ...parseForm(rawBody) } : parseForm(query);
    const expand = expandList(params.expand);
    const handlerParams: Params = { ...params };
    delete handlerParams.expand;

    const idemKeyRaw = method === 'POST' ? headerValue(req.headers['idempotency-key']) : undefined;
    let idem: IdempotentRequest | undefined;
    const headers: Record<string, string> = {};
    if (idemKeyRaw !== undefined && idemKeyRaw !== '') {
      checkKeyFormat(idemKeyRaw);
      idem = { key: idemKeyRaw, method, path, paramsHash: hashParams(params), requestId };
      headers['Idempotency-Key'] = idemKeyRaw;
    }

    const latency = forced?.startsWith('latency=') ? Number(forced.slice('latency='.length)) || 0 : (faults.latencyMs ?? 0);
    let premarked = false;
    if (latency > 0) {
      if (idem) {
        const d = markInFlight(store, account, idem);
        if (d.kind === 'replay') return replay(d, headers);
        premarked = true;
      }
      await sleep(latency);
    }

    const drop = forced === 'drop' || (!!faults.dropRate && random() < faults.dropRate);
    const runTransaction = (): Outcome => {
      maybePrune();
      const scope = { requestId, idempotencyKey: idem?.key, stripeVersion: version, ids: opts.ids };
      try {
        const outcome = store.transaction(
          account,
          (tx): Outcome => {
            for (const tick of ticks) tick(tx);
            // The account's clock (it moves with `sandbox advance`), so a client shows "3h ago" and
            // reads `--created-after 7d` by it rather than by the wall clock. Errors carry it too.
            headers[SANDBOX_NOW_HEADER] = String(tx.now());
            if (idem) {
              const d = beginIdempotent(tx, idem);
              if (d.kind === 'replay') return replay(d, headers);
              headers['Original-Request'] = requestId;
            }
            const ctx: RouteContext = { tx, method: method as RouteContext['method'], path, pathParams: m.pathParams, params: handlerParams, expand,
              runTicks: () => {
                for (const tick of ticks) tick(tx);
              },
            };
            try {
              const result = m.route.handler(ctx);
              let status = 200;
              let body: unknown = result;
              if (isExplicit(result)) {
                status = result.status;
                body = result.body;
              }
              if (expand.length) body = applyExpand(tx, body, expand);
              const text = (expand.length ? undefined : listJson(body)) ?? JSON.stringify(body);
              if (idem) finishIdempotent(tx, idem, status, text);
              return { status, body: text, headers };
            } catch (err) {
              // Execution-time failures (402 declines…) commit with their effect and replay like successes.
              if (err instanceof StripeError && err.commit && idem) finishIdempotent(tx, idem, err.status, errorJson(err.body, requestId));
              throw err;
            }
          },
          scope,
        );
        return drop ? { ...outcome, drop: true } : outcome;
      } catch (err) {
        if (premarked && idem) releaseInFlight(store, account, idem);
        if (err instanceof StripeError) {
          if (drop && err.commit) return { status: err.status, body: '', drop: true };
          return errorOutcome(err, requestId, headers);
        }
        throw err;
      }
    };
    // Searches read many rows: they take turns, one per event-loop iteration (see takeTurn).
    const long = method === 'GET' && path.endsWith('/search');
    if (long) await takeTurn();
    try {
      return runTransaction();
    } finally {
      if (long) releaseTurn();
    }
  }

  // Long requests queue here and run one per event-loop iteration: the next one is released from a
  // setImmediate queued after the previous one ends, which runs only after the loop has polled for I/O
  // again. So a request of another account waits behind at most one search, not behind every search
  // that arrived with it.
  const turns: Array<() => void> = [];
  let turnTaken = false;
  function takeTurn(): Promise<void> {
    return new Promise<void>((resolve) => {
      turns.push(resolve);
      if (!turnTaken) passTurn();
    });
  }
  function passTurn(): void {
    turnTaken = true;
    setImmediate(() => {
      const next = turns.shift();
      if (next) next();
      else turnTaken = false;
    });
  }
  function releaseTurn(): void {
    if (turns.length) passTurn();
    else turnTaken = false;
  }

  function replay(d: { status: number; body: string; originalRequestId: string }, headers: Record<string, string>): Outcome {
    return { status: d.status, body: d.body, headers: { ...headers, 'Idempotent-Replayed': 'true', 'Original-Request': d.originalRequestId } };
  }

  /** Runs one request to its response. Never rejects, unless `rejectUnexpected` asks for it. */
  async function respondTo(req: SandboxRequest, rawBody: string | undefined): Promise<SandboxResponse> {
    const requestId = `req_${randomBase62(14)}`;
    // Never echo a version the body was not rendered at (an unserved one is refused in run()).
    const version = renderedVersion(headerValue(req.headers['stripe-version']));
    const indent = wantsIndentedJson(req.headers);
    const answer = (o: Outcome): SandboxResponse => ({
      status: o.status,
      headers: { 'Content-Type': 'application/json', 'Request-Id': requestId, 'Stripe-Version': version, ...(o.headers ?? {}) },
      body: indent ? indentJson(o.body) : o.body,
      drop: o.drop,
    });
    try {
      if (rawBody === undefined) throw invalidRequest(`Request body too large (limit ${MAX_BODY_BYTES} bytes).`, { status: 413 });
      return answer(await run(req, rawBody, requestId, version));
    } catch (err) {
      if (err instanceof StripeError) return answer(errorOutcome(err, requestId));
      if (opts.rejectUnexpected) throw err;
      log(`sandbox: ${req.method} ${req.url} ${requestId} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      const body: StripeErrorBody = { type: 'api_error', message: `An unknown error occurred. Request ${requestId} failed inside the sandbox.` };
      return answer({ status: 500, body: errorJson(body, requestId) });
    }
  }

  function send(res: ServerResponse, o: SandboxResponse): void {
    if (o.drop) {
      res.socket?.destroy();
      return;
    }
    res.writeHead(o.status, { ...o.headers, 'Content-Length': Buffer.byteLength(o.body) });
    res.end(o.body);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(c);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (closed) {
        res.socket?.destroy();
        return;
      }
      const raw = tooLarge ? undefined : chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      void respondTo(req, raw).then(
        (o) => send(res, o),
        () => res.destroy(),
      );
    });
  }

  function respond(req: SandboxRequest & { body: string }): Promise<SandboxResponse> {
    if (closed) return Promise.resolve({ status: 503, headers: {}, body: '', drop: true });
    return respondTo(req, Buffer.byteLength(req.body) > MAX_BODY_BYTES ? undefined : req.body);
  }

  return {
    handle,
    respond,
    webhooks,
    close() {
      closed = true;
      webhooks?.close();
      rateWindows.clear();
    },
  };
}
