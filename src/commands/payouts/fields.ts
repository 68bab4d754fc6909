// Payouts: table columns, detail view and list filters (status, arrival date range).
import { id, money, status, text, time } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';

export const PAYOUT_STATUSES = ['pending', 'in_transit', 'paid', 'failed', 'canceled'] as const;
export const PAYOUT_METHODS = ['standard', 'instant'] as const;

export const payoutsSpec: ResourceSpec = {
  command: 'payouts',
  description: 'send available funds to your bank account',
  path: '/v1/payouts',
  noun: 'payout',
  idPrefixes: ['po_'],
  columns: [id(), money('AMOUNT', 'amount'), status(), time('ARRIVAL', 'arrival_date'), text('DESCRIPTION', 'description'), text('METHOD', 'method', { minWidth: 8 }), time('CREATED')],
  detail: [
    id(),
    money('Amount', 'amount'),
    status('Status'),
    time('Arrival', 'arrival_date'),
    text('Method', 'method'),
    text('Destination', 'destination'),
    text('Description', 'description'),
    text('Statement descriptor', 'statement_descriptor'),
    text('Failure', 'failure_message'),
    text('Balance transaction', 'balance_transaction'),
    text('Metadata', 'metadata'),
    time('Created'),
  ],
  listFilters: [
    { flags: '--status <status>', param: 'status', description: 'only payouts in this status', choices: PAYOUT_STATUSES },
    { flags: '--arrival-after <when>', param: 'arrival_date', description: 'arriving at or after: a date (2026-11-01) or an age (7d)', kind: 'time-gte' },
    { flags: '--arrival-before <when>', param: 'arrival_date', description: 'arriving at or before: a date or an age', kind: 'time-lte' },
  ],
  examples: {
    list: ['payctl payouts list --status in_transit', 'payctl payouts list --arrival-after 2026-11-01 --arrival-before 2026-11-30', 'payctl payouts list --all -o csv > payouts.csv'],
    get: ['payctl payouts get po_123', 'payctl payouts get po_123 --expand balance_transaction --json'],
  },
};
