// The catalogue of Stripe's magic test cards (https://docs.stripe.com/testing): what each `pm_card_*` / `tok_*`
// name looks like (brand, last4, funding, country) and how it behaves when charged or refunded.

export type Brand = 'visa' | 'mastercard' | 'amex' | 'discover' | 'diners' | 'jcb' | 'unionpay';

export interface Decline {
  code: string;
  decline_code: string;
  message: string;
  advice_code?: string;
  param?: string;
  /** Radar blocks never reach the network. */
  blocked?: boolean;
}

export interface TestCard {
  /** Catalogue key (the part after `pm_card_` / `tok_`), stored against cloned objects to recall behaviour. */
  name: string;
  number: string;
  brand: Brand;
  funding: 'credit' | 'debit' | 'prepaid';
  country: string;
  /** Every charge attempt fails this way. */
  decline?: Decline;
  /** Decline cards cannot be attached to a customer (the "charge customer fail" card can). */
  refuseAttach?: boolean;
  /** 3-D Secure: `always` (on and off session), `unless_setup` (off-session works once attached),
   *  `on_session` (off-session payments succeed). */
  auth?: 'always' | 'unless_setup' | 'on_session';
  /** Outcome after a successful authentication. */
  declineAfterAuth?: Decline;
  bypassPending?: boolean;
  refund?: 'pending' | 'fail';
  risk?: 'elevated' | 'highest';
  cvcCheck?: 'fail';
  postalCheck?: 'fail';
}

