// The search query language: a table of queries → matching objects, and the 400s for bad queries.
import { describe, expect, test } from 'vitest';
import { parseSearchQuery, type SearchSpec } from '../../src/sandbox/core/search.js';
import { StripeError } from '../../src/sandbox/core/errors.js';
import type { StripeObject } from '../../src/sandbox/core/types.js';

const spec: SearchSpec = {
  amount: 'numeric',
  created: 'numeric',
  currency: 'token',
  customer: 'token',
  disputed: 'token',
  email: 'string',
  name: 'string',
  metadata: 'metadata',
  'payment_method_details.card.last4': 'token',
  status: 'token',
};

const objs: StripeObject[] = [
  { id: 'a', object: 'x', amount: 1000, created: 100, currency: 'usd', customer: 'cus_1', disputed: false, email: 'Amy@Rocketrides.io', name: "Amy O'Neil", metadata: { order: '42', 'two words': 'yes' }, payment_method_details: { card: { last4: '4242' } }, status: 'succeeded' },
  { id: 'b', object: 'x', amount: 2500, created: 200, currency: 'eur', customer: null, disputed: true, email: 'bob@example.com', name: 'Bob "Bobby" Stone', metadata: {}, payment_method_details: { card: { last4: '0002' } }, status: 'failed' },
  { id: 'c', object: 'x', amount: 50, created: 300, currency: 'usd', customer: 'cus_2', disputed: false, email: null, name: 'Cy Rosen', metadata: { order: '7' }, payment_method_details: null, status: 'succeeded' },
];

const match = (q: string) => objs.filter(parseSearchQuery(q, spec).matches).map((o) => o.id);

describe('search queries', () => {
  test.each<[string, string[]]>([
    ["email:'amy@rocketrides.io'", ['a']], // strings: case-insensitive
    ['email:"AMY@ROCKETRIDES.IO"', ['a']],
    ["name~'ros'", ['c']],
    ["name~'bob'", ['b']],
    ["name:'Amy O\\'Neil'", ['a']], // escaped quote
    ['name:"Bob \\"Bobby\\" Stone"', ['b']],
    ["currency:'usd'", ['a', 'c']],
    ["currency:'USD'", []], // tokens: exact
    ["-currency:'usd'", ['b']],
    ['amount>1000', ['b']],
    ['amount>=1000', ['a', 'b']],
    ['amount<1000', ['c']],
    ['amount<=50', ['c']],
    ['amount:2500', ['b']],
    ["amount:'2500'", ['b']],
    ['created>150 AND created<=300', ['b', 'c']],
    ['created>150 created<=250', ['b']], // space = AND
    ["status:'failed' OR amount<100", ['b', 'c']],
    ["status:'failed' or amount<100", ['b', 'c']], // keywords are case-insensitive
    ["metadata['order']:'42'", ['a']],
    ['metadata["order"]:"7"', ['c']],
    ["metadata['two words']:'yes'", ['a']],
    ["metadata['order']:null", ['b']],
    ["-metadata['order']:null", ['a', 'c']],
    ['customer:null', ['b']],
    ['email:null', ['c']],
    ["disputed:'true'", ['b']],
    ["payment_method_details.card.last4:'4242'", ['a']],
    ["status:'succeeded' AND -customer:'cus_2' AND currency:'usd'", ['a']],
  ])('%s', (q, expected) => {
    expect(match(q)).toEqual(expected);
  });
});

function errorOf(q: string): StripeError {
  try {
    parseSearchQuery(q, spec, 'charges');
  } catch (e) {
    if (e instanceof StripeError) return e;
    throw e;
  }
  throw new Error(`expected ${q} to fail`);
}

describe('search query errors', () => {
  test.each<[string, RegExp]>([
    ['', /empty/],
    ["refunded:'true'", /^Field 'refunded' is an unsupported search field for resource charges\. See https:\/\/stripe\.com\/docs\/search#query-fields-for-charges/],
    ["email:'a' AND name:'b' OR status:'c'", /AND and OR cannot be combined/],
    ["name~'ab'", /at least 3 characters/],
    ["currency~'usd'", /substring matching \(~\) is not supported on currency/],
    ["email>'a'", /only be used with numeric fields/],
    ["amount>'lots'", /amount is numeric/],
    ['email:amy', /must be quoted/],
    ["email:'amy", /unterminated string/],
    ["email 'amy'", /expected an operator/],
    ['amount:', /missing value/],
    ["metadata:'x'", /metadata\['key'\]/],
    ["metadata['k':'v'", /expected '\]'/],
    ["email:'a' AND", /AND must be followed/],
    ['amount>null', /null can only be used with ':'/],
    [Array.from({ length: 11 }, (_, i) => `amount>${i}`).join(' AND '), /at most 10 clauses/],
    ["email:'a' AND AND name:'b'", /expected a field name/],
  ])('%s', (q, message) => {
    const e = errorOf(q);
    expect(e.status).toBe(400);
    expect(e.body.type).toBe('invalid_request_error');
    expect(e.body.param).toBe('query');
    expect(e.body.message).toMatch(message);
  });

  test('exactly 10 clauses is allowed', () => {
    expect(parseSearchQuery(Array.from({ length: 10 }, (_, i) => `amount>${i}`).join(' AND '), spec).clauses).toHaveLength(10);
  });
});
