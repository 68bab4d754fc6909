// The real CommandContext: resolves flags, credentials and services once per run, lazily,
// and remembers what must be closed (HTTP pools, the embedded sandbox) before the process exits.
import type { Factory } from '../factory.js';
import type { ClientOptions, StripeClient } from '../client/types.js';
import type { ConfigStore, ResolvedCredentials } from '../config/types.js';
import type { Prompter } from '../prompt/types.js';
import type { CommandContext, GlobalOptions, OutputSettings, OutputFormat } from './context.js';
import { AuthError, CancelError, LocalStateError, UsageError, fileErrorReason, isFileSystemError } from '../errors.js';
import { redactKey } from '../config/redact.js';
import { parseFieldsFlag } from '../output/fields.js';
import { sanitize } from '../output/sanitize.js';

export interface ContextDeps {
  /** Replaces the inquirer prompter (tests). */
  prompter?: Prompter;
}

const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'json', 'jsonl', 'csv'];
/** Sent by the sandbox on every account request (src/sandbox/app.ts), lower-cased as headers arrive. */
const SANDBOX_NOW_HEADER = 'payctl-sandbox-now';
const SANDBOX_CLOCK_PATH = '/v1/test_helpers/sandbox/clock';

/** A loopback target (only one can be a local sandbox); kept apart from the client so no HTTP code loads for it. */
function isLoopbackUrl(url: string | undefined): boolean {
  if (url === undefined) return false;
  try {
    const host = new URL(url).hostname.toLowerCase().replace(/^\[|\]$/g, '');
    return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}

/** Printed for --api-key on every command (never with the key itself). */
export const API_KEY_FLAG_WARNING =
  'payctl: warning: --api-key is visible to other users in `ps` and lands in shell history; prefer PAYCTL_API_KEY, or save the key with `payctl login --with-key-stdin`';

export class RunContext implements CommandContext {
  private globalOpts: GlobalOptions | undefined;
  private configStore: Promise<ConfigStore> | undefined;
  private creds: Promise<ResolvedCredentials> | undefined;
  private clientPromise: Promise<StripeClient> | undefined;
  private prompterPromise: Promise<Prompter> | undefined;
  private readonly closers: Array<() => Promise<void>> = [];
  /** The profile's saved `output` setting, read once before the action (see loadProfileOutput). */
  private profileOutput: OutputFormat | undefined;
  /** The sandbox clock minus the wall clock, once a response has carried it (see now()). */
  private clockOffsetMs: number | undefined;
  /** True once the embedded sandbox serves this run (whoami reports it). */
  embeddedUrl: string | undefined;

  constructor(
    readonly f: Factory,
    private readonly deps: ContextDeps = {},
  ) {}

  setGlobals(raw: Record<string, unknown>): void {
    const output = raw.output as string | undefined;
    if (output !== undefined && !OUTPUT_FORMATS.includes(output as OutputFormat)) {
      throw new UsageError(`invalid --output "${output}": use one of ${OUTPUT_FORMATS.join(', ')}`);
    }
    let maxRetries: number | undefined;
    if (raw.maxRetries !== undefined) {
      maxRetries = Number(raw.maxRetries);
      if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 10) {
        throw new UsageError(`invalid --max-retries "${String(raw.maxRetries)}": use a whole number from 0 to 10`);
      }
    }
    // Checked like any flag, before any request: `id,,a..b` or a bare `,` is a usage error, duplicates are dropped.
    const fields = typeof raw.fields === 'string' ? parseFieldsFlag(raw.fields) : undefined;
    this.globalOpts = {
      profile: raw.profile as string | undefined,
      apiKey: raw.apiKey as string | undefined,
      baseUrl: raw.baseUrl as string | undefined,
      sandbox: Boolean(raw.sandbox),
      stripeAccount: raw.stripeAccount as string | undefined,
      stripeVersion: raw.stripeVersion as string | undefined,
      output: output as OutputFormat | undefined,
      json: Boolean(raw.json),
      fields,
      color: raw.color !== false,
      input: raw.input !== false,
      yes: Boolean(raw.yes),
      dryRun: Boolean(raw.dryRun),
      verbose: Boolean(raw.verbose),
      maxRetries,
    };
    // The key is already in shell history and visible in `ps` by now: say so, on a terminal or not.
    if (this.globalOpts.apiKey !== undefined) this.warn(API_KEY_FLAG_WARNING);
  }

  globals(): GlobalOptions {
    if (!this.globalOpts) this.setGlobals({});
    return this.globalOpts!;
  }

  output(): OutputSettings {
    const g = this.globals();
    let format: OutputFormat;
    if (g.json) format = 'json';
    else if (g.output) format = g.output;
    else if (OUTPUT_FORMATS.includes(this.f.env.PAYCTL_OUTPUT as OutputFormat)) format = this.f.env.PAYCTL_OUTPUT as OutputFormat;
    else if (this.profileOutput) format = this.profileOutput;
    else format = this.f.io.stdout.isTTY ? 'table' : 'json';
    return { format, fields: g.fields, color: this.f.io.colorEnabled && g.color };
  }

  /**
   * Reads the profile's `output` default (`payctl config set output jsonl`) so output() can stay
   * synchronous. Only when no flag or env var decides the format and a config file exists; a config
   * problem is left for the commands that need the config to report.
   */
  async loadProfileOutput(): Promise<void> {
    const g = this.globals();
    if (g.json || g.output || OUTPUT_FORMATS.includes(this.f.env.PAYCTL_OUTPUT as OutputFormat)) return;
    const [{ existsSync }, { configPath }, { resolveProfileName }] = await Promise.all([
      import('node:fs'),
      import('../config/store.js'),
      import('../config/resolve.js'),
    ]);
    if (!existsSync(configPath(this.f.env))) return;
    try {
      const store = await this.config();
      const saved = store.getProfile(resolveProfileName(g, this.f.env, store).name)?.output;
      if (OUTPUT_FORMATS.includes(saved as OutputFormat)) this.profileOutput = saved;
    } catch {
      // An unreadable config file is reported by whatever reads it for real (credentials, config …).
      this.configStore = undefined;
    }
  }

  config(): Promise<ConfigStore> {
    this.configStore ??= import('../config/store.js').then(async (m) => {
      try {
        return await m.openConfigStore(this.f.env, { lock: { processes: this.f.processes } });
      } catch (err) {
        // An unwritable HOME or config directory is a local problem to name and fix, not a bug.
        if (!isFileSystemError(err)) throw err;
        const dir = m.configDir(this.f.env);
        throw new LocalStateError(`cannot use the config directory ${dir}: ${fileErrorReason(err)}${err.path === dir ? '' : ` (${err.path})`}; make it writable, or set XDG_CONFIG_HOME to a writable directory`, dir);
      }
    });
    return this.configStore;
  }

  credentials(): Promise<ResolvedCredentials> {
    this.creds ??= (async () => {
      const g = this.globals();
      const { resolveCredentials } = await import('../config/resolve.js');
      const store = await this.config();
      return resolveCredentials({
        flags: { apiKey: g.apiKey, profile: g.profile, baseUrl: g.baseUrl, stripeVersion: g.stripeVersion, stripeAccount: g.stripeAccount, sandbox: g.sandbox },
        env: this.f.env,
        store,
      });
    })();
    return this.creds;
  }

  client(): Promise<StripeClient> {
    this.clientPromise ??= (async () => {
      const g = this.globals();
      const creds = await this.credentials();
      let apiKey = creds.apiKey;
      let baseUrl = creds.baseUrl;
      let dispatcher: ClientOptions['dispatcher'];
      if (g.sandbox || !apiKey) {
        const { openEmbeddedSandbox, sandboxDataDir } = await import('../sandbox/embedded.js');
        const sandbox = await openEmbeddedSandbox({ dataDir: sandboxDataDir(this.f.env) });
        this.closers.push(() => sandbox.close());
        this.embeddedUrl = sandbox.baseUrl;
        apiKey = sandbox.apiKey;
        baseUrl = sandbox.baseUrl;
        dispatcher = sandbox.dispatcher;
        this.note('payctl: using the embedded sandbox (no API key set; see payctl login)');
      }
      const [{ createClient }, journal] = await Promise.all([import('../client/index.js'), import('../history/journal.js')]);
      const mode = this.embeddedUrl ? 'sandbox' : /^(sk|rk)_live_/.test(apiKey ?? '') ? 'live' : isLoopbackUrl(baseUrl) ? 'sandbox' : 'test';
      const onMutation =
        this.f.env.PAYCTL_HISTORY === 'off' ? undefined : journal.journalWriter({ dir: journal.historyDir(this.f.env), profile: creds.profile ?? null, mode, now: () => this.f.now() });
      const client = createClient({
        onMutation,
        apiKey: apiKey!,
        baseUrl: baseUrl ?? 'https://api.stripe.com',
        dispatcher,
        mutations: this.f.mutations,
        stripeVersion: creds.stripeVersion,
        stripeAccount: creds.stripeAccount,
        maxRetries: g.maxRetries,
        dryRun: g.dryRun,
        log: g.verbose ? (line) => this.f.io.stderr.write(`${line}\n`) : undefined,
        onResponse: (headers) => this.recordClock(headers),
      });
      // A process that exits right after the command drops its connections with it: closing them
      // first would only delay the exit (~2 ms).
      if (!this.f.exitsAfterRun) this.closers.unshift(() => client.close());
      return client;
    })();
    return this.clientPromise;
  }

  prompter(): Promise<Prompter> {
    if (this.deps.prompter) return Promise.resolve(this.deps.prompter);
    this.prompterPromise ??= import('../prompt/inquirer.js').then((m) => m.createInquirerPrompter({ stdin: this.f.terminal?.stdin, stdout: this.f.terminal?.stderr }));
    return this.prompterPromise;
  }

  async confirmMutation(opts: { summary: string; destructive?: boolean }): Promise<void> {
    const g = this.globals();
    const creds = await this.credentials();
    if (creds.readOnly) {
      throw new AuthError(`profile "${creds.profile}" is read-only: refusing to ${opts.summary}`);
    }
    const live = !g.sandbox && /^(sk|rk)_live_/.test(creds.apiKey ?? '');
    if (!live && !opts.destructive) return;
    if (g.yes || g.dryRun) return;
    const what = live ? `LIVE MODE (key ${redactKey(creds.apiKey)}${creds.stripeAccount ? `, account ${creds.stripeAccount}` : ''}): ${opts.summary}` : opts.summary;
    if (!this.f.io.canPrompt) {
      throw new UsageError(`${live ? 'live-mode mutation' : 'this action'} needs confirmation: re-run with --yes to ${opts.summary}`);
    }
    const prompter = await this.prompter();
    const ok = await prompter.confirm({ message: `${what[0]!.toUpperCase()}${what.slice(1)}?`, default: false });
    if (!ok) throw new CancelError('cancelled: nothing was changed');
  }

  /** Reads the sandbox's `Payctl-Sandbox-Now` response header (unix seconds); real Stripe sends none. */
  private recordClock(headers: Record<string, string>): void {
    const key = Object.keys(headers).find((k) => k.toLowerCase() === SANDBOX_NOW_HEADER);
    const value = key === undefined ? undefined : headers[key];
    if (value !== undefined && /^\d{1,12}$/.test(value)) this.clockOffsetMs = Number(value) * 1000 - this.f.now().getTime();
  }

  now(): Date {
    const wall = this.f.now();
    return this.clockOffsetMs === undefined ? wall : new Date(wall.getTime() + this.clockOffsetMs);
  }

  async accountNow(): Promise<Date> {
    if (this.clockOffsetMs === undefined) {
      const client = await this.client();
      // Only a sandbox has this endpoint, and only a loopback or embedded target can be one.
      if (this.embeddedUrl !== undefined || isLoopbackUrl(client.options.baseUrl)) {
        try {
          await client.get(SANDBOX_CLOCK_PATH);
        } catch {
          // Not a payctl sandbox: the wall clock it is.
        }
      }
    }
    return this.now();
  }

  note(line: string): void {
    // Notes quote API data (names, descriptions): they pass the same sanitiser as tables and prompts.
    if (this.f.io.stderr.isTTY) this.f.io.stderr.write(`${sanitize(line)}\n`);
  }

  warn(line: string): void {
    this.f.io.stderr.write(`${line}\n`);
  }

  /** Closes pools and the embedded sandbox so the process can exit as soon as output is flushed. */
  async close(): Promise<void> {
    for (const c of this.closers.splice(0)) {
      try {
        await c();
      } catch {
        // Closing is best effort: the command's result is already decided.
      }
    }
  }
}

