// The one place bulk code takes money helpers from: amount parsing with the same rules as the flags
// (integer = minor units, decimal = major units by the currency's exponent, an optional currency
// suffix that must agree) and major-unit formatting. Repoint these imports when money code moves.
export { parseAmountWithCurrency } from '../output/money.js';
export { formatAmount, formatMajor } from '../output/money.js';
export { refundableAmount, type RefundableCharge } from '../commands/refunds/refundable.js';
