// login / logout / whoami against a real in-process sandbox, with config in a temp HOME.
// Every run is also checked for the secret: it must never reach stdout or stderr.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome, type CliResult, type RunOptions } from '../helpers/cli.js';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { redactKey } from '../../src/config/redact.js';
import { ScriptedPrompter } from '../../src/prompt/scripted.js';

const sandbox = useTestSandbox();
let home: ReturnType<typeof tempHome>;
let key: string;
const secrets: string[] = [];

beforeEach(() => {
  home = tempHome();
  key = newTestKey();
  secrets.push(key);
});
afterEach(() => {
  home.cleanup();
});

/** runCli in the temp HOME, asserting no secret used in this file ever appears in the output. */
async function cli(argv: string[], opts: RunOptions = {}): Promise<CliResult> {
  const r = await runCli(argv, { ...opts, env: { ...home.env, ...opts.env } });
  for (const s of secrets) {
    expect(r.stdout).not.toContain(s);
    expect(r.stderr).not.toContain(s);
  }
  return r;
}

const configFile = () => `${home.env.XDG_CONFIG_HOME}/payctl/config.json`;
const savedConfig = () => JSON.parse(fs.readFileSync(configFile(), 'utf8'));
const login = (k: string, extra: string[] = [], opts: RunOptions = {}) =>
  cli(['login', '--with-key-stdin', '--base-url', sandbox.url, ...extra], { stdinText: `${k}\n`, ...opts });

describe('login --with-key-stdin', () => {
  it('checks the key, saves it 0600, and prints only the redacted form', async () => {
    const r = await login(key);
    expect(r).toEqual({
      code: 0,
      stdout: `${JSON.stringify({ profile: 'default', mode: 'test', key: redactKey(key), base_url: sandbox.url }, null, 2)}\n`,
      stderr: '',
    });
    expect(savedConfig()).toEqual({ active_profile: 'default', profiles: { default: { api_key: key, base_url: sandbox.url } } });
    expect(fs.statSync(configFile()).mode & 0o777).toBe(0o600);
  });

  it('then whoami reports the saved key, redacted, from the profile', async () => {
    await login(key);
    const r = await cli(['whoami']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({
      profile: 'default',
      mode: 'test',
      base_url: sandbox.url,
      key: redactKey(key),
      key_source: 'profile "default"',
      stripe_account: null,
      stripe_version: null,
      read_only: false,
      config_file: configFile(),
    });
    // And the saved key really works for API commands.
    const bal = await cli(['balance', '--json']);
    expect(bal.code).toBe(0);
    expect(JSON.parse(bal.stdout).object).toBe('balance');
  });

  it('saves to the named profile; the first profile becomes the active one', async () => {
    const r = await login(key, ['--profile', 'staging']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).profile).toBe('staging');
    expect(savedConfig()).toEqual({ active_profile: 'staging', profiles: { staging: { api_key: key, base_url: sandbox.url } } });
    const second = newTestKey();
    secrets.push(second);
    expect((await login(second, ['--profile', 'other'])).code).toBe(0);
    expect(savedConfig().active_profile).toBe('staging');
  });

  const refused: Array<{ name: string; stdin: string; code: number; stderr: RegExp }> = [
    { name: 'live key (the sandbox answers 401)', stdin: 'sk_l\u0069ve_abcdefghijklmnopqr4242', code: 4, stderr: /^error: .*live keys are refused/ },
    { name: 'publishable key (refused before any request)', stdin: 'pk_test_abcdefghijklmnopqr4242', code: 2, stderr: /^error: the key is a publishable key \(pk_test_…4242\)/ },
    { name: 'malformed key', stdin: 'sk_test_has spaces in it 4242', code: 2, stderr: /^error: the key does not look like a Stripe secret key/ },
    { name: 'empty stdin', stdin: '\n', code: 2, stderr: /^error: --with-key-stdin: no key on stdin/ },
  ];
  it.each(refused)('$name → exit $code, nothing saved', async (c) => {
    if (c.stdin.trim()) secrets.push(c.stdin.trim());
    const r = await cli(['login', '--with-key-stdin', '--base-url', sandbox.url], { stdinText: c.stdin });
    expect(r.code).toBe(c.code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(c.stderr);
    expect(fs.existsSync(configFile())).toBe(false);
  });

  it('a refused key leaves a previously saved one untouched', async () => {
    await login(key);
    const before = fs.readFileSync(configFile(), 'utf8');
    const r = await login('sk_l\u0069ve_abcdefghijklmnopqr9999');
    expect(r.code).toBe(4);
    expect(fs.readFileSync(configFile(), 'utf8')).toBe(before);
  });

  it('without a key and without a terminal → usage error naming --with-key-stdin', async () => {
    const r = await cli(['login', '--base-url', sandbox.url]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: no key given and cannot prompt: pipe the key in with --with-key-stdin/);
  });

  it('refuses plain http to a non-loopback base URL before reading the key', async () => {
    const r = await cli(['login', '--with-key-stdin', '--base-url', 'http://api.example.com'], { stdinText: key });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refusing plain http:\/\/ to api\.example\.com/);
  });
});

