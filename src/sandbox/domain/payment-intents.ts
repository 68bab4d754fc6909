// The PaymentIntent state machine (https://docs.stripe.com/payments/paymentintents/lifecycle): create, update, confirm (declines, 3-D Secure,
// off-session, the return_url rule), capture (full or partial), cancel, and the 3DS test helper.
import type { StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing, StripeError } from '../core/errors.js';
import { mergeMetadata } from '../core/validate.js';
import { base62Digest } from '../core/ids.js';
import type { Decline } from './cards.js';
import { attemptCharge, captureChargeAmount, cardError, lastPaymentError } from './charges.js';
import { checkChargeAmount, formatMajor } from './money.js';
import { checkUsableBy, consumeIfUnattached, isSetUpForOffSession, loadInstrument, markSetUpForOffSession, requireCustomer, resolvePaymentMethod, type Instrument } from './payment-methods.js';

export const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const MUTABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

const RETURN_URL_MESSAGE =
  'This PaymentIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don\'t want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.';

const AUTH_REQUIRED_OFF_SESSION: Decline = {
  code: 'authentication_required',
  decline_code: 'authentication_required',
  message: 'Your card was declined. This transaction requires authentication.',
};
const AUTH_NOT_HANDLED: Decline = {
  code: 'authentication_required',
  decline_code: 'authentication_not_handled',
  message:
    'This payment required an authentication action to complete, but `error_on_requires_action` was set. When you\'re ready, you can upgrade your integration to handle actions at https://stripe.com/docs/payments/payment-intents/upgrade-to-handle-actions.',
};

const RETURN_URL_KEY = (id: string) => `pi_return_url:${id}`;
const AUTHENTICATED_KEY = (id: string) => `pi_authenticated:${id}`;

export function requirePaymentIntent(tx: Tx, id: string, param?: string): StripeObject {
  const pi = tx.get('payment_intent', id);
  if (!pi) throw resourceMissing('payment_intent', id, param);
  return pi;
}

/** Stripe words cancel and confirm refusals "You cannot <verb> this PaymentIntent…", captures "This PaymentIntent could not be captured…". */
const YOU_CANNOT: Record<string, string> = { canceled: 'cancel', confirmed: 'confirm' };

/** A 400 `payment_intent_unexpected_state` invalid_request_error, carrying the PaymentIntent as Stripe does. */
function unexpectedState(pi: StripeObject, verb: string, allowed: readonly string[]): StripeError {
  const base = YOU_CANNOT[verb];
  const opening = base ? `You cannot ${base} this PaymentIntent` : `This PaymentIntent could not be ${verb}`;
  return new StripeError(400, {
    type: 'invalid_request_error',
    code: 'payment_intent_unexpected_state',
    message: `${opening} because it has a status of ${pi.status}. Only a PaymentIntent with one of the following statuses may be ${verb}: ${allowed.join(', ')}.`,
    payment_intent: pi,
  });
}

function offSessionFlag(v: unknown): boolean {
  return v === true || v === 'true' || v === 'one_off' || v === 'recurring';
}

/** Which capture the confirmation uses: `payment_method_options[card][capture_method]` overrides the PI's. */
function effectiveCapture(pi: StripeObject): string {
  return pi.payment_method_options?.card?.capture_method ?? pi.capture_method;
}

export interface CreateParams {
  amount: number;
  currency: string;
  customer?: string;
  payment_method?: string;
  confirm?: boolean;
  capture_method?: string;
  confirmation_method?: string;
  automatic_payment_methods?: { enabled: boolean; allow_redirects?: string };
  allowed_payment_method_types?: string[];
  payment_method_types?: string[];
  excluded_payment_method_types?: string[];
  description?: string | null;
  metadata?: Record<string, string>;
  receipt_email?: string | null;
  setup_future_usage?: string | null;
  statement_descriptor?: string | null;
  statement_descriptor_suffix?: string | null;
  shipping?: unknown;
  payment_method_options?: Record<string, any>;
  return_url?: string;
  off_session?: unknown;
  error_on_requires_action?: boolean;
  transfer_group?: string | null;
  application_fee_amount?: number | null;
  on_behalf_of?: string | null;
  use_stripe_sdk?: boolean;
  mandate?: string;
  mandate_data?: unknown;
  radar_options?: unknown;
}

