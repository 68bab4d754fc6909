// Random Stripe-style identifiers (`cus_` + base62). Bytes come from a pooled crypto buffer so
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

export function createIds(): Ids {
  return { make: (prefix, length = 14) => `${prefix}_${randomBase62(length)}` };
}

/** Deterministic base62 rendering of a hash, used for account ids derived from API keys. */
export function base62Digest(text: string, length: number): string {
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  for (let i = 0; out.length < length && i < digest.length; i++) out += ALPHABET[digest[i]! % 62];
  return out;
}
