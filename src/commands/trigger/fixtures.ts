// What `payctl trigger EVENT` creates, through the normal API, to make EVENT happen. Every fixture
// uses Stripe's public test values (pm_card_visa, pm_card_chargeDeclined …), so it works in test mode
// on real Stripe as on the sandbox; only the sandbox can also move its clock (payout.paid).
import type { StripeClient } from '../../client/types.js';

export interface TriggerState {
  client: StripeClient;
  sandbox: boolean;
  /** Ids of what the fixture created, in order. */
  created: string[];
  sleep(ms: number): Promise<void>;
}

export interface Fixture {
  event: string;
  description: string;
  run(s: TriggerState): Promise<void>;
}

const DESCRIPTION = 'payctl trigger';

function isDecline(err: unknown): boolean {
  return (err as { status?: number }).status === 402;
}

async function paymentIntent(s: TriggerState, pm: string, extra: Record<string, unknown> = {}): Promise<{ id: string; latest_charge?: string }> {
  try {
    const pi = await s.client.post<{ id: string; latest_charge?: string }>('/v1/payment_intents', {
      amount: 2000,
      currency: 'usd',
      payment_method: pm,
      confirm: true,
      automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
      description: DESCRIPTION,
      ...extra,
    });
    s.created.push(pi.id);
    if (pi.latest_charge) s.created.push(pi.latest_charge);
    return pi;
  } catch (err) {
    if (!isDecline(err)) throw err;
    // A decline is the point of the failing fixtures: the PaymentIntent and charge exist anyway.
    const body = (err as { raw?: { payment_intent?: { id: string; latest_charge?: string } } }).raw;
    const pi = body?.payment_intent;
    if (pi) {
      s.created.push(pi.id);
      if (pi.latest_charge) s.created.push(pi.latest_charge);
    }
    return pi ?? { id: '' };
  }
}

async function customer(s: TriggerState, params: Record<string, unknown> = {}): Promise<string> {
  const c = await s.client.post<{ id: string }>('/v1/customers', { description: DESCRIPTION, ...params });
  s.created.push(c.id);
  return c.id;
}

/** A customer whose default payment method is `pm` (attached clone), then a finalized invoice of 20.00 USD paid with it. */
async function invoice(s: TriggerState, pm: string): Promise<void> {
  const cus = await customer(s, { payment_method: pm });
  const pms = await s.client.get<{ data: Array<{ id: string }> }>('/v1/payment_methods', { customer: cus, type: 'card', limit: 1 });
  const card = pms.data[0]?.id;
  await s.client.post(`/v1/customers/${cus}`, { invoice_settings: { default_payment_method: card } });
  const inv = await s.client.post<{ id: string }>('/v1/invoices', { customer: cus, collection_method: 'charge_automatically', auto_advance: false, description: DESCRIPTION });
  s.created.push(inv.id);
  const item = await s.client.post<{ id: string }>('/v1/invoiceitems', { customer: cus, invoice: inv.id, amount: 2000, currency: 'usd', description: DESCRIPTION });
  s.created.push(item.id);
  await s.client.post(`/v1/invoices/${inv.id}/finalize`, {});
  try {
    await s.client.post(`/v1/invoices/${inv.id}/pay`, {});
  } catch (err) {
    if (!isDecline(err)) throw err;
  }
}

const succeeded = (s: TriggerState) => paymentIntent(s, 'pm_card_visa').then(() => undefined);
const declined = (s: TriggerState) => paymentIntent(s, 'pm_card_chargeDeclined').then(() => undefined);
const paidInvoice = (s: TriggerState) => invoice(s, 'pm_card_visa');

async function payout(s: TriggerState, advance: boolean): Promise<void> {
  // Funds from a bypassPending card are available at once, so the payout has something to send;
  // an account already below zero (refunds, dispute losses) is topped up by its deficit too, with a
  // tenth more for the card fee, or the 10.00 USD payout is refused for insufficient funds.
  const balance = await s.client.get<{ available?: Array<{ amount: number; currency: string }> }>('/v1/balance');
  const available = balance.available?.find((b) => b.currency === 'usd')?.amount ?? 0;
  const deficit = Math.max(0, -available);
  await paymentIntent(s, 'pm_card_bypassPending', { amount: 2000 + Math.ceil((deficit * 11) / 10) });
  const po = await s.client.post<{ id: string; status: string }>('/v1/payouts', { amount: 1000, currency: 'usd', description: DESCRIPTION });
  s.created.push(po.id);
  if (!advance || !s.sandbox) return; // real Stripe pays test payouts on its own schedule
  for (let day = 0; day < 7; day++) {
    await s.client.post('/v1/test_helpers/sandbox/advance', { seconds: 86400 });
    const cur = await s.client.get<{ status: string }>(`/v1/payouts/${po.id}`);
    if (cur.status === 'paid' || cur.status === 'failed') return;
  }
}

