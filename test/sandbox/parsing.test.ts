// Form decoding (both bracket forms, encoded brackets, unicode) and schema validation.
import { describe, expect, test } from 'vitest';
import { parseForm } from '../../src/sandbox/core/form.js';
import { mergeMetadata, validate, type Spec } from '../../src/sandbox/core/validate.js';
import { StripeError } from '../../src/sandbox/core/errors.js';

describe('parseForm', () => {
  test.each<[string, unknown]>([
    ['', {}],
    ['email=a%40b.c', { email: 'a@b.c' }],
    ['metadata[order]=6735&metadata[empty]=', { metadata: { order: '6735', empty: '' } }],
    ['preferred_locales[0]=en&preferred_locales[1]=fr', { preferred_locales: ['en', 'fr'] }],
    ['expand[]=a&expand[]=b.c', { expand: ['a', 'b.c'] }],
    ['expand%5B%5D=a&expand%5B%5D=b', { expand: ['a', 'b'] }],
    ['expand%5B0%5D=x', { expand: ['x'] }],
    ['a[1]=second&a[0]=first', { a: ['first', 'second'] }],
    [
      'line_items[0][price_data][currency]=usd&line_items[0][price_data][product_data][name]=T&line_items[0][price_data][unit_amount]=2000&line_items[0][quantity]=2',
      { line_items: [{ price_data: { currency: 'usd', product_data: { name: 'T' }, unit_amount: '2000' }, quantity: '2' }] },
    ],
    ['x[][a]=1&x[][b]=2&x[][a]=3', { x: [{ a: '1', b: '2' }, { a: '3' }] }],
    ['created[gte]=1700000000&created[lt]=1800000000', { created: { gte: '1700000000', lt: '1800000000' } }],
    ['q=hello+world%21', { q: 'hello world!' }],
    ["query=email%3A%27a%40b.c%27%20AND%20metadata[%27k%27]%3A%27v%27", { query: "email:'a@b.c' AND metadata['k']:'v'" }],
    ['name=%E2%82%AC%20%F0%9F%98%80%20%C3%A9', { name: '€ 😀 é' }],
    ['name=Zo%C3%AB&flag', { name: 'Zoë', flag: '' }],
    ['bad=%E0%A4%A', { bad: '%E0%A4%A' }],
    ['a=1&a=2', { a: '2' }],
    // Names every JavaScript object has are plain keys (null-prototype hashes), left to validation to refuse.
    ['__proto__[x]=1&ok=1', JSON.parse('{"__proto__":{"x":"1"},"ok":"1"}')],
    ['constructor[prototype][x]=1&toString=2', { constructor: { prototype: { x: '1' } }, toString: '2' }],
    ['metadata[constructor]=a&metadata[hasOwnProperty]=b', { metadata: { constructor: 'a', hasOwnProperty: 'b' } }],
    ['isPrototypeOf[a]=1&x[][constructor]=2', { isPrototypeOf: { a: '1' }, x: [{ constructor: '2' }] }],
  ])('%s', (input, expected) => {
    expect(parseForm(input)).toEqual(expected);
  });
});

function err(fn: () => unknown): StripeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof StripeError) return e;
    throw e;
  }
  throw new Error('expected a StripeError');
}

