// The one generic builder for list/get/search, shared request flags, the mutation runner and
// prompting for missing values. Resource verbs that differ live in their own small files.
import { Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import type { ResourceSpec } from './spec.js';
import type { Column } from '../../output/columns.js';
import { CancelError, UsageError } from '../../errors.js';
import { sanitize } from '../../output/sanitize.js';

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] = []): string[] {
  return previous.concat(value);
}

/** Adds the shared request flags: -d/--data, -e/--expand (and --idempotency-key on mutations). */
export function addRequestFlags(cmd: Command, opts: { mutation: boolean }): Command {
  cmd.option('-d, --data <key=value>', 'extra API parameter in bracket notation (repeatable), e.g. -d "metadata[order]=42"', collect);
  cmd.option('-e, --expand <path>', 'expand a field in the response (repeatable), e.g. -e customer', collect);
  if (opts.mutation) cmd.option('--idempotency-key <key>', 'idempotency key to send (default: a new UUID, reused on retries)');
  return cmd;
}

export interface RequestFlagValues {
  data?: string[];
  expand?: string[];
  idempotencyKey?: string;
}

/** Builds API params from -d/-e values plus named values (named values win over -d for the same key). */
export async function requestParams(flags: RequestFlagValues, named: Record<string, unknown> = {}, opts: { listExpand?: boolean } = {}): Promise<Record<string, unknown>> {
  const { parseDataFlags } = await import('../../client/form.js');
  const params: Record<string, unknown> = parseDataFlags(flags.data ?? []);
  for (const [k, v] of Object.entries(named)) {
    if (v === undefined) continue;
    if (k === 'metadata' && typeof v === 'object' && v && typeof params.metadata === 'object' && params.metadata) {
      params.metadata = { ...(params.metadata as object), ...(v as object) };
    } else {
      params[k] = v;
    }
  }
  if (flags.expand && flags.expand.length > 0) {
    const expand = flags.expand.map((p) => (opts.listExpand && !p.startsWith('data.') ? `data.${p}` : p));
    const existing = Array.isArray(params.expand) ? (params.expand as string[]) : [];
    params.expand = [...existing, ...expand];
  }
  return params;
}

/** Adds the `expand[]` that `--fields` paths into other objects need (`customer.email` → customer). */
async function expandForFields(ctx: CommandContext, params: Record<string, unknown>, path: string, opts: { list?: boolean } = {}): Promise<void> {
  const fields = ctx.output().fields;
  if (!fields) return;
  const { addFieldExpands, objectTypeForPath } = await import('./fields-expand.js');
  addFieldExpands(params, objectTypeForPath(path), fields, opts);
}

/** Parses repeatable `--metadata key=value` values into an object (`key=` unsets the key). */
export function parseMetadataFlags(values: string[] | undefined): Record<string, string> | undefined {
  if (!values || values.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const v of values) {
    const i = v.indexOf('=');
    if (i <= 0) throw new UsageError(`invalid --metadata "${v}": use key=value`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

/** Parses a positive whole number flag (e.g. --limit) or throws a usage error naming it. */
export function parseIntFlag(value: string | undefined, flag: string, range: { min: number; max: number }): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < range.min || Number(value) > range.max) {
    throw new UsageError(`invalid ${flag} "${value}": use a whole number from ${range.min} to ${range.max}`);
  }
  return Number(value);
}

/** `now`: the time relative cells are measured from (default the local clock; the sandbox's own for disputes). */
async function printerFor(ctx: CommandContext, now?: Date) {
  const { createPrinter } = await import('../../output/printer.js');
  const out = ctx.output();
  return createPrinter(ctx.f.io, { format: out.format, fields: out.fields, color: out.color, now: now ?? ctx.now() });
}

/** Prints one object: a key/value view of `detail` on a TTY, the full object as JSON otherwise. */
export async function printObject(ctx: CommandContext, obj: unknown, detail: Column[], now?: Date): Promise<void> {
  (await printerFor(ctx, now)).object(obj, detail);
}

/** Prints a list (array or stream) with the resource's columns. */
export async function printList(ctx: CommandContext, items: AsyncIterable<unknown> | unknown[], columns: Column[], now?: Date): Promise<number> {
  return (await printerFor(ctx, now)).list(items, columns);
}

/** Prints any JSON value as-is (raw commands). */
export async function printJson(ctx: CommandContext, value: unknown): Promise<void> {
  (await printerFor(ctx)).json(value);
}

/** Help text is written for 80 columns, whatever the terminal. */
const HELP_WIDTH = 80;
const EXAMPLE_PREFIX = '  $ ';
const CONTINUATION = '      ';

/** Where a trailing `# comment` starts, outside quotes; -1 when there is none. */
function commentStart(line: string): number {
  let quote = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#' && /\s/.test(line[i - 1] ?? '') && /\s/.test(line[i + 1] ?? '')) {
      return i;
    }
  }
  return -1;
}

