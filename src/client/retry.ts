// The retry policy as pure functions: whether to retry (stripe-node's _shouldRetry rules plus 429)
// and how long to wait (capped exponential back-off with jitter, honouring Retry-After).

import { headerValue } from './errors.js';
import type { HttpMethod } from './types.js';

export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 5_000;
/** A server's Retry-After is honoured up to this much; beyond it a CLI user is better served by failing. */
export const MAX_RETRY_AFTER_MS = 30_000;

export interface RetryQuestion {
  /** Retries made so far (0 after the first attempt failed). */
  attempt: number;
  maxRetries: number;
  /** Every POST carries an idempotency key, so all methods are retried alike; kept for logs and callers. */
  method: HttpMethod | string;
  status?: number;
  headers?: Record<string, string>;
  networkError?: boolean;
}

/**
 * `Stripe-Should-Retry` wins (false → never, true → yes); then network errors, 409, 429 and ≥500 are
 * retried and every other status is not; nothing is retried once `maxRetries` retries were made.
 * Unlike stripe-node there is no extra retry of a closed connection at maxRetries 0: the user asked for none.
 */
export function shouldRetry(o: RetryQuestion): boolean {
  if (o.attempt >= o.maxRetries) return false;
  const hint = headerValue(o.headers, 'stripe-should-retry');
  if (hint === 'false') return false;
  if (hint === 'true') return true;
  if (o.networkError) return true;
  const s = o.status;
  if (s === undefined) return false;
  return s === 409 || s === 429 || s >= 500;
}

/**
 * Delay before retry number `attempt + 1`: min(500 ms · 2^attempt, 5 s), jittered down to half at
 * most but never under 500 ms (stripe-node's formula). A `Retry-After` (seconds or HTTP date) raises
 * the delay to what the server asked, capped at MAX_RETRY_AFTER_MS.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterHeader: string | undefined,
  random: () => number,
  nowMs: number = Date.now(),
): number {
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** Math.max(0, attempt), MAX_RETRY_DELAY_MS);
  const jittered = Math.max(INITIAL_RETRY_DELAY_MS, base * 0.5 * (1 + random()));
  const asked = parseRetryAfter(retryAfterHeader, nowMs);
  if (asked === undefined) return Math.round(jittered);
  return Math.round(Math.max(jittered, Math.min(asked, MAX_RETRY_AFTER_MS)));
}

/** `Retry-After: 3` or `Retry-After: Wed, 21 Oct 2015 07:28:00 GMT` → milliseconds from now. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  if (!/[a-z]/i.test(v)) return undefined; // not a date either (e.g. "-1")
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
