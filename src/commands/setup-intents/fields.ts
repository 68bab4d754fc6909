// SetupIntents: table columns, detail view and list filters.
import { id, status, text, time, type Column } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';

export const USAGES = ['off_session', 'on_session'] as const;
export const SETUP_CANCELLATION_REASONS = ['abandoned', 'requested_by_customer', 'duplicate'] as const;

/** Why the last setup attempt failed, e.g. `Your card was declined. (generic_decline)`. */
const lastErrorColumn: Column = text('Last error', 'last_setup_error.message', {
  get: (o: { last_setup_error?: { message?: string; decline_code?: string; code?: string } | null }) => {
    const e = o.last_setup_error;
    if (!e?.message) return '';
    const code = e.decline_code ?? e.code;
    return code ? `${e.message} (${code})` : e.message;
  },
});

export const setupIntentsSpec: ResourceSpec = {
  command: 'setup-intents',
  description: 'save cards for later payments without charging them',
  path: '/v1/setup_intents',
  noun: 'setup intent',
  idPrefixes: ['seti_'],
  columns: [id(), status(), text('USAGE', 'usage'), text('CUSTOMER', 'customer', { minWidth: 18 }), text('PAYMENT METHOD', 'payment_method', { minWidth: 14 }), time('CREATED')],
  detail: [
    id(),
    status('Status'),
    text('Usage', 'usage'),
    text('Customer', 'customer'),
    text('Payment method', 'payment_method'),
    lastErrorColumn,
    text('Cancellation', 'cancellation_reason'),
    text('Description', 'description'),
    text('Next action', 'next_action.type'),
    text('Metadata', 'metadata'),
    time('Created'),
  ],
  listFilters: [
    { flags: '--customer <id>', param: 'customer', description: "only this customer's setup intents" },
    { flags: '--payment-method <id>', param: 'payment_method', description: 'only setup intents for this payment method' },
  ],
  examples: {
    list: ['payctl setup-intents list --customer cus_123', 'payctl setup-intents list --all -o jsonl | jq -r .status'],
    get: ['payctl setup-intents get seti_123', 'payctl setup-intents get seti_123 --expand payment_method --json'],
  },
};