/**
 * One example as help lines that fit 80 columns: an aligned `# comment` first loses its padding,
 * then moves above the command; a command still too long continues on indented lines after a
 * shell `\`, so it can be pasted as it is.
 */
export function exampleLines(example: string): string[] {
  const fits = (s: string) => s.length <= HELP_WIDTH;
  if (fits(EXAMPLE_PREFIX + example)) return [EXAMPLE_PREFIX + example];
  const at = commentStart(example);
  let command = example;
  const out: string[] = [];
  if (at >= 0) {
    command = example.slice(0, at).trimEnd();
    const comment = example.slice(at);
    if (fits(`${EXAMPLE_PREFIX}${command}  ${comment}`)) return [`${EXAMPLE_PREFIX}${command}  ${comment}`];
    out.push(`  ${comment}`);
    if (fits(EXAMPLE_PREFIX + command)) return [...out, EXAMPLE_PREFIX + command];
  }
  // Shell words, quotes kept whole, and a flag kept with its value (`--reason duplicate`).
  const shellWords = command.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [command];
  const words: string[] = [];
  for (let i = 0; i < shellWords.length; i++) {
    const w = shellWords[i]!;
    const next = shellWords[i + 1];
    if (w.startsWith('-') && next !== undefined && !next.startsWith('-') && next !== '|') {
      words.push(`${w} ${next}`);
      i++;
    } else {
      words.push(w);
    }
  }
  let line = EXAMPLE_PREFIX + words[0];
  for (const word of words.slice(1)) {
    if (fits(`${line} ${word} \\`)) {
      line += ` ${word}`;
    } else {
      out.push(`${line} \\`);
      line = CONTINUATION + word;
    }
  }
  out.push(line);
  return out;
}

function exampleText(lines: string[] | undefined): string {
  if (!lines || lines.length === 0) return '';
  return `\nExamples:\n${lines.flatMap(exampleLines).join('\n')}\n`;
}

/** Adds examples to a command's help. */
export function withExamples(cmd: Command, lines: string[] | undefined): Command {
  const text = exampleText(lines);
  if (text) cmd.addHelpText('after', text);
  return cmd;
}

/** "invoice items", not the command's "invoice-items": messages and help speak of things, not commands. */
function plural(spec: Pick<ResourceSpec, 'noun'>): string {
  return `${spec.noun}s`;
}

/** Checks an ID argument looks like this resource's, so a typo fails before any request. */
export function checkId(id: string, spec: Pick<ResourceSpec, 'idPrefixes' | 'noun'>): string {
  if (!id || /\s|\//.test(id)) throw new UsageError(`invalid ${spec.noun} id "${id}"`);
  if (spec.idPrefixes.length > 0 && !spec.idPrefixes.some((p) => id.startsWith(p))) {
    throw new UsageError(`"${id}" is not ${/^[aeiou]/.test(spec.noun) ? 'an' : 'a'} ${spec.noun} id (expected ${spec.idPrefixes.map((p) => `${p}…`).join(' or ')})`);
  }
  return id;
}

export interface ListFlagValues extends RequestFlagValues {
  limit?: string;
  startingAfter?: string;
  endingBefore?: string;
  all?: boolean;
  createdAfter?: string;
  createdBefore?: string;
  [k: string]: unknown;
}

function camel(flagName: string): string {
  return flagName.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

function flagName(flags: string): string {
  const m = /--([a-z0-9-]+)/.exec(flags);
  if (!m) throw new Error(`bad flag spec ${flags}`);
  return m[1]!;
}

/** Sets a possibly-bracketed param path (`customer_details[email]`) on an object. */
function setParam(params: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/\]/g, '').split('[');
  let cur = params;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i]!;
    if (typeof cur[k] !== 'object' || cur[k] === null) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

