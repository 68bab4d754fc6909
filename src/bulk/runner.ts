// The one bulk runner behind every `--from-csv` verb: CSV rows → checked, looked-up requests → a plan
// on stderr → idempotent requests with bounded concurrency → a results file written row by row.
// A verb (verbs/*.ts) only says how one row becomes one request; everything else lives here.
import type { CommandContext } from '../commands/context.js';
import type { StripeClient } from '../client/types.js';
import type { Column } from '../output/columns.js';
import { CancelError, ExitCode, PayctlError, UsageError } from '../errors.js';
import { formatAmount } from '../money/format.js';
import type { RowResult } from './results.js';

/** One data row of the input file. `row` is 1-based over data rows (the header is row 0). */
export interface BulkRow {
  row: number;
  line: number;
  /** The cell of a column, trimmed; '' when the column is absent or empty. */
  get(column: string): string;
  /** Columns starting with `prefix` (e.g. `metadata.`), by the rest of their name, non-empty only. */
  prefixed(prefix: string): Record<string, string> | undefined;
}

/** What a verb made of a row: a request to send, or a problem that keeps it from being sent. */
export interface PreparedRow {
  /** What the row acts on, as the user will recognise it (ch_…, pi_…, an email → ch_…). */
  target: string;
  request?: { method: 'POST'; path: string; params: Record<string, unknown> };
  /** For the plan and the results file, when the request moves money. */
  amount?: number;
  currency?: string;
  /** The row is not sent (unknown object, bad value, other currency…). */
  problem?: string;
  /**
   * The plan already knows the API will refuse this row (nothing left to refund, a charged-back
   * charge…): the plan lists it as "will fail: REASON", never as "to send", and leaves it out of the
   * totals. It is still sent, under its own key: if a crashed earlier run made it, the API replays
   * that answer (reported ok, nothing done twice); otherwise the API refuses it and the row fails.
   */
  willFail?: string;
  /** The row's own idempotency key column, if given. */
  idempotencyKey?: string;
  /** What the target has left (a charge's refundable remainder), for cross-row checks. */
  remainder?: number;
  /** Groups rows acting on one object, for the per-target lines of the plan (e.g. the charge id). */
  group?: string;
}

/** Cached, retried GETs for the look-ups verbs make while preparing rows. 404 → undefined. */
export interface Lookup {
  get<T = any>(path: string, params?: Record<string, unknown>): Promise<T | undefined>;
}

export interface PlanTarget {
  group: string;
  line: string;
}

export interface BulkVerb {
  /** `refunds create`, for messages. */
  command: string;
  /** Singular noun of what each row makes or changes (`refund`). */
  noun: string;
  /** Column names the verb reads; a column outside these (and `prefixes`) is a usage error. */
  columns: readonly string[];
  prefixes?: readonly string[];
  /** Throws a UsageError when the header lacks what every row needs. */
  checkHeader(header: readonly string[]): void;
  prepare(row: BulkRow, lookup: Lookup): Promise<PreparedRow>;
  /** Checks across rows (several refunds of one charge), marking rows that will fail. */
  crossCheck?(rows: PreparedRow[]): void;
  /** One plan line per target (e.g. a charge's refundable remainder), from the prepared rows of each group. */
  planTargets?(rows: PreparedRow[], lookupCache: Lookup): Promise<PlanTarget[]>;
  /** Reads the object the API returned. */
  result(body: any): { id: string; amount?: number; currency?: string };
  /** Asks on a TTY, needs --yes otherwise, even in test mode. */
  destructive: boolean;
  /** Plain-language effect for the confirmation: `refund 200 rows from refunds.csv (1,234.00 USD)`. */
  summary(count: number, file: string, totals: string): string;
}

export interface BulkOptions {
  file: string;
  results?: string;
  concurrency?: string;
}

import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './flags.js';
/** Rounds a row waits out a 429 that outlasted the client's own retries before it is reported. */
const RATE_LIMIT_ROUNDS = 30;
/** Extra rounds (same key, so safe) for a row whose outcome is unknown after the client's retries. */
const UNKNOWN_ROUNDS = 3;
const LOOKUP_ROUNDS = 4;

/** The idempotency key of a row: from the file's content and the row number, so a re-run of the same file repeats it. */
export function rowKey(fileHash: string, row: number): string {
  return `payctl-bulk-${fileHash.slice(0, 16)}-${row}`;
}

/** The failure of a bulk run: names the rows; exit code of the worst kind (unknown beats failed). */
export class BulkError extends PayctlError {}

