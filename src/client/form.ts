// Stripe v1 form encoding (byte-for-byte what stripe-node 23 emits) and the parser for
// CLI `-d key=value` pairs in the same bracket notation.

import { UsageError } from '../errors.js';

/**
 * Encodes params as stripe-node 23 does: `a[b][c]=v`, arrays indexed `a[0]`, null → `` (unset),
 * undefined dropped, Date → unix seconds, brackets left readable, everything else percent-encoded.
 */
export function encodeForm(params: Record<string, unknown>): string {
  const pairs: string[] = [];
  const walk = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (value === null || typeof value !== 'object' || value instanceof Date) {
      pairs.push(`${encodeComponent(key)}=${encodeComponent(leafToString(value))}`);
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(`${key}[${i}]`, item));
      return;
    }
    for (const k of Object.keys(value)) walk(`${key}[${k}]`, (value as Record<string, unknown>)[k]);
  };
  for (const k of Object.keys(params)) walk(k, params[k]);
  return pairs.join('&');
}

function leafToString(value: unknown): string {
  if (value === null) return '';
  if (value instanceof Date) return String(Math.floor(value.getTime() / 1000));
  return String(value);
}

/** encodeURIComponent plus the characters qs also escapes (stripe-node kept qs's output), brackets readable. */
function encodeComponent(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%5B/g, '[')
    .replace(/%5D/g, ']');
}

type Node = Record<string, unknown>;

/**
 * Turns `-d` pairs (`metadata[order]=6735`, `expand[]=customer`, `items[0][price]=p_1`) into nested
 * params. `[]` appends; maps keyed exactly 0..n-1 become arrays (as the Stripe server does);
 * a repeated plain key keeps the last value. Only the first `=` splits, so values may contain `=`.
 */
export function parseDataFlags(pairs: string[]): Record<string, unknown> {
  const root: Node = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq < 0) throw new UsageError(`invalid --data "${pair}": expected key=value`, { data: pair });
    const path = parseKey(pair.slice(0, eq), pair);
    const value = pair.slice(eq + 1);
    let node = root;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i] === '' ? String(nextIndex(node)) : path[i];
      if (i === path.length - 1) {
        if (isNode(ownGet(node, seg))) throw conflict(pair);
        ownSet(node, seg, value);
        break;
      }
      let child = ownGet(node, seg);
      if (child === undefined) {
        child = {};
        ownSet(node, seg, child);
      } else if (!isNode(child)) {
        throw conflict(pair);
      }
      node = child as Node;
    }
  }
  return arrayify(root) as Record<string, unknown>;
}

/** `a[b][]` → ['a', 'b', '']; rejects anything that is not name followed by bracket groups. */
function parseKey(key: string, pair: string): string[] {
  const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!m) throw new UsageError(`invalid --data "${pair}": key must look like name, name[key] or name[]`, { data: pair });
  const segs = [m[1]];
  for (const g of m[2].matchAll(/\[([^[\]]*)\]/g)) segs.push(g[1]);
  return segs;
}

function conflict(pair: string): UsageError {
  return new UsageError(`invalid --data "${pair}": conflicts with another --data value for the same key`, { data: pair });
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null;
}

// Own-property access only, and defineProperty for writes, so keys like `__proto__` stay plain data.
function ownGet(node: Node, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
}
function ownSet(node: Node, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, enumerable: true, writable: true, configurable: true });
}

function nextIndex(node: Node): number {
  let n = 0;
  for (const k of Object.keys(node)) if (/^\d+$/.test(k)) n = Math.max(n, Number(k) + 1);
  return n;
}

function arrayify(value: unknown): unknown {
  if (!isNode(value)) return value;
  const keys = Object.keys(value);
  const out: Node = {};
  for (const k of keys) ownSet(out, k, arrayify(value[k]));
  // Only 0..n-1 becomes an array, so re-encoding gives back exactly the keys the user typed
  // (`metadata[7]=x` must stay `metadata[7]`, not turn into `metadata[0]`).
  const dense = keys.length > 0 && keys.every((k) => /^(0|[1-9]\d*)$/.test(k) && Number(k) < keys.length);
  if (dense) return keys.map((_, i) => out[String(i)]);
  return out;
}