function exclusive(a: string, b: string): StripeError {
  return invalidRequest(`You may only specify one of these parameters: ${a}, ${b}.`, { code: 'parameters_exclusive' });
}

export function createPaymentIntent(tx: Tx, p: CreateParams): StripeObject {
  if (p.amount === undefined) throw invalidRequest('Missing required param: amount.', { code: 'parameter_missing', param: 'amount' });
  if (p.currency === undefined) throw invalidRequest('Missing required param: currency.', { code: 'parameter_missing', param: 'currency' });
  checkChargeAmount(p.amount, p.currency);
  const types = p.allowed_payment_method_types ?? p.payment_method_types;
  if (p.allowed_payment_method_types && p.payment_method_types) throw exclusive('allowed_payment_method_types', 'payment_method_types');
  if (p.automatic_payment_methods && p.confirmation_method) throw exclusive('automatic_payment_methods', 'confirmation_method');
  if (p.automatic_payment_methods?.enabled && types) throw exclusive('automatic_payment_methods', types === p.payment_method_types ? 'payment_method_types' : 'allowed_payment_method_types');
  if (!p.confirm) {
    for (const name of ['return_url', 'off_session', 'error_on_requires_action', 'mandate', 'mandate_data'] as const) {
      if (p[name] !== undefined) {
        throw invalidRequest(`The parameter ${name} cannot be passed when creating a PaymentIntent unless confirm is set to true.`, { param: name });
      }
    }
  }
  if (p.customer) requireCustomer(tx, p.customer);
  // Automatic payment methods default on (2023-08-16) unless a type list or manual confirmation is given.
  let apm: Record<string, unknown> | null = null;
  if (p.automatic_payment_methods) {
    apm = p.automatic_payment_methods.enabled
      ? { ...(p.automatic_payment_methods.allow_redirects ? { allow_redirects: p.automatic_payment_methods.allow_redirects } : {}), enabled: true }
      : null;
  } else if (!types && p.confirmation_method !== 'manual') {
    apm = { enabled: true };
  }
  const instrument = p.payment_method ? resolvePaymentMethod(tx, p.payment_method) : undefined;
  if (instrument) checkUsableBy(tx, instrument, p.customer);
  const now = tx.now();
  const id = tx.ids.make('pi', 24);
  const pi: StripeObject = {
    id,
    object: 'payment_intent',
    amount: p.amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    allowed_payment_method_types: types ?? null,
    application: null,
    application_fee_amount: p.application_fee_amount ?? null,
    automatic_payment_methods: apm,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: p.capture_method ?? 'automatic_async',
    client_secret: `${id}_${tx.ids.make('secret', 25)}`,
    confirmation_method: p.confirmation_method ?? 'automatic',
    created: now,
    currency: p.currency,
    customer: p.customer ?? null,
    customer_account: null,
    description: p.description ?? null,
    excluded_payment_method_types: p.excluded_payment_method_types ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    managed_payments: null,
    metadata: mergeMetadata({}, p.metadata),
    next_action: null,
    on_behalf_of: p.on_behalf_of ?? null,
    payment_method: instrument?.id ?? null,
    payment_method_configuration_details: apm ? { id: `pmc_${base62Digest(tx.account, 24)}`, parent: null } : null,
    payment_method_options: {
      card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic', ...(p.payment_method_options?.card ?? {}) },
    },
    payment_method_types: types ?? ['card'],
    payment_record: null,
    processing: null,
    receipt_email: p.receipt_email ?? null,
    review: null,
    setup_future_usage: p.setup_future_usage ?? null,
    shipping: p.shipping ?? null,
    source: null,
    statement_descriptor: p.statement_descriptor ?? null,
    statement_descriptor_suffix: p.statement_descriptor_suffix ?? null,
    status: instrument ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null,
    transfer_group: p.transfer_group ?? null,
  };
  tx.insert('payment_intent', pi);
  tx.emit('payment_intent.created', pi);
  if (!p.confirm) return pi;
  return confirmPaymentIntent(tx, pi, {
    return_url: p.return_url,
    off_session: p.off_session,
    error_on_requires_action: p.error_on_requires_action,
    instrument,
  });
}

