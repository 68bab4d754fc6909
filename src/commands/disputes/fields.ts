// Disputes: the queue table (amount, reason, status, customer, due in N days), the detail view, the
// evidence fields Stripe accepts and the few it recommends per reason, and the sandbox clock.
import { bool, id, money, painter, renderCell, status, text, time, type CellContext, type Column } from '../../output/columns.js';
import { formatTimestamp } from '../../output/time.js';
import type { ResourceSpec } from '../resource/spec.js';
import type { CommandContext } from '../context.js';
import type { StripeClient } from '../../client/types.js';

export interface DisputeView {
  id: string;
  amount: number;
  currency: string;
  reason: string;
  status: string;
  charge: string | { id: string; customer?: string | { id: string; name?: string | null; email?: string | null } | null; [k: string]: unknown };
  payment_intent: string | { id: string } | null;
  evidence: Record<string, unknown>;
  evidence_details: { due_by: number | null; has_evidence: boolean; past_due: boolean; submission_count: number };
  is_charge_refundable: boolean;
  balance_transactions: Array<{ net: number; currency: string }>;
  metadata: Record<string, string>;
  created: number;
}

/** Statuses that wait on the merchant: the queue. */
export const NEEDS_RESPONSE: readonly string[] = ['needs_response', 'warning_needs_response'];


/** Plain-language questions for the guided answer. */
export const EVIDENCE_LABELS: Record<string, string> = {
  customer_name: 'Customer name',
  customer_email_address: 'Customer email',
  billing_address: 'Billing address',
  customer_purchase_ip: 'IP address the purchase came from',
  product_description: 'What was sold (product or service)',
  shipping_carrier: 'Shipping carrier',
  shipping_tracking_number: 'Tracking number',
  shipping_date: 'Shipping date',
  shipping_address: 'Shipping address',
  duplicate_charge_id: 'The other charge this one looks like (ch_…)',
  duplicate_charge_explanation: 'Why the two charges are different',
  cancellation_policy_disclosure: 'How the customer was shown the cancellation policy',
  cancellation_rebuttal: 'Why the subscription was not cancelled',
  refund_policy_disclosure: 'How the customer was shown the refund policy',
  refund_refusal_explanation: 'Why the customer is not owed a refund',
  access_activity_log: 'Proof the customer used or downloaded it (logs, IPs, times)',
  service_date: 'Date the service was provided',
  uncategorized_text: 'Anything else the bank should know',
};

/**
 * The few fields worth asking for per reason, after Stripe's guidance on what wins each dispute type
 * (docs.stripe.com/disputes/categories). Everything else stays available through --evidence.
 */
export const RECOMMENDED_EVIDENCE: Record<string, readonly string[]> = {
  fraudulent: ['customer_name', 'customer_email_address', 'billing_address', 'customer_purchase_ip', 'product_description', 'uncategorized_text'],
  product_not_received: ['product_description', 'shipping_carrier', 'shipping_tracking_number', 'shipping_date', 'shipping_address', 'uncategorized_text'],
  product_unacceptable: ['product_description', 'refund_policy_disclosure', 'refund_refusal_explanation', 'uncategorized_text'],
  duplicate: ['duplicate_charge_id', 'duplicate_charge_explanation', 'uncategorized_text'],
  subscription_canceled: ['cancellation_policy_disclosure', 'cancellation_rebuttal', 'uncategorized_text'],
  credit_not_processed: ['refund_policy_disclosure', 'refund_refusal_explanation', 'uncategorized_text'],
  unrecognized: ['customer_name', 'customer_email_address', 'product_description', 'uncategorized_text'],
  general: ['customer_name', 'customer_email_address', 'product_description', 'uncategorized_text'],
};

export function recommendedEvidence(reason: string): readonly string[] {
  return RECOMMENDED_EVIDENCE[reason] ?? ['product_description', 'uncategorized_text'];
}

const DAY = 86_400;
const HOUR = 3_600;

/**
 * `due in 6 days`, `due in 5 hours`, `overdue by 2 days` (red) while the dispute waits on the merchant;
 * empty once answered or closed. CSV gets the deadline as an ISO time.
 */
