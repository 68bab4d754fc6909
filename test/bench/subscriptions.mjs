// Subscription billing benchmark against `payctl sandbox serve` (the built bundle, a data file): one
// account with N customers each on one monthly subscription (default 1,000), advanced by 12 calendar months in one
// `POST /v1/test_helpers/sandbox/advance` (months=12), i.e. 12 × N renewals each with its invoice,
// payment and events. Reports the advance's wall time, renewals/s and the server's resident memory
// before and after (VmRSS) and its peak (VmHWM). Prints JSON on stdout. Bounded: fixed counts.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startServer } from './lib.mjs';

const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 1000);
const MONTHS = 12;

const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const home = mkdtempSync(join(tmpdir(), 'payctl-bench-subs-'));
Object.assign(env, { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') });

const server = await startServer(env, join(home, 'serve'));
const key = `sk_test_benchsubs${Date.now()}`;
const form = (o) => Object.entries(o).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
async function call(method, path, params = {}) {
  const res = await request(`${server.url}${path}${method === 'GET' && Object.keys(params).length ? `?${form(params)}` : ''}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: method === 'POST' ? form(params) : undefined,
    headersTimeout: 600_000,
    bodyTimeout: 600_000,
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${method} ${path}: ${res.statusCode} ${text}`);
  return JSON.parse(text);
}

/** Resident and peak memory of the server process, in MiB (Linux /proc). */
function memory() {
  try {
    const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
    return { rss_mib: +(kb('VmRSS') / 1024).toFixed(1), peak_mib: +(kb('VmHWM') / 1024).toFixed(1) };
  } catch {
    return { rss_mib: null, peak_mib: null };
  }
}

try {
  const product = await call('POST', '/v1/products', { name: 'Bench plan' });
  const price = await call('POST', '/v1/prices', { product: product.id, currency: 'usd', unit_amount: 1500, 'recurring[interval]': 'month' });
  const setupStart = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < SUBSCRIPTIONS) {
      const i = next++;
      const customer = await call('POST', '/v1/customers', { email: `bench${i}@example.com` });
      const pm = await call('POST', '/v1/payment_methods/pm_card_visa/attach', { customer: customer.id });
      await call('POST', '/v1/subscriptions', { customer: customer.id, 'items[0][price]': price.id, default_payment_method: pm.id });
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  const setupSeconds = (performance.now() - setupStart) / 1000;
  const before = memory();
  const t0 = performance.now();
  const clock = await call('POST', '/v1/test_helpers/sandbox/advance', { months: MONTHS });
  const seconds = (performance.now() - t0) / 1000;
  const after = memory();
  const invoices = (await call('GET', '/v1/invoices/search', { query: "status:'paid'", limit: 1, 'expand[]': 'total_count' })).total_count;
  const pastDue = (await call('GET', '/v1/subscriptions', { status: 'past_due', limit: 1 })).data.length;
  process.stdout.write(
    `${JSON.stringify({
      subscriptions: SUBSCRIPTIONS,
      months: MONTHS,
      renewals: SUBSCRIPTIONS * MONTHS,
      setup_seconds: +setupSeconds.toFixed(1),
      advance_seconds: +seconds.toFixed(2),
      renewals_per_s: Math.round((SUBSCRIPTIONS * MONTHS) / seconds),
      paid_invoices: invoices,
      past_due: pastDue,
      clock_offset_s: clock.offset,
      memory_before: before,
      memory_after: after,
    })}\n`,
  );
} finally {
  server.child.kill();
  rmSync(home, { recursive: true, force: true });
}