describe('login on a terminal', () => {
  it('asks with a masked prompt and says where the key went, redacted, on stderr', async () => {
    const prompter = new ScriptedPrompter([key]);
    const r = await cli(['login', '--base-url', sandbox.url], { tty: true, prompter });
    expect(r.code).toBe(0);
    expect(prompter.asked).toEqual([{ type: 'password', message: 'Secret API key for profile "default" (sk_… or rk_…)' }]);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`✓ Logged in: profile "default", test mode, key ${redactKey(key)} (saved to ${configFile()})\n`);
    expect(savedConfig().profiles.default.api_key).toBe(key);
  });

  it('the masked prompt validates the shape: a publishable key is rejected', async () => {
    const prompter = new ScriptedPrompter(['pk_test_abcdefghijklmnop']);
    const r = await cli(['login', '--base-url', sandbox.url], { tty: true, prompter });
    // The scripted prompter surfaces the validation failure the user would have seen.
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('publishable key');
    expect(fs.existsSync(configFile())).toBe(false);
  });

  it('warns when an env key will override the saved one', async () => {
    const other = newTestKey();
    secrets.push(other);
    const r = await cli(['login', '--base-url', sandbox.url], { tty: true, prompter: new ScriptedPrompter([key]), env: { PAYCTL_API_KEY: other } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('note: PAYCTL_API_KEY is set in this environment and takes precedence over the saved key');
  });
});

describe('whoami', () => {
  const sources: Array<{ name: string; argv?: string[]; env?: (k: string) => Record<string, string>; source: string }> = [
    { name: '--api-key flag', argv: ['--api-key', '$KEY'], source: '--api-key flag' },
    { name: 'PAYCTL_API_KEY', env: (k) => ({ PAYCTL_API_KEY: k, STRIPE_API_KEY: 'sk_test_other0000000000000' }), source: 'PAYCTL_API_KEY' },
    { name: 'STRIPE_API_KEY', env: (k) => ({ STRIPE_API_KEY: k }), source: 'STRIPE_API_KEY' },
  ];
  it.each(sources)('names the key source: $name', async (c) => {
    await login(newTestKey()); // a saved key that each of these must beat
    const argv = ['whoami', ...(c.argv ?? []).map((a) => (a === '$KEY' ? key : a))];
    const r = await cli(argv, { env: c.env?.(key) });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ profile: 'default', mode: 'test', key: redactKey(key), key_source: c.source, base_url: sandbox.url });
  });

  it('with no key anywhere: the embedded sandbox, and nothing started', async () => {
    const r = await cli(['whoami']);
    expect(r).toEqual({
      code: 0,
      stdout: `${JSON.stringify(
        {
          profile: 'default',
          mode: 'sandbox',
          base_url: null,
          key: null,
          key_source: 'embedded sandbox',
          stripe_account: null,
          stripe_version: null,
          read_only: false,
          config_file: configFile(),
        },
        null,
        2,
      )}\n`,
      stderr: '',
    });
  });

  it('--sandbox overrides a saved key', async () => {
    await login(key);
    const out = JSON.parse((await cli(['whoami', '--sandbox'])).stdout);
    expect(out).toMatchObject({ mode: 'sandbox', key: null, key_source: 'embedded sandbox', base_url: null });
  });

  it('prints a key/value view on a terminal', async () => {
    await login(key);
    const r = await cli(['whoami'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'PROFILE      default',
      'MODE         test',
      `BASE URL     ${sandbox.url}`,
      `KEY          ${redactKey(key)}`,
      'KEY SOURCE   profile "default"',
      'READ ONLY    no',
      `CONFIG FILE  ${configFile()}`,
      '',
    ]);
  });

  it('an unknown --profile is a usage error listing the known ones', async () => {
    await login(key);
    const r = await cli(['whoami', '--profile', 'prod']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: profile "prod" (from --profile) does not exist; known profiles: default. Create it with `payctl login --profile prod`\n');
  });
});

