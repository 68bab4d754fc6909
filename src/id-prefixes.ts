// Stripe object-id prefixes: the object type and API collection an id belongs to. Shared by the raw
// commands (`payctl get cus_123`) and the sandbox's expand; it imports nothing, so neither pulls in the other.

export interface IdPrefix {
  prefix: string;
  /** The object type the sandbox stores it as; absent for ids the sandbox never mints (live mode). */
  type?: string;
  /** The collection path that fetches it by id; absent for objects with no collection of their own. */
  path?: string;
}

/** Longest prefixes first, so `cs_test_` wins over anything shorter. */
export const ID_PREFIXES: readonly IdPrefix[] = [
  { prefix: 'cs_test_', type: 'checkout.session', path: '/v1/checkout/sessions' },
  { prefix: 'cs_live_', path: '/v1/checkout/sessions' },
  { prefix: 'cus_', type: 'customer', path: '/v1/customers' },
  { prefix: 'txn_', type: 'balance_transaction', path: '/v1/balance_transactions' },
  { prefix: 'evt_', type: 'event', path: '/v1/events' },
  { prefix: 'card_', type: 'card' },
  { prefix: 'pi_', type: 'payment_intent', path: '/v1/payment_intents' },
  { prefix: 'pm_', type: 'payment_method', path: '/v1/payment_methods' },
  { prefix: 'seti_', type: 'setup_intent', path: '/v1/setup_intents' },
  { prefix: 'ch_', type: 'charge', path: '/v1/charges' },
  { prefix: 'py_', type: 'charge', path: '/v1/charges' },
  { prefix: 're_', type: 'refund', path: '/v1/refunds' },
  { prefix: 'po_', type: 'payout', path: '/v1/payouts' },
  { prefix: 'in_', type: 'invoice', path: '/v1/invoices' },
  { prefix: 'ii_', type: 'invoiceitem', path: '/v1/invoiceitems' },
  { prefix: 'dp_', type: 'dispute', path: '/v1/disputes' },
  { prefix: 'prod_', type: 'product', path: '/v1/products' },
  { prefix: 'price_', type: 'price', path: '/v1/prices' },
  { prefix: 'sub_', type: 'subscription', path: '/v1/subscriptions' },
];
