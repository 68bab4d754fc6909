// Events (`evt_…`), written by tx.emit in the same transaction as the change they describe.
import type { RouteDef } from '../core/types.js';
import { invalidRequest, resourceMissing } from '../core/errors.js';
import { listEndpoint } from '../core/list.js';
import { validate } from '../core/validate.js';

export const routes: RouteDef[] = [
  {
    method: 'GET',
    pattern: '/v1/events',
    handler: (ctx) =>
      listEndpoint(ctx, 'event', {
        url: '/v1/events',
        extra: { type: 'string', types: { array: 'string' }, delivery_success: 'boolean' },
        query: (x) => {
          if (x.type !== undefined && x.types !== undefined) {
            throw invalidRequest('You may only specify one of these parameters: type, types.', { code: 'parameters_exclusive' });
          }
          // `type=charge.*` is Stripe's wildcard form.
          if (typeof x.type === 'string' && x.type.endsWith('.*')) return { wherePrefix: { type: x.type.slice(0, -1) } };
          if (x.type !== undefined) return { whereIn: { type: [x.type] } };
          if (x.types !== undefined) return { whereIn: { type: x.types } };
          return {};
        },
      }),
  },
  {
    method: 'GET',
    pattern: '/v1/events/:id',
    handler: (ctx) => {
      validate(ctx.params, {});
      const e = ctx.tx.get('event', ctx.pathParams.id!);
      if (!e) throw resourceMissing('event', ctx.pathParams.id!);
      return e;
    },
  },
];
