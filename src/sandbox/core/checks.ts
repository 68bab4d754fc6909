// Parameter rules Stripe enforces that the schema types alone do not express: email shape, statement
// descriptors on card payments, and refusals for features the sandbox does not model (tax rates,
// Connect application fees), so no parameter is ever accepted and then ignored.
import { invalidRequest, resourceMissing } from './errors.js';

// Something@something.tld, no spaces: the shape Stripe's customer email check asks for.
const EMAIL_RE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** 400 `email_invalid` unless the value looks like an email address (null/undefined: nothing to check). */
export function checkEmail(email: string | null | undefined, param = 'email'): void {
  if (email === null || email === undefined) return;
  if (!EMAIL_RE.test(email)) throw invalidRequest(`Invalid email address: ${email}`, { code: 'email_invalid', param });
}

const SUFFIX_MAX = 22;
const FORBIDDEN_RE = /[<>\\'"*]/;

/**
 * Statement descriptors on a card payment (docs.stripe.com/get-started/account/statement-descriptors):
 * `statement_descriptor` is refused (400, "use statement_descriptor_suffix"); the suffix holds at most
 * 22 characters, at least one letter, and none of < > \ ' " *. Empty values (unset) are fine.
 */
export function checkCardStatementDescriptors(v: { statement_descriptor?: string | null; statement_descriptor_suffix?: string | null }, parent = ''): void {
  const paramOf = (name: string) => (parent ? `${parent}[${name}]` : name);
  if (v.statement_descriptor) {
    throw invalidRequest(
      'The statement_descriptor parameter is not supported for card payments. Use statement_descriptor_suffix instead ' +
        '(see https://docs.stripe.com/get-started/account/statement-descriptors).',
      { param: paramOf('statement_descriptor') },
    );
  }
  const s = v.statement_descriptor_suffix;
  if (!s) return;
  const param = paramOf('statement_descriptor_suffix');
  if (s.length > SUFFIX_MAX) {
    throw invalidRequest(`Invalid ${param}: must be at most ${SUFFIX_MAX} characters (got ${s.length}).`, { param });
  }
  if (!/[A-Za-z]/.test(s)) throw invalidRequest(`Invalid ${param}: must contain at least one letter.`, { param });
  if (FORBIDDEN_RE.test(s)) throw invalidRequest(`Invalid ${param}: cannot contain any of the characters < > \\ ' " *.`, { param });
}

/** Tax rates are not modelled, so every `txr_…` id is unknown: 400 `resource_missing` on the first one. */
export function refuseTaxRates(ids: readonly string[] | undefined, param: string): void {
  if (ids && ids.length > 0) throw resourceMissing('tax rate', ids[0]!, `${param}[0]`);
}

/**
 * Application fees need a Connect context (a connected account or a destination), which the sandbox does
 * not model: a fee is refused with Stripe's message rather than ignored. null (unset) is fine.
 */
export function refuseApplicationFee(fee: number | null | undefined, param = 'application_fee_amount', object = 'PaymentIntent'): void {
  if (fee === null || fee === undefined) return;
  throw invalidRequest(
    object === 'PaymentIntent'
      ? 'Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).'
      : `Can only apply an ${param} when the request is made on behalf of another account (using an OAuth key, the Stripe-Account header, or the destination parameter).`,
    { param },
  );
}
