// Checkout Sessions: table columns, detail view and list filters.
import { id, money, status, text, time } from '../../output/columns.js';
import { getPath } from '../../output/fields.js';
import type { ResourceSpec } from '../resource/spec.js';

export const CHECKOUT_STATUSES = ['open', 'complete', 'expired'] as const;
export const CHECKOUT_MODES = ['payment', 'setup', 'subscription'] as const;

/** The email the session is for: the one given at creation, else the one the customer typed. */
function email(o: unknown): string {
  const v = getPath(o, 'customer_email') ?? getPath(o, 'customer_details.email');
  return typeof v === 'string' ? v : '';
}

export const checkoutSessionsSpec: ResourceSpec = {
  command: 'checkout-sessions',
  description: 'hosted payment pages: create, check, expire',
  path: '/v1/checkout/sessions',
  noun: 'checkout session',
  idPrefixes: ['cs_'],
  // Session ids are ~66 characters: they go last so the short columns stay aligned when a line wraps.
  columns: [status(), status('PAYMENT', 'payment_status'), money('AMOUNT', 'amount_total'), time('CREATED'), text('EMAIL', 'customer_email', { get: email, minWidth: 16 }), id()],
  detail: [
    id(),
    status('Status'),
    status('Payment', 'payment_status'),
    text('Mode', 'mode'),
    money('Amount', 'amount_total'),
    text('Customer', 'customer'),
    text('Email', 'customer_email', { get: email }),
    text('Payment intent', 'payment_intent'),
    text('URL', 'url'),
    text('Success URL', 'success_url'),
    text('Cancel URL', 'cancel_url'),
    time('Expires', 'expires_at'),
    text('Metadata', 'metadata'),
    time('Created'),
  ],
  listFilters: [
    { flags: '--status <status>', param: 'status', description: 'only sessions in this status', choices: CHECKOUT_STATUSES },
    { flags: '--customer <id>', param: 'customer', kind: 'customer', description: "only this customer's sessions (a cus_… id or an email)" },
    { flags: '--payment-intent <id>', param: 'payment_intent', description: 'only the session of this PaymentIntent' },
    { flags: '--customer-email <email>', param: 'customer_details[email]', description: 'only sessions completed with this email' },
  ],
  examples: {
    list: ['payctl checkout-sessions list --status open', 'payctl checkout-sessions list --customer cus_123', 'payctl checkout-sessions list --status complete --all -o jsonl'],
    get: ['payctl checkout-sessions get cs_test_123', 'payctl checkout-sessions get cs_test_123 --expand line_items --json'],
  },
};
