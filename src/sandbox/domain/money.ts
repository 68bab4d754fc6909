// Money arithmetic for the sandbox: card processing fees, charge-amount limits per currency, and
// amounts formatted in major units for Stripe-style error messages. Integers only (minor units).
import { isThreeDecimal, majorDigits, MAXIMUM_AMOUNT, minimumChargeAmount } from '../../money/currencies.js';
import { invalidRequest } from '../core/errors.js';

const SYMBOLS: Record<string, string> = {
  usd: '$', aud: '$', cad: '$', nzd: '$', sgd: '$', hkd: '$', mxn: '$', brl: 'R$', eur: '€', gbp: '£', jpy: '¥', inr: '₹', chf: 'Fr ',
};

/** `2000, 'usd'` → `$20.00`; `500, 'jpy'` → `¥500`; unknown symbols → `20.00 SEK`. Thousands grouped with commas. */
export function formatMajor(amount: number, currency: string): string {
  const neg = amount < 0;
  const text = majorDigits(Math.abs(amount), currency, true);
  const sym = SYMBOLS[currency.toLowerCase()];
  const body = sym !== undefined ? `${sym}${text}` : `${text} ${currency.toUpperCase()}`;
  return neg ? `-${body}` : body;
}

/**
 * Stripe's standard card pricing, 2.9% + 30 minor units, in integers: the percentage part is rounded
 * half up (`floor((amount × 29 + 500) / 1000)`); three-decimal currencies use a 300 fixed part so the
 * fee keeps their trailing-zero shape. 2000 → 88, 1000 → 59, 100 → 33.
 */
export function cardFee(amount: number, currency: string): number {
  const percent = Math.floor((amount * 29 + 500) / 1000);
  const fixed = isThreeDecimal(currency) ? 300 : 30;
  return percent + fixed;
}

/** Checks a payment amount against Stripe's limits: ≥ 1, ≥ the currency minimum, ≤ 8 digits, three-decimal ends in 0. */
export function checkChargeAmount(amount: number, currency: string, param = 'amount'): void {
  if (amount < 1) throw invalidRequest('This value must be greater than or equal to 1.', { param, code: 'parameter_invalid_integer' });
  const min = minimumChargeAmount(currency);
  if (amount < min) {
    throw invalidRequest(`Amount must be at least ${formatMajor(min, currency)} ${currency.toLowerCase()}`, { param, code: 'amount_too_small' });
  }
  if (amount > MAXIMUM_AMOUNT) {
    throw invalidRequest(`Amount must be no more than ${formatMajor(MAXIMUM_AMOUNT, currency)}`, { param, code: 'amount_too_large' });
  }
  checkThreeDecimal(amount, currency, param);
}

/** Three-decimal currencies (BHD, KWD…) accept payment amounts only in multiples of 10. */
export function checkThreeDecimal(amount: number, currency: string, param = 'amount'): void {
  if (isThreeDecimal(currency) && amount % 10 !== 0) {
    throw invalidRequest(
      `Invalid amount: ${currency.toUpperCase()} is a three-decimal currency and amounts must be a multiple of 10 (the last digit must be 0).`,
      { param, code: 'invalid_amount' },
    );
  }
}

/** A positive integer amount no larger than the 8-digit maximum (refunds, captures, payouts, invoice items). */
export function checkPositiveAmount(amount: number, param = 'amount', currency?: string): void {
  if (amount < 1) throw invalidRequest('This value must be greater than or equal to 1.', { param, code: 'parameter_invalid_integer' });
  if (amount > MAXIMUM_AMOUNT) {
    throw invalidRequest(`Amount must be no more than ${formatMajor(MAXIMUM_AMOUNT, currency ?? 'usd')}`, { param, code: 'amount_too_large' });
  }
  if (currency) checkThreeDecimal(amount, currency, param);
}
