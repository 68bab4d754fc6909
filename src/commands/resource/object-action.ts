// `RESOURCE VERB ID`: one command per state-changing action on an existing object (finalize, void,
// cancel, expire, delete…), described as data so each resource declares its actions in a few lines.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { ResourceSpec } from './spec.js';
import { bool, id, type Column } from '../../output/columns.js';
import { addRequestFlags, checkId, collect, parseMetadataFlags, requestParams, runMutation, withExamples, type RequestFlagValues } from './builder.js';
import { UsageError } from '../../errors.js';
import { addBulkFlags, checkBulkFlagsAlone, checkOnlyFile, runBulkVerb, type BulkFlagValues, type BulkVerbName } from '../../bulk/flags.js';

export interface ObjectAction<F extends RequestFlagValues = RequestFlagValues> {
  /** CLI verb, e.g. 'mark-uncollectible'. */
  verb: string;
  /** API sub-path after the id, e.g. 'mark_uncollectible'; omitted with DELETE. */
  apiPath?: string;
  method?: 'POST' | 'DELETE';
  description: string;
  /** Plain-language effect shown at confirmations, e.g. `void invoice in_123`. */
  summary: (id: string) => string;
  destructive?: boolean;
  examples: string[];
  /** Adds the verb's own flags. */
  flags?: (cmd: Command) => void;
  /** Turns the verb's own flags into API params; throws UsageError before any request. */
  params?: (o: F) => Record<string, unknown>;
  /** Detail view of the response (default: the resource's). */
  detail?: Column[];
  /** Also acts on many objects from a CSV file (`--from-csv`): the id becomes optional. */
  bulk?: BulkVerbName;
  /**
   * Checks the object before anyone is asked to confirm (skipped under --dry-run): throws a
   * UsageError when the action cannot apply, so nobody confirms something that would be refused.
   */
  precheck?: (ctx: CommandContext, id: string) => Promise<void>;
}

/** Adds one action command to a resource group. */
export function addObjectAction<F extends RequestFlagValues>(group: Command, ctx: CommandContext, spec: ResourceSpec, action: ObjectAction<F>): Command {
  const method = action.method ?? 'POST';
  const cmd = group.command(action.verb).description(action.description).argument(action.bulk ? '[id]' : '<id>', `${spec.noun} id`);
  action.flags?.(cmd);
  // DELETE takes no body, so -d/--idempotency-key would be misleading there.
  if (method === 'POST') addRequestFlags(cmd, { mutation: true });
  if (action.bulk) addBulkFlags(cmd, spec.noun);
  withExamples(cmd, action.examples);
  cmd.action(async (objectId: string | undefined, o: F & BulkFlagValues) => {
    if (action.bulk) {
      checkBulkFlagsAlone(o);
      if (o.fromCsv !== undefined) {
        const { fromCsv, results, concurrency, ...rest } = o as Record<string, unknown>;
        checkOnlyFile({ ID: objectId, ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, v])) });
        await runBulkVerb(ctx, action.bulk, { fromCsv: fromCsv as string, results: results as string | undefined, concurrency: concurrency as string | undefined });
        return;
      }
      if (objectId === undefined) throw new UsageError(`missing ${spec.noun} id (or --from-csv FILE)`);
    }
    checkId(objectId!, spec);
    const params = method === 'POST' ? await requestParams(o, action.params?.(o) ?? {}) : {};
    const path = `${spec.path}/${encodeURIComponent(objectId!)}${action.apiPath ? `/${action.apiPath}` : ''}`;
    if (action.precheck && !ctx.globals().dryRun) await action.precheck(ctx, objectId!);
    await runMutation(
      ctx,
      { method, path, params, summary: action.summary(objectId!), destructive: action.destructive, idempotencyKey: o.idempotencyKey },
      action.detail ?? spec.detail,
    );
  });
  return cmd;
}

interface MetadataUpdateFlags extends RequestFlagValues {
  metadata?: string[];
}

/** `RESOURCE update ID --metadata key=value` for objects whose metadata is the only field the API lets you change. */
export function addMetadataUpdateAction(group: Command, ctx: CommandContext, spec: ResourceSpec, action: Pick<ObjectAction, 'description' | 'examples'>): Command {
  return addObjectAction<MetadataUpdateFlags>(group, ctx, spec, {
    verb: 'update',
    description: action.description,
    summary: (id) => `update ${spec.noun} ${id}`,
    examples: action.examples,
    flags: (cmd) => cmd.option('--metadata <key=value>', 'metadata (repeatable); key= removes a key', collect),
    params: (o) => {
      const metadata = parseMetadataFlags(o.metadata);
      if (!metadata && (o.data ?? []).length === 0) throw new UsageError('nothing to update: give --metadata key=value (or -d)');
      return { metadata };
    },
  });
}

/** What DELETE returns (`{id, object, deleted: true}`): the resource's detail would be mostly blank. */
export const deletedDetail: Column[] = [id(), bool('Deleted', 'deleted')];
