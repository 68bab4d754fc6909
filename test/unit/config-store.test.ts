// The config store on disk: 0600 file in a 0700 directory under XDG_CONFIG_HOME, looser modes
// tightened, and profiles that survive a reopen.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configDir, configPath, openConfigStore } from '../../src/config/store.js';
import { UsageError } from '../../src/errors.js';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payctl-store-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('configPath', () => {
  const cases: Array<[string, Record<string, string | undefined>, string]> = [
    ['XDG_CONFIG_HOME wins', { XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/u' }, '/x/cfg/payctl/config.json'],
    ['HOME/.config otherwise', { HOME: '/home/u' }, '/home/u/.config/payctl/config.json'],
    ['relative XDG_CONFIG_HOME is ignored (XDG spec)', { XDG_CONFIG_HOME: 'rel/cfg', HOME: '/home/u' }, '/home/u/.config/payctl/config.json'],
    ['empty XDG_CONFIG_HOME is ignored', { XDG_CONFIG_HOME: '', HOME: '/home/u' }, '/home/u/.config/payctl/config.json'],
    ['no HOME → os.homedir()', {}, path.join(os.homedir(), '.config', 'payctl', 'config.json')],
  ];
  it.each(cases)('%s', (_name, env, want) => {
    expect(configPath(env)).toBe(want);
    expect(configDir(env)).toBe(path.dirname(want));
  });
});

describe('openConfigStore', () => {
  it('writes a 0600 file in a 0700 directory', async () => {
    const env = { XDG_CONFIG_HOME: path.join(tmp, 'cfg'), HOME: tmp };
    const store = await openConfigStore(env);
    expect(store.path).toBe(path.join(tmp, 'cfg', 'payctl', 'config.json'));
    expect(mode(path.dirname(store.path))).toBe(0o700);
    await store.setProfile('default', { api_key: 'sk_test_abcdefghijkl4242' });
    expect(mode(store.path)).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(store.path, 'utf8'))).toEqual({
      active_profile: 'default',
      profiles: { default: { api_key: 'sk_test_abcdefghijkl4242' } },
    });
  });

  it('uses $HOME/.config/payctl when XDG_CONFIG_HOME is unset', async () => {
    const store = await openConfigStore({ HOME: tmp });
    await store.setProfile('default', { output: 'json' });
    expect(store.path).toBe(path.join(tmp, '.config', 'payctl', 'config.json'));
    expect(mode(path.join(tmp, '.config', 'payctl'))).toBe(0o700);
  });

  it('tightens a pre-existing 0755 directory and 0644 file', async () => {
    const dir = path.join(tmp, 'cfg', 'payctl');
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify({ active_profile: 'default', profiles: { default: { api_key: 'sk_test_abcdefghijkl4242' } } }));
    fs.chmodSync(file, 0o644);
    const store = await openConfigStore({ XDG_CONFIG_HOME: path.join(tmp, 'cfg') });
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(store.getProfile('default')).toEqual({ api_key: 'sk_test_abcdefghijkl4242' });
  });

  it('keeps the file 0600 after writes even when it was loosened in between', async () => {
    const store = await openConfigStore({ XDG_CONFIG_HOME: tmp });
    await store.setProfile('default', { output: 'json' });
    fs.chmodSync(store.path, 0o664);
    await store.setProfile('default', { output: 'csv' });
    expect(mode(store.path)).toBe(0o600);
  });

  it('reading does not create the file', async () => {
    const store = await openConfigStore({ XDG_CONFIG_HOME: tmp });
    expect(store.activeProfile()).toBe('default');
    expect(store.listProfiles()).toEqual([]);
    expect(store.getProfile('default')).toBeUndefined();
    expect(fs.existsSync(store.path)).toBe(false);
  });

  it('round-trips profiles and the active profile across a reopen', async () => {
    const env = { XDG_CONFIG_HOME: tmp };
    const a = await openConfigStore(env);
    await a.setProfile('default', { api_key: 'sk_test_abcdefghijkl4242', read_only: false });
    await a.setProfile('staging.eu', { api_key: 'rk_live_abcdefghijkl9999', base_url: 'https://eu.example.com', stripe_version: '2024-06-20', stripe_account: 'acct_1', output: 'jsonl', read_only: true });
    await a.setProfile('tmp', { output: 'csv', api_key: undefined });
    await a.setActiveProfile('staging.eu');
    await a.deleteProfile('tmp');
    await a.deleteProfile('never-existed');

    const b = await openConfigStore(env);
    expect(b.activeProfile()).toBe('staging.eu');
    expect(b.listProfiles()).toEqual(['default', 'staging.eu']);
    expect(b.getProfile('default')).toEqual({ api_key: 'sk_test_abcdefghijkl4242', read_only: false });
    expect(b.getProfile('staging.eu')).toEqual({
      api_key: 'rk_live_abcdefghijkl9999',
      base_url: 'https://eu.example.com',
      stripe_version: '2024-06-20',
      stripe_account: 'acct_1',
      output: 'jsonl',
      read_only: true,
    });
    // Dotted names are whole keys, not paths.
    expect(JSON.parse(fs.readFileSync(b.path, 'utf8')).profiles['staging.eu'].output).toBe('jsonl');
  });

  it('drops unknown fields when saving a profile', async () => {
    const store = await openConfigStore({ XDG_CONFIG_HOME: tmp });
    await store.setProfile('default', { output: 'json', bogus: 1 } as never);
    expect(store.getProfile('default')).toEqual({ output: 'json' });
  });

  it('prototype names are not profiles', async () => {
    const store = await openConfigStore({ XDG_CONFIG_HOME: tmp });
    await store.setProfile('default', { output: 'json' });
    for (const n of ['__proto__', 'constructor', 'toString']) expect(store.getProfile(n)).toBeUndefined();
  });

  const badNames = ['', '-x', '.hidden', 'a b', 'a/b', '__proto__', 'x'.repeat(65)];
  it.each(badNames)('refuses profile name %j', async (name) => {
    const store = await openConfigStore({ XDG_CONFIG_HOME: tmp });
    expect(() => store.setProfile(name, {})).toThrow(UsageError);
    expect(() => store.setActiveProfile(name)).toThrow(UsageError);
  });

  it('a corrupt file is a usage error naming the file, not a crash', async () => {
    const dir = path.join(tmp, 'payctl');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'config.json'), '{ not json');
    const err = await openConfigStore({ XDG_CONFIG_HOME: tmp }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(path.join(dir, 'config.json'));
    expect((err as Error).message).toContain('fix or remove it');
  });
});
