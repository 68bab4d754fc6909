import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { getPath, parseFieldsFlag, pickFields } from '../../src/output/fields.js';

const invoice = {
  id: 'in_1',
  amount_due: 2000,
  customer: { id: 'cus_1', email: 'a@example.com', address: null },
  metadata: { order: '42' },
  lines: { object: 'list', data: [{ id: 'il_1', amount: 1500 }, { id: 'il_2', amount: 500 }] },
  paid: false,
};

describe('getPath', () => {
  test.each([
    ['id', 'in_1'],
    ['amount_due', 2000],
    ['customer.email', 'a@example.com'],
    ['customer.address', null],
    ['customer.address.city', undefined],
    ['lines.data.0.amount', 1500],
    ['lines.data.1.id', 'il_2'],
    ['lines.data.2.id', undefined],
    ['lines.data.first', undefined],
    ['paid', false],
    ['missing', undefined],
    ['id.length', undefined], // strings are leaves
    ['constructor', undefined], // own properties only
    ['__proto__', undefined],
  ])('%s', (path, expected) => {
    expect(getPath(invoice, path)).toEqual(expected);
  });

  test('non-objects have no paths', () => {
    expect(getPath(null, 'a')).toBeUndefined();
    expect(getPath('x', 'length')).toBeUndefined();
  });
});

describe('pickFields', () => {
  test.each<[string[], unknown]>([
    [['id'], { id: 'in_1' }],
    [['id', 'amount_due'], { id: 'in_1', amount_due: 2000 }],
    [['customer.email'], { customer: { email: 'a@example.com' } }],
    [['customer.email', 'customer.id'], { customer: { email: 'a@example.com', id: 'cus_1' } }],
    [['customer', 'customer.email'], { customer: invoice.customer }], // the whole wins
    [['customer.email', 'customer'], { customer: invoice.customer }],
    [['lines.data.0.amount'], { lines: { data: [{ amount: 1500 }] } }],
    [['lines.data.1.amount'], { lines: { data: [null, { amount: 500 }] } }],
    [['lines.data.x'], { lines: { data: [] } }],
    [['missing', 'customer.phone'], { missing: null, customer: { phone: null } }],
    [['paid'], { paid: false }],
    [['__proto__'], JSON.parse('{"__proto__":null}')], // an own key like any other, never the prototype
  ])('%j', (fields, expected) => {
    const picked = pickFields(invoice, fields);
    expect(JSON.parse(JSON.stringify(picked))).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  test('key order follows --fields, and the source is never modified', () => {
    const before = JSON.stringify(invoice);
    const picked = pickFields(invoice, ['paid', 'id', 'customer', 'customer.email', 'lines.data.0.id']);
    expect(Object.keys(picked)).toEqual(['paid', 'id', 'customer', 'lines']);
    expect(JSON.stringify(invoice)).toBe(before);
  });

  test('a "__proto__" path cannot pollute prototypes', () => {
    const evil = JSON.parse('{"__proto__": {"polluted": true}}');
    const picked = pickFields(evil, ['__proto__.polluted']);
    expect(Object.getPrototypeOf(picked)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(picked)).toBe('{"__proto__":{"polluted":true}}');
  });
});

describe('parseFieldsFlag', () => {
  test.each([
    ['id', ['id']],
    ['id,amount,customer.email', ['id', 'amount', 'customer.email']],
    [' id , amount ,', ['id', 'amount']],
    ['id,id,amount', ['id', 'amount']],
    ['metadata.order-id', ['metadata.order-id']],
    ['lines.data.0.amount', ['lines.data.0.amount']],
  ])('%j', (input, expected) => {
    expect(parseFieldsFlag(input)).toEqual(expected);
  });

  test.each([
    ['', '--fields needs at least one field'],
    [' , ', '--fields needs at least one field'],
    ['a..b', 'invalid field "a..b" in --fields'],
    ['.id', 'invalid field ".id" in --fields'],
    ['id.', 'invalid field "id." in --fields'],
    ['customer email', 'invalid field "customer email" in --fields'],
  ])('%j → UsageError', (input, message) => {
    expect(() => parseFieldsFlag(input)).toThrow(UsageError);
    expect(() => parseFieldsFlag(input)).toThrow(message);
  });
});
