// payctl's entry: builds the commander tree, runs one command, and maps every outcome to an exit
// code in one place. Only this file touches `process`; everything below gets a Factory.
import { isatty } from 'node:tty';
import { Command, CommanderError, Help, Option } from 'commander';
import { makeIO, type Factory, type InStream, type OutStream } from './factory.js';
import { ExitCode, UsageError, exitCodeDocs, exitCodeFor } from './errors.js';
import { RunContext, type ContextDeps } from './commands/context-impl.js';
import { VERSION } from './version.js';
import { groupsFor } from './commands/registry.js';
import { formatErrorLine, errorJson } from './output/error.js';
import { DryRunError } from './client/errors.js';
import { redactSecrets } from './config/redact.js';
import { safeJson } from './output/sanitize.js';
import { MutationRegistry } from './interrupt.js';

export const ENVIRONMENT_DOCS: Array<[string, string]> = [
  ['PAYCTL_API_KEY', 'API key to use (beats STRIPE_API_KEY and profiles; loses to --api-key)'],
  ['STRIPE_API_KEY', 'API key, if PAYCTL_API_KEY is unset'],
  ['PAYCTL_PROFILE', 'profile to use instead of the active one'],
  ['PAYCTL_BASE_URL', 'API base URL (e.g. http://127.0.0.1:12111 for a local sandbox)'],
  ['PAYCTL_STRIPE_VERSION', 'Stripe-Version header to send (like --stripe-version)'],
  ['PAYCTL_STRIPE_ACCOUNT', 'connected account to act as (like --stripe-account)'],
  ['PAYCTL_OUTPUT', 'default output format: table, json, jsonl or csv'],
  ['PAYCTL_READ_ONLY', 'true refuses every mutation (cannot lift a read-only profile)'],
  ['NO_COLOR', 'disable colour'],
  ['TERM', 'dumb disables colour'],
  ['CI', 'when set, never prompt'],
  ['XDG_CONFIG_HOME', 'config directory root (default ~/.config); payctl keeps config.json in payctl/'],
  ['XDG_DATA_HOME', 'data directory root (default ~/.local/share); the embedded sandbox lives in payctl/'],
  ['XDG_STATE_HOME', 'state directory root (default ~/.local/state); the mutation journal (payctl history) lives in payctl/'],
  ['PAYCTL_HISTORY', 'off: keep no journal of mutations'],
];

/**
 * Builds the command tree: with `argv`, only the group it names (all groups when it names none);
 * without, the whole tree (completions and docs are generated from it).
 */