export const FIXTURES: readonly Fixture[] = [
  { event: 'customer.created', description: 'a customer', run: async (s) => void (await customer(s)) },
  { event: 'customer.updated', description: 'a customer, then an update', run: async (s) => void (await s.client.post(`/v1/customers/${await customer(s)}`, { metadata: { payctl: 'trigger' } })) },
  { event: 'customer.deleted', description: 'a customer, then its deletion', run: async (s) => void (await s.client.del(`/v1/customers/${await customer(s)}`)) },
  { event: 'payment_intent.created', description: 'a PaymentIntent paid with pm_card_visa', run: succeeded },
  { event: 'payment_intent.succeeded', description: 'a PaymentIntent paid with pm_card_visa', run: succeeded },
  { event: 'payment_intent.payment_failed', description: 'a PaymentIntent declined (pm_card_chargeDeclined)', run: declined },
  {
    event: 'payment_intent.canceled',
    description: 'an unconfirmed PaymentIntent, then its cancellation',
    run: async (s) => {
      const pi = await s.client.post<{ id: string }>('/v1/payment_intents', { amount: 2000, currency: 'usd', description: DESCRIPTION });
      s.created.push(pi.id);
      await s.client.post(`/v1/payment_intents/${pi.id}/cancel`, {});
    },
  },
  { event: 'charge.succeeded', description: 'a PaymentIntent paid with pm_card_visa', run: succeeded },
  { event: 'charge.failed', description: 'a PaymentIntent declined (pm_card_chargeDeclined)', run: declined },
  {
    event: 'charge.captured',
    description: 'a manual-capture PaymentIntent, then its capture',
    run: async (s) => {
      const pi = await paymentIntent(s, 'pm_card_visa', { capture_method: 'manual' });
      await s.client.post(`/v1/payment_intents/${pi.id}/capture`, {});
    },
  },
  {
    event: 'charge.refunded',
    description: 'a PaymentIntent paid with pm_card_visa, then a full refund',
    run: async (s) => {
      const pi = await paymentIntent(s, 'pm_card_visa');
      const re = await s.client.post<{ id: string }>('/v1/refunds', { payment_intent: pi.id });
      s.created.push(re.id);
    },
  },
  {
    event: 'charge.dispute.created',
    description: 'a PaymentIntent paid with pm_card_createDispute (the dispute opens moments later)',
    run: async (s) => {
      const pi = await paymentIntent(s, 'pm_card_createDispute');
      for (let i = 0; i < 20; i++) {
        const page = await s.client.get<{ data: Array<{ id: string }> }>('/v1/disputes', { payment_intent: pi.id, limit: 1 });
        if (page.data[0]) {
          s.created.push(page.data[0].id);
          return;
        }
        await s.sleep(500);
      }
    },
  },
  { event: 'invoice.created', description: 'a customer with pm_card_visa and a paid 20.00 USD invoice', run: paidInvoice },
  { event: 'invoice.finalized', description: 'a customer with pm_card_visa and a paid 20.00 USD invoice', run: paidInvoice },
  { event: 'invoice.paid', description: 'a customer with pm_card_visa and a paid 20.00 USD invoice', run: paidInvoice },
  { event: 'invoice.payment_succeeded', description: 'a customer with pm_card_visa and a paid 20.00 USD invoice', run: paidInvoice },
  { event: 'invoice.payment_failed', description: 'a customer whose card declines (pm_card_chargeCustomerFail) and an invoice', run: (s) => invoice(s, 'pm_card_chargeCustomerFail') },
  { event: 'payout.created', description: 'available funds (pm_card_bypassPending), then a 10.00 USD payout', run: (s) => payout(s, false) },
  { event: 'payout.paid', description: 'a payout, then the sandbox clock advanced until it arrives', run: (s) => payout(s, true) },
];
