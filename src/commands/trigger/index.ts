// `payctl trigger EVENT`: makes EVENT happen by creating the objects behind it (fixtures.ts),
// in test mode on real Stripe or on the sandbox; refuses live keys. `--list` shows what it can do.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { AuthError, PayctlError, UsageError } from '../../errors.js';
import { withExamples } from '../resource/builder.js';

async function listRun(ctx: CommandContext): Promise<void> {
  const [{ FIXTURES }, { printList }, { text }] = await Promise.all([import('./fixtures.js'), import('../resource/builder.js'), import('../../output/columns.js')]);
  const rows = FIXTURES.map((f) => ({ event: f.event, description: f.description }));
  await printList(ctx, rows, [text('EVENT', 'event', { width: 'fixed' }), text('CREATES', 'description')]);
}

async function triggerRun(ctx: CommandContext, event: string | undefined, o: { list?: boolean }): Promise<void> {
  if (o.list) return listRun(ctx);
  const { FIXTURES } = await import('./fixtures.js');
  if (!event) throw new UsageError('name an event to trigger, e.g. payctl trigger payment_intent.succeeded (see payctl trigger --list)');
  const fixture = FIXTURES.find((f) => f.event === event);
  if (!fixture) throw new UsageError(`cannot trigger "${event}": see payctl trigger --list`);
  const creds = await ctx.credentials();
  if (!ctx.globals().sandbox && /^(sk|rk)_live_/.test(creds.apiKey ?? '')) {
    throw new AuthError('trigger creates real objects: it refuses live keys (use a test key or the sandbox)');
  }
  if (ctx.globals().dryRun) throw new UsageError('trigger makes several requests and cannot --dry-run them; see payctl trigger --list for what it creates');
  const client = await ctx.client();
  let sandbox = false;
  try {
    await client.get('/v1/test_helpers/sandbox/clock');
    sandbox = true;
  } catch (err) {
    if ((err as { status?: number }).status !== 404) throw err;
  }
  const state = { client, sandbox, created: [] as string[], sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };
  try {
    await fixture.run(state);
  } catch (err) {
    // What a failed fixture already made still exists: say so (ids to inspect or delete), keep the error and its exit code.
    if (state.created.length > 0) {
      if (err instanceof PayctlError && err.details.created === undefined) err.details.created = [...state.created];
      const g = ctx.globals();
      if (!(g.json || g.output === 'json')) ctx.f.io.stderr.write(`trigger ${event} failed after creating: ${state.created.join(', ')}\n`);
    }
    throw err;
  }
  // The event itself, when the API already lists it (real Stripe may take a moment).
  const recent = await client.get<{ data: Array<{ id: string; data: { object: { id?: string } } }> }>('/v1/events', { type: event, limit: 10 });
  const found = recent.data.find((e) => e.data?.object?.id !== undefined && state.created.includes(e.data.object.id));
  const result = { event_type: event, event: found?.id ?? null, created: state.created };
  if (ctx.output().format === 'table') {
    ctx.f.io.stdout.write(`triggered ${event}${found ? ` (${found.id})` : ''}: created ${state.created.join(', ')}\n`);
    return;
  }
  const { writeResult } = await import('../config/render.js');
  await writeResult(ctx, result);
}

export function registerTriggerCommand(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command('trigger')
    .description('make an event happen by creating the objects behind it (test mode or sandbox)')
    .argument('[event]', 'event type, e.g. payment_intent.succeeded')
    .option('--list', 'show the events trigger supports');
  withExamples(cmd, ['payctl trigger --list', 'payctl trigger payment_intent.succeeded', 'payctl trigger charge.refunded --json', 'payctl trigger payout.paid']);
  cmd.action((event: string | undefined, o: { list?: boolean }) => triggerRun(ctx, event, o));
}
