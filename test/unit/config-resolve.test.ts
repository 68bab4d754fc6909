// Credential precedence (flag > env > profile > sandbox) and the key/URL shape checks, in one table each.
import { describe, expect, it } from 'vitest';
import { describeKeySource, keyMode, resolveCredentials, validateBaseUrl, validateKeyShape, type CredentialFlags } from '../../src/config/resolve.js';
import type { ConfigStore, Profile } from '../../src/config/types.js';
import { AuthError, UsageError } from '../../src/errors.js';

const FLAG = 'sk_test_flag00000000000001';
const PAYCTL = 'sk_test_payctl000000000002';
const STRIPE = 'rk_test_stripe000000000003';
const DEFAULT = 'sk_test_default00000000004';
const STAGING = 'sk_l\u0069ve_staging00000000005';

/** An in-memory ConfigStore: resolution is pure, so no file is needed here. */
function memoryStore(profiles: Record<string, Profile>, active?: string): ConfigStore {
  const data = structuredClone(profiles);
  let activeName = active;
  return {
    path: '/tmp/none/config.json',
    activeProfile: () => activeName ?? 'default',
    setActiveProfile: async (n) => void (activeName = n),
    getProfile: (n) => (Object.hasOwn(data, n) ? { ...data[n] } : undefined),
    setProfile: async (n, p) => void (data[n] = p),
    deleteProfile: async (n) => void delete data[n],
    listProfiles: () => Object.keys(data).sort(),
    update: () => Promise.reject(new Error('resolution never writes')),
  };
}

const store = () =>
  memoryStore({
    default: { api_key: DEFAULT },
    staging: { api_key: STAGING, base_url: 'https://staging.example.com', stripe_version: '2024-06-20', stripe_account: 'acct_1', output: 'json', read_only: true },
    nokey: { base_url: 'http://127.0.0.1:12111' },
  });

type Env = Record<string, string | undefined>;
interface Case {
  name: string;
  flags?: CredentialFlags;
  env?: Env;
  store?: ConfigStore | undefined | 'none';
  want: { apiKey?: string; keySource: string; profile: string; baseUrl?: string; readOnly?: boolean; stripeVersion?: string; stripeAccount?: string; output?: string };
}

