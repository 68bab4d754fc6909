// Input checks shared by charges, refunds and payment intents: amounts whose currency lives on the
// server (checked for shape before any request, the object fetched only when a decimal needs its
// exponent), amounts typed at prompts, emails, and prompt validators built from flag checks.
import { UsageError } from '../../errors.js';
import { currencyExponent } from '../../money/currencies.js';
import { parseAmount, parseAmountWithCurrency } from '../../output/money.js';

/** An `--amount` checked for shape: either already in minor units, or a decimal awaiting its currency. */
export type AmountInput = { minor: number } | { decimal: string };

const BARE_DECIMAL = /^\s*\d+\.\d+\s*$/;

/**
 * Reads an amount flag whose currency is not known yet. Integers (and values with their own currency
 * suffix) are final now; a bare decimal waits for resolveAmount. Malformed input is a UsageError here.
 */
export function readAmount(input: string | undefined): AmountInput | undefined {
  if (input === undefined) return undefined;
  if (BARE_DECIMAL.test(input)) return { decimal: input };
  return { minor: parseAmount(input, undefined) };
}

/** Minor units of a read amount, fetching the currency (one GET) only for a bare decimal. */
export async function resolveAmount(a: AmountInput, currencyOf: () => Promise<string>): Promise<number> {
  if ('minor' in a) return a.minor;
  return parseAmount(a.decimal, await currencyOf());
}

/**
 * Under --dry-run nothing is sent, not even the look-up of an object's currency (the client would print
 * that GET instead of the mutation): a bare decimal amount is then a usage error asking for minor units.
 */
export function checkDryRunAmount(dryRun: boolean, a: AmountInput | undefined, noun: string): void {
  if (dryRun && a && 'decimal' in a) {
    throw new UsageError(`with --dry-run, give --amount in minor units (e.g. 1500): the ${noun}'s currency cannot be looked up`);
  }
}

/**
 * What support staff type at a prompt: major units always (`5` is 5.00 USD, `5.5` is 5.50 USD, `500`
 * JPY is ¥500), unlike flags, where a whole number is minor units as in the API.
 */
export function parseMajorAmount(input: string, currency: string): number {
  const text = input.trim();
  if (/^\d+$/.test(text) && currencyExponent(currency) > 0) return parseAmount(`${text}.0`, currency);
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`invalid amount ${JSON.stringify(input)}: type it in ${currency.toUpperCase()}, e.g. ${currencyExponent(currency) > 0 ? '5.00' : '500'}`);
  return parseAmount(text, currency);
}

/**
 * Checks an amount typed before its currency is known (interactive create): a bare decimal may have
 * up to three places (the widest currencies); the exact check runs once the currency is chosen.
 */
export function checkAmountShape(input: string): true | string {
  if (BARE_DECIMAL.test(input)) return input.trim().split('.')[1]!.length <= 3 ? true : `invalid amount ${JSON.stringify(input)}: too many decimal places`;
  try {
    parseAmountWithCurrency(input, undefined);
    return true;
  } catch (err) {
    return err instanceof Error ? err.message : 'invalid amount';
  }
}

/** A plausible email address (something@domain.tld): enough to catch a typo before any request. */
export function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

/** Usage error for a malformed email, so a typo fails before any request. */
export function checkEmailFlag(value: string | undefined, flag: string): string | undefined {
  if (value !== undefined && value !== '' && !isEmail(value)) throw new UsageError(`invalid ${flag} "${value}"`);
  return value;
}

/** A prompt validator from a check that throws: the error's message is what the user sees. */
export function validating(check: (value: string) => unknown): (value: string) => true | string {
  return (value) => {
    try {
      check(value);
      return true;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  };
}
