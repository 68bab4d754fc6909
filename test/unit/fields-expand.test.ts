import { describe, expect, test } from 'vitest';
import { expandsForFields, objectTypeForPath } from '../../src/commands/resource/fields-expand.js';

describe('expandsForFields', () => {
  test.each<[string, string[], boolean, string[]]>([
    ['charge', ['id', 'amount', 'customer.email'], false, ['customer']],
    ['charge', ['id', 'amount', 'customer.email'], true, ['data.customer']],
    ['charge', ['customer'], false, []], // the id itself needs nothing
    ['charge', ['billing_details.address.city'], false, []], // a plain hash
    ['charge', ['payment_intent.customer.email', 'payment_intent.id'], false, ['payment_intent', 'payment_intent.customer']],
    ['refund', ['charge.payment_intent.customer.email'], true, ['data.charge', 'data.charge.payment_intent', 'data.charge.payment_intent.customer']],
    ['customer', ['invoice_settings.default_payment_method.card.brand'], false, ['invoice_settings.default_payment_method']],
    ['charge', ['refunds.data.0.amount'], false, ['refunds']],
    ['charge', ['refunds.data.0.balance_transaction.fee'], false, ['refunds', 'refunds.data.balance_transaction']],
    ['balance_transaction', ['source.customer.email'], false, ['source']], // the source's type varies: stop there
    // Four levels at most: the fifth is not asked for (Stripe would refuse the whole request).
    ['refund', ['charge.payment_intent.latest_charge.customer.invoice_settings.default_payment_method.id'], false, ['charge', 'charge.payment_intent', 'charge.payment_intent.latest_charge', 'charge.payment_intent.latest_charge.customer']],
    [undefined as unknown as string, ['customer.email'], false, []],
  ])('%s %j (list %s) → %j', (type, fields, list, expected) => {
    expect(expandsForFields(type, fields, { list })).toEqual(expected);
  });

  test.each([
    ['/v1/charges', 'charge'],
    ['/v1/charges/ch_1/capture', 'charge'],
    ['/v1/payment_intents/pi_1/confirm', 'payment_intent'],
    ['/v1/checkout/sessions', 'checkout.session'],
    ['/v1/invoiceitems', 'invoiceitem'],
    ['/v1/balance', undefined],
  ])('objectTypeForPath %s → %s', (path, type) => {
    expect(objectTypeForPath(path)).toBe(type);
  });
});
