// Invoice items: table columns, detail view and list filters.
import { id, money, text, time } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';

export const invoiceItemsSpec: ResourceSpec = {
  command: 'invoice-items',
  description: "one-off lines for a customer's next invoice",
  path: '/v1/invoiceitems',
  noun: 'invoice item',
  idPrefixes: ['ii_'],
  columns: [id(), text('DESCRIPTION', 'description'), money('AMOUNT', 'amount'), text('QTY', 'quantity', { width: 'fixed' }), text('CUSTOMER', 'customer', { minWidth: 18 }), text('INVOICE', 'invoice', { minWidth: 27 }), time('DATE', 'date')],
  detail: [
    id(),
    text('Customer', 'customer'),
    text('Description', 'description'),
    money('Amount', 'amount'),
    text('Quantity', 'quantity'),
    text('Invoice', 'invoice', { get: (o: { invoice?: unknown }) => (o.invoice ? (typeof o.invoice === 'string' ? o.invoice : String((o.invoice as { id?: string }).id ?? '')) : 'pending (next invoice)') }),
    text('Metadata', 'metadata'),
    time('Date', 'date'),
  ],
  listFilters: [
    { flags: '--customer <id>', param: 'customer', kind: 'customer', description: "only this customer's items (a cus_… id or an email)" },
    { flags: '--invoice <id>', param: 'invoice', description: 'only items on this invoice' },
    { flags: '--pending', param: 'pending', description: 'only items not yet on an invoice', kind: 'bool' },
  ],
  examples: {
    list: ['payctl invoice-items list --customer cus_123 --pending', 'payctl invoice-items list --invoice in_123'],
    get: ['payctl invoice-items get ii_123'],
  },
};
