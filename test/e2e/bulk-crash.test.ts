// Bulk refunds exactly once, as a user runs them: the built binary against a spawned `payctl sandbox
// serve` that drops a fifth of its answers after committing and rate-limits at 25 requests/s. The bulk
// process is SIGKILLed part-way and re-run until it exits 0; then every row must be refunded once.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from '../helpers/spawn.js';
import { newTestKey } from '../helpers/sandbox.js';
import { createClient } from '../../src/client/index.js';
import { openStore } from '../../src/sandbox/store/sqlite.js';
import { startSandboxServer } from '../../src/sandbox/server.js';
import { sandboxDbPath } from '../../src/sandbox/embedded.js';

const root = mkdtempSync(join(tmpdir(), 'payctl-bulk-e2e-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null && c.pid) c.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

/** Creates `n` paid charges of 20.00 USD in a data dir, through an in-process sandbox with no faults. */
async function seedCharges(dataDir: string, key: string, n: number): Promise<string[]> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = openStore({ path: sandboxDbPath(dataDir) });
  const server = await startSandboxServer({ store });
  const client = createClient({ apiKey: key, baseUrl: server.url });
  const ids: string[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) {
        const i = next++;
        const pi = await client.post('/v1/payment_intents', { amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', payment_method_types: ['card'], confirm: true });
        ids[i] = pi.latest_charge;
      }
    }),
  );
  await client.close();
  await server.close();
  store.close();
  return ids;
}

