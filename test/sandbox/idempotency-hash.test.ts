// The parameters hash stored with each idempotency record must not change between payctl versions:
// a record written by an older `serve` on the same data file is compared against it.
import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { hashParams } from '../../src/sandbox/core/idempotency.js';

test.each([
  [{}, '{}'],
  [{ name: 'Bench Customer', email: 'bench@example.com', metadata: { run: 'wrk' } }, '{"email":"bench@example.com","metadata":{"run":"wrk"},"name":"Bench Customer"}'],
  [{ b: ['2', '1'], a: { z: '', y: 'é ✓' } }, '{"a":{"y":"é ✓","z":""},"b":["2","1"]}'],
])('hashParams(%j) is the base64url SHA-256 of the key-sorted JSON', (params, canonical) => {
  expect(hashParams(params)).toBe(createHash('sha256').update(canonical).digest('base64url'));
});

test('encoding order does not change the hash', () => {
  expect(hashParams({ a: '1', b: { d: '2', c: '3' } })).toBe(hashParams({ b: { c: '3', d: '2' }, a: '1' }));
});
