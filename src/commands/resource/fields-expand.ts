// `--fields customer.email` reads inside another object, which the API sends as an id unless asked
// to expand it: this works out the `expand[]` each --fields path needs, from the expandable
// properties of each object (docs.stripe.com/api/expanding_objects), so nobody has to add `-e`.
import { ID_PREFIXES } from '../../id-prefixes.js';

/** Stripe expands at most four levels (`a.b.c.d`); a list's leading `data.` does not count. */
export const MAX_EXPAND_DEPTH = 4;

/**
 * Expandable properties per object type → the type they expand into (`?` when it varies, which
 * stops the walk), `list:` for includable lists read as `refunds.data.0.amount`. Dotted keys are
 * properties inside a plain hash (`invoice_settings.default_payment_method`).
 */
const EXPANDABLE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  charge: {
    customer: 'customer', payment_intent: 'payment_intent', balance_transaction: 'balance_transaction',
    failure_balance_transaction: 'balance_transaction', application: '?', application_fee: '?', on_behalf_of: '?',
    review: '?', source_transfer: '?', transfer: '?', refunds: 'list:refund',
  },
  refund: {
    charge: 'charge', payment_intent: 'payment_intent', balance_transaction: 'balance_transaction',
    failure_balance_transaction: 'balance_transaction', source_transfer_reversal: '?', transfer_reversal: '?',
  },
  payment_intent: {
    customer: 'customer', latest_charge: 'charge', payment_method: 'payment_method', application: '?', on_behalf_of: '?', review: '?',
  },
  customer: { default_source: '?', 'invoice_settings.default_payment_method': 'payment_method', test_clock: '?' },
  invoice: {
    customer: 'customer', default_payment_method: 'payment_method', default_source: '?', subscription: '?', on_behalf_of: '?',
    application: '?', latest_revision: 'invoice', test_clock: '?',
  },
  invoiceitem: { customer: 'customer', invoice: 'invoice', test_clock: '?' },
  payout: {
    balance_transaction: 'balance_transaction', failure_balance_transaction: 'balance_transaction', destination: '?',
    original_payout: 'payout', reversed_by: 'payout',
  },
  balance_transaction: { source: '?' },
  'checkout.session': {
    customer: 'customer', invoice: 'invoice', payment_intent: 'payment_intent', setup_intent: '?', subscription: '?',
    payment_link: '?', line_items: 'list:item',
  },
  payment_method: { customer: 'customer' },
};

/** The object type of a collection path (`/v1/charges/ch_1/capture` → charge), from the id-prefix table. */
export function objectTypeForPath(path: string): string | undefined {
  let best: { path: string; type: string } | undefined;
  for (const p of ID_PREFIXES) {
    if (!p.path || !p.type || !(path === p.path || path.startsWith(`${p.path}/`))) continue;
    if (!best || p.path.length > best.path.length) best = { path: p.path, type: p.type };
  }
  return best?.type;
}

/**
 * The expand paths that --fields needs on an object of `type`: every proper prefix of a field
 * path that names an expandable property (`payment_intent.customer.email` → `payment_intent`,
 * `payment_intent.customer`), within the depth limit. For a list, each gets the `data.` prefix.
 */
export function expandsForFields(type: string | undefined, fields: readonly string[], opts: { list?: boolean } = {}): string[] {
  const out = new Set<string>();
  for (const field of fields) {
    const segs = field.split('.');
    let cur = type;
    let base = 0;
    // The expand path so far: the field path without list indexes (`refunds.data.charge`).
    let expanded: string[] = [];
    for (let i = 0; i < segs.length - 1 && cur && cur !== '?'; i++) {
      const target = EXPANDABLE[cur]?.[segs.slice(base, i + 1).join('.')];
      if (target === undefined) continue; // a plain hash (billing_details.address…): keep walking
      const path = [...expanded, ...segs.slice(base, i + 1)];
      if (path.length > MAX_EXPAND_DEPTH) break;
      out.add(path.join('.'));
      expanded = path;
      cur = target;
      base = i + 1;
      if (cur.startsWith('list:')) {
        // `refunds.data.0.amount`: the list's items, then on inside one of them.
        if (segs[i + 1] !== 'data' || !/^\d+$/.test(segs[i + 2] ?? '')) break;
        cur = cur.slice('list:'.length);
        expanded = [...expanded, 'data'];
        i += 2;
        base = i + 1;
      }
    }
  }
  return [...out].map((p) => (opts.list ? `data.${p}` : p));
}

/** Adds what --fields needs to `params.expand`, keeping what the user asked for with -e. */
export function addFieldExpands(params: Record<string, unknown>, type: string | undefined, fields: readonly string[] | undefined, opts: { list?: boolean } = {}): void {
  if (!fields || fields.length === 0) return;
  const needed = expandsForFields(type, fields, opts);
  if (needed.length === 0) return;
  const existing = Array.isArray(params.expand) ? (params.expand as string[]) : [];
  params.expand = [...existing, ...needed.filter((p) => !existing.includes(p))];
}
