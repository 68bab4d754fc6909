// Output that cannot be written (a full disk; /dev/full here) is an error: one line on stderr, a
// non-zero exit, promptly — never exit 0 with the data lost, never a hang waiting for a drain.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { BIN, cleanEnv } from '../helpers/spawn.js';

function runToDevFull(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const full = openSync('/dev/full', 'w');
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', full, 'pipe'] });
    closeSync(full);
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}

describe.runIf(existsSync('/dev/full'))('stdout write errors', () => {
  const home = tempHome();
  const env = cleanEnv(home.env);
  afterAll(() => home.cleanup());
  const LINE = 'error: cannot write to stdout (ENOSPC: no space left on device, write): output lost; a change already made stands\n';

  it.each([
    ['a mutation (customers create)', ['customers', 'create', '--name', 'Ada']],
    ['an embedded list (customers list)', ['customers', 'list']],
    ['a streamed list (--all -o jsonl)', ['customers', 'list', '--all', '-o', 'jsonl']],
  ])('%s: exit 8 with one line on stderr', async (_name, args) => {
    const r = await runToDevFull(args, env);
    expect(r.stderr).toBe(LINE);
    expect(r.code).toBe(8);
    expect(r.ms).toBeLessThan(10_000);
  });

  it('--json: the error is JSON on stderr', async () => {
    const r = await runToDevFull(['customers', 'list', '--json'], env);
    expect(r.code).toBe(8);
    expect(JSON.parse(r.stderr)).toEqual({ error: { message: LINE.slice('error: '.length, -1), exit_code: 8 } });
  });
});
