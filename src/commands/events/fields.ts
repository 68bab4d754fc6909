// Events: what happened in the account, newest first (payment_intent.succeeded, charge.refunded …).
import { id, text, time } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';

export const eventsSpec: ResourceSpec = {
  command: 'events',
  description: 'what happened: charge.refunded, payout.paid …',
  path: '/v1/events',
  noun: 'event',
  idPrefixes: ['evt_'],
  // The object id drops out first on a narrow terminal, then CREATED: the type says what happened,
  // and a cut type ("payment_intent.paymen…") says nothing, so it never shrinks.
  columns: [id(), text('TYPE', 'type', { width: 'fixed' }), time('CREATED'), text('OBJECT', 'data.object.id', { minWidth: 27 })],
  detail: [id(), text('Type', 'type'), text('Object', 'data.object.id'), text('Request', 'request.id'), text('Idempotency key', 'request.idempotency_key'), text('API version', 'api_version'), time('Created')],
  listFilters: [{ flags: '--type <type>', param: 'type', description: 'only this event type; a trailing .* matches a family (charge.*)' }],
  examples: {
    list: ['payctl events list --limit 20', "payctl events list --type 'charge.*'", 'payctl events list --type payout.paid --created-after 7d -o jsonl'],
    get: ['payctl events get evt_123', 'payctl events get evt_123 --json | jq .data.object'],
  },
};
