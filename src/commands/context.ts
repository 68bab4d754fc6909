// What every command action receives: the Factory plus lazily-built, flag-aware services.
import type { Factory } from '../factory.js';
import type { StripeClient } from '../client/types.js';
import type { ConfigStore, ResolvedCredentials } from '../config/types.js';
import type { Prompter } from '../prompt/types.js';
import type { OutputFormat } from '../output/printer.js';

export type { OutputFormat };

/** Global flags, parsed once (see main.ts). */
export interface GlobalOptions {
  profile?: string;
  apiKey?: string;
  baseUrl?: string;
  sandbox?: boolean;
  stripeAccount?: string;
  stripeVersion?: string;
  output?: OutputFormat;
  json?: boolean;
  fields?: string[];
  color: boolean;
  input: boolean;
  yes: boolean;
  dryRun: boolean;
  verbose: boolean;
  maxRetries?: number;
}

export interface OutputSettings {
  /** Resolved: -o / --json / profile, else table on a TTY and json otherwise. */
  format: OutputFormat;
  fields?: string[];
  color: boolean;
}

export interface CommandContext {
  f: Factory;
  globals(): GlobalOptions;
  output(): OutputSettings;
  /** Key precedence flag > PAYCTL_API_KEY > STRIPE_API_KEY > profile; none → embedded sandbox. */
  credentials(): Promise<ResolvedCredentials>;
  /** A client for the resolved account, starting the embedded sandbox when no key is configured. */
  client(): Promise<StripeClient>;
  config(): Promise<ConfigStore>;
  prompter(): Promise<Prompter>;
  /**
   * Guards a mutation: refuses on a read_only profile; with a live key shows `summary` and asks
   * (a TTY) or requires --yes; with `destructive` also asks in test mode (or requires --yes).
   */
  confirmMutation(opts: { summary: string; destructive?: boolean }): Promise<void>;
  /**
   * The account's clock for relative times: once a response from the sandbox has said what its
   * clock reads (`sandbox advance` moves it), that clock; otherwise the wall clock.
   */
  now(): Date;
  /** Like now(), but first asks a sandbox for its clock if no response has yet (for `--created-after 7d`). */
  accountNow(): Promise<Date>;
  /** Writes a line to stderr only when stderr is a TTY (notes, progress). */
  note(line: string): void;
  /** Writes a line to stderr whether or not it is a TTY: warnings a script's log must keep too. */
  warn(line: string): void;
}
