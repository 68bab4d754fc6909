// `payctl history`: every mutation (commands, raw post/delete, bulk rows) leaves one journal line; an
// unknown outcome is marked, `history retry` settles it with the same idempotency key; the key never
// appears in the journal. Two servers share one sandbox store: one commits and then drops every answer.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliFor, tempHome } from '../helpers/cli.js';
import { newTestKey, useTestSandbox } from '../helpers/sandbox.js';
import { startSandboxServer } from '../../src/sandbox/server.js';
import { appendLine, readHistory, unresolved, historyDir, type HistoryEntry } from '../../src/history/journal.js';

const sandbox = useTestSandbox();
let dropping: { url: string; close(): Promise<void> };
beforeAll(async () => {
  dropping = await startSandboxServer({ store: sandbox.store, faults: { dropRate: 1 } });
});
afterAll(async () => {
  await dropping.close();
});

function setup() {
  const home = tempHome();
  const key = newTestKey();
  const cli = cliFor(sandbox, key, home);
  const viaDropping = cliFor(dropping, key, home);
  const journal = join(home.dir, '.local', 'state', 'payctl');
  const history = async (...args: string[]): Promise<any[]> => {
    const r = await cli(['history', ...args, '--json']);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };
  return { home, key, cli, viaDropping, journal, history };
}

describe('payctl history', () => {
  it('records each mutation (commands, post, delete, bulk rows) newest first, file 0600 in a 0700 dir, without the key', async () => {
    const { home, key, cli, journal, history } = setup();
    const cus = JSON.parse((await cli(['customers', 'create', '--email', 'h@example.com', '--json'])).stdout).id;
    const pi = JSON.parse((await cli(['post', '/v1/payment_intents', '-d', 'amount=1234', '-d', 'currency=eur', '--idempotency-key', 'my-key-1'])).stdout);
    expect((await cli(['delete', `/v1/customers/${cus}`, '--yes'])).code).toBe(0);
    expect((await cli(['get', '/v1/balance'])).code).toBe(0); // a GET is not a mutation
    const csv = join(home.dir, 'c.csv');
    writeFileSync(csv, `payment_intent\n${pi.id}\n`);
    expect((await cli(['payment-intents', 'cancel', '--from-csv', csv, '--yes'])).code).toBe(0);

    const entries = await history();
    expect(entries.map((e) => [e.method, e.path, e.status, e.outcome, e.mode, e.profile])).toEqual([
      ['POST', `/v1/payment_intents/${pi.id}/cancel`, 200, 'ok', 'sandbox', 'default'],
      ['DELETE', `/v1/customers/${cus}`, 200, 'ok', 'sandbox', 'default'],
      ['POST', '/v1/payment_intents', 200, 'ok', 'sandbox', 'default'],
      ['POST', '/v1/customers', 200, 'ok', 'sandbox', 'default'],
    ]);
    expect(entries[2]).toMatchObject({ idempotency_key: 'my-key-1', object_id: pi.id, amount: 1234, currency: 'eur' });
    expect(entries[2].request_id).toMatch(/^req_/);
    expect(entries[0].idempotency_key).toMatch(/^payctl-bulk-[0-9a-f]{16}-1$/);
    for (const e of entries) expect(e.id).toMatch(/^h_[0-9a-f]{12}$/);

    const raw = readFileSync(join(journal, 'history.jsonl'), 'utf8');
    expect(raw).not.toContain(key);
    expect(raw).not.toMatch(/sk_test_|Bearer|h@example\.com/);
    expect(statSync(join(journal, 'history.jsonl')).mode & 0o777).toBe(0o600);
    expect(statSync(journal).mode & 0o777).toBe(0o700);

    // --since keeps recent entries only; a table on a terminal.
    expect(await history('--since', '2999-01-01')).toEqual([]);
    const table = await cli(['history'], { tty: true });
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+TIME\s+METHOD\s+PATH\s+HTTP\s+OBJECT\s+AMOUNT\s+OUTCOME\s+MODE$/);
    // At 80 columns a row still says what was sent: MODE and OBJECT give way, PATH stays.
    const narrow = await cli(['history'], { tty: true, columns: 80 });
    expect(narrow.stdout.split('\n')[0]).toMatch(/^ID\s+TIME\s+METHOD\s+PATH\s+HTTP\s+AMOUNT\s+OUTCOME$/);
    expect(narrow.stdout).toMatch(/DELETE\s+\/v1\/customers\/cus_/);
    for (const line of narrow.stdout.trimEnd().split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(table.stdout).toContain('12.34 EUR');
    // A refused refund's amount comes from its params, without a currency.
    expect((await cli(['post', '/v1/refunds', '-d', 'charge=ch_missing', '-d', 'amount=700'])).code).toBe(3);
    expect((await cli(['history', '--limit', '1'], { tty: true })).stdout).toMatch(/POST\s+\/v1\/refunds\s+400\s+700 \(minor units\)\s+failed/);
  });

  it('marks an unknown outcome, keeps its request only while unknown, and retry settles it with the same key', async () => {
    const { key, cli, viaDropping, journal, history } = setup();
    const r = await viaDropping(['customers', 'create', '--email', 'lost@example.com', '--json', '--max-retries', '0']);
    expect(r.code).toBe(7);
    const [entry] = await history('--unknown');
    expect(entry).toMatchObject({ method: 'POST', path: '/v1/customers', outcome: 'unknown', status: null, object_id: null, resolved: false });
    expect(r.stderr).toContain(entry.idempotency_key);
    const pending = readdirSync(join(journal, 'pending'));
    expect(pending).toHaveLength(1);
    const kept = readFileSync(join(journal, 'pending', pending[0]!), 'utf8');
    expect(kept).toContain('lost@example.com');
    expect(kept).not.toContain(key);

    const retried = await cli(['history', 'retry', entry.id, '--json']);
    expect(retried.code).toBe(0);
    const customer = JSON.parse(retried.stdout);
    expect(customer.email).toBe('lost@example.com');
    // The first attempt had gone through: the retry replays it rather than creating a second customer.
    const list = JSON.parse((await cli(['customers', 'list', '--json'])).stdout);
    expect(list.map((c: any) => c.id)).toEqual([customer.id]);

    expect(await history('--unknown')).toEqual([]);
    const all = await history();
    expect(all.map((e) => [e.outcome, e.idempotency_key, e.replayed ?? false])).toEqual([
      ['ok', entry.idempotency_key, true],
      ['unknown', entry.idempotency_key, false],
    ]);
    expect(all[1].resolved).toBe(true);
    expect(readdirSync(join(journal, 'pending'))).toEqual([]);
    expect(readFileSync(join(journal, 'history.jsonl'), 'utf8')).not.toContain('lost@example.com');

    const again = await cli(['history', 'retry', entry.id]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`error: ${entry.id} was already settled by a later answer with the same idempotency key: see payctl history\n`);
  });

  it.each([
    [['history', 'retry', 'h_000000000000'], 'error: no history entry h_000000000000 (see payctl history)\n'],
    [['history', '--since', 'yesterday'], /^error: invalid time "yesterday"/],
  ])('%j is a usage error', async (args, message) => {
    const { cli } = setup();
    const r = await cli(args);
    expect(r.code).toBe(2);
    if (typeof message === 'string') expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
  });

  it('PAYCTL_HISTORY=off keeps no journal', async () => {
    const { cli, journal } = setup();
    expect((await cli(['customers', 'create', '--email', 'x@example.com'], { env: { PAYCTL_HISTORY: 'off' } })).code).toBe(0);
    expect(() => readdirSync(journal)).toThrow();
  });
});

