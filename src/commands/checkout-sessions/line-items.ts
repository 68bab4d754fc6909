// Reads `--line-item "name=T-shirt,amount=20.00,currency=usd,quantity=2"` into Checkout's
// `line_items[i][price_data]…` shape, so a one-off product needs no Price object first.
import { parseAmount, parseCurrency } from '../../money/parse.js';
import { UsageError } from '../../errors.js';

export interface CheckoutLineItem {
  price_data: { currency: string; product_data: { name: string; description?: string }; unit_amount: number };
  quantity: number;
}

const KEYS = ['name', 'amount', 'currency', 'quantity', 'description'] as const;
type Key = (typeof KEYS)[number];

const SYNTAX = 'use name=T-shirt,amount=20.00,currency=usd[,quantity=2][,description=…]';

/** Parses one --line-item value; `defaultCurrency` (from --currency) fills a missing currency. */
export function parseLineItem(input: string, defaultCurrency?: string): CheckoutLineItem {
  const bad = (why: string) => new UsageError(`invalid --line-item "${input}": ${why}; ${SYNTAX}`);
  const fields: Partial<Record<Key, string>> = {};
  for (const part of input.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw bad(`"${part.trim()}" is not key=value`);
    const key = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    if (!(KEYS as readonly string[]).includes(key)) throw bad(`unknown key "${key}"`);
    if (fields[key as Key] !== undefined) throw bad(`"${key}" given twice`);
    if (value === '') throw bad(`"${key}" is empty`);
    fields[key as Key] = value;
  }
  if (!fields.name) throw bad('name is missing');
  if (!fields.amount) throw bad('amount is missing');
  const currencyText = fields.currency ?? defaultCurrency;
  if (!currencyText) throw bad('currency is missing');
  const currency = parseCurrency(currencyText);
  const unitAmount = parseAmount(fields.amount, currency);
  let quantity = 1;
  if (fields.quantity !== undefined) {
    if (!/^\d+$/.test(fields.quantity) || Number(fields.quantity) < 1 || Number(fields.quantity) > 999_999) throw bad(`quantity "${fields.quantity}" must be a whole number ≥ 1`);
    quantity = Number(fields.quantity);
  }
  const productData: CheckoutLineItem['price_data']['product_data'] = { name: fields.name };
  if (fields.description !== undefined) productData.description = fields.description;
  return { price_data: { currency, product_data: productData, unit_amount: unitAmount }, quantity };
}
