// Stripe's search query language (https://docs.stripe.com/search#search-query-language) evaluated over stored objects, and the shared
// `/search` endpoint returning `{object:'search_result'}` pages with an opaque `next_page` token.
import type { RouteContext, StripeObject } from './types.js';
import { invalidRequest, missingParam } from './errors.js';
import { validate } from './validate.js';
import { checkLimit } from './list.js';

export type SearchFieldKind = 'string' | 'token' | 'numeric' | 'metadata';
/** Searchable fields and their kinds; dotted paths allowed ('payment_method_details.card.last4'). */
export type SearchSpec = Record<string, SearchFieldKind>;

export type SearchOperator = ':' | '~' | '>' | '<' | '>=' | '<=';

export interface SearchClause {
  field: string;
  /** For `metadata['k']` clauses. */
  metadataKey?: string;
  kind: SearchFieldKind;
  op: SearchOperator;
  /** null for `field:null`. */
  value: string | number | null;
  negate: boolean;
}

export interface SearchPredicate {
  mode: 'and' | 'or';
  clauses: SearchClause[];
  matches(obj: StripeObject): boolean;
  /** The distinct paths the clauses read, and the same test over their values (in that order). */
  paths: string[];
  matchesValues(values: readonly unknown[]): boolean;
}

const MAX_CLAUSES = 10;
const NUMBER_RE = /^-?\d+(\.\d+)?$/;

function queryError(message: string) {
  return invalidRequest(message, { param: 'query' });
}

function getPath(obj: any, path: string): unknown {
  let cur = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.hasOwn(cur, part)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function clauseMatches(c: SearchClause, obj: StripeObject): boolean {
  return valueMatches(c, c.kind === 'metadata' ? metadataValue(obj.metadata, c.metadataKey!) : getPath(obj, c.field));
}

function metadataValue(metadata: unknown, key: string): unknown {
  // Own keys only, so `metadata['constructor']` does not match Object.prototype.constructor.
  return metadata !== null && typeof metadata === 'object' && Object.hasOwn(metadata, key) ? (metadata as Record<string, unknown>)[key] : undefined;
}

/** The path a clause reads: its field, or `metadata` for `metadata['k']` clauses. */
function clausePath(c: SearchClause): string {
  return c.kind === 'metadata' ? 'metadata' : c.field;
}

function valueMatches(c: SearchClause, actual: unknown): boolean {
  if (c.value === null) return actual === null || actual === undefined || actual === '';
  if (actual === null || actual === undefined) return false;
  switch (c.kind) {
    case 'numeric': {
      const a = Number(actual);
      const v = c.value as number;
      if (Number.isNaN(a)) return false;
      switch (c.op) {
        case ':': return a === v;
        case '>': return a > v;
        case '<': return a < v;
        case '>=': return a >= v;
        case '<=': return a <= v;
        default: return false;
      }
    }
    case 'string': {
      const a = String(actual).toLowerCase();
      const v = String(c.value).toLowerCase();
      return c.op === '~' ? a.includes(v) : a === v;
    }
    case 'token':
    case 'metadata':
      return String(actual) === String(c.value);
  }
}

/** Parses a query against the resource's searchable fields; throws 400 (param `query`) on any error. */
export function parseSearchQuery(q: string, spec: SearchSpec, resource = 'this resource'): SearchPredicate {
  const clauses: SearchClause[] = [];
  let mode: 'and' | 'or' | undefined;
  let i = 0;
  const n = q.length;
  const skipSpace = () => {
    while (i < n && /\s/.test(q[i]!)) i++;
  };
  const readQuoted = (): string => {
    const quote = q[i]!;
    i++;
    let out = '';
    while (i < n && q[i] !== quote) {
      if (q[i] === '\\' && i + 1 < n) i++;
      out += q[i];
      i++;
    }
    if (i >= n) throw queryError(`Invalid query: unterminated string starting with ${quote} (${JSON.stringify(q)}).`);
    i++;
    return out;
  };

  skipSpace();
  if (i >= n) throw queryError('Invalid query: the query is empty.');
  while (i < n) {
    const start = i;
    let negate = false;
    if (q[i] === '-') {
      negate = true;
      i++;
    }
    const fm = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(q.slice(i));
    if (!fm) throw queryError(`Invalid query: expected a field name at position ${i} (${JSON.stringify(q.slice(i, i + 20))}).`);
    const field = fm[0];
    if (/^(and|or)$/i.test(field)) throw queryError(`Invalid query: expected a field name at position ${i}, found the keyword ${field.toUpperCase()}.`);
    i += field.length;
    let metadataKey: string | undefined;
    if (field === 'metadata') {
      if (q[i] !== '[' || (q[i + 1] !== '"' && q[i + 1] !== "'")) {
        throw queryError(`Invalid query: metadata fields are written metadata['key'] or metadata["key"].`);
      }
      i++;
      metadataKey = readQuoted();
      if (q[i] !== ']') throw queryError(`Invalid query: expected ']' after metadata key '${metadataKey}'.`);
      i++;
    }
    const kind = (Object.hasOwn(spec, field) ? spec[field] : undefined) ?? (metadataKey !== undefined && spec.metadata === 'metadata' ? 'metadata' : undefined);
    if (!kind || (kind === 'metadata' && metadataKey === undefined)) {
      throw queryError(
        `Field '${field}' is an unsupported search field for resource ${resource}. See https://stripe.com/docs/search#query-fields-for-${resource} for a list of supported fields.`,
      );
    }
    const om = /^(>=|<=|:|~|>|<)/.exec(q.slice(i));
    if (!om) throw queryError(`Invalid query: expected an operator (:, ~, >, <, >=, <=) after '${q.slice(start, i)}'.`);
    const op = om[1] as SearchOperator;
    i += op.length;
    let value: string | number | null;
    if (q[i] === '"' || q[i] === "'") {
      value = readQuoted();
    } else {
      const vm = /^[^\s]+/.exec(q.slice(i));
      const bare = vm ? vm[0] : '';
      i += bare.length;
      if (bare === 'null') value = null;
      else if (NUMBER_RE.test(bare)) value = Number(bare);
      else if (bare === '') throw queryError(`Invalid query: missing value after '${q.slice(start, i)}'.`);
      else throw queryError(`Invalid query: the value ${bare} must be quoted ('${bare}' or "${bare}"); only numbers and null may be bare.`);
    }
    const label = metadataKey !== undefined ? `metadata['${metadataKey}']` : field;
    if (value === null && op !== ':') throw queryError(`Invalid query: null can only be used with ':' (${label}).`);
    if (op === '~') {
      if (kind !== 'string') throw queryError(`Invalid query: substring matching (~) is not supported on ${label}.`);
      if (String(value).length < 3) throw queryError(`Invalid query: substring matching (~) needs a value of at least 3 characters (${label}).`);
    }
    if (op !== ':' && op !== '~' && kind !== 'numeric') {
      throw queryError(`Invalid query: the operator ${op} can only be used with numeric fields, not ${label}.`);
    }
    if (kind === 'numeric' && value !== null) {
      const num = typeof value === 'number' ? value : NUMBER_RE.test(value) ? Number(value) : NaN;
      if (Number.isNaN(num)) throw queryError(`Invalid query: ${label} is numeric; ${JSON.stringify(value)} is not a number.`);
      value = num;
    }
    clauses.push({ field, metadataKey, kind, op, value, negate });
    if (clauses.length > MAX_CLAUSES) throw queryError(`Invalid query: a query can have at most ${MAX_CLAUSES} clauses.`);

    skipSpace();
    if (i >= n) break;
    const km = /^(and|or)(?=\s|$)/i.exec(q.slice(i));
    const connector: 'and' | 'or' = km ? (km[1]!.toLowerCase() as 'and' | 'or') : 'and';
    if (km) {
      i += km[1]!.length;
      skipSpace();
      if (i >= n) throw queryError(`Invalid query: ${km[1]!.toUpperCase()} must be followed by another clause.`);
    }
    if (mode && mode !== connector) throw queryError('Invalid query: AND and OR cannot be combined in one query.');
    mode = connector;
  }
  const finalMode = mode ?? 'and';
  const paths = [...new Set(clauses.map(clausePath))];
  const slot = clauses.map((c) => paths.indexOf(clausePath(c)));
  return {
    mode: finalMode,
    clauses,
    matches(obj) {
      const test = (c: SearchClause) => clauseMatches(c, obj) !== c.negate;
      return finalMode === 'and' ? clauses.every(test) : clauses.some(test);
    },
    paths,
    matchesValues(values) {
      const test = (c: SearchClause, i: number) => {
        const v = values[slot[i]!];
        return valueMatches(c, c.kind === 'metadata' ? metadataValue(v, c.metadataKey!) : v) !== c.negate;
      };
      return finalMode === 'and' ? clauses.every(test) : clauses.some(test);
    },
  };
}

function encodePage(afterId: string, offset: number): string {
  return Buffer.from(JSON.stringify({ a: afterId, o: offset })).toString('base64url');
}

function decodePage(token: string): { a: string; o: number } {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof v.a === 'string' && Number.isInteger(v.o)) return v;
  } catch {
    // fall through to the error
  }
  throw invalidRequest(`Invalid page: ${token}`, { param: 'page' });
}

