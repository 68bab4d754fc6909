// The amount-input workflow every command that reads money shares: an --amount is checked for shape
// before any request, converted once the currency in force is known (a flag, a prompt, or the object
// it applies to), refused when it names another currency or looks like major units written as minor
// units, asked for at prompts that name their unit, and said back in major units before sending; and,
// for refunds, how much a charge has left and the sentences a refund says.
import { UsageError } from '../errors.js';
import type { Prompter } from '../prompt/types.js';
import { currencyExponent, majorDigits, minimumChargeAmount } from './currencies.js';
import { formatAmount } from './format.js';
import { flagAmountToMinor, parseCurrency, parseMajorAmount, readAmountText, type AmountText } from './parse.js';

/** An amount flag checked for shape; its minor units wait for the currency in force. */
export interface AmountFlag {
  /** The flag's name, for messages (`--amount`). */
  flag: string;
  text: AmountText;
}

/** Shape check of an amount flag (before any request); undefined when the flag was not given. */
export function readAmountFlag(input: string | undefined, flag = '--amount'): AmountFlag | undefined {
  if (input === undefined) return undefined;
  return { flag, text: readAmountText(input) };
}

/** A decimal needs the currency's exponent and a written currency must be checked: both need the currency. */
export function needsCurrency(a: AmountFlag): boolean {
  return a.text.frac !== undefined || a.text.currency !== undefined;
}

/**
 * Minor units of an amount flag in `currency` (`currencySource` says where it came from: `--currency is`,
 * `charge ch_1 is in`). A currency written in the amount that differs is a UsageError naming both, and
 * so is an integer below the currency's minimum charge: `--amount 5` on USD reads as 0.05 USD, which is
 * almost always a typo for 5.00. Such a small amount is still possible written as a decimal (`0.05`).
 */
export function flagAmount(a: AmountFlag, currency: string, currencySource: string): number {
  const minor = flagAmountToMinor(a.text, currency, currencySource);
  checkMinorUnitsTypo(a, minor, currency);
  return minor;
}

function checkMinorUnitsTypo(a: AmountFlag, minor: number, currency: string): void {
  const exponent = currencyExponent(currency);
  // A decimal says what it means; in a zero-decimal currency both readings are the same number.
  if (a.text.frac !== undefined || exponent === 0 || minor === 0) return;
  const min = minimumChargeAmount(currency);
  if (minor >= min) return;
  const meant = `${String(Number(a.text.whole))}.${'0'.repeat(exponent)}`;
  throw new UsageError(
    `${a.flag} ${a.text.input.trim()} is in minor units (${formatAmount(minor, currency)}), below the ${formatAmount(min, currency)} minimum charge: did you mean ${meant}? (for ${formatAmount(minor, currency)} write ${majorDigits(minor, currency, false)})`,
  );
}

/**
 * Minor units of an amount flag whose currency lives on the object it applies to: `currencyOf` (one GET)
 * gives it, so a written currency and the minimum are checked against the object's own currency.
 */
export async function resolveFlagAmount(a: AmountFlag, currencyOf: () => Promise<{ currency: string; source: string }>): Promise<{ amount: number; currency: string }> {
  const { currency, source } = await currencyOf();
  return { amount: flagAmount(a, currency, source), currency };
}

/**
 * Under --dry-run nothing is sent, not even the look-up of an object's currency (the client would print
 * that GET instead of the mutation): an amount that needs the currency is then a usage error asking
 * for minor units. Returns the minor units of a plain integer.
 */
export function dryRunAmount(a: AmountFlag | undefined, noun: string): number | undefined {
  if (!a) return undefined;
  if (needsCurrency(a)) {
    throw new UsageError(`with --dry-run, give ${a.flag} in minor units (e.g. 1500): the ${noun}'s currency cannot be looked up`);
  }
  return Number(a.text.whole);
}

/** `Amount in USD, e.g. 12.50` — every amount prompt names its unit; it reads major units (parseMajorAmount). */
export function amountPromptMessage(currency: string, what = 'Amount'): string {
  const exponent = currencyExponent(currency);
  // 12.50 USD, 12.500 KWD, 1250 JPY: the example shows how many decimals the currency has.
  const example = majorDigits(exponent === 0 ? 1250 : 1250 * 10 ** (exponent - 2), currency, false);
  return `${what} in ${currency.toUpperCase()}, e.g. ${example}`;
}

/** Extra rules an amount must meet at its prompt (beyond its shape): true, or what to tell the user. */
export type AmountRule = (minor: number, currency: string) => true | string;

/** More than zero: payouts, refunds. */
export const positive: AmountRule = (minor) => (minor > 0 ? true : 'the amount must be more than zero');

/** At least the currency's minimum charge: charges and payment intents. */
export const chargeable: AmountRule = (minor, currency) => {
  const min = minimumChargeAmount(currency);
  return minor >= min ? true : `the minimum charge is ${formatAmount(min, currency)}`;
};

/** A validator for an amount prompt in `currency`: shape, then each rule in turn. */
export function amountValidator(currency: string, rules: AmountRule[] = []): (value: string) => true | string {
  return (value) => {
    let minor: number;
    try {
      minor = parseMajorAmount(value, currency);
    } catch (err) {
      return err instanceof Error ? err.message : 'invalid amount';
    }
    for (const rule of rules) {
      const ok = rule(minor, currency);
      if (ok !== true) return ok;
    }
    return true;
  };
}

