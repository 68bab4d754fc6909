// The config store: profiles (keys and per-profile defaults) in $XDG_CONFIG_HOME/payctl/config.json,
// kept 0600 inside a 0700 directory because the file holds secret keys.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Conf from 'conf';
import type { ConfigStore, Profile } from './types.js';
import { UsageError } from '../errors.js';

type Env = Readonly<Record<string, string | undefined>>;

interface ConfigData {
  active_profile?: string;
  profiles?: Record<string, Profile>;
  [key: string]: unknown;
}

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;
const PROFILE_FIELDS: ReadonlyArray<keyof Profile> = ['api_key', 'base_url', 'stripe_version', 'stripe_account', 'output', 'read_only'];

/** The directory holding config.json: $XDG_CONFIG_HOME/payctl, else $HOME/.config/payctl. */
export function configDir(env: Env): string {
  const xdg = env.XDG_CONFIG_HOME;
  // The XDG spec says relative values are invalid and must be ignored.
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'payctl');
  const home = env.HOME || os.homedir();
  return path.join(home, '.config', 'payctl');
}

export function configPath(env: Env): string {
  return path.join(configDir(env), 'config.json');
}

/** Profile names become JSON keys and appear in messages: keep them plain. */
export const PROFILE_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function validateProfileName(name: string): void {
  if (!PROFILE_NAME_PATTERN.test(name)) {
    throw new UsageError(`invalid profile name "${name}": use letters, digits, ".", "_" or "-" (at most 64, starting with a letter or digit)`);
  }
}

/** Creates the directory 0700, or tightens it when it already exists with group/other access. */
function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  tighten(dir, DIR_MODE);
}

/** chmod only when group/other bits are set; a no-op on platforms without POSIX modes. */
function tighten(p: string, mode: number): void {
  if (os.platform() === 'win32') return;
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch {
    return;
  }
  if ((st.mode & 0o077) !== 0) fs.chmodSync(p, mode);
}

/** Drops undefined fields and anything that is not a known profile field. */
function cleanProfile(p: Profile): Profile {
  const out: Record<string, unknown> = {};
  for (const k of PROFILE_FIELDS) {
    if (p[k] !== undefined) out[k] = p[k];
  }
  return out as Profile;
}

export async function openConfigStore(env: Env): Promise<ConfigStore> {
  const dir = configDir(env);
  ensurePrivateDir(dir);
  const file = path.join(dir, 'config.json');
  // An older or hand-made file may be world-readable: fix it before reading secrets from it.
  tighten(file, FILE_MODE);

  // Reads parse the file directly; conf (which pulls in ajv, ~30 ms per process) is loaded only
  // when something is written, so look-ups stay fast.
  let confPromise: Promise<Conf<ConfigData>> | undefined;
  const getConf = (): Promise<Conf<ConfigData>> =>
    (confPromise ??= import('conf').then(({ default: ConfClass }) => {
      try {
        return new ConfClass<ConfigData>({
          projectName: 'payctl',
          projectSuffix: '',
          cwd: dir,
          configName: 'config',
          configFileMode: FILE_MODE,
          // Profile names may contain dots; we always read and write whole objects.
          accessPropertiesByDotNotation: false,
          clearInvalidConfig: false,
        });
      } catch (err) {
        throw new UsageError(`cannot read the config file ${file}: ${(err as Error).message}; fix or remove it`);
      }
    }));

  const read = (): ConfigData => {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw new UsageError(`cannot read the config file ${file}: ${(err as Error).message}`);
    }
    try {
      const data: unknown = JSON.parse(text);
      if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('not a JSON object');
      return data as ConfigData;
    } catch (err) {
      throw new UsageError(`cannot read the config file ${file}: ${(err as Error).message}; fix or remove it`);
    }
  };
  const profilesOf = (data: ConfigData): Record<string, Profile> => {
    const p = data.profiles;
    return p && typeof p === 'object' && !Array.isArray(p) ? p : {};
  };
  const write = async (data: ConfigData): Promise<void> => {
    ensurePrivateDir(dir);
    const conf = await getConf();
    conf.store = data;
    // atomically honours the mode, but a umask or an old file could leave it looser.
    tighten(file, FILE_MODE);
  };

  // Fail at open, not halfway through a command, when the file is unreadable.
  read();

  return {
    path: file,
    activeProfile(): string {
      const a = read().active_profile;
      return typeof a === 'string' && a !== '' ? a : 'default';
    },
    setActiveProfile(name: string): Promise<void> {
      validateProfileName(name);
      const data = read();
      return write({ ...data, active_profile: name, profiles: profilesOf(data) });
    },
    getProfile(name: string): Profile | undefined {
      const profiles = profilesOf(read());
      if (!Object.hasOwn(profiles, name)) return undefined;
      const p = profiles[name];
      return p && typeof p === 'object' ? { ...p } : undefined;
    },
    setProfile(name: string, profile: Profile): Promise<void> {
      validateProfileName(name);
      const data = read();
      const profiles = { ...profilesOf(data), [name]: cleanProfile(profile) };
      return write({ ...data, active_profile: typeof data.active_profile === 'string' ? data.active_profile : 'default', profiles });
    },
    deleteProfile(name: string): Promise<void> {
      const data = read();
      const profiles = { ...profilesOf(data) };
      if (!Object.hasOwn(profiles, name)) return Promise.resolve();
      delete profiles[name];
      return write({ ...data, profiles });
    },
    listProfiles(): string[] {
      return Object.keys(profilesOf(read())).sort();
    },
  };
}
