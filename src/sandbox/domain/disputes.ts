// Disputes (docs.stripe.com/disputes, /api/disputes, /testing#disputes): the dispute test cards open a
// Dispute on the tick after their charge is captured, withdraw the amount plus the dispute fee, and move
// through evidence, review and a decision on the sandbox clock. Integers only (minor units).
import type { StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing } from '../core/errors.js';
import { mergeMetadata } from '../core/validate.js';
import { currencyExponent } from '../../money/currencies.js';
import { recordTransaction, toSettlement } from './ledger.js';
import { scheduleAt } from './schedule.js';
import { EVIDENCE_FIELDS } from '../../dispute-evidence.js';

/** A dispute opens this long after its charge is captured: 0 = on the account's next request (its tick). */
export const DISPUTE_OPEN_DELAY_SECONDS = 0;
/** Evidence is due at 23:59:59 UTC of the day this many days after the dispute opens. */
export const DISPUTE_RESPONSE_DAYS = 7;
/** Submitted evidence is decided this long after submission (the test evidence values pick the outcome). */
export const DISPUTE_DECISION_SECONDS = 60;

/** Stripe's test evidence values (in `evidence[uncategorized_text]`). */
export const WINNING_EVIDENCE = 'winning_evidence';
export const LOSING_EVIDENCE = 'losing_evidence';

/** Which catalogue cards dispute, and how (Stripe's testing docs: docs.stripe.com/testing#disputes). */
const DISPUTE_CARDS: Record<string, { reason: string; inquiry: boolean; networkReasonCode: string }> = {
  createDispute: { reason: 'fraudulent', inquiry: false, networkReasonCode: '10.4' },
  createDisputeProductNotReceived: { reason: 'product_not_received', inquiry: false, networkReasonCode: '13.1' },
  createDisputeInquiry: { reason: 'general', inquiry: true, networkReasonCode: '' },
};


/** Stripe's limit on the combined characters of all evidence fields. */
const EVIDENCE_MAX_CHARS = 150_000;

/**
 * The dispute fee, in minor units of the charge's currency (a sandbox table, not Stripe's per-country
 * list): 15.00 in two-decimal currencies (15.00 USD as in the US), 1,500 in zero-decimal ones
 * (JPY, KRW …), 15.000 in three-decimal ones.
 */
export function disputeFee(currency: string): number {
  const exponent = currencyExponent(currency);
  return exponent === 0 ? 1500 : 15 * 10 ** exponent;
}

const SCHEDULE = 'money:dispute_schedule';

interface Scheduled {
  /** A charge id for `open`, a dispute id otherwise. */
  id: string;
  at: number;
  action: 'open' | 'decide' | 'expire';
}

function readSchedule(tx: Tx): Scheduled[] {
  const raw = tx.getMeta(SCHEDULE);
  return raw ? (JSON.parse(raw) as Scheduled[]) : [];
}

function schedule(tx: Tx, item: Scheduled): void {
  tx.setMeta(SCHEDULE, JSON.stringify([...readSchedule(tx), item]));
  scheduleAt(tx, item.at);
}

/** Called when a charge is captured: a dispute test card schedules its dispute. */
export function scheduleDisputeForCard(tx: Tx, charge: StripeObject, cardName: string | undefined): void {
  if (!cardName || !DISPUTE_CARDS[cardName]) return;
  tx.setMeta(`dispute_card:${charge.id}`, cardName);
  schedule(tx, { id: charge.id, at: tx.now() + DISPUTE_OPEN_DELAY_SECONDS, action: 'open' });
}

export function requireDispute(tx: Tx, id: string): StripeObject {
  const dp = tx.get('dispute', id);
  if (!dp) throw resourceMissing('dispute', id);
  return dp;
}

function endOfDayAfter(t: number, days: number): number {
  return Math.floor((t + days * 86_400) / 86_400) * 86_400 + 86_399;
}

function emptyEvidence(): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  for (const k of EVIDENCE_FIELDS) e[k] = null;
  e.enhanced_evidence = {};
  return e;
}

/** The balance transaction with the dispute fee described as Stripe describes it. */
function disputeTransaction(tx: Tx, dp: StripeObject, amount: number, fee: number, category: 'dispute' | 'dispute_reversal', description: string): StripeObject {
  // A charge that settled in another currency is withdrawn (and reinstated) at the same fixed rate, and
  // the fee is the settlement currency's.
  const settled = toSettlement(amount, dp.currency);
  const settledFee = fee === 0 || settled.exchangeRate === null ? fee : disputeFee(settled.currency);
  const txn = recordTransaction(tx, {
    amount: settled.amount,
    currency: settled.currency,
    exchangeRate: settled.exchangeRate,
    type: 'adjustment',
    reportingCategory: category,
    source: dp.id,
    description,
    fee: settledFee,
  });
  if (settledFee === 0) return txn;
  return tx.update('balance_transaction', {
    ...txn,
    fee_details: [{ amount: settledFee, application: null, currency: settled.currency, description: 'Dispute fee', type: 'stripe_fee' }],
  });
}

