// `payctl subscriptions cancel`: now or at period end, optionally refunding the unused part of the last
// paid invoice. On a terminal with nothing given it is the support flow: find the subscription by the
// customer's email, name or id, show plan and period, ask when and whether to refund, summarise, and
// confirm (default No). The refund goes through POST /v1/refunds with an idempotency key tied to the
// invoice, so a rerun never refunds twice.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { StripeClient } from '../../client/types.js';
import { addRequestFlags, checkId, printJson, printObject, requestParams, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { CancelError, UsageError } from '../../errors.js';
import { formatAmount } from '../../money/format.js';
import { formatTimestamp } from '../../output/time.js';
import { valueText } from '../../output/columns.js';
import { ENDED_STATUSES, periodEnd, renewalText, subscriptionPlan, subscriptionsSpec as spec, type SubscriptionView } from './fields.js';
import { refundsSpec } from '../refunds/fields.js';
import { customersByEmail, customersByName, type CustomerRef } from '../customers/lookup.js';
import { isEmail } from '../resource/checks.js';

export interface CancelFlags extends RequestFlagValues {
  atPeriodEnd?: boolean;
  refundUnused?: boolean;
  prorate?: boolean;
  invoiceNow?: boolean;
  comment?: string;
}

interface InvoiceView {
  id: string;
  status: string;
  billing_reason?: string;
  amount_paid: number;
  currency: string;
  payments?: { data: Array<{ payment?: { payment_intent?: string } }> };
}

export interface UnusedPart {
  amount: number;
  paid: number;
  currency: string;
  invoice: string;
  paymentIntent: string;
}

/**
 * The unused part of what was paid for the current period: paid × (period end − now) ÷ (period end −
 * period start), whole seconds, exact in BigInt and rounded half up once (the sandbox prorates the same way).
 */
export function unusedAmount(paid: number, start: number, end: number, now: number): number {
  if (end <= start || now >= end) return 0;
  const remaining = BigInt(Math.min(end - Math.max(now, start), end - start));
  const total = BigInt(end - start);
  return Number((BigInt(paid) * remaining * 2n + total) / (2n * total));
}

/**
 * What refunding the unused part would give back, or a reason it cannot. The invoice is the newest
 * paid one that billed a whole period (billing_reason subscription_create or subscription_cycle), not a
 * proration invoice in between.
 */
async function unusedPart(client: StripeClient, sub: SubscriptionView, now: number): Promise<UnusedPart | string> {
  const page = await client.get<{ data: InvoiceView[] }>('/v1/invoices', { subscription: sub.id, status: 'paid', limit: 20, expand: ['data.payments'] });
  const inv = page.data.find((i) => i.billing_reason === 'subscription_create' || i.billing_reason === 'subscription_cycle');
  if (!inv || inv.amount_paid <= 0) return 'no paid invoice of a billing period';
  const pi = inv.payments?.data?.[0]?.payment?.payment_intent;
  if (!pi) return `its last invoice ${inv.id} was paid outside Stripe`;
  const item = sub.items.data[0]!;
  const amount = unusedAmount(inv.amount_paid, item.current_period_start, item.current_period_end, now);
  if (amount <= 0) return 'nothing of the current period is left unused';
  return { amount, paid: inv.amount_paid, currency: inv.currency, invoice: inv.id, paymentIntent: pi };
}

async function findCustomer(ctx: CommandContext, client: StripeClient): Promise<string> {
  const prompter = await ctx.prompter();
  for (let attempt = 0; attempt < 5; attempt++) {
    const typed = (await prompter.input({ message: 'Customer (email, name or cus_… id)', validate: (v) => (v.trim() ? true : 'type an email, a name or a customer id') })).trim();
    if (/^cus_\S+$/.test(typed)) return typed;
    const found: CustomerRef[] = isEmail(typed) ? await customersByEmail(client, typed) : await customersByName(client, typed);
    if (found.length === 1) return found[0]!.id;
    if (found.length === 0) {
      ctx.f.io.stderr.write(`No customer matches ${valueText(typed)}.\n`);
      continue;
    }
    const label = (c: CustomerRef) => [c.name, c.email && `<${c.email}>`].filter(Boolean).map((v) => valueText(v)).join(' ') || '(no name)';
    return prompter.select({ message: 'Which customer?', choices: found.map((c) => ({ name: `${label(c)}  ${c.id}`, value: c.id, short: c.id })) });
  }
  throw new CancelError('cancelled: no customer found');
}

async function pickSubscription(ctx: CommandContext, client: StripeClient, customer: string): Promise<SubscriptionView> {
  const page = await client.get<{ data: SubscriptionView[] }>(spec.path, { customer, limit: 20 });
  const live = page.data.filter((s) => !ENDED_STATUSES.includes(s.status));
  if (live.length === 0) throw new UsageError(`customer ${customer} has no subscription to cancel`);
  if (live.length === 1) return live[0]!;
  const prompter = await ctx.prompter();
  const id = await prompter.select({
    message: 'Which subscription?',
    choices: live.map((s) => ({ name: `${s.id}  ${valueText(subscriptionPlan(s))}  ${s.status}`, value: s.id, short: s.id })),
  });
  return live.find((s) => s.id === id)!;
}

interface Plan {
  sub: SubscriptionView;
  atPeriodEnd: boolean;
  refund?: UnusedPart;
}

async function guidedPlan(ctx: CommandContext, o: CancelFlags): Promise<Plan> {
  const client = await ctx.client();
  const prompter = await ctx.prompter();
  const err = ctx.f.io.stderr;
  const customer = await findCustomer(ctx, client);
  const sub = await pickSubscription(ctx, client, customer);
  const nowDate = await ctx.accountNow();
  const now = Math.floor(nowDate.getTime() / 1000);
  const item = sub.items.data[0]!;
  err.write(
    `Subscription ${valueText(sub.id)}: ${valueText(subscriptionPlan(sub))}, ${valueText(sub.status)}, ` +
      `period ${formatTimestamp(item.current_period_start)} → ${formatTimestamp(item.current_period_end)} (${renewalText(sub, { now: nowDate })})\n`,
  );
  const when = o.atPeriodEnd
    ? 'end'
    : await prompter.select({
        message: 'Cancel when?',
        choices: [
          { name: `At the period end (${formatTimestamp(item.current_period_end)}); it stays active until then`, value: 'end', short: 'at period end' },
          { name: 'Now', value: 'now', short: 'now' },
        ],
      });
  const plan: Plan = { sub, atPeriodEnd: when === 'end' };
  if (!plan.atPeriodEnd) {
    const unused = await unusedPart(client, sub, now);
    if (typeof unused === 'string') err.write(`No refund offered: ${unused}.\n`);
    else if (o.refundUnused || (await prompter.confirm({ message: `Refund the unused part, ${formatAmount(unused.amount, unused.currency)} of ${formatAmount(unused.paid, unused.currency)} paid on ${unused.invoice}?`, default: false }))) {
      plan.refund = unused;
    }
  }
  err.write(`${summaryOf(plan)}\n`);
  if (!(await prompter.confirm({ message: 'Proceed?', default: false }))) throw new CancelError('cancelled: nothing was sent');
  return plan;
}

function summaryOf(plan: Plan): string {
  const end = periodEnd(plan.sub);
  const what = plan.atPeriodEnd ? `cancel subscription ${plan.sub.id} at the period end${end ? ` (${formatTimestamp(end)})` : ''}` : `cancel subscription ${plan.sub.id} now`;
  return plan.refund ? `${what}, and refund ${formatAmount(plan.refund.amount, plan.refund.currency)} of invoice ${plan.refund.invoice}` : what;
}

export function newCancelCommand(group: Command, ctx: CommandContext): Command {
  const cmd = group
    .command('cancel')
    .description('cancel a subscription now or at the period end (guided on a terminal when no id is given)')
    .argument('[id]', 'subscription id')
    .option('--at-period-end', 'keep it active until the current period ends')
    .option('--refund-unused', 'when cancelling now: refund the unused part of the last paid invoice')
    .option('--prorate', 'when cancelling now: leave a credit for the unused time on the customer (no refund)')
    .option('--invoice-now', 'when cancelling now: bill pending items (such as that credit) at once')
    .option('--comment <text>', 'why, stored in cancellation_details');
  addRequestFlags(cmd, { mutation: true });
  withExamples(cmd, [
    'payctl subscriptions cancel   # guided: find it by email or name',
    'payctl subscriptions cancel sub_123 --at-period-end',
    'payctl subscriptions cancel sub_123 --refund-unused --yes',
  ]);
  cmd.action(async (subId: string | undefined, o: CancelFlags) => {
    if (o.atPeriodEnd && (o.refundUnused || o.prorate || o.invoiceNow)) throw new UsageError('--refund-unused, --prorate and --invoice-now apply only when cancelling now (without --at-period-end)');
    if (o.comment !== undefined && o.comment.length > 500) throw new UsageError('--comment is limited to 500 characters');
    let plan: Plan;
    let confirmed = false;
    if (subId === undefined) {
      if (!ctx.f.io.canPrompt || !ctx.globals().input) throw new UsageError('missing subscription id (give sub_… or run on a terminal to find it by customer)');
      plan = await guidedPlan(ctx, o);
      confirmed = true;
    } else {
      checkId(subId, spec);
      const client = await ctx.client();
      const sub = await client.get<SubscriptionView>(`${spec.path}/${encodeURIComponent(subId)}`);
      if (ENDED_STATUSES.includes(sub.status)) throw new UsageError(`${sub.id} is already ${sub.status}`);
      plan = { sub, atPeriodEnd: Boolean(o.atPeriodEnd) };
      if (o.refundUnused) {
        const unused = await unusedPart(client, sub, Math.floor((await ctx.accountNow()).getTime() / 1000));
        if (typeof unused === 'string') throw new UsageError(`--refund-unused: ${unused}`);
        plan.refund = unused;
      }
    }
    const destructive = !plan.atPeriodEnd;
    // The guided flow already confirmed its summary (default No); the live-mode guard may still ask.
    await ctx.confirmMutation({ summary: summaryOf(plan), destructive: destructive && !confirmed });
    const client = await ctx.client();
    const details = o.comment !== undefined ? { cancellation_details: { comment: o.comment } } : {};
    const res = plan.atPeriodEnd
      ? await client.request({ method: 'POST', path: `${spec.path}/${plan.sub.id}`, params: await requestParams(o, { cancel_at_period_end: true, ...details }), idempotencyKey: o.idempotencyKey })
      : await client.request({ method: 'DELETE', path: `${spec.path}/${plan.sub.id}`, params: await requestParams(o, { prorate: o.prorate, invoice_now: o.invoiceNow, ...details }), idempotencyKey: o.idempotencyKey });
    let refund: unknown;
    if (plan.refund) {
      ctx.note(`Refunding ${formatAmount(plan.refund.amount, plan.refund.currency)} of ${formatAmount(plan.refund.paid, plan.refund.currency)}`);
      const r = await client.request({
        method: 'POST',
        path: refundsSpec.path,
        params: { payment_intent: plan.refund.paymentIntent, amount: plan.refund.amount, reason: 'requested_by_customer', metadata: { subscription: plan.sub.id, invoice: plan.refund.invoice } },
        idempotencyKey: `payctl-cancel-refund-${plan.refund.invoice}`,
      });
      refund = r.body;
    }
    if (ctx.output().format !== 'table') {
      await printJson(ctx, plan.refund ? { subscription: res.body, refund } : res.body);
      return;
    }
    await printObject(ctx, res.body, spec.detail, await ctx.accountNow());
    if (refund) {
      const r = refund as { id: string; amount: number; currency: string; status: string };
      ctx.f.io.stdout.write(`refund ${r.id}: ${formatAmount(r.amount, r.currency)} ${r.status}\n`);
    }
  });
  return cmd;
}
