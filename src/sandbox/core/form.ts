// Rack-style form/query decoding with Stripe's twist: `a[]=x` appends, `a[0]=x&a[1]=y` (an object whose
// keys are all integers) becomes an array. Brackets may be percent-encoded; `+` is a space.
import type { ParamValue, Params } from './types.js';

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

/** Splits `a[b][]` into ['a', 'b', '']; a key without brackets is one segment. */
function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0) return [key];
  const parts = [key.slice(0, open)];
  let rest = key.slice(open);
  while (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) break;
    parts.push(rest.slice(1, close));
    rest = rest.slice(close + 1);
  }
  // Trailing garbage after the brackets (e.g. `a[b]c`) is kept as part of the last segment, like Rack.
  if (rest) parts[parts.length - 1] += rest;
  return parts;
}

type Node = { [k: string]: Node | string | Node[] | string[] } | Array<Node | string>;

function assign(target: Record<string, any>, parts: string[], value: string): void {
  let cur: any = target;
  for (let i = 0; i < parts.length; i++) {
    const key = parts[i]!;
    const last = i === parts.length - 1;
    if (Array.isArray(cur)) {
      // `a[][b]=1` appends a new object unless the last one lacks `b` (Rack semantics).
      if (last) {
        cur.push(value);
        return;
      }
      const tail = cur[cur.length - 1];
      const next = parts[i + 1]!;
      if (tail && typeof tail === 'object' && !Array.isArray(tail) && !(next in tail)) {
        cur = tail;
      } else {
        const fresh = {};
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
    const existing = cur[key];
    if (next === '') {
      if (!Array.isArray(existing)) cur[key] = [];
    } else if (existing === undefined || typeof existing !== 'object' || Array.isArray(existing)) {
      cur[key] = {};
    }
    cur = cur[key];
  }
}

/** Converts objects whose keys are all non-negative integers into arrays ordered by index. */
function arrayify(v: Node | string): ParamValue {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(arrayify);
  const keys = Object.keys(v);
  if (keys.length > 0 && keys.every((k) => /^(0|[1-9]\d{0,5})$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => arrayify(v[String(k)] as Node));
  }
  const out: Record<string, ParamValue> = {};
  for (const k of keys) out[k] = arrayify(v[k] as Node);
  return out;
}

export function parseForm(text: string): Params {
  const root: Record<string, any> = Object.create(null);
  if (!text) return {};
  for (const pair of text.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const key = decode(rawKey);
    if (!key || key === '__proto__' || key.includes('[__proto__]')) continue;
    assign(root, splitKey(key), decode(rawValue));
  }
  const out: Params = {};
  for (const k of Object.keys(root)) out[k] = arrayify(root[k]);
  return out;
}
