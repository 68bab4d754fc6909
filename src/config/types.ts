// Public types of the config store (profiles and keys) and of credential resolution.

export interface Profile {
  api_key?: string;
  base_url?: string;
  stripe_version?: string;
  stripe_account?: string;
  output?: 'table' | 'json' | 'jsonl' | 'csv';
  read_only?: boolean;
}

export interface ConfigStore {
  /** Absolute path of the config file (0600, in a 0700 directory). */
  readonly path: string;
  /** Name of the active profile ('default' unless changed with `config use`). */
  activeProfile(): string;
  /** Writes return a promise (the writer loads lazily); validation errors throw synchronously. */
  setActiveProfile(name: string): Promise<void>;
  getProfile(name: string): Profile | undefined;
  setProfile(name: string, profile: Profile): Promise<void>;
  deleteProfile(name: string): Promise<void>;
  listProfiles(): string[];
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
