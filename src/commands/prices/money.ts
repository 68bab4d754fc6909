// The money flags of a price (`--price`/`--amount`, `--currency`, `--recurring`, `--interval-count`),
// checked and converted to API fields before any request. Whole numbers are minor units, as in the API;
// a decimal point means major units of --currency.
import { UsageError } from '../../errors.js';
import { flagAmount, readAmountFlag } from '../../money/input.js';
import { parseCurrency } from '../../money/parse.js';
import { parseIntFlag } from '../resource/builder.js';
import { INTERVALS } from './fields.js';

export interface PriceMoneyFlags {
  price?: string;
  amount?: string;
  currency?: string;
  recurring?: string;
  intervalCount?: string;
}

const MAX_COUNT: Record<string, number> = { day: 365, week: 52, month: 12, year: 1 };

/** `{currency, unit_amount, recurring?}` from the flags (`--price` on products, `--amount` on prices). */
export function priceFields(o: PriceMoneyFlags, amountFlag: '--price' | '--amount' = '--price'): Record<string, unknown> {
  const text = amountFlag === '--price' ? o.price : o.amount;
  const amount = readAmountFlag(text, amountFlag);
  if (!amount) throw new UsageError(`missing required flag: ${amountFlag}`);
  const written = amount.text.currency;
  if (o.currency === undefined && written === undefined) {
    // Both ways to say it work, so the message shows both (the flag alone reads as the only way).
    const given = amount.text.input.trim();
    throw new UsageError(`${amountFlag} ${given} needs a currency: add --currency usd or write ${amountFlag} '${given} usd'`);
  }
  const currency = parseCurrency(o.currency ?? written!);
  const unit = flagAmount(amount, currency, '--currency is');
  const out: Record<string, unknown> = { currency, unit_amount: unit };
  if (o.recurring !== undefined) {
    if (!(INTERVALS as readonly string[]).includes(o.recurring)) throw new UsageError(`invalid --recurring "${o.recurring}": use one of ${INTERVALS.join(', ')}`);
    const count = parseIntFlag(o.intervalCount, '--interval-count', { min: 1, max: MAX_COUNT[o.recurring]! });
    out.recurring = { interval: o.recurring, ...(count !== undefined ? { interval_count: count } : {}) };
  } else if (o.intervalCount !== undefined) {
    throw new UsageError('--interval-count needs --recurring');
  }
  return out;
}
