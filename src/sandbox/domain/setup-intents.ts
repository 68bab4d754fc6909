// SetupIntents (docs.stripe.com/api/setup_intents): save a card for later without charging it. Create,
// update, confirm (test cards: decline cards fail setup, 3-D Secure cards need the authenticate helper),
// cancel; a succeeded SetupIntent with a customer attaches its PaymentMethod. No money moves.
import type { StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing, StripeError } from '../core/errors.js';
import { mergeMetadata } from '../core/validate.js';
import { base62Digest } from '../core/ids.js';
import {
  attachDecline,
  attachPaymentMethod,
  checkUsableBy,
  loadInstrument,
  markSetUpForOffSession,
  requireCustomer,
  resolvePaymentMethod,
  type Instrument,
} from './payment-methods.js';

const CONFIRMABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const CANCELABLE = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
const RETURN_URL_KEY = (id: string) => `seti_return_url:${id}`;

const RETURN_URL_MESSAGE =
  'This SetupIntent is configured to accept payment methods enabled in your Dashboard. Because some of these payment methods might redirect your customer off of your page, you must provide a `return_url`. If you don\'t want to accept redirect-based payment methods, set `automatic_payment_methods[enabled]` to `true` and `automatic_payment_methods[allow_redirects]` to `never` when creating Setup Intents and Payment Intents.';

export function requireSetupIntent(tx: Tx, id: string, param?: string): StripeObject {
  const si = tx.get('setup_intent', id);
  if (!si) throw resourceMissing('setup_intent', id, param);
  return si;
}

/** `setup_intent_unexpected_state`, worded like the PaymentIntent refusals, with the SetupIntent attached. */
function unexpectedState(si: StripeObject, verb: 'confirm' | 'cancel' | 'authenticate' | 'update', allowed: readonly string[]): StripeError {
  const past = { confirm: 'confirmed', cancel: 'canceled', authenticate: 'authenticated', update: 'updated' }[verb];
  return new StripeError(400, {
    type: 'invalid_request_error',
    code: 'setup_intent_unexpected_state',
    message: `You cannot ${verb} this SetupIntent because it has a status of ${si.status}. Only a SetupIntent with one of the following statuses may be ${past}: ${allowed.join(', ')}.`,
    setup_intent: si,
  });
}

export interface SetupCreateParams {
  customer?: string;
  payment_method?: string;
  confirm?: boolean;
  usage?: 'on_session' | 'off_session';
  description?: string | null;
  metadata?: Record<string, string>;
  payment_method_types?: string[];
  allowed_payment_method_types?: string[];
  excluded_payment_method_types?: string[];
  automatic_payment_methods?: { enabled: boolean; allow_redirects?: string };
  payment_method_options?: Record<string, any>;
  return_url?: string;
  attach_to_self?: boolean;
  flow_directions?: string[];
  on_behalf_of?: string;
  use_stripe_sdk?: boolean;
  mandate_data?: unknown;
}

export function createSetupIntent(tx: Tx, p: SetupCreateParams): StripeObject {
  if (!p.confirm) {
    for (const name of ['return_url', 'mandate_data'] as const) {
      if (p[name] !== undefined) {
        throw invalidRequest(`The parameter ${name} cannot be passed when creating a SetupIntent unless confirm is set to true.`, { param: name });
      }
    }
  }
  const types = p.allowed_payment_method_types ?? p.payment_method_types;
  if (p.allowed_payment_method_types && p.payment_method_types) {
    throw invalidRequest('You may only specify one of these parameters: allowed_payment_method_types, payment_method_types.', { code: 'parameters_exclusive' });
  }
  if (p.automatic_payment_methods?.enabled && types) {
    const other = p.payment_method_types ? 'payment_method_types' : 'allowed_payment_method_types';
    throw invalidRequest(`You may only specify one of these parameters: automatic_payment_methods, ${other}.`, { code: 'parameters_exclusive' });
  }
  if (p.customer) requireCustomer(tx, p.customer);
  // As for PaymentIntents (2023-08-16), automatic payment methods are on unless a type list is given.
  let apm: Record<string, unknown> | null = null;
  if (p.automatic_payment_methods) {
    apm = p.automatic_payment_methods.enabled
      ? { ...(p.automatic_payment_methods.allow_redirects ? { allow_redirects: p.automatic_payment_methods.allow_redirects } : {}), enabled: true }
      : null;
  } else if (!types) {
    apm = { enabled: true };
  }
  const instrument = p.payment_method ? resolvePaymentMethod(tx, p.payment_method) : undefined;
  if (instrument) checkUsableBy(tx, instrument, p.customer, 'payment_method', 'SetupIntent');
  const id = tx.ids.make('seti', 24);
  const si: StripeObject = {
    id,
    object: 'setup_intent',
    allowed_payment_method_types: types ?? null,
    application: null,
    automatic_payment_methods: apm,
    cancellation_reason: null,
    client_secret: `${id}_secret_${tx.ids.make('x', 25).slice(2)}`,
    created: tx.now(),
    customer: p.customer ?? null,
    customer_account: null,
    description: p.description ?? null,
    excluded_payment_method_types: p.excluded_payment_method_types ?? null,
    flow_directions: p.flow_directions ?? null,
    last_setup_error: null,
    latest_attempt: null,
    livemode: false,
    managed_payments: null,
    mandate: null,
    metadata: mergeMetadata({}, p.metadata),
    next_action: null,
    on_behalf_of: p.on_behalf_of ?? null,
    payment_method: instrument?.id ?? null,
    payment_method_configuration_details: apm ? { id: `pmc_${base62Digest(tx.account, 24)}`, parent: null } : null,
    payment_method_options: {
      card: { mandate_options: null, network: null, request_three_d_secure: 'automatic', ...(p.payment_method_options?.card ?? {}) },
    },
    payment_method_types: types ?? ['card'],
    single_use_mandate: null,
    status: instrument ? 'requires_confirmation' : 'requires_payment_method',
    usage: p.usage ?? 'off_session',
  };
  if (p.attach_to_self !== undefined) si.attach_to_self = p.attach_to_self;
  tx.insert('setup_intent', si);
  tx.emit('setup_intent.created', si);
  if (!p.confirm) return si;
  return confirmSetupIntent(tx, si, { return_url: p.return_url, instrument });
}

