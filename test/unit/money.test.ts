import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { formatAmount, formatAmountPlain, formatMajor } from '../../src/money/format.js';
import { parseAmount, parseAmountWithCurrency, parseCurrency, parseMajorAmount } from '../../src/money/parse.js';
import { amountPromptMessage, flagAmount, readAmountFlag } from '../../src/money/input.js';

describe('formatAmount / formatAmountPlain', () => {
  test.each([
    // minor, currency, table form, plain form
    [2000, 'usd', '20.00 USD', '20.00 USD'],
    [5, 'usd', '0.05 USD', '0.05 USD'],
    [0, 'usd', '0.00 USD', '0.00 USD'],
    [-500, 'usd', '-5.00 USD', '-5.00 USD'],
    [-5, 'usd', '-0.05 USD', '-0.05 USD'],
    [123456, 'usd', '1,234.56 USD', '1234.56 USD'],
    [99999999, 'eur', '999,999.99 EUR', '999999.99 EUR'],
    [123456789012, 'usd', '1,234,567,890.12 USD', '1234567890.12 USD'],
    [500, 'jpy', '500 JPY', '500 JPY'],
    [1234567, 'JPY', '1,234,567 JPY', '1234567 JPY'],
    [-1000, 'jpy', '-1,000 JPY', '-1000 JPY'],
    [50000, 'krw', '50,000 KRW', '50000 KRW'],
    [1230, 'kwd', '1.230 KWD', '1.230 KWD'],
    [5, 'kwd', '0.005 KWD', '0.005 KWD'],
    [1234500, 'bhd', '1,234.500 BHD', '1234.500 BHD'],
    [-10, 'bhd', '-0.010 BHD', '-0.010 BHD'],
    [100, 'ISK', '1.00 ISK', '1.00 ISK'],
    [12.5, 'usd', '12.5 USD', '12.5 USD'], // a non-integer from a bad server is shown as-is, not rounded
  ])('%d %s → %s', (minor, currency, table, plain) => {
    expect(formatAmount(minor, currency)).toBe(table);
    expect(formatAmountPlain(minor, currency)).toBe(plain);
  });

  test.each([
    [2050, 'usd', '20.50'],
    [500, 'jpy', '500'],
    [1230, 'kwd', '1.230'],
    [-123456, 'usd', '-1234.56'],
  ])('formatMajor %d %s → %s', (minor, currency, expected) => {
    expect(formatMajor(minor, currency)).toBe(expected);
  });
});

