// Webhook delivery benchmark against `payctl sandbox serve` (the built bundle, a data file):
//   - events/s delivered to 1 and to 10 endpoints (a local receiver counts signed deliveries)
//   - the latency of the API request that creates an event, with 0 vs 10 endpoints (goal: no difference)
// Prints JSON on stdout. Bounded: fixed counts, and each phase gives up after 120 s.
import { createServer } from 'node:http';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { startServer } from './lib.mjs';

const EVENTS_1 = Number(process.env.BENCH_WEBHOOK_EVENTS ?? 2000);
const EVENTS_10 = Math.floor(EVENTS_1 / 2);
const LATENCY_SAMPLES = Number(process.env.BENCH_WEBHOOK_SAMPLES ?? 400);
const PHASE_LIMIT_MS = 120_000;

const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
const home = mkdtempSync(join(tmpdir(), 'payctl-bench-wh-'));
Object.assign(env, { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') });

// The receiver: counts deliveries per endpoint path and checks every signature.
const secrets = new Map();
let received = 0;
let badSignatures = 0;
const receiver = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const secret = secrets.get(req.url);
    const header = String(req.headers['stripe-signature'] ?? '');
    const t = /t=(\d+)/.exec(header)?.[1];
    const v1 = /v1=([0-9a-f]+)/.exec(header)?.[1];
    const expected = secret && t ? createHmac('sha256', secret).update(`${t}.${body}`).digest('hex') : '';
    if (v1 !== expected) badSignatures++;
    received++;
    res.writeHead(200).end();
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const rxUrl = `http://127.0.0.1:${receiver.address().port}`;

const server = await startServer(env, join(home, 'serve'));
const form = (o) => Object.entries(o).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
async function post(key, path, params) {
  const res = await request(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' }, body: form(params) });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${text}`);
  return JSON.parse(text);
}
async function endpoints(key, n) {
  for (let i = 0; i < n; i++) {
    const path = `/${key}/${i}`;
    const ep = await post(key, '/v1/webhook_endpoints', { url: `${rxUrl}${path}`, 'enabled_events[0]': 'customer.created' });
    secrets.set(path, ep.secret);
  }
}
async function until(n) {
  const end = Date.now() + PHASE_LIMIT_MS;
  while (received < n) {
    if (Date.now() > end) throw new Error(`only ${received} of ${n} deliveries within ${PHASE_LIMIT_MS} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Creates `events` customers (8 at a time) and waits for every delivery: events/s end to end. */
async function throughput(nEndpoints, events) {
  const key = `sk_test_benchwh${nEndpoints}_${Date.now()}`;
  await endpoints(key, nEndpoints);
  const start = received;
  const t0 = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < events) {
      next++;
      await post(key, '/v1/customers', { name: 'bench' });
    }
  }));
  const apiMs = performance.now() - t0;
  await until(start + events * nEndpoints);
  const totalMs = performance.now() - t0;
  return { endpoints: nEndpoints, events, deliveries: events * nEndpoints, api_seconds: +(apiMs / 1000).toFixed(2), seconds: +(totalMs / 1000).toFixed(2), events_per_s: Math.round(events / (totalMs / 1000)), deliveries_per_s: Math.round((events * nEndpoints) / (totalMs / 1000)) };
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.floor(p * s.length))].toFixed(2);
};

/** Sequential customer creations, alternating between an account without endpoints and one with 10. */
async function latency() {
  const plain = `sk_test_benchlat0_${Date.now()}`;
  const hooked = `sk_test_benchlat10_${Date.now()}`;
  await endpoints(hooked, 10);
  const a = [];
  const b = [];
  for (let i = 0; i < 20; i++) {
    await post(plain, '/v1/customers', {});
    await post(hooked, '/v1/customers', {});
  }
  for (let i = 0; i < LATENCY_SAMPLES; i++) {
    for (const [key, out] of i % 2 ? [[plain, a], [hooked, b]] : [[hooked, b], [plain, a]]) {
      const t0 = performance.now();
      await post(key, '/v1/customers', {});
      out.push(performance.now() - t0);
    }
  }
  return {
    samples: LATENCY_SAMPLES,
    no_endpoints: { median_ms: pct(a, 0.5), p90_ms: pct(a, 0.9), p99_ms: pct(a, 0.99) },
    ten_endpoints: { median_ms: pct(b, 0.5), p90_ms: pct(b, 0.9), p99_ms: pct(b, 0.99) },
  };
}

try {
  const one = await throughput(1, EVENTS_1);
  const ten = await throughput(10, EVENTS_10);
  const lat = await latency();
  process.stdout.write(`${JSON.stringify({ throughput: [one, ten], create_latency: lat, bad_signatures: badSignatures }, null, 2)}\n`);
} finally {
  server.child.kill('SIGTERM');
  receiver.close();
  receiver.closeAllConnections();
  rmSync(home, { recursive: true, force: true });
}
