// Row schema of `refunds create --from-csv`: charge | payment_intent | email, amount, reason,
// metadata.*, idempotency_key. Amounts follow the flag rules, read in the charge's own currency.
import { UsageError } from '../../errors.js';
import { formatAmount } from '../../money/format.js';
import { flagAmount, readAmountFlag, refundableAmount, type RefundableCharge } from '../../money/input.js';
import type { BulkRow, BulkVerb, Lookup, PlanTarget, PreparedRow } from '../runner.js';

const REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'];
const TARGETS = ['charge', 'payment_intent', 'email'] as const;

interface ChargeWithCustomer extends RefundableCharge {
  customer?: string | null;
  disputed?: boolean;
}

/**
 * Why the API will refuse any refund of this charge, from facts the plan already looked up: a failed
 * charge, an uncaptured one (its payment intent is cancelled instead), or a chargeback that is open
 * or lost (an inquiry, `is_charge_refundable`, still allows refunds: docs.stripe.com/disputes).
 * Undefined when a refund may go through.
 */
async function refundBlock(charge: ChargeWithCustomer, lookup: Lookup): Promise<string | undefined> {
  if (charge.status === 'failed') return `charge ${charge.id} failed: there is nothing to refund`;
  if (!charge.captured && charge.payment_intent) return `charge ${charge.id} is not captured: cancel payment intent ${charge.payment_intent} to release it`;
  if (charge.disputed) {
    const disputes = await lookup.get<{ data: Array<{ id: string; status: string; is_charge_refundable: boolean }> }>('/v1/disputes', { charge: charge.id, limit: 1 });
    const dp = disputes?.data[0];
    if (dp && !dp.is_charge_refundable) return `charge ${charge.id} is disputed (${dp.id}, ${dp.status}): a charged-back payment cannot be refunded`;
  }
  return undefined;
}

/** A legacy uncaptured charge (no payment intent): a refund of all of it, and only that, releases the authorization. */
function isHold(charge: ChargeWithCustomer): boolean {
  return !charge.captured && !charge.payment_intent && charge.status === 'succeeded' && !charge.refunded;
}

/** What a refund of this charge can still return: the refundable remainder, or a hold's whole authorization. */
function remainderOf(charge: ChargeWithCustomer): number {
  return isHold(charge) ? charge.amount : refundableAmount(charge);
}

/** An amount cell checked for shape before the currency is known (same rules as --amount). */
function checkAmountShape(text: string): void {
  readAmountFlag(text, 'amount');
}

/**
 * Minor units of an amount cell in the charge's own currency, by the flag rules: a currency written in
 * it must be the charge's, and an integer below the minimum charge is refused as a likely typo.
 */
function amountIn(text: string, currency: string, chargeId: string): number {
  return flagAmount(readAmountFlag(text, 'amount')!, currency, `charge ${chargeId} is in`);
}

async function chargeOf(row: BulkRow, lookup: Lookup): Promise<{ charge: ChargeWithCustomer; target: string; param: Record<string, string> }> {
  const chargeId = row.get('charge');
  const piId = row.get('payment_intent');
  const email = row.get('email');
  if (chargeId) {
    if (!/^(ch|py)_[A-Za-z0-9_]+$/.test(chargeId)) throw new UsageError(`"${chargeId}" is not a charge id (expected ch_…)`);
    const charge = await lookup.get<ChargeWithCustomer>(`/v1/charges/${chargeId}`);
    if (!charge) throw new UsageError(`no such charge ${chargeId}`);
    return { charge, target: chargeId, param: { charge: chargeId } };
  }
  if (piId) {
    if (!/^pi_[A-Za-z0-9_]+$/.test(piId)) throw new UsageError(`"${piId}" is not a payment intent id (expected pi_…)`);
    const pi = await lookup.get<{ latest_charge?: string | { id: string } | null }>(`/v1/payment_intents/${piId}`);
    if (!pi) throw new UsageError(`no such payment intent ${piId}`);
    const latest = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
    if (!latest) throw new UsageError(`payment intent ${piId} has no charge to refund`);
    const charge = await lookup.get<ChargeWithCustomer>(`/v1/charges/${latest}`);
    if (!charge) throw new UsageError(`no such charge ${latest} (of ${piId})`);
    return { charge, target: piId, param: { payment_intent: piId } };
  }
  // An email: the one customer with it, and that customer's most recent payment with money left.
  const customers = await lookup.get<{ data: Array<{ id: string }> }>('/v1/customers', { email, limit: 2 });
  const found = customers?.data ?? [];
  if (found.length === 0) throw new UsageError(`no customer with email ${email}`);
  if (found.length > 1) throw new UsageError(`several customers have email ${email}: use a charge column for this row`);
  const charges = await lookup.get<{ data: ChargeWithCustomer[] }>('/v1/charges', { customer: found[0]!.id, limit: 100 });
  let charge: ChargeWithCustomer | undefined;
  for (const c of charges?.data ?? []) {
    if (refundableAmount(c) > 0 && !(await refundBlock(c, lookup))) {
      charge = c;
      break;
    }
  }
  if (!charge) throw new UsageError(`customer ${found[0]!.id} (${email}) has no payment left to refund`);
  return { charge, target: `${email} → ${charge.id}`, param: { charge: charge.id } };
}