export interface ConfirmParams {
  payment_method?: string;
  instrument?: Instrument;
  return_url?: string;
  off_session?: unknown;
  error_on_requires_action?: boolean;
  capture_method?: string;
  receipt_email?: string | null;
  setup_future_usage?: string | null;
  shipping?: unknown;
  payment_method_options?: Record<string, any>;
}

export function confirmPaymentIntent(tx: Tx, current: StripeObject, p: ConfirmParams): StripeObject {
  if (current.status === 'succeeded') {
    throw new StripeError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message: 'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.',
      payment_intent: current,
    });
  }
  if (!CONFIRMABLE.includes(current.status)) throw unexpectedState(current, 'confirmed', CONFIRMABLE);
  let instrument = p.instrument;
  if (!instrument && p.payment_method) instrument = resolvePaymentMethod(tx, p.payment_method);
  if (!instrument && current.payment_method) instrument = loadInstrument(tx, current.payment_method);
  if (!instrument) {
    throw new StripeError(400, {
      type: 'invalid_request_error',
      code: 'payment_intent_unexpected_state',
      message:
        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      payment_intent: current,
    });
  }
  checkUsableBy(tx, instrument, current.customer);
  const offSession = offSessionFlag(p.off_session);
  const returnUrl = p.return_url ?? tx.getMeta(RETURN_URL_KEY(current.id));
  // With automatic payment methods that may redirect, a server-side confirm needs a return_url
  // (off-session confirms are exempt: nobody is there to redirect).
  const apm = current.automatic_payment_methods;
  if (apm?.enabled && apm.allow_redirects !== 'never' && !returnUrl && !offSession) {
    throw invalidRequest(RETURN_URL_MESSAGE);
  }
  if (p.return_url) tx.setMeta(RETURN_URL_KEY(current.id), p.return_url);
  let pi: StripeObject = {
    ...current,
    payment_method: instrument.id,
    ...(p.capture_method ? { capture_method: p.capture_method } : {}),
    ...(p.receipt_email !== undefined ? { receipt_email: p.receipt_email } : {}),
    ...(p.setup_future_usage !== undefined ? { setup_future_usage: p.setup_future_usage } : {}),
    ...(p.shipping !== undefined ? { shipping: p.shipping } : {}),
  };
  if (p.payment_method_options?.card) {
    pi.payment_method_options = { ...pi.payment_method_options, card: { ...pi.payment_method_options.card, ...p.payment_method_options.card } };
  }
  // A different card invalidates an earlier 3-D Secure authentication.
  const authenticated = tx.getMeta(AUTHENTICATED_KEY(pi.id)) === instrument.id;
  const profile = instrument.profile;
  const needsAuth =
    !authenticated &&
    (profile.auth === 'always' ||
      // docs.stripe.com/testing: 3155 needs authentication off-session too, unless it was set up for future use.
      (profile.auth === 'unless_setup' && !(offSession && isSetUpForOffSession(tx, instrument.id))) ||
      (profile.auth === 'on_session' && !offSession));
  if (needsAuth && !offSession && !p.error_on_requires_action) {
    pi = {
      ...pi,
      status: 'requires_action',
      next_action: nextAction(tx, pi, returnUrl),
      last_payment_error: null,
    };
    tx.update('payment_intent', pi);
    tx.emit('payment_intent.requires_action', pi);
    return pi;
  }
  const failure = needsAuth ? (offSession ? AUTH_REQUIRED_OFF_SESSION : AUTH_NOT_HANDLED) : undefined;
  const result = chargeFor(tx, pi, instrument, { authenticated, failure });
  if (result.error) throw result.error;
  return result.pi;
}

