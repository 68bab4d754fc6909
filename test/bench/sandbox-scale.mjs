// Sandbox-at-scale benchmark (not a test): seeds one account with ~50k objects over HTTP against
// `payctl sandbox serve --data DIR` (the built bundle, so run `npm run build` first), then times the
// requests that used to grow with the account's size. Prints one JSON object on stdout: medians and
// p90s in ms, comparable run to run. Bounded: ≤ ~50k objects, well under a minute on this machine.
//   SCALE_CUSTOMERS (20000), SCALE_PAYMENTS (6000), SCALE_PAYOUTS (2000), SCALE_RUNS (20)
// Search (goal: ≤ 20 ms p50 for field and substring queries) and isolation (goal: another account's
// GET /v1/balance p99 ≤ 10 ms while 4 clients search the big account without pause, SCALE_LOAD_S seconds).
// BENCH_BASELINE=DIR (another revision's checkout, built): its `sandbox serve` opens the same seeded data
// file beside this one's, and every search measure and the isolation run are taken on both, alternating.
// The account is the embedded one (`sk_test_sandbox_embedded`), so the last measure is the CLI's
// embedded start-up (`payctl balance` with XDG_DATA_HOME pointing at the seeded data file).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { bin, startServer } from './lib.mjs';
import { loadavg } from 'node:os';

const CUSTOMERS = Number(process.env.SCALE_CUSTOMERS ?? 20_000);
const PAYMENTS = Number(process.env.SCALE_PAYMENTS ?? 6_000);
const PAYOUTS = Number(process.env.SCALE_PAYOUTS ?? 2_000);
const RUNS = Number(process.env.SCALE_RUNS ?? 20);
const CONCURRENCY = 8;
const KEY = 'sk_test_sandbox_embedded';
const LOAD_S = Number(process.env.SCALE_LOAD_S ?? 5);
const BASELINE = process.env.BENCH_BASELINE;

const home = mkdtempSync(join(tmpdir(), 'payctl-scale-bench-'));
const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), NO_COLOR: '1' };
delete env.NODE_EXTRA_CA_CERTS;
delete env.PAYCTL_API_KEY;
delete env.STRIPE_API_KEY;
delete env.PAYCTL_BASE_URL;
const dataDir = join(home, 'data', 'payctl');
const dispatcher = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 30_000 });

const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-www-form-urlencoded' };
const form = (o) => Object.entries(o).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

