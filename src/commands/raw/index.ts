// `payctl get|post|delete PATH_OR_ID`: the raw API escape hatch. An object ID resolves to its path by prefix.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addRequestFlags, printJson, printList, requestParams, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { text } from '../../output/columns.js';
import { UsageError } from '../../errors.js';
import { ID_PREFIXES } from '../../id-prefixes.js';

/** `/v1/x` and `v1/x` pass through; `cus_123` becomes `/v1/customers/cus_123`; anything else is a usage error. */
function resolvePath(input: string): string {
  if (input.startsWith('/')) return input;
  if (input.startsWith('v1/')) return `/${input}`;
  for (const { prefix, path } of ID_PREFIXES) {
    if (path && input.startsWith(prefix) && input.length > prefix.length) return `${path}/${input}`;
  }
  throw new UsageError(`cannot resolve "${input}": give an API path like /v1/charges or an object id like cus_123, ch_123, pi_123`);
}

export function registerRawCommands(program: Command, ctx: CommandContext): void {
  const verbs: Array<['get' | 'post' | 'delete', 'GET' | 'POST' | 'DELETE', string]> = [
    ['get', 'GET', 'GET any API path or object id'],
    ['post', 'POST', 'POST to any API path (with an idempotency key)'],
    ['delete', 'DELETE', 'DELETE any API path or object id'],
  ];
  for (const [name, method, description] of verbs) {
    const cmd = program.command(name).description(description).argument('<path-or-id>', 'API path (/v1/…) or object id (cus_…, ch_…)');
    addRequestFlags(cmd, { mutation: method === 'POST' });
    withExamples(cmd, {
      get: ['payctl get cus_123', 'payctl get /v1/charges -d limit=3', 'payctl get /v1/events -d "type=charge.refunded"'],
      post: ['payctl post /v1/customers -d name=Ada -d "metadata[tier]=gold"', 'payctl post cus_123 -d "description=VIP"'],
      delete: ['payctl delete cus_123 --yes'],
    }[name]);
    cmd.action(async (target: string, o: RequestFlagValues) => {
      const path = resolvePath(target);
      const params = await requestParams(o);
      if (method !== 'GET') await ctx.confirmMutation({ summary: `${method} ${path}`, destructive: method === 'DELETE' });
      const client = await ctx.client();
      const res = await client.request({ method, path, params, idempotencyKey: o.idempotencyKey });
      if (ctx.output().format === 'csv') await printRawCsv(ctx, res.body);
      else await printJson(ctx, res.body);
    });
  }
}

/**
 * `-o csv` for a raw response: a list's `data` (or the one object) as rows, with a column per
 * --fields path, else per top-level field of the first row. JSON is never passed off as CSV.
 */
async function printRawCsv(ctx: CommandContext, body: unknown): Promise<void> {
  const envelope = body as { object?: unknown; data?: unknown } | null;
  const isList = envelope !== null && typeof envelope === 'object' && (envelope.object === 'list' || envelope.object === 'search_result') && Array.isArray(envelope.data);
  const rows: unknown[] = isList ? (envelope.data as unknown[]) : [body];
  const first = rows[0];
  const keys = ctx.output().fields ?? (first !== null && typeof first === 'object' && !Array.isArray(first) ? Object.keys(first) : []);
  await printList(ctx, rows, keys.map((k) => text(k.toUpperCase(), k)));
}
