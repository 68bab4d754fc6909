// The retry policy: every rule of shouldRetry, and the bounds of retryDelayMs.
import { describe, expect, it } from 'vitest';
import { MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelayMs, shouldRetry, type RetryQuestion } from '../../src/client/retry.js';

describe('shouldRetry', () => {
  const base = { attempt: 0, maxRetries: 3, method: 'POST' };
  const cases: Array<[string, Partial<RetryQuestion>, boolean]> = [
    ['network error', { networkError: true }, true],
    ['409 conflict', { status: 409 }, true],
    ['429 rate limited', { status: 429 }, true],
    ['500', { status: 500 }, true],
    ['502', { status: 502 }, true],
    ['503 on GET', { status: 503, method: 'GET' }, true],
    ['400', { status: 400 }, false],
    ['401', { status: 401 }, false],
    ['402', { status: 402 }, false],
    ['403', { status: 403 }, false],
    ['404', { status: 404 }, false],
    ['424', { status: 424 }, false],
    ['no status, no network error', {}, false],
    ['Stripe-Should-Retry: false beats 500', { status: 500, headers: { 'stripe-should-retry': 'false' } }, false],
    ['Stripe-Should-Retry: false beats 429', { status: 429, headers: { 'Stripe-Should-Retry': 'false' } }, false],
    ['Stripe-Should-Retry: true on a 400', { status: 400, headers: { 'stripe-should-retry': 'true' } }, true],
    ['Stripe-Should-Retry: true on a 402', { status: 402, headers: { 'Stripe-Should-Retry': 'true' } }, true],
    ['unknown hint value falls back to status', { status: 400, headers: { 'stripe-should-retry': 'maybe' } }, false],
    ['last allowed retry', { status: 500, attempt: 2 }, true],
    ['stops at maxRetries', { status: 500, attempt: 3 }, false],
    ['stops at maxRetries for network errors', { networkError: true, attempt: 3 }, false],
    ['header true still stops at maxRetries', { status: 500, attempt: 3, headers: { 'stripe-should-retry': 'true' } }, false],
    ['maxRetries 0 never retries', { status: 500, maxRetries: 0 }, false],
    ['maxRetries 0 never retries a network error', { networkError: true, maxRetries: 0 }, false],
  ];
  it.each(cases)('%s → %s', (_name, o, want) => {
    expect(shouldRetry({ ...base, ...o })).toBe(want);
  });
});

describe('retryDelayMs', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  // [attempt, random, expected]: base = min(500·2^attempt, 5000), times 0.5·(1+random), at least 500.
  const backoff: Array<[number, number, number]> = [
    [0, 0, 500],
    [0, 0.999999, 500],
    [1, 0, 500],
    [1, 1, 1000],
    [2, 0, 1000],
    [2, 1, 2000],
    [3, 0.5, 3000],
    [4, 1, 5000], // 8000 capped at 5000
    [10, 1, 5000],
    [10, 0, 2500],
  ];
  it.each(backoff)('attempt %i with random %f → %i ms', (attempt, r, want) => {
    expect(retryDelayMs(attempt, undefined, () => r, now)).toBe(want);
  });

  it('stays within [500, 5000] for any jitter', () => {
    for (let attempt = 0; attempt < 12; attempt++) {
      for (const r of [0, 0.1, 0.5, 0.9, 0.999]) {
        const d = retryDelayMs(attempt, undefined, () => r, now);
        expect(d).toBeGreaterThanOrEqual(500);
        expect(d).toBeLessThanOrEqual(5000);
      }
    }
  });

  const retryAfter: Array<[string, string | undefined, number]> = [
    ['seconds above back-off', '3', 3000],
    ['fractional seconds', '1.5', 1500],
    ['seconds below back-off keep back-off', '0', 500],
    ['seconds capped', '3600', MAX_RETRY_AFTER_MS],
    ['HTTP date 7 s ahead', new Date(now + 7000).toUTCString(), 7000],
    ['HTTP date in the past', new Date(now - 60_000).toUTCString(), 500],
    ['HTTP date far ahead capped', new Date(now + 3_600_000).toUTCString(), MAX_RETRY_AFTER_MS],
    ['garbage ignored', 'soon-ish', 500],
    ['negative ignored', '-5', 500],
  ];
  it.each(retryAfter)('Retry-After %s', (_name, header, want) => {
    expect(retryDelayMs(0, header, () => 0, now)).toBe(want);
  });

  it('parseRetryAfter reads both forms', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
