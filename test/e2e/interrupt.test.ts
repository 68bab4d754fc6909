// Ctrl-C while a mutation is in flight, through the real binary against `sandbox serve --latency`:
// the first SIGINT waits for the answer and reports the real result; a second abandons with exit 7,
// the idempotency key and the exact command to re-run (which then creates nothing twice); a SIGINT
// before anything is sent is a plain cancel (130).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempHome } from '../helpers/cli.js';
import { BIN, cleanEnv } from '../helpers/spawn.js';
import { newTestKey } from '../helpers/sandbox.js';

const LATENCY_MS = 1500;
const WAIT = "payctl: waiting for the API's answer; Ctrl-C again to stop waiting";

const home = tempHome();
let server: ChildProcessWithoutNullStreams;
let url = '';

beforeAll(async () => {
  server = spawn(process.execPath, [BIN, 'sandbox', 'serve', '--port', '0', '--memory', '--latency', String(LATENCY_MS)], { env: cleanEnv(home.env) });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.once('exit', (code) => reject(new Error(`sandbox serve exited ${code}`)));
  });
});
afterAll(() => {
  server?.kill('SIGTERM');
  home.cleanup();
});

/** Talks to the sandbox directly, skipping the injected latency (the per-request fault header wins). */
async function api(key: string, method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<any> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-www-form-urlencoded', 'Payctl-Sandbox-Fault': 'latency=0' },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(body)}`);
  return body;
}

interface Running {
  child: ChildProcessWithoutNullStreams;
  stderr(): string;
  stdout(): string;
  /** Resolves once stderr matches. */
  waitFor(what: RegExp | string): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(args: string[], key: string): Running {
  const child = spawn(process.execPath, [BIN, ...args], { env: cleanEnv({ ...home.env, PAYCTL_API_KEY: key, PAYCTL_BASE_URL: url }) });
  let stdout = '';
  let stderr = '';
  const watchers: Array<() => void> = [];
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (const w of [...watchers]) w();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const waitFor = (what: RegExp | string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (typeof what === 'string' ? stderr.includes(what) : what.test(stderr)) {
          watchers.splice(watchers.indexOf(check), 1);
          resolve();
        }
      };
      watchers.push(check);
      void exit.then(() => reject(new Error(`exited before ${String(what)}: ${stderr}`)));
      check();
    });
  child.stdin.end();
  return { child, stderr: () => stderr, stdout: () => stdout, waitFor, exit };
}

/** One command per money-moving shape the issue names, with how to count what it created. */
interface Case {
  name: string;
  args(key: string): Promise<string[]>;
  count(key: string): Promise<number>;
  object: string;
}

async function succeededCharge(key: string): Promise<string> {
  const pi = await api(key, 'POST', '/v1/payment_intents', { amount: '2000', currency: 'usd', payment_method: 'pm_card_visa', confirm: 'true', 'payment_method_types[]': 'card' });
  return pi.latest_charge as string;
}

const cases: Case[] = [
  {
    name: 'customers create',
    args: async () => ['customers', 'create', '--name', 'Ada Lovelace', '--email', 'ada@example.com'],
    count: async (key) => (await api(key, 'GET', '/v1/customers')).data.length,
    object: 'customer',
  },
  {
    name: 'refunds create --yes',
    args: async (key) => ['refunds', 'create', '--charge', await succeededCharge(key), '--amount', '500', '--yes'],
    count: async (key) => (await api(key, 'GET', '/v1/refunds')).data.length,
    object: 'refund',
  },
  {
    name: 'payment-intents create --confirm',
    args: async () => ['payment-intents', 'create', '--amount', '1500', '--currency', 'usd', '--payment-method', 'pm_card_visa', '--confirm'],
    count: async (key) => (await api(key, 'GET', '/v1/payment_intents')).data.filter((p: { amount: number }) => p.amount === 1500).length,
    object: 'payment_intent',
  },
];

describe('Ctrl-C while a mutation is in flight', () => {
  it.each(cases)('$name: one Ctrl-C waits, then reports the real result (exit 0, one object)', async (c) => {
    const key = newTestKey();
    const args = [...(await c.args(key)), '--verbose', '--json'];
    const run = start(args, key);
    await run.waitFor(/→ POST \/v1\//);
    run.child.kill('SIGINT');
    const { code } = await run.exit;
    expect(code).toBe(0);
    expect(run.stderr()).toContain(`\n${WAIT}\n`);
    expect(run.stderr()).not.toContain('cancelled');
    const printed = JSON.parse(run.stdout());
    expect(printed.object).toBe(c.object);
    expect(await c.count(key)).toBe(1);
  });

  it.each(cases)('$name: a second Ctrl-C abandons with exit 7, the key and the re-run command; re-running it creates nothing twice', async (c) => {
    const key = newTestKey();
    const args = [...(await c.args(key)), '--verbose'];
    const run = start(args, key);
    await run.waitFor(/→ POST \/v1\//);
    // "→ POST" is logged as the request starts out; give it a moment to reach the sandbox, which
    // then holds it for LATENCY_MS (payctl cannot tell written from not-yet-written: both are unknown).
    await new Promise((r) => setTimeout(r, 400));
    run.child.kill('SIGINT');
    await run.waitFor(WAIT);
    run.child.kill('SIGINT');
    const { code } = await run.exit;
    expect(code).toBe(7);
    expect(run.stdout()).toBe('');
    const m = /\nerror: stopped waiting: the outcome of POST (\S+) is unknown \(idempotency key ([0-9a-f-]{36})\); re-run safely with: (.*)\n$/.exec(run.stderr());
    expect(m, run.stderr()).not.toBeNull();
    const [, path, idemKey, rerun] = m!;
    expect(path).toBe(`/v1/${c.object}s`);
    const quoted = args.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a}'`));
    expect(rerun).toBe(['payctl', ...quoted, '--idempotency-key', idemKey].join(' '));

    // The abandoned request completes inside the sandbox (on a machine too slow to have written it
    // within the pause above it never arrives; the re-run must then create it, still only once).
    for (let i = 0; i < 50 && (await c.count(key)) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const before = await c.count(key);
    expect(before).toBeLessThanOrEqual(1);
    const again = start([...args, '--idempotency-key', idemKey, '--json'], key);
    const { code: againCode } = await again.exit;
    expect(againCode).toBe(0);
    expect(JSON.parse(again.stdout()).object).toBe(c.object);
    expect(await c.count(key)).toBe(1);
  });

  it('Ctrl-C before the mutation is sent (its look-up still in flight) cancels with 130 and sends nothing', async () => {
    const key = newTestKey();
    const charge = await succeededCharge(key);
    const run = start(['refunds', 'create', '--charge', charge, '--amount', '500', '--yes', '--verbose'], key);
    await run.waitFor(/→ GET \/v1\/charges\//);
    run.child.kill('SIGINT');
    const { code } = await run.exit;
    expect(code).toBe(130);
    expect(run.stderr()).toMatch(/\ncancelled\n$/);
    expect(run.stderr()).not.toContain('→ POST');
    await new Promise((r) => setTimeout(r, LATENCY_MS));
    expect((await api(key, 'GET', '/v1/refunds')).data).toEqual([]);
  });
});