describe('validate', () => {
  const fields: Record<string, Spec> = {
    amount: 'integer',
    capture: 'boolean',
    currency: 'currency',
    metadata: 'metadata',
    at: 'timestamp',
    mode: { enum: ['a', 'b', 'c'] },
    note: { nullable: 'string' },
    tags: { array: 'string' },
    opts: { object: { card: { object: { cvc: 'string', n: 'integer' } } }, required: ['card'] },
    created: 'range',
  };

  test('coerces scalars, nested objects and arrays; keeps only given keys; ignores expand', () => {
    const v = validate(
      {
        amount: '-500',
        capture: 'false',
        currency: 'USD',
        metadata: { k: 'v' },
        at: '1700000000',
        mode: 'b',
        note: '',
        tags: ['x', 'y'],
        opts: { card: { cvc: '123', n: '7' } },
        created: { gte: '5' },
        expand: ['customer'],
      },
      fields,
    );
    expect(v).toEqual({
      amount: -500,
      capture: false,
      currency: 'usd',
      metadata: { k: 'v' },
      at: 1700000000,
      mode: 'b',
      note: null,
      tags: ['x', 'y'],
      opts: { card: { cvc: '123', n: 7 } },
      created: { gte: 5 },
    });
    expect(validate({ created: '9' }, fields)).toEqual({ created: { eq: 9 } });
    expect(validate({ tags: '' }, fields)).toEqual({ tags: [] });
    expect(validate({ metadata: '' }, fields)).toEqual({ metadata: {} });
  });

  test.each<[string, Record<string, any>, Record<string, unknown>]>([
    ['unknown top-level', { foo: '1' }, { code: 'parameter_unknown', param: 'foo', message: 'Received unknown parameter: foo' }],
    ['unknown nested (full bracket path)', { opts: { card: { foo: '1' } } }, { code: 'parameter_unknown', param: 'opts[card][foo]' }],
    ['missing nested required', { opts: {} }, { code: 'parameter_missing', param: 'opts[card]', message: 'Missing required param: opts[card].' }],
    ['bad integer', { amount: 'abc' }, { code: 'parameter_invalid_integer', param: 'amount', message: 'Invalid integer: abc' }],
    ['fractional integer', { amount: '1.5' }, { code: 'parameter_invalid_integer', param: 'amount' }],
    ['nested bad integer', { opts: { card: { n: 'x' } } }, { code: 'parameter_invalid_integer', param: 'opts[card][n]' }],
    ['bad boolean', { capture: 'yes' }, { param: 'capture', message: 'Invalid boolean: yes' }],
    ['bad enum', { mode: 'd' }, { param: 'mode', message: 'Invalid mode: must be one of a, b, or c' }],
    ['bad currency', { currency: 'xyz' }, { param: 'currency' }],
    ['object given a string', { opts: 'x' }, { param: 'opts', message: 'Invalid object' }],
    ['array given an object', { tags: { a: 'x' } }, { param: 'tags', message: 'Invalid array' }],
    ['bad range key', { created: { gtx: '1' } }, { code: 'parameter_unknown', param: 'created[gtx]' }],
    ['metadata key too long', { metadata: { ['k'.repeat(41)]: 'v' } }, { param: `metadata[${'k'.repeat(41)}]` }],
    ['metadata value too long', { metadata: { k: 'v'.repeat(501) } }, { param: 'metadata[k]' }],
    ['metadata nested value', { metadata: { k: { x: '1' } } }, { param: 'metadata[k]' }],
    ['too many metadata keys', { metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v'])) }, { param: 'metadata' }],
  ])('%s → 400', (_name, params, expected) => {
    const e = err(() => validate(params, fields));
    expect(e.status).toBe(400);
    expect(e.body).toMatchObject({ type: 'invalid_request_error', ...expected });
  });

  test('currency error lists supported currencies', () => {
    const e = err(() => validate({ currency: 'XYZ' }, fields));
    expect(e.body.message).toMatch(/^Invalid currency: xyz\. Stripe currently supports these currencies: usd, aed, /);
  });

  test('top-level required', () => {
    expect(err(() => validate({}, fields, ['amount'])).body).toMatchObject({ code: 'parameter_missing', param: 'amount', message: 'Missing required param: amount.' });
    expect(validate({ amount: '1' }, fields, ['amount'])).toEqual({ amount: 1 });
  });

  test('mergeMetadata', () => {
    expect(mergeMetadata({ a: '1', b: '2' }, undefined)).toEqual({ a: '1', b: '2' });
    expect(mergeMetadata({ a: '1', b: '2' }, { a: '', c: '3' })).toEqual({ b: '2', c: '3' });
    expect(mergeMetadata({ a: '1' }, {})).toEqual({});
    expect(mergeMetadata({}, { gone: '' })).toEqual({});
  });
});