export const refundsVerb: BulkVerb = {
  command: 'refunds create',
  noun: 'refund',
  columns: ['charge', 'payment_intent', 'email', 'amount', 'reason', 'idempotency_key'],
  prefixes: ['metadata.'],
  destructive: true,
  checkHeader(header) {
    if (!TARGETS.some((t) => header.includes(t))) throw new UsageError('the CSV needs a charge, payment_intent or email column');
  },
  async prepare(row, lookup): Promise<PreparedRow> {
    const given = TARGETS.filter((t) => row.get(t) !== '');
    const shown = given.map((t) => row.get(t)).join(' / ') || '(none)';
    const fail = (problem: string): PreparedRow => ({ target: shown, problem });
    if (given.length === 0) return fail('no charge, payment_intent or email');
    if (given.length > 1) return fail(`give only one of ${given.join(', ')}`);
    const amountText = row.get('amount');
    const reason = row.get('reason');
    try {
      if (amountText) checkAmountShape(amountText);
      if (reason && !REASONS.includes(reason)) return fail(`invalid reason "${reason}": use one of ${REASONS.join(', ')}`);
      const { charge, target, param } = await chargeOf(row, lookup);
      const amount = amountText ? amountIn(amountText, charge.currency, charge.id) : undefined;
      if (amount === 0) return { target, problem: 'amount must be greater than 0' };
      const key = row.get('idempotency_key') || undefined;
      const blocked =
        (await refundBlock(charge, lookup)) ??
        (isHold(charge) && amount !== undefined && amount !== charge.amount ? `charge ${charge.id} is not captured: only a refund of all of it (no amount) releases it` : undefined);
      const remainder = remainderOf(charge);
      return {
        target,
        group: charge.id,
        willFail: blocked,
        amount: amount ?? remainder,
        remainder,
        currency: charge.currency,
        idempotencyKey: key,
        request: { method: 'POST', path: '/v1/refunds', params: { ...param, amount, reason: reason || undefined, metadata: row.prefixed('metadata.') } },
      };
    } catch (err) {
      if (err instanceof UsageError) return fail(err.message);
      throw err;
    }
  },
  crossCheck(rows) {
    // Rows of one charge draw on one remainder, in file order. A row over it will fail (and is still
    // sent: a run that crashed may have made it already, and then the API replays it under the same key).
    const left = new Map<string, number>();
    for (const r of rows) {
      if (!r.request || !r.group || r.remainder === undefined || r.willFail) continue;
      if (!left.has(r.group)) left.set(r.group, r.remainder);
      const now = left.get(r.group)!;
      const want = (r.request.params.amount as number | undefined) ?? now;
      r.amount = want;
      if (want === 0 || want > now) {
        r.willFail = want === 0 ? `nothing left to refund on ${r.group}` : `${formatAmount(want, r.currency!)} is more than the ${formatAmount(now, r.currency!)} left on ${r.group}`;
        continue;
      }
      left.set(r.group, now - want);
    }
  },
  async planTargets(rows, lookup): Promise<PlanTarget[]> {
    const byCharge = new Map<string, PreparedRow[]>();
    for (const r of rows) if (r.group) byCharge.set(r.group, [...(byCharge.get(r.group) ?? []), r]);
    const out: PlanTarget[] = [];
    for (const [id, rs] of byCharge) {
      const charge = await lookup.get<ChargeWithCustomer>(`/v1/charges/${id}`);
      if (!charge) continue;
      const refundable = (await refundBlock(charge, lookup)) ? 0 : remainderOf(charge);
      const sent = rs.filter((r) => !r.willFail);
      const failing = rs.length - sent.length;
      const sum = sent.reduce((s, r) => s + (r.amount ?? 0), 0);
      out.push({
        group: id,
        line: `${id}: ${formatAmount(refundable, charge.currency)} refundable, ${sent.length} row${sent.length === 1 ? '' : 's'} refund ${formatAmount(sum, charge.currency)}${failing ? `, ${failing} will fail` : ''}`,
      });
    }
    return out;
  },
  result(body) {
    return { id: String(body?.id ?? ''), amount: typeof body?.amount === 'number' ? body.amount : undefined, currency: typeof body?.currency === 'string' ? body.currency : undefined };
  },
  summary(count, file, totals) {
    return `refund ${count} row${count === 1 ? '' : 's'} from ${file}${totals ? ` (${totals})` : ''}`;
  },
};
