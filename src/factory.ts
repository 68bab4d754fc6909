// The Factory: what commands take from the process (streams, env, clock, signals, the terminal);
// config, client and prompter are built lazily on top of it by the CommandContext. Tests use fake streams.
import type { MutationTracker } from './client/types.js';

/** A writable text stream with what commands need to know about the terminal behind it. */
export interface OutStream {
  write(chunk: string): boolean | void;
  readonly isTTY: boolean;
  /** Terminal width when a TTY, else undefined. */
  readonly columns?: number;
  /** Resolves once a full buffer has drained (back-pressure for streamed lists). */
  drain?(): Promise<void>;
}

export interface InStream {
  readonly isTTY: boolean;
  /** Reads all of stdin as text (for --with-key-stdin, -d @-). */
  readAll(): Promise<string>;
}

export interface IOStreams {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  /** Colour is on when stdout is a TTY and neither NO_COLOR nor --no-color is set. */
  colorEnabled: boolean;
  /** Prompts are allowed: stdin and stdout are TTYs, no --no-input, no CI. */
  canPrompt: boolean;
}

export interface Factory {
  io: IOStreams;
  env: Readonly<Record<string, string | undefined>>;
  /** Wall clock (tests inject a fixed one). */
  now(): Date;
  /**
   * Lets a long-running command (sandbox serve) handle Ctrl-C / SIGTERM itself instead of the default
   * immediate exit 130. Returns a function that removes the handler. Absent in tests.
   */
  onInterrupt?(handler: () => void): () => void;
  /** This process's id and a liveness probe, for the config lock's stale-lock check (absent in tests). */
  processes?: { readonly pid: number; alive(pid: number): boolean };
  /** Told by every client when a mutation goes out and when its outcome is known (Ctrl-C handling). */
  mutations?: MutationTracker;
  /**
   * Set by main: the process exits as soon as the command's output is flushed, so open HTTP
   * connections need no closing first (absent in tests, which run many commands in one process).
   */
  exitsAfterRun?: boolean;
  /** The real terminal streams, for interactive prompts (absent in tests, which inject a prompter). */
  terminal?: { stdin: NodeJS.ReadableStream; stderr: NodeJS.WritableStream };
}

/** Builds IOStreams from explicit parts; used by main (real process) and tests (buffers). */
export function makeIO(parts: {
  stdout: OutStream;
  stderr: OutStream;
  stdin: InStream;
  env: Readonly<Record<string, string | undefined>>;
  noColor?: boolean;
  noInput?: boolean;
}): IOStreams {
  const env = parts.env;
  const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return {
    stdout: parts.stdout,
    stderr: parts.stderr,
    stdin: parts.stdin,
    colorEnabled: parts.stdout.isTTY && !noColorEnv && !parts.noColor && env.TERM !== 'dumb',
    canPrompt: parts.stdin.isTTY && parts.stdout.isTTY && !parts.noInput && !ci,
  };
}

/** A buffer-backed stream for tests. */
export class BufferStream implements OutStream {
  text = '';
  constructor(
    readonly isTTY = false,
    readonly columns?: number,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}
