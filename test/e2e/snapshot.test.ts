// The V8 startup snapshot (dist/payctl.blob, built by `npm run build`) and the launcher that picks it
// (bin/payctl): a run from the snapshot behaves exactly as bin/payctl.js, and the launcher uses the
// snapshot only when node would accept it, falling back to bin/payctl.js otherwise.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempHome } from '../helpers/cli.js';
import { cleanEnv, runNode } from '../helpers/spawn.js';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { withParserReset } from '../../scripts/snapshot-plugins.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const blob = join(root, 'dist/payctl.blob');
const node = realpathSync(process.execPath);

function run(cmd: string, args: string[], env: Record<string, string>) {
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('startup snapshot', () => {
  const home = tempHome();
  const env = cleanEnv({ ...home.env, NO_COLOR: '1' });
  afterAll(() => home.cleanup());

  it('is built by npm run build, stamped with the node that built it', () => {
    expect(existsSync(blob)).toBe(true);
    expect(readFileSync(`${blob}.node`, 'utf8')).toBe(`${node}\n`);
  });

  // Arguments that look like node's own options (--version, -h) must reach payctl.
  const cases: Array<[string, string[]]> = [
    ['--version', ['--version']],
    ['-V', ['-V']],
    ['root help', ['--help']],
    ['a group help', ['customers', '--help']],
    ['help topic', ['help', 'exit-codes']],
    ['unknown command (usage error, suggestion)', ['custmers']],
    ['bad choice as a JSON error', ['balance', '--json', '-o', 'bogus']],
    ['embedded sandbox: balance', ['balance', '--json']],
    ['embedded sandbox: empty list', ['customers', 'list', '-o', 'jsonl']],
    ['embedded sandbox: missing object', ['customers', 'retrieve', 'cus_missing', '--json']],
    ['network failure through undici', ['balance', '--base-url', 'http://127.0.0.1:9', '--api-key', 'sk_test_snapshot_case', '--max-retries', '0']],
    ['a GET as a dry run', ['charges', 'list', '--limit', '2', '--dry-run', '--api-key', 'sk_test_snapshot_case']],
  ];
  it.each(cases)('%s: same stdout, stderr and exit code as bin/payctl.js', (_name, args) => {
    const plain = run(node, [join(root, 'bin/payctl.js'), ...args], env);
    const snap = run(node, ['--snapshot-blob', blob, '--', ...args], env);
    expect(snap).toEqual(plain);
  });

  it('gives every run its own idempotency keys (no random state frozen into the snapshot)', () => {
    const keys = [1, 2, 3].map(() => {
      const r = run(node, ['--snapshot-blob', blob, '--', 'customers', 'create', '--name', 'Ada', '--dry-run', '--api-key', 'sk_test_snapshot_case'], env);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout).headers['Idempotency-Key'] as string;
    });
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(keys).size).toBe(3);
  });

  it("keeps its profile in this run's config directory, not the one the snapshot was built with", () => {
    const other = tempHome();
    try {
      const e = cleanEnv({ ...other.env, NO_COLOR: '1' });
      expect(run(node, ['--snapshot-blob', blob, '--', 'config', 'set', 'output', 'jsonl'], e).code).toBe(0);
      expect(existsSync(join(other.env.XDG_CONFIG_HOME, 'payctl', 'config.json'))).toBe(true);
      expect(JSON.parse(run(node, [join(root, 'bin/payctl.js'), 'config', 'get', 'output', '--json'], e).stdout).value).toBe('jsonl');
    } finally {
      other.cleanup();
    }
  });

  it('gives objects made in separate runs of the embedded sandbox their own ids', () => {
    const ids = [1, 2, 3].map(() => {
      const r = run(node, ['--snapshot-blob', blob, '--', 'customers', 'create', '--name', 'Ada', '--json'], env);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout).id as string;
    });
    for (const id of ids) expect(id).toMatch(/^cus_[0-9A-Za-z]{14}$/);
    expect(new Set(ids).size).toBe(3);
  });
});