export async function buildProgram(ctx: RunContext, argv?: readonly string[]): Promise<Command> {
  const registers = await Promise.all(groupsFor(argv).map((g) => g.load()));
  const program = new Command('payctl');
  program
    .description('Operate a Stripe-compatible payments account from the terminal.\nWith no API key and no base URL configured, commands run against an embedded local sandbox.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--profile <name>', 'config profile to use')
    .option('--api-key <key>', 'API key (discouraged: visible in ps; prefer PAYCTL_API_KEY or `login --with-key-stdin`)')
    .option('--base-url <url>', 'API base URL')
    .option('--sandbox', 'use the embedded local sandbox even when a key is configured')
    .option('--stripe-account <id>', 'act as a connected account (Stripe-Account header)')
    .option('--stripe-version <version>', 'API version header to send')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json', 'jsonl', 'csv']))
    .option('--json', 'JSON output (same as -o json); errors as JSON on stderr')
    .option('--fields <paths>', 'only these fields, comma-separated dot paths (e.g. id,amount,customer.email)')
    .option('--no-color', 'disable colour')
    .option('--no-input', 'never prompt; fail with a usage error instead')
    .option('-y, --yes', 'assume yes at confirmations')
    .option('--dry-run', 'print the request instead of sending it')
    .option('--verbose', 'log requests (keys redacted) and show stack traces')
    .option('--max-retries <n>', 'retries for network errors, 409, 429 and 5xx (default 3)')
    .showHelpAfterError('(run with --help for usage)')
    .showSuggestionAfterError(true)
    // Names only in the command list (gh-style): argument syntax lives in each command's own help.
    // A subcommand's help lists the shared flags its examples use, as gh's "Inherited flags".
    .configureHelp({
      sortSubcommands: false,
      showGlobalOptions: true,
      subcommandTerm: (cmd) => cmd.name(),
      visibleGlobalOptions(cmd) {
        return Help.prototype.visibleGlobalOptions.call(this, cmd).filter((o) => o.long !== '--version' && o.long !== '--help');
      },
      formatItemList(heading, items, helper) {
        return Help.prototype.formatItemList.call(this, heading === 'Global Options:' ? 'Inherited flags:' : heading, items, helper);
      },
    })
    .addHelpText(
      'after',
      `
Examples:
  $ payctl customers create --name "Ada" --email ada@example.com
  $ payctl payment-intents create --amount 20.00 --currency usd \\
      --payment-method pm_card_visa --confirm
  $ payctl charges list --limit 5
  $ payctl refunds create --payment-intent pi_123 --amount 5.00
  $ payctl search charges "amount>1000 AND status:'succeeded'"

More help:
  payctl help exit-codes     exit codes for scripts
  payctl help environment    environment variables`,
    );

  program.hook('preAction', async (_this, actionCommand) => {
    ctx.setGlobals(actionCommand.optsWithGlobals());
    // `config …` manages the profile, so it keeps the plain defaults rather than the profile's own.
    let top = actionCommand;
    while (top.parent && top.parent !== program) top = top.parent;
    if (top.name() !== 'config') await ctx.loadProfileOutput();
  });

  for (const register of registers) register(program, ctx);
  return program;
}

function helpTopic(topic: string, out: OutStream): boolean {
  if (topic === 'exit-codes') {
    out.write('Exit codes:\n');
    for (const [code, name, text] of exitCodeDocs) out.write(`  ${String(code).padStart(3)}  ${name.padEnd(10)} ${text}\n`);
    return true;
  }
  if (topic === 'environment') {
    out.write('Environment variables:\n');
    for (const [name, text] of ENVIRONMENT_DOCS) out.write(`  ${name.padEnd(16)} ${text}\n`);
    return true;
  }
  return false;
}

/**
 * `payctl help customers list` → `customers list --help`. A word that names no command is the same
 * usage error, with the same suggestion, as typing it without `help` (`payctl custmers`), and
 * nothing runs: commander's own help command would show the root help, or stop at one level.
 */
function helpArgv(program: Command, words: readonly string[]): string[] {
  let cmd = program;
  const path: string[] = [];
  for (const word of words) {
    if (word.startsWith('-') || cmd.commands.length === 0) break;
    const sub = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!sub) {
      // commander's unknown-command error (message, "Did you mean …?", exit code) for this level.
      const unknown = (cmd as unknown as { unknownCommand?: () => never }).unknownCommand;
      cmd.args = [word];
      if (typeof unknown === 'function') unknown.call(cmd);
      throw new UsageError(`unknown command '${word}'`);
    }
    path.push(word);
    cmd = sub;
  }
  return [...path, '--help'];
}

/**
 * Applies commander's settings for in-process use: no process.exit, output through our streams.
 * With JSON errors asked for, commander's own prose is held back: reportError writes the one JSON object.
 */
function configureForRun(cmd: Command, f: Factory, jsonErrors: boolean): void {
  cmd.exitOverride();
  cmd.configureOutput({
    // Help wraps to the terminal's width, 80 columns when it is not a terminal.
    getOutHelpWidth: () => f.io.stdout.columns ?? 80,
    getErrHelpWidth: () => f.io.stderr.columns ?? 80,
    writeOut: (s) => f.io.stdout.write(s),
    writeErr: (s) => f.io.stderr.write(s),
    // A key pasted in the wrong place (`payctl sk_live_…`) must not be echoed back.
    outputError: (s, write) => {
      if (!jsonErrors) write(redactSecrets(s));
    },
  });
  if (jsonErrors) cmd.showHelpAfterError(false);
  for (const sub of cmd.commands) configureForRun(sub, f, jsonErrors);
}

