// Webhook endpoints (docs.stripe.com/api/webhook_endpoints): where the sandbox POSTs its events.
// The signing secret is stored with the endpoint and shown only in the create response.
import type { StripeObject, Tx } from '../core/types.js';
import { invalidRequest, resourceMissing } from '../core/errors.js';
import { mergeMetadata } from '../core/validate.js';
import { randomBase62 } from '../core/ids.js';

export const ENDPOINT_TYPE = 'webhook_endpoint';
export const ATTEMPT_TYPE = 'webhook_attempt';

const EVENT_TYPE_RE = /^[a-z_]+(\.[a-z_]+)+$/;
const MAX_ENDPOINTS = 16; // Stripe allows 16 webhook endpoints per account

export interface EndpointParams {
  url?: string;
  enabled_events?: string[];
  description?: string | null;
  metadata?: Record<string, string>;
  api_version?: string;
  disabled?: boolean;
}

function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalidRequest(`Invalid URL: ${url}`, { param: 'url', code: 'url_invalid' });
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw invalidRequest(`Invalid URL: ${url}: must be an http or https URL`, { param: 'url', code: 'url_invalid' });
  return url;
}

function checkEvents(events: string[]): string[] {
  if (events.length === 0) throw invalidRequest('Invalid enabled_events: must contain at least one event type', { param: 'enabled_events' });
  for (const e of events) {
    if (e !== '*' && !EVENT_TYPE_RE.test(e)) throw invalidRequest(`Invalid enabled_events: '${e}' is not an event type (use a type such as charge.succeeded, or *)`, { param: 'enabled_events' });
  }
  return [...new Set(events)];
}

/** The endpoint as the API shows it: the secret only when asked (the create response). */
export function endpointOut(ep: StripeObject, withSecret = false): StripeObject {
  if (withSecret) return ep;
  const { secret: _secret, ...rest } = ep;
  return rest as StripeObject;
}

export function requireEndpoint(tx: Tx, id: string): StripeObject {
  const ep = tx.get(ENDPOINT_TYPE, id);
  if (!ep) throw resourceMissing('webhook_endpoint', id);
  return ep;
}

export function createEndpoint(tx: Tx, p: EndpointParams): StripeObject {
  if (p.url === undefined) throw invalidRequest('Missing required param: url.', { code: 'parameter_missing', param: 'url' });
  if (p.enabled_events === undefined) throw invalidRequest('Missing required param: enabled_events.', { code: 'parameter_missing', param: 'enabled_events' });
  if (tx.list(ENDPOINT_TYPE, { limit: MAX_ENDPOINTS }).data.length >= MAX_ENDPOINTS) {
    throw invalidRequest(`You have reached the maximum of ${MAX_ENDPOINTS} test webhook endpoints.`);
  }
  const ep: StripeObject = {
    id: tx.ids.make('we', 24),
    object: 'webhook_endpoint',
    api_version: p.api_version ?? null,
    application: null,
    created: tx.now(),
    description: p.description ?? null,
    enabled_events: checkEvents(p.enabled_events),
    livemode: false,
    metadata: mergeMetadata({}, p.metadata),
    secret: `whsec_${randomBase62(32)}`,
    status: 'enabled',
    url: checkUrl(p.url),
  };
  return tx.insert(ENDPOINT_TYPE, ep);
}

export function updateEndpoint(tx: Tx, ep: StripeObject, p: EndpointParams): StripeObject {
  const next: StripeObject = { ...ep };
  if (p.url !== undefined) next.url = checkUrl(p.url);
  if (p.enabled_events !== undefined) next.enabled_events = checkEvents(p.enabled_events);
  if (p.description !== undefined) next.description = p.description === '' ? null : p.description;
  if (p.metadata !== undefined) next.metadata = mergeMetadata(ep.metadata ?? {}, p.metadata);
  if (p.disabled !== undefined) next.status = p.disabled ? 'disabled' : 'enabled';
  return tx.update(ENDPOINT_TYPE, next);
}

export function deleteEndpoint(tx: Tx, ep: StripeObject): StripeObject {
  tx.remove(ENDPOINT_TYPE, ep.id);
  return { id: ep.id, object: 'webhook_endpoint', deleted: true };
}