/**
 * The launcher in a copy of the package, with a `node` on PATH that records how it was started
 * before running the real node: which entry it chose, and that the output is the same either way.
 */
describe('bin/payctl launcher', () => {
  const home = tempHome();
  const pkg = join(home.dir, 'pkg');
  const fakeBin = join(home.dir, 'fakebin');
  const fakeNode = join(fakeBin, 'node');
  const log = join(home.dir, 'node-args.log');
  afterAll(() => home.cleanup());

  const setup = (): void => {
    rmSync(pkg, { recursive: true, force: true });
    mkdirSync(pkg, { recursive: true });
    for (const f of ['bin', 'dist']) cpSync(join(root, f), join(pkg, f), { recursive: true });
    cpSync(join(root, 'package.json'), join(pkg, 'package.json'));
    symlinkSync(join(root, 'node_modules'), join(pkg, 'node_modules'));
    mkdirSync(fakeBin, { recursive: true });
    writeFileSync(fakeNode, `#!/bin/sh\nprintf '%s\\n' "$*" > '${log}'\nexec '${node}' "$@"\n`);
    chmodSync(fakeNode, 0o755);
    writeFileSync(join(pkg, 'dist/payctl.blob.node'), `${fakeNode}\n`);
    // The order a build leaves: node installed first, then the bundle, then the snapshot.
    const t = Date.now() / 1000;
    utimesSync(fakeNode, t - 30, t - 30);
    utimesSync(join(pkg, 'dist/main.js'), t - 20, t - 20);
    utimesSync(join(pkg, 'dist/payctl.blob'), t - 10, t - 10);
    rmSync(log, { force: true });
  };
  const env = (extra: Record<string, string> = {}) => ({ ...cleanEnv({ ...home.env, NO_COLOR: '1', ...extra }), PATH: `${fakeBin}:${process.env.PATH}` });
  const entry = (): string => {
    const args = readFileSync(log, 'utf8').trim();
    if (args.startsWith('--snapshot-blob ')) return 'snapshot';
    if (args.startsWith(`${join(pkg, 'bin')}/payctl.js `) || args.startsWith('--max-semi-space-size=1 --v8-pool-size=1 ')) return 'payctl.js';
    return `unexpected: ${args}`;
  };

  const cases: Array<[string, 'snapshot' | 'payctl.js', () => void, Record<string, string>]> = [
    ['everything matches', 'snapshot', () => {}, {}],
    ['NODE_OPTIONS is set (node refuses a snapshot under other flags)', 'payctl.js', () => {}, { NODE_OPTIONS: '--no-warnings' }],
    ['the snapshot is missing', 'payctl.js', () => rmSync(join(pkg, 'dist/payctl.blob')), {}],
    ['the stamp is missing', 'payctl.js', () => rmSync(join(pkg, 'dist/payctl.blob.node')), {}],
    ['another node binary built it', 'payctl.js', () => writeFileSync(join(pkg, 'dist/payctl.blob.node'), '/opt/other/bin/node\n'), {}],
    ['node was replaced after the build', 'payctl.js', () => utimesSync(fakeNode, new Date(), new Date()), {}],
    ['the bundle is newer than the snapshot', 'payctl.js', () => utimesSync(join(pkg, 'dist/main.js'), new Date(), new Date()), {}],
  ];
  it.each(cases)('%s: runs %s', (_name, expected, change, extra) => {
    setup();
    change();
    const r = run(join(pkg, 'bin/payctl'), ['help', 'exit-codes'], env(extra));
    expect(entry()).toBe(expected);
    expect(r.code).toBe(0);
    expect(r).toEqual(run(node, [join(root, 'bin/payctl.js'), 'help', 'exit-codes'], env(extra)));
  });

  it.each([['--version'], ['-V']])('answers a lone %s from bin/payctl.js, which prints it before loading anything', (flag) => {
    setup();
    expect(run(join(pkg, 'bin/payctl'), [flag], env())).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
    expect(entry()).toBe('payctl.js');
  });

  it('finds its package through a symlink, as npm installs it in node_modules/.bin', () => {
    setup();
    const link = join(home.dir, 'payctl-link');
    rmSync(link, { force: true });
    symlinkSync(join(pkg, 'bin/payctl'), link);
    expect(run(link, ['help', 'exit-codes'], env())).toEqual(run(node, [join(root, 'bin/payctl.js'), 'help', 'exit-codes'], env()));
    expect(entry()).toBe('snapshot');
  });

  it('runs --all from bin/payctl.js with a small young generation, same output', () => {
    setup();
    const args = ['customers', 'list', '--all', '-o', 'jsonl'];
    const r = run(join(pkg, 'bin/payctl'), args, env());
    expect(readFileSync(log, 'utf8')).toBe(`--max-semi-space-size=1 --v8-pool-size=1 ${join(pkg, 'bin')}/payctl.js ${args.join(' ')}\n`);
    expect(r).toEqual(run(node, [join(root, 'bin/payctl.js'), ...args], env()));
    expect(r.code).toBe(0);
  });
});

