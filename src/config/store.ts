// The config store: profiles (keys and per-profile defaults) in $XDG_CONFIG_HOME/payctl/config.json,
// kept 0600 inside a 0700 directory because the file holds secret keys.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Conf from 'conf';
import type { ConfigEditor, ConfigReader, ConfigStore, Profile } from './types.js';
import { withFileLock, type LockOptions } from './lock.js';
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

export interface ConfigStoreOptions {
  /** Lock identity, clock and timings (see lock.ts); the Factory supplies pid and clock. */
  lock?: LockOptions;
}

export async function openConfigStore(env: Env, opts: ConfigStoreOptions = {}): Promise<ConfigStore> {
  const dir = configDir(env);
  ensurePrivateDir(dir);
  const file = path.join(dir, 'config.json');
  const lockPath = `${file}.lock`;
  // An older or hand-made file may be world-readable: fix it before reading secrets from it.
  tighten(file, FILE_MODE);

  // Reads parse the file directly; conf (which pulls in ajv, ~30 ms per process) is loaded only
  // when something is written, so look-ups stay fast. It is loaded before the lock is taken and
  // instantiated under it, so the lock is held for milliseconds.
  let confClass: Promise<typeof Conf> | undefined;
  const loadConf = (): Promise<typeof Conf> => (confClass ??= import('conf').then((m) => m.default));
  const writeAtomically = (ConfClass: typeof Conf, data: ConfigData): void => {
    let conf: Conf<ConfigData>;
    try {
      conf = new ConfClass<ConfigData>({
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
    // conf writes a temp file with the mode, fsyncs it and renames it over config.json (atomically).
    conf.store = data;
    // A umask or an old file could still leave it looser.
    tighten(file, FILE_MODE);
  };

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
  /** The read side over whatever `current()` returns: the file itself, or an update's working copy. */
  const readerOver = (current: () => ConfigData): ConfigReader => ({
    activeProfile(): string {
      const a = current().active_profile;
      return typeof a === 'string' && a !== '' ? a : 'default';
    },
    getProfile(name: string): Profile | undefined {
      const profiles = profilesOf(current());
      if (!Object.hasOwn(profiles, name)) return undefined;
      const p = profiles[name];
      return p && typeof p === 'object' ? { ...p } : undefined;
    },
    listProfiles(): string[] {
      return Object.keys(profilesOf(current())).sort();
    },
  });

  const update = async <T>(fn: (cfg: ConfigEditor) => T): Promise<T> => {
    ensurePrivateDir(dir);
    const ConfClass = await loadConf();
    return withFileLock(
      lockPath,
      () => {
        // Fresh data, read under the lock: whatever another process wrote before us is kept.
        let data = read();
        let changed = false;
        const editor: ConfigEditor = {
          ...readerOver(() => data),
          setActiveProfile(name: string): void {
            validateProfileName(name);
            data = { ...data, active_profile: name, profiles: profilesOf(data) };
            changed = true;
          },
          setProfile(name: string, profile: Profile): void {
            validateProfileName(name);
            const profiles = { ...profilesOf(data), [name]: cleanProfile(profile) };
            data = { ...data, active_profile: typeof data.active_profile === 'string' ? data.active_profile : 'default', profiles };
            changed = true;
          },
          deleteProfile(name: string): void {
            const profiles = { ...profilesOf(data) };
            if (!Object.hasOwn(profiles, name)) return;
            delete profiles[name];
            data = { ...data, profiles };
            changed = true;
          },
        };
        const result = fn(editor);
        if (changed) writeAtomically(ConfClass, data);
        return result;
      },
      opts.lock,
    );
  };

  // Fail at open, not halfway through a command, when the file is unreadable.
  read();

  return {
    path: file,
    ...readerOver(read),
    update,
    setActiveProfile(name: string): Promise<void> {
      validateProfileName(name);
      return update((cfg) => cfg.setActiveProfile(name));
    },
    setProfile(name: string, profile: Profile): Promise<void> {
      validateProfileName(name);
      return update((cfg) => cfg.setProfile(name, profile));
    },
    deleteProfile(name: string): Promise<void> {
      return update((cfg) => cfg.deleteProfile(name));
    },
  };
}