function nextAction(tx: Tx, pi: StripeObject, returnUrl: string | undefined): Record<string, unknown> {
  const url = `https://hooks.stripe.com/3d_secure_2/hosted?merchant=${tx.account}&payment_intent=${pi.id}&payment_intent_client_secret=${pi.client_secret}`;
  if (returnUrl) return { redirect_to_url: { return_url: returnUrl, url }, type: 'redirect_to_url' };
  return {
    type: 'use_stripe_sdk',
    use_stripe_sdk: { source: `src_${base62Digest(pi.id, 24)}`, stripe_js: url, type: 'three_d_secure_redirect' },
  };
}

/** Runs the charge for a confirmation and moves the PI to its outcome; a decline comes back as a committed 402. */
function chargeFor(
  tx: Tx,
  pi: StripeObject,
  instrument: Instrument,
  opts: { authenticated: boolean; failure?: Decline },
): { pi: StripeObject; error?: StripeError } {
  const manual = effectiveCapture(pi) === 'manual';
  const { charge, decline } = attemptCharge(tx, {
    amount: pi.amount,
    currency: pi.currency,
    instrument,
    customer: pi.customer,
    paymentIntent: pi.id,
    capture: !manual,
    description: pi.description,
    receipt_email: pi.receipt_email,
    shipping: pi.shipping,
    statement_descriptor: pi.statement_descriptor,
    statement_descriptor_suffix: pi.statement_descriptor_suffix,
    transfer_group: pi.transfer_group,
    authenticated: opts.authenticated,
    failure: opts.failure,
  });
  if (decline) {
    const failed: StripeObject = {
      ...pi,
      status: 'requires_payment_method',
      payment_method: null,
      latest_charge: charge.id,
      next_action: null,
      last_payment_error: lastPaymentError(decline, charge, instrument.object),
    };
    tx.update('payment_intent', failed);
    tx.emit('payment_intent.payment_failed', failed);
    consumeIfUnattached(tx, instrument.id);
    return { pi: failed, error: cardError(decline, { charge, paymentIntent: failed, paymentMethod: instrument.object }) };
  }
  const done: StripeObject = {
    ...pi,
    status: manual ? 'requires_capture' : 'succeeded',
    amount_capturable: manual ? pi.amount : 0,
    amount_received: manual ? 0 : pi.amount,
    latest_charge: charge.id,
    next_action: null,
    last_payment_error: null,
  };
  tx.update('payment_intent', done);
  // setup_future_usage saves the card to the customer, as a successful on-session payment does.
  if (done.setup_future_usage && done.customer && instrument.kind === 'payment_method' && !instrument.customer) {
    const pm = tx.update('payment_method', { ...instrument.object, customer: done.customer });
    tx.emit('payment_method.attached', pm, { customer: null });
  }
  if (done.setup_future_usage === 'off_session') markSetUpForOffSession(tx, instrument.id);
  consumeIfUnattached(tx, instrument.id);
  tx.emit(manual ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded', done);
  return { pi: done };
}

/** Sandbox-only: completes (or fails) the 3-D Secure challenge of a `requires_action` PaymentIntent. */
export function authenticatePaymentIntent(tx: Tx, pi: StripeObject, outcome: 'succeed' | 'fail'): StripeObject {
  if (pi.status !== 'requires_action') throw unexpectedState(pi, 'authenticated', ['requires_action']);
  const instrument = pi.payment_method ? loadInstrument(tx, pi.payment_method) : undefined;
  if (!instrument) throw invalidRequest('This PaymentIntent has no payment method to authenticate.');
  if (outcome === 'fail') {
    const failed: StripeObject = {
      ...pi,
      status: 'requires_payment_method',
      payment_method: null,
      next_action: null,
      last_payment_error: {
        code: 'payment_intent_authentication_failure',
        doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
        message:
          'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
        payment_method: instrument.object,
        type: 'invalid_request_error',
      },
    };
    tx.update('payment_intent', failed);
    tx.emit('payment_intent.payment_failed', failed);
    return failed;
  }
  tx.setMeta(AUTHENTICATED_KEY(pi.id), instrument.id);
  if (pi.confirmation_method === 'manual') {
    const waiting = { ...pi, status: 'requires_confirmation', next_action: null };
    tx.update('payment_intent', waiting);
    return waiting;
  }
  // Automatic confirmation processes the payment right after the challenge; a decline shows up in
  // last_payment_error (the helper answers 200 with the PaymentIntent either way).
  return chargeFor(tx, pi, instrument, { authenticated: true }).pi;
}

export interface CaptureParams {
  amount_to_capture?: number;
  metadata?: Record<string, string>;
  statement_descriptor?: string;
  statement_descriptor_suffix?: string;
  application_fee_amount?: number;
  final_capture?: boolean;
}

export function capturePaymentIntent(tx: Tx, pi: StripeObject, p: CaptureParams): StripeObject {
  if (pi.status !== 'requires_capture') throw unexpectedState(pi, 'captured', ['requires_capture']);
  const amount = p.amount_to_capture ?? pi.amount_capturable;
  if (amount < 1) throw invalidRequest('This value must be greater than or equal to 1.', { param: 'amount_to_capture', code: 'parameter_invalid_integer' });
  if (amount > pi.amount_capturable) {
    throw invalidRequest(
      `The amount to capture (${formatMajor(amount, pi.currency)}) is greater than the amount capturable on this PaymentIntent (${formatMajor(pi.amount_capturable, pi.currency)}).`,
      { param: 'amount_to_capture', code: 'amount_too_large' },
    );
  }
  const charge = tx.get('charge', pi.latest_charge);
  if (!charge) throw new Error(`payment intent ${pi.id} in requires_capture without its charge`);
  const withDescriptor = {
    ...charge,
    ...(p.statement_descriptor !== undefined ? { statement_descriptor: p.statement_descriptor } : {}),
    ...(p.statement_descriptor_suffix !== undefined ? { statement_descriptor_suffix: p.statement_descriptor_suffix } : {}),
  };
  captureChargeAmount(tx, withDescriptor, amount);
  const done: StripeObject = {
    ...pi,
    status: 'succeeded',
    amount_capturable: 0,
    amount_received: amount,
    metadata: mergeMetadata(pi.metadata, p.metadata),
    ...(p.application_fee_amount !== undefined ? { application_fee_amount: p.application_fee_amount } : {}),
  };
  tx.update('payment_intent', done);
  tx.emit('payment_intent.succeeded', done);
  return done;
}

/**
 * Cancels. Since API 2025-03-31.basil an authorized (`requires_capture`) PaymentIntent's charge is simply
 * released: no Refund, `refunded` stays false and `amount_refunded` 0, no `charge.refunded`
 * (docs.stripe.com/changelog/basil/2025-03-31/remove-refund-from-partial-capture-and-payment-cancellation-flow).
 * An authorization that lapses is canceled with reason `expired` and its charge emits `charge.expired`.
 */
export function cancelPaymentIntent(tx: Tx, pi: StripeObject, reason: string | null): StripeObject {
  if (!CANCELABLE.includes(pi.status)) throw unexpectedState(pi, 'canceled', CANCELABLE);
  const canceled: StripeObject = {
    ...pi,
    status: 'canceled',
    canceled_at: tx.now(),
    cancellation_reason: reason,
    amount_capturable: 0,
    next_action: null,
  };
  tx.update('payment_intent', canceled);
  if (reason === 'expired' && pi.latest_charge) {
    const charge = tx.get('charge', pi.latest_charge);
    if (charge) tx.emit('charge.expired', charge);
  }
  tx.emit('payment_intent.canceled', canceled);
  return canceled;
}

export type UpdateParams = Partial<
  Pick<
    CreateParams,
    | 'amount'
    | 'currency'
    | 'customer'
    | 'description'
    | 'metadata'
    | 'receipt_email'
    | 'setup_future_usage'
    | 'shipping'
    | 'statement_descriptor'
    | 'statement_descriptor_suffix'
    | 'capture_method'
    | 'payment_method_options'
    | 'transfer_group'
    | 'application_fee_amount'
    | 'allowed_payment_method_types'
    | 'payment_method_types'
    | 'excluded_payment_method_types'
  >
> & { payment_method?: string | null };

/** Fields that move money or the flow; they can change only before a payment is made. */
const GUARDED = [
  'amount',
  'currency',
  'customer',
  'payment_method',
  'capture_method',
  'setup_future_usage',
  'payment_method_options',
  'allowed_payment_method_types',
  'payment_method_types',
  'excluded_payment_method_types',
  'application_fee_amount',
] as const;

export function updatePaymentIntent(tx: Tx, pi: StripeObject, p: UpdateParams): StripeObject {
  for (const field of GUARDED) {
    if (p[field] !== undefined && !MUTABLE.includes(pi.status)) {
      throw new StripeError(400, {
        type: 'invalid_request_error',
        code: 'payment_intent_unexpected_state',
        message: `This PaymentIntent's ${field} could not be updated because it has a status of ${pi.status}. You may only update the ${field} of a PaymentIntent with one of the following statuses: ${MUTABLE.join(', ')}.`,
        param: field,
        payment_intent: pi,
      });
    }
  }
  const currency = p.currency ?? pi.currency;
  if (p.amount !== undefined || p.currency !== undefined) checkChargeAmount(p.amount ?? pi.amount, currency);
  if (p.customer) requireCustomer(tx, p.customer);
  const next: StripeObject = { ...pi, metadata: mergeMetadata(pi.metadata, p.metadata) };
  for (const k of [
    'amount',
    'currency',
    'customer',
    'description',
    'receipt_email',
    'setup_future_usage',
    'shipping',
    'statement_descriptor',
    'statement_descriptor_suffix',
    'capture_method',
    'transfer_group',
    'application_fee_amount',
    'excluded_payment_method_types',
  ] as const) {
    if (p[k] !== undefined) next[k] = p[k];
  }
  const types = p.allowed_payment_method_types ?? p.payment_method_types;
  if (types) {
    next.payment_method_types = types;
    next.allowed_payment_method_types = types;
    next.automatic_payment_methods = null;
    next.payment_method_configuration_details = null;
  }
  if (p.payment_method_options?.card) {
    next.payment_method_options = { ...pi.payment_method_options, card: { ...pi.payment_method_options?.card, ...p.payment_method_options.card } };
  }
  if (p.payment_method !== undefined) {
    if (p.payment_method === null) {
      next.payment_method = null;
      next.status = 'requires_payment_method';
    } else {
      const inst = resolvePaymentMethod(tx, p.payment_method);
      checkUsableBy(tx, inst, p.customer ?? pi.customer);
      next.payment_method = inst.id;
      next.status = 'requires_confirmation';
    }
    next.next_action = null;
  } else if (pi.status === 'requires_action' && (p.amount !== undefined || p.currency !== undefined)) {
    // A changed amount voids the pending challenge; the PI must be confirmed again.
    next.status = 'requires_confirmation';
    next.next_action = null;
  }
  tx.update('payment_intent', next);
  return next;
}
