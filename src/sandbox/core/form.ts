// Rack-style form/query decoding with Stripe's twist: `a[]=x` appends, `a[0]=x&a[1]=y` (an object whose
// keys are all integers) becomes an array. Brackets may be percent-encoded; `+` is a space.
// Every hash is a null-prototype object, so names every JavaScript object has (`constructor`,
// `toString`, `__proto__`) are plain keys. Before any decoding, the pair count and the bracket depth
// are capped (400), which bounds the work a request can cause and every recursion over the result.
import type { ParamValue, Params } from './types.js';
import { invalidRequest } from './errors.js';

/** At most this many `name=value` pairs per query string or body (Stripe's largest real requests use a few hundred). */
export const MAX_PARAMS = 2000;
/** At most this many bracket levels in one name (`a[b][c]` is 3); Stripe's deepest parameters use 5. */
export const MAX_DEPTH = 32;

type Hash = { [k: string]: Tree };
type Tree = string | Tree[] | Hash;

function hash(): Hash {
  return Object.create(null) as Hash;
}

function decode(s: string): string {
  const spaced = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!spaced.includes('%')) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    // A malformed escape keeps the value literal rather than failing the whole request.
    return spaced;
  }
}

function shown(key: string): string {
  return key.length > 60 ? `${key.slice(0, 60)}…` : key;
}

/** Splits `a[b][]` into ['a', 'b', '']; a key without brackets is one segment. 400 beyond MAX_DEPTH. */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  let at = open;
  while (key.charCodeAt(at) === 0x5b /* [ */) {
    const close = key.indexOf(']', at);
    if (close < 0) break;
    if (parts.length > MAX_DEPTH) {
      throw invalidRequest(
        `Invalid parameter name '${shown(key)}': parameters can be nested at most ${MAX_DEPTH} levels deep.`,
        { param: shown(parts[0]!) },
      );
    }
    parts.push(key.slice(at + 1, close));
    at = close + 1;
  }
  // Trailing garbage after the brackets (e.g. `a[b]c`) is kept as part of the last segment, like Rack.
  if (at < key.length) parts[parts.length - 1] += key.slice(at);
  return parts;
}

function isHash(v: Tree | undefined): v is Hash {
  return v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

function assign(root: Hash, parts: string[], value: string): void {
  let cur: Hash | Tree[] = root;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i]!;
    const last = i === parts.length - 1;
    if (Array.isArray(cur)) {
      // `a[][b]=1` appends a new hash unless the last one lacks `b` (Rack semantics).
      if (last) {
        cur.push(value);
        return;
      }
      const tail: Tree | undefined = cur[cur.length - 1];
      const next = parts[i + 1]!;
      if (isHash(tail) && !(next in tail)) {
        cur = tail;
      } else {
        const fresh = hash();
        cur.push(fresh);
        cur = fresh;
      }
      continue;
    }
    if (last) {
      cur[key] = value;
      return;
    }
    const next = parts[i + 1]!;
    let existing: Tree | undefined = cur[key];
    if (next === '') {
      if (!Array.isArray(existing)) cur[key] = existing = [];
    } else if (!isHash(existing)) {
      cur[key] = existing = hash();
    }
    cur = existing;
  }
}

const INDEX_RE = /^(0|[1-9]\d{0,5})$/;

/** Converts hashes whose keys are all non-negative integers into arrays ordered by index. */
function arrayify(v: Tree): ParamValue {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(arrayify);
  const keys = Object.keys(v);
  if (keys.length > 0 && keys.every((k) => INDEX_RE.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => arrayify(v[String(k)]!));
  }
  const out = hash() as Params;
  for (const k of keys) out[k] = arrayify(v[k]!);
  return out;
}

/** Counts `&`-separated pairs without splitting, so an oversized request is refused before any work. */
function checkParamCount(text: string): void {
  let count = 1;
  for (let at = text.indexOf('&'); at >= 0; at = text.indexOf('&', at + 1)) {
    if (++count > MAX_PARAMS) {
      throw invalidRequest(`Too many parameters: a request can have at most ${MAX_PARAMS} (name=value pairs in the query string or in the body).`);
    }
  }
}

/** Parses a query string or form body into null-prototype hashes; throws 400 over the limits above. */
export function parseForm(text: string): Params {
  const out = hash() as Params;
  if (!text) return out;
  checkParamCount(text);
  const root = hash();
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    if (!key) continue;
    assign(root, splitKey(key), decode(rawValue));
  }
  for (const k of Object.keys(root)) out[k] = arrayify(root[k]!);
  return out;
}