describe('logout', () => {
  it('removes the key but keeps the profile settings; the kept base URL then needs a key (no silent sandbox)', async () => {
    await login(key);
    const r = await cli(['logout']);
    expect(r).toEqual({ code: 0, stdout: `${JSON.stringify({ removed: ['default'] }, null, 2)}\n`, stderr: '' });
    expect(savedConfig().profiles).toEqual({ default: { base_url: sandbox.url } });
    expect(await cli(['whoami'])).toEqual({
      code: 4,
      stdout: '',
      stderr: `error: no API key for ${sandbox.url} (base URL from profile "default"): set PAYCTL_API_KEY, or run \`payctl login --with-key-stdin\`; to use the embedded sandbox instead, unset the base URL or pass --sandbox\n`,
    });
    const who = JSON.parse((await cli(['whoami', '--sandbox'])).stdout);
    expect(who).toMatchObject({ mode: 'sandbox', key: null, key_source: 'embedded sandbox' });
  });

  it('is idempotent', async () => {
    const r = await cli(['logout']);
    expect(r).toEqual({ code: 0, stdout: `${JSON.stringify({ removed: [] }, null, 2)}\n`, stderr: '' });
  });

  it('--all removes every key; --profile only that one', async () => {
    const k2 = newTestKey();
    const k3 = newTestKey();
    secrets.push(k2, k3);
    await login(key);
    await login(k2, ['--profile', 'b']);
    await login(k3, ['--profile', 'c']);
    expect(JSON.parse((await cli(['logout', '--profile', 'b'])).stdout)).toEqual({ removed: ['b'] });
    expect(savedConfig().profiles.c.api_key).toBe(k3);
    expect(JSON.parse((await cli(['logout', '--all'])).stdout)).toEqual({ removed: ['c', 'default'] });
    const text = fs.readFileSync(configFile(), 'utf8');
    for (const k of [key, k2, k3]) expect(text).not.toContain(k);
  });

  it('--profile naming a missing profile is a usage error', async () => {
    const r = await cli(['logout', '--profile', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: profile "nope" does not exist/);
  });

  it('on a terminal says what it did on stderr', async () => {
    await login(key);
    const r = await cli(['logout'], { tty: true });
    expect(r).toEqual({ code: 0, stdout: '', stderr: '✓ Removed the saved key from profile "default"\n' });
  });
});

describe('--api-key warns on every command, on a terminal or not, without the key', () => {
  const WARNING =
    'payctl: warning: --api-key is visible to other users in `ps` and lands in shell history; prefer PAYCTL_API_KEY, or save the key with `payctl login --with-key-stdin`\n';
  const commands: Array<[string, string[]]> = [
    ['balance', ['balance']],
    ['whoami', ['whoami']],
    ['customers list', ['customers', 'list', '--limit', '1']],
    ['login', ['login']],
    ['config list', ['config', 'list']],
  ];
  for (const tty of [false, true]) {
    it.each(commands)(`%s (tty: ${String(tty)})`, async (_name, argv) => {
      const r = await cli([...argv, '--api-key', key, '--base-url', sandbox.url], { tty });
      expect(r.code).toBe(0);
      // The warning once, as the first line; on a terminal, notes may follow it.
      expect(r.stderr.startsWith(WARNING)).toBe(true);
      expect(r.stderr.split(WARNING)).toHaveLength(2);
      if (!tty) expect(r.stderr).toBe(WARNING);
    });
  }

  it('is not printed when the key comes from the environment or a profile', async () => {
    const r = await cli(['balance'], { env: { PAYCTL_API_KEY: key, PAYCTL_BASE_URL: sandbox.url } });
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });
});
