// Charges: one per payment attempt (failed ones too). Builds the charge object (https://docs.stripe.com/api/charges/object) from an instrument,
// applies the test card's outcome, captures (fully or partly) and posts captured money to the ledger.
import type { StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing, StripeError } from '../core/errors.js';
import type { Decline } from './cards.js';
import type { Instrument } from './payment-methods.js';
import { recordChargeTransaction } from './ledger.js';
import { scheduleAt } from './schedule.js';
import { scheduleDisputeForCard } from './disputes.js';

/** Uncaptured authorizations lapse after 7 days (Stripe's default window). */
export const AUTHORIZATION_WINDOW_SECONDS = 7 * 86_400;

const DEFAULT_DESCRIPTOR = 'PAYCTL SANDBOX';

export interface ChargeInput {
  amount: number;
  currency: string;
  instrument: Instrument;
  customer: string | null;
  paymentIntent: string | null;
  capture: boolean;
  description?: string | null;
  metadata?: Record<string, string>;
  receipt_email?: string | null;
  shipping?: unknown;
  statement_descriptor?: string | null;
  statement_descriptor_suffix?: string | null;
  transfer_group?: string | null;
  /** The charge went through 3-D Secure first. */
  authenticated?: boolean;
  /** Overrides the card's own outcome (e.g. authentication_required off-session). */
  failure?: Decline;
}

/** The decline a charge attempt meets, if any: forced failure, the post-authentication decline, or the card's own. */
function declineFor(input: ChargeInput): Decline | undefined {
  if (input.failure) return input.failure;
  if (input.authenticated && input.instrument.profile.declineAfterAuth) return input.instrument.profile.declineAfterAuth;
  return input.instrument.profile.decline;
}

function riskScore(level: string): number {
  return level === 'highest' ? 95 : level === 'elevated' ? 70 : 20;
}

function outcomeFor(input: ChargeInput, decline: Decline | undefined) {
  const level = input.instrument.profile.risk ?? 'normal';
  if (!decline) {
    return {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'approved_by_network',
      reason: level === 'elevated' ? 'elevated_risk_level' : null,
      risk_level: level,
      risk_score: riskScore(level),
      seller_message: 'Payment complete.',
      type: 'authorized',
    };
  }
  if (decline.blocked) {
    return {
      advice_code: null,
      network_advice_code: null,
      network_decline_code: null,
      network_status: 'not_sent_to_network',
      reason: 'highest_risk_level',
      risk_level: 'highest',
      risk_score: riskScore('highest'),
      seller_message: 'Stripe blocked this payment as too risky.',
      type: 'blocked',
    };
  }
  return {
    advice_code: decline.advice_code ?? null,
    network_advice_code: null,
    network_decline_code: null,
    network_status: 'declined_by_network',
    reason: decline.decline_code,
    risk_level: level,
    risk_score: riskScore(level),
    seller_message:
      decline.decline_code === 'generic_decline'
        ? 'The bank did not return any further details with this decline.'
        : `The bank returned the decline code \`${decline.decline_code}\`.`,
    type: 'issuer_declined',
  };
}

function calculatedDescriptor(prefix: string | null | undefined, suffix: string | null | undefined): string {
  const base = (prefix ?? DEFAULT_DESCRIPTOR).toUpperCase();
  if (!suffix) return base;
  const short = base.slice(0, 10).trim();
  return `${short}* ${suffix.toUpperCase()}`.slice(0, 22);
}

/** The card-details block a charge carries (`payment_method_details`). */
function paymentMethodDetails(input: ChargeInput, approved: boolean) {
  const i = input.instrument;
  const p = i.profile;
  return {
    card: {
      amount_authorized: approved ? input.amount : null,
      authorization_code: approved ? '123456' : null,
      brand: i.brand,
      checks: {
        address_line1_check: null,
        address_postal_code_check: p.postalCheck ?? null,
        cvc_check: p.cvcCheck ?? (approved ? 'pass' : null),
      },
      country: i.country,
      exp_month: i.exp_month,
      exp_year: i.exp_year,
      extended_authorization: { status: 'disabled' },
      fingerprint: i.fingerprint,
      funding: i.funding,
      incremental_authorization: { status: 'unavailable' },
      installments: null,
      last4: i.last4,
      mandate: null,
      multicapture: { status: 'unavailable' },
      network: i.brand,
      network_token: { used: false },
      network_transaction_id: approved ? '000000000000000' : null,
      overcapture: { maximum_amount_capturable: input.amount, status: 'unavailable' },
      regulated_status: 'unregulated',
      three_d_secure: input.authenticated
        ? {
            authentication_flow: 'challenge',
            electronic_commerce_indicator: '05',
            exemption_indicator: null,
            result: 'authenticated',
            result_reason: null,
            transaction_id: '00000000-0000-0000-0000-000000000000',
            version: '2.2.0',
          }
        : null,
      wallet: null,
    },
    type: 'card',
  };
}

export function refundedFlag(charge: StripeObject, amountRefunded: number): boolean {
  const base = charge.captured ? charge.amount_captured : charge.amount;
  return amountRefunded > 0 && amountRefunded >= base;
}

/**
 * Inserts the Charge for one attempt and applies the card's outcome. A successful, captured charge gets
 * its ledger entry. Returns the charge and the decline it met (if any); the caller turns that into a 402.
 */
