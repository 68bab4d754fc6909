// Bulk refunds benchmark (part of npm run bench; runs alone too): 1,000 refunds from one CSV file
// against `payctl sandbox serve` at --concurrency 1, 4 and 16 (rows/s, peak RSS), against the same
// refunds sent by a shell loop of payctl and a shell loop of the official Stripe CLI. The loops pay a
// process start per row, so they are timed on BENCH_LOOP_ROWS rows (default 100) and scaled to 1,000,
// as the report says. Prints JSON on stdout; with --write-report also replaces its section of report.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { bin, root, startServer } from './lib.mjs';
import { section } from './bulk-section.mjs';

const ROWS = Number(process.env.BENCH_BULK_ROWS ?? 1000);
const LOOP_ROWS = Number(process.env.BENCH_LOOP_ROWS ?? 100);
const CONCURRENCY = [1, 4, 16];
const stripeBin = join(root, 'test/bench/.peer/node_modules/@stripe/cli-linux-x64/bin/stripe');

const env = { ...process.env };
delete env.NODE_EXTRA_CA_CERTS;
delete env.PAYCTL_API_KEY;
delete env.STRIPE_API_KEY;
const home = mkdtempSync(join(tmpdir(), 'payctl-bench-bulk-'));
Object.assign(env, { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_STATE_HOME: join(home, 'state'), NO_COLOR: '1' });

/** undici request, retried when a kept-alive socket was closed under it (seed POSTs carry idempotency keys). */
async function send(url, opts) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request(url, opts);
    } catch (err) {
      if (attempt >= 3 || err?.code !== 'UND_ERR_SOCKET') throw err;
    }
  }
}

/** `n` paid 20.00 USD charges in a fresh account, created over HTTP 8 at a time. */
async function seedCharges(url, key, n) {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded' };
  const ids = new Array(n);
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const res = await send(`${url}/v1/payment_intents`, {
        method: 'POST',
        headers: { ...headers, 'idempotency-key': `seed-${key}-${i}` },
        body: 'amount=2000&currency=usd&payment_method=pm_card_visa&payment_method_types[]=card&confirm=true',
      });
      const body = await res.body.json();
      if (res.statusCode !== 200) throw new Error(`seed failed: ${res.statusCode} ${JSON.stringify(body)}`);
      ids[i] = body.latest_charge;
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return ids;
}

async function refundCount(url, key) {
  let count = 0;
  let after;
  for (;;) {
    const res = await send(`${url}/v1/refunds?limit=100${after ? `&starting_after=${after}` : ''}`, { headers: { authorization: `Bearer ${key}` } });
    const page = await res.body.json();
    count += page.data.length;
    if (!page.has_more) return count;
    after = page.data[page.data.length - 1].id;
  }
}

/** Wall seconds and peak RSS (KiB, via /usr/bin/time) of one command. */
function measure(cmd, args, extraEnv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { secs, rssKb: Number(r.stderr.trim().split('\n').pop()) };
}

function loopScript(lines) {
  const file = join(home, `loop-${Date.now()}.sh`);
  writeFileSync(file, `set -e\n${lines.join('\n')}\n`);
  return file;
}

const server = await startServer(env, join(home, 'serve'));
const result = { rows: ROWS, loop_rows: LOOP_ROWS, node: process.version, bulk: [], loops: [] };
try {
  for (const c of CONCURRENCY) {
    const key = `sk_test_bulk${c}_${Date.now()}`;
    const charges = await seedCharges(server.url, key, ROWS);
    const csv = join(home, `refunds-${c}.csv`);
    writeFileSync(csv, `charge,amount,reason\n${charges.map((ch, i) => `${ch},${i % 2 ? '5.00' : ''},requested_by_customer`).join('\n')}\n`);
    const m = measure(process.execPath, [bin, 'refunds', 'create', '--from-csv', csv, '--results', join(home, `out-${c}.csv`), '--concurrency', String(c), '--yes', '--json'], {
      PAYCTL_API_KEY: key,
      PAYCTL_BASE_URL: server.url,
    });
    const made = await refundCount(server.url, key);
    if (made !== ROWS) throw new Error(`concurrency ${c}: ${made} refunds, expected ${ROWS}`);
    result.bulk.push({ concurrency: c, seconds: m.secs, rows_per_s: ROWS / m.secs, peak_rss_mib: m.rssKb / 1024 });
  }

  const loops = [['payctl loop', (key, ch) => `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} refunds create --charge ${ch} --yes --json >/dev/null`, (key) => ({ PAYCTL_API_KEY: key, PAYCTL_BASE_URL: server.url })]];
  if (existsSync(stripeBin)) {
    loops.push(['stripe CLI loop (official 1.52)', (key, ch) => `${JSON.stringify(stripeBin)} post /v1/refunds -d charge=${ch} --api-base ${server.url} --api-key ${key} >/dev/null`, () => ({ STRIPE_CLI_TELEMETRY_OPTOUT: '1' })]);
  }
  for (const [name, line, extra] of loops) {
    const key = `sk_test_loop${result.loops.length}_${Date.now()}`;
    const charges = await seedCharges(server.url, key, LOOP_ROWS);
    const script = loopScript(charges.map((ch) => line(key, ch)));
    const m = measure('bash', [script], extra(key));
    const made = await refundCount(server.url, key);
    if (made !== LOOP_ROWS) throw new Error(`${name}: ${made} refunds, expected ${LOOP_ROWS}`);
    result.loops.push({ name, rows: LOOP_ROWS, seconds: m.secs, rows_per_s: LOOP_ROWS / m.secs, seconds_for_rows_extrapolated: (m.secs * ROWS) / LOOP_ROWS });
  }
} finally {
  server.child.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
}

process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
if (process.argv.includes('--write-report')) {
  const file = join(root, 'test/bench/report.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# payctl benchmark report\n\n';
  const start = text.indexOf('## Bulk refunds from a file');
  const rest = start < 0 ? '' : text.slice(start + 1).search(/^## /m);
  const before = start < 0 ? text : text.slice(0, start);
  const after = start < 0 || rest < 0 ? '' : text.slice(start + 1 + rest);
  writeFileSync(file, `${before.trimEnd()}\n\n${section(result).join('\n')}\n${after ? `\n${after}` : ''}`);
}
