// Idempotency-Key handling for POSTs: first sight executes (the record commits with the effect, in the
// same transaction), a completed key replays its stored status and body, a mismatch is a 400, and a
// key still executing elsewhere is a 409.
import { hash } from 'node:crypto';
import type { Params } from './types.js';
import { StripeError, invalidRequest } from './errors.js';
import type { IdempotencyRecord, Store, StoreTx } from '../store/sqlite.js';

/** Records live at least this long (Stripe promises ≥ 24 h); older ones are pruned. */
export const IDEMPOTENCY_RETENTION_MS = 48 * 3600 * 1000;
/** An unfinished record older than this belongs to a request that died; the key may be reused. */
export const IN_FLIGHT_LEASE_MS = 60 * 1000;
export const MAX_KEY_LENGTH = 255;

export interface IdempotentRequest {
  key: string;
  method: string;
  path: string;
  paramsHash: string;
  requestId: string;
}

export type IdempotencyDecision = { kind: 'execute' } | { kind: 'replay'; status: number; body: string; originalRequestId: string };

function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const keys = Object.keys(v as object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** Hash of the decoded parameters with keys sorted, so encoding order does not matter. */
export function hashParams(params: Params): string {
  // One-shot hash: the same digest as createHash().update().digest(), without the Hash object.
  return hash('sha256', canonical(params), 'base64url');
}

export function checkKeyFormat(key: string): void {
  if (key.length > MAX_KEY_LENGTH) {
    throw invalidRequest(`Idempotency-Key must be at most ${MAX_KEY_LENGTH} characters long (got ${key.length}).`, {
      param: 'Idempotency-Key',
    });
  }
}

function idempotencyError(status: number, message: string, code?: string): StripeError {
  return new StripeError(status, code ? { type: 'idempotency_error', message, code } : { type: 'idempotency_error', message });
}

/** Decides what to do with a keyed POST; throws the 400/409 idempotency errors. Call inside the request's tx. */
export function beginIdempotent(tx: StoreTx, req: IdempotentRequest): IdempotencyDecision {
  const rec = tx.idempotencyGet(req.key);
  const wall = tx.wallMs();
  if (!rec || rec.created < wall - IDEMPOTENCY_RETENTION_MS) return { kind: 'execute' };
  if (rec.method !== req.method || rec.path !== req.path) {
    throw idempotencyError(
      400,
      `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${rec.path}' vs '${req.path}'). Try using a key other than '${req.key}' if you meant to execute a different request.`,
    );
  }
  if (rec.paramsHash !== req.paramsHash) {
    throw idempotencyError(
      400,
      `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${req.key}' if you meant to execute a different request.`,
    );
  }
  if (rec.status === null || rec.body === null) {
    if (rec.requestId === req.requestId || rec.lockedUntil <= wall) return { kind: 'execute' };
    throw idempotencyError(
      409,
      `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${req.key}. Please try again later.`,
      'idempotency_key_in_use',
    );
  }
  return { kind: 'replay', status: rec.status, body: rec.body, originalRequestId: rec.requestId };
}

/** Stores the outcome; runs in the same transaction as the effect, so both commit or neither. */
export function finishIdempotent(tx: StoreTx, req: IdempotentRequest, status: number, body: string): void {
  const wall = tx.wallMs();
  const rec: IdempotencyRecord = {
    key: req.key,
    method: req.method,
    path: req.path,
    paramsHash: req.paramsHash,
    status,
    body,
    requestId: req.requestId,
    created: wall,
    lockedUntil: 0,
  };
  tx.idempotencyPut(rec);
}

/** Publishes "in flight" in its own short transaction, before a request that will not finish at once
 *  (injected latency), so a concurrent request with the key gets 409 instead of waiting. */
export function markInFlight(store: Store, account: string, req: IdempotentRequest): IdempotencyDecision {
  return store.transaction(account, (tx) => {
    const decision = beginIdempotent(tx, req);
    if (decision.kind === 'execute') {
      const wall = tx.wallMs();
      tx.idempotencyPut({ ...req, status: null, body: null, created: wall, lockedUntil: wall + IN_FLIGHT_LEASE_MS });
    }
    return decision;
  });
}

/** Drops our own in-flight marker after a request that stored nothing (validation failure, crash). */
export function releaseInFlight(store: Store, account: string, req: IdempotentRequest): void {
  store.transaction(account, (tx) => {
    const rec = tx.idempotencyGet(req.key);
    if (rec && rec.status === null && rec.requestId === req.requestId) tx.idempotencyDelete(req.key);
  });
}