/** `payctl sandbox serve` as its own process; resolves with its URL once it listens. */
async function serve(dataDir: string, flags: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'sandbox', 'serve', '--port', '0', '--data', dataDir, ...flags], {
    env: cleanEnv({ HOME: root, NO_COLOR: '1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}`)));
  });
  return { url, child };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the bulk command; `interrupt` sends a signal once the results file has that many rows. */
function bulk(args: string[], env: Record<string, string>, results: string, interrupt?: { rows: number; signal: NodeJS.Signals }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'refunds', 'create', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let poll: NodeJS.Timeout | undefined;
    if (interrupt) {
      poll = setInterval(() => {
        if (resultLines(results).length >= interrupt.rows) {
          clearInterval(poll);
          process.kill(child.pid!, interrupt.signal);
        }
      }, 20);
    }
    const limit = setTimeout(() => process.kill(child.pid!, 'SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(poll);
      clearTimeout(limit);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Data lines of a CSV results file (whole lines only). */
function resultLines(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\r\n').filter(Boolean).slice(1);
}

/** Every refund of the account, through the API (retried: the server drops answers). */
async function allRefunds(url: string, key: string): Promise<any[]> {
  const client = createClient({ apiKey: key, baseUrl: url, maxRetries: 10, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 1100))) });
  const out: any[] = [];
  for await (const r of client.paginate('/v1/refunds', { limit: 100 })) out.push(r);
  await client.close();
  return out;
}

describe('refunds create --from-csv across crashes', () => {
  it('200 rows, drop-rate 0.2, rate-limit 25/s, SIGKILL part-way: re-runs end with each row refunded exactly once', { timeout: 120_000 }, async () => {
    const data = join(root, 'crash-data');
    const key = newTestKey();
    const charges = await seedCharges(data, key, 200);
    const { url, child: server } = await serve(data, ['--drop-rate', '0.2', '--rate-limit', '25']);
    // Half partial (5.00, some as "500" minor units), half the whole remainder.
    const amounts = charges.map((_, i) => (i % 4 === 0 ? '5.00' : i % 4 === 1 ? '500' : ''));
    const csv = join(root, 'crash.csv');
    writeFileSync(csv, `charge,amount,reason\r\n${charges.map((c, i) => `${c},${amounts[i]},requested_by_customer`).join('\r\n')}\r\n`);
    const results = join(root, 'crash-results.csv');
    const env = cleanEnv({ HOME: root, NO_COLOR: '1', PAYCTL_API_KEY: key, PAYCTL_BASE_URL: url });
    // 8 in flight: a dropped answer costs its worker a back-off, so more workers keep up with 25/s.
    const args = ['--from-csv', csv, '--results', results, '--yes', '--concurrency', '8'];

    const killed = await bulk(args, env, results, { rows: 40, signal: 'SIGKILL' });
    expect(killed.signal).toBe('SIGKILL');
    const partial = resultLines(results).length;
    expect(partial).toBeGreaterThanOrEqual(40);
    expect(partial).toBeLessThan(200);

    let last: Run | undefined;
    for (let attempt = 0; attempt < 4 && last?.code !== 0; attempt++) last = await bulk(args, env, results);
    expect(last!.stderr).toMatch(/^refunds create: 200 rows: 200 ok in \d+\.\ds; results in .*crash-results\.csv\n$/);
    expect(last!.code).toBe(0);

    // The API's view: exactly one refund per charge, of the row's amount.
    const refunds = await allRefunds(url, key);
    const byCharge = new Map<string, any[]>();
    for (const r of refunds) byCharge.set(r.charge, [...(byCharge.get(r.charge) ?? []), r]);
    expect(refunds).toHaveLength(200);
    expect(byCharge.size).toBe(200);
    charges.forEach((c, i) => expect(byCharge.get(c)!.map((r) => r.amount)).toEqual([amounts[i] === '' ? 2000 : 500]));

    // The results file: every row once, in order, ok, naming the refund the API holds.
    const lines = resultLines(results).map((l) => l.split(','));
    expect(lines.map((l) => Number(l[0]))).toEqual(charges.map((_, i) => i + 1));
    lines.forEach((l, i) => {
      expect(l[1]).toBe(charges[i]);
      expect(l[5]).toBe('ok');
      expect(byCharge.get(charges[i]!)![0].id).toBe(l[2]);
    });
    process.kill(server.pid!, 'SIGTERM');
  });

  it('Ctrl-C sends no new rows, finishes those in flight, leaves whole lines; a re-run finishes the rest', { timeout: 60_000 }, async () => {
    const data = join(root, 'int-data');
    const key = newTestKey();
    const charges = await seedCharges(data, key, 30);
    const { url, child: server } = await serve(data, ['--latency', '100']);
    const csv = join(root, 'int.csv');
    writeFileSync(csv, `charge\n${charges.join('\n')}\n`);
    const results = join(root, 'int-results.csv');
    const env = cleanEnv({ HOME: root, NO_COLOR: '1', PAYCTL_API_KEY: key, PAYCTL_BASE_URL: url });
    const args = ['--from-csv', csv, '--results', results, '--yes', '--concurrency', '2', '--json'];

    const r = await bulk(args, env, results, { rows: 4, signal: 'SIGINT' });
    expect(r.code).toBe(130);
    const done = resultLines(results);
    expect(done.length).toBeGreaterThanOrEqual(4);
    expect(done.length).toBeLessThan(30);
    expect(r.stderr).toContain('interrupted: finishing the rows in flight');
    expect(r.stderr).toContain(`cancelled: ${30 - done.length} rows not sent; re-run the same command to finish them`);
    // Every line is whole and ok, and stdout lists exactly those rows.
    for (const l of done) expect(l.split(',')[5]).toBe('ok');
    expect(JSON.parse(r.stdout).map((x: any) => x.row).sort((a: number, b: number) => a - b)).toEqual(done.map((l) => Number(l.split(',')[0])).sort((a, b) => a - b));

    const again = await bulk(args, env, results);
    expect(again.code).toBe(0);
    const refunds = await allRefunds(url, key);
    expect(refunds).toHaveLength(30);
    expect(new Set(refunds.map((x) => x.charge)).size).toBe(30);
    expect(resultLines(results)).toHaveLength(30);
    process.kill(server.pid!, 'SIGTERM');
  });
});

describe('the journal under concurrent processes', () => {
  it('four bulk processes appending at once leave one whole JSON line per mutation', { timeout: 60_000 }, async () => {
    const data = join(root, 'journal-data');
    mkdirSync(data, { recursive: true, mode: 0o700 });
    const key = newTestKey();
    const store = openStore({ path: sandboxDbPath(data) });
    const server = await startSandboxServer({ store });
    try {
      const client = createClient({ apiKey: key, baseUrl: server.url });
      const ids: string[] = [];
      for (let i = 0; i < 100; i++) ids.push((await client.post('/v1/customers', { name: `c${i}` })).id);
      await client.close();
      const home = join(root, 'journal-home');
      const env = cleanEnv({ HOME: home, NO_COLOR: '1', PAYCTL_API_KEY: key, PAYCTL_BASE_URL: server.url });
      const runs = [0, 1, 2, 3].map((p) => {
        const csv = join(root, `journal-${p}.csv`);
        writeFileSync(csv, `customer,metadata.batch\n${ids.slice(p * 25, p * 25 + 25).map((id) => `${id},${'x'.repeat(200)}${p}`).join('\n')}\n`);
        return new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, [BIN, 'customers', 'update', '--from-csv', csv, '--concurrency', '8', '--json'], { env, stdio: 'ignore' });
          children.push(child);
          child.on('close', (code) => resolve(code));
        });
      });
      expect(await Promise.all(runs)).toEqual([0, 0, 0, 0]);
      const lines = readFileSync(join(home, '.local', 'state', 'payctl', 'history.jsonl'), 'utf8').split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(100);
      const entries = lines.map((l) => JSON.parse(l));
      expect(new Set(entries.map((e) => e.object_id))).toEqual(new Set(ids));
      for (const e of entries) expect(e).toMatchObject({ method: 'POST', status: 200, outcome: 'ok' });
    } finally {
      await server.close();
      store.close();
    }
  });
});
