// Stripe-style identifiers (`cus_` + base62: a time-ordered head and a random tail). Bytes come from a pooled crypto buffer so
// id generation stays cheap on the write path.
import { randomBytes, createHash } from 'node:crypto';
import type { Ids } from './types.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

let pool = Buffer.alloc(0);
let poolPos = 0;
function byte(): number {
  if (poolPos >= pool.length) {
    pool = randomBytes(4096);
    poolPos = 0;
  }
  return pool[poolPos++]!;
}

/** `length` random base62 characters (rejection sampling keeps the distribution uniform). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const b = byte();
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out;
}

/** Characters of an id that encode the time it was made (base62 milliseconds: good for ~111 years). */
const TIME_CHARS = 7;
let lastMs = -1;
let lastTime = '';

/** The wall clock in milliseconds as TIME_CHARS base62 digits, so later ids sort after earlier ones. */
function timePrefix(ms: number): string {
  if (ms === lastMs) return lastTime;
  let n = Math.max(0, Math.floor(ms));
  let out = '';
  for (let i = 0; i < TIME_CHARS; i++) {
    out = ALPHABET[n % 62]! + out;
    n = Math.floor(n / 62);
  }
  lastMs = ms;
  lastTime = out;
  return out;
}

/**
 * Ids as Stripe makes them: a time-ordered head, then random characters (at least 7: ≥ 41 random bits
 * per millisecond). Ids made close together sort together, so each index on `id` takes a transaction's
 * new ids on one page at its end instead of on one random page each (fewer pages written per commit).
 */
export function createIds(now: () => number = Date.now): Ids {
  return {
    make: (prefix, length = 14) =>
      length >= TIME_CHARS + 7 ? `${prefix}_${timePrefix(now())}${randomBase62(length - TIME_CHARS)}` : `${prefix}_${randomBase62(length)}`,
  };
}

/** Deterministic base62 rendering of a hash, used for account ids derived from API keys. */
export function base62Digest(text: string, length: number): string {
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  for (let i = 0; out.length < length && i < digest.length; i++) out += ALPHABET[digest[i]! % 62];
  return out;
}
