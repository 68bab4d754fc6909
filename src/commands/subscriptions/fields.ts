// Subscriptions: table columns (customer, plan as amount / interval, status, period end and
// "renews/cancels in N days" by the account's clock), detail view and list filters.
import { id, status, text, time, valueText, type CellContext } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';
import type { CommandContext } from '../context.js';
import { planText } from '../prices/fields.js';

export const SUBSCRIPTION_STATUSES = ['active', 'all', 'canceled', 'ended', 'incomplete', 'incomplete_expired', 'past_due', 'paused', 'trialing', 'unpaid'] as const;
export const ENDED_STATUSES = ['canceled', 'incomplete_expired'];

export interface SubscriptionView {
  id: string;
  status: string;
  customer: string | { id: string; email?: string | null; name?: string | null };
  currency: string;
  cancel_at_period_end?: boolean;
  cancel_at?: number | null;
  ended_at?: number | null;
  latest_invoice?: string | null;
  items: { data: Array<{ id: string; quantity: number; current_period_start: number; current_period_end: number; price: any }> };
}

/** `15.00 USD / month`, `+1 more` when several items. */
export function subscriptionPlan(s: SubscriptionView): string {
  const items = s.items?.data ?? [];
  if (items.length === 0) return '';
  const first = planText(items[0]!.price, items[0]!.quantity);
  return items.length > 1 ? `${first} +${items.length - 1} more` : first;
}

export function periodEnd(s: SubscriptionView): number | undefined {
  return s.items?.data?.[0]?.current_period_end;
}

function inDays(seconds: number): string {
  if (seconds <= 0) return 'now';
  const days = Math.ceil(seconds / 86_400);
  return days === 1 ? 'in 1 day' : `in ${days} days`;
}

/** `renews in 12 days`, `cancels in 3 days`, `ended`: counted from the account's clock. */
export function renewalText(s: SubscriptionView, ctx: Pick<CellContext, 'now'>): string {
  if (ENDED_STATUSES.includes(s.status)) return 'ended';
  const now = Math.floor(ctx.now.getTime() / 1000);
  if (s.cancel_at) return `cancels ${inDays(s.cancel_at - now)}`;
  const end = periodEnd(s);
  if (end === undefined) return '';
  if (s.status === 'incomplete') return 'awaiting payment';
  return `${s.status === 'trialing' ? 'trial ends' : 'renews'} ${inDays(end - now)}`;
}

function customerText(s: SubscriptionView): string {
  return typeof s.customer === 'string' ? s.customer : (s.customer?.email ?? s.customer?.id ?? '');
}

export const subscriptionsSpec: ResourceSpec = {
  command: 'subscriptions',
  description: 'recurring billing: list, change, cancel and resume subscriptions',
  path: '/v1/subscriptions',
  noun: 'subscription',
  idPrefixes: ['sub_'],
  columns: [
    id(),
    text('CUSTOMER', 'customer', { get: (o: SubscriptionView) => valueText(customerText(o)), minWidth: 12 }),
    text('PLAN', 'items.data.0.price.unit_amount', { get: (o: SubscriptionView) => valueText(subscriptionPlan(o)), minWidth: 12 }),
    status(),
    time('PERIOD END', 'items.data.0.current_period_end'),
    text('RENEWAL', 'cancel_at', { get: (o: SubscriptionView, ctx) => valueText(renewalText(o, ctx)), minWidth: 10 }),
  ],
  detail: [
    id(),
    status('Status'),
    text('Customer', 'customer', { get: (o: SubscriptionView) => valueText(customerText(o)) }),
    text('Plan', 'items.data.0.price.unit_amount', { get: (o: SubscriptionView) => valueText(subscriptionPlan(o)) }),
    time('Period start', 'items.data.0.current_period_start'),
    time('Period end', 'items.data.0.current_period_end'),
    text('Renewal', 'cancel_at', { get: (o: SubscriptionView, ctx) => valueText(renewalText(o, ctx)) }),
    text('Collection', 'collection_method'),
    text('Payment method', 'default_payment_method'),
    text('Latest invoice', 'latest_invoice'),
    time('Trial end', 'trial_end'),
    time('Canceled', 'canceled_at'),
    text('Metadata', 'metadata'),
    time('Created'),
  ],
  now: (ctx: CommandContext) => ctx.accountNow(),
  listFilters: [
    { flags: '--customer <id>', param: 'customer', kind: 'customer', description: "only this customer's subscriptions (a cus_… id or an email)" },
    { flags: '--status <status>', param: 'status', description: 'only this status (default: every status but canceled)', choices: SUBSCRIPTION_STATUSES },
    { flags: '--collection-method <method>', param: 'collection_method', description: 'only subscriptions collected this way', choices: ['charge_automatically', 'send_invoice'] },
  ],
  searchable: true,
  examples: {
    list: ['payctl subscriptions list --status past_due', 'payctl subscriptions list --customer ada@example.com'],
    get: ['payctl subscriptions get sub_123', 'payctl subscriptions get sub_123 --expand latest_invoice --json'],
    search: [`payctl subscriptions search "status:'past_due'"`, `payctl subscriptions search "metadata['plan']:'pro'"`],
  },
};
