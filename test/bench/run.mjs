// npm run bench: measures payctl against its goals (README.md "Performance") in one run and writes
// test/bench/report.md and report.json. Not a test: numbers are reported, never asserted.
//   1. start-up: `payctl --version` vs `node -e 0`             (goal ≤ 1.3×)
//   2. `payctl balance` vs `stripe get /v1/balance` on loopback (goal ≤ 0.5×, median of paired ratios)
//   2b. `payctl balance` embedded (in-process) vs against `sandbox serve` (goal ≤ 1.05×)
//   3. `--all` over N/100, N/10 and N objects, both WebAssembly tiers: time and peak RSS (goal ≤ 70 MB at 100k)
// payctl runs as a user runs it: bin/payctl, the launcher that starts node from the V8 startup snapshot.
//   4. sandbox throughput with wrk at 2 and 16 connections (see sandbox.mjs; BENCH_BASELINE=DIR adds a baseline build)
//   5. sandbox latencies, search and isolation at ~50k objects in one account (see sandbox-scale.mjs)
//   6. 1,000 refunds from a CSV at concurrency 1/4/16 vs shell loops (see bulk.mjs) (goal < 10 s at 4)
//   7. webhook deliveries: events/s to 1 and 10 endpoints, added latency on the creating request (webhooks.mjs)
//   8. subscriptions: 1,000 monthly subscriptions advanced 12 months in one request, time and memory (subscriptions.mjs)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { bin, launcher, root, startServer } from './lib.mjs';

// The official Stripe CLI, from npm's platform package, installed on first use beside the bench
// (not a devDependency: npm ci would need every platform's package in the lock file). The same
// directory serves test/sandbox/conformance-stripe-cli.test.ts.
const peerDir = join(root, 'test/bench/.peer');
const stripeBin = join(peerDir, 'node_modules/@stripe/cli-linux-x64/bin/stripe');
if (!existsSync(stripeBin) && process.platform === 'linux' && process.arch === 'x64') {
  spawnSync('npm', ['install', '--prefix', peerDir, '--no-save', '--no-package-lock', '@stripe/cli-linux-x64@1.52.0'], { stdio: 'inherit' });
}
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 100_000);

// NODE_EXTRA_CA_CERTS adds ~55 ms to every node start on this machine: measure without it.
const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
delete env.PAYCTL_API_KEY;
delete env.STRIPE_API_KEY;
const home = mkdtempSync(join(tmpdir(), 'payctl-bench-'));
Object.assign(env, { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), NO_COLOR: '1' });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Paired runs of two commands, alternating which goes first so drift and order favour neither;
 * returns both medians and the median of the per-pair ratios a/b.
 */
