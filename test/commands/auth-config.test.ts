// `payctl config …` through the real CLI with config in a temp HOME: set/get/unset/use/list/path,
// validation errors, and keys only ever shown redacted.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, tempHome, type CliResult, type RunOptions } from '../helpers/cli.js';
import { redactKey } from '../../src/config/redact.js';

const KEY = 'sk_test_51HconfigTESTsecret4242';
let home: ReturnType<typeof tempHome>;
beforeEach(() => {
  home = tempHome();
});
afterEach(() => {
  home.cleanup();
});

async function cli(argv: string[], opts: RunOptions = {}): Promise<CliResult> {
  const r = await runCli(argv, { ...opts, env: { ...home.env, ...opts.env } });
  expect(r.stdout).not.toContain(KEY);
  expect(r.stderr).not.toContain(KEY);
  return r;
}
const configFile = () => `${home.env.XDG_CONFIG_HOME}/payctl/config.json`;
const savedConfig = () => JSON.parse(fs.readFileSync(configFile(), 'utf8'));
const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

describe('config set / get / unset', () => {
  const values: Array<[string, string, unknown]> = [
    ['base_url', 'http://127.0.0.1:12111/', 'http://127.0.0.1:12111'],
    ['stripe_version', '2024-06-20', '2024-06-20'],
    ['stripe_account', 'acct_123', 'acct_123'],
    ['output', 'csv', 'csv'],
    ['read_only', 'true', true],
  ];
  it.each(values)('set %s %j, then get it back', async (key, raw, stored) => {
    expect(await cli(['config', 'set', key, raw])).toEqual({ code: 0, stdout: json({ profile: 'default', key, value: stored }), stderr: '' });
    expect(savedConfig().profiles.default[key]).toEqual(stored);
    expect(await cli(['config', 'get', key])).toEqual({ code: 0, stdout: json({ profile: 'default', key, value: stored }), stderr: '' });
    // On a terminal, get prints the bare value.
    expect((await cli(['config', 'get', key], { tty: true })).stdout).toBe(`${String(stored)}\n`);
    expect(await cli(['config', 'unset', key])).toEqual({ code: 0, stdout: json({ profile: 'default', key, removed: true }), stderr: '' });
    expect(savedConfig().profiles.default).toEqual({});
    expect(JSON.parse((await cli(['config', 'get', key])).stdout).value).toBeNull();
  });

  const KEY_WARNING =
    'payctl: warning: a key on the command line is visible in `ps` and shell history, and is not checked against the API; prefer `payctl login --with-key-stdin`\n';

  it('api_key is stored but only ever shown redacted, with a warning on a terminal', async () => {
    const set = await cli(['config', 'set', 'api_key', KEY], { tty: true });
    expect(set).toEqual({ code: 0, stdout: '', stderr: `${KEY_WARNING}✓ Set api_key = ${redactKey(KEY)} in profile "default"\n` });
    expect(savedConfig().profiles.default.api_key).toBe(KEY);
    expect(await cli(['config', 'get', 'api_key'])).toEqual({ code: 0, stdout: json({ profile: 'default', key: 'api_key', value: 'sk_test_…4242' }), stderr: '' });
    const list = JSON.parse((await cli(['config', 'list'])).stdout);
    expect(list[0]).toMatchObject({ profile: 'default', key: 'sk_test_…4242', mode: 'test' });
  });

  it("api_key warns without a terminal too (a script's log keeps it), and never shows the key", async () => {
    const set = await cli(['config', 'set', 'api_key', KEY]);
    expect(set).toEqual({ code: 0, stdout: json({ profile: 'default', key: 'api_key', value: redactKey(KEY) }), stderr: KEY_WARNING });
    // Other settings stay quiet.
    expect((await cli(['config', 'set', 'output', 'json'])).stderr).toBe('');
  });

  const bad: Array<[string[], string]> = [
    [['config', 'set', 'colour', 'red'], 'error: unknown config key "colour": use one of api_key, base_url, stripe_version, stripe_account, output, read_only\n'],
    [['config', 'get', 'nope'], 'error: unknown config key "nope": use one of api_key, base_url, stripe_version, stripe_account, output, read_only\n'],
    [['config', 'unset', 'nope'], 'error: unknown config key "nope": use one of api_key, base_url, stripe_version, stripe_account, output, read_only\n'],
    [['config', 'set', 'output', 'yaml'], 'error: invalid output "yaml": use one of table, json, jsonl, csv\n'],
    [['config', 'set', 'read_only', 'yes'], 'error: invalid read_only "yes": use true or false\n'],
    [['config', 'set', 'base_url', 'http://example.com'], 'error: refusing plain http:// to example.com: API keys would travel unencrypted; use https:// (http:// is allowed only to 127.0.0.1, ::1 or localhost)\n'],
    [['config', 'set', 'stripe_account', KEY], 'error: invalid stripe_account "sk_test_…4242": expected a connected account id (acct_…)\n'],
    [['config', 'set', 'api_key', 'pk_test_abcdefghijklmnop'], 'error: api_key is a publishable key (pk_test_…mnop): payctl needs a secret key (sk_test_…/sk_live_…) or a restricted key (rk_…) from the dashboard\'s API keys page\n'],
  ];
  it.each(bad)('%j → exit 2 and nothing written', async (argv, stderr) => {
    expect(await cli(argv)).toEqual({ code: 2, stdout: '', stderr });
    expect(fs.existsSync(configFile())).toBe(false);
  });

  it('--profile creates the profile on set, and must exist for get/unset', async () => {
    expect((await cli(['config', 'set', 'output', 'json', '--profile', 'ci'])).code).toBe(0);
    expect(savedConfig()).toEqual({ active_profile: 'default', profiles: { ci: { output: 'json' } } });
    const r = await cli(['config', 'get', 'output', '--profile', 'typo']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: profile "typo" does not exist; known profiles: ci\n' });
    expect((await cli(['config', 'unset', 'output', '--profile', 'typo'])).code).toBe(2);
  });

  it('PAYCTL_PROFILE chooses the profile like --profile', async () => {
    await cli(['config', 'set', 'stripe_version', '2024-06-20'], { env: { PAYCTL_PROFILE: 'eu' } });
    expect(savedConfig().profiles).toEqual({ eu: { stripe_version: '2024-06-20' } });
  });
});

describe('config use / list / path', () => {
  it('use switches the active profile, and whoami follows it', async () => {
    await cli(['config', 'set', 'api_key', KEY, '--profile', 'a']);
    await cli(['config', 'set', 'base_url', 'https://api.example.com', '--profile', 'b']);
    expect(await cli(['config', 'use', 'a'])).toEqual({ code: 0, stdout: json({ active_profile: 'a' }), stderr: '' });
    expect(savedConfig().active_profile).toBe('a');
    const who = JSON.parse((await cli(['whoami'])).stdout);
    expect(who).toMatchObject({ profile: 'a', key: 'sk_test_…4242', key_source: 'profile "a"', base_url: 'https://api.stripe.com' });

    expect(JSON.parse((await cli(['config', 'list'])).stdout)).toEqual([
      { active: true, profile: 'a', mode: 'test', key: 'sk_test_…4242', base_url: null, stripe_version: null, stripe_account: null, output: null, read_only: false },
      { active: false, profile: 'b', mode: null, key: null, base_url: 'https://api.example.com', stripe_version: null, stripe_account: null, output: null, read_only: false },
    ]);
    expect((await cli(['config', 'list', '-o', 'csv'])).stdout).toBe(
      'active,profile,mode,key,base_url,stripe_version,stripe_account,output,read_only\n' +
        'true,a,test,sk_test_…4242,,,,,false\n' +
        'false,b,,,https://api.example.com,,,,false\n',
    );
    const table = await cli(['config', 'list'], { tty: true });
    expect(table.stdout).toContain('sk_test_…4242');
    expect(table.stdout.split('\n')[1]).toMatch(/^\*\s+a\s+test\s+sk_test_…4242/);
  });

  it('use refuses a profile that does not exist', async () => {
    const r = await cli(['config', 'use', 'ghost']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: profile "ghost" does not exist; known profiles: (none). Create it with `payctl login --profile ghost`\n' });
  });

  it('list with no profiles is an empty array', async () => {
    expect(await cli(['config', 'list'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('path prints the config file', async () => {
    expect(await cli(['config', 'path'], { tty: true })).toEqual({ code: 0, stdout: `${configFile()}\n`, stderr: '' });
    expect(await cli(['config', 'path'])).toEqual({ code: 0, stdout: json({ path: configFile() }), stderr: '' });
  });
});