describe('journal file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'payctl-journal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const entry = (id: string, outcome: HistoryEntry['outcome'], key: string | null): HistoryEntry => ({
    id, time: '2026-01-01T00:00:00.000Z', profile: 'default', mode: 'test', method: 'POST', path: '/v1/refunds', idempotency_key: key,
    request_id: null, status: null, object_id: null, amount: null, currency: null, outcome,
  });

  it('rotates past the size cap to history.jsonl.1 and reads both, oldest first', () => {
    for (let i = 0; i < 10; i++) appendLine(dir, JSON.stringify(entry(`h_${i}`, 'ok', null)), 1000);
    const names = readdirSync(dir).sort();
    expect(names).toEqual(['history.jsonl', 'history.jsonl.1']);
    expect(statSync(join(dir, 'history.jsonl')).size).toBeLessThanOrEqual(1000);
    const ids = readHistory(dir).map((e) => e.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids[ids.length - 1]).toBe('h_9');
  });

  it('an unknown outcome is settled only by a later known answer with the same key', () => {
    const list = [entry('h_a', 'unknown', 'k1'), entry('h_b', 'unknown', 'k2'), entry('h_c', 'failed', 'k1'), entry('h_d', 'unknown', null)];
    expect([...unresolved(list)].sort()).toEqual(['h_b', 'h_d']);
  });

  it('lives under XDG_STATE_HOME, else ~/.local/state', () => {
    expect(historyDir({ XDG_STATE_HOME: '/s', HOME: '/h' })).toBe('/s/payctl');
    expect(historyDir({ XDG_STATE_HOME: 'rel', HOME: '/h' })).toBe('/h/.local/state/payctl');
  });
});
