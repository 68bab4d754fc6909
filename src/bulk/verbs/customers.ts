// Row schema of `customers update --from-csv`: customer, email, name, metadata.*, idempotency_key.
// An empty cell leaves the field as it is.
import { UsageError } from '../../errors.js';
import type { BulkVerb, PreparedRow } from '../runner.js';

export const customersUpdateVerb: BulkVerb = {
  command: 'customers update',
  noun: 'customer update',
  columns: ['customer', 'email', 'name', 'idempotency_key'],
  prefixes: ['metadata.'],
  destructive: false,
  checkHeader(header) {
    if (!header.includes('customer')) throw new UsageError('the CSV needs a customer column (cus_…)');
    if (!header.some((h) => h === 'email' || h === 'name' || h.startsWith('metadata.'))) {
      throw new UsageError('nothing to update: the CSV needs an email, name or metadata.* column');
    }
  },
  async prepare(row): Promise<PreparedRow> {
    const id = row.get('customer');
    if (!/^cus_[A-Za-z0-9_]+$/.test(id)) return { target: id || '(none)', problem: id ? `"${id}" is not a customer id (expected cus_…)` : 'no customer id' };
    const email = row.get('email');
    if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return { target: id, problem: `invalid email "${email}"` };
    const params = { email: email || undefined, name: row.get('name') || undefined, metadata: row.prefixed('metadata.') };
    if (Object.values(params).every((v) => v === undefined)) return { target: id, problem: 'nothing to update in this row' };
    return { target: id, idempotencyKey: row.get('idempotency_key') || undefined, request: { method: 'POST', path: `/v1/customers/${id}`, params } };
  },
  result(body) {
    return { id: String(body?.id ?? '') };
  },
  summary(count, file) {
    return `update ${count} customer${count === 1 ? '' : 's'} from ${file}`;
  },
};