/** `--json`, `-o json`, `--output json`, `--output=json` or `-ojson`: errors go to stderr as JSON. */
function wantsJsonErrors(argv: readonly string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--json' || a === '--output=json' || a === '-ojson') return true;
    if ((a === '-o' || a === '--output') && argv[i + 1] === 'json') return true;
  }
  return false;
}

/** Runs one invocation; never throws. Returns the exit code. */
export async function run(argv: string[], f: Factory, deps: ContextDeps = {}): Promise<number> {
  if (argv[0] === 'help' && argv[1] && helpTopic(argv[1], f.io.stdout)) return ExitCode.ok;
  const ctx = new RunContext(f, deps);
  const wantsJson = wantsJsonErrors(argv);
  const verbose = argv.includes('--verbose');
  let action: Command | undefined;
  try {
    const program = await buildProgram(ctx, argv);
    configureForRun(program, f, wantsJson);
    program.hook('preAction', (_this, actionCommand) => void (action = actionCommand));
    await program.parseAsync(argv[0] === 'help' && argv.length > 1 ? helpArgv(program, argv.slice(1)) : argv, { from: 'user' });
    return ExitCode.ok;
  } catch (err) {
    return reportError(err, f, { json: wantsJson, verbose, paramLabel: (param) => paramLabel(action, param) });
  } finally {
    await ctx.close();
  }
}

/**
 * How an error names the API parameter it is about: the command's own flag when it has one
 * (`amount` → `--amount`, `payment_method` → `--payment-method`), else the parameter as sent
 * (`metadata[order]`); nothing for an object id in the path, which the message already quotes.
 */
function paramLabel(action: Command | undefined, param: string): string | undefined {
  if (param === 'id' || action?.registeredArguments.some((a) => a.name() === param)) return undefined;
  const flag = `--${param.split('[')[0]!.replace(/_/g, '-')}`;
  return action?.options.some((o) => o.long === flag) ? flag : param;
}

function reportError(err: unknown, f: Factory, opts: { json: boolean; verbose: boolean; paramLabel?: (param: string) => string | undefined }): number {
  if (err instanceof CommanderError) {
    // Help and --version end the run successfully; anything else commander rejects is a usage error.
    if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return ExitCode.ok;
    }
    if (opts.json) {
      // One line, as every error message: commander appends suggestions ("Did you mean list?") on a new line.
      const message = err.message.replace(/^error: /, '').replace(/\s*[\r\n]+\s*/g, ' ').trim();
      f.io.stderr.write(`${redactSecrets(JSON.stringify({ error: { message, exit_code: ExitCode.usage } }))}\n`);
    }
    return ExitCode.usage;
  }
  if (err instanceof DryRunError) {
    // --dry-run: the request description is the data the user asked for.
    f.io.stdout.write(`${JSON.stringify(err.request, null, 2)}\n`);
    return ExitCode.ok;
  }
  const code = exitCodeFor(err);
  if (opts.json) {
    f.io.stderr.write(`${redactSecrets(safeJson(errorJson(err)))}\n`);
  } else {
    f.io.stderr.write(`${redactSecrets(formatErrorLine(err, { verbose: opts.verbose, paramLabel: opts.paramLabel }))}\n`);
  }
  return code;
}

function processStream(stream: NodeJS.WriteStream): OutStream {
  return {
    write: (chunk: string) => stream.write(chunk),
    get isTTY() {
      return Boolean(stream.isTTY);
    },
    get columns() {
      return stream.isTTY ? stream.columns : undefined;
    },
    // Also settles when the stream fails or closes: a 'drain' that can never come must not hang a list.
    drain: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          stream.off('drain', done).off('error', done).off('close', done);
          resolve();
        };
        stream.once('drain', done).once('error', done).once('close', done);
      }),
  };
}