const RESULT_COLUMNS_VIEW = async (): Promise<Column[]> => {
  const { money, status, text } = await import('../output/columns.js');
  // Ids are what users copy, so TARGET and ID never shrink: at 80 columns the error gives way
  // first (cut, then dropped), then the amount (dropped whole; the results file and JSON keep it).
  return [
    text('ROW', 'row', { width: 'fixed' }),
    text('TARGET', 'target', { width: 'fixed' }),
    text('ID', 'id', { width: 'fixed' }),
    money('AMOUNT', 'amount', 'currency', { priority: 'low' }),
    status('STATUS', 'status'),
    text('ERROR', 'error'),
  ];
};

export async function runBulk(ctx: CommandContext, verb: BulkVerb, o: BulkOptions): Promise<void> {
  const [results, { parseIntFlag, printList }, clientMod] = await Promise.all([
    import('./results.js'),
    import('../commands/resource/builder.js'),
    import('../client/index.js'),
  ]);
  const { RateLimitError, ConnectionError, ApiServerError, IdempotencyError, StripeApiError, InvalidRequestError, createClient } = clientMod;
  const g = ctx.globals();
  const concurrency = parseIntFlag(o.concurrency, '--concurrency', { min: 1, max: MAX_CONCURRENCY }) ?? DEFAULT_CONCURRENCY;
  if (o.results !== undefined) {
    results.resultsFormat(o.results);
    // Found now, before any request, rather than after the first row went through.
    const { accessSync, constants } = await import('node:fs');
    const { dirname } = await import('node:path');
    try {
      accessSync(dirname(o.results), constants.W_OK);
    } catch (err) {
      throw new UsageError(`cannot write --results "${o.results}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  }

  // 1. Read and check every row before any request.
  const { fileHash, rows } = await readRows(o.file, verb);

  // Rows an earlier run with this results file finished are not sent again (their keys may be expired).
  const earlier = o.results !== undefined ? results.readResults(o.results) : [];
  const prefix = rowKey(fileHash, 0).replace(/0$/, '');
  const foreign = earlier.find((r) => r.idempotency_key.startsWith('payctl-bulk-') && !r.idempotency_key.startsWith(prefix));
  if (foreign) {
    throw new UsageError(
      `--results "${o.results}" holds rows of another version of this file (edited since it ran?): a row it lists as done would be sent again under a new key; move it aside, or put corrected rows in a new file`,
    );
  }

  // 2. Look-ups (retried GETs, even under --dry-run) and the plan.
  const client = await ctx.client();
  let lookupClient: StripeClient = client;
  if (client.options.dryRun) lookupClient = createClient({ ...client.options, dryRun: false, onMutation: undefined } as typeof client.options);
  // A 429 that outlasted the client's own Retry-After waits pauses every worker for a second.
  let pausedUntil = 0;
  const pause = () => {
    pausedUntil = Math.max(pausedUntil, Date.now() + 1000);
  };
  const gate = async () => {
    const wait = pausedUntil - Date.now();
    if (wait > 0) await sleep(wait);
  };
  const cache = new Map<string, Promise<unknown>>();
  const lookup: Lookup = {
    get<T>(path: string, params?: Record<string, unknown>): Promise<T | undefined> {
      const k = `${path}?${JSON.stringify(params ?? {})}`;
      let p = cache.get(k) as Promise<T | undefined> | undefined;
      if (!p) {
        p = (async () => {
          for (let round = 0, limited = 0; ; round++) {
            await gate();
            try {
              return (await lookupClient.request<T>({ method: 'GET', path, params })).body;
            } catch (err) {
              if (err instanceof InvalidRequestError && err.status === 404) return undefined;
              if (err instanceof RateLimitError && limited++ < RATE_LIMIT_ROUNDS) {
                pause();
                round--;
                continue;
              }
              const transient = err instanceof ConnectionError || err instanceof ApiServerError;
              if (!transient || round >= LOOKUP_ROUNDS) throw err;
              await sleep(500 * (round + 1));
            }
          }
        })();
        cache.set(k, p);
      }
      return p;
    },
  };

  const stderr = ctx.f.io.stderr;
  const earlierDone = new Map<number, RowResult>();
  for (const r of earlier) if (r.status === 'ok' && r.idempotency_key === rowKey(fileHash, r.row) && r.row <= rows.length) earlierDone.set(r.row, r);

  const prepared: PreparedRow[] = new Array(rows.length);
  try {
    await pool(concurrency, rows, async (row) => {
      if (earlierDone.has(row.row)) {
        const d = earlierDone.get(row.row)!;
        prepared[row.row - 1] = { target: d.target, amount: d.amount ?? undefined, currency: d.currency || undefined };
        return;
      }
      try {
        prepared[row.row - 1] = await verb.prepare(row, lookup);
      } catch (err) {
        if (err instanceof UsageError || (err instanceof StripeApiError && err.status === 400)) prepared[row.row - 1] = { target: row.get(verb.columns[0]!) || '?', problem: err.message };
        else throw err;
      }
    });
    // Two rows with one key would make the second a replay of the first (or a refused request).
    const keyRow = new Map<string, number>();
    prepared.forEach((p, i) => {
      if (!p.idempotencyKey || p.problem) return;
      const first = keyRow.get(p.idempotencyKey);
      if (first === undefined) keyRow.set(p.idempotencyKey, i + 1);
      else p.problem = `idempotency_key "${p.idempotencyKey}" is also row ${first}'s`;
    });
    verb.crossCheck?.(prepared.filter((p, i) => !earlierDone.has(i + 1) && !p.problem));
  } finally {
    if (lookupClient !== client) await lookupClient.close();
  }

  const toSend = prepared.map((p, i) => ({ p, row: i + 1 })).filter(({ p, row }) => !earlierDone.has(row) && !p.problem && p.request);
  const problems = prepared.map((p, i) => ({ p, row: i + 1 })).filter(({ p }) => p.problem);
  // Rows the plan knows will fail are sent too (see willFail), but never counted as "to send".
  const expected = toSend.filter(({ p }) => !p.willFail);
  const willFail = toSend.filter(({ p }) => p.willFail);
  const totals = currencyTotals(expected.map(({ p }) => p));
  if (stderr.isTTY || g.dryRun) {
    const targets = verb.planTargets ? await verb.planTargets(toSend.map(({ p }) => p), lookup) : [];
    stderr.write(planText({ file: o.file, total: rows.length, toSend: expected, willFail, problems, earlierDone: earlierDone.size, totals, targets, maxTargets: stderr.isTTY && !g.dryRun ? 20 : Infinity }));
  } else {
    for (const { p, row } of problems) stderr.write(`error: row ${row}: ${p.problem} (not sent)\n`);
  }
  if (g.dryRun) {
    const planned = prepared.map((p, i) => ({
      row: i + 1,
      target: p.target,
      amount: p.amount ?? null,
      currency: p.currency ?? '',
      status: earlierDone.has(i + 1) ? 'done' : p.problem ? 'invalid' : p.willFail ? 'will_fail' : 'planned',
      error: p.problem ?? p.willFail ?? '',
      idempotency_key: p.idempotencyKey ?? rowKey(fileHash, i + 1),
    }));
    await printList(ctx, planned, await RESULT_COLUMNS_VIEW());
    return;
  }

  // 3. Confirm (destructive verbs and live mode), then send.
  const doomed = willFail.length ? `; ${willFail.length} more row${willFail.length === 1 ? '' : 's'} will fail (sent only to replay an earlier run)` : '';
  await ctx.confirmMutation({ summary: verb.summary(expected.length, o.file, totals) + doomed, destructive: verb.destructive && toSend.length > 0 });

  const all: RowResult[] = [];
  const writer = o.results !== undefined ? new results.ResultsWriter(o.results, [...earlierDone.values()]) : undefined;
  for (const r of earlierDone.values()) all.push(r);
  for (const { p, row } of problems) {
    const r: RowResult = { row, target: p.target, id: '', amount: p.amount ?? null, currency: p.currency ?? '', status: 'failed', error: p.problem!, idempotency_key: p.idempotencyKey ?? rowKey(fileHash, row) };
    all.push(r);
    writer?.write(r, Date.now());
  }

  let stopping = false;
  let unsubscribe: (() => void) | undefined;
  if (ctx.f.onInterrupt) {
    // First Ctrl-C: send no new rows, wait for those in flight, write their results. A second one
    // reaches payctl's default handler and abandons them.
    unsubscribe = ctx.f.onInterrupt(() => {
      stopping = true;
      unsubscribe?.();
      stderr.write('\ninterrupted: finishing the rows in flight (Ctrl-C again to abandon them)\n');
    });
  }
  const progress = stderr.isTTY ? new Progress(stderr, toSend.length) : undefined;
  const started = Date.now();
  let notSent = 0;

  const sendRow = async ({ p, row }: { p: PreparedRow; row: number }): Promise<RowResult | undefined> => {
    const key = p.idempotencyKey ?? rowKey(fileHash, row);
    const made = (status: RowResult['status'], id: string, error: string, amount = p.amount, currency = p.currency): RowResult => ({
      row,
      target: p.target,
      id,
      amount: amount ?? null,
      currency: currency ?? '',
      status,
      error,
      idempotency_key: key,
    });
    for (let round = 0, limited = 0; ; round++) {
      await gate();
      try {
        const res = await client.request({ ...p.request!, idempotencyKey: key });
        const out = verb.result(res.body);
        return made('ok', out.id, '', out.amount ?? p.amount, out.currency ?? p.currency);
      } catch (err) {
        if (err instanceof RateLimitError && limited < RATE_LIMIT_ROUNDS) {
          // Still limited after the client's own Retry-After waits: every worker pauses, and the row waits its turn.
          limited++;
          round--;
          pause();
          continue;
        }
        const unknown = (err instanceof ConnectionError && err.outcomeUnknown) || err instanceof ApiServerError;
        if ((unknown || err instanceof ConnectionError) && round < UNKNOWN_ROUNDS) {
          await sleep(500 * (round + 1));
          continue;
        }
        const message = err instanceof IdempotencyError
          ? `${err.message} (this row's key ${key} was used before with other parameters)`
          : err instanceof Error ? err.message : String(err);
        if (!(err instanceof PayctlError)) throw err;
        return made(unknown ? 'unknown' : 'failed', '', message);
      }
    }
  };

  try {
    await pool(concurrency, toSend, async (item) => {
      if (stopping) {
        notSent++;
        return;
      }
      const r = await sendRow(item);
      if (!r) return;
      all.push(r);
      writer?.write(r, Date.now());
      progress?.tick(Date.now());
    });
  } finally {
    progress?.done();
    unsubscribe?.();
    await writer?.finish(stopping ? undefined : all);
  }

  all.sort((a, b) => a.row - b.row);
  await printList(ctx, all, await RESULT_COLUMNS_VIEW());

  writeSummary(stderr, verb, rows.length, all, notSent, (Date.now() - started) / 1000, o.results);
  if (stopping) throw new CancelError(`cancelled: ${notSent} row${notSent === 1 ? '' : 's'} not sent; re-run the same command to finish them (rows already done are not repeated)`);
  const failed = all.filter((r) => r.status === 'failed');
  const unknown = all.filter((r) => r.status === 'unknown');
  if (failed.length || unknown.length) {
    const names = [...failed, ...unknown].sort((a, b) => a.row - b.row);
    const listed = names.slice(0, 10).map((r) => `${r.row} (${r.error})`).join('; ');
    const more = names.length > 10 ? `; … and ${names.length - 10} more` : '';
    throw new BulkError(
      `${names.length} of ${rows.length} rows did not succeed: row ${listed}${more}`,
      unknown.length ? ExitCode.network : ExitCode.apiRejected,
      { failed_rows: failed.map((r) => r.row), unknown_rows: unknown.map((r) => ({ row: r.row, idempotency_key: r.idempotency_key })) },
    );
  }
}

