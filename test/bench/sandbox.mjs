// Sandbox throughput benchmark (not a test): starts `payctl sandbox serve --port 0 --data TMP` from the
// built bundle and loads it with wrk (`apt-get install -y wrk`), a closed-loop generator (each connection
// sends its next request when the last answer arrives), at 2 and 16 connections:
//   POST /v1/customers                     (each request with its own Idempotency-Key, as real clients send)
//   POST /v1/payment_intents confirm=true  (pm_card_visa: charge, balance transaction, events)
//   GET  /v1/customers?limit=100
//   GET  /v1/balance
// Goals: ≥ 5,000, ≥ 1,500, ≥ 2,500 req/s, p99 ≤ 20 ms. Prints one JSON object on stdout.
// BENCH_BASELINE=DIR (a checkout of another revision, built) runs its bundle too, on its own data
// directory, each run alternating with this one's, and reports the ratios this/baseline.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, startServer } from './lib.mjs';

const DURATION = process.env.BENCH_DURATION ?? '5s';
const CONNECTIONS = [2, 16];
const KEY = 'sk_test_bench_sandbox';
const BASELINE = process.env.BENCH_BASELINE;

if (spawnSync('wrk', ['--version']).error) {
  process.stderr.write('wrk is not installed: apt-get install -y wrk\n');
  process.exit(2);
}

const home = mkdtempSync(join(tmpdir(), 'payctl-sandbox-bench-'));
const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config') };
delete env.NODE_EXTRA_CA_CERTS;

/** Runs wrk and returns requests/s, latency percentiles and error counts. */
function wrk(url, script, name, connections) {
  const scriptPath = join(home, `${name}.lua`);
  writeFileSync(scriptPath, script);
  const r = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${DURATION}`, '--latency', '-s', scriptPath, url], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const num = (re) => {
    const m = re.exec(r.stdout);
    return m ? Number(m[1]) : null;
  };
  const latency = (p) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(r.stdout);
    if (!m) return null;
    return +(Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]]).toFixed(2);
  };
  return {
    requests_per_sec: num(/Requests\/sec:\s+([\d.]+)/),
    p50_ms: latency(50),
    p99_ms: latency(99),
    non_2xx: num(/Non-2xx or 3xx responses: (\d+)/) ?? 0,
    socket_errors: /Socket errors: (.*)/.exec(r.stdout)?.[1] ?? null,
  };
}

const headers = `wrk.headers["Authorization"] = "Bearer ${KEY}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
`;
/** A POST script: every request its own Idempotency-Key (wrk's math.random repeats run to run: a tag per run). */
let runs = 0;
const post = (path, body) => () => `${headers}
wrk.method = "POST"
wrk.body = "${body}"
local n = 0
local tag = "${Date.now()}-${runs++}"
request = function()
  n = n + 1
  wrk.headers["Idempotency-Key"] = "bench-" .. tag .. "-" .. n
  return wrk.format(nil, "${path}")
end
`;
const CASES = [
  { name: 'customers_create', endpoint: 'POST /v1/customers', goal: 5000, script: post('/v1/customers', 'name=Bench%20Customer&email=bench%40example.com&metadata[run]=wrk') },
  {
    name: 'payment_intents_create_confirm',
    endpoint: 'POST /v1/payment_intents (confirm=true, pm_card_visa)',
    goal: 1500,
    script: post('/v1/payment_intents', 'amount=2000&currency=usd&payment_method=pm_card_visa&payment_method_types[]=card&confirm=true'),
  },
  { name: 'customers_list_100', endpoint: 'GET /v1/customers?limit=100', goal: 2500, script: () => `${headers}\nwrk.path = "/v1/customers?limit=100"\n` },
  { name: 'balance', endpoint: 'GET /v1/balance', goal: null, script: () => `${headers}\nwrk.path = "/v1/balance"\n` },
];

const servers = [{ name: 'this', bin, server: await startServer(env, join(home, 'sb')) }];
if (BASELINE) servers.push({ name: 'baseline', bin: join(BASELINE, 'bin/payctl.js'), server: await startServer(env, join(home, 'sb-baseline'), join(BASELINE, 'bin/payctl.js')) });
try {
  const load = [loadavg()[0]];
  const results = {};
  let flip = false;
  for (const c of CASES) {
    for (const conns of CONNECTIONS) {
      const row = { endpoint: c.endpoint, connections: conns, goal_rps: c.goal };
      // Alternate which server goes first, so drift in the machine's load favours neither.
      const order = flip ? [...servers].reverse() : servers;
      flip = !flip;
      for (const s of order) row[s.name] = wrk(s.server.url, c.script(), `${c.name}-${s.name}`, conns);
      if (BASELINE) row.ratio_rps = +(row.this.requests_per_sec / row.baseline.requests_per_sec).toFixed(2);
      results[`${c.name}_c${conns}`] = row;
      load.push(loadavg()[0]);
    }
  }
  const result = {
    machine: { cpus: cpus().length, node: process.version, load_avg_1m_during: load.map((x) => +x.toFixed(2)) },
    storage: 'file (WAL, synchronous=NORMAL)',
    generator: `wrk -t1 -c{2,16} -d${DURATION} --latency (closed loop)`,
    baseline: BASELINE ?? null,
    results,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  for (const s of servers) {
    s.server.child.kill('SIGTERM');
    await new Promise((r) => s.server.child.once('exit', r));
  }
  rmSync(home, { recursive: true, force: true });
}
