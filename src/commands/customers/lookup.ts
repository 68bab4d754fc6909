// Finding customers by what people know of them: an email (any case) or a name. Used where an id is
// expected but a person typed an email (`charges list --customer carol@example.com`) and by the guided refund.
import type { StripeClient } from '../../client/types.js';
import { UsageError } from '../../errors.js';
import { isEmail } from '../resource/checks.js';

export interface CustomerRef {
  id: string;
  name?: string | null;
  email?: string | null;
}

/** At most this many matches are fetched: enough to tell one from several and to offer a short pick. */
const MATCH_LIMIT = 10;

/** Quotes a value for Stripe's search language (`"…"`, with `"` and `\` escaped). */
function quoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * Customers with this email, whatever its case. The list filter is exact (and strongly consistent), so
 * it goes first; search, which ignores case, covers `Carol@Example.com` typed for carol@example.com.
 */
export async function customersByEmail(client: StripeClient, email: string): Promise<CustomerRef[]> {
  const exact = await client.get<{ data: CustomerRef[] }>('/v1/customers', { email, limit: MATCH_LIMIT });
  if (exact.data.length > 0) return exact.data;
  const found = await client.get<{ data: CustomerRef[] }>('/v1/customers/search', { query: `email:${quoted(email)}`, limit: MATCH_LIMIT });
  return found.data;
}

/** Customers whose name is this one (any case), else whose name contains it (three characters or more). */
export async function customersByName(client: StripeClient, name: string): Promise<CustomerRef[]> {
  const exact = await client.get<{ data: CustomerRef[] }>('/v1/customers/search', { query: `name:${quoted(name)}`, limit: MATCH_LIMIT });
  if (exact.data.length > 0 || name.length < 3) return exact.data;
  const partial = await client.get<{ data: CustomerRef[] }>('/v1/customers/search', { query: `name~${quoted(name)}`, limit: MATCH_LIMIT });
  return partial.data;
}

/**
 * A `--customer` filter value: an id passes through; an email becomes the one customer with it, and
 * none or several is a usage error (listing nothing would look like "no charges").
 */
export async function resolveCustomerFlag(client: () => Promise<StripeClient>, value: string, flag = '--customer'): Promise<string> {
  if (!isEmail(value.trim())) return value;
  const email = value.trim();
  const matches = await customersByEmail(await client(), email);
  if (matches.length === 1) return matches[0]!.id;
  if (matches.length === 0) throw new UsageError(`${flag} ${email}: no customer has this email`);
  const ids = matches.map((c) => c.id).join(', ');
  throw new UsageError(`${flag} ${email}: ${matches.length}${matches.length >= MATCH_LIMIT ? ' or more' : ''} customers have this email (${ids}); give the cus_… id`);
}

/** Shape check of a `--customer` value on a create or update, before any request: a cus_… id or an email. */
export function checkCustomerRef(value: string, flag = '--customer'): string {
  const v = value.trim();
  if (/^cus_\S+$/.test(v) || isEmail(v)) return v;
  throw new UsageError(`invalid ${flag} "${value}": expected a customer id (cus_…) or an email`);
}

/**
 * The customer id of a checked `--customer` value: an email resolves to the one customer with it (one
 * GET, so not under --dry-run, which would show that GET instead of the mutation).
 */
export async function customerIdOf(ctx: { client(): Promise<StripeClient>; globals(): { dryRun: boolean } }, value: string, flag = '--customer'): Promise<string> {
  if (!isEmail(value)) return value;
  if (ctx.globals().dryRun) throw new UsageError(`with --dry-run, give ${flag} as a cus_… id: the customer with ${value} cannot be looked up`);
  return resolveCustomerFlag(() => ctx.client(), value, flag);
}
