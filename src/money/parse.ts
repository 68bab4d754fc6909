// Money as people type it → minor-unit integers. Two readings, one per place a number is typed:
// flags follow the API (an integer is minor units, a decimal point means major units), while prompts
// always say their unit and read major units (`5` at "Amount in USD" is 5.00 USD).
import { UsageError } from '../errors.js';
import { currencyExponent, isSupportedCurrency } from './currencies.js';

/** `USD`, ` usd ` → `usd`; unknown or malformed codes are a UsageError. */
export function parseCurrency(input: string): string {
  const c = input.trim().toLowerCase();
  if (!/^[a-z]{3}$/.test(c) || !isSupportedCurrency(c)) throw new UsageError(`unknown currency "${input.trim()}"`);
  return c;
}

const HINT = 'use minor units (2000) or major units with a decimal point (20.00)';

/** The shape of a typed amount, before any currency is applied. */
export interface AmountText {
  /** What was typed, for messages. */
  input: string;
  whole: string;
  /** Digits after the decimal point; undefined when there is no point. */
  frac: string | undefined;
  /** A currency written after the number (`500 jpy`), lower-case. */
  currency: string | undefined;
}

/**
 * Checks the shape of an amount: digits, an optional decimal part, an optional trailing currency code.
 * Negative, exponent, thousands separators and the like are a UsageError.
 */
export function readAmountText(input: string): AmountText {
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
  return { input, whole: whole!, frac: point ? frac! : undefined, currency: suffix?.toLowerCase() };
}

/** Minor units of a decimal (`20.5` usd → 2050), by digit strings, never by multiplying a float. */
function decimalToMinor(a: AmountText, currency: string): number {
  const shown = JSON.stringify(a.input);
  const exponent = currencyExponent(currency);
  const frac = a.frac ?? '';
  if (exponent === 0) throw new UsageError(`invalid amount ${shown}: ${currency.toUpperCase()} has no minor unit; use a whole number`);
  if (frac.length > exponent) {
    throw new UsageError(`invalid amount ${shown}: ${currency.toUpperCase()} has ${exponent} decimal places, not ${frac.length}`);
  }
  return checkSafe(Number(a.whole + frac.padEnd(exponent, '0')), a.input);
}

function checkSafe(amount: number, input: string): number {
  if (!Number.isSafeInteger(amount)) throw new UsageError(`invalid amount ${JSON.stringify(input)}: too large`);
  return amount;
}

/**
 * Minor units of an amount typed as a flag, in `currency` (the currency in force, however known): an
 * integer is minor units as in the API, a decimal is major units. A currency written in the amount
 * must be `currency`; `currencySource` says where that came from (`--currency is`, `charge ch_1 is in`).
 */
export function flagAmountToMinor(a: AmountText, currency: string, currencySource: string): number {
  if (a.currency && a.currency !== currency) {
    throw new UsageError(`amount ${JSON.stringify(a.input)} is in ${a.currency.toUpperCase()} but ${currencySource} ${currency.toUpperCase()}`);
  }
  if (a.frac === undefined) return checkSafe(Number(a.whole), a.input);
  return decimalToMinor(a, currency);
}

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
export function parseAmountWithCurrency(input: string, currency: string | undefined): { amount: number; currency: string | undefined } {
  const a = readAmountText(input);
  const cur = currency === undefined ? a.currency : parseCurrency(currency);
  if (cur === undefined) {
    if (a.frac !== undefined) throw new UsageError(`amount ${JSON.stringify(input)} has a decimal point, so it needs --currency to know the minor unit`);
    return { amount: checkSafe(Number(a.whole), input), currency: undefined };
  }
  return { amount: flagAmountToMinor(a, cur, '--currency is'), currency: cur };
}

/**
 * What people type at a prompt that names its currency ("Amount in USD, e.g. 12.50"): major units
 * always — `5` is 5.00 USD, `5.5` is 5.50 USD, `500` JPY is ¥500 — unlike flags, where a whole number
 * is minor units as in the API. A currency written after it must be the prompt's.
 */
export function parseMajorAmount(input: string, currency: string): number {
  const example = currencyExponent(currency) > 0 ? '5.00' : '500';
  let a: AmountText;
  try {
    a = readAmountText(input);
  } catch {
    throw new UsageError(`invalid amount ${JSON.stringify(input)}: type it in ${currency.toUpperCase()}, e.g. ${example}`);
  }
  if (a.currency && a.currency !== currency) {
    throw new UsageError(`amount ${JSON.stringify(input)} is in ${a.currency.toUpperCase()}, but this amount is in ${currency.toUpperCase()}`);
  }
  if (a.frac === undefined && currencyExponent(currency) === 0) return checkSafe(Number(a.whole), input);
  return decimalToMinor({ ...a, frac: a.frac ?? '' }, currency);
}