/** Builds the params of a list call from flags; all checks happen here, before any request. */
export async function listParams(ctx: CommandContext, spec: ResourceSpec, o: ListFlagValues): Promise<Record<string, unknown>> {
  const { parseTimeBound } = await import('../../output/time.js');
  const params = await requestParams(o, {}, { listExpand: true });
  await expandForFields(ctx, params, spec.path, { list: true });
  const limit = parseIntFlag(o.limit, '--limit', { min: 1, max: 100 });
  if (limit !== undefined) params.limit = limit;
  if (o.startingAfter && o.endingBefore) throw new UsageError('use only one of --starting-after and --ending-before');
  if (o.startingAfter) params.starting_after = o.startingAfter;
  if (o.endingBefore) params.ending_before = o.endingBefore;
  // Ages (`7d`) count back from the account's clock: a sandbox's moves with `sandbox advance`. Every
  // value is checked first, against the wall clock, so a bad one fails before any request.
  const timeValues = [o.createdAfter, o.createdBefore, ...(spec.listFilters ?? []).filter((f) => f.kind === 'time-gte' || f.kind === 'time-lte').map((f) => o[camel(flagName(f.flags))])];
  const given = timeValues.filter((v): v is string => typeof v === 'string');
  for (const v of given) parseTimeBound(v, ctx.f.now());
  const now = given.length > 0 ? await ctx.accountNow() : ctx.f.now();
  const created: Record<string, number> = {};
  if (o.createdAfter) created.gte = parseTimeBound(o.createdAfter, now);
  if (o.createdBefore) created.lt = parseTimeBound(o.createdBefore, now);
  if (Object.keys(created).length > 0) params.created = created;
  for (const filter of spec.listFilters ?? []) {
    const name = flagName(filter.flags);
    const value = o[camel(name)];
    if (value === undefined) continue;
    if (filter.choices && !filter.choices.includes(String(value))) {
      throw new UsageError(`invalid --${name} "${String(value)}": use one of ${filter.choices.join(', ')}`);
    }
    if (filter.kind === 'time-gte' || filter.kind === 'time-lte') {
      setParam(params, `${filter.param}[${filter.kind === 'time-gte' ? 'gte' : 'lte'}]`, parseTimeBound(String(value), now));
    } else if (filter.kind === 'bool') {
      setParam(params, filter.param, value === true || value === 'true');
    } else if (filter.kind === 'customer') {
      const { resolveCustomerFlag } = await import('../customers/lookup.js');
      setParam(params, filter.param, await resolveCustomerFlag(() => ctx.client(), String(value), `--${name}`));
    } else {
      setParam(params, filter.param, value);
    }
  }
  return params;
}

