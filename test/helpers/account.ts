// The shared start of the command tests: one sandbox and temp HOME per file, and a fresh account per
// test whose `ok(argv)` runs the CLI and insists on success. Each file adds its resource's helpers.
import { afterAll, beforeAll, expect } from 'vitest';
import { cliFor, tempHome, type CliResult } from './cli.js';
import { newTestKey, useTestSandbox } from './sandbox.js';
import { ScriptedPrompter } from '../../src/prompt/scripted.js';

/** Any ANSI escape: tables printed with colour off must contain none. */
export const ANSI = /\x1b\[/;

type Home = { env: Record<string, string> };

/** A fresh sandbox account (new key) driven through the CLI. */
export function sandboxAccount(sandbox: { url: string }, home: Home) {
  const cli = cliFor(sandbox, newTestKey(), home);
  /** Runs the CLI, asserts exit 0 with an empty stderr, and returns the parsed JSON stdout. */
  async function ok(argv: string[]): Promise<any> {
    const r = await cli(argv);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  }
  /** Like ok() for `-o jsonl`: one parsed object per stdout line. */
  async function jsonl(argv: string[]): Promise<any[]> {
    const r = await cli(argv);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    return r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
  }
  /** Runs the CLI expecting a usage error: exit 2, nothing on stdout, `message` in stderr. */
  async function usageError(argv: string[], message: string | RegExp): Promise<CliResult> {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    return r;
  }
  /** A guarded action: without a TTY it asks for --yes (exit 2); on a TTY, "no" at the prompt exits 130. */
  async function needsConfirmation(argv: string[]): Promise<void> {
    const refused = await cli(argv);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');
    const no = await cli(argv, { tty: true, prompter: new ScriptedPrompter([false]) });
    expect(no.code).toBe(130);
  }
  return {
    cli,
    ok,
    jsonl,
    usageError,
    needsConfirmation,
    /** Creates a customer from form fields (`email=…`, `name=…`) and returns its id. */
    customer: async (...fields: string[]): Promise<string> => (await ok(['post', '/v1/customers', ...fields.flatMap((f) => ['-d', f])])).id,
  };
}

/**
 * Registers this file's sandbox and temp HOME (beforeAll/afterAll); `account()` gives a fresh account
 * on them, to be called inside a test.
 */
export function useSandbox() {
  const sandbox = useTestSandbox();
  let current: ReturnType<typeof tempHome> | undefined;
  beforeAll(() => {
    current = tempHome();
  });
  afterAll(() => {
    current?.cleanup();
  });
  const home: Home = {
    get env() {
      if (!current) throw new Error('the temp HOME is not set up: use it inside a test or hook');
      return current.env;
    },
  };
  return { sandbox, home, account: () => sandboxAccount(sandbox, home) };
}

export type SandboxAccount = ReturnType<typeof sandboxAccount>;

/**
 * useSandbox() for one resource's test file: a factory of fresh accounts carrying the shared helpers
 * plus the file's own (`extend`), which may replace a shared one (e.g. `customer()` with set fields).
 */
export function useAccounts<X extends object>(extend: (base: SandboxAccount) => X): () => Omit<SandboxAccount, keyof X> & X {
  const { account } = useSandbox();
  return () => {
    const base = account();
    return { ...base, ...extend(base) };
  };
}
