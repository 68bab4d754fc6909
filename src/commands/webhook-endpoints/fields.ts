// Webhook endpoints: where the account POSTs its events (docs.stripe.com/api/webhook_endpoints).
import { id, status, text, time } from '../../output/columns.js';
import type { ResourceSpec } from '../resource/spec.js';

export const webhookEndpointsSpec: ResourceSpec = {
  command: 'webhook-endpoints',
  description: 'where the account sends its events (signed webhooks)',
  path: '/v1/webhook_endpoints',
  noun: 'webhook endpoint',
  idPrefixes: ['we_'],
  columns: [id(), status(), text('URL', 'url'), text('EVENTS', 'enabled_events', { get: (o) => (Array.isArray(o.enabled_events) ? o.enabled_events.join(',') : '') }), time('CREATED')],
  detail: [
    id(),
    status('Status'),
    text('URL', 'url'),
    text('Events', 'enabled_events', { get: (o) => (Array.isArray(o.enabled_events) ? o.enabled_events.join(', ') : '') }),
    text('Description', 'description'),
    text('API version', 'api_version'),
    // Only the create response carries the secret: this is the one chance to copy it.
    text('Signing secret', 'secret'),
    text('Metadata', 'metadata'),
    time('Created'),
  ],
  examples: {
    list: ['payctl webhook-endpoints list', 'payctl webhook-endpoints list --json | jq -r ".[].url"'],
    get: ['payctl webhook-endpoints get we_123'],
  },
};