/** `RESOURCE list`: one page by default, every page streamed with --all. */
export function addListCommand(group: Command, ctx: CommandContext, spec: ResourceSpec): Command {
  const cmd = group
    .command('list')
    .description(`list ${plural(spec)}, newest first`)
    .option('--limit <n>', 'page size, 1-100 (default 10; with --all, 100)')
    .option('--starting-after <id>', 'page after this object (older)')
    .option('--ending-before <id>', 'page before this object (newer)')
    .option('--all', 'stream every page (constant memory with -o jsonl)')
    .option('--created-after <when>', 'created at or after: a date (2026-11-01) or an age (7d, 24h)')
    .option('--created-before <when>', 'created before: a date or an age');
  for (const filter of spec.listFilters ?? []) {
    const opt = new Option(filter.flags, filter.description);
    if (filter.choices) opt.choices(filter.choices as string[]);
    cmd.addOption(opt);
  }
  addRequestFlags(cmd, { mutation: false });
  withExamples(cmd, spec.examples?.list ?? [`payctl ${spec.command} list --limit 20`, `payctl ${spec.command} list --all -o jsonl`]);
  cmd.action(async (o: ListFlagValues) => {
    const params = await listParams(ctx, spec, o);
    const client = await ctx.client();
    if (o.all) {
      if (params.limit === undefined) params.limit = 100;
      await printList(ctx, client.paginate(spec.path, params), spec.columns);
      return;
    }
    const page = await client.get<{ data: unknown[]; has_more: boolean }>(spec.path, params);
    await printList(ctx, page.data, spec.columns);
    if (page.data.length === 0) {
      ctx.note(`No ${plural(spec)} found.`);
    } else if (page.has_more) {
      const last = page.data[page.data.length - 1] as { id?: string };
      const cursor = o.endingBefore ? `--ending-before ${(page.data[0] as { id?: string }).id}` : `--starting-after ${last.id}`;
      // Short enough that a 28-character id still leaves the flags whole on an 80-column line.
      ctx.note(`Next page: ${cursor} (every page: --all)`);
    }
  });
  return cmd;
}

/** `RESOURCE get ID`. */
export function addGetCommand(group: Command, ctx: CommandContext, spec: ResourceSpec): Command {
  const cmd = group.command('get').description(`show one ${spec.noun}`).argument('<id>', `${spec.noun} id`);
  addRequestFlags(cmd, { mutation: false });
  withExamples(cmd, spec.examples?.get ?? [`payctl ${spec.command} get ${spec.idPrefixes[0] ?? ''}123 --expand customer`]);
  cmd.action(async (id: string, o: RequestFlagValues) => {
    checkId(id, spec);
    const params = await requestParams(o);
    await expandForFields(ctx, params, spec.path);
    const client = await ctx.client();
    const obj = await client.get(`${spec.path}/${encodeURIComponent(id)}`, params);
    // Related facts for the key/value view only; JSON stays exactly what the API returned.
    const shown = spec.detailExtras && ctx.output().format === 'table' ? { ...(obj as object), ...(await spec.detailExtras(client, obj)) } : obj;
    await printObject(ctx, shown, spec.detail, spec.now ? await spec.now(ctx, client) : undefined);
  });
  return cmd;
}

/** Runs a search, one page or all with --all; shared by `RESOURCE search` and `payctl search RESOURCE`. */
export async function runSearch(ctx: CommandContext, spec: ResourceSpec, query: string, o: RequestFlagValues & { limit?: string; page?: string; all?: boolean }): Promise<void> {
  if (!query || !query.trim()) throw new UsageError('search needs a query, e.g. "email:\'ada@example.com\'"');
  const params = await requestParams(o, { query }, { listExpand: true });
  await expandForFields(ctx, params, spec.path, { list: true });
  const limit = parseIntFlag(o.limit, '--limit', { min: 1, max: 100 });
  if (limit !== undefined) params.limit = limit;
  if (o.page) params.page = o.page;
  const client = await ctx.client();
  const path = `${spec.path}/search`;
  if (o.all) {
    if (params.limit === undefined) params.limit = 100;
    await printList(ctx, client.searchAll(path, params), spec.columns);
    return;
  }
  const page = await client.get<{ data: unknown[]; has_more: boolean; next_page: string | null }>(path, params);
  await printList(ctx, page.data, spec.columns);
  if (page.data.length === 0) ctx.note(`No ${plural(spec)} match.`);
  else if (page.has_more && page.next_page) ctx.note(`Next page: --page ${page.next_page} (every page: --all)`);
}

/** Adds the search flags to a command. */
export function addSearchFlags(cmd: Command): Command {
  cmd.option('--limit <n>', 'page size, 1-100 (default 10)').option('--page <token>', 'page token from a previous search').option('--all', 'stream every page');
  return addRequestFlags(cmd, { mutation: false });
}

