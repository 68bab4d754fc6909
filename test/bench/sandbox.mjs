// Sandbox throughput benchmark (not a test): starts `payctl sandbox serve --port 0 --data TMP` from the
// built bundle and loads it with wrk (`apt-get install -y wrk`): POST /v1/customers (each request with its
// own Idempotency-Key, as real clients send) and GET /v1/balance (or GET /v1/customers/:id when the
// balance route is absent). Prints one JSON object on stdout. Goals: ≥ 5,800 writes/s, ≥ 12,000 reads/s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lib.mjs';

const DURATION = process.env.BENCH_DURATION ?? '10s';
const KEY = 'sk_test_bench_sandbox';

if (spawnSync('wrk', ['--version']).error) {
  process.stderr.write('wrk is not installed: apt-get install -y wrk\n');
  process.exit(2);
}

const home = mkdtempSync(join(tmpdir(), 'payctl-sandbox-bench-'));
const env = { ...process.env, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config') };
delete env.NODE_EXTRA_CA_CERTS;

/** Runs wrk and returns requests/s, latency percentiles and error counts. */
function wrk(url, script, name) {
  const scriptPath = join(home, `${name}.lua`);
  writeFileSync(scriptPath, script);
  const r = spawnSync('wrk', ['-t1', '-c2', `-d${DURATION}`, '--latency', '-s', scriptPath, url], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
  const num = (re) => {
    const m = re.exec(r.stdout);
    return m ? Number(m[1]) : null;
  };
  const latency = (p) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(r.stdout);
    if (!m) return null;
    return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
  };
  const non2xx = num(/Non-2xx or 3xx responses: (\d+)/) ?? 0;
  const socketErrors = /Socket errors: (.*)/.exec(r.stdout)?.[1] ?? null;
  return {
    requests_per_sec: num(/Requests\/sec:\s+([\d.]+)/),
    requests: num(/(\d+) requests in/),
    latency_ms: { p50: latency(50), p90: latency(90), p99: latency(99) },
    non_2xx: non2xx,
    socket_errors: socketErrors,
  };
}

const headers = `wrk.headers["Authorization"] = "Bearer ${KEY}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
`;
const postScript = `${headers}
wrk.method = "POST"
wrk.body = "name=Bench%20Customer&email=bench%40example.com&metadata[run]=wrk"
local n = 0
local tag = tostring(math.random(1, 1e9))
request = function()
  n = n + 1
  wrk.headers["Idempotency-Key"] = "bench-" .. tag .. "-" .. n
  return wrk.format(nil, "/v1/customers")
end
`;

const server = await startServer(env, join(home, 'sb'));
try {
  const readPath = '/v1/balance';
  const writes = wrk(server.url, postScript, 'post');
  const reads = wrk(server.url, `${headers}\nwrk.path = "${readPath}"\n`, 'get');
  const result = {
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
    storage: 'file (WAL, synchronous=NORMAL)',
    wrk: `-t1 -c2 -d${DURATION}`,
    writes: { endpoint: 'POST /v1/customers (unique Idempotency-Key each)', ...writes, goal: 5800 },
    reads: {
      endpoint: `GET ${readPath}`,
      ...reads,
      goal: 12000,
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  server.child.kill('SIGTERM');
  await new Promise((r) => server.child.once('exit', r));
  rmSync(home, { recursive: true, force: true });
}
