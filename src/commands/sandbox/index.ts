// `payctl sandbox serve|reset|status|advance`: run the local Stripe-compatible sandbox, wipe or
// inspect its data file, and move its clock forward.
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { Store } from '../../sandbox/store/sqlite.js';
import { UsageError } from '../../errors.js';
import { withExamples } from '../resource/builder.js';
import { writeResult } from '../config/render.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const UNIT_SECONDS: Record<string, number> = { w: 604800, d: 86400, h: 3600, m: 60, s: 1 };

/** `3d`, `12h`, `90m`, `30s`, `1w`, combinations such as `1d12h`, or a bare number of seconds. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t);
  const re = /(\d+)([wdhms])/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * UNIT_SECONDS[m[2]!]!;
    consumed = re.lastIndex;
  }
  if (t === '' || consumed !== t.length) {
    throw new UsageError(`invalid duration "${text}": use e.g. 3d, 12h, 90m, 30s, 1d12h or 1mo`);
  }
  return total;
}

function parseNumber(value: string | undefined, flag: string, range: { min: number; max: number; integer?: boolean }): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || Number.isNaN(n) || n < range.min || n > range.max || (range.integer && !Number.isInteger(n))) {
    throw new UsageError(`invalid ${flag} "${value}": expected ${range.integer ? 'an integer' : 'a number'} from ${range.min} to ${range.max}`);
  }
  return n;
}

/** Runs `fn` on the data file's store if the file exists (never creating it), closing it after. */
async function withExistingStore<T>(file: string, fn: (store: Store) => T): Promise<T | undefined> {
  const { existsSync } = await import('node:fs');
  if (!existsSync(file)) return undefined;
  const { openDataStore, dataFileError } = await import('../../sandbox/embedded.js');
  const store = await openDataStore(file);
  try {
    return fn(store);
  } catch (err) {
    throw dataFileError(err, file);
  } finally {
    store.close();
  }
}

/** The data directory and file; `own` when it is the default directory payctl manages (not --data). */
async function dataPath(ctx: CommandContext, dataDir: string | undefined): Promise<{ dir: string; file: string; own: boolean }> {
  const { sandboxDataDir, sandboxDbPath } = await import('../../sandbox/embedded.js');
  const dir = dataDir ?? sandboxDataDir(ctx.f.env);
  return { dir, file: sandboxDbPath(dir), own: dataDir === undefined };
}

interface ServeFlags {
  port: string;
  host?: string;
  data?: string;
  memory?: boolean;
  latency?: string;
  failRate?: string;
  dropRate?: string;
  rateLimit?: string;
}