const cases: Case[] = [
  { name: 'profile key only', want: { apiKey: DEFAULT, keySource: 'profile', profile: 'default', baseUrl: 'https://api.stripe.com' } },
  { name: 'STRIPE_API_KEY beats profile', env: { STRIPE_API_KEY: STRIPE }, want: { apiKey: STRIPE, keySource: 'env:STRIPE_API_KEY', profile: 'default', baseUrl: 'https://api.stripe.com' } },
  { name: 'PAYCTL_API_KEY beats STRIPE_API_KEY', env: { STRIPE_API_KEY: STRIPE, PAYCTL_API_KEY: PAYCTL }, want: { apiKey: PAYCTL, keySource: 'env:PAYCTL_API_KEY', profile: 'default', baseUrl: 'https://api.stripe.com' } },
  { name: '--api-key beats both env vars', flags: { apiKey: FLAG }, env: { STRIPE_API_KEY: STRIPE, PAYCTL_API_KEY: PAYCTL }, want: { apiKey: FLAG, keySource: 'flag', profile: 'default', baseUrl: 'https://api.stripe.com' } },
  { name: 'empty env var counts as unset', env: { PAYCTL_API_KEY: '', STRIPE_API_KEY: '' }, want: { apiKey: DEFAULT, keySource: 'profile', profile: 'default', baseUrl: 'https://api.stripe.com' } },
  { name: 'no key anywhere → sandbox', store: memoryStore({}), want: { apiKey: undefined, keySource: 'sandbox', profile: 'default', baseUrl: undefined } },
  { name: 'no store at all → sandbox on default', store: 'none', want: { apiKey: undefined, keySource: 'sandbox', profile: 'default', baseUrl: undefined } },
  { name: 'no store, env key', store: 'none', env: { PAYCTL_API_KEY: PAYCTL }, want: { apiKey: PAYCTL, keySource: 'env:PAYCTL_API_KEY', profile: 'default', baseUrl: 'https://api.stripe.com' } },
  { name: '--sandbox ignores every key and URL', flags: { sandbox: true, apiKey: FLAG, baseUrl: 'https://x.example.com' }, want: { apiKey: undefined, keySource: 'sandbox', profile: 'default', baseUrl: undefined } },
  {
    name: '--profile picks that profile and its settings',
    flags: { profile: 'staging' },
    want: { apiKey: STAGING, keySource: 'profile', profile: 'staging', baseUrl: 'https://staging.example.com', readOnly: true, stripeVersion: '2024-06-20', stripeAccount: 'acct_1', output: 'json' },
  },
  { name: 'PAYCTL_PROFILE picks the profile', env: { PAYCTL_PROFILE: 'staging' }, want: { apiKey: STAGING, keySource: 'profile', profile: 'staging', baseUrl: 'https://staging.example.com', readOnly: true } },
  { name: '--profile beats PAYCTL_PROFILE', flags: { profile: 'default' }, env: { PAYCTL_PROFILE: 'staging' }, want: { apiKey: DEFAULT, keySource: 'profile', profile: 'default', baseUrl: 'https://api.stripe.com', readOnly: false } },
  {
    name: 'active profile from the store',
    store: memoryStore({ default: { api_key: DEFAULT }, staging: { api_key: STAGING } }, 'staging'),
    want: { apiKey: STAGING, keySource: 'profile', profile: 'staging', baseUrl: 'https://api.stripe.com' },
  },
  {
    name: 'PAYCTL_PROFILE beats the active profile',
    env: { PAYCTL_PROFILE: 'default' },
    store: memoryStore({ default: { api_key: DEFAULT }, staging: { api_key: STAGING } }, 'staging'),
    want: { apiKey: DEFAULT, keySource: 'profile', profile: 'default', baseUrl: 'https://api.stripe.com' },
  },
  {
    name: 'active profile deleted: empty profile, not an error',
    store: memoryStore({ other: { api_key: STAGING } }, 'gone'),
    want: { apiKey: undefined, keySource: 'sandbox', profile: 'gone', baseUrl: undefined },
  },
  { name: 'env key with a profile: key from env, URL from profile', flags: { profile: 'nokey' }, env: { PAYCTL_API_KEY: PAYCTL }, want: { apiKey: PAYCTL, keySource: 'env:PAYCTL_API_KEY', profile: 'nokey', baseUrl: 'http://127.0.0.1:12111' } },
  { name: '--sandbox ignores a configured URL that has no key', flags: { profile: 'nokey', sandbox: true }, want: { apiKey: undefined, keySource: 'sandbox', profile: 'nokey', baseUrl: undefined } },
  { name: 'PAYCTL_BASE_URL beats profile URL', flags: { profile: 'staging' }, env: { PAYCTL_BASE_URL: 'http://localhost:9999/' }, want: { apiKey: STAGING, keySource: 'profile', profile: 'staging', baseUrl: 'http://localhost:9999' } },
  {
    name: '--base-url beats PAYCTL_BASE_URL',
    flags: { profile: 'staging', baseUrl: 'http://127.0.0.1:1' },
    env: { PAYCTL_BASE_URL: 'http://localhost:9999' },
    want: { apiKey: STAGING, keySource: 'profile', profile: 'staging', baseUrl: 'http://127.0.0.1:1' },
  },
  {
    name: 'version/account: flag > env > profile',
    flags: { profile: 'staging', stripeVersion: '2025-01-01' },
    env: { PAYCTL_STRIPE_VERSION: '2024-01-01', PAYCTL_STRIPE_ACCOUNT: 'acct_env' },
    want: { apiKey: STAGING, keySource: 'profile', profile: 'staging', baseUrl: 'https://staging.example.com', stripeVersion: '2025-01-01', stripeAccount: 'acct_env' },
  },
  { name: 'PAYCTL_OUTPUT beats profile output', flags: { profile: 'staging' }, env: { PAYCTL_OUTPUT: 'csv' }, want: { apiKey: STAGING, keySource: 'profile', profile: 'staging', output: 'csv' } },
  { name: 'PAYCTL_READ_ONLY adds the guard', env: { PAYCTL_READ_ONLY: 'true' }, want: { apiKey: DEFAULT, keySource: 'profile', profile: 'default', readOnly: true } },
  { name: 'PAYCTL_READ_ONLY=false cannot lift a profile guard', flags: { profile: 'staging' }, env: { PAYCTL_READ_ONLY: 'false' }, want: { apiKey: STAGING, keySource: 'profile', profile: 'staging', readOnly: true } },
];

