// Row schema of `payment-intents cancel --from-csv`: payment_intent, cancellation_reason, idempotency_key.
import { UsageError } from '../../errors.js';
import { CANCELLATION_REASONS } from '../../commands/payment-intents/fields.js';
import type { BulkVerb, PreparedRow } from '../runner.js';

export const paymentIntentsCancelVerb: BulkVerb = {
  command: 'payment-intents cancel',
  noun: 'payment intent cancellation',
  columns: ['payment_intent', 'cancellation_reason', 'idempotency_key'],
  destructive: true,
  checkHeader(header) {
    if (!header.includes('payment_intent')) throw new UsageError('the CSV needs a payment_intent column (pi_…)');
  },
  async prepare(row): Promise<PreparedRow> {
    const id = row.get('payment_intent');
    if (!/^pi_[A-Za-z0-9_]+$/.test(id)) return { target: id || '(none)', problem: id ? `"${id}" is not a payment intent id (expected pi_…)` : 'no payment intent id' };
    const reason = row.get('cancellation_reason');
    if (reason && !(CANCELLATION_REASONS as readonly string[]).includes(reason)) {
      return { target: id, problem: `invalid cancellation_reason "${reason}": use one of ${CANCELLATION_REASONS.join(', ')}` };
    }
    return {
      target: id,
      idempotencyKey: row.get('idempotency_key') || undefined,
      request: { method: 'POST', path: `/v1/payment_intents/${id}/cancel`, params: { cancellation_reason: reason || undefined } },
    };
  },
  result(body) {
    return { id: String(body?.id ?? ''), amount: typeof body?.amount === 'number' ? body.amount : undefined, currency: typeof body?.currency === 'string' ? body.currency : undefined };
  },
  summary(count, file) {
    return `cancel ${count} payment intent${count === 1 ? '' : 's'} from ${file}`;
  },
};