export function dueText(o: DisputeView, ctx: CellContext): string {
  const due = o.evidence_details?.due_by;
  if (typeof due !== 'number') return '';
  if (ctx.plain) return new Date(due * 1000).toISOString().replace('.000Z', 'Z');
  if (!NEEDS_RESPONSE.includes(o.status)) return '';
  const left = due - Math.floor(ctx.now.getTime() / 1000);
  const c = painter(ctx.color);
  const when = ctx.detail ? ` (${formatTimestamp(due)})` : '';
  if (left < 0) {
    const late = -left;
    return c.red(`overdue by ${late >= DAY ? plural(Math.floor(late / DAY), 'day') : plural(Math.max(1, Math.floor(late / HOUR)), 'hour')}`) + when;
  }
  const text = left >= DAY ? `due in ${plural(Math.floor(left / DAY), 'day')}` : `due in ${plural(Math.max(1, Math.floor(left / HOUR)), 'hour')}`;
  return (left < 2 * DAY ? c.yellow(text) : text) + when;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/** The charge's customer, when the list expanded `data.charge` (or `charge.customer`). */
function customerText(o: DisputeView): string {
  const ch = o.charge;
  if (!ch || typeof ch === 'string') return '';
  const cus = ch.customer;
  if (!cus) return '';
  if (typeof cus === 'string') return cus;
  return cus.email ?? cus.name ?? cus.id;
}

function idOf(v: string | { id: string } | null | undefined): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : v.id;
}

const dueColumn: Column = { header: 'DUE', key: 'evidence_details.due_by', get: dueText, width: 'fixed' };
const reasonColumn: Column = text('REASON', 'reason', { get: (o: DisputeView, ctx) => (ctx.plain ? (o.reason ?? '') : (o.reason ?? '').replace(/_/g, ' ')) });

/** Sums what the dispute has taken from (and returned to) the balance, fee included. */
const balanceEffect: Column = {
  header: 'Balance effect',
  key: 'balance_transactions',
  kind: 'money',
  get: (o: DisputeView, ctx) => {
    const txns = o.balance_transactions ?? [];
    if (txns.length === 0) return ctx.plain ? '0' : 'none';
    const net = txns.reduce((s, t) => s + t.net, 0);
    return renderMoney(net, o.currency, ctx);
  },
};

/** Through the money column renderer, so amounts read exactly like every other table. */
function renderMoney(minor: number, currency: string, ctx: CellContext): string {
  return renderCell(money('', 'v', 'c'), { v: minor, c: currency }, ctx);
}

export const disputeColumns: Column[] = [
  id(),
  money('AMOUNT', 'amount'),
  reasonColumn,
  status(),
  text('CUSTOMER', 'charge.customer', { get: customerText, minWidth: 12 }),
  dueColumn,
];

export const disputeDetail: Column[] = [
  id(),
  money('Amount', 'amount'),
  { ...reasonColumn, header: 'Reason' },
  status('Status'),
  { ...dueColumn, header: 'Evidence due' },
  text('Charge', 'charge', { get: (o: DisputeView) => idOf(o.charge) }),
  text('Payment intent', 'payment_intent', { get: (o: DisputeView) => idOf(o.payment_intent) }),
  text('Customer', 'charge.customer', { get: customerText }),
  bool('Evidence saved', 'evidence_details.has_evidence'),
  text('Submissions', 'evidence_details.submission_count'),
  bool('Refundable', 'is_charge_refundable'),
  balanceEffect,
  text('Metadata', 'metadata'),
  time('Created'),
];

/**
 * The time deadlines count from: the sandbox's own clock when the target is a sandbox (it can be
 * advanced), else the local clock.
 */
export async function targetNow(ctx: CommandContext): Promise<Date> {
  return ctx.accountNow();
}

export const disputesSpec: ResourceSpec = {
  command: 'disputes',
  description: 'the dispute queue: what is due, answer with evidence, or accept the loss',
  path: '/v1/disputes',
  noun: 'dispute',
  idPrefixes: ['dp_', 'du_'],
  columns: disputeColumns,
  detail: disputeDetail,
  now: targetNow,
  listFilters: [
    { flags: '--charge <id>', param: 'charge', description: "only this charge's dispute" },
    { flags: '--payment-intent <id>', param: 'payment_intent', description: "only this payment intent's disputes" },
  ],
  examples: {
    list: [
      'payctl disputes list --needs-response',
      'payctl disputes list --charge ch_123',
      'payctl disputes list --payment-intent pi_123 --json',
      'payctl disputes list --all -o jsonl | jq -r .id',
    ],
    get: ['payctl disputes get dp_123', 'payctl disputes get dp_123 --expand charge --json'],
  },
};
