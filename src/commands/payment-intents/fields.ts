// PaymentIntents: table columns, detail view and list filters.
import { id, money, status, text, time, type Column } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';

export const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
export const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;

/** Why the last attempt failed, e.g. `Your card has insufficient funds. (insufficient_funds)`. */
const lastErrorColumn: Column = text('Last error', 'last_payment_error.message', {
  get: (o: { last_payment_error?: { message?: string; decline_code?: string; code?: string } | null }) => {
    const e = o.last_payment_error;
    if (!e?.message) return '';
    const code = e.decline_code ?? e.code;
    return code ? `${e.message} (${code})` : e.message;
  },
});

export const paymentIntentsSpec: ResourceSpec = {
  command: 'payment-intents',
  description: 'create, confirm, capture and cancel payments',
  path: '/v1/payment_intents',
  noun: 'payment intent',
  idPrefixes: ['pi_'],
  columns: [id(), money('AMOUNT', 'amount'), status(), text('DESCRIPTION', 'description'), text('CUSTOMER', 'customer', { minWidth: 18 }), time('CREATED')],
  detail: [
    id(),
    money('Amount', 'amount'),
    money('Received', 'amount_received'),
    money('Capturable', 'amount_capturable'),
    status('Status'),
    text('Capture method', 'capture_method'),
    text('Payment method', 'payment_method'),
    text('Customer', 'customer'),
    text('Latest charge', 'latest_charge'),
    lastErrorColumn,
    text('Cancellation', 'cancellation_reason'),
    text('Description', 'description'),
    text('Receipt email', 'receipt_email'),
    text('Next action', 'next_action.type'),
    text('Metadata', 'metadata'),
    time('Created'),
  ],
  listFilters: [{ flags: '--customer <id>', param: 'customer', kind: 'customer', description: "only this customer's payment intents (a cus_… id or an email)" }],
  searchable: true,
  examples: {
    list: ['payctl payment-intents list --limit 20', 'payctl payment-intents list --customer cus_123', 'payctl payment-intents list --all -o jsonl | jq -r .status'],
    get: ['payctl payment-intents get pi_123', 'payctl payment-intents get pi_123 --expand latest_charge --json'],
    search: [`payctl payment-intents search "status:'requires_capture'"`, `payctl payment-intents search "metadata['order']:'6735'" --json`],
  },
};
