// What Ctrl-C means while payctl runs. Before any mutation was sent: cancel (exit 130). Once one is
// out: wait for the API's answer and report the real result; a second Ctrl-C abandons it with exit 7
// ("outcome unknown"), the idempotency key and the exact command that retries it safely.
import type { MutationTracker, OutgoingMutation } from './client/types.js';
import { CancelError, ExitCode } from './errors.js';
import { redactSecrets } from './config/redact.js';

interface Entry extends OutgoingMutation {
  /** The client has the outcome (an answer or a final failure). */
  answered: boolean;
}

export type InterruptAction =
  | { kind: 'cancel' }
  | { kind: 'wait'; message: string }
  | { kind: 'abandon'; exitCode: number; message: string };

/** The run's one record of mutations sent, shared by every client (told by them) and the signal handler. */
export class MutationRegistry implements MutationTracker {
  private readonly sent: Entry[] = [];
  private interrupted = false;

  begin(m: OutgoingMutation): () => void {
    // After a Ctrl-C nothing new goes out: the user asked to stop.
    if (this.interrupted) throw new CancelError(`cancelled by Ctrl-C: ${m.method} ${m.path} was not sent`);
    const entry: Entry = { ...m, answered: false };
    this.sent.push(entry);
    return () => {
      entry.answered = true;
    };
  }

  /** The requests still out. */
  inFlight(): OutgoingMutation[] {
    return this.sent.filter((e) => !e.answered).map(({ answered: _a, ...m }) => m);
  }

  /**
   * Decides what a Ctrl-C does now. `argv` (without `payctl`) makes the re-run command; `json` asks for
   * the abandon message as payctl's JSON error object.
   */
  onInterrupt(argv: readonly string[], opts: { json: boolean }): InterruptAction {
    if (this.sent.length === 0) return { kind: 'cancel' };
    const out = this.sent.filter((e) => !e.answered);
    if (!this.interrupted) {
      this.interrupted = true;
      return {
        kind: 'wait',
        message: out.length > 0 ? "payctl: waiting for the API's answer; Ctrl-C again to stop waiting" : 'payctl: the API has answered; finishing (Ctrl-C again to stop)',
      };
    }
    // Answered but not yet shown counts as unknown to the user: the re-run replays it.
    const unknown = out.length > 0 ? out : this.sent;
    return { kind: 'abandon', exitCode: ExitCode.network, message: abandonMessage(unknown, argv, opts.json) };
  }

  /** A termination that cannot wait (SIGTERM): what it leaves unknown, with the keys; undefined if nothing is out. */
  onTerminate(argv: readonly string[], opts: { json: boolean; exitCode: number }): string | undefined {
    const out = this.sent.filter((e) => !e.answered);
    return out.length > 0 ? abandonMessage(out, argv, opts.json, opts.exitCode) : undefined;
  }
}

function abandonMessage(unknown: readonly OutgoingMutation[], argv: readonly string[], json: boolean, exitCode: number = ExitCode.network): string {
  let message: string;
  let rerun: string | undefined;
  if (unknown.length === 1) {
    const m = unknown[0]!;
    const hasKeyFlag = argv.some((a) => a === '--idempotency-key' || a.startsWith('--idempotency-key='));
    rerun = commandLine(m.idempotencyKey && !hasKeyFlag ? [...argv, '--idempotency-key', m.idempotencyKey] : argv);
    message = m.idempotencyKey
      ? `stopped waiting: the outcome of ${m.method} ${m.path} is unknown (idempotency key ${m.idempotencyKey}); re-run safely with: ${rerun}`
      : `stopped waiting: the outcome of ${m.method} ${m.path} is unknown; re-run to make sure (doing it twice is harmless): ${rerun}`;
  } else {
    const list = unknown.map((m) => `${m.method} ${m.path}${m.idempotencyKey ? ` (idempotency key ${m.idempotencyKey})` : ''}`).join(', ');
    message = `stopped waiting: the outcome of ${unknown.length} requests is unknown: ${list}; re-run each with its --idempotency-key to retry safely`;
  }
  if (!json) return redactSecrets(`error: ${message}`);
  const keys = unknown.map((m) => m.idempotencyKey).filter((k): k is string => Boolean(k));
  const error: Record<string, unknown> = { message, exit_code: exitCode, outcome_unknown: true };
  if (keys.length === 1) error.idempotency_key = keys[0];
  else if (keys.length > 1) error.idempotency_keys = keys;
  if (rerun) error.rerun = rerun;
  return redactSecrets(JSON.stringify({ error }));
}

/** `payctl` and its arguments as a POSIX shell would read them back. */
export function commandLine(argv: readonly string[]): string {
  return ['payctl', ...argv.map(shellQuote)].join(' ');
}

function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
