// Invoices: table columns, detail view (amounts due/paid/remaining, a lines summary) and list filters.
import { id, money, status, text, time } from '../../output/columns.js';
import { formatAmount } from '../../money/format.js';
import type { ResourceSpec } from '../resource/spec.js';

export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;
export const COLLECTION_METHODS = ['charge_automatically', 'send_invoice'] as const;

interface InvoiceLine {
  description?: string | null;
  amount?: number;
  currency?: string;
  quantity?: number | null;
}
interface InvoiceLike {
  currency?: string;
  lines?: { data?: InvoiceLine[]; has_more?: boolean; total_count?: number };
}

/** `2 lines: T-shirt ×2 40.00 USD; Setup fee 10.00 USD` — enough to recognise the invoice without `--json`. */
function linesSummary(inv: InvoiceLike): string {
  const data = inv.lines?.data ?? [];
  if (data.length === 0) return inv.lines ? 'no lines' : '';
  const count = inv.lines?.total_count ?? data.length;
  const shown = data.slice(0, 3).map((l) => {
    const qty = l.quantity && l.quantity > 1 ? ` ×${l.quantity}` : '';
    const amount = typeof l.amount === 'number' ? ` ${formatAmount(l.amount, l.currency ?? inv.currency ?? 'usd')}` : '';
    return `${l.description || '(no description)'}${qty}${amount}`;
  });
  const more = count > shown.length || inv.lines?.has_more ? '; …' : '';
  return `${count} line${count === 1 ? '' : 's'}: ${shown.join('; ')}${more}`;
}

export const invoicesSpec: ResourceSpec = {
  command: 'invoices',
  description: 'create, finalize, collect and void invoices',
  path: '/v1/invoices',
  noun: 'invoice',
  idPrefixes: ['in_'],
  // Flex columns drop from the right when the terminal is narrow: the customer id goes before the number.
  columns: [
    id(),
    text('NUMBER', 'number', { width: 'fixed' }),
    money('AMOUNT DUE', 'amount_due'),
    status(),
    text('CUSTOMER', 'customer', { minWidth: 18 }),
    // Blank for one-off invoices; flex, so it gives way first on a narrow terminal.
    text('SUBSCRIPTION', 'parent.subscription_details.subscription', { minWidth: 12 }),
    time('CREATED'),
  ],
  detail: [
    id(),
    text('Number', 'number'),
    status('Status'),
    text('Customer', 'customer'),
    text('Email', 'customer_email'),
    text('Subscription', 'parent.subscription_details.subscription'),
    text('Billing reason', 'billing_reason'),
    text('Collection', 'collection_method'),
    money('Amount due', 'amount_due'),
    money('Amount paid', 'amount_paid'),
    money('Remaining', 'amount_remaining'),
    money('Total', 'total'),
    text('Lines', 'lines', { get: (o: InvoiceLike) => linesSummary(o) }),
    text('Description', 'description'),
    text('Hosted URL', 'hosted_invoice_url'),
    time('Due', 'due_date'),
    text('Metadata', 'metadata'),
    time('Created'),
  ],
  listFilters: [
    { flags: '--customer <id>', param: 'customer', kind: 'customer', description: "only this customer's invoices (a cus_… id or an email)" },
    { flags: '--status <status>', param: 'status', description: 'only invoices in this status', choices: INVOICE_STATUSES },
    { flags: '--collection-method <method>', param: 'collection_method', description: 'only invoices collected this way', choices: COLLECTION_METHODS },
    { flags: '--subscription <id>', param: 'subscription', description: "only this subscription's invoices (sub_…)" },
  ],
  searchable: true,
  examples: {
    list: ['payctl invoices list --status open', 'payctl invoices list --customer cus_123 --limit 20', 'payctl invoices list --subscription sub_123', 'payctl invoices list --all -o jsonl | jq -r .number'],
    get: ['payctl invoices get in_123', 'payctl invoices get in_123 --expand customer --json'],
    search: [`payctl invoices search "status:'open' AND total>10000"`, `payctl invoices search "customer:'cus_123'"`],
  },
};