async function serveRun(ctx: CommandContext, o: ServeFlags): Promise<void> {
  const port = parseNumber(o.port, '--port', { min: 0, max: 65535, integer: true })!;
  const host = o.host ?? '127.0.0.1';
  if (o.data !== undefined && o.memory) throw new UsageError('use either --data DIR or --memory, not both');
  const faults = {
    latencyMs: parseNumber(o.latency, '--latency', { min: 0, max: 600_000, integer: true }),
    failRate: parseNumber(o.failRate, '--fail-rate', { min: 0, max: 1 }),
    dropRate: parseNumber(o.dropRate, '--drop-rate', { min: 0, max: 1 }),
    rateLimit: parseNumber(o.rateLimit, '--rate-limit', { min: 1, max: 1_000_000, integer: true }),
  };
  if (!LOOPBACK.has(host)) {
    // Only reachable through an explicit --host: the default is loopback.
    ctx.f.io.stderr.write(`payctl: warning: serving the sandbox on ${host}, reachable from other machines; it has no real authentication\n`);
  }
  const [{ openStore }, { startSandboxServer }, { openDataStore, prepareDataDir }] = await Promise.all([
    import('../../sandbox/store/sqlite.js'),
    import('../../sandbox/server.js'),
    import('../../sandbox/embedded.js'),
  ]);
  let store;
  if (o.memory) {
    store = openStore({ memory: true });
  } else {
    const { dir, file, own } = await dataPath(ctx, o.data);
    prepareDataDir(dir, { own });
    store = await openDataStore(file);
  }
  const stderr = ctx.f.io.stderr;
  let server;
  try {
    server = await startSandboxServer({ host, port, store, faults, log: (line) => stderr.write(`${line}\n`) });
  } catch (err) {
    store.close();
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is already in use (try --port 0 for any free port)`);
    throw err;
  }
  ctx.f.io.stdout.write(`listening on ${server.url}\n`);
  ctx.note('payctl: any sk_test_… key works (each key is its own account); Ctrl-C to stop');
  const running = server;
  // `serve` runs until interrupted, then closes the server and the store cleanly.
  await new Promise<void>((resolve) => {
    let unsubscribe = (): void => {};
    const stop = () => {
      unsubscribe();
      void running.close().then(() => {
        store.close();
        resolve();
      });
    };
    if (ctx.f.onInterrupt) unsubscribe = ctx.f.onInterrupt(stop);
  });
}

async function resetRun(ctx: CommandContext, o: { data?: string }): Promise<void> {
  const { dir, file, own } = await dataPath(ctx, o.data);
  await ctx.confirmMutation({ summary: `wipe all sandbox data in ${file}`, destructive: true });
  const table = ctx.output().format === 'table';
  if (ctx.globals().dryRun) {
    if (table) ctx.f.io.stdout.write(`would wipe all sandbox data in ${file}\n`);
    else await writeResult(ctx, { path: file, reset: false, dry_run: true });
    return;
  }
  const { prepareDataDir, resetDataFile } = await import('../../sandbox/embedded.js');
  prepareDataDir(dir, { own });
  // A damaged file is replaced by a new one; a healthy one is wiped in place.
  await resetDataFile(file);
  if (table) ctx.f.io.stdout.write(`wiped all sandbox data in ${file}\n`);
  else await writeResult(ctx, { path: file, reset: true });
}

async function statusRun(ctx: CommandContext, o: { data?: string }): Promise<void> {
  const { file } = await dataPath(ctx, o.data);
  const s = await withExistingStore(file, (store) => store.stats());
  const status: Record<string, unknown> = s
    ? { path: file, exists: true, size_bytes: s.sizeBytes, accounts: s.accounts, objects: s.objects, events: s.events, idempotency_keys: s.idempotencyKeys }
    : { path: file, exists: false, size_bytes: 0, accounts: 0, objects: {}, events: 0, idempotency_keys: 0 };
  if (ctx.output().format !== 'table') {
    await writeResult(ctx, status);
    return;
  }
  const lines: Array<[string, string]> = [
    ['data file', file + (status.exists ? '' : ' (not created yet)')],
    ['size', `${status.size_bytes} bytes`],
    ['accounts', String(status.accounts)],
    ['events', String(status.events)],
    ['idempotency keys', String(status.idempotency_keys)],
  ];
  for (const [type, n] of Object.entries(status.objects as Record<string, number>)) lines.push([`objects: ${type}`, String(n)]);
  const width = Math.max(...lines.map(([k]) => k.length));
  ctx.f.io.stdout.write(lines.map(([k, v]) => `${k.padEnd(width)}  ${v}\n`).join(''));
}

/** `1mo`, `12mo`: calendar months, counted by the sandbox from its own clock (Jan 31 + 1mo = Feb 28/29). */
const MONTHS_RE = /^\s*(\d+)mo\s*$/;

async function advanceRun(ctx: CommandContext, duration: string): Promise<void> {
  const months = MONTHS_RE.exec(duration);
  const body: Record<string, number> = {};
  if (months) {
    const n = Number(months[1]);
    if (n <= 0 || n > 120) throw new UsageError(`invalid duration "${duration}": months must be from 1 to 120`);
    body.months = n;
  } else {
    const seconds = parseDuration(duration);
    if (seconds <= 0) throw new UsageError(`invalid duration "${duration}": must be more than zero`);
    body.seconds = seconds;
  }
  const client = await ctx.client();
  const clock = await client.post<{ object: string; now: number; offset: number }>('/v1/test_helpers/sandbox/advance', body);
  if (ctx.output().format !== 'table') {
    await writeResult(ctx, clock);
    return;
  }
  ctx.f.io.stdout.write(`sandbox time is now ${new Date(clock.now * 1000).toISOString()} (${clock.offset}s ahead of the wall clock)\n`);
}

export function registerSandboxCommands(program: Command, ctx: CommandContext): void {
  const group = program.command('sandbox').description('the local sandbox: serve, advance its clock, reset');
  withExamples(group, ['payctl sandbox serve --port 12111', 'payctl sandbox advance 3d', 'payctl sandbox status', 'payctl sandbox reset --yes']);

  const serve = group
    .command('serve')
    .description('run the sandbox as a long-lived HTTP server (prints "listening on URL" on stdout)')
    .option('--port <port>', 'port to listen on (0 = any free port)', '12111')
    .option('--host <host>', 'address to bind (default 127.0.0.1; anything else is reachable from other machines)')
    .option('--data <dir>', 'data directory (default: the embedded sandbox data directory)')
    .option('--memory', 'keep data in memory only')
    .option('--latency <ms>', 'fault injection: delay every request by this many milliseconds')
    .option('--fail-rate <p>', 'fault injection: answer this fraction of requests with 500 (0–1)')
    .option('--drop-rate <p>', 'fault injection: commit, then drop the connection for this fraction of requests (0–1)')
    .option('--rate-limit <n>', 'fault injection: allow n requests per second per key, then 429')
    .action((o: ServeFlags) => serveRun(ctx, o));
  withExamples(serve, [
    'payctl sandbox serve --port 12111',
    'payctl sandbox serve --memory --port 0 --fail-rate 0.2',
    'PAYCTL_BASE_URL=http://127.0.0.1:12111 PAYCTL_API_KEY=sk_test_123 payctl customers list',
  ]);

  withExamples(
    group
      .command('reset')
      .description('wipe all data in the sandbox data file, or recreate it when damaged (asks first; --yes to skip)')
      .option('--data <dir>', 'data directory (default: the embedded sandbox data directory)'),
    ['payctl sandbox reset', 'payctl sandbox reset --yes --data ./.sandbox'],
  ).action((o: { data?: string }) => resetRun(ctx, o));

  withExamples(
    group
      .command('status')
      .description('show the sandbox data file, its size and object counts')
      .option('--data <dir>', 'data directory (default: the embedded sandbox data directory)'),
    ['payctl sandbox status', 'payctl sandbox status --json | jq .objects'],
  ).action((o: { data?: string }) => statusRun(ctx, o));

  const advance = group
    .command('advance')
    .description('move the sandbox clock forward (settles pending funds, due payouts, renews subscriptions…); sandbox only')
    .argument('<duration>', 'e.g. 3d, 12h, 90m, 30s, 1d12h, or calendar months: 1mo, 12mo')
    .action((duration: string) => advanceRun(ctx, duration));
  withExamples(advance, ['payctl sandbox advance 3d', 'payctl sandbox advance 1mo   # one calendar month: renews monthly subscriptions', 'payctl sandbox advance 90m --json']);
}
