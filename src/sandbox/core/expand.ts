// `expand[]` support: replaces ID strings with the objects they name (found by ID prefix) and fills
// "includable" fields that are absent unless asked for. Runs inside the request's transaction.
import type { StripeObject, Tx } from './types.js';
import { invalidRequest } from './errors.js';
import { ID_PREFIXES } from '../../id-prefixes.js';

const MAX_DEPTH = 4;

type Includable = (tx: Tx, obj: StripeObject) => unknown;
// Filled at import time by resource modules (static code, not request state).
const includables = new Map<string, Includable>();

/** Registers a field that is absent from `type` objects unless expanded, e.g. ('charge', 'refunds'). */
export function registerIncludable(type: string, field: string, fn: (tx: Tx, obj: StripeObject) => unknown): void {
  includables.set(`${type}\u0000${field}`, fn);
}

/** The stored type an ID belongs to, from its prefix; undefined for unknown prefixes. */
function typeForId(id: string): string | undefined {
  for (const { prefix, type } of ID_PREFIXES) if (type && id.startsWith(prefix)) return type;
  return undefined;
}

/** Loads the object an ID names; deleted objects resolve to their stub (stored as `deleted:<type>`). */
function resolveId(tx: Tx, id: string): StripeObject | undefined {
  const type = typeForId(id);
  if (!type) return undefined;
  const found = tx.get(type, id);
  if (found) return found;
  // Stubs are stored with `created` for ordering only; the API shows `{id, object, deleted}`.
  const stub = tx.get(`deleted:${type}`, id);
  return stub ? { id: stub.id, object: stub.object, deleted: true } : undefined;
}

function cannotExpand(path: string) {
  return invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
}

function isCollection(o: any): boolean {
  return o !== null && typeof o === 'object' && (o.object === 'list' || o.object === 'search_result') && Array.isArray(o.data);
}

function expandValue(tx: Tx, v: unknown, path: string, expanded: WeakSet<object>): unknown {
  if (typeof v !== 'string') return v;
  const type = typeForId(v);
  if (!type) throw cannotExpand(path);
  // A dangling reference stays an ID rather than failing the whole response.
  const found = resolveId(tx, v);
  if (!found) return v;
  expanded.add(found);
  return found;
}

function expandIn(tx: Tx, holder: any, segs: string[], index: number, path: string, expanded: WeakSet<object>): void {
  if (holder === null || typeof holder !== 'object') return;
  if (Array.isArray(holder)) {
    for (const item of holder) expandIn(tx, item, segs, index, path, expanded);
    return;
  }
  const field = segs[index]!;
  const last = index === segs.length - 1;
  if (field === 'data' && isCollection(holder)) {
    if (last) throw cannotExpand(path);
    for (const item of holder.data) expandIn(tx, item, segs, index + 1, path, expanded);
    return;
  }
  if (field === 'total_count' && holder.object === 'search_result' && last) return; // set by searchEndpoint
  if (field === 'id' || field === 'object') throw cannotExpand(path);
  let v = Object.hasOwn(holder, field) ? holder[field] : undefined;
  if (v === undefined) {
    const fn = includables.get(`${holder.object}\u0000${field}`);
    if (!fn) throw cannotExpand(path);
    v = holder[field] = fn(tx, holder as StripeObject);
    if (v !== null && typeof v === 'object') expanded.add(v);
  } else if (typeof v === 'string') {
    v = holder[field] = expandValue(tx, v, path, expanded);
  } else if (Array.isArray(v) && v.some((x) => typeof x === 'string')) {
    v = holder[field] = v.map((x) => expandValue(tx, x, path, expanded));
  } else if (v !== null && typeof v !== 'object') {
    throw cannotExpand(path);
  } else if (last && v !== null && !expanded.has(v)) {
    // A plain nested hash (address, request…) is not an expandable property.
    throw cannotExpand(path);
  }
  if (!last && v !== null && typeof v === 'object') expandIn(tx, v, segs, index + 1, path, expanded);
}

/** Applies expand paths to a response body in place and returns it. Throws 400 for non-expandable paths. */
export function applyExpand(tx: Tx, body: unknown, paths: readonly string[]): unknown {
  // Objects this call produced: naming one again (`expand[]=customer` twice) is fine, a plain hash is not.
  const expanded = new WeakSet<object>();
  for (const path of paths) {
    if (typeof path !== 'string' || path === '') throw cannotExpand(String(path));
    const segs = path.split('.');
    // The `data.` prefix of a list/search path does not count toward the depth limit.
    const depth = isCollection(body) && segs[0] === 'data' ? segs.length - 1 : segs.length;
    if (depth > MAX_DEPTH) {
      throw invalidRequest(`You cannot expand more than ${MAX_DEPTH} levels of a property. Property: ${path}`, { param: 'expand' });
    }
    expandIn(tx, body, segs, 0, path, expanded);
  }
  return body;
}