export interface SetupUpdateParams {
  customer?: string;
  description?: string | null;
  metadata?: Record<string, string>;
  payment_method?: string;
  payment_method_types?: string[];
  allowed_payment_method_types?: string[];
  excluded_payment_method_types?: string[];
  payment_method_options?: Record<string, any>;
  attach_to_self?: boolean;
  flow_directions?: string[];
}

export function updateSetupIntent(tx: Tx, si: StripeObject, p: SetupUpdateParams): StripeObject {
  const types = p.allowed_payment_method_types ?? p.payment_method_types;
  const moving =
    p.customer !== undefined || p.payment_method !== undefined || types !== undefined || p.excluded_payment_method_types !== undefined || p.payment_method_options !== undefined;
  if (moving && !CONFIRMABLE.includes(si.status)) throw unexpectedState(si, 'update', CONFIRMABLE);
  if (p.customer) {
    if (si.customer && si.customer !== p.customer) {
      throw invalidRequest('You cannot update the customer of a SetupIntent once it has been set.', { param: 'customer' });
    }
    requireCustomer(tx, p.customer);
  }
  const next: StripeObject = { ...si, metadata: mergeMetadata(si.metadata, p.metadata) };
  if (p.customer !== undefined) next.customer = p.customer;
  if (p.description !== undefined) next.description = p.description;
  if (p.flow_directions !== undefined) next.flow_directions = p.flow_directions;
  if (p.attach_to_self !== undefined) next.attach_to_self = p.attach_to_self;
  if (p.excluded_payment_method_types !== undefined) next.excluded_payment_method_types = p.excluded_payment_method_types;
  if (types) {
    next.payment_method_types = types;
    next.allowed_payment_method_types = types;
    next.automatic_payment_methods = null;
    next.payment_method_configuration_details = null;
  }
  if (p.payment_method_options?.card) {
    next.payment_method_options = { ...si.payment_method_options, card: { ...si.payment_method_options?.card, ...p.payment_method_options.card } };
  }
  if (p.payment_method !== undefined) {
    const inst = resolvePaymentMethod(tx, p.payment_method);
    checkUsableBy(tx, inst, next.customer, 'payment_method', 'SetupIntent');
    next.payment_method = inst.id;
    next.status = 'requires_confirmation';
    next.next_action = null;
  }
  tx.update('setup_intent', next);
  return next;
}

export interface SetupConfirmParams {
  payment_method?: string;
  instrument?: Instrument;
  return_url?: string;
  payment_method_options?: Record<string, any>;
}

/**
 * Confirms: a 3-D Secure card (docs.stripe.com/testing#authentication-and-setup: every card that needs
 * authentication, including `authenticationRequiredOnSetup` and `authenticationRequiredSetupForOffSession`)
 * goes to `requires_action`; a decline card fails setup with a committed 402; any other card succeeds.
 */
