// Money at the edges: minor-unit integers ⇄ the major-unit text users read and type.
// The exponents and the digit arithmetic live in money/currencies.ts, shared with the sandbox.
import { UsageError } from '../errors.js';
import { currencyExponent, isSupportedCurrency, majorDigits } from '../money/currencies.js';

/** `2000, 'usd'` → `20.00 USD`; `123456, 'usd'` → `1,234.56 USD`; `500, 'jpy'` → `500 JPY`. For tables. */
export function formatAmount(minor: number, currency: string): string {
  return format(minor, currency, true);
}

/** Like formatAmount without thousands separators (`1234.56 USD`), for CSV/TSV where commas hurt. */
export function formatAmountPlain(minor: number, currency: string): string {
  return format(minor, currency, false);
}

/** Major units as a bare number string (`1234.56`), no currency: for spreadsheets and arithmetic. */
export function formatMajor(minor: number, currency: string): string {
  return majorDigits(minor, currency, false);
}

function format(minor: number, currency: string, separators: boolean): string {
  const code = currency.toUpperCase();
  // A non-integer can only come from a bad server; show it as-is rather than invent digits.
  if (!Number.isSafeInteger(minor)) return `${minor} ${code}`;
  return `${majorDigits(minor, currency, separators)} ${code}`;
}

/** `USD`, ` usd ` → `usd`; unknown or malformed codes are a UsageError. */
export function parseCurrency(input: string): string {
  const c = input.trim().toLowerCase();
  if (!/^[a-z]{3}$/.test(c) || !isSupportedCurrency(c)) throw new UsageError(`unknown currency "${input.trim()}"`);
  return c;
}

const HINT = 'use minor units (2000) or major units with a decimal point (20.00)';

/**
 * Reads an amount a user typed. An integer is minor units, as in the API (`2000` → 2000); a value
 * with a decimal point is major units in `currency` (`20.5` usd → 2050). Anything else — negative,
 * exponent, thousands separators, more decimals than the currency has — is a UsageError.
 */
export function parseAmount(input: string, currency: string | undefined): number {
  return parseAmountWithCurrency(input, currency).amount;
}

/**
 * Like parseAmount, but also accepts a trailing currency code (`20.00 usd`, `500JPY`), which must
 * agree with `currency` when both are given. Returns the currency in force (lower-case) if any.
 */
export function parseAmountWithCurrency(
  input: string,
  currency: string | undefined,
): { amount: number; currency: string | undefined } {
  const text = input.trim();
  const shown = JSON.stringify(input);
  if (text === '') throw new UsageError(`amount is empty: ${HINT}`);
  const m = /^(-?)(\d*)(?:(\.)(\d*))?\s*([A-Za-z]{3})?$/.exec(text);
  if (!m) throw new UsageError(`invalid amount ${shown}: ${HINT}`);
  const [, minus, whole, point, frac, suffix] = m;
  if ((whole === '' && !frac) || (suffix && !isSupportedCurrency(suffix))) {
    throw new UsageError(`invalid amount ${shown}: ${HINT}`);
  }
  if (minus) throw new UsageError(`invalid amount ${shown}: amounts cannot be negative`);
  if (whole === '' || (point && frac === '')) {
    throw new UsageError(`invalid amount ${shown}: put digits on both sides of the decimal point (20.00)`);
  }

  let cur = currency === undefined ? undefined : parseCurrency(currency);
  if (suffix) {
    const own = suffix.toLowerCase();
    if (cur && own !== cur) throw new UsageError(`amount ${shown} is in ${own.toUpperCase()} but --currency is ${cur.toUpperCase()}`);
    cur = own;
  }

  let amount: number;
  if (!point) {
    amount = Number(whole);
  } else {
    if (!cur) throw new UsageError(`amount ${shown} has a decimal point, so it needs --currency to know the minor unit`);
    const exponent = currencyExponent(cur);
    if (exponent === 0) throw new UsageError(`invalid amount ${shown}: ${cur.toUpperCase()} has no minor unit; use a whole number`);
    if (frac.length > exponent) {
      throw new UsageError(`invalid amount ${shown}: ${cur.toUpperCase()} has ${exponent} decimal places, not ${frac.length}`);
    }
    amount = Number(whole + frac.padEnd(exponent, '0'));
  }
  if (!Number.isSafeInteger(amount)) throw new UsageError(`invalid amount ${shown}: too large`);
  return { amount, currency: cur };
}
