// Customers: table columns, detail view and list filters.
import { id, text, time, money } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';
import { formatAmount } from '../../money/format.js';

export const customersSpec: ResourceSpec = {
  command: 'customers',
  description: 'create, look up and manage customers',
  path: '/v1/customers',
  noun: 'customer',
  idPrefixes: ['cus_'],
  columns: [id(), text('NAME', 'name'), text('EMAIL', 'email'), text('DESCRIPTION', 'description'), time('CREATED')],
  detail: [
    id(),
    text('Name', 'name'),
    text('Email', 'email'),
    text('Phone', 'phone'),
    text('Description', 'description'),
    // A customer has no currency until first charged; a zero balance then says nothing worth a line.
    money('Balance', 'balance', 'currency', { get: (c: { balance?: number; currency?: string | null }) => (c.currency ? formatAmount(c.balance ?? 0, c.currency) : c.balance ? `${c.balance} (minor units)` : '') }),
    text('Invoice prefix', 'invoice_prefix'),
    text('Metadata', 'metadata'),
    time('Created'),
  ],
  listFilters: [{ flags: '--email <email>', param: 'email', description: 'only customers with exactly this email' }],
  searchable: true,
  examples: {
    list: ['payctl customers list --limit 20', 'payctl customers list --email ada@example.com', 'payctl customers list --all -o jsonl | jq -r .email'],
    get: ['payctl customers get cus_123', 'payctl customers get cus_123 --json'],
    search: [`payctl customers search "email:'ada@example.com'"`, `payctl customers search "name~'ada' AND metadata['tier']:'gold'"`],
  },
};
