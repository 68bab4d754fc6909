// The guided refund for support staff: find the payment (by customer email or id, charge or payment
// intent), show what is refundable, choose full or partial and a reason, and confirm a plain summary.
import type { CommandContext } from '../context.js';
import type { Prompter } from '../../prompt/types.js';
import type { StripeClient } from '../../client/types.js';
import { confirmSummary } from '../resource/builder.js';
import { parseMajorAmount } from '../charges/input.js';
import { loadRefundTarget, refundableAmount, refundSummary, type RefundableCharge } from './refundable.js';
import { REFUND_REASONS } from './fields.js';
import { UsageError } from '../../errors.js';
import { formatAmount } from '../../output/money.js';
import { formatTimestamp } from '../../output/time.js';
import { displayWidth } from '../../output/text.js';
import { currencyExponent } from '../../money/currencies.js';
import { refuseDisputedCharge } from '../disputes/charge-link.js';

export interface GuidedRefundPlan {
  params: { charge: string; amount: number; reason?: string };
  summary: string;
}

interface Customer {
  id: string;
  name?: string | null;
  email?: string | null;
}

/** How many recent charges the picker offers: enough for a support call, short enough to scan. */
const PICK_LIMIT = 20;

const LOOKUP = /^(cus_|ch_|py_|pi_)\S+$|^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function guidedRefund(ctx: CommandContext, preset: { reason?: string }): Promise<GuidedRefundPlan> {
  const prompter = await ctx.prompter();
  const client = await ctx.client();
  const lookup = (
    await prompter.input({
      // Short enough for one line at 80 columns, where the answer is typed after it.
      message: 'Customer email, or a cus_…, ch_… or pi_… id',
      validate: (v) => (LOOKUP.test(v.trim()) ? true : 'enter an email like ada@example.com, or an id starting cus_, ch_ or pi_'),
    })
  ).trim();
  const charge = await findCharge(ctx, client, prompter, lookup);
  await refuseDisputedCharge(client, charge);
  const currency = charge.currency;
  const fmt = (minor: number) => formatAmount(minor, currency);

  const left = refundableAmount(charge);
  if (left <= 0) throw new UsageError(`${charge.id} cannot be refunded: ${whyNotRefundable(charge)}`);
  const already = charge.amount_refunded > 0 ? `, ${fmt(charge.amount_refunded)} already refunded` : '';
  // No id here: the pick (or the id typed) just named the charge, and the line should fit 80 columns.
  ctx.note(`${fmt(charge.amount_captured ?? charge.amount)} charged ${formatTimestamp(charge.created)}${already}; ${fmt(left)} can be refunded.`);

  const how = await prompter.select({
    message: 'Refund how much?',
    choices: [
      { name: `Everything left: ${fmt(left)}`, value: 'full' },
      { name: 'Part of it (type an amount)', value: 'partial' },
    ],
    default: 'full',
  });
  let amount = left;
  if (how === 'partial') {
    const example = currencyExponent(currency) > 0 ? '5.00' : '500';
    const typed = await prompter.input({
      message: `Amount to refund in ${currency.toUpperCase()} (e.g. ${example}; at most ${fmt(left)})`,
      validate: (v) => checkPartial(v, currency, left),
    });
    amount = parseMajorAmount(typed, currency);
  }

  const reason =
    preset.reason ??
    (await prompter.select<string>({
      message: 'Reason',
      choices: [
        { name: 'Requested by customer', value: 'requested_by_customer' },
        { name: 'Duplicate payment', value: 'duplicate' },
        { name: 'Fraudulent', value: 'fraudulent' },
        { name: 'No reason given', value: '' },
      ],
      default: 'requested_by_customer',
    }));
  if (reason !== '' && !(REFUND_REASONS as readonly string[]).includes(reason)) throw new UsageError(`invalid reason "${reason}"`);

  const summary = refundSummary(charge.id, charge, amount, currency) + (reason ? `, reason: ${reason.replace(/_/g, ' ')}` : '');
  await confirmSummary(ctx, `${summary[0]!.toUpperCase()}${summary.slice(1)}.`);
  return { params: { charge: charge.id, amount, reason: reason || undefined }, summary };
}

