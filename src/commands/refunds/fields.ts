// Refunds: table columns, detail view and list filters.
import { id, money, status, text, time } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';

export const REFUND_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer'] as const;

export const refundsSpec: ResourceSpec = {
  command: 'refunds',
  description: 'refund payments (guided on a TTY); list, cancel',
  path: '/v1/refunds',
  noun: 'refund',
  idPrefixes: ['re_', 'pyr_'],
  columns: [id(), money('AMOUNT', 'amount'), status(), text('REASON', 'reason'), text('CHARGE', 'charge', { minWidth: 27 }), time('CREATED')],
  detail: [
    id(),
    money('Amount', 'amount'),
    status('Status'),
    text('Charge', 'charge'),
    text('Payment intent', 'payment_intent'),
    text('Reason', 'reason'),
    text('Failure reason', 'failure_reason'),
    text('Balance transaction', 'balance_transaction'),
    text('Metadata', 'metadata'),
    time('Created'),
  ],
  listFilters: [
    { flags: '--charge <id>', param: 'charge', description: 'only refunds of this charge' },
    { flags: '--payment-intent <id>', param: 'payment_intent', description: 'only refunds of this payment intent' },
  ],
  examples: {
    list: ['payctl refunds list --limit 20', 'payctl refunds list --charge ch_123', 'payctl refunds list --created-after 7d --all -o csv > refunds.csv'],
    get: ['payctl refunds get re_123', 'payctl refunds get re_123 --expand charge --json'],
  },
};

/** Stripe adds the card and email of a refund marked fraudulent to the account's Radar block lists. */
export const FRAUDULENT_WARNING = 'Warning: reason "fraudulent" adds this card and email to your block lists.';