describe('resolveCredentials precedence', () => {
  it.each(cases)('$name', (c) => {
    const s = c.store === 'none' ? undefined : (c.store ?? store());
    const got = resolveCredentials({ flags: c.flags ?? {}, env: c.env ?? {}, store: s });
    const picked = Object.fromEntries(Object.keys(c.want).map((k) => [k, got[k as keyof typeof got]]));
    expect(picked).toEqual(c.want);
  });
});

describe('resolveCredentials errors', () => {
  const errorCases: Array<{ name: string; flags?: CredentialFlags; env?: Env; store?: ConfigStore | 'none'; message: RegExp }> = [
    { name: '--profile naming a missing profile', flags: { profile: 'prod' }, message: /profile "prod" \(from --profile\) does not exist; known profiles: default, nokey, staging/ },
    { name: 'PAYCTL_PROFILE naming a missing profile', env: { PAYCTL_PROFILE: 'prod' }, message: /profile "prod" \(from PAYCTL_PROFILE\) does not exist/ },
    { name: 'named profile with no config at all', flags: { profile: 'prod' }, store: 'none', message: /known profiles: \(none\)/ },
    { name: 'malformed env key', env: { PAYCTL_API_KEY: 'hunter2-not-a-key' }, message: /PAYCTL_API_KEY does not look like a Stripe secret key/ },
    { name: 'publishable key in env', env: { STRIPE_API_KEY: 'pk_test_abcdefghijklmnop1234' }, message: /STRIPE_API_KEY is a publishable key \(pk_test_…1234\)/ },
    { name: 'plain http to a remote host', flags: { baseUrl: 'http://api.example.com' }, message: /refusing plain http:\/\/ to api\.example\.com/ },
    { name: 'bad PAYCTL_OUTPUT', env: { PAYCTL_OUTPUT: 'yaml' }, message: /invalid PAYCTL_OUTPUT "yaml": use one of table, json, jsonl, csv/ },
    { name: 'bad PAYCTL_READ_ONLY', env: { PAYCTL_READ_ONLY: 'maybe' }, message: /invalid PAYCTL_READ_ONLY "maybe": use true or false/ },
  ];
  it.each(errorCases)('$name → UsageError', (c) => {
    const s = c.store === 'none' ? undefined : (c.store ?? store());
    const run = () => resolveCredentials({ flags: c.flags ?? {}, env: c.env ?? {}, store: s });
    expect(run).toThrow(UsageError);
    expect(run).toThrow(c.message);
  });

  // An explicit target always wins: with no key for it, exit 4, never a silent switch to the embedded sandbox.
  it.each<{ name: string; flags?: CredentialFlags; env?: Env; message: string }>([
    {
      name: '--base-url',
      flags: { baseUrl: 'http://127.0.0.1:12111' },
      message: 'no API key for http://127.0.0.1:12111 (base URL from --base-url): set PAYCTL_API_KEY, or run `payctl login --with-key-stdin`; to use the embedded sandbox instead, unset the base URL or pass --sandbox',
    },
    {
      name: 'PAYCTL_BASE_URL',
      env: { PAYCTL_BASE_URL: 'https://api.example.com/' },
      message: 'no API key for https://api.example.com (base URL from PAYCTL_BASE_URL): set PAYCTL_API_KEY, or run `payctl login --with-key-stdin`; to use the embedded sandbox instead, unset the base URL or pass --sandbox',
    },
    {
      name: "a profile's base_url",
      flags: { profile: 'nokey' },
      message: 'no API key for http://127.0.0.1:12111 (base URL from profile "nokey"): set PAYCTL_API_KEY, or run `payctl login --profile nokey --with-key-stdin`; to use the embedded sandbox instead, unset the base URL or pass --sandbox',
    },
  ])('$name with no key → AuthError (exit 4)', (c) => {
    const noKeys = memoryStore({ nokey: { base_url: 'http://127.0.0.1:12111' } });
    let caught: unknown;
    try {
      resolveCredentials({ flags: c.flags ?? {}, env: c.env ?? {}, store: noKeys });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AuthError);
    expect((caught as AuthError).exitCode).toBe(4);
    expect((caught as AuthError).message).toBe(c.message);
  });

  it('a missing profile is allowed when the caller creates it (login, config set)', () => {
    const got = resolveCredentials({ flags: { profile: 'prod' }, env: {}, store: store(), allowMissingProfile: true });
    expect(got).toMatchObject({ profile: 'prod', apiKey: undefined, keySource: 'sandbox' });
  });

  it('a malformed key never appears in the error message', () => {
    const secret = 'sk_test_has-a-dash-SECRETSECRET';
    try {
      resolveCredentials({ flags: { apiKey: secret }, env: {}, store: store() });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('SECRETSECRET');
      expect((err as Error).message).toContain('--api-key flag');
    }
  });
});

