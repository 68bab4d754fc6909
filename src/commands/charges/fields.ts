// Charges: table columns, detail view (card, outcome, refunds, failure) and list filters.
import { bool, id, money, status, text, time, type Column } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';
import { chargeDisputeExtras, disputedColumn } from '../disputes/charge-link.js';

interface ChargeView {
  status?: string;
  failure_code?: string | null;
  failure_message?: string | null;
  outcome?: { type?: string; seller_message?: string | null; reason?: string | null } | null;
  payment_method_details?: { card?: { brand?: string; last4?: string } | null } | null;
  source?: { brand?: string; last4?: string } | null;
}

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
  status('Status'),
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
  columns: [id(), money('AMOUNT', 'amount'), status(), text('DESCRIPTION', 'description'), text('CUSTOMER', 'customer', { minWidth: 18 }), time('CREATED')],
  detail: chargeDetail,
  listFilters: [
    { flags: '--customer <id>', param: 'customer', description: "only this customer's charges" },
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
