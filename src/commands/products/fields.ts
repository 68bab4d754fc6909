// Products: table columns, detail view and list filters.
import { bool, id, text, time } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';

export const productsSpec: ResourceSpec = {
  command: 'products',
  description: 'the catalogue: products and their default prices',
  path: '/v1/products',
  noun: 'product',
  idPrefixes: ['prod_'],
  columns: [id(), text('NAME', 'name'), bool('ACTIVE', 'active'), text('DEFAULT PRICE', 'default_price', { minWidth: 14 }), time('CREATED')],
  detail: [
    id(),
    text('Name', 'name'),
    bool('Active', 'active'),
    text('Description', 'description'),
    text('Default price', 'default_price'),
    text('Unit label', 'unit_label'),
    text('Metadata', 'metadata'),
    time('Created'),
    time('Updated', 'updated'),
  ],
  listFilters: [{ flags: '--active <bool>', param: 'active', kind: 'bool', description: 'only active (true) or archived (false) products', choices: ['true', 'false'] }],
  searchable: true,
  examples: {
    list: ['payctl products list --active true', 'payctl products list --all -o csv'],
    get: ['payctl products get prod_123'],
    search: [`payctl products search "name~'pro'"`, `payctl products search "metadata['tier']:'gold'"`],
  },
};
