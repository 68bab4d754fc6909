// `payctl sandbox …` commands, run as the real binary (bin/payctl.js over the built bundle).
import { afterAll, describe, expect, test } from 'vitest';
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Stripe from 'stripe';
import { parseDuration } from '../../src/commands/sandbox/index.js';
import { sandboxDataDir } from '../../src/sandbox/embedded.js';
import { newTestKey } from '../helpers/sandbox.js';

const BIN = join(import.meta.dirname, '../../bin/payctl.js');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'payctl-cli-'));
  dirs.push(d);
  return d;
}

/** An environment with no key and private config/data dirs, so the embedded sandbox is used. */
function isolatedEnv(root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: root, XDG_CONFIG_HOME: join(root, 'config'), XDG_DATA_HOME: join(root, 'data'), NO_COLOR: '1' };
  return env;
}

const run = async (args: string[], env: NodeJS.ProcessEnv) => {
  try {
    const r = await promisify(execFile)(process.execPath, [BIN, ...args], { env });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

describe('parseDuration', () => {
  test.each<[string, number]>([
    ['30s', 30],
    ['90m', 5400],
    ['12h', 43200],
    ['3d', 259200],
    ['1w', 604800],
    ['1d12h', 129600],
    ['45', 45],
  ])('%s → %i', (text, seconds) => expect(parseDuration(text)).toBe(seconds));
  test.each(['', '3x', 'd3', '1.5h', '3d ago'])('%j is a usage error', (text) => expect(() => parseDuration(text)).toThrow(/invalid duration/));
});

test('sandboxDataDir follows XDG_DATA_HOME, else ~/.local/share', () => {
  expect(sandboxDataDir({ XDG_DATA_HOME: '/x/data', HOME: '/home/u' })).toBe('/x/data/payctl');
  expect(sandboxDataDir({ HOME: '/home/u' })).toBe('/home/u/.local/share/payctl');
  expect(sandboxDataDir({ XDG_DATA_HOME: 'relative', HOME: '/home/u' })).toBe('/home/u/.local/share/payctl');
});

describe('payctl sandbox (spawned)', () => {
  test('serve --port 0 prints its URL, serves the SDK, persists to --data, stops on SIGTERM; status and reset', async () => {
    const root = tempDir();
    const data = join(root, 'sb');
    const env = isolatedEnv(root);
    const child = spawn(process.execPath, [BIN, 'sandbox', 'serve', '--port', '0', '--data', data], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c) => {
        out += c;
        if (out.includes('\n')) resolve(out);
      });
      child.once('exit', (code) => reject(new Error(`serve exited early (${code}): ${stderr}`)));
    });
    expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const port = Number(/:(\d+)\n$/.exec(line)![1]);
    expect(port).toBeGreaterThan(0);
    const stripe = new Stripe(newTestKey(), { host: '127.0.0.1', port, protocol: 'http' });
    const c = await stripe.customers.create({ name: 'Served' });
    expect((await stripe.customers.retrieve(c.id)).id).toBe(c.id);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(statSync(data).mode & 0o777).toBe(0o700);

    const status = await run(['sandbox', 'status', '--data', data, '--json'], env);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ path: join(data, 'sandbox.db'), exists: true, accounts: 1, objects: { customer: 1 }, events: 1 });

    const refused = await run(['sandbox', 'reset', '--data', data], env);
    expect(refused.code).toBe(2); // no TTY and no --yes: a usage error, nothing wiped
    const reset = await run(['sandbox', 'reset', '--data', data, '--yes', '--json'], env);
    expect([reset.code, JSON.parse(reset.stdout)]).toEqual([0, { path: join(data, 'sandbox.db'), reset: true }]);
    const after = JSON.parse((await run(['sandbox', 'status', '--data', data, '--json'], env)).stdout);
    expect(after).toMatchObject({ accounts: 0, objects: {}, events: 0 });
  });

  test('serve refuses bad flags with a usage error', async () => {
    const env = isolatedEnv(tempDir());
    const r = await run(['sandbox', 'serve', '--port', '99999', '--memory'], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const both = await run(['sandbox', 'serve', '--data', '/tmp/x', '--memory'], env);
    expect(both.code).toBe(2);
  });

  test('advance moves the embedded sandbox clock, which persists across runs', async () => {
    const root = tempDir();
    const env = isolatedEnv(root);
    const first = await run(['sandbox', 'advance', '3d', '--json'], env);
    expect(first.code).toBe(0);
    const clock = JSON.parse(first.stdout);
    expect(clock).toMatchObject({ object: 'sandbox_clock', offset: 259200 });
    expect(Math.abs(clock.now - (Date.now() / 1000 + 259200))).toBeLessThan(10);
    const second = JSON.parse((await run(['sandbox', 'advance', '90m', '--json'], env)).stdout);
    expect(second.offset).toBe(259200 + 5400);
    const bad = await run(['sandbox', 'advance', 'soon'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid duration "soon"');
  });
});
