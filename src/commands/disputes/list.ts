// `payctl disputes list`: the generic list flags plus the queue view. In a table the page is sorted by
// deadline (soonest first) and shows the customer; JSON, JSONL and CSV keep the API's newest-first order.
import { Option, type Command } from 'commander';
import type { CommandContext } from '../context.js';
import { addRequestFlags, listParams, printList, withExamples, type ListFlagValues } from '../resource/builder.js';
import { disputesSpec as spec, NEEDS_RESPONSE, targetNow, type DisputeView } from './fields.js';

interface DisputeListFlags extends ListFlagValues {
  needsResponse?: boolean;
  charge?: string;
  paymentIntent?: string;
}

/** How many disputes `--needs-response` reads at most while collecting the queue. */
const QUEUE_SCAN_LIMIT = 10_000;

/** Soonest deadline first; disputes with no deadline left (answered, closed) after, newest first. */
export function byDeadline(a: DisputeView, b: DisputeView): number {
  const due = (d: DisputeView) => (NEEDS_RESPONSE.includes(d.status) ? (d.evidence_details?.due_by ?? Infinity) : Infinity);
  return due(a) - due(b) || b.created - a.created;
}

export function addDisputeListCommand(group: Command, ctx: CommandContext): Command {
  const cmd = group
    .command('list')
    .description('list disputes; in a table sorted by deadline with "due in N days" (newest first as JSON)')
    .option('--needs-response', 'only disputes waiting for your answer (the queue; reads every page)')
    .option('--limit <n>', 'page size, 1-100 (default 10; with --all, 100)')
    .option('--starting-after <id>', 'page after this object (older)')
    .option('--ending-before <id>', 'page before this object (newer)')
    .option('--all', 'stream every page (constant memory with -o jsonl)')
    .option('--created-after <when>', 'created at or after: a date (2026-11-01) or an age (7d, 24h)')
    .option('--created-before <when>', 'created before: a date or an age');
  for (const filter of spec.listFilters ?? []) cmd.addOption(new Option(filter.flags, filter.description));
  addRequestFlags(cmd, { mutation: false });
  withExamples(cmd, spec.examples?.list);
  cmd.action(async (o: DisputeListFlags) => {
    const params = await listParams(ctx, spec, o);
    const table = ctx.output().format === 'table' && !ctx.output().fields;
    // The table names the customer, which lives on the charge.
    if (table) params.expand = [...((params.expand as string[] | undefined) ?? []), 'data.charge.customer'];
    const client = await ctx.client();
    const now = await targetNow(ctx);
    if (o.needsResponse) {
      if (params.limit === undefined) params.limit = 100;
      const queue: DisputeView[] = [];
      let seen = 0;
      for await (const d of client.paginate<DisputeView>(spec.path, params)) {
        if (NEEDS_RESPONSE.includes(d.status)) queue.push(d);
        if (++seen >= QUEUE_SCAN_LIMIT) break;
      }
      await printList(ctx, table ? queue.sort(byDeadline) : queue, spec.columns, now);
      if (queue.length === 0) ctx.note('No disputes need a response.');
      return;
    }
    if (o.all) {
      if (params.limit === undefined) params.limit = 100;
      if (!table) {
        await printList(ctx, client.paginate(spec.path, params), spec.columns, now);
        return;
      }
      const rows: DisputeView[] = [];
      for await (const d of client.paginate<DisputeView>(spec.path, params)) rows.push(d);
      await printList(ctx, rows.sort(byDeadline), spec.columns, now);
      return;
    }
    const page = await client.get<{ data: DisputeView[]; has_more: boolean }>(spec.path, params);
    await printList(ctx, table ? [...page.data].sort(byDeadline) : page.data, spec.columns, now);
    if (page.data.length === 0) {
      ctx.note('No disputes found.');
    } else if (page.has_more) {
      const last = page.data[page.data.length - 1]!;
      ctx.note(`Next page: ${o.endingBefore ? `--ending-before ${page.data[0]!.id}` : `--starting-after ${last.id}`} (every page: --all)`);
    }
  });
  return cmd;
}
