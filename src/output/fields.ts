// Dot paths into API objects: reading one value, and trimming an object to the paths --fields asked for.
import { UsageError } from '../errors.js';

/** `getPath(charge, 'billing_details.address.city')`; array elements by index (`lines.data.0.amount`). */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const seg of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(seg)) return undefined;
      cur = cur[Number(seg)];
    } else {
      // Own properties only: `constructor` or `__proto__` must not reach the prototype.
      cur = Object.prototype.hasOwnProperty.call(cur, seg) ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return cur;
}

/**
 * A copy of `obj` holding only `fields`, nested as in the source. A path the object lacks is set to
 * null, so every line of a --fields JSONL stream has the same keys.
 */
export function pickFields(obj: unknown, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  // Containers built here, as opposed to source values a shorter path already copied whole.
  const built = new WeakSet<object>([out]);
  for (const path of fields) {
    const segs = path.split('.');
    let src: unknown = obj;
    let dst: Record<string | number, unknown> = out;
    for (let i = 0; i < segs.length; i++) {
      const seg = segs[i];
      // A name cannot index an array (`lines.data.x`): nothing to pick, and no stray property to add.
      if (Array.isArray(dst) && !/^\d+$/.test(seg)) break;
      src = getPath(src, seg);
      if (i === segs.length - 1) {
        dst[seg] = src === undefined ? null : src;
        break;
      }
      // Mirror the source's shape: an array where it has one, otherwise an object.
      let next = dst[seg];
      if (next !== null && typeof next === 'object' && !built.has(next)) break; // `customer` already picked whole
      if (next === null || typeof next !== 'object') {
        next = Array.isArray(src) ? [] : Object.create(null);
        built.add(next as object);
        dst[seg] = next;
      }
      dst = next as Record<string | number, unknown>;
    }
  }
  return toPlain(out) as Record<string, unknown>;
}

/** Null-prototype objects (safe against `__proto__` paths) become ordinary ones for callers. */
function toPlain(v: unknown): unknown {
  if (Array.isArray(v)) return Array.from(v, (x) => (x === undefined ? null : toPlain(x)));
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === null) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      // defineProperty, not assignment: a `__proto__` key stays data instead of setting the prototype.
      Object.defineProperty(o, k, { value: toPlain(x), enumerable: true, writable: true, configurable: true });
    }
    return o;
  }
  return v;
}

/** `id, amount,customer.email` → `['id', 'amount', 'customer.email']`; duplicates dropped, bad paths a UsageError. */
export function parseFieldsFlag(s: string): string[] {
  const fields: string[] = [];
  for (const raw of s.split(',')) {
    const f = raw.trim();
    if (f === '') continue;
    if (/\s/.test(f) || f.split('.').some((seg) => seg === '')) {
      throw new UsageError(`invalid field ${JSON.stringify(f)} in --fields: use dot paths such as customer.email`);
    }
    if (!fields.includes(f)) fields.push(f);
  }
  if (fields.length === 0) throw new UsageError('--fields needs at least one field, e.g. --fields id,amount');
  return fields;
}