/** Opens the dispute of a captured charge (tick work for `open`). */
function openDispute(tx: Tx, charge: StripeObject): StripeObject | undefined {
  const card = DISPUTE_CARDS[tx.getMeta(`dispute_card:${charge.id}`) ?? ''];
  if (!card || charge.disputed || !charge.captured) return undefined;
  const amount = charge.amount_captured - charge.amount_refunded;
  // A charge refunded in full before the dispute arrives can no longer be disputed.
  if (amount <= 0) return undefined;
  const now = tx.now();
  const card4 = charge.payment_method_details?.card ?? {};
  const dp: StripeObject = {
    id: tx.ids.make('dp', 24),
    object: 'dispute',
    amount,
    balance_transactions: [],
    charge: charge.id,
    created: now,
    currency: charge.currency,
    enhanced_eligibility_types: [],
    evidence: emptyEvidence(),
    evidence_details: {
      due_by: endOfDayAfter(now, DISPUTE_RESPONSE_DAYS),
      enhanced_eligibility: {},
      has_evidence: false,
      past_due: false,
      submission_count: 0,
      submission_method: 'not_submitted',
    },
    intended_submission_method: null,
    is_charge_refundable: card.inquiry,
    livemode: false,
    metadata: {},
    network_reason_code: card.networkReasonCode || null,
    payment_intent: charge.payment_intent ?? null,
    payment_method_details: {
      card: { brand: card4.brand ?? 'visa', case_type: card.inquiry ? 'inquiry' : 'chargeback', network: card4.network ?? card4.brand ?? 'visa', network_reason_code: card.networkReasonCode || null },
      type: 'card',
    },
    reason: card.reason,
    status: card.inquiry ? 'warning_needs_response' : 'needs_response',
  };
  // Inquiries move no money; a chargeback withdraws the amount and the fee at once, so the available
  // balance can go negative and payouts cannot spend the withdrawn funds.
  if (!card.inquiry) {
    const fee = disputeFee(dp.currency);
    dp.balance_transactions = [disputeTransaction(tx, dp, -amount, fee, 'dispute', `Chargeback withdrawal for ${charge.id}`)];
  }
  tx.insert('dispute', dp);
  tx.update('charge', { ...charge, disputed: true });
  schedule(tx, { id: dp.id, at: dp.evidence_details.due_by, action: 'expire' });
  tx.emit('charge.dispute.created', dp);
  if (!card.inquiry) tx.emit('charge.dispute.funds_withdrawn', dp);
  return dp;
}

function closeAs(tx: Tx, dp: StripeObject, status: 'won' | 'lost' | 'warning_closed', extra: Partial<StripeObject> = {}): StripeObject {
  let balanceTransactions = dp.balance_transactions;
  if (status === 'won' && balanceTransactions.length > 0) {
    // Stripe's current rule (support.stripe.com/topics/disputes): a won dispute returns the disputed
    // amount; the dispute fee itself is not returned.
    balanceTransactions = [...balanceTransactions, disputeTransaction(tx, dp, dp.amount, 0, 'dispute_reversal', `Chargeback reversal for ${dp.charge}`)];
  }
  // A closed inquiry leaves the charge refundable; a decided chargeback does not.
  const closed = tx.update('dispute', { ...dp, ...extra, status, balance_transactions: balanceTransactions, is_charge_refundable: status === 'warning_closed' });
  if (status === 'won' && balanceTransactions.length > dp.balance_transactions.length) tx.emit('charge.dispute.funds_reinstated', closed);
  tx.emit('charge.dispute.closed', closed, { status: dp.status });
  return closed;
}

export interface DisputeUpdateParams {
  evidence?: Record<string, string>;
  metadata?: Record<string, string>;
  submit?: boolean;
  intended_submission_method?: string;
}

const OPEN_FOR_EVIDENCE = new Set(['needs_response', 'warning_needs_response']);

