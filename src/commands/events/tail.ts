// `payctl events tail`: follows new events as they happen, on any server (real Stripe included),
// by polling /v1/events (see follow.ts). Table mode prints one line per event; JSON modes one
// event per line (a stream that never ends cannot be a JSON array).
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { UsageError } from '../../errors.js';
import { withExamples } from '../resource/builder.js';
import { interruptSignal } from '../interrupt.js';

interface TailFlags {
  type?: string;
  since?: string;
  interval: string;
}

const TYPE_WIDTH = 30;
const OBJECT_WIDTH = 28;

/** `00:10:05  charge.succeeded  ch_123  20.00 USD  cus_123  succeeded` (time in UTC). */
export function tailLine(e: { created: number; type: string; data: { object: Record<string, any> } }, summary: string, valueText: (v: unknown) => string): string {
  const time = new Date(e.created * 1000).toISOString().slice(11, 19);
  const id = valueText(e.data?.object?.id ?? '');
  return `${time}  ${valueText(e.type).padEnd(TYPE_WIDTH)} ${id.padEnd(OBJECT_WIDTH)} ${valueText(summary)}`.trimEnd();
}

/** On a terminal a line that would wrap ends in '…' at its width: every event stays one row under the header. */
export function fitLine(line: string, columns: number | undefined, displayWidth: (s: string) => number): string {
  if (columns === undefined || displayWidth(line) <= columns) return line;
  let out = '';
  for (const ch of line) {
    if (displayWidth(out + ch) > columns - 1) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}

async function tailRun(ctx: CommandContext, o: TailFlags): Promise<void> {
  const [{ followEvents, parseInterval, eventSummary }, { parseTimeBound }, { formatAmount }, { valueText }, { displayWidth }] = await Promise.all([
    import('./follow.js'),
    import('../../output/time.js'),
    import('../../money/format.js'),
    import('../../output/columns.js'),
    import('../../output/text.js'),
  ]);
  const intervalMs = parseInterval(o.interval);
  // Checked against the wall clock first, so a bad value fails before any request.
  if (o.since !== undefined) parseTimeBound(o.since, ctx.f.now());
  const format = ctx.output().format;
  if (format === 'csv') throw new UsageError('events tail streams events: use -o table, json or jsonl');
  if (o.type !== undefined && !/^[a-z_]+(\.[a-z_*]+)+$/.test(o.type)) throw new UsageError(`invalid --type "${o.type}": use an event type such as charge.succeeded or charge.*`);
  const client = await ctx.client();
  // An age (`1h`) counts back from the account's clock: a sandbox's moves with `sandbox advance`.
  const since = o.since !== undefined ? parseTimeBound(o.since, await ctx.accountNow()) : undefined;
  const out = ctx.f.io.stdout;
  const { signal, dispose } = interruptSignal(ctx);
  try {
    ctx.note(`payctl: following events${o.type ? ` of type ${o.type}` : ''}; Ctrl-C to stop`);
    const width = out.isTTY ? out.columns : undefined;
    if (format === 'table' && out.isTTY) out.write(`${fitLine(`${'TIME'.padEnd(8)}  ${'TYPE'.padEnd(TYPE_WIDTH)} ${'OBJECT'.padEnd(OBJECT_WIDTH)} SUMMARY`, width, displayWidth)}\n`);
    for await (const e of followEvents(client, { type: o.type, since, intervalMs, signal })) {
      const line = format === 'table' ? fitLine(tailLine(e, eventSummary(e, formatAmount), valueText), width, displayWidth) : JSON.stringify(e);
      if (out.write(`${line}\n`) === false && out.drain) await out.drain();
    }
  } finally {
    dispose();
  }
}

export function addTailCommand(group: Command, ctx: CommandContext): void {
  const cmd = group
    .command('tail')
    .description('follow new events as they happen (polls /v1/events; Ctrl-C to stop)')
    .option('--type <type>', 'only this event type; a trailing .* matches a family (charge.*)')
    .option('--since <when>', 'also show events since then: an age (1h, 7d) or a date')
    .option('--interval <duration>', 'time between polls (100ms–1h)', '2s');
  withExamples(cmd, ['payctl events tail', "payctl events tail --type 'charge.*'", 'payctl events tail --since 1h -o jsonl | jq .type']);
  cmd.action((o: TailFlags) => tailRun(ctx, o));
}