/** stdin is touched only when read: creating process.stdin costs ~2 ms that most commands never need. */
function processStdin(proc: NodeJS.Process, isTTY: boolean): InStream {
  return {
    isTTY,
    readAll: async () => {
      if (isTTY) return '';
      const stdin = proc.stdin;
      const chunks: Buffer[] = [];
      for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Runs payctl for the real process: real streams, env and clock. Called by bin/payctl.js. */
export async function runCli(proc: NodeJS.Process): Promise<number> {
  // (bin/payctl.js answers a lone --version itself, before this bundle is even loaded.)
  const argv = proc.argv.slice(2);
  // A closed pipe (`payctl charges list | head`) is not an error. Any other write error (a full disk,
  // /dev/full) loses the output: say so in one line and exit at once, whatever the command is doing.
  const onWriteError = (e: NodeJS.ErrnoException): never => {
    if (e.code === 'EPIPE') return proc.exit(ExitCode.ok);
    const message = `cannot write to stdout (${e.message.replace(/\s+/g, ' ')}): output lost; a change already made stands`;
    proc.stderr.write(`${wantsJsonErrors(argv) ? JSON.stringify({ error: { message, exit_code: ExitCode.local } }) : `error: ${message}`}\n`);
    return proc.exit(ExitCode.local);
  };
  proc.stdout.on('error', onWriteError);
  const env = proc.env;
  const stdout = processStream(proc.stdout);
  const io = makeIO({
    stdout,
    stderr: processStream(proc.stderr),
    stdin: processStdin(proc, isatty(0)),
    env,
    noColor: argv.includes('--no-color'),
    noInput: argv.includes('--no-input'),
  });
  // Ctrl-C cancels at once (exit 130) while nothing was sent, unless a long-running command took over
  // the signal. Once a mutation is out, the first Ctrl-C waits for its answer and the second abandons
  // it with exit 7 and the command that retries it safely (see interrupt.ts).
  const handlers = new Set<() => void>();
  const mutations = new MutationRegistry();
  const onSignal = (signal: NodeJS.Signals) => {
    if (handlers.size > 0) {
      for (const h of [...handlers]) h();
      return;
    }
    if (signal === 'SIGINT') {
      const action = mutations.onInterrupt(argv, { json: wantsJsonErrors(argv) });
      if (action.kind === 'wait') {
        proc.stderr.write(`\n${action.message}\n`);
        return;
      }
      if (action.kind === 'abandon') {
        proc.stderr.write(`\n${action.message}\n`);
        proc.exit(action.exitCode);
      }
      proc.stderr.write('\ncancelled\n');
    } else {
      // Terminated: no waiting, but a mutation still out is named with its key.
      const notice = mutations.onTerminate(argv, { json: wantsJsonErrors(argv), exitCode: 143 });
      if (notice) proc.stderr.write(`\n${notice}\n`);
    }
    proc.exit(signal === 'SIGINT' ? ExitCode.cancelled : 143);
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);
  const onInterrupt = (handler: () => void) => {
    handlers.add(handler);
    return () => void handlers.delete(handler);
  };
  const terminal = {
    get stdin() {
      return proc.stdin;
    },
    stderr: proc.stderr,
  };
  const code = await run(argv, { io, env, now: () => new Date(), terminal, onInterrupt, processes: processInfo(proc), mutations, exitsAfterRun: true });
  // A file stdout (a redirect to a full disk) can fail on the command's last write, just before this
  // point, with its 'error' event still queued: flush once and look, so no exit reports success.
  await new Promise<void>((resolve) => proc.stdout.write('', () => resolve()));
  const failed = proc.stdout.errored as NodeJS.ErrnoException | null;
  if (failed) onWriteError(failed);
  return code;
}

/** This process's id, and whether another runs (signal 0 probes without sending anything). */
function processInfo(proc: NodeJS.Process): NonNullable<Factory['processes']> {
  const alive = (pid: number): boolean => {
    try {
      proc.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
    }
  };
  return { pid: proc.pid, alive };
}