/** A typed partial amount: major units, more than zero, at most what is left. */
function checkPartial(value: string, currency: string, left: number): true | string {
  let minor: number;
  try {
    minor = parseMajorAmount(value, currency);
  } catch (err) {
    return err instanceof Error ? err.message : 'invalid amount';
  }
  if (minor <= 0) return 'the amount must be more than zero';
  if (minor > left) return `at most ${formatAmount(left, currency)} is left to refund`;
  return true;
}

function whyNotRefundable(c: RefundableCharge): string {
  if (c.status === 'failed') return 'the payment failed, so nothing was taken';
  if (c.status === 'pending') return 'the payment is still pending';
  if (!c.captured) return 'it was authorized but never captured (cancel the payment intent instead)';
  return 'it is already fully refunded';
}

async function findCharge(ctx: CommandContext, client: StripeClient, prompter: Prompter, lookup: string): Promise<RefundableCharge> {
  if (lookup.startsWith('ch_') || lookup.startsWith('py_')) return client.get<RefundableCharge>(`/v1/charges/${lookup}`);
  if (lookup.startsWith('pi_')) {
    const { charge } = await loadRefundTarget(ctx, { paymentIntent: lookup });
    if (!charge) throw new UsageError(`${lookup} has no charge to refund yet`);
    return charge;
  }
  const customerId = lookup.startsWith('cus_') ? lookup : await findCustomerByEmail(client, prompter, lookup);
  return pickCharge(client, prompter, customerId);
}

async function findCustomerByEmail(client: StripeClient, prompter: Prompter, email: string): Promise<string> {
  const page = await client.get<{ data: Customer[] }>('/v1/customers', { email, limit: 10 });
  if (page.data.length === 0) throw new UsageError(`no customer has the email ${email}`);
  if (page.data.length === 1) return page.data[0]!.id;
  return prompter.select({
    message: `${page.data.length} customers have this email; which one?`,
    choices: page.data.map((c) => ({ name: `${c.id}  ${c.name ?? ''}`.trimEnd(), value: c.id })),
  });
}

async function pickCharge(client: StripeClient, prompter: Prompter, customerId: string): Promise<RefundableCharge> {
  const page = await client.get<{ data: RefundableCharge[] }>('/v1/charges', { customer: customerId, limit: 100 });
  const refundable = page.data.filter((c) => refundableAmount(c) > 0).slice(0, PICK_LIMIT);
  if (refundable.length === 0) throw new UsageError(`${customerId} has no recent refundable charges`);
  const id = await prompter.select({
    message: 'Which payment?',
    // Once picked, the answer line shows amount and id only, so it stays on one line too.
    choices: refundable.map((c) => ({ name: chargeChoice(c), value: c.id, short: `${formatAmount(c.amount, c.currency)}  ${c.id}` })),
  });
  return refundable.find((c) => c.id === id)!;
}

/** Longest description shown in a choice, so amount, date and id stay on one 80-column line. */
const CHOICE_DESCRIPTION_WIDTH = 20;

/**
 * `20.00 USD  2026-11-25  Order 42  ch_123`, plus `15.00 USD left` when part is already refunded.
 * A wrapped choice splits its id across lines, so the description is cut to fit.
 */
function chargeChoice(c: RefundableCharge): string {
  const left = refundableAmount(c);
  const date = formatTimestamp(c.created).slice(0, 10);
  const parts = [formatAmount(c.amount, c.currency), date, clip(c.description || '(no description)', CHOICE_DESCRIPTION_WIDTH)];
  if (left !== (c.amount_captured ?? c.amount)) parts.push(`${formatAmount(left, c.currency)} left`);
  return [...parts, c.id].join('  ');
}

function clip(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (displayWidth(line) <= width) return line;
  let out = '';
  for (const ch of line) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}
