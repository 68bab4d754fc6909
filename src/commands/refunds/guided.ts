// The guided refund for support staff: find the payment (by customer email or name, the card's last 4
// digits, or an id; asking again when nothing matches), check the customer's name, see what is
// refundable, choose full or partial and a reason, confirm a plain summary (default No), and read one
// plain sentence at the end.
import type { CommandContext } from '../context.js';
import type { Prompter } from '../../prompt/types.js';
import type { StripeClient } from '../../client/types.js';
import { StripeApiError } from '../../client/errors.js';
import { loadRefundTarget } from './refundable.js';
import { FRAUDULENT_WARNING, REFUND_REASONS } from './fields.js';
import { CancelError, UsageError } from '../../errors.js';
import { formatAmount } from '../../money/format.js';
import { amountPromptMessage, amountValidator, positive, refundableAmount, refundMoneyLine, refundSummary, type RefundableCharge } from '../../money/input.js';
import { parseMajorAmount } from '../../money/parse.js';
import { formatTimestamp } from '../../output/time.js';
import { displayWidth } from '../../output/text.js';
import { refuseDisputedCharge } from '../disputes/charge-link.js';
import { customersByEmail, customersByName, type CustomerRef } from '../customers/lookup.js';
import { isEmail } from '../resource/checks.js';

export interface GuidedRefundPlan {
  params: { charge: string; amount: number; reason?: string };
  summary: string;
  /** Said just before sending: `Refunding 12.50 USD of 42.00 USD`. */
  money?: string;
  /** The closing sentence, from the refund the API made. */
  finish(refund: { amount?: number }): string;
}

/** A charge as the guided refund reads it: card digits and customer besides the refundable fields. */
interface GuidedCharge extends RefundableCharge {
  customer?: string | { id: string } | null;
  payment_method_details?: { card?: { last4?: string } | null } | null;
  source?: { last4?: string } | null;
}

/** How many recent charges the picker offers: enough for a support call, short enough to scan. */
const PICK_LIMIT = 20;
/** How many recent charges a card's last 4 digits are looked for in. */
const RECENT_CHARGES = 100;

const ID = /^(cus_|ch_|py_|pi_)\S+$/;
const LAST4 = /^\d{4}$/;

/** A lookup that found nothing to refund: said, then the question is asked again. */
class NotFound extends Error {}

export async function guidedRefund(ctx: CommandContext, preset: { reason?: string }): Promise<GuidedRefundPlan> {
  const prompter = await ctx.prompter();
  const client = await ctx.client();
  const say = (line: string) => ctx.f.io.stderr.write(`${line}\n`);

  let found: { charge: GuidedCharge; customer: CustomerRef | undefined };
  for (;;) {
    const lookup = (
      await prompter.input({
        // Short enough for one line at 80 columns, where the answer is typed after it.
        message: 'Customer email or name, card last 4, or a cus_/ch_/pi_ id',
        validate: (v) => (v.trim() === '' ? 'type an email, a name, the last 4 card digits, or an id' : true),
      })
    ).trim();
    try {
      found = await findCharge(ctx, client, prompter, lookup);
      break;
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
      say(`${err.message}; try again (Ctrl-C to stop).`);
    }
  }
  const { charge, customer } = found;
  await refuseDisputedCharge(client, charge);
  const currency = charge.currency;
  const fmt = (minor: number) => formatAmount(minor, currency);

  const left = refundableAmount(charge);
  if (left <= 0) throw new UsageError(`${charge.id} cannot be refunded: ${whyNotRefundable(charge)}`);
  const already = charge.amount_refunded > 0 ? `, ${fmt(charge.amount_refunded)} already refunded` : '';
  // No id here: the pick (or the id typed) just named the charge, and the line should fit 80 columns.
  say(`${fmt(charge.amount_captured ?? charge.amount)} charged ${formatTimestamp(charge.created)}${already}; ${fmt(left)} can be refunded.`);

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
    const atMost = (minor: number) => (minor <= left ? true : `at most ${fmt(left)} is left to refund`);
    const typed = await prompter.input({
      message: `${amountPromptMessage(currency, 'Amount to refund')} (at most ${fmt(left)})`,
      validate: amountValidator(currency, [positive, atMost]),
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
        { name: 'Fraudulent (blocks the card and email)', value: 'fraudulent' },
        { name: 'No reason given', value: '' },
      ],
      default: 'requested_by_customer',
    }));
  if (reason !== '' && !(REFUND_REASONS as readonly string[]).includes(reason)) throw new UsageError(`invalid reason "${reason}"`);
  if (reason === 'fraudulent') say(FRAUDULENT_WARNING);

  const summary = refundSummary(charge.id, charge, amount, currency) + (reason ? `, reason: ${reason.replace(/_/g, ' ')}` : '');
  say(`${summary[0]!.toUpperCase()}${summary.slice(1)}.`);
  // Money leaves the account: like every destructive step, Enter alone means no.
  if (!(await prompter.confirm({ message: 'Proceed?', default: false }))) throw new CancelError('cancelled: nothing was sent');

  const to = customer ? ` to ${customer.name || customer.email || customer.id}` : '';
  return {
    params: { charge: charge.id, amount, reason: reason || undefined },
    summary,
    money: refundMoneyLine(charge, amount, currency),
    finish: (refund) => {
      const refunded = refund.amount ?? amount;
      return `Refunded ${fmt(refunded)}${to} · ${fmt(Math.max(0, left - refunded))} left on ${charge.id}`;
    },
  };
}

