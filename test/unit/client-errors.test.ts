// errorFromResponse maps status and error hash to one class each, with exit codes and --json details.
import { describe, expect, it } from 'vitest';
import {
  ApiServerError,
  AuthenticationError,
  CardError,
  ConnectionError,
  DryRunError,
  errorFromResponse,
  IdempotencyError,
  InvalidRequestError,
  PermissionError,
  RateLimitError,
  StripeApiError,
} from '../../src/client/errors.js';
import { exitCodeFor, PayctlError } from '../../src/errors.js';

const err = (type: string, extra: Record<string, unknown> = {}) => JSON.stringify({ error: { type, message: 'msg', ...extra } });

describe('errorFromResponse', () => {
  const cases: Array<[string, number, string, Function, number]> = [
    ['400 invalid request', 400, err('invalid_request_error', { code: 'parameter_missing', param: 'amount' }), InvalidRequestError, 3],
    ['404 missing', 404, err('invalid_request_error', { code: 'resource_missing' }), InvalidRequestError, 3],
    ['400 idempotency', 400, err('idempotency_error'), IdempotencyError, 3],
    ['404 idempotency', 404, err('idempotency_error'), IdempotencyError, 3],
    ['400 code rate_limit', 400, err('invalid_request_error', { code: 'rate_limit' }), RateLimitError, 6],
    ['401', 401, err('invalid_request_error'), AuthenticationError, 4],
    ['402 card', 402, err('card_error', { code: 'card_declined', decline_code: 'generic_decline' }), CardError, 5],
    ['403', 403, err('invalid_request_error'), PermissionError, 4],
    ['429', 429, err('invalid_request_error', { code: 'rate_limit' }), RateLimitError, 6],
    ['409 idempotency in flight', 409, err('idempotency_error', { code: 'idempotency_key_in_use' }), ApiServerError, 7],
    ['424', 424, err('api_error'), ApiServerError, 7],
    ['500', 500, err('api_error'), ApiServerError, 7],
    ['503 without a body hash', 503, '{}', ApiServerError, 7],
    ['418 by type card_error', 418, err('card_error'), CardError, 5],
    ['418 by type invalid_request_error', 418, err('invalid_request_error'), InvalidRequestError, 3],
    ['418 unknown type', 418, err('weird'), ApiServerError, 7],
    ['200 with an error hash', 200, err('invalid_request_error'), InvalidRequestError, 3],
    ['parsed object body', 400, JSON.parse(err('invalid_request_error')), InvalidRequestError, 3],
  ];
  it.each(cases)('%s', (_name, status, body, cls, exit) => {
    const e = errorFromResponse(status, body, { 'request-id': 'req_123' });
    expect(e).toBeInstanceOf(cls);
    expect(e).toBeInstanceOf(StripeApiError);
    expect(e).toBeInstanceOf(PayctlError);
    expect(e.exitCode).toBe(exit);
    expect(exitCodeFor(e)).toBe(exit);
    expect(e.status).toBe(status);
    expect(e.requestId).toBe('req_123');
  });

  it('carries every field and the --json details', () => {
    const body = { error: { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', param: 'payment_method', message: 'Your card has insufficient funds.' } };
    const e = errorFromResponse(402, JSON.stringify(body), { 'Request-Id': 'req_abc' }, 'key-1');
    expect(e).toMatchObject({
      message: 'Your card has insufficient funds.',
      type: 'card_error',
      code: 'card_declined',
      declineCode: 'insufficient_funds',
      param: 'payment_method',
      requestId: 'req_abc',
      idempotencyKey: 'key-1',
      raw: body.error,
    });
    expect(e.details).toEqual({
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      param: 'payment_method',
      request_id: 'req_abc',
      status: 402,
      idempotency_key: 'key-1',
    });
  });

  it('invalid JSON → ApiServerError', () => {
    const e = errorFromResponse(502, '<html>Bad gateway</html>', {});
    expect(e).toBeInstanceOf(ApiServerError);
    expect(e.message).toBe('Invalid JSON received from the API (HTTP 502)');
    expect(e.exitCode).toBe(7);
  });

  it('a server error on a POST says how to re-run safely; a 400 does not', () => {
    const e500 = errorFromResponse(500, err('api_error'), {}, 'idem-9');
    expect(e500.message).toBe('msg — the outcome of this POST is unknown; re-run with --idempotency-key idem-9 to retry safely');
    const e400 = errorFromResponse(400, err('invalid_request_error'), {}, 'idem-9');
    expect(e400.message).toBe('msg');
    expect(e400.details.idempotency_key).toBe('idem-9');
  });

  it('messages are one line and never hold a secret', () => {
    const e = errorFromResponse(400, JSON.stringify({ error: { type: 'invalid_request_error', message: 'bad key\n sk_test_abcdefghijklmnop1234 here' } }), {});
    expect(e.message).toBe('bad key sk_test_…1234 here');
  });
});

describe('ConnectionError', () => {
  it('says the outcome is unknown and how to re-run for a POST that may have been sent', () => {
    const e = new ConnectionError({ reason: 'ECONNRESET socket hang up', method: 'POST', url: 'http://127.0.0.1:1/v1/customers', outcomeUnknown: true, idempotencyKey: 'k-1', attempts: 4 });
    expect(e.message).toBe(
      'network error: ECONNRESET socket hang up (POST http://127.0.0.1:1/v1/customers, 4 attempts) — the outcome of this POST is unknown; re-run with --idempotency-key k-1 to retry safely',
    );
    expect(e.exitCode).toBe(7);
    expect(e.details).toEqual({ outcome_unknown: true, idempotency_key: 'k-1', attempts: 4 });
  });
  it('says nothing about outcome when nothing was sent', () => {
    const e = new ConnectionError({ reason: 'connect ECONNREFUSED', method: 'POST', url: 'u', outcomeUnknown: false, idempotencyKey: 'k', attempts: 1 });
    expect(e.message).toBe('network error: connect ECONNREFUSED (POST u, 1 attempt) — check your connection and the API base URL (--base-url, PAYCTL_BASE_URL)');
    expect(e.outcomeUnknown).toBe(false);
  });
});

describe('DryRunError', () => {
  it('exits 0 and carries the request', () => {
    const request = { method: 'GET', url: 'u', headers: { Authorization: 'Bearer sk_test_…4242' }, body: '' };
    const e = new DryRunError(request);
    expect(e.exitCode).toBe(0);
    expect(e.request).toEqual(request);
    expect(exitCodeFor(e)).toBe(0);
  });
});