function timePaired(a, b) {
  const once = (c) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(c.cmd, c.args, { env: c.env ?? env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${c.name} failed (${r.status}): ${r.stderr}`);
    return ms;
  };
  for (let i = 0; i < 3; i++) once(a), once(b);
  const as = [];
  const bs = [];
  const ratios = [];
  for (let i = 0; i < RUNS; i++) {
    let ta;
    let tb;
    if (i % 2 === 0) (ta = once(a)), (tb = once(b));
    else (tb = once(b)), (ta = once(a));
    as.push(ta);
    bs.push(tb);
    ratios.push(ta / tb);
  }
  return { a: median(as), b: median(bs), ratio: median(ratios) };
}

/** Runs each command RUNS times, interleaved so drift affects all alike; returns median ms per command. */
function timeInterleaved(cmds) {
  const times = cmds.map(() => []);
  for (let i = 0; i < 3; i++) for (const c of cmds) spawnSync(c.cmd, c.args, { env: c.env ?? env, stdio: 'ignore' });
  for (let i = 0; i < RUNS; i++) {
    cmds.forEach((c, j) => {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(c.cmd, c.args, { env: c.env ?? env, stdio: ['ignore', 'ignore', 'pipe'] });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) throw new Error(`${c.name} failed (${r.status}): ${r.stderr}`);
      times[j].push(ms);
    });
  }
  return times.map(median);
}

async function seedCustomers(url, key, n) {
  const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' };
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const res = await request(`${url}/v1/customers`, { method: 'POST', headers: auth, body: `name=Bench%20${i}&email=b${i}%40example.com` });
      await res.body.text();
      if (res.statusCode !== 200) throw new Error(`seed failed: ${res.statusCode}`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}

/** One run under /usr/bin/time: wall ms and peak RSS in KiB. */
function timedPeak(cmd, args, extraEnv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`--all run failed: ${r.stderr}`);
  return { ms, kb: Number(r.stderr.trim().split('\n').pop()) };
}

const report = { date: new Date().toISOString(), node: process.version, runs: RUNS, results: {} };
const lines = [`# payctl benchmark report`, '', `${report.date} · node ${process.version} · ${RUNS} runs per command, medians, NODE_EXTRA_CA_CERTS unset`, ''];

// 1. Start-up.
{
  const [node0, version] = timeInterleaved([
    { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
    { name: 'payctl --version', cmd: launcher, args: ['--version'] },
  ]);
  report.results.startup = { node_ms: node0, payctl_version_ms: version, ratio: version / node0, goal: 1.3 };
  lines.push('## Start-up', '', `| command | median ms |`, `| --- | ---: |`, `| node -e 0 | ${node0.toFixed(1)} |`, `| bin/payctl --version | ${version.toFixed(1)} |`, '', `ratio **${(version / node0).toFixed(2)}×** (goal ≤ 1.3×)`, '');
}

const server = await startServer(env, join(home, 'serve'));
const key = 'sk_test_bench_' + Date.now();
try {
  // 2. balance against a loopback server vs the official Stripe CLI, paired runs; the same command
  // from bin/payctl.js (no snapshot) and `node -e 0` for scale.
  {
    const remote = { ...env, PAYCTL_API_KEY: key, PAYCTL_BASE_URL: server.url };
    const payctl = { name: 'bin/payctl balance --json', cmd: launcher, args: ['balance', '--json'], env: remote };
    const plain = { name: 'node bin/payctl.js balance --json', cmd: process.execPath, args: [bin, 'balance', '--json'], env: remote };
    const node0 = { name: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] };
    lines.push('## `balance` on loopback vs the official Stripe CLI', '');
    if (existsSync(stripeBin)) {
      const stripe = { name: 'stripe get /v1/balance', cmd: stripeBin, args: ['get', '/v1/balance', '--api-base', server.url, '--api-key', key], env: { ...env, STRIPE_CLI_TELEMETRY_OPTOUT: '1' } };
      const snap = timePaired(payctl, stripe);
      const js = timePaired(plain, stripe);
      const [n0] = timeInterleaved([node0]);
      report.results.balance = { payctl_ms: snap.a, stripe_cli_ms: snap.b, ratio: snap.ratio, no_snapshot_ms: js.a, no_snapshot_ratio: js.ratio, node_ms: n0, goal: 0.5 };
      lines.push(
        '| command | median ms | median of paired ratios to the official CLI |',
        '| --- | ---: | ---: |',
        `| \`bin/payctl balance --json\` (startup snapshot) | ${snap.a.toFixed(1)} | **${snap.ratio.toFixed(2)}×** |`,
        `| \`node bin/payctl.js balance --json\` (no snapshot) | ${js.a.toFixed(1)} | ${js.ratio.toFixed(2)}× |`,
        `| \`stripe get /v1/balance --api-base URL --api-key KEY\` (official CLI 1.52) | ${snap.b.toFixed(1)} | 1 |`,
        `| \`node -e 0\` | ${n0.toFixed(1)} | |`,
        '',
        `goal ≤ 0.5×; ${RUNS} pairs each, order alternating`,
        '',
      );
    } else {
      const [a] = timeInterleaved([payctl]);
      report.results.balance = { payctl_ms: a, stripe_cli_ms: null, ratio: null, goal: 0.5 };
      lines.push(`bin/payctl balance --json: ${a.toFixed(1)} ms; official Stripe CLI not installed: no ratio`, '');
    }
  }

  // 2b. The embedded default (no key: the sandbox app in-process, no socket) vs the same command
  // against `sandbox serve` over loopback HTTP.
  {
    const embedded = { name: 'payctl balance (embedded)', cmd: launcher, args: ['balance', '--json'], env };
    const served = { name: 'payctl balance (serve)', cmd: launcher, args: ['balance', '--json'], env: { ...env, PAYCTL_API_KEY: key, PAYCTL_BASE_URL: server.url } };
    const { a, b, ratio } = timePaired(embedded, served);
    report.results.embedded_vs_serve = { embedded_ms: a, serve_ms: b, ratio, goal: 1.05 };
    lines.push(
      '## `balance`: embedded default vs `sandbox serve`',
      '',
      '| command | median ms |',
      '| --- | ---: |',
      `| bin/payctl balance --json (no key: embedded sandbox, in-process) | ${a.toFixed(1)} |`,
      `| bin/payctl balance --json (PAYCTL_BASE_URL = sandbox serve on loopback) | ${b.toFixed(1)} |`,
      '',
      `median of ${RUNS} paired ratios **${ratio.toFixed(2)}×** (goal ≤ 1.05×)`,
      '',
    );
  }

  // 3. --all at N/100, N/10 and N objects: time and peak RSS, as shipped (bin/payctl: the baseline
  // WebAssembly tier, with the launcher's heap flags) and with V8's optimising tier for llhttp
  // (test/bench/tier-entry.cjs: bin/payctl.js without --liftoff-only, same heap flags).
  {
    const sizes = [Math.max(1, Math.floor(OBJECTS / 100)), Math.max(1, Math.floor(OBJECTS / 10)), OBJECTS];
    const t0 = Date.now();
    for (const n of sizes) await seedCustomers(server.url, `${key}_all_${n}`, n);
    const seedS = (Date.now() - t0) / 1000;
    const args = ['customers', 'list', '--all', '-o', 'jsonl'];
    const variants = [
      { name: 'liftoff (shipped: bin/payctl)', cmd: launcher, args },
      { name: 'optimising tier', cmd: process.execPath, args: ['--max-semi-space-size=1', '--v8-pool-size=1', join(root, 'test/bench/tier-entry.cjs'), ...args] },
    ];
    const rows = [];
    report.results.list_all = { seed_seconds: seedS, runs: [] };
    for (const n of sizes) {
      const reps = n >= 50_000 ? 3 : 5;
      const got = variants.map(() => ({ ms: [], kb: [] }));
      for (let i = 0; i < reps; i++) {
        variants.forEach((v, j) => {
          const r = timedPeak(v.cmd, v.args, { PAYCTL_API_KEY: `${key}_all_${n}`, PAYCTL_BASE_URL: server.url });
          got[j].ms.push(r.ms);
          got[j].kb.push(r.kb);
        });
      }
      variants.forEach((v, j) => {
        const ms = median(got[j].ms);
        const kb = Math.max(...got[j].kb);
        report.results.list_all.runs.push({ objects: n, variant: v.name, median_ms: ms, max_peak_rss_kb: kb, reps });
        rows.push(`| ${n} | ${v.name} | ${ms.toFixed(0)} | ${(kb / 1024).toFixed(1)} |`);
      });
    }
    lines.push(
      '## `customers list --all -o jsonl` (loopback `sandbox serve`)',
      '',
      '| objects | WebAssembly tier | median ms | max peak RSS (MiB) |',
      '| ---: | --- | ---: | ---: |',
      ...rows,
      '',
      `goal: peak RSS ≤ 70 MB at 100k; medians of 5 runs (3 at ≥ 50k), variants interleaved; seeded over HTTP in ${seedS.toFixed(1)} s`,
      '',
    );
  }
} finally {
  server.child.kill('SIGTERM');
}

// BENCH_CLI_ONLY=1: the CLI's own sections (1-3) only.
if (process.env.BENCH_CLI_ONLY === '1') {
  writeReport();
  process.exit(0);
}

// 4. Sandbox throughput (wrk), when the sandbox bench exists and wrk is installed.
const sandboxBench = join(root, 'test/bench/sandbox.mjs');
if (existsSync(sandboxBench)) {
  const r = spawnSync(process.execPath, [sandboxBench], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status === 0) {
    try {
      const data = JSON.parse(r.stdout);
      report.results.sandbox = data;
      const rows = Object.values(data.results).map((r) => {
        const b = r.baseline;
        const cells = [r.endpoint, r.connections, r.this.requests_per_sec, r.this.p50_ms, r.this.p99_ms, r.goal_rps ?? ''];
        if (data.baseline) cells.push(b.requests_per_sec, b.p99_ms, `${r.ratio_rps}×`);
        return `| ${cells.join(' | ')} |`;
      });
      const head = ['endpoint', 'connections', 'req/s', 'p50 ms', 'p99 ms', 'goal req/s'];
      if (data.baseline) head.push('baseline req/s', 'baseline p99 ms', 'ratio req/s');
      lines.push(
        '## Sandbox throughput (wrk, closed loop)', '',
        `\`${data.generator}\`, ${data.storage}, ${data.machine.cpus} CPUs, 1-min load average during the runs: ${data.machine.load_avg_1m_during.join(', ')}` +
          (data.baseline ? `; baseline: ${data.baseline}, runs alternating` : ''), '',
        `| ${head.join(' | ')} |`, `| ${head.map((h, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows, '',
      );
    } catch {
      lines.push('## Sandbox throughput (wrk)', '', r.stdout, '');
    }
  } else {
    lines.push('## Sandbox throughput (wrk)', '', `not measured: ${sandboxBench} exited ${r.status}`, '');
  }
}

// 5. Sandbox latencies at scale: lists, filters, search, balance, refunds, the tick, embedded start-up.
const scaleBench = join(root, 'test/bench/sandbox-scale.mjs');
if (existsSync(scaleBench)) {
  const r = spawnSync(process.execPath, [scaleBench], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const title = '## Sandbox at scale (~50k objects, one account)';
  if (r.status === 0) {
    try {
      const data = JSON.parse(r.stdout);
      report.results.sandbox_scale = data;
      const rows = Object.entries(data.latency).map(([k, v]) => `| ${k} | ${v.median_ms ?? v.ms} | ${v.p90_ms ?? ''} |`);
      lines.push(title, '', `params: \`${JSON.stringify(data.params)}\``, '', '| request | median ms | p90 ms |', '| --- | ---: | ---: |', ...rows, '');
      if (data.search) {
        const base = Object.values(data.search).some((r) => r.baseline);
        lines.push('### Search (goal ≤ 20 ms p50)', '', base ? '| query | median ms | p90 ms | baseline median ms | ratio |' : '| query | median ms | p90 ms |', base ? '| --- | ---: | ---: | ---: | ---: |' : '| --- | ---: | ---: |');
        for (const [k, r] of Object.entries(data.search)) lines.push(`| ${k} | ${r.this.median_ms} | ${r.this.p90_ms} |${base ? ` ${r.baseline.median_ms} | ${r.ratio_median}× |` : ''}`);
        lines.push('', '### Isolation: another account\'s `GET /v1/balance` while 4 clients search (goal p99 ≤ 10 ms)', '', '| server | searches/s | balance p50 ms | balance p99 ms |', '| --- | ---: | ---: | ---: |');
        for (const [k, r] of Object.entries(data.isolation)) lines.push(`| ${k} | ${r.searches_per_s} | ${r.balance_p50_ms} | ${r.balance_p99_ms} |`);
        lines.push('');
      }
    } catch {
      lines.push(title, '', r.stdout, '');
    }
  } else {
    lines.push(title, '', `not measured: ${scaleBench} exited ${r.status}`, '');
  }
}

// 6. Bulk refunds from a file vs shell loops of payctl and of the official Stripe CLI.
{
  const { section } = await import('./bulk-section.mjs');
  const r = spawnSync(process.execPath, [join(root, 'test/bench/bulk.mjs')], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status === 0) {
    const data = JSON.parse(r.stdout);
    report.results.bulk = data;
    lines.push(...section(data));
  } else {
    lines.push('## Bulk refunds from a file', '', `not measured: bulk.mjs exited ${r.status}`, '');
  }
}

// 7. Webhook deliveries.
const webhookBench = join(root, 'test/bench/webhooks.mjs');
if (existsSync(webhookBench)) {
  const r = spawnSync(process.execPath, [webhookBench], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const title = '## Webhook deliveries (`sandbox serve`, data file, local receiver)';
  if (r.status === 0) {
    try {
      const data = JSON.parse(r.stdout);
      report.results.webhooks = data;
      const t = data.throughput.map((x) => `| ${x.endpoints} | ${x.events} | ${x.deliveries} | ${x.seconds} | ${x.events_per_s} | ${x.deliveries_per_s} |`);
      const l = data.create_latency;
      lines.push(
        title, '',
        '| endpoints | events | deliveries | s (first create → last delivery) | events/s | deliveries/s |', '| ---: | ---: | ---: | ---: | ---: | ---: |', ...t, '',
        `POST /v1/customers, ${l.samples} sequential samples each, interleaved: no endpoints median ${l.no_endpoints.median_ms} ms (p90 ${l.no_endpoints.p90_ms}, p99 ${l.no_endpoints.p99_ms}); ` +
          `10 endpoints median ${l.ten_endpoints.median_ms} ms (p90 ${l.ten_endpoints.p90_ms}, p99 ${l.ten_endpoints.p99_ms}). Bad signatures: ${data.bad_signatures}.`, '',
      );
    } catch {
      lines.push(title, '', r.stdout, '');
    }
  } else {
    lines.push(title, '', `not measured: ${webhookBench} exited ${r.status}`, '');
  }
}

// 8. Subscription billing by the clock.
const subscriptionBench = join(root, 'test/bench/subscriptions.mjs');
if (existsSync(subscriptionBench)) {
  const r = spawnSync(process.execPath, [subscriptionBench], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const title = '## Subscriptions advanced by the clock (`sandbox serve`, data file)';
  if (r.status === 0) {
    try {
      const d = JSON.parse(r.stdout);
      report.results.subscriptions = d;
      lines.push(
        title, '',
        '| subscriptions | months | renewals | advance s | renewals/s | paid invoices | RSS before → after MiB | peak MiB |', '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
        `| ${d.subscriptions} | ${d.months} | ${d.renewals} | ${d.advance_seconds} | ${d.renewals_per_s} | ${d.paid_invoices} | ${d.memory_before.rss_mib} → ${d.memory_after.rss_mib} | ${d.memory_after.peak_mib} |`, '',
        `One \`POST /v1/test_helpers/sandbox/advance\` with months=${d.months}: every renewal creates, finalizes and pays its invoice (PaymentIntent, charge, balance transaction, events) at its own date. Setup (customers, payment methods, subscriptions) took ${d.setup_seconds} s and is not counted.`, '',
      );
    } catch {
      lines.push(title, '', r.stdout, '');
    }
  } else {
    lines.push(title, '', `not measured: ${subscriptionBench} exited ${r.status}`, '');
  }
}

writeReport();

function writeReport() {
  rmSync(home, { recursive: true, force: true });
  writeFileSync(join(root, 'test/bench/report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(root, 'test/bench/report.md'), `${lines.join('\n')}\n`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
