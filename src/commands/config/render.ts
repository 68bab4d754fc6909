// Output for the local (non-API) results of login/logout/whoami/config, through the shared printer.
// Only redacted values ever reach it.
import type { CommandContext } from '../context.js';
import type { Column } from '../../output/columns.js';
import { printObject } from '../resource/builder.js';

/** A single value: bare in table mode (handy in `$(…)`), as `obj` otherwise. */
export async function writeScalar(ctx: CommandContext, obj: Record<string, unknown>, key: string): Promise<void> {
  if (ctx.output().format === 'table') {
    const v = obj[key];
    if (v !== null && v !== undefined) ctx.f.io.stdout.write(`${String(v)}\n`);
    return;
  }
  await printObject(ctx, obj, keyColumns(Object.keys(obj)));
}

/** Plain text columns named after the keys (csv headers match the JSON field names). */
export function keyColumns(keys: string[]): Column[] {
  return keys.map((k) => ({ header: k, key: k }));
}

/**
 * A mutation's result, for scripts: written in json/jsonl/csv; in table mode the caller's stderr
 * note says it instead, so a terminal sees prose and stdout stays clean.
 */
export async function writeResult(ctx: CommandContext, obj: Record<string, unknown>): Promise<void> {
  if (ctx.output().format === 'table') return;
  await printObject(ctx, obj, keyColumns(Object.keys(obj)));
}
