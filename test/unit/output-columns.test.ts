import { describe, expect, test } from 'vitest';
import { bool, colorStatus, columnsForFields, id, isFlex, money, renderCell, status, text, time, valueText, type CellContext } from '../../src/output/columns.js';

const now = new Date('2026-11-25T12:45:00Z');
const tty: CellContext = { now, color: false };
const colour: CellContext = { now, color: true };
const plain: CellContext = { now, color: false, plain: true };
const detail: CellContext = { now, color: false, detail: true };

const charge = {
  id: 'ch_1',
  amount: 123456,
  currency: 'usd',
  balance: { amount: 1230, cur: 'kwd' },
  status: 'succeeded',
  created: Math.floor(now.getTime() / 1000) - 3 * 3600,
  paid: true,
  refunded: false,
  customer: { id: 'cus_1', email: 'a@example.com' },
  payment_method: 'pm_1',
  metadata: { a: '1' },
  description: null,
};

describe('helpers build columns', () => {
  test.each([
    [money('AMOUNT', 'amount'), { header: 'AMOUNT', key: 'amount', kind: 'money', currencyKey: 'currency' }],
    [money('NET', 'balance.amount', 'balance.cur'), { header: 'NET', key: 'balance.amount', kind: 'money', currencyKey: 'balance.cur' }],
    [status(), { header: 'STATUS', key: 'status', kind: 'status' }],
    [time(), { header: 'CREATED', key: 'created', kind: 'time' }],
    [time('ARRIVES', 'arrival_date'), { header: 'ARRIVES', key: 'arrival_date', kind: 'time' }],
    [text('EMAIL', 'email'), { header: 'EMAIL', key: 'email', kind: 'text' }],
    [text('NAME', 'name', { minWidth: 12 }), { header: 'NAME', key: 'name', kind: 'text', minWidth: 12 }],
    [id(), { header: 'ID', key: 'id', kind: 'id' }],
    [bool('PAID', 'paid'), { header: 'PAID', key: 'paid', kind: 'bool' }],
  ])('%j', (col, expected) => {
    expect(col).toEqual(expected);
  });

  test.each([
    [text('T', 't'), true],
    [{ header: 'T', key: 't' }, true],
    [id(), false],
    [money('A', 'amount'), false],
    [status(), false],
    [time(), false],
    [id('ID', 'id', { width: 'flex' }), true],
    [text('T', 't', { width: 'fixed' }), false],
  ])('isFlex %j → %s', (col, expected) => {
    expect(isFlex(col)).toBe(expected);
  });
});

describe('renderCell', () => {
  test.each([
    // column, context, expected
    [money('AMOUNT', 'amount'), tty, '1,234.56 USD'],
    [money('AMOUNT', 'amount'), plain, '1234.56 USD'],
    [money('NET', 'balance.amount', 'balance.cur'), tty, '1.230 KWD'],
    [money('AMOUNT', 'missing'), tty, ''],
    [money('AMOUNT', 'amount', 'nocurrency'), tty, '123456'],
    [status(), tty, 'succeeded'],
    [status(), colour, '\x1b[32msucceeded\x1b[39m'],
    [status(), { ...colour, plain: true }, 'succeeded'],
    [time(), tty, '3h ago'],
    [time(), plain, '2026-11-25T09:45:00Z'],
    [time(), detail, '2026-11-25 09:45 UTC (3h ago)'],
    [bool('PAID', 'paid'), tty, 'yes'],
    [bool('REFUNDED', 'refunded'), tty, 'no'],
    [bool('PAID', 'paid'), plain, 'true'],
    [text('CUSTOMER', 'customer'), tty, 'cus_1'], // an expanded object shows its id
    [text('EMAIL', 'customer.email'), tty, 'a@example.com'],
    [text('PM', 'payment_method'), tty, 'pm_1'],
    [text('META', 'metadata'), tty, '{"a":"1"}'],
    [text('DESCRIPTION', 'description'), tty, ''],
    [text('AMOUNT', 'amount'), tty, '123456'],
    [{ header: 'X', key: 'id', get: (o: { id: string }, c: CellContext) => `${o.id}:${c.plain ? 'p' : 't'}` }, plain, 'ch_1:p'],
  ])('%j in %j → %j', (col, ctx, expected) => {
    expect(renderCell(col, charge, ctx)).toBe(expected);
  });
});

describe('colorStatus', () => {
  const GREEN = '\x1b[32m';
  const YELLOW = '\x1b[33m';
  const RED = '\x1b[31m';
  const DIM = '\x1b[2m';
  test.each([
    ...['succeeded', 'paid', 'available', 'active', 'complete'].map((s) => [s, GREEN] as const),
    ...['pending', 'requires_payment_method', 'requires_capture', 'requires_action', 'open', 'draft', 'in_transit', 'processing'].map((s) => [s, YELLOW] as const),
    ...['failed', 'canceled', 'void', 'uncollectible', 'expired', 'disputed'].map((s) => [s, RED] as const),
    ...['deleted', 'something_new'].map((s) => [s, DIM] as const),
  ])('%s', (s, code) => {
    expect(colorStatus(s, true).startsWith(code)).toBe(true);
    expect(colorStatus(s, false)).toBe(s);
  });
});

describe('valueText', () => {
  test.each([
    [null, ''],
    [undefined, ''],
    ['x', 'x'],
    [0, '0'],
    [false, 'false'],
    [{ id: 'cus_1', object: 'customer' }, 'cus_1'],
    [['a', 'b'], '["a","b"]'],
    [{ a: 1 }, '{"a":1}'],
  ])('%j → %j', (v, expected) => {
    expect(valueText(v)).toBe(expected);
  });
});

test('columnsForFields keeps known renderers and upper-cases headers', () => {
  const known = [id(), money('AMOUNT', 'amount'), status()];
  const cols = columnsForFields(['amount', 'customer.email', 'id'], known);
  expect(cols).toEqual([
    { header: 'AMOUNT', key: 'amount', kind: 'money', currencyKey: 'currency' },
    { header: 'CUSTOMER.EMAIL', key: 'customer.email', kind: 'text' },
    { header: 'ID', key: 'id', kind: 'id' },
  ]);
});

describe('control characters from API data', () => {
  test('never reach the terminal as escape sequences', () => {
    const evil = { name: 'Ada\x1b]0;owned\x07\x1b[2J', status: 'succeeded\x1b[31m' };
    const ctx = { now: new Date(), color: false };
    expect(renderCell(text('NAME', 'name'), evil, ctx)).toBe('Ada^[]0;owned^G^[[2J');
    expect(renderCell(status(), evil, ctx)).not.toContain('\x1b');
  });
});
