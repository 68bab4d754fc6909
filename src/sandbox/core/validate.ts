// Schema checks for request parameters: unknown/missing params, scalar coercion (integers, booleans,
// enums, currencies, timestamps), metadata limits and Stripe's "empty string means unset" rules.
import type { ParamValue, Params, RangeFilter } from './types.js';
import { invalidRequest, missingParam, unknownParam } from './errors.js';
import { SUPPORTED_CURRENCIES } from '../../money/currencies.js';

export type Spec =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'metadata'
  | 'currency'
  | 'timestamp'
  | 'any'
  /** An integer (exact match) or `{gt,gte,lt,lte}` of integers; coerced to a RangeFilter. */
  | 'range'
  | { enum: readonly string[] }
  | { object: Record<string, Spec>; required?: string[] }
  | { array: Spec }
  | { nullable: Spec };

const INTEGER_RE = /^-?\d+$/;
const METADATA_MAX_KEYS = 50;
const METADATA_MAX_KEY = 40;
const METADATA_MAX_VALUE = 500;

function pathOf(parent: string, key: string): string {
  return parent ? `${parent}[${key}]` : key;
}

function describe(v: ParamValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function expectString(v: ParamValue, path: string): string {
  if (typeof v !== 'string') throw invalidRequest(`Invalid ${path}: expected a string, got ${Array.isArray(v) ? 'an array' : 'an object'}`, { param: path });
  return v;
}

function toInteger(v: ParamValue, path: string): number {
  const s = expectString(v, path).trim();
  const n = Number(s);
  if (!INTEGER_RE.test(s) || !Number.isSafeInteger(n)) {
    throw invalidRequest(`Invalid integer: ${describe(v)}`, { code: 'parameter_invalid_integer', param: path });
  }
  return n;
}

function toRange(v: ParamValue, path: string): RangeFilter {
  if (typeof v === 'string') return { eq: toInteger(v, path) };
  if (Array.isArray(v)) throw invalidRequest(`Invalid ${path}: expected an integer or a hash of gt, gte, lt, lte`, { param: path });
  const out: RangeFilter = {};
  for (const [k, sub] of Object.entries(v)) {
    if (k !== 'gt' && k !== 'gte' && k !== 'lt' && k !== 'lte') throw unknownParam(pathOf(path, k));
    out[k] = toInteger(sub, pathOf(path, k));
  }
  return out;
}

function toMetadata(v: ParamValue, path: string): Record<string, string> {
  // `metadata=` clears all keys; the empty object carries that meaning to mergeMetadata.
  if (v === '') return {};
  if (typeof v === 'string' || Array.isArray(v)) {
    throw invalidRequest(`Invalid ${path}: metadata must be a hash of string keys and values`, { param: path });
  }
  const keys = Object.keys(v);
  if (keys.length > METADATA_MAX_KEYS) {
    throw invalidRequest(`Invalid ${path}: metadata can have at most ${METADATA_MAX_KEYS} keys (got ${keys.length})`, { param: path });
  }
  // Null prototype: a key such as `__proto__` or `constructor` is stored like any other.
  const out = Object.create(null) as Record<string, string>;
  for (const k of keys) {
    const p = pathOf(path, k);
    if (k.length > METADATA_MAX_KEY) {
      throw invalidRequest(`Metadata keys can have up to ${METADATA_MAX_KEY} characters; '${k}' has ${k.length}.`, { param: p });
    }
    if (k.includes('[') || k.includes(']')) throw invalidRequest(`Metadata keys cannot contain '[' or ']': '${k}'`, { param: p });
    const value = v[k]!;
    if (typeof value !== 'string') throw invalidRequest(`Invalid ${p}: metadata values must be strings`, { param: p });
    if (value.length > METADATA_MAX_VALUE) {
      throw invalidRequest(`Metadata values can have up to ${METADATA_MAX_VALUE} characters; the value of '${k}' has ${value.length}.`, { param: p });
    }
    out[k] = value;
  }
  return out;
}

function coerce(v: ParamValue, spec: Spec, path: string): unknown {
  if (typeof spec === 'string') {
    switch (spec) {
      case 'any':
        return v;
      case 'string':
        return expectString(v, path);
      case 'integer':
      case 'timestamp':
        return toInteger(v, path);
      case 'boolean': {
        const s = expectString(v, path);
        if (s === 'true') return true;
        if (s === 'false') return false;
        throw invalidRequest(`Invalid boolean: ${s}`, { param: path });
      }
      case 'currency': {
        const c = expectString(v, path).toLowerCase();
        if (!SUPPORTED_CURRENCIES.has(c)) {
          throw invalidRequest(
            `Invalid currency: ${c}. Stripe currently supports these currencies: ${[...SUPPORTED_CURRENCIES].join(', ')}`,
            { param: path },
          );
        }
        return c;
      }
      case 'metadata':
        return toMetadata(v, path);
      case 'range':
        return toRange(v, path);
    }
  }
  if ('nullable' in spec) return v === '' ? null : coerce(v, spec.nullable, path);
  if ('enum' in spec) {
    const s = expectString(v, path);
    if (!spec.enum.includes(s)) {
      const allowed = spec.enum.length > 1 ? `${spec.enum.slice(0, -1).join(', ')}, or ${spec.enum[spec.enum.length - 1]}` : spec.enum[0];
      throw invalidRequest(`Invalid ${path}: must be one of ${allowed}`, { param: path });
    }
    return s;
  }
  if ('array' in spec) {
    if (v === '') return []; // `tags=` clears an array
    if (!Array.isArray(v)) throw invalidRequest(`Invalid array`, { param: path });
    return v.map((item, i) => coerce(item, spec.array, `${path}[${i}]`));
  }
  // object
  if (typeof v === 'string' || Array.isArray(v)) throw invalidRequest(`Invalid object`, { param: path });
  return validateAt(v, spec.object, spec.required ?? [], path);
}

function validateAt(params: Params, fields: Record<string, Spec>, required: readonly string[], parent: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const key of Object.keys(params)) {
    if (!parent && key === 'expand') continue;
    // Own keys only: `constructor` or `toString` must not find Object.prototype's members.
    const spec = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (spec === undefined) throw unknownParam(pathOf(parent, key));
    out[key] = coerce(params[key]!, spec, pathOf(parent, key));
  }
  for (const key of required) {
    if (out[key] === undefined || out[key] === null || out[key] === '') throw missingParam(pathOf(parent, key));
  }
  return out;
}

/** Checks params against fields (see Spec); returns a new object holding only the given keys, coerced.
 *  `expand` is always allowed at the top level and left out of the result (the core applies it). */
export function validate(params: Params, fields: Record<string, Spec>, required?: string[]): Record<string, any> {
  return validateAt(params, fields, required ?? [], '');
}

/** Merges metadata updates into existing metadata per Stripe rules ('' value removes key; {} after '' clears). */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (Object.keys(update).length === 0) return {};
  const out = Object.assign(Object.create(null) as Record<string, string>, current);
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete out[k];
    else out[k] = v;
  }
  if (Object.keys(out).length > METADATA_MAX_KEYS) {
    throw invalidRequest(`Invalid metadata: metadata can have at most ${METADATA_MAX_KEYS} keys`, { param: 'metadata' });
  }
  return out;
}