export function searchEndpoint(ctx: RouteContext, type: string, opts: { url: string; spec: SearchSpec }): StripeObject {
  const v = validate(ctx.params, { query: 'string', limit: 'integer', page: 'string' });
  if (v.query === undefined || v.query === '') throw missingParam('query');
  const limit = checkLimit(v.limit);
  const resource = opts.url.split('/').filter(Boolean)[1] ?? type;
  const predicate = parseSearchQuery(v.query, opts.spec, resource);
  // Matching ids only, found by SQL over the store's search keys; the page's objects are fetched after.
  // A first page without total_count needs only limit + 1 of them (the extra one says has_more).
  const whole = v.page !== undefined || ctx.expand?.includes('total_count') === true;
  const all = ctx.tx.searchIds(type, predicate, whole ? Infinity : limit + 1);
  let start = 0;
  if (v.page) {
    const p = decodePage(v.page);
    const idx = all.indexOf(p.a);
    // The anchor may have been deleted meanwhile: fall back to its position.
    start = idx >= 0 ? idx + 1 : Math.min(p.o, all.length);
  }
  const data = all.slice(start, start + limit).map((id) => ctx.tx.get(type, id)!);
  const hasMore = start + data.length < all.length;
  const result: Record<string, unknown> = {
    object: 'search_result',
    url: opts.url,
    has_more: hasMore,
    next_page: hasMore ? encodePage(data[data.length - 1]!.id, start + data.length) : null,
    data,
  };
  if (ctx.expand?.includes('total_count')) result.total_count = all.length;
  return result as StripeObject;
}