/** `RESOURCE search QUERY`. */
function addSearchCommand(group: Command, ctx: CommandContext, spec: ResourceSpec): Command {
  const cmd = group.command('search').description(`search ${plural(spec)} with Stripe's query language`).argument('<query>', 'search query');
  addSearchFlags(cmd);
  withExamples(cmd, spec.examples?.search);
  cmd.action(async (query: string, o) => runSearch(ctx, spec, query, o));
  return cmd;
}

/** A command group with list/get (and search when the resource supports it). */
export function addResourceGroup(program: Command, ctx: CommandContext, spec: ResourceSpec): Command {
  const group = program.command(spec.command).description(spec.description);
  withExamples(group, [...(spec.examples?.list ?? []).slice(0, 2), ...(spec.examples?.get ?? []).slice(0, 1), ...(spec.examples?.search ?? []).slice(0, 1)]);
  addListCommand(group, ctx, spec);
  addGetCommand(group, ctx, spec);
  if (spec.searchable) addSearchCommand(group, ctx, spec);
  return group;
}

export interface MutationRequest {
  method: 'POST' | 'DELETE';
  path: string;
  params: Record<string, unknown>;
  /** Plain-language effect, e.g. "refund 5.00 USD of ch_123". */
  summary: string;
  /** Destructive verbs confirm on a TTY and need --yes otherwise, even in test mode. */
  destructive?: boolean;
  idempotencyKey?: string;
  /** The money moved, in major units, said on a terminal before sending ("Refunding 0.05 USD of 20.00 USD"). */
  money?: string;
}

/** Guards, sends and prints a mutation. Returns the API's object. */
export async function runMutation(ctx: CommandContext, req: MutationRequest, detail: Column[]): Promise<unknown> {
  await ctx.confirmMutation({ summary: req.summary, destructive: req.destructive });
  // After any confirmation and with --yes alike: the last thing on screen before money moves says how much.
  if (req.money && !ctx.globals().dryRun) ctx.note(req.money);
  const params = { ...req.params };
  if (req.method === 'POST') await expandForFields(ctx, params, req.path);
  const client = await ctx.client();
  const res = await client.request({ method: req.method, path: req.path, params, idempotencyKey: req.idempotencyKey });
  if (res.replayed) ctx.note(`(replayed: this idempotency key was already used; no new change was made)`);
  await printObject(ctx, res.body, detail);
  return res.body;
}

export interface PromptField {
  /** Flag to name in the usage error, e.g. '--amount'. */
  flag: string;
  message: string;
  /** Current value (from flags); prompted for when undefined and prompting is allowed. */
  value: string | undefined;
  choices?: readonly string[];
  default?: string;
  /** Validates a typed answer: true or a message. */
  validate?: (value: string) => true | string;
}

/**
 * Fills missing required values: on a TTY it asks (choices as a select), otherwise it fails with a
 * usage error naming every missing flag. Returns the values in the order given.
 */
export async function fillMissing(ctx: CommandContext, fields: PromptField[]): Promise<string[]> {
  const missing = fields.filter((f) => f.value === undefined || f.value === '');
  if (missing.length === 0) return fields.map((f) => f.value!);
  if (!ctx.f.io.canPrompt || !ctx.globals().input) {
    throw new UsageError(`missing required ${missing.length === 1 ? 'flag' : 'flags'}: ${missing.map((f) => f.flag).join(', ')}`);
  }
  const prompter = await ctx.prompter();
  const out: string[] = [];
  for (const field of fields) {
    if (field.value !== undefined && field.value !== '') {
      out.push(field.value);
      continue;
    }
    if (field.choices) {
      out.push(await prompter.select({ message: field.message, choices: field.choices.map((c) => ({ name: c, value: c })), default: field.default }));
    } else {
      out.push(await prompter.input({ message: field.message, default: field.default, validate: field.validate }));
    }
  }
  return out;
}

/** Asks "Proceed?" after showing a summary, when the values were collected interactively. */
export async function confirmSummary(ctx: CommandContext, summary: string): Promise<void> {
  const prompter = await ctx.prompter();
  ctx.f.io.stderr.write(`${sanitize(summary)}\n`);
  const ok = await prompter.confirm({ message: 'Proceed?', default: true });
  if (!ok) throw new CancelError('cancelled: nothing was sent');
}
