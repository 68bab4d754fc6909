// What a charge has left to refund, how to find the charge behind a refund target, and the
// plain-language sentence every refund confirmation shows.
import type { CommandContext } from '../context.js';
import { formatAmount } from '../../money/format.js';

/** The charge fields a refund decision reads. */
export interface RefundableCharge {
  id: string;
  amount: number;
  amount_captured?: number;
  amount_refunded: number;
  captured: boolean;
  currency: string;
  status: string;
  refunded?: boolean;
  created: number;
  description?: string | null;
  payment_intent?: string | null;
}

/** Refundable remainder = captured − already refunded (STRIPE_API.md §8.6). */
export function refundableAmount(c: RefundableCharge): number {
  if (c.status !== 'succeeded' || !c.captured) return 0;
  const captured = c.amount_captured ?? c.amount;
  return Math.max(0, captured - (c.amount_refunded ?? 0));
}

/**
 * `refund 5.00 USD of ch_1 (20.00 USD charged, 15.00 USD left after this)`. With no amount it refunds
 * what is left; an amount over the remainder is said plainly (the API will refuse it).
 */
export function refundSummary(targetId: string, charge: RefundableCharge | undefined, amount: number | undefined, currency: string | undefined): string {
  const fmt = (minor: number) => (currency ? formatAmount(minor, currency) : `${minor} (minor units)`);
  if (!charge) return amount === undefined ? `refund everything left of ${targetId}` : `refund ${fmt(amount)} of ${targetId}`;
  const left = refundableAmount(charge);
  const refund = amount ?? left;
  const parts: string[] = [];
  if (charge.captured) parts.push(`${fmt(charge.amount_captured ?? charge.amount)} charged`);
  else parts.push(`${fmt(charge.amount)} authorized, not captured`);
  if (charge.amount_refunded > 0) parts.push(`${fmt(charge.amount_refunded)} already refunded`);
  parts.push(refund > left ? `only ${fmt(left)} left to refund` : `${fmt(left - refund)} left after this`);
  return `refund ${fmt(refund)}${amount === undefined ? ' (everything left)' : ''} of ${targetId} (${parts.join(', ')})`;
}

/** `Refunding 0.05 USD of 20.00 USD`: said on a terminal just before the refund is sent. */
export function refundMoneyLine(charge: RefundableCharge | undefined, amount: number | undefined, currency: string): string | undefined {
  const refund = amount ?? (charge ? refundableAmount(charge) : undefined);
  if (refund === undefined) return undefined;
  const of = charge ? ` of ${formatAmount(charge.amount_captured ?? charge.amount, currency)}` : '';
  return `Refunding ${formatAmount(refund, currency)}${of}`;
}

interface PaymentIntentRef {
  id: string;
  currency: string;
  latest_charge?: string | { id: string } | null;
}

/** The charge behind a charge or payment-intent id (undefined when a PI has not been charged yet). */
export async function loadRefundTarget(ctx: CommandContext, target: { charge?: string; paymentIntent?: string }): Promise<{ charge: RefundableCharge | undefined; currency: string }> {
  const client = await ctx.client();
  if (target.charge) {
    const charge = await client.get<RefundableCharge>(`/v1/charges/${target.charge}`);
    return { charge, currency: charge.currency };
  }
  const pi = await client.get<PaymentIntentRef>(`/v1/payment_intents/${target.paymentIntent}`);
  const latest = typeof pi.latest_charge === 'string' ? pi.latest_charge : pi.latest_charge?.id;
  if (!latest) return { charge: undefined, currency: pi.currency };
  const charge = await client.get<RefundableCharge>(`/v1/charges/${latest}`);
  return { charge, currency: charge.currency };
}

