// Exact decimal money: the integer arithmetic behind `unit_amount_decimal` (money/decimal.ts), and the
// sandbox's invoice items and Checkout line items computed with it — no float products or quotients.
import { describe, expect, it } from 'vitest';
import { canonicalDecimal, divideToDecimal, isMinorDecimal, multiplyDecimal, wholeDecimal } from '../../src/money/decimal.js';
import { useTestSandbox } from '../helpers/sandbox.js';
import { rawClient } from './money-helpers.js';

describe('decimal arithmetic', () => {
  it.each([
    // unit (minor units), quantity, whole minor units (rounded half away from zero)
    ['0.145', 100, 15], // as a float 0.145 × 100 = 14.499999999999998
    ['1.005', 1000, 1005], // 1.005 × 1000 = 1004.9999999999999
    ['12.5', 3, 38],
    ['12.5', 1, 13],
    ['0.000000000001', 1, 0],
    ['0.5', 1, 1],
    ['0.499999999999', 1, 0],
    ['333.333333333333', 3, 1000],
    ['-12.5', 3, -38],
    ['1250', 0, 0],
    ['99999999', 1, 99999999],
    ['0.1', 3, 0],
    ['0.1', 5, 1],
  ])('%s × %i = %i', (unit, quantity, expected) => {
    expect(multiplyDecimal(unit, quantity)).toBe(expected);
  });

  it.each([
    [1000, 3, '333.333333333333'],
    [2000, 3, '666.666666666667'],
    [10, 3, '3.333333333333'], // a float quotient prints 16 places: 3.3333333333333335
    [1500, 4, '375'],
    [1, 8, '0.125'],
    [-1000, 3, '-333.333333333333'],
    [0, 7, '0'],
    [99999999, 7, '14285714.142857142857'],
  ])('%i / %i = %s', (amount, quantity, expected) => {
    expect(divideToDecimal(amount, quantity)).toBe(expected);
  });

  it.each([
    ['12.50', '12.5', undefined],
    ['1250.000', '1250', 1250],
    ['007', '7', 7],
    ['0.0', '0', 0],
  ])('canonical %s → %s (whole: %s)', (text, canonical, whole) => {
    expect(canonicalDecimal(text)).toBe(canonical);
    expect(wholeDecimal(text)).toBe(whole);
  });

  it.each([
    ['12.5', true],
    ['0.000000000001', true],
    ['0.0000000000001', false],
    ['-1', false],
    ['1e3', false],
    ['.5', false],
    ['5.', false],
    ['', false],
    ['NaN', false],
  ])('isMinorDecimal(%j) = %s', (text, ok) => {
    expect(isMinorDecimal(text)).toBe(ok);
  });
});

const sb = useTestSandbox();
const c = rawClient(sb);

describe('sandbox invoice items are exact', () => {
  it('unit_amount_decimal × quantity is rounded once, from the exact product', async () => {
    const cus = await c.post('/v1/customers', { email: 'dec@example.com' });
    const ii = await c.post('/v1/invoiceitems', { customer: cus.id, price_data: { currency: 'usd', product: 'prod_x', unit_amount_decimal: '0.145' }, quantity: 100 });
    expect(ii).toMatchObject({ amount: 15, quantity: 100 });
    expect(ii.pricing.unit_amount_decimal).toBe('0.145');
    const upd = await c.post(`/v1/invoiceitems/${ii.id}`, { quantity: 1000 });
    expect(upd.amount).toBe(145);
  });

  it('an amount with a quantity keeps an exact unit price of at most 12 places, and re-pricing from it is exact', async () => {
    const cus = await c.post('/v1/customers', { email: 'dec2@example.com' });
    const ii = await c.post('/v1/invoiceitems', { customer: cus.id, amount: 10, currency: 'usd', quantity: 3 });
    expect(ii).toMatchObject({ amount: 10, quantity: 3 });
    expect(ii.pricing.unit_amount_decimal).toBe('3.333333333333');
    expect((await c.post(`/v1/invoiceitems/${ii.id}`, { quantity: 6 })).amount).toBe(20);
    expect((await c.post(`/v1/invoiceitems/${ii.id}`, { quantity: 3 })).amount).toBe(10);
  });

  it('a malformed unit_amount_decimal is a 400 naming the parameter', async () => {
    const cus = await c.post('/v1/customers', { email: 'dec3@example.com' });
    for (const bad of ['abc', '1e3', '-5', '0.0000000000001']) {
      const r = await c.call('POST', '/v1/invoiceitems', { customer: cus.id, price_data: { currency: 'usd', product: 'prod_x', unit_amount_decimal: bad } });
      expect(r.status).toBe(400);
      expect(r.body.error.param).toBe('price_data[unit_amount_decimal]');
    }
  });
});

describe('sandbox Checkout line items are exact', () => {
  const session = (unit: string, quantity: number) =>
    c.call('POST', '/v1/checkout/sessions', {
      line_items: [{ price_data: { currency: 'usd', product_data: { name: 'x' }, unit_amount_decimal: unit }, quantity }],
      success_url: 'https://shop.test/ok',
    });

  it.each([
    // unit, quantity, total: the unit price is not rounded before multiplying
    ['1250.5', 3, 3752],
    ['0.145', 1000, 145],
    ['99.9', 10, 999],
  ])('%s × %i = %i, the same rule as invoices', async (unit, quantity, total) => {
    const r = await session(unit, quantity);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ amount_subtotal: total, amount_total: total });
    const items = await c.get(`/v1/checkout/sessions/${r.body.id}/line_items`);
    expect(items.data[0]).toMatchObject({ amount_subtotal: total, amount_total: total });
    expect(items.data[0].price).toMatchObject({ unit_amount: null, unit_amount_decimal: unit });
  });

  it('a whole decimal price also has unit_amount', async () => {
    const r = await session('1250.00', 2);
    const items = await c.get(`/v1/checkout/sessions/${r.body.id}/line_items`);
    expect(items.data[0].price).toMatchObject({ unit_amount: 1250, unit_amount_decimal: '1250' });
    expect(r.body.amount_total).toBe(2500);
  });
});