export function confirmSetupIntent(tx: Tx, current: StripeObject, p: SetupConfirmParams): StripeObject {
  if (current.status === 'succeeded') {
    throw new StripeError(400, {
      type: 'invalid_request_error',
      code: 'setup_intent_unexpected_state',
      message: 'You cannot confirm this SetupIntent because it has already succeeded.',
      setup_intent: current,
    });
  }
  if (!CONFIRMABLE.includes(current.status)) throw unexpectedState(current, 'confirm', CONFIRMABLE);
  let instrument = p.instrument;
  if (!instrument && p.payment_method) instrument = resolvePaymentMethod(tx, p.payment_method);
  if (!instrument && current.payment_method) instrument = loadInstrument(tx, current.payment_method);
  if (!instrument) {
    throw new StripeError(400, {
      type: 'invalid_request_error',
      code: 'setup_intent_unexpected_state',
      message:
        "You cannot confirm this SetupIntent because it's missing a payment method. You can either update the SetupIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      setup_intent: current,
    });
  }
  if (instrument.kind !== 'payment_method') {
    throw invalidRequest(`No such PaymentMethod: '${instrument.id}'`, { code: 'resource_missing', param: 'payment_method' });
  }
  checkUsableBy(tx, instrument, current.customer, 'payment_method', 'SetupIntent');
  const returnUrl = p.return_url ?? tx.getMeta(RETURN_URL_KEY(current.id));
  const apm = current.automatic_payment_methods;
  if (apm?.enabled && apm.allow_redirects !== 'never' && !returnUrl) throw invalidRequest(RETURN_URL_MESSAGE);
  if (p.return_url) tx.setMeta(RETURN_URL_KEY(current.id), p.return_url);
  let si: StripeObject = { ...current, payment_method: instrument.id, last_setup_error: null };
  if (p.payment_method_options?.card) {
    si.payment_method_options = { ...si.payment_method_options, card: { ...si.payment_method_options.card, ...p.payment_method_options.card } };
  }
  const refusal = attachDecline(instrument.profile);
  if (refusal) {
    const e = refusal.body;
    const failed: StripeObject = {
      ...si,
      status: 'requires_payment_method',
      payment_method: null,
      next_action: null,
      last_setup_error: {
        ...(e.advice_code ? { advice_code: e.advice_code } : {}),
        code: e.code,
        decline_code: e.decline_code,
        doc_url: `https://stripe.com/docs/error-codes/${String(e.code).replace(/_/g, '-')}`,
        message: e.message,
        ...(e.param ? { param: e.param } : {}),
        payment_method: instrument.object,
        type: 'card_error',
      },
    };
    tx.update('setup_intent', failed);
    tx.emit('setup_intent.setup_failed', failed);
    throw new StripeError(402, { ...e, setup_intent: failed, payment_method: instrument.object }, { commit: true });
  }
  if (instrument.profile.auth) {
    si = { ...si, status: 'requires_action', next_action: nextAction(tx, si, returnUrl) };
    tx.update('setup_intent', si);
    tx.emit('setup_intent.requires_action', si);
    return si;
  }
  return succeed(tx, si, instrument);
}

function nextAction(tx: Tx, si: StripeObject, returnUrl: string | undefined): Record<string, unknown> {
  const url = `https://hooks.stripe.com/3d_secure_2/hosted?merchant=${tx.account}&setup_intent=${si.id}&setup_intent_client_secret=${si.client_secret}`;
  if (returnUrl) return { redirect_to_url: { return_url: returnUrl, url }, type: 'redirect_to_url' };
  return { type: 'use_stripe_sdk', use_stripe_sdk: { source: `src_${base62Digest(si.id, 24)}`, stripe_js: url, type: 'three_d_secure_redirect' } };
}

/** Success: the card is attached to the SetupIntent's customer; `usage=off_session` marks it set up for off-session payments. */
function succeed(tx: Tx, si: StripeObject, instrument: Instrument): StripeObject {
  if (si.customer && instrument.customer !== si.customer) attachPaymentMethod(tx, instrument.id, si.customer);
  if (si.usage === 'off_session') markSetUpForOffSession(tx, instrument.id);
  const done: StripeObject = { ...si, status: 'succeeded', next_action: null, last_setup_error: null };
  tx.update('setup_intent', done);
  tx.emit('setup_intent.succeeded', done);
  return done;
}

/** Sandbox-only: completes (or fails) the 3-D Secure challenge of a `requires_action` SetupIntent. */
export function authenticateSetupIntent(tx: Tx, si: StripeObject, outcome: 'succeed' | 'fail'): StripeObject {
  if (si.status !== 'requires_action') throw unexpectedState(si, 'authenticate', ['requires_action']);
  const instrument = si.payment_method ? loadInstrument(tx, si.payment_method) : undefined;
  if (!instrument) throw invalidRequest('This SetupIntent has no payment method to authenticate.');
  if (outcome === 'fail') {
    const failed: StripeObject = {
      ...si,
      status: 'requires_payment_method',
      payment_method: null,
      next_action: null,
      last_setup_error: {
        code: 'setup_intent_authentication_failure',
        doc_url: 'https://stripe.com/docs/error-codes/setup-intent-authentication-failure',
        message:
          'The latest attempt to set up the payment method has failed because authentication failed. Provide a new payment method to attempt to fulfill this SetupIntent again.',
        payment_method: instrument.object,
        type: 'invalid_request_error',
      },
    };
    tx.update('setup_intent', failed);
    tx.emit('setup_intent.setup_failed', failed);
    return failed;
  }
  return succeed(tx, si, instrument);
}

export function cancelSetupIntent(tx: Tx, si: StripeObject, reason: string | null): StripeObject {
  if (!CANCELABLE.includes(si.status)) throw unexpectedState(si, 'cancel', CANCELABLE);
  const canceled: StripeObject = { ...si, status: 'canceled', cancellation_reason: reason, next_action: null };
  tx.update('setup_intent', canceled);
  tx.emit('setup_intent.canceled', canceled);
  return canceled;
}
