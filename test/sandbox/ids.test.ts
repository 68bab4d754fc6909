// Object ids: Stripe's shape (prefix, underscore, base62 of a fixed length) with a time-ordered head, so
// the ids a transaction makes land together at the end of each `id` index instead of on random pages.
import { expect, test } from 'vitest';
import { createIds } from '../../src/sandbox/core/ids.js';

test.each([
  ['cus', 14],
  ['evt', 24],
  ['pm', 24],
])('%s ids of length %i keep their shape and sort in the order they were made', (prefix, length) => {
  let ms = 1_764_547_200_000;
  const ids = createIds(() => ms);
  const made: string[] = [];
  for (let i = 0; i < 50; i++) {
    ms += 1 + (i % 7) * 997;
    made.push(ids.make(prefix, length));
  }
  for (const id of made) expect(id).toMatch(new RegExp(`^${prefix}_[0-9A-Za-z]{${length}}$`));
  expect([...made].sort()).toEqual(made);
  expect(new Set(made).size).toBe(made.length);
});

test('ids made in the same millisecond share the head and differ in the random tail', () => {
  const ids = createIds(() => 1_764_547_200_000);
  const a = ids.make('evt', 24);
  const b = ids.make('evt', 24);
  expect(a.slice(0, 11)).toBe(b.slice(0, 11));
  expect(a).not.toBe(b);
});

test('short ids stay wholly random (too few characters to spare for the time)', () => {
  const ids = createIds(() => 1_764_547_200_000);
  const heads = new Set(Array.from({ length: 40 }, () => ids.make('x', 8).slice(2, 6)));
  expect(heads.size).toBeGreaterThan(30);
});
