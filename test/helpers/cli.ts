// Runs payctl in-process (src/main.ts `run`) with buffer streams against a real sandbox on loopback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/main.js';
import { BufferStream, makeIO } from '../../src/factory.js';
import type { Prompter } from '../../src/prompt/types.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdinText?: string;
  /** Simulate a terminal on stdin, stdout and stderr (tables, colour off unless asked, prompts allowed). */
  tty?: boolean;
  color?: boolean;
  columns?: number;
  prompter?: Prompter;
  now?: Date;
}

/** A temp HOME with XDG dirs, so config and the embedded sandbox never touch the real ones. */
export function tempHome(): { dir: string; env: Record<string, string>; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'payctl-test-'));
  return {
    dir,
    env: { HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data') },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export async function runCli(argv: string[], opts: RunOptions = {}): Promise<CliResult> {
  const tty = opts.tty ?? false;
  const stdout = new BufferStream(tty, tty ? (opts.columns ?? 160) : undefined);
  const stderr = new BufferStream(tty, tty ? (opts.columns ?? 160) : undefined);
  const env: Record<string, string | undefined> = { ...opts.env };
  if (!opts.color) env.NO_COLOR = '1';
  const io = makeIO({
    stdout,
    stderr,
    stdin: { isTTY: tty, readAll: async () => opts.stdinText ?? '' },
    env,
    noColor: argv.includes('--no-color'),
    noInput: argv.includes('--no-input'),
  });
  const code = await run(argv, { io, env, now: () => opts.now ?? new Date() }, { prompter: opts.prompter });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * A CLI bound to one sandbox account: every call gets PAYCTL_API_KEY and PAYCTL_BASE_URL
 * plus a temp HOME. Use with startTestSandbox() and newTestKey() from ./sandbox.js.
 */
export function cliFor(sandbox: { url: string }, key: string, home: { env: Record<string, string> }) {
  return (argv: string[], opts: RunOptions = {}) =>
    runCli(argv, { ...opts, env: { ...home.env, PAYCTL_API_KEY: key, PAYCTL_BASE_URL: sandbox.url, ...opts.env } });
}
