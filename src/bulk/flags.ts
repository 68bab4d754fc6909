// The `--from-csv` flags every bulk verb shares, and the lazy hand-off to the bulk runner (loaded only
// when a file is given, so single-object commands pay nothing for it).
import type { Command } from 'commander';
import type { CommandContext } from '../commands/context.js';
import { UsageError } from '../errors.js';

export const DEFAULT_CONCURRENCY = 4;
export const MAX_CONCURRENCY = 64;

export interface BulkFlagValues {
  fromCsv?: string;
  results?: string;
  concurrency?: string;
}

export function addBulkFlags(cmd: Command, noun: string): Command {
  return cmd
    .option(
      '--from-csv <file>',
      `many ${noun}s from a CSV file, one per row, exactly once across re-runs; rows the plan (stderr, --dry-run) knows will fail show as "will fail: REASON" and are sent only to replay an earlier run's answer`,
    )
    .option('--results <file>', 'with --from-csv: one line per row as it finishes (.csv or .jsonl)')
    .option('--concurrency <n>', `with --from-csv: requests in flight, 1-${MAX_CONCURRENCY} (default ${DEFAULT_CONCURRENCY})`);
}

/** Usage error when --results/--concurrency come without --from-csv. */
export function checkBulkFlagsAlone(o: BulkFlagValues): void {
  if (o.fromCsv === undefined && (o.results !== undefined || o.concurrency !== undefined)) {
    throw new UsageError(`${o.results !== undefined ? '--results' : '--concurrency'} needs --from-csv FILE`);
  }
}

/** Refuses single-object flags next to --from-csv: every value comes from the file. */
export function checkOnlyFile(given: Record<string, unknown>): void {
  const names = Object.entries(given).filter(([, v]) => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0)).map(([k]) => k);
  if (names.length > 0) throw new UsageError(`--from-csv takes every value from the file: drop ${names.join(', ')}`);
}

export type BulkVerbName = 'refunds' | 'customers-update' | 'payment-intents-cancel';

/** Runs one bulk verb over the file in `o.fromCsv`. */
export async function runBulkVerb(ctx: CommandContext, name: BulkVerbName, o: BulkFlagValues & { fromCsv: string }): Promise<void> {
  const { runBulk } = await import('./runner.js');
  const verb =
    name === 'refunds'
      ? (await import('./verbs/refunds.js')).refundsVerb
      : name === 'customers-update'
        ? (await import('./verbs/customers.js')).customersUpdateVerb
        : (await import('./verbs/payment-intents.js')).paymentIntentsCancelVerb;
  await runBulk(ctx, verb, { file: o.fromCsv, results: o.results, concurrency: o.concurrency });
}
