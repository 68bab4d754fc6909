// 404s for real Stripe endpoints the sandbox does not model, naming the resources it does serve
// (computed from its routes, so the list stays true as routes are added).
import type { RouteDef } from './types.js';
import { StripeError, invalidRequest } from './errors.js';

/**
 * Real Stripe v1 endpoints (docs.stripe.com/api) the sandbox has no model for. A pattern matches a path
 * that starts with its segments (`:x` matches any one segment). Checked only when no route matched,
 * except SHADOWED below.
 */
const UNMODELLED = [
  'accounts', 'account_links', 'account_sessions', 'application_fees', 'apple_pay', 'billing', 'billing_portal',
  'climate', 'confirmation_tokens', 'country_specs', 'coupons', 'credit_notes', 'customer_sessions', 'entitlements',
  'ephemeral_keys', 'exchange_rates', 'file_links', 'files', 'financial_connections', 'forwarding', 'identity',
  'issuing', 'mandates', 'payment_links', 'payment_method_configurations', 'payment_method_domains', 'plans',
  'promotion_codes', 'quotes', 'radar', 'reporting', 'reviews', 'shipping_rates', 'sigma', 'sources',
  'subscription_items', 'subscription_schedules', 'tax', 'tax_codes', 'tax_ids', 'tax_rates',
  'terminal', 'tokens', 'topups', 'transfers', 'treasury',
  'customers/:id/balance_transactions', 'customers/:id/cash_balance', 'customers/:id/discount',
  'customers/:id/tax_ids', 'customers/:id/sources', 'invoices/:id/lines/:line', 'invoices/:id/add_lines',
  'invoices/:id/remove_lines', 'invoices/:id/update_lines', 'payment_intents/:id/increment_authorization',
  'payment_intents/:id/apply_customer_balance', 'payment_intents/:id/verify_microdeposits',
].map((p) => p.split('/'));

/** Unmodelled endpoints that a served `:id` route would otherwise take (`GET /v1/invoices/upcoming`). */
const SHADOWED = ['invoices/upcoming', 'invoices/create_preview'].map((p) => p.split('/'));

function segmentsOf(path: string): string[] {
  return path.split('/').filter(Boolean).slice(1); // without the leading `v1`
}

function matching(patterns: string[][], path: string): string[] | undefined {
  if (!path.startsWith('/v1/')) return undefined;
  const segs = segmentsOf(path);
  return patterns.find((p) => p.length <= segs.length && p.every((s, i) => (s.startsWith(':') ? segs[i] !== '' : s === segs[i])));
}

/** Resource paths the routes serve (`customers`, `checkout/sessions` …), sandbox-only helpers left out. */
export function servedResources(routes: readonly RouteDef[]): string[] {
  const prefixes = new Set<string>();
  for (const r of routes) {
    const segs = segmentsOf(r.pattern);
    const end = segs.findIndex((s) => s.startsWith(':'));
    const literal = (end < 0 ? segs : segs.slice(0, end)).join('/');
    if (literal && !literal.startsWith('test_helpers')) prefixes.add(literal);
  }
  // `customers/search` belongs to `customers`.
  return [...prefixes].filter((p) => ![...prefixes].some((q) => q !== p && p.startsWith(`${q}/`))).sort();
}

function notModelled(method: string, path: string, pattern: string[], served: readonly string[]): StripeError {
  const what = `/v1/${pattern.join('/')}`;
  return invalidRequest(
    `${method} ${path}: this sandbox does not model ${what} (a real Stripe endpoint). ` +
      `It serves /v1/${served.join(', /v1/')} and its own /v1/test_helpers controls.`,
    { status: 404 },
  );
}

/** The 404 for an unmodelled endpoint that a served route would shadow; undefined otherwise. */
export function shadowedError(method: string, path: string, served: readonly string[]): StripeError | undefined {
  const p = matching(SHADOWED, path);
  return p ? notModelled(method, path, p, served) : undefined;
}

/** The 404 for a path no route matched: "not modelled" for known Stripe endpoints, Stripe's own wording otherwise. */
export function unroutedError(method: string, path: string, served: readonly string[]): StripeError {
  const p = matching(UNMODELLED, path);
  if (p) return notModelled(method, path, p, served);
  return invalidRequest(
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    { status: 404 },
  );
}