/** Reads the file and checks its header: each data row as a BulkRow, and the file's SHA-256 (hex). */
async function readRows(file: string, verb: BulkVerb): Promise<{ fileHash: string; rows: BulkRow[] }> {
  const [{ readFileSync }, { createHash }, { parseCsv }] = await Promise.all([import('node:fs'), import('node:crypto'), import('./csv.js')]);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new UsageError(`cannot read --from-csv "${file}": ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const fileHash = createHash('sha256').update(bytes).digest('hex');
  const table = parseCsv(bytes.toString('utf8'));
  for (const h of table.header) {
    if (!verb.columns.includes(h) && !(verb.prefixes ?? []).some((p) => h.startsWith(p) && h.length > p.length)) {
      const known = [...verb.columns, ...(verb.prefixes ?? []).map((p) => `${p}*`)].join(', ');
      throw new UsageError(`unknown CSV column "${h}" for ${verb.command} --from-csv (columns: ${known})`);
    }
  }
  verb.checkHeader(table.header);
  if (table.rows.length === 0) throw new UsageError(`"${file}" has a header but no rows`);
  const rows: BulkRow[] = table.rows.map((r, i) => {
    const cells: Record<string, string> = {};
    table.header.forEach((h, j) => (cells[h] = r.cells[j]!.trim()));
    return {
      row: i + 1,
      line: r.line,
      get: (c) => cells[c] ?? '',
      prefixed: (p) => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(cells)) if (k.startsWith(p) && v !== '') out[k.slice(p.length)] = v;
        return Object.keys(out).length > 0 ? out : undefined;
      },
    };
  });

  return { fileHash, rows };
}

/** The plan shown before sending: counts and totals, one line per target, then rows that will fail and problems. */
function planText(o: {
  file: string;
  total: number;
  toSend: Array<{ p: PreparedRow; row: number }>;
  willFail: Array<{ p: PreparedRow; row: number }>;
  problems: Array<{ p: PreparedRow; row: number }>;
  earlierDone: number;
  totals: string;
  targets: PlanTarget[];
  maxTargets: number;
}): string {
  const lines = [
    `Plan for ${o.file}: ${o.total} row${o.total === 1 ? '' : 's'}; ${o.toSend.length} to send${o.totals ? ` (${o.totals})` : ''}${o.willFail.length ? `, ${o.willFail.length} will fail` : ''}${o.earlierDone ? `, ${o.earlierDone} already done by an earlier run` : ''}, ${o.problems.length} with problems`,
  ];
  const shown = o.targets.slice(0, o.maxTargets);
  for (const t of shown) lines.push(`  ${t.line}`);
  if (shown.length < o.targets.length) lines.push(`  … and ${o.targets.length - shown.length} more targets`);
  for (const { p, row } of o.willFail) lines.push(`  row ${row}: will fail: ${p.willFail} (sent only to replay an earlier run's answer, if any)`);
  for (const { p, row } of o.problems) lines.push(`  row ${row}: ${p.problem} (not sent)`);
  return `${lines.join('\n')}\n`;
}

/** The final summary on stderr (always, in scripts too), and each unknown row with its key. */
function writeSummary(stderr: { write(s: string): unknown }, verb: BulkVerb, total: number, all: RowResult[], notSent: number, secs: number, resultsFile: string | undefined): void {
  const ok = all.filter((r) => r.status === 'ok');
  const failed = all.filter((r) => r.status === 'failed');
  const unknown = all.filter((r) => r.status === 'unknown');
  const parts = [`${ok.length} ok`];
  if (failed.length) parts.push(`${failed.length} failed`);
  if (unknown.length) parts.push(`${unknown.length} unknown`);
  if (notSent) parts.push(`${notSent} not sent`);
  stderr.write(`${verb.command}: ${total} rows: ${parts.join(', ')} in ${secs.toFixed(1)}s${resultsFile ? `; results in ${resultsFile}` : ''}\n`);
  for (const r of unknown) stderr.write(`  row ${r.row}: outcome unknown; re-run the same file (key ${r.idempotency_key}) to settle it\n`);
}

/** `1,234.00 USD, 500 JPY`: the total of the rows' amounts per currency, in major units. */
export function currencyTotals(rows: Array<Pick<PreparedRow, 'amount' | 'currency'>>): string {
  const sums = new Map<string, number>();
  for (const r of rows) if (r.amount !== undefined && r.currency) sums.set(r.currency, (sums.get(r.currency) ?? 0) + r.amount);
  return [...sums.entries()].map(([c, n]) => formatAmount(n, c)).join(', ');
}

/** Runs `fn` over `items` with at most `n` at once, in order of start. */
export async function pool<T>(n: number, items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A one-line progress bar on a terminal: rows done, rate, ETA; redrawn at most ten times a second. */
class Progress {
  private done_ = 0;
  private last = 0;
  private readonly start = Date.now();
  constructor(
    private readonly out: { write(s: string): unknown; columns?: number },
    private readonly total: number,
  ) {}
  tick(now: number): void {
    this.done_++;
    if (now - this.last < 100 && this.done_ < this.total) return;
    this.last = now;
    const secs = Math.max((now - this.start) / 1000, 0.001);
    const rate = this.done_ / secs;
    const eta = rate > 0 ? Math.ceil((this.total - this.done_) / rate) : 0;
    const width = 24;
    const filled = Math.round((this.done_ / Math.max(this.total, 1)) * width);
    this.out.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.done_}/${this.total} rows · ${rate.toFixed(1)}/s · ETA ${eta}s\x1b[K`);
  }
  done(): void {
    if (this.last > 0) this.out.write('\r\x1b[K');
  }
}