/** `POST /v1/disputes/:id`: saves evidence (a draft with submit=false) and submits it (the default). */
export function updateDispute(tx: Tx, dp: StripeObject, p: DisputeUpdateParams): StripeObject {
  const touchesEvidence = p.evidence !== undefined || p.submit === true;
  if (touchesEvidence && !OPEN_FOR_EVIDENCE.has(dp.status)) {
    throw invalidRequest(
      `This dispute has a status of ${dp.status}, so evidence can no longer be changed or submitted. Evidence can be submitted only while a dispute has a status of needs_response or warning_needs_response.`,
    );
  }
  const evidence = { ...dp.evidence };
  for (const [k, v] of Object.entries(p.evidence ?? {})) evidence[k] = v === '' ? null : v;
  let chars = 0;
  for (const k of EVIDENCE_FIELDS) chars += typeof evidence[k] === 'string' ? (evidence[k] as string).length : 0;
  if (chars > EVIDENCE_MAX_CHARS) {
    throw invalidRequest(`The combined character count of all evidence fields is limited to ${EVIDENCE_MAX_CHARS.toLocaleString('en-US')}; this evidence has ${chars.toLocaleString('en-US')}.`, { param: 'evidence' });
  }
  const next: StripeObject = {
    ...dp,
    evidence,
    metadata: mergeMetadata(dp.metadata, p.metadata),
    ...(p.intended_submission_method !== undefined ? { intended_submission_method: p.intended_submission_method } : {}),
  };
  const hasEvidence = EVIDENCE_FIELDS.some((k) => typeof evidence[k] === 'string' && evidence[k] !== '');
  next.evidence_details = { ...dp.evidence_details, has_evidence: hasEvidence };
  // Updating evidence submits it unless submit=false (Stripe's default is true); metadata alone does not.
  const submit = touchesEvidence && p.submit !== false;
  if (submit) {
    next.status = dp.status === 'warning_needs_response' ? 'warning_under_review' : 'under_review';
    next.evidence_details = { ...next.evidence_details, submission_count: dp.evidence_details.submission_count + 1, submission_method: 'manual' };
    const text = typeof evidence.uncategorized_text === 'string' ? evidence.uncategorized_text.trim() : '';
    // Inquiries close after review whatever the evidence; chargebacks only with Stripe's test values.
    if (next.status === 'warning_under_review' || text === WINNING_EVIDENCE || text === LOSING_EVIDENCE) {
      schedule(tx, { id: dp.id, at: tx.now() + DISPUTE_DECISION_SECONDS, action: 'decide' });
    }
  }
  const previous: Record<string, unknown> = {};
  for (const k of Object.keys(next)) if (JSON.stringify(next[k]) !== JSON.stringify(dp[k])) previous[k] = dp[k];
  tx.update('dispute', next);
  if (Object.keys(previous).length > 0) tx.emit('charge.dispute.updated', next, previous);
  return next;
}

/** `POST /v1/disputes/:id/close`: accepts the loss (an inquiry just closes). Irreversible. */
export function closeDispute(tx: Tx, dp: StripeObject): StripeObject {
  if (dp.status === 'warning_needs_response' || dp.status === 'warning_under_review') return closeAs(tx, dp, 'warning_closed');
  if (dp.status !== 'needs_response') {
    throw invalidRequest(
      `This dispute has a status of ${dp.status}, so it cannot be closed. Only a dispute with a status of needs_response or warning_needs_response can be closed.`,
    );
  }
  return closeAs(tx, dp, 'lost');
}

/** Refunds are refused while a charge's chargeback is open or lost (inquiries still allow them). */
export function checkRefundAllowed(tx: Tx, charge: StripeObject): void {
  if (!charge.disputed) return;
  const page = tx.list('dispute', { limit: 1, where: { charge: charge.id } });
  const dp = page.data[0];
  if (dp && !dp.is_charge_refundable) {
    throw invalidRequest(`Charge ${charge.id} has been charged back; cannot issue a refund.`, { code: 'charge_disputed' });
  }
}

function decide(tx: Tx, dp: StripeObject): void {
  if (dp.status === 'warning_under_review') {
    closeAs(tx, dp, 'warning_closed');
    return;
  }
  if (dp.status !== 'under_review') return;
  const text = typeof dp.evidence.uncategorized_text === 'string' ? dp.evidence.uncategorized_text.trim() : '';
  if (text === WINNING_EVIDENCE) closeAs(tx, dp, 'won');
  else if (text === LOSING_EVIDENCE) closeAs(tx, dp, 'lost');
}

/** At `due_by`: an unanswered chargeback is lost, an unanswered inquiry closes. */
function expire(tx: Tx, dp: StripeObject): void {
  const details = { ...dp.evidence_details, past_due: true };
  if (dp.status === 'needs_response') closeAs(tx, dp, 'lost', { evidence_details: details });
  else if (dp.status === 'warning_needs_response') closeAs(tx, dp, 'warning_closed', { evidence_details: details });
}

/** Tick work: opens, decides and expires the disputes that are due; returns the next due time. */
export function advanceDisputes(tx: Tx, now: number): number {
  const items = readSchedule(tx);
  if (items.length === 0) return Infinity;
  const later: Scheduled[] = [];
  const due: Scheduled[] = [];
  for (const item of items) (item.at > now ? later : due).push(item);
  // Work done here may schedule more (an opened dispute's expiry): keep what was added meanwhile.
  tx.setMeta(SCHEDULE, JSON.stringify(later));
  for (const item of due.sort((a, b) => a.at - b.at)) {
    if (item.action === 'open') {
      const charge = tx.get('charge', item.id);
      if (charge) openDispute(tx, charge);
      continue;
    }
    const dp = tx.get('dispute', item.id);
    if (!dp) continue;
    if (item.action === 'decide') decide(tx, dp);
    else expire(tx, dp);
  }
  return readSchedule(tx).reduce((m, i) => Math.min(m, i.at), Infinity);
}
