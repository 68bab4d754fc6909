// Balance and balance transactions: columns, detail view, filters.
import { id, money, status, text, time } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';

export const balanceColumns = [text('CURRENCY', 'currency'), money('AVAILABLE', 'available', 'currency'), money('PENDING', 'pending', 'currency')];

export const balanceTransactionsSpec: ResourceSpec = {
  command: 'transactions',
  description: 'balance transactions: every movement of funds, with fees and net',
  path: '/v1/balance_transactions',
  noun: 'balance transaction',
  idPrefixes: ['txn_'],
  // AVAILABLE ("in 2d" or "3d ago") says pending or available; STATUS and CREATED are in the detail view.
  // FEE is dropped (never cut) when large amounts leave no room for it; NET and AMOUNT imply it.
  columns: [id(), text('TYPE', 'type'), money('AMOUNT', 'amount'), money('NET', 'net'), time('AVAILABLE', 'available_on'), money('FEE', 'fee', 'currency', { width: 'flex', minWidth: 16 })],
  detail: [
    id(),
    text('Type', 'type'),
    money('Amount', 'amount'),
    money('Fee', 'fee'),
    money('Net', 'net'),
    status('Status'),
    text('Source', 'source'),
    text('Category', 'reporting_category'),
    text('Description', 'description'),
    time('Available on', 'available_on'),
    time('Created'),
  ],
  listFilters: [
    { flags: '--type <type>', param: 'type', description: 'only this type (charge, refund, payout, payout_cancel, …)' },
    { flags: '--payout <id>', param: 'payout', description: 'only transactions paid out in this payout' },
    { flags: '--source <id>', param: 'source', description: 'only transactions of this source object (ch_…, re_…, po_…)' },
    { flags: '--currency <code>', param: 'currency', description: 'only this currency' },
  ],
  examples: {
    list: ['payctl balance transactions list --type charge --limit 20', 'payctl balance transactions list --created-after 7d -o csv > ledger.csv'],
    get: ['payctl balance transactions get txn_123'],
  },
};
