import { describe, expect, test } from 'vitest';
import { CancelError, ExitCode, PayctlError, UsageError } from '../../src/errors.js';
import { errorJson, formatErrorLine } from '../../src/output/error.js';

class FakeApiError extends PayctlError {
  constructor(message: string, details: Record<string, unknown>) {
    super(message, ExitCode.apiRejected, details);
  }
}

const apiError = new FakeApiError('No such customer: cus_x', { request_id: 'req_abc', type: 'invalid_request_error', code: 'resource_missing', status: 404 });

describe('formatErrorLine', () => {
  test.each<[unknown, string]>([
    [new UsageError('unknown currency "usx"'), 'error: unknown currency "usx"'],
    [apiError, 'error: No such customer: cus_x (request req_abc)'],
    [new PayctlError('boom', 1, { request_id: '' }), 'error: boom'],
    [new PayctlError('Your card was declined.', 5, { decline_code: 'lost_card', request_id: 'req_d' }), 'error: Your card was declined. [lost_card] (request req_d)'],
    [new PayctlError('Your card has insufficient funds.', 5, { decline_code: 'insufficient_funds' }), 'error: Your card has insufficient funds. [insufficient_funds]'],
    [new PayctlError('boom', 1, { request_id: 42 }), 'error: boom'],
    [new Error('first line\nsecond line'), 'error: first line second line'],
    [new Error(''), 'error: Error'],
    ['a thrown string', 'error: a thrown string'],
    [42, 'error: 42'],
    [null, 'error: null'],
    [{ details: { request_id: 'req_duck' }, message: 'plain object' }, 'error: plain object (request req_duck)'],
    [{ no: 'message' }, 'error: [object Object]'],
    [new Error('bad key sk_test_51Habcdefghijklmnop4242'), 'error: bad key sk_test_…4242'],
    // A cancellation is the user's choice, not an error.
    [new CancelError('cancelled: nothing was changed'), 'cancelled: nothing was changed'],
  ])('%s', (err, expected) => {
    const line = formatErrorLine(err, { verbose: false });
    expect(line).toBe(expected);
    expect(line).not.toContain('\n');
    expect(line).not.toMatch(/\s+at /);
  });

  test('verbose appends the stack, and causes, on following lines', () => {
    const cause = new Error('socket hang up');
    const err = new Error('request failed', { cause });
    const text = formatErrorLine(err, { verbose: true });
    const lines = text.split('\n');
    expect(lines[0]).toBe('error: request failed');
    expect(lines[1]).toBe('Error: request failed');
    expect(lines.some((l) => /^\s+at /.test(l))).toBe(true);
    expect(text).toContain('\ncaused by: Error: socket hang up\n');
  });

  test('verbose output is redacted too', () => {
    const err = new Error('key rk_live_abcdefghijklmnopqrstu9999 refused');
    expect(formatErrorLine(err, { verbose: true })).not.toContain('abcdefghijklmnopqrstu');
  });
});

describe('errorJson', () => {
  test.each<[unknown, unknown]>([
    [new UsageError('bad flag'), { error: { message: 'bad flag', exit_code: 2 } }],
    [new CancelError(), { error: { message: 'cancelled', exit_code: 130 } }],
    [
      apiError,
      { error: { message: 'No such customer: cus_x', exit_code: 3, request_id: 'req_abc', type: 'invalid_request_error', code: 'resource_missing', status: 404 } },
    ],
    [new Error('oops'), { error: { message: 'oops', exit_code: 1 } }],
    [new PayctlError('real', 4, { message: 'spoof', exit_code: 0, param: 'amount' }), { error: { message: 'real', exit_code: 4, param: 'amount' } }],
    [new PayctlError('x', 1, { key: 'sk_l\u0069ve_1234567890abcdef7777' }), { error: { message: 'x', exit_code: 1, key: 'sk_live_…7777' } }],
    [new PayctlError('big', 1, { n: 10n }), { error: { message: 'big', exit_code: 1 } }],
  ])('%s', (err, expected) => {
    const json = errorJson(err);
    expect(json).toEqual(expected);
    expect(Object.keys(json.error).slice(0, 2)).toEqual(['message', 'exit_code']);
    expect(JSON.stringify(json)).not.toContain('stack');
  });
});