describe('keyMode and validateKeyShape', () => {
  const modes: Array<[string | undefined, string]> = [
    ['sk_test_abc123', 'test'],
    ['rk_live_abc123', 'live'],
    ['sk_live_abc123', 'live'],
    ['pk_test_abc', 'test'],
    ['whsec_abc', 'unknown'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ];
  it.each(modes)('keyMode(%s) = %s', (key, mode) => expect(keyMode(key)).toBe(mode));

  const good = ['sk_test_51Habcdef4242', 'sk_live_x', 'rk_test_abcDEF123', 'rk_live_9', 'sk_test_sandbox_alice_1'];
  it.each(good)('accepts %s', (k) => expect(() => validateKeyShape(k)).not.toThrow());

  const bad: Array<[string, RegExp]> = [
    ['pk_test_abcdefghijklmnop', /publishable key .*secret key/],
    ['pk_live_abcdefghijklmnop', /publishable key/],
    ['sk_prod_abc', /does not look like a Stripe secret key/],
    ['sk_test_', /does not look like/],
    ['sk_test_abc def', /does not look like/],
    ['sk_test_a-b', /does not look like/],
    ['whsec_abcdef', /does not look like/],
    ['', /does not look like/],
  ];
  it.each(bad)('refuses %j', (k, msg) => {
    expect(() => validateKeyShape(k)).toThrow(UsageError);
    expect(() => validateKeyShape(k)).toThrow(msg);
  });
});

describe('validateBaseUrl', () => {
  const ok: Array<[string, string]> = [
    ['https://api.stripe.com', 'https://api.stripe.com'],
    ['https://api.stripe.com/', 'https://api.stripe.com'],
    ['http://127.0.0.1:12111', 'http://127.0.0.1:12111'],
    ['http://127.5.6.7:80/', 'http://127.5.6.7'],
    ['http://localhost:3000', 'http://localhost:3000'],
    ['http://[::1]:12111', 'http://[::1]:12111'],
    ['https://proxy.example.com/stripe/', 'https://proxy.example.com/stripe'],
  ];
  it.each(ok)('%s → %s', (raw, want) => expect(validateBaseUrl(raw)).toBe(want));

  const bad: Array<[string, RegExp]> = [
    ['http://api.stripe.com', /refusing plain http/],
    ['http://127.0.0.1.evil.com', /refusing plain http/],
    ['http://10.0.0.1:12111', /refusing plain http/],
    ['ftp://x', /use https/],
    ['not a url', /invalid base URL/],
    ['https://user:pw@api.stripe.com', /credentials in the URL/],
    ['https://api.stripe.com/?a=1', /no query string/],
  ];
  it.each(bad)('refuses %s', (raw, msg) => expect(() => validateBaseUrl(raw)).toThrow(msg));
});

describe('describeKeySource', () => {
  const rows: Array<[Parameters<typeof describeKeySource>[0], string]> = [
    ['flag', '--api-key flag'],
    ['env:PAYCTL_API_KEY', 'PAYCTL_API_KEY'],
    ['env:STRIPE_API_KEY', 'STRIPE_API_KEY'],
    ['profile', 'profile "work"'],
    ['sandbox', 'embedded sandbox'],
    [undefined, 'embedded sandbox'],
  ];
  it.each(rows)('%s → %s', (src, text) => expect(describeKeySource(src, 'work')).toBe(text));
});