/** `Carol Díaz <carol@example.com> (cus_123)`, for checking the right person was found. */
function customerLabel(c: CustomerRef): string {
  return [c.name || '(no name)', c.email ? `<${c.email}>` : '', `(${c.id})`].filter(Boolean).join(' ');
}

function whyNotRefundable(c: RefundableCharge): string {
  if (c.status === 'failed') return 'the payment failed, so nothing was taken';
  if (c.status === 'pending') return 'the payment is still pending';
  if (!c.captured) return `it was authorized but never captured, so nothing was taken${c.payment_intent ? `; release the hold with: payctl payment-intents cancel ${c.payment_intent}` : ''}`;
  return 'it is already fully refunded';
}

/** An API 404 (no such id) becomes NotFound, so the question is asked again. */
async function orNotFound<T>(lookup: string, get: () => Promise<T>): Promise<T> {
  try {
    return await get();
  } catch (err) {
    if (err instanceof StripeApiError && err.status === 404) throw new NotFound(`nothing has the id ${lookup}`);
    throw err;
  }
}

async function findCharge(ctx: CommandContext, client: StripeClient, prompter: Prompter, lookup: string): Promise<{ charge: GuidedCharge; customer: CustomerRef | undefined }> {
  if (lookup.startsWith('ch_') || lookup.startsWith('py_') || lookup.startsWith('pi_')) {
    if (!ID.test(lookup)) throw new NotFound(`"${lookup}" is not an id`);
    const { charge } = await orNotFound(lookup, () => loadRefundTarget(ctx, lookup.startsWith('pi_') ? { paymentIntent: lookup } : { charge: lookup }));
    if (!charge) throw new NotFound(`${lookup} has no charge to refund yet`);
    return { charge, customer: await customerOf(ctx, client, charge as GuidedCharge) };
  }
  if (LAST4.test(lookup)) return pickByCard(ctx, client, prompter, lookup);
  let customer: CustomerRef;
  if (lookup.startsWith('cus_')) {
    if (!ID.test(lookup)) throw new NotFound(`"${lookup}" is not an id`);
    customer = await orNotFound(lookup, () => client.get<CustomerRef>(`/v1/customers/${lookup}`));
  } else {
    const matches = isEmail(lookup) ? await customersByEmail(client, lookup) : await customersByName(client, lookup);
    if (matches.length === 0) throw new NotFound(isEmail(lookup) ? `no customer has the email ${lookup}` : `no customer is named "${lookup}"`);
    customer = matches.length === 1 ? matches[0]! : await pickCustomer(prompter, matches);
  }
  showCustomer(ctx, customer);
  const charges = await client.get<{ data: GuidedCharge[] }>('/v1/charges', { customer: customer.id, limit: RECENT_CHARGES });
  return { charge: await pickCharge(ctx, prompter, charges.data, `${customerLabel(customer)} has no recent refundable payments`), customer };
}

async function pickCustomer(prompter: Prompter, matches: CustomerRef[]): Promise<CustomerRef> {
  const id = await prompter.select({
    message: `${matches.length} customers match; which one?`,
    choices: matches.map((c) => ({ name: customerLabel(c), value: c.id, short: c.id })),
  });
  return matches.find((c) => c.id === id)!;
}

/** Who was found, before anything is chosen, so a support agent can check it is the caller. */
function showCustomer(ctx: CommandContext, customer: CustomerRef): void {
  ctx.f.io.stderr.write(`Customer: ${customerLabel(customer)}\n`);
}

/** The customer of a charge found by id or card, for the name check and the closing sentence. */
async function customerOf(ctx: CommandContext, client: StripeClient, charge: GuidedCharge): Promise<CustomerRef | undefined> {
  const id = typeof charge.customer === 'string' ? charge.customer : charge.customer?.id;
  if (!id) return undefined;
  const customer = await client.get<CustomerRef>(`/v1/customers/${id}`);
  showCustomer(ctx, customer);
  return customer;
}

function last4(c: GuidedCharge): string | undefined {
  return c.payment_method_details?.card?.last4 ?? c.source?.last4;
}

async function pickByCard(ctx: CommandContext, client: StripeClient, prompter: Prompter, digits: string): Promise<{ charge: GuidedCharge; customer: CustomerRef | undefined }> {
  const page = await client.get<{ data: GuidedCharge[] }>('/v1/charges', { limit: RECENT_CHARGES });
  const charge = await pickCharge(ctx, prompter, page.data.filter((c) => last4(c) === digits), `no recent refundable payment was made with a card ending ${digits}`);
  return { charge, customer: await customerOf(ctx, client, charge) };
}

/**
 * Picks one refundable charge. Authorized-but-uncaptured payments are not refundable (nothing was
 * taken), so they are not offered: each is named with the command that releases its hold.
 */
async function pickCharge(ctx: CommandContext, prompter: Prompter, charges: GuidedCharge[], none: string): Promise<GuidedCharge> {
  for (const c of charges.filter((x) => x.status === 'succeeded' && !x.captured)) {
    const release = c.payment_intent ? `; release it with: payctl payment-intents cancel ${c.payment_intent}` : '';
    ctx.f.io.stderr.write(`${formatAmount(c.amount, c.currency)} on ${c.id} was authorized but never captured (nothing to refund)${release}\n`);
  }
  const refundable = charges.filter((c) => refundableAmount(c) > 0).slice(0, PICK_LIMIT);
  if (refundable.length === 0) throw new NotFound(none);
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