let base;
let baseline;
async function call(method, path, body) {
  const res = await request(base + path, { method, headers, body: body ? form(body) : undefined, dispatcher });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${method} ${path} → ${res.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Runs make(i) for i in [0, n) with bounded concurrency; returns the results in order. */
async function pool(n, make) {
  const out = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      out[i] = await make(i);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return out;
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { median_ms: +q(0.5).toFixed(2), p90_ms: +q(0.9).toFixed(2), runs: s.length };
};

async function timeOnce(fn) {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, r };
}

/** Times fn RUNS times sequentially after 2 warm-ups; `check` sees the last response. */
async function measure(fn, check) {
  for (let i = 0; i < 2; i++) await fn(i);
  const times = [];
  let last;
  for (let i = 0; i < RUNS; i++) {
    const { ms, r } = await timeOnce(() => fn(i + 2));
    times.push(ms);
    last = r;
  }
  const out = stats(times);
  if (check) Object.assign(out, check(last));
  return out;
}

const result = {
  load_avg_1m_at_start: +loadavg()[0].toFixed(2),
  params: { customers: CUSTOMERS, payments: PAYMENTS, payouts: PAYOUTS, runs: RUNS, seed_concurrency: CONCURRENCY, storage: 'file (WAL)' },
  seed: {},
  latency: {},
};

const server = await startServer(env, dataDir);
base = server.url;
try {
  // Seed: customers, then confirmed PaymentIntents (half pending funds, half available at once, three per
  // customer for the first customers), then payouts from the available funds.
  // 22 early pending charges 10 sandbox-seconds apart: later, each 10 s advance makes exactly one of them
  // due while thousands of other pending transactions and payouts are not (the tick's per-wake-up cost).
  const EARLY = 22;
  const earlyStart = Date.now();
  for (let i = 0; i < EARLY; i++) {
    await call('POST', '/v1/payment_intents', { amount: '500', currency: 'usd', payment_method: 'pm_card_visa', 'payment_method_types[]': 'card', confirm: 'true' });
    await call('POST', '/v1/test_helpers/sandbox/advance', { seconds: '10' });
  }
  let t0 = Date.now();
  const customers = await pool(CUSTOMERS, (i) => call('POST', '/v1/customers', { name: `User ${i}`, email: `u${i}@example.com`, 'metadata[n]': String(i) }).then((c) => c.id));
  result.seed.customers_s = (Date.now() - t0) / 1000;
  t0 = Date.now();
  const withCustomers = Math.max(1, Math.floor(PAYMENTS / 3));
  const charges = await pool(PAYMENTS, (i) =>
    call('POST', '/v1/payment_intents', {
      amount: String(1000 + (i % 5000)),
      currency: 'usd',
      customer: customers[i % withCustomers],
      payment_method: i % 2 ? 'pm_card_visa' : 'pm_card_bypassPending',
      'payment_method_types[]': 'card',
      confirm: 'true',
    }).then((pi) => pi.latest_charge),
  );
  result.seed.payments_s = (Date.now() - t0) / 1000;
  t0 = Date.now();
  await pool(PAYOUTS, () => call('POST', '/v1/payouts', { amount: '100', currency: 'usd' }));
  result.seed.payouts_s = (Date.now() - t0) / 1000;

  const L = result.latency;
  const deep = customers[Math.min(150, customers.length - 1)];
  L.customers_list_first_page = await measure(() => call('GET', '/v1/customers?limit=100'), (r) => ({ items: r.data.length }));
  L.customers_list_deep_cursor = await measure(() => call('GET', `/v1/customers?limit=100&starting_after=${deep}`), (r) => ({ items: r.data.length }));
  L.customers_list_deep_ending_before = await measure(() => call('GET', `/v1/customers?limit=100&ending_before=${customers[Math.floor(customers.length / 2)]}`), (r) => ({ items: r.data.length }));
  L.customers_list_email_filter = await measure(() => call('GET', `/v1/customers?email=u${CUSTOMERS - 7}%40example.com`), (r) => ({ items: r.data.length }));
  L.charges_list_customer_filter = await measure((i) => call('GET', `/v1/charges?customer=${customers[i % withCustomers]}`), (r) => ({ items: r.data.length }));
  L.payment_intents_list_customer_filter = await measure((i) => call('GET', `/v1/payment_intents?customer=${customers[i % withCustomers]}`), (r) => ({ items: r.data.length }));
  L.customers_search_email_exact = await measure((i) => call('GET', `/v1/customers/search?query=${encodeURIComponent(`email:'u${(i * 997) % CUSTOMERS}@example.com'`)}`), (r) => ({ items: r.data.length }));
  L.customers_search_substring = await measure(() => call('GET', `/v1/customers/search?query=${encodeURIComponent("email~'999@exa'")}&limit=100`), (r) => ({ items: r.data.length }));
  L.charges_search_customer = await measure((i) => call('GET', `/v1/charges/search?query=${encodeURIComponent(`customer:'${customers[i % withCustomers]}'`)}`), (r) => ({ items: r.data.length }));
  L.balance = await measure(() => call('GET', '/v1/balance'));

  // Goal 4: the search language's field and substring queries, then isolation under search load.
  const searches = {
    customers_search_email: (i) => `/v1/customers/search?query=${encodeURIComponent(`email:'u${(i * 997) % CUSTOMERS}@example.com'`)}`,
    customers_search_metadata: (i) => `/v1/customers/search?query=${encodeURIComponent(`metadata['n']:'${(i * 389) % CUSTOMERS}'`)}`,
    customers_search_email_substring: () => `/v1/customers/search?query=${encodeURIComponent("email~'999@exa'")}`,
    customers_search_name_substring: (i) => `/v1/customers/search?query=${encodeURIComponent(`name~'user ${1000 + (i % 50)}'`)}`,
    charges_search_status: () => `/v1/charges/search?query=${encodeURIComponent("status:'succeeded'")}`,
    charges_search_amount_gt: () => `/v1/charges/search?query=${encodeURIComponent('amount>1000')}`,
    charges_search_customer_and_status: (i) => `/v1/charges/search?query=${encodeURIComponent(`customer:'${customers[i % withCustomers]}' AND status:'succeeded'`)}`,
  };
  const targets = [{ name: 'this', url: base }];
  if (BASELINE) {
    baseline = await startServer(env, dataDir, join(BASELINE, 'bin/payctl.js'));
    targets.push({ name: 'baseline', url: baseline.url });
  }
  const at = (url, fn) => async (i) => {
    const saved = base;
    base = url;
    try {
      return await fn(i);
    } finally {
      base = saved;
    }
  };
  result.search = {};
  let flip = false;
  for (const [name, path] of Object.entries(searches)) {
    const row = {};
    for (const t of flip ? [...targets].reverse() : targets) row[t.name] = await measure(at(t.url, (i) => call('GET', path(i))), (r) => ({ items: r.data.length }));
    flip = !flip;
    if (BASELINE) row.ratio_median = +(row.this.median_ms / row.baseline.median_ms).toFixed(3);
    result.search[name] = row;
  }
  // Isolation: 4 clients search the big account back to back (rotating through the queries above) while
  // one client reads another account's balance; its latencies are the figure.
  const other = { ...headers, authorization: 'Bearer sk_test_bench_other_account' };
  const paths = Object.values(searches);
  result.isolation = {};
  for (const t of targets) {
    const agent = new Agent({ connections: 8, keepAliveTimeout: 30_000 });
    const end = Date.now() + LOAD_S * 1000;
    let searchesDone = 0;
    const searcher = async (k) => {
      for (let i = k; Date.now() < end; i += 4) {
        const res = await request(t.url + paths[i % paths.length](i), { headers, dispatcher: agent });
        await res.body.text();
        searchesDone++;
      }
    };
    const lat = [];
    const reader = async () => {
      while (Date.now() < end) {
        const t0 = process.hrtime.bigint();
        const res = await request(t.url + '/v1/balance', { headers: other, dispatcher: agent });
        await res.body.text();
        lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    };
    await Promise.all([searcher(0), searcher(1), searcher(2), searcher(3), reader()]);
    await agent.close();
    const s = [...lat].sort((a, b) => a - b);
    const q = (p) => +s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2);
    result.isolation[t.name] = { seconds: LOAD_S, searches_per_s: +(searchesDone / LOAD_S).toFixed(1), balance_requests: s.length, balance_p50_ms: q(0.5), balance_p99_ms: q(0.99), goal_p99_ms: 10 };
  }
  if (baseline) {
    baseline.child.kill('SIGTERM');
    await new Promise((r) => baseline.child.once('exit', r));
    baseline = undefined;
  }
  L.balance_transactions_type_charge = await measure(() => call('GET', '/v1/balance_transactions?type=charge&limit=100'), (r) => ({ items: r.data.length }));
  L.balance_transactions_type_payout = await measure(() => call('GET', '/v1/balance_transactions?type=payout&limit=10'), (r) => ({ items: r.data.length }));
  L.balance_transactions_type_none_match = await measure(() => call('GET', '/v1/balance_transactions?type=payout_cancel&limit=10'), (r) => ({ items: r.data.length }));
  L.payouts_list_status_pending = await measure(() => call('GET', '/v1/payouts?status=pending&limit=10'), (r) => ({ items: r.data.length }));
  const target = charges.find((c, i) => c && i % 2 === 1) ?? charges[0];
  L.refund_one_charge = await measure(() => call('POST', '/v1/refunds', { charge: target, amount: '1' }));
  L.charge_refunds_list = await measure(() => call('GET', `/v1/charges/${target}/refunds`), (r) => ({ items: r.data.length }));

  // The tick: one advance that settles every pending balance transaction and moves every payout to paid.
  // Up to the first early charge's settlement (payouts go in transit on the way), then one due item per 10 s.
  const elapsed = Math.floor((Date.now() - earlyStart) / 1000);
  const edge = await timeOnce(() => call('POST', '/v1/test_helpers/sandbox/advance', { seconds: String(2 * 86_400 - EARLY * 10 - elapsed - 5) }));
  L.advance_to_edge_payouts_in_transit = { ms: +edge.ms.toFixed(1) };
  L.advance_10s_one_due_among_thousands = await measure(() => call('POST', '/v1/test_helpers/sandbox/advance', { seconds: '10' }));
  const big = await timeOnce(() => call('POST', '/v1/test_helpers/sandbox/advance', { seconds: String(3 * 86_400) }));
  const bal = await call('GET', '/v1/balance');
  const pendingLeft = await call('GET', '/v1/payouts?status=pending&limit=1');
  L.advance_3d_settle_all = { ms: +big.ms.toFixed(1), pending_after: bal.pending[0]?.amount ?? null, payouts_still_pending: pendingLeft.data.length };
  L.advance_1s_idle = await measure(() => call('POST', '/v1/test_helpers/sandbox/advance', { seconds: '1' }));
} finally {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  if (baseline) baseline.child.kill('SIGTERM');
  await dispatcher.close();
}

// Embedded start-up over the seeded data file (no key configured → the CLI opens it in-process).
{
  const file = join(dataDir, 'sandbox.db');
  result.params.data_file_mb = +(statSync(file).size / 1048576).toFixed(1);
  const times = [];
  for (let i = 0; i < 2 + Math.min(RUNS, 10); i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, 'balance', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`payctl balance failed (${r.status}): ${r.stderr}`);
    if (i >= 2) times.push(ms);
  }
  result.latency.embedded_cli_balance = stats(times);
  // The same command over an empty data directory, for reference.
  const emptyEnv = { ...env, XDG_DATA_HOME: join(home, 'empty') };
  const empty = [];
  for (let i = 0; i < 2 + Math.min(RUNS, 10); i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, 'balance', '--json'], { env: emptyEnv, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`payctl balance (empty) failed (${r.status})`);
    if (i >= 2) empty.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  result.latency.embedded_cli_balance_empty_data = stats(empty);
}

rmSync(home, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
