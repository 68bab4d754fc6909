// Webhook endpoints (docs.stripe.com/api/webhook_endpoints): create, retrieve, update, delete, list;
// plus the sandbox-only delivery log `GET /v1/test_helpers/sandbox/webhook_attempts`.
import type { RouteDef, StripeObject } from '../core/types.js';
import { validate, type Spec } from '../core/validate.js';
import { listEndpoint } from '../core/list.js';
import { ATTEMPT_TYPE, ENDPOINT_TYPE, createEndpoint, deleteEndpoint, endpointOut, requireEndpoint, updateEndpoint } from '../domain/webhooks.js';

const CREATE: Record<string, Spec> = {
  url: 'string',
  enabled_events: { array: 'string' },
  description: { nullable: 'string' },
  metadata: 'metadata',
  api_version: 'string',
  connect: 'boolean',
};

const UPDATE: Record<string, Spec> = {
  url: 'string',
  enabled_events: { array: 'string' },
  description: { nullable: 'string' },
  metadata: 'metadata',
  disabled: 'boolean',
};

function withoutSecrets(list: StripeObject): StripeObject {
  return { ...list, data: (list.data as StripeObject[]).map((ep) => endpointOut(ep)) };
}

export const routes: RouteDef[] = [
  {
    method: 'POST',
    pattern: '/v1/webhook_endpoints',
    handler: (ctx) => endpointOut(createEndpoint(ctx.tx, validate(ctx.params, CREATE)), true),
  },
  {
    method: 'GET',
    pattern: '/v1/webhook_endpoints',
    handler: (ctx) => withoutSecrets(listEndpoint(ctx, ENDPOINT_TYPE, { url: '/v1/webhook_endpoints' })),
  },
  {
    method: 'GET',
    pattern: '/v1/webhook_endpoints/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return endpointOut(requireEndpoint(ctx.tx, ctx.pathParams.id!));
    },
  },
  {
    method: 'POST',
    pattern: '/v1/webhook_endpoints/:id',
    handler: (ctx) => endpointOut(updateEndpoint(ctx.tx, requireEndpoint(ctx.tx, ctx.pathParams.id!), validate(ctx.params, UPDATE))),
  },
  {
    method: 'DELETE',
    pattern: '/v1/webhook_endpoints/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      return deleteEndpoint(ctx.tx, requireEndpoint(ctx.tx, ctx.pathParams.id!));
    },
  },
  {
    // Sandbox-only: every delivery attempt, newest first, with status code, duration and error.
    method: 'GET',
    pattern: '/v1/test_helpers/sandbox/webhook_attempts',
    handler: (ctx) =>
      listEndpoint(ctx, ATTEMPT_TYPE, {
        url: '/v1/test_helpers/sandbox/webhook_attempts',
        extra: { endpoint: 'string', event: 'string' },
        where: (x) => (Object.keys(x).length ? { ...x } : undefined),
      }),
  },
];