const GENERIC: Decline = { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.', advice_code: 'try_again_later' };
const INSUFFICIENT: Decline = {
  code: 'card_declined',
  decline_code: 'insufficient_funds',
  message: 'Your card has insufficient funds.',
  advice_code: 'try_again_later',
};
const LOST: Decline = { code: 'card_declined', decline_code: 'lost_card', message: 'Your card was declined.', advice_code: 'do_not_try_again' };
const STOLEN: Decline = { code: 'card_declined', decline_code: 'stolen_card', message: 'Your card was declined.', advice_code: 'do_not_try_again' };
const EXPIRED: Decline = {
  code: 'expired_card',
  decline_code: 'expired_card',
  message: 'Your card has expired.',
  advice_code: 'confirm_card_data',
  param: 'exp_month',
};
const CVC: Decline = {
  code: 'incorrect_cvc',
  decline_code: 'incorrect_cvc',
  message: "Your card's security code is incorrect.",
  advice_code: 'confirm_card_data',
  param: 'cvc',
};
const PROCESSING: Decline = {
  code: 'processing_error',
  decline_code: 'processing_error',
  message: 'An error occurred while processing your card. Try again in a little bit.',
  advice_code: 'try_again_later',
};
const VELOCITY: Decline = { code: 'card_declined', decline_code: 'card_velocity_exceeded', message: 'Your card was declined.' };
const FRAUDULENT: Decline = { code: 'card_declined', decline_code: 'fraudulent', message: 'Your card was declined.', advice_code: 'do_not_try_again' };
const BLOCKED: Decline = { code: 'card_declined', decline_code: 'fraudulent', message: 'Your card was declined.', blocked: true };

type Entry = Omit<TestCard, 'name' | 'brand' | 'funding' | 'country'> & Partial<Pick<TestCard, 'brand' | 'funding' | 'country'>>;

/** Names listed with their aliases (older docs spelled some without `visa_`). */
const ENTRIES: Array<[string[], Entry]> = [
  [['visa'], { number: '4242424242424242' }],
  [['visa_debit'], { number: '4000056655665556', funding: 'debit' }],
  [['mastercard'], { number: '5555555555554444', brand: 'mastercard' }],
  [['mastercard_debit'], { number: '5200828282828210', brand: 'mastercard', funding: 'debit' }],
  [['mastercard_prepaid'], { number: '5105105105105100', brand: 'mastercard', funding: 'prepaid' }],
  [['amex'], { number: '378282246310005', brand: 'amex' }],
  [['discover'], { number: '6011111111111117', brand: 'discover' }],
  [['diners'], { number: '3056930009020004', brand: 'diners' }],
  [['jcb'], { number: '3566002020360505', brand: 'jcb', country: 'JP' }],
  [['unionpay'], { number: '6200000000000005', brand: 'unionpay', country: 'CN' }],
  [['chargeDeclined', 'visa_chargeDeclined'], { number: '4000000000000002', decline: GENERIC, refuseAttach: true }],
  [
    ['chargeDeclinedInsufficientFunds', 'visa_chargeDeclinedInsufficientFunds'],
    { number: '4000000000009995', decline: INSUFFICIENT, refuseAttach: true },
  ],
  [['visa_debit_chargeDeclinedInsufficientFunds'], { number: '4000000000009995', funding: 'debit', decline: INSUFFICIENT, refuseAttach: true }],
  [['chargeDeclinedLostCard', 'visa_chargeDeclinedLostCard'], { number: '4000000000009987', decline: LOST, refuseAttach: true }],
  [['chargeDeclinedStolenCard', 'visa_chargeDeclinedStolenCard'], { number: '4000000000009979', decline: STOLEN, refuseAttach: true }],
  [['chargeDeclinedExpiredCard', 'visa_chargeDeclinedExpiredCard'], { number: '4000000000000069', decline: EXPIRED, refuseAttach: true }],
  [['chargeDeclinedIncorrectCvc', 'visa_chargeDeclinedIncorrectCvc'], { number: '4000000000000127', decline: CVC, refuseAttach: true }],
  [
    ['chargeDeclinedProcessingError', 'visa_chargeDeclinedProcessingError'],
    { number: '4000000000000119', decline: PROCESSING, refuseAttach: true },
  ],
  [
    ['chargeDeclinedVelocityLimitExceeded', 'visa_chargeDeclinedVelocityLimitExceeded'],
    { number: '4000000000006975', decline: VELOCITY, refuseAttach: true },
  ],
  [['chargeDeclinedFraudulent', 'visa_chargeDeclinedFraudulent'], { number: '4000000000000010', decline: FRAUDULENT, refuseAttach: true }],
  [['radarBlock'], { number: '4100000000000019', decline: BLOCKED, refuseAttach: true, risk: 'highest' }],
  [['riskLevelHighest'], { number: '4000000000004954', decline: BLOCKED, refuseAttach: true, risk: 'highest' }],
  [['riskLevelElevated'], { number: '4000000000009235', risk: 'elevated' }],
  [['chargeCustomerFail', 'visa_chargeCustomerFail'], { number: '4000000000000341', decline: GENERIC }],
  [['visa_chargeCustomerFailLostCard'], { number: '4000000000000341', decline: LOST }],
  [['visa_chargeCustomerFailStolenCard'], { number: '4000000000000341', decline: STOLEN }],
  [['bypassPending'], { number: '4000000000000077', bypassPending: true }],
  [['bypassPendingInternational'], { number: '4000003720000278', bypassPending: true, country: 'GB' }],
  [['authenticationRequired'], { number: '4000002760003184', auth: 'always', country: 'DE' }],
  [['authenticationRequiredOnSetup'], { number: '4000002500003155', auth: 'unless_setup', country: 'IE' }],
  [['authenticationRequiredSetupForOffSession'], { number: '4000003800000446', auth: 'on_session', country: 'IE' }],
  [['threeDSecure2Required'], { number: '4000000000003220', auth: 'always' }],
  [['threeDSecureRequired'], { number: '4000000000003063', auth: 'always' }],
  [['threeDSecureRequiredChargeDeclined'], { number: '4000008400001629', auth: 'always', declineAfterAuth: GENERIC }],
  [['threeDSecureRequiredProcessingError'], { number: '4000008400001280', auth: 'always', declineAfterAuth: PROCESSING }],
  [
    ['authenticationRequiredChargeDeclinedInsufficientFunds'],
    { number: '4000008260003178', auth: 'always', declineAfterAuth: INSUFFICIENT, country: 'GB' },
  ],
  [['threeDSecureOptional'], { number: '4000000000003055' }],
  [['createDispute'], { number: '4000000000000259' }],
  [['createDisputeProductNotReceived'], { number: '4000000000002685' }],
  [['createDisputeInquiry'], { number: '4000000000001976' }],
  [['createIssuerFraudRecord'], { number: '4000000000005423' }],
  [['cvcCheckFail'], { number: '4000000000000101', cvcCheck: 'fail' }],
  [['avsZipFail'], { number: '4000000000000036', postalCheck: 'fail' }],
  [['pendingRefund'], { number: '4000000000007726', refund: 'pending' }],
  [['refundFail'], { number: '4000000000005126', refund: 'fail' }],
];

const CATALOGUE = new Map<string, TestCard>();
for (const [names, e] of ENTRIES) {
  for (const name of names) {
    CATALOGUE.set(name, { brand: 'visa', funding: 'credit', country: 'US', ...e, name });
  }
}

/** Looks up a catalogue key; two-letter keys are country cards (`pm_card_gb`): a successful Visa issued there. */
export function testCard(name: string): TestCard | undefined {
  const hit = CATALOGUE.get(name);
  if (hit) return hit;
  if (/^[a-z]{2}$/.test(name)) return { name, number: `4000${name.toUpperCase()}0000000000`, brand: 'visa', funding: 'credit', country: name.toUpperCase() };
  return undefined;
}

/** `pm_card_visa` → the Visa card; `undefined` for anything that is not a magic PaymentMethod. */
export function magicPaymentMethod(id: string): TestCard | undefined {
  return id.startsWith('pm_card_') ? testCard(id.slice('pm_card_'.length)) : undefined;
}

/** `tok_visa` → the Visa card; `undefined` for other ids. */
export function magicToken(id: string): TestCard | undefined {
  return id.startsWith('tok_') ? testCard(id.slice('tok_'.length)) : undefined;
}

/** The brand spelled as legacy `card` objects spell it. */
export function legacyBrand(brand: Brand): string {
  const names: Record<Brand, string> = {
    visa: 'Visa',
    mastercard: 'MasterCard',
    amex: 'American Express',
    discover: 'Discover',
    diners: 'Diners Club',
    jcb: 'JCB',
    unionpay: 'UnionPay',
  };
  return names[brand];
}

/** The catalogue card with this number (the first listed alias wins); any other Luhn-valid number is a plain success. */
export function cardByNumber(number: string): TestCard | undefined {
  for (const card of CATALOGUE.values()) if (card.number === number) return card;
  return undefined;
}

export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false;
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let d = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Brand from the number's prefix (enough for unlisted test numbers). */
export function brandOf(number: string): Brand {
  if (number.startsWith('4')) return 'visa';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'mastercard';
  if (/^3[47]/.test(number)) return 'amex';
  if (/^(6011|65|64[4-9])/.test(number)) return 'discover';
  if (/^3(0|6|8)/.test(number)) return 'diners';
  if (number.startsWith('35')) return 'jcb';
  if (number.startsWith('62')) return 'unionpay';
  return 'visa';
}
