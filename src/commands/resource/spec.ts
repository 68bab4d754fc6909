// What a resource's fields.ts declares: its API path, table columns, detail view, list filters
// and examples. The generic builder turns one ResourceSpec into list/get/search commands.
import type { Column } from '../../output/columns.js';
import type { CommandContext } from '../context.js';
import type { StripeClient } from '../../client/types.js';

export interface ListFilter {
  /** Commander flag spec, e.g. '--customer <id>'. */
  flags: string;
  /** API parameter it sets (bracket notation allowed, e.g. 'customer_details[email]'). */
  param: string;
  description: string;
  /** Allowed values (shown in help and completions, checked before any request). */
  choices?: readonly string[];
  /**
   * 'time' values take dates or relative durations like 7d and become unix seconds; 'gte'/'lte' add a
   * range suffix. 'customer' takes a cus_… id or an email, resolved to the one customer with it.
   */
  kind?: 'string' | 'time-gte' | 'time-lte' | 'bool' | 'customer';
}

export interface ResourceSpec {
  /** CLI noun, e.g. 'charges'. */
  command: string;
  /** One-line description for help. */
  description: string;
  /** API collection path, e.g. '/v1/charges'. */
  path: string;
  /** Singular noun for messages, e.g. 'charge'. */
  noun: string;
  /** ID prefixes of this resource's ids: `get` and the actions check an id against them before any request. */
  idPrefixes: readonly string[];
  /** Columns of the list table. */
  columns: Column[];
  /** Fields of the detail (get) view on a TTY. */
  detail: Column[];
  listFilters?: ListFilter[];
  /** The resource has a `/search` endpoint. */
  searchable?: boolean;
  examples?: { list?: string[]; get?: string[]; search?: string[] };
  /** The time relative cells count from, when not the local clock (the sandbox's clock for disputes). */
  now?: (ctx: CommandContext, client: StripeClient) => Promise<Date>;
  /** Extra fields (looked up elsewhere) merged into the object for the `get` detail view on a TTY only. */
  detailExtras?: (client: StripeClient, obj: any) => Promise<Record<string, unknown>>;
}
