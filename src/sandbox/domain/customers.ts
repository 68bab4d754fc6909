// The customer object with Stripe's defaults, shared by the customers route and Checkout's
// customer_creation; callers fill in fields, then store it and emit `customer.created` themselves.
import type { StripeObject, Tx } from '../core/types.js';

/** A new, not yet stored customer; `invoicePrefix` derives its invoice prefix from the new id. */
export function newCustomerObject(tx: Tx, invoicePrefix: (id: string) => string): StripeObject {
  const id = tx.ids.make('cus');
  return {
    id,
    object: 'customer',
    address: null,
    balance: 0,
    created: tx.now(),
    currency: null,
    customer_account: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email: null,
    invoice_prefix: invoicePrefix(id),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: {},
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}
