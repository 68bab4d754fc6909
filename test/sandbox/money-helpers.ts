// Shared helpers for the money-engine tests: a raw form-encoded client (to assert status codes and
// error bodies exactly), an SDK factory, and the ledger invariant check.
import Stripe from 'stripe';
import { expect } from 'vitest';
import { newTestKey, type TestSandbox } from '../helpers/sandbox.js';

export type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value };

/** Stripe's bracket form encoding (indexed arrays), as the SDK sends it. */
export function encodeForm(params: Record<string, Value>, prefix = ''): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    const key = prefix ? `${prefix}[${k}]` : k;
    if (Array.isArray(v)) {
      v.forEach((item, i) => {
        if (item !== null && typeof item === 'object') out.push(...encodeForm(item as Record<string, Value>, `${key}[${i}]`));
        else out.push(`${key}[${i}]=${encodeURIComponent(String(item ?? ''))}`);
      });
    } else if (v !== null && typeof v === 'object') {
      out.push(...encodeForm(v, key));
    } else {
      out.push(`${key}=${encodeURIComponent(v === null ? '' : String(v))}`);
    }
  }
  return out;
}

export interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

/** A raw client bound to one account (one key). */
export function rawClient(sb: TestSandbox, key = newTestKey()) {
  const call = async (method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, Value> = {}, headers: Record<string, string> = {}): Promise<Reply> => {
    const form = encodeForm(params).join('&');
    const url = method === 'POST' ? `${sb.url}${path}` : `${sb.url}${path}${form ? `?${form}` : ''}`;
    const res = await fetch(url, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: method === 'POST' ? form : undefined,
    });
    return { status: res.status, body: await res.json(), headers: res.headers };
  };
  const ok = async (method: 'GET' | 'POST' | 'DELETE', path: string, params: Record<string, Value> = {}): Promise<any> => {
    const r = await call(method, path, params);
    if (r.status !== 200) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  return {
    key,
    call,
    get: (path: string, params?: Record<string, Value>) => ok('GET', path, params),
    post: (path: string, params?: Record<string, Value>) => ok('POST', path, params),
    del: (path: string, params?: Record<string, Value>) => ok('DELETE', path, params),
    advance: (seconds: number) => ok('POST', '/v1/test_helpers/sandbox/advance', { seconds }),
    /** Every object of a list endpoint (bounded pages). */
    async all(path: string, params: Record<string, Value> = {}): Promise<any[]> {
      const out: any[] = [];
      let after: string | undefined;
      for (let i = 0; i < 200; i++) {
        const page = await ok('GET', path, { ...params, limit: 100, starting_after: after });
        out.push(...page.data);
        if (!page.has_more) break;
        after = page.data[page.data.length - 1].id;
      }
      return out;
    },
  };
}
export type RawClient = ReturnType<typeof rawClient>;

export function sdk(sb: TestSandbox, key = newTestKey(), maxNetworkRetries = 2): Stripe {
  return new Stripe(key, { host: '127.0.0.1', port: sb.port, protocol: 'http', maxNetworkRetries });
}

/** A card payment that succeeds without a return_url (card-only, no redirects). */
export const CARD_ONLY = { automatic_payment_methods: { enabled: true, allow_redirects: 'never' } } as const;

export async function pay(c: RawClient, amount: number, pm = 'pm_card_visa', extra: Record<string, Value> = {}): Promise<any> {
  return c.post('/v1/payment_intents', { amount, currency: 'usd', payment_method: pm, confirm: true, ...CARD_ONLY, ...extra });
}

/** Per account and currency: available + pending (from /v1/balance) equals Σ net of all balance transactions. */
export async function expectLedgerInvariant(c: RawClient): Promise<void> {
  const txns = await c.all('/v1/balance_transactions');
  const sums: Record<string, { available: number; pending: number }> = {};
  for (const t of txns) {
    expect(t.net).toBe(t.amount - t.fee);
    const s = (sums[t.currency] ??= { available: 0, pending: 0 });
    if (t.status === 'available') s.available += t.net;
    else s.pending += t.net;
  }
  const bal = await c.get('/v1/balance');
  for (const [currency, s] of Object.entries(sums)) {
    const available = bal.available.find((e: any) => e.currency === currency)?.amount;
    const pending = bal.pending.find((e: any) => e.currency === currency)?.amount;
    expect({ currency, available, pending }).toEqual({ currency, available: s.available, pending: s.pending });
  }
}
