// Money for display: minor-unit integers → the major-unit text people read (`20.00 USD`).
// The digit arithmetic is string-based (money/currencies.ts), never a division.
import { majorDigits } from './currencies.js';

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
