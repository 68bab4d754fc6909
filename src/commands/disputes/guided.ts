// The guided answer for support staff: show the dispute, its charge and customer, ask for the few
// evidence fields Stripe recommends for the reason (prefilled from what is known), show a summary and
// confirm (default No) before anything is sent.
import type { CommandContext } from '../context.js';
import { EVIDENCE_LABELS, NEEDS_RESPONSE, recommendedEvidence, targetNow, dueText, type DisputeView } from './fields.js';
import { CancelError, UsageError } from '../../errors.js';
import { formatAmount } from '../../money/format.js';
import { formatTimestamp } from '../../output/time.js';
import { valueText } from '../../output/columns.js';

interface Customer {
  id: string;
  name?: string | null;
  email?: string | null;
}

interface ChargeView {
  id: string;
  amount: number;
  currency: string;
  created: number;
  description?: string | null;
  receipt_email?: string | null;
  billing_details?: { name?: string | null; email?: string | null } | null;
  payment_method_details?: { card?: { brand?: string; last4?: string } | null } | null;
  customer?: string | Customer | null;
}

export interface GuidedAnswerPlan {
  evidence: Record<string, string>;
  summary: string;
}

/** Longest evidence value echoed in the summary before it is cut with '…'. */
const SUMMARY_VALUE_WIDTH = 60;

export async function guidedAnswer(ctx: CommandContext, disputeId: string, opts: { draft: boolean }): Promise<GuidedAnswerPlan> {
  const client = await ctx.client();
  const prompter = await ctx.prompter();
  const dp = await client.get<DisputeView>(`/v1/disputes/${encodeURIComponent(disputeId)}`, { expand: ['charge', 'charge.customer'] });
  const charge = (typeof dp.charge === 'string' ? undefined : dp.charge) as ChargeView | undefined;
  const customer = charge && typeof charge.customer === 'object' && charge.customer ? charge.customer : undefined;
  const err = ctx.f.io.stderr;
  const now = await targetNow(ctx);
  const due = dueText(dp, { now, color: ctx.output().color, detail: true });
  const money = (minor: number) => formatAmount(minor, dp.currency);

  // Everything from the API reaches the terminal through the cell sanitiser (valueText).
  err.write(`Dispute ${valueText(dp.id)}: ${money(dp.amount)}, reason ${valueText(dp.reason.replace(/_/g, ' '))}, status ${valueText(dp.status)}${due ? `, ${due}` : ''}\n`);
  if (charge) {
    const card = charge.payment_method_details?.card;
    const cardText = card?.last4 ? `, ${valueText(card.brand ?? 'card')} •••• ${valueText(card.last4)}` : '';
    err.write(`Charge ${valueText(charge.id)}: ${formatAmount(charge.amount, charge.currency)} on ${formatTimestamp(charge.created)}${cardText}${charge.description ? `, ${valueText(charge.description)}` : ''}\n`);
  }
  if (customer) err.write(`Customer ${valueText(customer.id)}: ${[customer.name, customer.email].filter(Boolean).map((v) => valueText(v)).join(', ') || 'no name or email on file'}\n`);

  if (!NEEDS_RESPONSE.includes(dp.status)) {
    throw new UsageError(`${dp.id} has a status of ${dp.status}: evidence can be given only while a dispute needs a response`);
  }

  const known: Record<string, string | null | undefined> = {
    customer_name: customer?.name ?? charge?.billing_details?.name,
    customer_email_address: customer?.email ?? charge?.receipt_email ?? charge?.billing_details?.email,
    product_description: charge?.description,
  };
  const evidence: Record<string, string> = {};
  err.write('Answer what you can; press Enter to keep the value shown, or leave a field empty to skip it.\n');
  for (const field of recommendedEvidence(dp.reason)) {
    const saved = dp.evidence?.[field];
    const start = typeof saved === 'string' && saved !== '' ? saved : (known[field] ?? undefined);
    const answer = (await prompter.input({ message: EVIDENCE_LABELS[field] ?? field, default: start ? valueText(start) : undefined })).trim();
    if (answer !== '') evidence[field] = answer;
  }
  if (Object.keys(evidence).length === 0) throw new UsageError('no evidence given: nothing was sent');

  const width = Math.max(...Object.keys(evidence).map((k) => (EVIDENCE_LABELS[k] ?? k).length));
  const lines = Object.entries(evidence).map(([k, v]) => {
    const label = (EVIDENCE_LABELS[k] ?? k).padEnd(width);
    const text = valueText(v.replace(/\s+/g, ' '));
    return `  ${label}  ${text.length > SUMMARY_VALUE_WIDTH ? `${text.slice(0, SUMMARY_VALUE_WIDTH - 1)}…` : text}`;
  });
  const action = opts.draft ? `Save as a draft on ${dp.id}` : `Submit to the bank for ${dp.id} (${money(dp.amount)})`;
  err.write(`${action}:\n${lines.join('\n')}\n`);
  if (!opts.draft) err.write('Submitted evidence is final: it cannot be changed afterwards.\n');
  const ok = await prompter.confirm({ message: opts.draft ? 'Save this draft?' : 'Submit this evidence now?', default: false });
  if (!ok) throw new CancelError('cancelled: nothing was sent');
  const n = Object.keys(evidence).length;
  return {
    evidence,
    summary: `${opts.draft ? 'save' : 'submit'} ${n} evidence field${n === 1 ? '' : 's'} for dispute ${dp.id}`,
  };
}
