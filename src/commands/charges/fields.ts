// Charges: table columns, detail view (card, outcome, refunds, failure) and list filters.
import { bool, colorStatus, id, money, painter, text, time, type Column } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';
import { chargeDisputeExtras, disputedColumn } from '../disputes/charge-link.js';

interface ChargeView {
  status?: string;
  captured?: boolean;
  refunded?: boolean;
  amount?: number;
  amount_captured?: number;
  amount_refunded?: number;
  failure_code?: string | null;
  failure_message?: string | null;
  outcome?: { type?: string; seller_message?: string | null; reason?: string | null } | null;
  payment_method_details?: { card?: { brand?: string; last4?: string } | null } | null;
  source?: { brand?: string; last4?: string } | null;
}

/**
 * What became of a charge, where the API's `status` alone says `succeeded` for money that went back or
 * was never taken: `refunded`, `partially refunded`, `uncaptured` (authorized only), else the status.
 */
export function chargeState(o: ChargeView): string {
  const s = o.status ?? '';
  if (s !== 'succeeded') return s;
  if (o.captured === false) return 'uncaptured';
  if (o.refunded || ((o.amount_refunded ?? 0) > 0 && (o.amount_refunded ?? 0) >= (o.amount_captured ?? o.amount ?? Infinity))) return 'refunded';
  if ((o.amount_refunded ?? 0) > 0) return 'partially refunded';
  return s;
}

/** The STATUS column of charges: chargeState, yellow while an authorization waits for capture. */
const chargeStatusColumn = (header: string): Column => ({
  header,
  key: 'status',
  kind: 'status',
  get: (o: ChargeView, ctx) => {
    const state = chargeState(o);
    if (ctx.plain) return state;
    return state === 'uncaptured' ? painter(ctx.color).yellow(state) : colorStatus(state, ctx.color);
  },
});

/** `visa •••• 4242`, from payment_method_details (or the legacy source card). */
export const cardColumn: Column = text('Card', 'payment_method_details.card.last4', {
  get: (o: ChargeView) => {
    const card = o.payment_method_details?.card ?? o.source;
    if (!card?.last4) return '';
    return `${card.brand ?? 'card'} •••• ${card.last4}`;
  },
});

/** `authorized: Payment complete.` or `issuer_declined: insufficient_funds`. */
const outcomeColumn: Column = text('Outcome', 'outcome.type', {
  get: (o: ChargeView) => {
    const out = o.outcome;
    if (!out?.type) return '';
    const why = out.seller_message ?? out.reason;
    return why ? `${out.type}: ${why}` : out.type;
  },
});

/** Only a failed charge has something to say here; the code helps when searching docs. */
const failureColumn: Column = text('Failure', 'failure_message', {
  get: (o: ChargeView) => (o.failure_message ? `${o.failure_message}${o.failure_code ? ` (${o.failure_code})` : ''}` : ''),
});

export const chargeDetail: Column[] = [
  id(),
  money('Amount', 'amount'),
  bool('Captured', 'captured'),
  money('Refunded', 'amount_refunded'),
  disputedColumn,
  chargeStatusColumn('Status'),
  outcomeColumn,
  cardColumn,
  text('Payment intent', 'payment_intent'),
  text('Customer', 'customer'),
  text('Description', 'description'),
  text('Receipt URL', 'receipt_url'),
  failureColumn,
  text('Metadata', 'metadata'),
  time('Created'),
];

export const chargesSpec: ResourceSpec = {
  command: 'charges',
  description: 'look up, create, update and capture charges',
  path: '/v1/charges',
  noun: 'charge',
  idPrefixes: ['ch_', 'py_'],
  columns: [id(), money('AMOUNT', 'amount'), chargeStatusColumn('STATUS'), text('DESCRIPTION', 'description'), text('CUSTOMER', 'customer', { minWidth: 18 }), time('CREATED')],
  detail: chargeDetail,
  listFilters: [
    { flags: '--customer <id>', param: 'customer', kind: 'customer', description: "only this customer's charges (a cus_… id or an email)" },
    { flags: '--payment-intent <id>', param: 'payment_intent', description: 'only charges of this payment intent' },
  ],
  searchable: true,
  detailExtras: chargeDisputeExtras,
  examples: {
    list: ['payctl charges list --limit 20', 'payctl charges list --customer cus_123', 'payctl charges list --payment-intent pi_123 --json', 'payctl charges list --all -o jsonl | jq -r .id'],
    get: ['payctl charges get ch_123', 'payctl charges get ch_123 --expand customer --json'],
    search: [`payctl charges search "amount>=1000 AND status:'succeeded'"`, `payctl charges search "customer:'cus_123' AND refunded:'false'" --all -o jsonl`],
  },
};
