// Prices: table columns (amount in major units with its currency, and the interval), detail view, filters.
import { bool, id, text, time, valueText } from '../../output/columns.js';
import { formatAmount } from '../../money/format.js';
import type { ResourceSpec } from '../resource/spec.js';

export const INTERVALS = ['day', 'week', 'month', 'year'] as const;

interface PriceLike {
  currency?: string;
  unit_amount?: number | null;
  unit_amount_decimal?: string | null;
  recurring?: { interval: string; interval_count: number } | null;
}

/** `15.00 USD`, or the exact decimal minor units when the price has a fraction of a minor unit. */
export function unitText(p: PriceLike): string {
  if (typeof p.unit_amount === 'number') return formatAmount(p.unit_amount, p.currency ?? 'usd');
  if (p.unit_amount_decimal) return `${p.unit_amount_decimal} (minor units) ${String(p.currency ?? '').toUpperCase()}`;
  return '';
}

/** `month`, `3 months`, or `one-time`. */
export function intervalText(p: PriceLike): string {
  const r = p.recurring;
  if (!r) return 'one-time';
  return r.interval_count === 1 ? r.interval : `${r.interval_count} ${r.interval}s`;
}

/** `15.00 USD / month` (× quantity when more than one). */
export function planText(p: PriceLike, quantity = 1): string {
  const qty = quantity > 1 ? ` × ${quantity}` : '';
  return p.recurring ? `${unitText(p)} / ${intervalText(p)}${qty}` : `${unitText(p)}${qty}`;
}

export const pricesSpec: ResourceSpec = {
  command: 'prices',
  description: 'one-time and recurring prices of products',
  path: '/v1/prices',
  noun: 'price',
  idPrefixes: ['price_'],
  columns: [
    id(),
    text('AMOUNT', 'unit_amount', { get: (o: PriceLike) => valueText(unitText(o)), width: 'fixed' }),
    text('INTERVAL', 'recurring.interval', { get: (o: PriceLike) => valueText(intervalText(o)), width: 'fixed' }),
    text('PRODUCT', 'product', { minWidth: 19 }),
    bool('ACTIVE', 'active'),
    text('LOOKUP KEY', 'lookup_key'),
    time('CREATED'),
  ],
  detail: [
    id(),
    text('Product', 'product'),
    text('Amount', 'unit_amount', { get: (o: PriceLike) => valueText(unitText(o)) }),
    text('Interval', 'recurring.interval', { get: (o: PriceLike) => valueText(intervalText(o)) }),
    text('Type', 'type'),
    bool('Active', 'active'),
    text('Nickname', 'nickname'),
    text('Lookup key', 'lookup_key'),
    text('Metadata', 'metadata'),
    time('Created'),
  ],
  listFilters: [
    { flags: '--product <id>', param: 'product', description: "only this product's prices" },
    { flags: '--active <bool>', param: 'active', kind: 'bool', description: 'only active (true) or archived (false) prices', choices: ['true', 'false'] },
    { flags: '--type <type>', param: 'type', description: 'one_time or recurring', choices: ['one_time', 'recurring'] },
    { flags: '--recurring <interval>', param: 'recurring[interval]', description: 'only prices billed every day, week, month or year', choices: INTERVALS },
    { flags: '--lookup-key <key>', param: 'lookup_keys[0]', description: 'only the price with this lookup key' },
  ],
  searchable: true,
  examples: {
    list: ['payctl prices list --product prod_123', 'payctl prices list --recurring month --active true'],
    get: ['payctl prices get price_123'],
    search: [`payctl prices search "product:'prod_123' AND active:'true'"`],
  },
};

