// Credential resolution: the one place that decides which key, profile, base URL and defaults a
// run uses (flag > env > profile > default), and the checks on key and URL shapes.
import type { ConfigStore, KeySource, Profile, ResolvedCredentials } from './types.js';
import { redactKey, redactSecrets } from './redact.js';
import { AuthError, UsageError } from '../errors.js';

type Env = Readonly<Record<string, string | undefined>>;

export const DEFAULT_BASE_URL = 'https://api.stripe.com';
export const OUTPUT_FORMATS = ['table', 'json', 'jsonl', 'csv'] as const;

export interface CredentialFlags {
  apiKey?: string;
  profile?: string;
  baseUrl?: string;
  stripeVersion?: string;
  stripeAccount?: string;
  /** --sandbox: ignore every configured key (the caller starts the embedded sandbox). */
  sandbox?: boolean;
}

export interface ResolveInput {
  flags: CredentialFlags;
  env: Env;
  store: ConfigStore | undefined;
  /**
   * login and `config set` may name a profile that does not exist yet (they create it);
   * everything else treats a missing, explicitly named profile as a typo.
   */
  allowMissingProfile?: boolean;
}

export type ProfileSource = 'flag' | 'env:PAYCTL_PROFILE' | 'active' | 'default';

/** An empty env var or flag counts as unset (`PAYCTL_API_KEY= payctl …` must not mean "key ''"). */
function given(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/** Which profile a run uses: --profile > PAYCTL_PROFILE > the store's active profile > 'default'. */
export function resolveProfileName(flags: { profile?: string }, env: Env, store: ConfigStore | undefined): { name: string; source: ProfileSource } {
  const flag = given(flags.profile);
  if (flag) return { name: flag, source: 'flag' };
  const fromEnv = given(env.PAYCTL_PROFILE);
  if (fromEnv) return { name: fromEnv, source: 'env:PAYCTL_PROFILE' };
  if (store) return { name: store.activeProfile(), source: 'active' };
  return { name: 'default', source: 'default' };
}

export function resolveCredentials(input: ResolveInput): ResolvedCredentials {
  const { flags, env, store } = input;
  const { name: profileName, source: profileSource } = resolveProfileName(flags, env, store);
  const stored = store?.getProfile(profileName);
  const explicit = profileSource === 'flag' || profileSource === 'env:PAYCTL_PROFILE';
  if (!stored && explicit && !input.allowMissingProfile) {
    const known = store?.listProfiles() ?? [];
    const via = profileSource === 'flag' ? '--profile' : 'PAYCTL_PROFILE';
    throw new UsageError(
      `profile "${profileName}" (from ${via}) does not exist; known profiles: ${known.length ? known.join(', ') : '(none)'}. Create it with \`payctl login --profile ${profileName}\``,
      { profile: profileName, known_profiles: known },
    );
  }
  const profile: Profile = stored ?? {};

  // Per-field precedence: the first source that has a key wins; none → the embedded sandbox.
  const keyCandidates: Array<[string | undefined, KeySource]> = flags.sandbox
    ? []
    : [
        [flags.apiKey, 'flag'],
        [env.PAYCTL_API_KEY, 'env:PAYCTL_API_KEY'],
        [env.STRIPE_API_KEY, 'env:STRIPE_API_KEY'],
        [profile.api_key, 'profile'],
      ];
  const found = keyCandidates.find(([k]) => given(k) !== undefined);
  const apiKey = found?.[0];
  const keySource: KeySource = found ? found[1] : 'sandbox';
  if (apiKey !== undefined) validateKeyShape(apiKey, describeKeySource(keySource, profileName));

  // With --sandbox the embedded sandbox is the target; a configured URL would be wrong.
  let baseUrl = flags.sandbox ? undefined : resolveBaseUrl(flags, env, profile);
  // An explicit target always wins: without a key for it, say so rather than quietly use the sandbox.
  if (baseUrl !== undefined && apiKey === undefined) throw noKeyFor(baseUrl, flags, env, profileName);
  if (baseUrl === undefined && apiKey !== undefined) baseUrl = DEFAULT_BASE_URL;

  const stripeVersion = given(flags.stripeVersion) ?? given(env.PAYCTL_STRIPE_VERSION) ?? given(profile.stripe_version);
  const stripeAccount = given(flags.stripeAccount) ?? given(env.PAYCTL_STRIPE_ACCOUNT) ?? given(profile.stripe_account);

  const envOutput = given(env.PAYCTL_OUTPUT);
  if (envOutput !== undefined && !(OUTPUT_FORMATS as readonly string[]).includes(envOutput)) {
    throw new UsageError(`invalid PAYCTL_OUTPUT "${envOutput}": use one of ${OUTPUT_FORMATS.join(', ')}`);
  }
  const output = (envOutput as Profile['output']) ?? profile.output;

  // The env var can only add the read-only guard, never lift a profile's: it is a safety net.
  const envReadOnly = given(env.PAYCTL_READ_ONLY);
  const readOnly = profile.read_only === true || (envReadOnly !== undefined && parseBoolean(envReadOnly, 'PAYCTL_READ_ONLY'));

  return { apiKey, keySource, profile: profileName, baseUrl, stripeVersion, stripeAccount, readOnly, output };
}

/** --base-url > PAYCTL_BASE_URL > the profile's base_url, checked; undefined when none is set. */
export function resolveBaseUrl(flags: { baseUrl?: string }, env: Env, profile: Profile | undefined): string | undefined {
  const raw = given(flags.baseUrl) ?? given(env.PAYCTL_BASE_URL) ?? given(profile?.base_url);
  return raw === undefined ? undefined : validateBaseUrl(raw);
}

function noKeyFor(baseUrl: string, flags: { baseUrl?: string }, env: Env, profile: string): AuthError {
  const from = given(flags.baseUrl) ? '--base-url' : given(env.PAYCTL_BASE_URL) ? 'PAYCTL_BASE_URL' : `profile "${profile}"`;
  return new AuthError(
    `no API key for ${redactSecrets(baseUrl)} (base URL from ${from}): set PAYCTL_API_KEY, or run \`payctl login${profile === 'default' ? '' : ` --profile ${profile}`} --with-key-stdin\`; to use the embedded sandbox instead, unset the base URL or pass --sandbox`,
    { base_url: baseUrl },
  );
}

/** Human wording of where a key came from (whoami, error messages). */
export function describeKeySource(source: KeySource | undefined, profile: string): string {
  switch (source) {
    case 'flag':
      return '--api-key flag';
    case 'env:PAYCTL_API_KEY':
      return 'PAYCTL_API_KEY';
    case 'env:STRIPE_API_KEY':
      return 'STRIPE_API_KEY';
    case 'profile':
      return `profile "${profile}"`;
    default:
      return 'embedded sandbox';
  }
}

export function keyMode(key: string | undefined): 'test' | 'live' | 'unknown' {
  const m = /^(?:sk|rk|pk)_(test|live)_/.exec(key ?? '');
  return m ? (m[1] as 'test' | 'live') : 'unknown';
}

// Real keys are alphanumeric after the mode. Holding accepted keys to that also keeps them fully
// covered by redactSecrets(), whose pattern stops at the first non-alphanumeric character.
const KEY_SHAPE = /^(?:sk|rk)_(?:test|live)_[A-Za-z0-9_]+$/;

/** Refuses anything but a secret (sk_) or restricted (rk_) key; `from` names where it came from. */
export function validateKeyShape(key: string, from = 'the key'): void {
  if (/^pk_(?:test|live)_/.test(key)) {
    throw new UsageError(
      `${from} is a publishable key (${redactKey(key)}): payctl needs a secret key (sk_test_…/sk_live_…) or a restricted key (rk_…) from the dashboard's API keys page`,
    );
  }
  if (!KEY_SHAPE.test(key)) {
    throw new UsageError(`${from} does not look like a Stripe secret key (${redactKey(key)}): expected sk_test_…, sk_live_…, rk_test_… or rk_live_…`);
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]', '::1']);

function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(h) || h.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/**
 * Checks a base URL and returns it without a trailing slash. Plain http is refused except to
 * loopback, because the key travels in the Authorization header.
 */
export function validateBaseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`invalid base URL "${redactSecrets(raw)}": expected e.g. https://api.stripe.com or http://127.0.0.1:12111`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new UsageError(`invalid base URL "${redactSecrets(raw)}": use https:// (or http:// to a loopback address)`);
  }
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname)) {
    throw new UsageError(`refusing plain http:// to ${u.hostname}: API keys would travel unencrypted; use https:// (http:// is allowed only to 127.0.0.1, ::1 or localhost)`);
  }
  if (u.username || u.password) {
    throw new UsageError('invalid base URL: credentials in the URL are not allowed; use login or PAYCTL_API_KEY');
  }
  if (u.search || u.hash) {
    throw new UsageError(`invalid base URL "${redactSecrets(raw)}": no query string or fragment`);
  }
  return u.toString().replace(/\/+$/, '');
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

export function parseBoolean(raw: string, what: string): boolean {
  const v = raw.trim().toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  throw new UsageError(`invalid ${what} "${redactSecrets(raw)}": use true or false`);
}
