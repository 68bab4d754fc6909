// `payctl webhook-endpoints list|get|create|update|delete`: list/get from the generic builder.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addRequestFlags, addResourceGroup, checkId, collect, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from '../resource/builder.js';
import { webhookEndpointsSpec as spec } from './fields.js';
import { UsageError } from '../../errors.js';

interface EndpointFlags extends RequestFlagValues {
  url?: string;
  events?: string;
  description?: string;
  metadata?: string[];
  disable?: boolean;
  enable?: boolean;
}

const EVENT_RE = /^([a-z_]+(\.[a-z_]+)+|\*)$/;

/** `--events a,b` → ['a','b']; `*` means every event. */
export function parseEventsFlag(value: string): string[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length === 0) throw new UsageError('invalid --events "": name at least one event type, or *');
  for (const e of list) if (!EVENT_RE.test(e)) throw new UsageError(`invalid --events "${e}": use event types such as charge.succeeded, or *`);
  return list;
}

function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new UsageError(`invalid --url "${url}": use an http(s) URL such as https://example.com/webhook`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new UsageError(`invalid --url "${url}": use an http(s) URL`);
  return url;
}

function fields(o: EndpointFlags): Record<string, unknown> {
  return {
    url: o.url === undefined ? undefined : checkUrl(o.url),
    enabled_events: o.events === undefined ? undefined : parseEventsFlag(o.events),
    description: o.description,
    metadata: parseMetadataFlags(o.metadata),
  };
}

function addEndpointFlags(cmd: Command): Command {
  return cmd
    .option('--url <url>', 'where to POST events (http or https)')
    .option('--events <types>', 'comma-separated event types, or * for all')
    .option('--description <text>', 'what the endpoint is for')
    .option('--metadata <key=value>', 'metadata (repeatable); key= removes a key', collect);
}

export function registerWebhookEndpointsCommands(program: Command, ctx: CommandContext): void {
  const group = addResourceGroup(program, ctx, spec);

  const create = addEndpointFlags(group.command('create').description('create a webhook endpoint (its signing secret is shown once)'));
  addRequestFlags(create, { mutation: true });
  withExamples(create, ['payctl webhook-endpoints create --url https://example.com/hook --events "*"', 'payctl webhook-endpoints create --url http://127.0.0.1:3000/webhook --events payment_intent.succeeded --json | jq -r .secret']);
  create.action(async (o: EndpointFlags) => {
    const missing = [o.url === undefined ? '--url' : '', o.events === undefined ? '--events' : ''].filter(Boolean);
    if (missing.length) throw new UsageError(`missing required ${missing.length === 1 ? 'flag' : 'flags'}: ${missing.join(', ')}`);
    const params = await requestParams(o, fields(o));
    await runMutation(ctx, { method: 'POST', path: spec.path, params, summary: `create a webhook endpoint for ${o.url}`, idempotencyKey: o.idempotencyKey }, spec.detail);
    ctx.note('payctl: the signing secret is shown only now; keep it with your webhook handler');
  });

  const update = addEndpointFlags(group.command('update').description('update a webhook endpoint, or disable/enable it').argument('<id>', 'webhook endpoint id'))
    .option('--disable', 'stop sending events to it')
    .option('--enable', 'send events to it again');
  addRequestFlags(update, { mutation: true });
  withExamples(update, ['payctl webhook-endpoints update we_123 --events "charge.refunded,payout.paid"', 'payctl webhook-endpoints update we_123 --disable']);
  update.action(async (id: string, o: EndpointFlags) => {
    checkId(id, spec);
    if (o.disable && o.enable) throw new UsageError('use only one of --disable and --enable');
    const params = await requestParams(o, { ...fields(o), disabled: o.disable ? true : o.enable ? false : undefined });
    if (Object.keys(params).filter((k) => k !== 'expand').length === 0) throw new UsageError('nothing to update: give at least one of --url, --events, --description, --metadata, --disable, --enable or -d');
    await runMutation(ctx, { method: 'POST', path: `${spec.path}/${id}`, params, summary: `update webhook endpoint ${id}`, idempotencyKey: o.idempotencyKey }, spec.detail);
  });

  const del = group.command('delete').description('delete a webhook endpoint (asks on a TTY; --yes otherwise)').argument('<id>', 'webhook endpoint id');
  withExamples(del, ['payctl webhook-endpoints delete we_123 --yes']);
  del.action(async (id: string) => {
    checkId(id, spec);
    await runMutation(ctx, { method: 'DELETE', path: `${spec.path}/${id}`, params: {}, summary: `delete webhook endpoint ${id}`, destructive: true }, spec.detail);
  });
}
