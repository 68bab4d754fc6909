// How to find the charge behind a refund target (a charge or a payment intent id). What it has left
// to refund and the sentences a refund says live with the rest of the money rules, in money/input.ts.
import type { CommandContext } from '../context.js';
import type { RefundableCharge } from '../../money/input.js';

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