describe('parseAmount', () => {
  test.each([
    // input, currency, minor units
    ['2000', 'usd', 2000],
    ['2000', undefined, 2000], // integers are minor units and need no currency
    ['  2000 ', undefined, 2000],
    ['0', 'usd', 0],
    ['007', 'usd', 7],
    ['20.00', 'usd', 2000],
    ['20.5', 'usd', 2050],
    ['20.05', 'USD', 2005],
    ['0.01', 'eur', 1],
    ['999999.99', 'usd', 99999999],
    ['500', 'jpy', 500],
    ['50000', 'krw', 50000],
    ['1.230', 'kwd', 1230],
    ['1.23', 'kwd', 1230],
    ['1.2', 'bhd', 1200],
    ['0.005', 'bhd', 5],
    ['1230', 'kwd', 1230],
    ['20.00 usd', undefined, 2000], // a trailing code supplies the currency
    ['20.00usd', 'usd', 2000],
    ['20.00 USD', 'usd', 2000],
    ['500 JPY', undefined, 500],
  ])('%j (%s) → %d', (input, currency, expected) => {
    expect(parseAmount(input, currency)).toBe(expected);
  });

  test.each([
    // input, currency, message
    ['', 'usd', 'amount is empty: use minor units (2000) or major units with a decimal point (20.00)'],
    ['   ', 'usd', 'amount is empty: use minor units (2000) or major units with a decimal point (20.00)'],
    ['-5', 'usd', 'invalid amount "-5": amounts cannot be negative'],
    ['-5.00', 'usd', 'invalid amount "-5.00": amounts cannot be negative'],
    ['1e3', 'usd', 'invalid amount "1e3": use minor units (2000) or major units with a decimal point (20.00)'],
    ['12abc', 'usd', 'invalid amount "12abc": use minor units (2000) or major units with a decimal point (20.00)'],
    ['1,000', 'usd', 'invalid amount "1,000": use minor units (2000) or major units with a decimal point (20.00)'],
    ['+5', 'usd', 'invalid amount "+5": use minor units (2000) or major units with a decimal point (20.00)'],
    ['0x10', 'usd', 'invalid amount "0x10": use minor units (2000) or major units with a decimal point (20.00)'],
    ['1.2.3', 'usd', 'invalid amount "1.2.3": use minor units (2000) or major units with a decimal point (20.00)'],
    ['usd', 'usd', 'invalid amount "usd": use minor units (2000) or major units with a decimal point (20.00)'],
    ['$20', 'usd', 'invalid amount "$20": use minor units (2000) or major units with a decimal point (20.00)'],
    ['Infinity', 'usd', 'invalid amount "Infinity": use minor units (2000) or major units with a decimal point (20.00)'],
    ['500.', 'usd', 'invalid amount "500.": put digits on both sides of the decimal point (20.00)'],
    ['.5', 'usd', 'invalid amount ".5": put digits on both sides of the decimal point (20.00)'],
    ['20.00', undefined, 'amount "20.00" has a decimal point, so it needs --currency to know the minor unit'],
    ['1.5', 'jpy', 'invalid amount "1.5": JPY has no minor unit; use a whole number'],
    ['500.0', 'jpy', 'invalid amount "500.0": JPY has no minor unit; use a whole number'],
    ['100.5', 'krw', 'invalid amount "100.5": KRW has no minor unit; use a whole number'],
    ['1.2345', 'kwd', 'invalid amount "1.2345": KWD has 3 decimal places, not 4'],
    ['20.001', 'usd', 'invalid amount "20.001": USD has 2 decimal places, not 3'],
    ['20.00', 'usx', 'unknown currency "usx"'],
    ['20.00 eur', 'usd', 'amount "20.00 eur" is in EUR but --currency is USD'],
    ['99999999999999999', 'usd', 'invalid amount "99999999999999999": too large'],
  ])('%j (%s) → UsageError %s', (input, currency, message) => {
    let caught: unknown;
    try {
      parseAmount(input, currency);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toBe(message);
    expect((caught as Error).message).not.toContain('\n');
  });

  test.each([
    ['20.00 usd', undefined, { amount: 2000, currency: 'usd' }],
    ['2000', 'EUR', { amount: 2000, currency: 'eur' }],
    ['2000', undefined, { amount: 2000, currency: undefined }],
    ['1.5 kwd', 'KWD', { amount: 1500, currency: 'kwd' }],
  ])('parseAmountWithCurrency %j (%s)', (input, currency, expected) => {
    expect(parseAmountWithCurrency(input, currency)).toEqual(expected);
  });
});

describe('parseCurrency', () => {
  test.each([
    ['usd', 'usd'],
    ['USD', 'usd'],
    [' Jpy ', 'jpy'],
    ['kwd', 'kwd'],
  ])('%j → %s', (input, expected) => {
    expect(parseCurrency(input)).toBe(expected);
  });

  test.each([
    ['usx', 'unknown currency "usx"'],
    ['', 'unknown currency ""'],
    ['us', 'unknown currency "us"'],
    ['dollars', 'unknown currency "dollars"'],
    ['u$d', 'unknown currency "u$d"'],
  ])('%j → UsageError', (input, message) => {
    expect(() => parseCurrency(input)).toThrow(UsageError);
    expect(() => parseCurrency(input)).toThrow(message);
  });
});

describe('parseMajorAmount (prompts that name their currency)', () => {
  test.each([
    ['5', 'usd', 500],
    ['5.5', 'usd', 550],
    ['12.50', 'USD', 1250],
    ['500', 'jpy', 500],
    ['1.5', 'kwd', 1500],
    ['12.50 usd', 'usd', 1250],
    [' 7 ', 'eur', 700],
  ])('%j in %s → %i', (input, currency, minor) => {
    expect(parseMajorAmount(input, currency.toLowerCase())).toBe(minor);
  });

  test.each([
    ['twenty', 'usd', 'invalid amount "twenty": type it in USD, e.g. 5.00'],
    ['5.5', 'jpy', 'invalid amount "5.5": JPY has no minor unit; use a whole number'],
    ['1.2345', 'kwd', 'invalid amount "1.2345": KWD has 3 decimal places, not 4'],
    ['5 eur', 'usd', 'amount "5 eur" is in EUR, but this amount is in USD'],
  ])('%j in %s → %s', (input, currency, message) => {
    expect(() => parseMajorAmount(input, currency)).toThrow(new UsageError(message));
  });
});

describe('flagAmount and the amount prompt', () => {
  const flag = (text: string) => readAmountFlag(text)!;
  test.each([
    ['2000', 'usd', 2000],
    ['0.05', 'usd', 5],
    ['50', 'usd', 50],
    ['30', 'gbp', 30],
    ['5', 'jpy', 5],
    ['0', 'usd', 0],
    ['500', 'kwd', 500],
  ])('--amount %s in %s → %i', (text, currency, minor) => {
    expect(flagAmount(flag(text), currency, '--currency is')).toBe(minor);
  });

  test.each([
    ['5', 'usd', '--amount 5 is in minor units (0.05 USD), below the 0.50 USD minimum charge: did you mean 5.00? (for 0.05 USD write 0.05)'],
    ['29', 'gbp', '--amount 29 is in minor units (0.29 GBP), below the 0.30 GBP minimum charge: did you mean 29.00? (for 0.29 GBP write 0.29)'],
    ['007', 'usd', '--amount 007 is in minor units (0.07 USD), below the 0.50 USD minimum charge: did you mean 7.00? (for 0.07 USD write 0.07)'],
    ['12', 'kwd', '--amount 12 is in minor units (0.012 KWD), below the 0.500 KWD minimum charge: did you mean 12.000? (for 0.012 KWD write 0.012)'],
    ['500 jpy', 'usd', 'amount "500 jpy" is in JPY but ch_1 is in USD'],
  ])('--amount %s in %s → %s', (text, currency, message) => {
    expect(() => flagAmount(flag(text), currency, 'ch_1 is in')).toThrow(new UsageError(message));
  });

  test.each([
    ['usd', 'Amount in USD, e.g. 12.50'],
    ['jpy', 'Amount in JPY, e.g. 1250'],
    ['kwd', 'Amount in KWD, e.g. 12.500'],
  ])('prompt for %s: %s', (currency, message) => {
    expect(amountPromptMessage(currency)).toBe(message);
  });
});
