// Errors raised by the HTTP client: one class per API failure kind (made only by errorFromResponse),
// network failures with their unknown-outcome flag, and the dry-run "error" that carries the request.

import { ExitCode, PayctlError } from '../errors.js';
import { redactSecrets } from '../config/redact.js';

/** The `error` hash of a Stripe error response (only the members payctl reads are typed). */
export interface StripeErrorHash {
  type?: string;
  code?: string;
  decline_code?: string;
  param?: string;
  message?: string;
  doc_url?: string;
  [k: string]: unknown;
}

export interface StripeApiErrorInit {
  message: string;
  status: number;
  raw: StripeErrorHash;
  requestId: string | null;
  idempotencyKey?: string;
}

/** The id of an object the error hash carries (expanded or as an id), if any. */
function objectId(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  const id = typeof v === 'object' && v !== null ? (v as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/** Base of every error the API returned. `message` is the API's own one-line message. */
export class StripeApiError extends PayctlError {
  readonly status: number;
  readonly type: string | undefined;
  readonly code: string | undefined;
  readonly declineCode: string | undefined;
  readonly param: string | undefined;
  readonly requestId: string | null;
  readonly raw: StripeErrorHash;
  readonly idempotencyKey: string | undefined;
  constructor(init: StripeApiErrorInit, exitCode: number) {
    const r = init.raw;
    super(oneLine(init.message), exitCode, compact({
      type: r.type,
      code: r.code,
      decline_code: r.decline_code,
      param: r.param,
      request_id: init.requestId ?? undefined,
      status: init.status,
      idempotency_key: init.idempotencyKey,
      doc_url: r.doc_url,
      // A decline while creating an intent leaves it behind: its id is how support finds it again.
      payment_intent: objectId(r.payment_intent),
      setup_intent: objectId(r.setup_intent),
    }));
    this.status = init.status;
    this.type = r.type;
    this.code = r.code;
    this.declineCode = r.decline_code;
    this.param = r.param;
    this.requestId = init.requestId;
    this.raw = r;
    this.idempotencyKey = init.idempotencyKey;
  }
}

/** 400/404: bad parameters, missing object, wrong state. */
export class InvalidRequestError extends StripeApiError {
  constructor(init: StripeApiErrorInit) {
    super(init, ExitCode.apiRejected);
  }
}
/** 400 `idempotency_error`: the key was used with other parameters or another endpoint. */
export class IdempotencyError extends StripeApiError {
  constructor(init: StripeApiErrorInit) {
    super(init, ExitCode.apiRejected);
  }
}
/** 401: no key or an invalid key. */
export class AuthenticationError extends StripeApiError {
  constructor(init: StripeApiErrorInit) {
    super(init, ExitCode.auth);
  }
}
/** 403: the (restricted) key lacks permission. */
export class PermissionError extends StripeApiError {
  constructor(init: StripeApiErrorInit) {
    super(init, ExitCode.auth);
  }
}
/** 402 `card_error`: the card was declined. */
export class CardError extends StripeApiError {
  constructor(init: StripeApiErrorInit) {
    super(init, ExitCode.cardDeclined);
  }
}
/** 429 (or `code: rate_limit`), still so after retries. */
export class RateLimitError extends StripeApiError {
  constructor(init: StripeApiErrorInit) {
    super(init, ExitCode.rateLimited);
  }
}
/** 5xx, 409 after retries, invalid JSON, anything unrecognised: the outcome of a mutation may be unknown. */
export class ApiServerError extends StripeApiError {
  constructor(init: StripeApiErrorInit) {
    super(init, ExitCode.network);
  }
}

/** Reads a header from a lower- or mixed-case header map. */
export function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const want = name.toLowerCase();
  for (const k of Object.keys(headers)) if (k.toLowerCase() === want) return headers[k];
  return undefined;
}

/**
 * The one factory from an HTTP error response to an error class (stripe-node's mapping by status and
 * error type; see https://docs.stripe.com/api/errors).
 * `body` is the raw text or an already-parsed value. `idempotencyKey` is given for POSTs only; for
 * server errors the message then says how to re-run safely.
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  headers: Record<string, string>,
  idempotencyKey?: string,
): StripeApiError {
  const requestId = headerValue(headers, 'request-id') ?? null;
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return new ApiServerError({
        message: withRerunHint(`Invalid JSON received from the API (HTTP ${status})`, idempotencyKey),
        status,
        raw: {},
        requestId,
        idempotencyKey,
      });
    }
  }
  const hash = parsed && typeof parsed === 'object' ? (parsed as { error?: unknown }).error : undefined;
  const raw: StripeErrorHash = hash && typeof hash === 'object' ? (hash as StripeErrorHash) : {};
  const apiMessage = typeof raw.message === 'string' && raw.message ? raw.message : `HTTP ${status} from the API`;
  const init = (message: string): StripeApiErrorInit => ({ message, status, raw, requestId, idempotencyKey });

  if (status === 400 || status === 404) {
    if (raw.type === 'idempotency_error') return new IdempotencyError(init(apiMessage));
    if (raw.code === 'rate_limit') return new RateLimitError(init(apiMessage));
    return new InvalidRequestError(init(apiMessage));
  }
  if (status === 401) return new AuthenticationError(init(apiMessage));
  if (status === 402) return new CardError(init(apiMessage));
  if (status === 403) return new PermissionError(init(apiMessage));
  if (status === 429) return new RateLimitError(init(apiMessage));
  if (status !== 409 && status < 500) {
    // Other statuses (including an error hash on a 2xx) fall back to the error type, as stripe-node does.
    if (raw.type === 'card_error') return new CardError(init(apiMessage));
    if (raw.type === 'idempotency_error') return new IdempotencyError(init(apiMessage));
    if (raw.type === 'invalid_request_error') return new InvalidRequestError(init(apiMessage));
  }
  return new ApiServerError(init(withRerunHint(apiMessage, idempotencyKey)));
}

function withRerunHint(message: string, idempotencyKey: string | undefined): string {
  if (!idempotencyKey) return message;
  return `${oneLine(message)}${rerunHint(idempotencyKey)}`;
}

/** Appended wherever a POST may or may not have happened: how to retry it without doing it twice. */
function rerunHint(idempotencyKey: string): string {
  return ` — the outcome of this POST is unknown; re-run with --idempotency-key ${idempotencyKey} to retry safely`;
}

export interface ConnectionErrorInit {
  /** What went wrong, e.g. `connect ECONNREFUSED 127.0.0.1:1`. */
  reason: string;
  method: string;
  url: string;
  /** True for a POST when some attempt may have reached the server. */
  outcomeUnknown: boolean;
  idempotencyKey?: string;
  attempts: number;
  cause?: unknown;
}

/** The request failed at the network level on every attempt. */
export class ConnectionError extends PayctlError {
  readonly outcomeUnknown: boolean;
  readonly idempotencyKey: string | undefined;
  constructor(init: ConnectionErrorInit) {
    let message = `network error: ${oneLine(init.reason)} (${init.method} ${init.url}, ${init.attempts} attempt${init.attempts === 1 ? '' : 's'})`;
    if (init.outcomeUnknown && init.idempotencyKey) message += rerunHint(init.idempotencyKey);
    // Otherwise nothing changed, and what the user can act on is where payctl tried to connect.
    else message += ' — check your connection and the API base URL (--base-url, PAYCTL_BASE_URL)';
    super(redactSecrets(message), ExitCode.network, compact({
      outcome_unknown: init.outcomeUnknown,
      idempotency_key: init.idempotencyKey,
      attempts: init.attempts,
    }));
    this.outcomeUnknown = init.outcomeUnknown;
    this.idempotencyKey = init.idempotencyKey;
    if (init.cause !== undefined) (this as { cause?: unknown }).cause = init.cause;
  }
}

export interface DryRunRequest {
  method: string;
  url: string;
  /** Authorization is already redacted. */
  headers: Record<string, string>;
  /** The form-encoded body ('' for GET/DELETE). */
  body: string;
}

/** Thrown instead of sending when dryRun is set; exit code 0. main prints `request`. */
export class DryRunError extends PayctlError {
  readonly request: DryRunRequest;
  constructor(request: DryRunRequest) {
    super(`dry run: ${request.method} ${request.url}`, ExitCode.ok, { request });
    this.request = request;
  }
}

// Every message that leaves the client is one line and holds no secret.
function oneLine(s: string): string {
  return redactSecrets(s.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}

function compact(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}
