// Public types of the config store (profiles and keys) and of credential resolution.

export interface Profile {
  api_key?: string;
  base_url?: string;
  stripe_version?: string;
  stripe_account?: string;
  output?: 'table' | 'json' | 'jsonl' | 'csv';
  read_only?: boolean;
}

/** Reads of the config; in a store each call reads the file afresh. */
export interface ConfigReader {
  /** Name of the active profile ('default' unless changed with `config use`). */
  activeProfile(): string;
  getProfile(name: string): Profile | undefined;
  listProfiles(): string[];
}

/** What an update sees: the file as read under the lock, changed in memory, written once at the end. */
export interface ConfigEditor extends ConfigReader {
  setActiveProfile(name: string): void;
  setProfile(name: string, profile: Profile): void;
  deleteProfile(name: string): void;
}

export interface ConfigStore extends ConfigReader {
  /** Absolute path of the config file (0600, in a 0700 directory). */
  readonly path: string;
  /**
   * Read-modify-write under the config's lock file: `fn` sees fresh data, and what it changed is
   * written atomically (temp file 0600, fsync, rename) before the lock is released. Concurrent
   * payctl processes take turns, so none loses another's write; a lock held too long by another
   * live payctl is a LocalStateError naming the lock file.
   */
  update<T>(fn: (cfg: ConfigEditor) => T): Promise<T>;
  /** One-change updates. Validation errors throw synchronously. */
  setActiveProfile(name: string): Promise<void>;
  setProfile(name: string, profile: Profile): Promise<void>;
  deleteProfile(name: string): Promise<void>;
}

export type KeySource = 'flag' | 'env:PAYCTL_API_KEY' | 'env:STRIPE_API_KEY' | 'profile' | 'sandbox';

/** Everything needed to build a client, with where each part came from. */
export interface ResolvedCredentials {
  /** Undefined when no key is configured anywhere: the caller then uses the embedded sandbox. */
  apiKey?: string;
  keySource?: KeySource;
  profile: string;
  baseUrl?: string;
  stripeVersion?: string;
  stripeAccount?: string;
  readOnly: boolean;
  output?: Profile['output'];
}