/** Asks for an amount in major units of a known currency, validated at its own prompt (asked again until valid). */
export async function askAmount(prompter: Prompter, currency: string, opts: { what?: string; rules?: AmountRule[] } = {}): Promise<number> {
  const typed = await prompter.input({ message: amountPromptMessage(currency, opts.what), validate: amountValidator(currency, opts.rules) });
  return parseMajorAmount(typed, currency);
}

/**
 * Asks for a currency (before any amount, so the amount prompt can name its unit). `check` validates
 * the answer against what is already known, e.g. an --amount flag given without --currency.
 */
export async function askCurrency(prompter: Prompter, opts: { default?: string; check?: (currency: string) => void } = {}): Promise<string> {
  const typed = await prompter.input({
    message: 'Currency (three letters, e.g. usd)',
    default: opts.default ?? 'usd',
    validate: (v) => {
      try {
        const c = parseCurrency(v);
        opts.check?.(c);
        return true;
      } catch (err) {
        return err instanceof Error ? err.message : String(err);
      }
    },
  });
  return parseCurrency(typed);
}

/** Amount and currency flags of a create. */
export interface MoneyFlags {
  amount?: string;
  currency?: string;
}

/** The money flags a create lacks (a currency written in the amount, `20.00 eur`, counts as --currency). */
export function missingMoneyFlags(o: MoneyFlags): string[] {
  const missing: string[] = [];
  if (o.amount === undefined) missing.push('--amount');
  if (o.currency === undefined && readAmountFlag(o.amount)?.text.currency === undefined) missing.push('--currency');
  return missing;
}

/**
 * Amount and currency of a create, from flags, asking for what is missing (only call with a prompter
 * when missingMoneyFlags is not empty): the currency first, so the amount prompt names its unit, and
 * each answer is validated at its own prompt. Flags keep the API's reading (an integer is minor units).
 */
export async function moneyOfCreate(prompter: Prompter | undefined, o: MoneyFlags, opts: { what?: string; rules?: AmountRule[] } = {}): Promise<{ amount: number; currency: string }> {
  const flag = readAmountFlag(o.amount);
  const given = o.currency !== undefined ? parseCurrency(o.currency) : undefined;
  let currency = given ?? flag?.text.currency;
  if (currency === undefined) {
    if (!prompter) throw new UsageError('missing required flag: --currency');
    currency = await askCurrency(prompter, { check: flag ? (c) => flagAmount(flag, c, 'the currency is') : undefined });
  }
  if (flag) return { amount: flagAmount(flag, currency, given !== undefined ? '--currency is' : 'the currency is'), currency };
  if (!prompter) throw new UsageError('missing required flag: --amount');
  return { amount: await askAmount(prompter, currency, opts), currency };
}

// ---------------------------------------------------------------------------------------------
// Refunds: how much a charge has left (the most a refund amount may be) and what a refund says.

/** The charge fields a refund decision reads. */
export interface RefundableCharge {
  id: string;
  amount: number;
  amount_captured?: number;
  amount_refunded: number;
  captured: boolean;
  currency: string;
  status: string;
  refunded?: boolean;
  created: number;
  description?: string | null;
  payment_intent?: string | null;
}

/** Refundable remainder = captured − already refunded (docs.stripe.com/refunds: at most what was captured). */
export function refundableAmount(c: RefundableCharge): number {
  if (c.status !== 'succeeded' || !c.captured) return 0;
  const captured = c.amount_captured ?? c.amount;
  return Math.max(0, captured - (c.amount_refunded ?? 0));
}

/**
 * `refund 5.00 USD of ch_1 (20.00 USD charged, 15.00 USD left after this)`. With no amount it refunds
 * what is left; an amount over the remainder is said plainly (the API will refuse it).
 */
export function refundSummary(targetId: string, charge: RefundableCharge | undefined, amount: number | undefined, currency: string | undefined): string {
  const fmt = (minor: number) => (currency ? formatAmount(minor, currency) : `${minor} (minor units)`);
  if (!charge) return amount === undefined ? `refund everything left of ${targetId}` : `refund ${fmt(amount)} of ${targetId}`;
  const left = refundableAmount(charge);
  const refund = amount ?? left;
  const parts: string[] = [];
  if (charge.captured) parts.push(`${fmt(charge.amount_captured ?? charge.amount)} charged`);
  else parts.push(`${fmt(charge.amount)} authorized, not captured`);
  if (charge.amount_refunded > 0) parts.push(`${fmt(charge.amount_refunded)} already refunded`);
  parts.push(refund > left ? `only ${fmt(left)} left to refund` : `${fmt(left - refund)} left after this`);
  return `refund ${fmt(refund)}${amount === undefined ? ' (everything left)' : ''} of ${targetId} (${parts.join(', ')})`;
}

/** `Refunding 0.05 USD of 20.00 USD`: said on a terminal just before the refund is sent. */
export function refundMoneyLine(charge: RefundableCharge | undefined, amount: number | undefined, currency: string): string | undefined {
  const refund = amount ?? (charge ? refundableAmount(charge) : undefined);
  if (refund === undefined) return undefined;
  const of = charge ? ` of ${formatAmount(charge.amount_captured ?? charge.amount, currency)}` : '';
  return `Refunding ${formatAmount(refund, currency)}${of}`;
}
