// `payctl history [--since 1d] [--unknown]`: the local journal of every mutation payctl sent, newest
// first; `payctl history retry ID` re-sends an unknown-outcome mutation with its idempotency key.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { Column } from '../../output/columns.js';
import { UsageError } from '../../errors.js';
import { printList, printObject, withExamples } from '../resource/builder.js';

interface HistoryFlags {
  since?: string;
  unknown?: boolean;
  limit?: string;
}

async function columns(): Promise<Column[]> {
  const { id, money, status, text, time, renderCell } = await import('../../output/columns.js');
  const amount = money('AMOUNT', 'amount');
  return [
    id('ID'),
    time('TIME', 'created'),
    text('METHOD', 'method', { width: 'fixed' }),
    text('PATH', 'path', { minWidth: 14 }),
    text('HTTP', 'status', { width: 'fixed' }),
    text('OBJECT', 'object_id', { minWidth: 12 }),
    // A refused refund's amount came from its params, which carry no currency: say what unit it is in.
    { ...amount, get: (o, c) => (typeof o.amount === 'number' && typeof o.currency !== 'string' ? `${o.amount} (minor units)` : renderCell(amount, o, c)) },
    status('OUTCOME', 'outcome'),
    // Last and flexible: at 80 columns the table drops MODE (and OBJECT) rather than PATH, without
    // which a row does not say what was sent. JSON and CSV keep every field.
    text('MODE', 'mode', { minWidth: 7 }),
  ];
}

async function listRun(ctx: CommandContext, o: HistoryFlags): Promise<void> {
  const [{ historyDir, readHistory, unresolved }, { parseTimeBound }, { parseIntFlag }] = await Promise.all([
    import('../../history/journal.js'),
    import('../../output/time.js'),
    import('../resource/builder.js'),
  ]);
  const now = ctx.f.now();
  const since = o.since === undefined ? undefined : parseTimeBound(o.since, now);
  const limit = parseIntFlag(o.limit, '--limit', { min: 1, max: 1_000_000 });
  const all = readHistory(historyDir(ctx.f.env));
  const open = unresolved(all);
  let rows = all.map((e) => ({ ...e, created: Math.floor(Date.parse(e.time) / 1000), ...(e.outcome === 'unknown' ? { resolved: !open.has(e.id) } : {}) }));
  if (since !== undefined) rows = rows.filter((e) => e.created >= since);
  if (o.unknown) rows = rows.filter((e) => open.has(e.id));
  rows.reverse();
  if (limit !== undefined) rows = rows.slice(0, limit);
  await printList(ctx, rows, await columns());
  if (rows.length === 0) ctx.note(o.unknown ? 'No mutation with an unknown outcome.' : 'No mutations recorded.');
  else if (open.size > 0 && !o.unknown) ctx.note(`${open.size} with an unknown outcome: payctl history --unknown; settle one with payctl history retry ID`);
}

async function retryRun(ctx: CommandContext, id: string): Promise<void> {
  const { historyDir, readHistory, readPending, unresolved } = await import('../../history/journal.js');
  const dir = historyDir(ctx.f.env);
  const all = readHistory(dir);
  const entry = all.find((e) => e.id === id);
  if (!entry) throw new UsageError(`no history entry ${id} (see payctl history)`);
  if (entry.outcome !== 'unknown') throw new UsageError(`${id} has a known outcome (${entry.outcome}): nothing to retry`);
  if (!unresolved(all).has(id)) throw new UsageError(`${id} was already settled by a later answer with the same idempotency key: see payctl history`);
  const pending = readPending(dir, entry);
  if (!pending) throw new UsageError(`the request of ${id} was not kept (its pending file is gone): re-run the original command with --idempotency-key ${entry.idempotency_key ?? '(none)'}`);

  // The same account it went to: the same profile, in the same mode.
  const creds = await ctx.credentials();
  const client = await ctx.client();
  const embedded = Boolean((ctx as { embeddedUrl?: string }).embeddedUrl);
  const mode = embedded ? 'sandbox' : /^(sk|rk)_live_/.test(creds.apiKey ?? '') ? 'live' : undefined;
  if ((entry.profile ?? null) !== (creds.profile ?? null) || (mode !== undefined && mode !== entry.mode) || (entry.mode === 'live' && mode !== 'live')) {
    throw new UsageError(`${id} was sent with profile "${entry.profile ?? ''}" in ${entry.mode} mode: retry it with that profile (--profile ${entry.profile ?? ''})`);
  }
  await ctx.confirmMutation({ summary: `re-send ${entry.method} ${entry.path} with idempotency key ${entry.idempotency_key ?? '(none)'}` });
  const res = await client.request({ method: pending.method, path: pending.path, params: pending.params, idempotencyKey: pending.idempotency_key ?? undefined });
  if (res.replayed) ctx.note('(replayed: the first attempt had gone through; nothing new was changed)');
  const { id: idCol, text, money, status } = await import('../../output/columns.js');
  await printObject(ctx, res.body, [idCol(), text('Object', 'object'), money('Amount', 'amount'), status('Status')]);
}

export function registerHistoryCommands(program: Command, ctx: CommandContext): void {
  const group = program.command('history').description('the local journal of every mutation payctl sent (newest first)');
  group
    .option('--since <when>', 'only entries since: an age (1d, 12h) or a date (2026-11-01)')
    .option('--unknown', 'only mutations whose outcome is still unknown')
    .option('--limit <n>', 'at most this many entries');
  withExamples(group, ['payctl history --since 1d', 'payctl history --unknown -o json', 'payctl history retry h_0123456789ab']);
  group.action(async (o: HistoryFlags) => listRun(ctx, o));

  const retry = group
    .command('retry')
    .description('re-send a mutation whose outcome is unknown, with the same idempotency key, and record the answer')
    .argument('<id>', 'history entry id (h_…)');
  withExamples(retry, ['payctl history retry h_0123456789ab']);
  retry.action(async (id: string) => retryRun(ctx, id));
}