// The snapshot is warmed with one request answered by a stand-in for undici's WebAssembly HTTP parser
// (scripts/snapshot-warm-http.ts), which the build then makes undici forget.
describe('startup snapshot over HTTP', () => {
  const sandbox = useTestSandbox();
  const home = tempHome();
  afterAll(() => home.cleanup());

  it("speaks HTTP with undici's real parser: a list answer in many chunks, POSTs, keep-alive", async () => {
    const key = newTestKey();
    const env = cleanEnv({ ...home.env, NO_COLOR: '1', PAYCTL_API_KEY: key, PAYCTL_BASE_URL: sandbox.url, PAYCTL_HISTORY: 'off' });
    // ~90 KB of customers: more than one socket read, which the stand-in parser refuses.
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${sandbox.url}/v1/customers`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ name: `Customer ${i}`, description: `${'d'.repeat(300)} ${i}`, 'metadata[note]': 'n'.repeat(400) }).toString(),
      });
      expect(res.status).toBe(200);
    }
    const snapshot = (args: string[]) => runNode(['--snapshot-blob', blob, '--', ...args], env);
    const plain = (args: string[]) => runNode([join(root, 'bin/payctl.js'), ...args], env);
    const list = ['customers', 'list', '--limit', '60', '--json'];
    const [fromSnapshot, fromPlain] = await Promise.all([snapshot(list), plain(list)]);
    expect(fromSnapshot).toEqual(fromPlain);
    expect(fromSnapshot.code).toBe(0);
    expect(fromSnapshot.stdout.length).toBeGreaterThan(80_000);
    expect(JSON.parse(fromSnapshot.stdout)).toHaveLength(60);

    // Two requests on one connection (a look-up, then the update), and a body sent.
    const first = JSON.parse(fromSnapshot.stdout)[0].id as string;
    const updated = await snapshot(['customers', 'update', first, '--name', 'Ada Lovelace', '--json']);
    expect(updated.stderr).toBe('');
    expect(updated.code).toBe(0);
    expect(JSON.parse(updated.stdout)).toMatchObject({ id: first, name: 'Ada Lovelace' });
    const balance = await snapshot(['balance', '--json']);
    expect(JSON.parse(balance.stdout)).toMatchObject({ object: 'balance', livemode: false });
  });

  it("finds the parser state the build resets in the installed undici (else the warm-up request is skipped)", () => {
    const source = readFileSync(join(root, 'node_modules/undici/lib/dispatcher/client-h1.js'), 'utf8');
    expect(withParserReset(source)).toContain('module.exports.__payctlForgetParser');
    expect(withParserReset(source.replace('let llhttpInstance = null', 'let llhttp = null'))).toBeUndefined();
  });
});