export function attemptCharge(tx: Tx, input: ChargeInput): { charge: StripeObject; decline?: Decline } {
  const decline = declineFor(input);
  const approved = decline === undefined;
  const captured = approved && input.capture;
  const i = input.instrument;
  const id = tx.ids.make('ch', 24);
  const charge: StripeObject = {
    id,
    object: 'charge',
    amount: input.amount,
    amount_captured: captured ? input.amount : 0,
    amount_refunded: 0,
    application: null,
    application_fee: null,
    application_fee_amount: null,
    balance_transaction: null,
    billing_details: i.billing_details,
    calculated_statement_descriptor: calculatedDescriptor(input.statement_descriptor, input.statement_descriptor_suffix),
    captured,
    created: tx.now(),
    currency: input.currency,
    customer: input.customer,
    description: input.description ?? null,
    disputed: false,
    failure_balance_transaction: null,
    failure_code: decline?.code ?? null,
    failure_message: decline?.message ?? null,
    fraud_details: {},
    livemode: false,
    metadata: input.metadata ?? {},
    on_behalf_of: null,
    outcome: outcomeFor(input, decline),
    paid: approved,
    payment_intent: input.paymentIntent,
    payment_method: i.id,
    payment_method_details: paymentMethodDetails(input, approved),
    radar_options: {},
    receipt_email: input.receipt_email ?? null,
    receipt_number: null,
    receipt_url: `https://pay.stripe.com/receipts/payment/${tx.account}/${id}`,
    refunded: false,
    review: null,
    shipping: input.shipping ?? null,
    source: i.kind === 'card' ? i.object : null,
    source_transfer: null,
    statement_descriptor: input.statement_descriptor ?? null,
    statement_descriptor_suffix: input.statement_descriptor_suffix ?? null,
    status: approved ? 'succeeded' : 'failed',
    transfer_data: null,
    transfer_group: input.transfer_group ?? null,
  };
  if (captured) charge.balance_transaction = recordChargeTransaction(tx, charge, input.amount, i.profile.bypassPending === true).id;
  tx.insert('charge', charge);
  if (approved && !captured) scheduleAt(tx, charge.created! + AUTHORIZATION_WINDOW_SECONDS);
  if (captured) scheduleDisputeForCard(tx, charge, i.profile.name);
  tx.emit(approved ? 'charge.succeeded' : 'charge.failed', charge);
  return decline ? { charge, decline } : { charge };
}

/** Captures an authorized charge (amount ≤ authorized). The uncaptured remainder is simply released. */
export function captureChargeAmount(tx: Tx, charge: StripeObject, amount: number): StripeObject {
  const bypass = charge.payment_method ? profileBypass(tx, charge.payment_method) : false;
  const txn = recordChargeTransaction(tx, charge, amount, bypass);
  const updated = tx.update('charge', { ...charge, captured: true, amount_captured: amount, balance_transaction: txn.id });
  tx.emit('charge.captured', updated, { captured: false, amount_captured: 0, balance_transaction: null });
  if (charge.payment_method) scheduleDisputeForCard(tx, updated, tx.getMeta(`card_profile:${charge.payment_method}`));
  return updated;
}

function profileBypass(tx: Tx, instrumentId: string): boolean {
  const name = tx.getMeta(`card_profile:${instrumentId}`);
  return name === 'bypassPending' || name === 'bypassPendingInternational';
}

export function requireCharge(tx: Tx, id: string, param?: string): StripeObject {
  const ch = tx.get('charge', id);
  if (!ch) throw resourceMissing('charge', id, param);
  return ch;
}

/** The 402 a decline becomes. Committed: the failed Charge (and PaymentIntent) stay, and the reply is replayable. */
export function cardError(decline: Decline, extra: { charge: StripeObject; paymentIntent?: StripeObject; paymentMethod?: StripeObject }): StripeError {
  return new StripeError(
    402,
    {
      type: 'card_error',
      code: decline.code,
      decline_code: decline.decline_code,
      message: decline.message,
      ...(decline.param ? { param: decline.param } : {}),
      ...(decline.advice_code ? { advice_code: decline.advice_code } : {}),
      charge: extra.charge.id,
      ...(extra.paymentIntent ? { payment_intent: extra.paymentIntent } : {}),
      ...(extra.paymentMethod ? { payment_method: extra.paymentMethod } : {}),
    },
    { commit: true },
  );
}

/** The `last_payment_error` hash a PaymentIntent keeps after a failed attempt (unlike a raised error, it has no `payment_intent`). */
export function lastPaymentError(decline: Decline, charge: StripeObject | null, pm: StripeObject | null): Record<string, unknown> {
  const e: Record<string, unknown> = {
    ...(decline.advice_code ? { advice_code: decline.advice_code } : {}),
    ...(charge ? { charge: charge.id } : {}),
    code: decline.code,
    decline_code: decline.decline_code,
    doc_url: `https://stripe.com/docs/error-codes/${decline.code.replace(/_/g, '-')}`,
    message: decline.message,
    ...(decline.param ? { param: decline.param } : {}),
    payment_method: pm,
    type: 'card_error',
  };
  return e;
}

/** Legacy-charge capture errors share the PaymentIntent path's wording where they overlap. */
export function alreadyCaptured(charge: StripeObject): StripeError {
  return invalidRequest(`Charge ${charge.id} has already been captured.`, { code: 'charge_already_captured' });
}
