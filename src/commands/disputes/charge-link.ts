// What charges and refunds need to know about disputes: a charge's dispute (the API's charge has only a
// `disputed` flag, no dispute id), the "Disputed" row of `charges get`, and the guided refund's refusal.
import type { StripeClient } from '../../client/types.js';
import { text, type Column } from '../../output/columns.js';
import { UsageError } from '../../errors.js';

interface DisputeRef {
  id: string;
  status: string;
  is_charge_refundable: boolean;
}

/** The charge's newest dispute, or undefined (also when disputes cannot be listed with this key). */
export async function disputeOf(client: StripeClient, charge: { id: string; disputed?: boolean }): Promise<DisputeRef | undefined> {
  if (!charge.disputed) return undefined;
  try {
    const page = await client.get<{ data: DisputeRef[] }>('/v1/disputes', { charge: charge.id, limit: 1 });
    return page.data[0];
  } catch {
    return undefined;
  }
}

/** `charges get` detail extras: the dispute behind `disputed: true`. */
export async function chargeDisputeExtras(client: StripeClient, charge: { id: string; disputed?: boolean }): Promise<Record<string, unknown>> {
  const dp = await disputeOf(client, charge);
  return dp ? { payctl_dispute: dp } : {};
}

/** `yes: dp_123 (needs_response)` / `no`. */
export const disputedColumn: Column = text('Disputed', 'disputed', {
  get: (o: { disputed?: boolean; payctl_dispute?: DisputeRef }) => {
    if (!o.disputed) return o.disputed === false ? 'no' : '';
    return o.payctl_dispute ? `yes: ${o.payctl_dispute.id} (${o.payctl_dispute.status})` : 'yes';
  },
});

/** The guided refund stops here for a charged-back charge, in words support staff can repeat. */
export async function refuseDisputedCharge(client: StripeClient, charge: { id: string; disputed?: boolean }): Promise<void> {
  const dp = await disputeOf(client, charge);
  if (!charge.disputed || (dp && dp.is_charge_refundable)) return;
  const which = dp ? ` (${dp.id}, ${dp.status})` : '';
  const next = dp ? ` Answer the dispute or accept it: payctl disputes get ${dp.id}` : ' See payctl disputes list --charge ' + charge.id;
  throw new UsageError(`${charge.id} cannot be refunded: the cardholder disputed it${which}, so their bank has already taken the money back.${next}`);
}
