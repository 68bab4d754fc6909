// `--from-csv` bulk verbs against the real sandbox: the plan, per-row problems while the other rows
// proceed, exactly-once re-runs, the results file, and the same engine for customers and payment intents.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/account.js';
import { ScriptedPrompter } from '../../src/prompt/scripted.js';
import { startSandboxServer } from '../../src/sandbox/server.js';
import { displayWidth } from '../../src/output/text.js';

const { sandbox, account } = useSandbox();
const dir = mkdtempSync(join(tmpdir(), 'payctl-bulk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function file(name: string, text: string): string {
  const p = join(dir, `${n++}-${name}`);
  writeFileSync(p, text);
  return p;
}

const bulkAccount = account;

async function seed(a: ReturnType<typeof account>, amounts: Array<[number, string]>): Promise<string[]> {
  const ids: string[] = [];
  for (const [amount, currency] of amounts) {
    const pi = await a.ok(['post', '/v1/payment_intents', '-d', `amount=${amount}`, '-d', `currency=${currency}`, '-d', 'payment_method=pm_card_visa', '-d', 'payment_method_types[]=card', '-d', 'confirm=true']);
    ids.push(pi.latest_charge);
  }
  return ids;
}

async function refundsOf(a: ReturnType<typeof account>, charge: string): Promise<any[]> {
  return (await a.ok(['refunds', 'list', '--charge', charge, '--json'])) as any[];
}

describe('refunds create --from-csv', () => {
  it('reports bad rows (unknown charge, over the remainder, another currency) and sends the others', async () => {
    const a = bulkAccount();
    const [usd1, usd2, jpy] = await seed(a, [[2000, 'usd'], [2000, 'usd'], [5000, 'jpy']]);
    const csv = file(
      'mixed.csv',
      [
        'charge,amount,reason,metadata.ticket',
        `${usd1},5.00,requested_by_customer,T-1`,
        'ch_doesnotexist,100,,',
        `${usd2},25.00,,`,
        `${usd1},1.00 EUR,,`,
        `${jpy},500,duplicate,T-4`,
        `${jpy},5.5,,`,
        `${usd2},,,`,
      ].join('\r\n') + '\r\n',
    );
    const results = join(dir, 'mixed-results.csv');
    const r = await a.cli(['refunds', 'create', '--from-csv', csv, '--results', results, '--yes', '--json']);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout) as any[];
    expect(out.map((x) => [x.row, x.status, x.amount, x.currency])).toEqual([
      [1, 'ok', 500, 'usd'],
      [2, 'failed', null, ''],
      [3, 'failed', 2500, 'usd'],
      [4, 'failed', null, ''],
      [5, 'ok', 500, 'jpy'],
      [6, 'failed', null, ''],
      [7, 'ok', 2000, 'usd'],
    ]);
    expect(out[1].error).toBe('no such charge ch_doesnotexist');
    expect(out[2].error).toMatch(/greater than unrefunded amount/);
    expect(out[3].error).toBe(`amount "1.00 EUR" is in EUR but charge ${usd1} is in USD`);
    expect(out[5].error).toBe('invalid amount "5.5": JPY has no minor unit; use a whole number');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      'error: row 2: no such charge ch_doesnotexist (not sent)',
      `error: row 4: amount "1.00 EUR" is in EUR but charge ${usd1} is in USD (not sent)`,
      'error: row 6: invalid amount "5.5": JPY has no minor unit; use a whole number (not sent)',
      expect.stringMatching(/^refunds create: 7 rows: 3 ok, 4 failed in \d+\.\ds; results in .*mixed-results\.csv$/),
      expect.stringMatching(/^\{"error":\{"message":"4 of 7 rows did not succeed: row 2 \(no such charge ch_doesnotexist\); 3 \(/),
    ]);
    // The API's own view: one refund of 5.00 on usd1 with its metadata, the whole remainder of usd2, 500 JPY.
    const r1 = await refundsOf(a, usd1);
    expect(r1.map((x) => [x.amount, x.reason, x.metadata])).toEqual([[500, 'requested_by_customer', { ticket: 'T-1' }]]);
    expect((await refundsOf(a, usd2)).map((x) => x.amount)).toEqual([2000]);
    expect((await refundsOf(a, jpy)).map((x) => x.amount)).toEqual([500]);
    // The results file: header plus one line per row, in row order, with each row's key.
    const lines = readFileSync(results, 'utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('row,target,id,amount,currency,status,error,idempotency_key');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(lines[1]).toMatch(new RegExp(`^1,${usd1},re_\\w+,500,usd,ok,,payctl-bulk-[0-9a-f]{16}-1$`));
  });

  it('re-running the same file refunds nothing twice: done rows come from the results file, others replay', async () => {
    const a = bulkAccount();
    const charges = await seed(a, [[1000, 'usd'], [1000, 'usd'], [1000, 'usd']]);
    const csv = file('again.csv', `charge,amount\n${charges.map((c) => `${c},4.00`).join('\n')}\n`);
    const results = join(dir, 'again.jsonl');
    const first = await a.cli(['refunds', 'create', '--from-csv', csv, '--results', results, '--yes', '--json']);
    expect(first.code).toBe(0);
    // Without the results file every row is sent again, and the API replays each one.
    const replay = await a.cli(['refunds', 'create', '--from-csv', csv, '--yes', '--json']);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout).map((x: any) => x.id)).toEqual(JSON.parse(first.stdout).map((x: any) => x.id));
    // With it, done rows are not even sent.
    const again = await a.cli(['refunds', 'create', '--from-csv', csv, '--results', results, '--yes', '--json', '--verbose']);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('POST /v1/refunds');
    for (const c of charges) expect((await refundsOf(a, c)).map((x) => x.amount)).toEqual([400]);
    expect(readFileSync(results, 'utf8').trim().split('\n')).toHaveLength(3);
  });

  it('refuses a results file written for another version of the input (nothing sent)', async () => {
    const a = bulkAccount();
    const [c] = await seed(a, [[1000, 'usd']]);
    const results = join(dir, 'edited.csv');
    expect((await a.cli(['refunds', 'create', '--from-csv', file('v1.csv', `charge,amount\n${c},100\n`), '--results', results, '--yes'])).code).toBe(0);
    const r = await a.cli(['refunds', 'create', '--from-csv', file('v2.csv', `charge,amount\n${c},200\n`), '--results', results, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: --results ".*edited\.csv" holds rows of another version of this file/);
    expect((await refundsOf(a, c!)).map((x) => x.amount)).toEqual([100]);
  });

  it('--dry-run shows the plan with each charge\'s remainder and sends nothing', async () => {
    const a = bulkAccount();
    const [c1, c2] = await seed(a, [[2000, 'usd'], [300, 'eur']]);
    await a.ok(['refunds', 'create', '--charge', c1!, '--amount', '500', '--yes', '--json']);
    const csv = file('plan.csv', `charge,amount\n${c1},10.00\n${c1},\n${c2},1.00\n`);
    const r = await a.cli(['refunds', 'create', '--from-csv', csv, '--dry-run', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      [
        `Plan for ${csv}: 3 rows; 3 to send (15.00 USD, 1.00 EUR), 0 with problems`,
        `  ${c1}: 15.00 USD refundable, 2 rows refund 15.00 USD`,
        `  ${c2}: 3.00 EUR refundable, 1 row refund 1.00 EUR`,
        '',
      ].join('\n'),
    );
    expect(JSON.parse(r.stdout).map((x: any) => [x.row, x.amount, x.status])).toEqual([[1, 1000, 'planned'], [2, 500, 'planned'], [3, 100, 'planned']]);
    expect((await refundsOf(a, c1!)).length).toBe(1);
    expect(await refundsOf(a, c2!)).toEqual([]);
  });

  it('resolves an email to the customer\'s most recent refundable payment, only when unambiguous', async () => {
    const a = bulkAccount();
    const cus = await a.customer('email=solo@example.com');
    await a.customer('email=twin@example.com');
    await a.customer('email=twin@example.com');
    const pi = await a.ok(['post', '/v1/payment_intents', '-d', 'amount=1500', '-d', 'currency=usd', '-d', `customer=${cus}`, '-d', 'payment_method=pm_card_visa', '-d', 'payment_method_types[]=card', '-d', 'confirm=true']);
    const csv = file('emails.csv', 'email,amount\nsolo@example.com,2.00\ntwin@example.com,1.00\nnobody@example.com,1.00\n');
    const r = await a.cli(['refunds', 'create', '--from-csv', csv, '--yes', '--json']);
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.map((x: any) => [x.target, x.status, x.error])).toEqual([
      [`solo@example.com → ${pi.latest_charge}`, 'ok', ''],
      ['twin@example.com', 'failed', 'several customers have email twin@example.com: use a charge column for this row'],
      ['nobody@example.com', 'failed', 'no customer with email nobody@example.com'],
    ]);
  });

  it.each([
    [['--results', 'x.csv'], '--results needs --from-csv FILE'],
    [['--from-csv', 'x.csv', '--charge', 'ch_1'], '--from-csv takes every value from the file: drop --charge'],
    [['--from-csv', '/nonexistent/x.csv'], 'cannot read --from-csv "/nonexistent/x.csv": ENOENT'],
    [['--from-csv', 'HEADERONLY'], 'has a header but no rows'],
    [['--from-csv', 'BADCOL'], 'unknown CSV column "amont" for refunds create --from-csv (columns: charge, payment_intent, email, amount, reason, idempotency_key, metadata.*)'],
    [['--from-csv', 'NOTARGET'], 'the CSV needs a charge, payment_intent or email column'],
    [['--from-csv', 'GOOD', '--concurrency', '0'], 'invalid --concurrency "0": use a whole number from 1 to 64'],
    [['--from-csv', 'GOOD', '--results', 'out.txt'], '--results "out.txt": name it .csv or .jsonl'],
    [['--from-csv', 'GOOD', '--results', '/nonexistent/out.csv'], 'cannot write --results "/nonexistent/out.csv": ENOENT'],
  ])('usage error %j, nothing sent', async (args, message) => {
    const a = bulkAccount();
    const files: Record<string, string> = {
      HEADERONLY: file('h.csv', 'charge,amount\n'),
      BADCOL: file('b.csv', 'charge,amont\nch_1,1\n'),
      NOTARGET: file('n.csv', 'amount\n1\n'),
      GOOD: file('g.csv', 'charge\nch_1\n'),
    };
    const r = await a.cli(['refunds', 'create', ...args.map((x) => files[x] ?? x), '--yes']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('needs --yes without a terminal, after the plan and before sending', async () => {
    const a = bulkAccount();
    const [c] = await seed(a, [[1000, 'usd']]);
    const r = await a.cli(['refunds', 'create', '--from-csv', file('yes.csv', `charge\n${c}\n`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--yes to refund 1 row from .*yes\.csv \(10\.00 USD\)/);
    expect(await refundsOf(a, c!)).toEqual([]);
  });
  it('a row\'s own idempotency_key is used as given; one key on two rows is a problem for the second', async () => {
    const a = bulkAccount();
    const [c1, c2] = await seed(a, [[1000, 'usd'], [1000, 'usd']]);
    const csv = file('keys.csv', `charge,amount,idempotency_key\n${c1},100,refund-ticket-1\n${c2},100,refund-ticket-1\n`);
    const r = await a.cli(['refunds', 'create', '--from-csv', csv, '--yes', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).map((x: any) => [x.row, x.status, x.idempotency_key, x.error])).toEqual([
      [1, 'ok', 'refund-ticket-1', ''],
      [2, 'failed', 'refund-ticket-1', 'idempotency_key "refund-ticket-1" is also row 1\'s'],
    ]);
    const history = JSON.parse((await a.cli(['history', '--json', '--limit', '1'])).stdout);
    expect(history[0]).toMatchObject({ idempotency_key: 'refund-ticket-1', outcome: 'ok' });
    expect(await refundsOf(a, c2!)).toEqual([]);
  });

  it('429s are waited out without failing rows, even with no client retries left (--max-retries 0)', async () => {
    const a = bulkAccount();
    const charges = await seed(a, Array.from({ length: 12 }, () => [1000, 'usd'] as [number, string]));
    // A second server on the same store, allowing 8 requests a second per account.
    const limited = await startSandboxServer({ store: sandbox.store, faults: { rateLimit: 8 } });
    try {
      const csv = file('limited.csv', `charge,amount\n${charges.map((c) => `${c},1.00`).join('\n')}\n`);
      const r = await a.cli(['refunds', 'create', '--from-csv', csv, '--yes', '--json', '--concurrency', '8', '--max-retries', '0'], { env: { PAYCTL_BASE_URL: limited.url } });
      expect(r.stderr).toMatch(/^refunds create: 12 rows: 12 ok in \d+\.\ds\n$/);
      expect(r.code).toBe(0);
      for (const c of charges) expect((await refundsOf(a, c)).map((x) => x.amount)).toEqual([100]);
    } finally {
      await limited.close();
    }
  });

  it('on a terminal: the plan, a confirmation, a progress line, then the summary; stdout a table', async () => {
    const a = bulkAccount();
    const charges = await seed(a, [[1000, 'usd'], [1000, 'usd']]);
    const csv = file('tty.csv', `charge,amount\n${charges.map((c) => `${c},2.50`).join('\n')}\n`);
    const prompter = new ScriptedPrompter([true]);
    const r = await a.cli(['refunds', 'create', '--from-csv', csv], { tty: true, prompter });
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe(`Plan for ${csv}: 2 rows; 2 to send (5.00 USD), 0 with problems`);
    expect(lines[1]).toBe(`  ${charges[0]}: 10.00 USD refundable, 1 row refund 2.50 USD`);
    expect(r.stderr).toMatch(/\r\[#+\] 2\/2 rows · \d+\.\d\/s · ETA 0s/);
    expect(r.stderr).toMatch(/refunds create: 2 rows: 2 ok in \d+\.\ds\n$/);
    expect(prompter.asked.map((q) => q.message)).toEqual([`Refund 2 rows from ${csv} (5.00 USD)?`]);
    expect(r.stdout.split('\n')[0]).toMatch(/^ROW\s+TARGET\s+ID\s+AMOUNT\s+STATUS\s+ERROR$/);
    expect(r.stdout).toContain('2.50 USD');
  });
});

describe('plan honesty: rows the plan knows will fail', () => {
  it('are listed as "will fail: REASON", not counted or totalled as to send; sent, they fail with exit 3', async () => {
    const a = bulkAccount();
    const [spent, c3, c4] = await seed(a, [[2000, 'usd'], [1000, 'usd'], [500, 'usd']]);
    await a.ok(['refunds', 'create', '--charge', spent!, '--yes', '--json']);
    const disputedPi = await a.ok(['payment-intents', 'create', '--amount', '50.00', '--currency', 'usd', '--payment-method', 'pm_card_createDispute', '--confirm', '--json']);
    const disputed = disputedPi.latest_charge as string;
    const [dp] = await a.ok(['disputes', 'list', '--json']);
    const csv = file('doomed.csv', `charge,amount\n${spent},\n${disputed},5.00\n${c3},6.00\n${c3},6.00\n${c4},1.00\n`);
    const tail = "(sent only to replay an earlier run's answer, if any)";
    const plan = await a.cli(['refunds', 'create', '--from-csv', csv, '--dry-run', '--json']);
    expect(plan.code).toBe(0);
    expect(plan.stderr).toBe(
      [
        `Plan for ${csv}: 5 rows; 2 to send (7.00 USD), 3 will fail, 0 with problems`,
        `  ${spent}: 0.00 USD refundable, 0 rows refund 0.00 USD, 1 will fail`,
        `  ${disputed}: 0.00 USD refundable, 0 rows refund 0.00 USD, 1 will fail`,
        `  ${c3}: 10.00 USD refundable, 1 row refund 6.00 USD, 1 will fail`,
        `  ${c4}: 5.00 USD refundable, 1 row refund 1.00 USD`,
        `  row 1: will fail: nothing left to refund on ${spent} ${tail}`,
        `  row 2: will fail: charge ${disputed} is disputed (${dp.id}, needs_response): a charged-back payment cannot be refunded ${tail}`,
        `  row 4: will fail: 6.00 USD is more than the 4.00 USD left on ${c3} ${tail}`,
        '',
      ].join('\n'),
    );
    expect(JSON.parse(plan.stdout).map((x: any) => [x.row, x.status])).toEqual([[1, 'will_fail'], [2, 'will_fail'], [3, 'planned'], [4, 'will_fail'], [5, 'planned']]);

    const r = await a.cli(['refunds', 'create', '--from-csv', csv, '--yes', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).map((x: any) => [x.row, x.status])).toEqual([[1, 'failed'], [2, 'failed'], [3, 'ok'], [4, 'failed'], [5, 'ok']]);
    expect((await refundsOf(a, spent!)).map((x) => x.amount)).toEqual([2000]);
    expect(await refundsOf(a, disputed)).toEqual([]);
    expect((await refundsOf(a, c3!)).map((x) => x.amount)).toEqual([600]);
    expect((await refundsOf(a, c4!)).map((x) => x.amount)).toEqual([100]);
  });

  it('a row an earlier run made (its charge now spent) is planned as "will fail" yet replayed, never refunded twice', async () => {
    const a = bulkAccount();
    const [c] = await seed(a, [[1000, 'usd']]);
    const csv = file('crashed.csv', `charge\n${c}\n`);
    // The first run refunds it; its results were never kept (as after a crash).
    expect((await a.cli(['refunds', 'create', '--from-csv', csv, '--yes', '--json'])).code).toBe(0);
    const plan = await a.cli(['refunds', 'create', '--from-csv', csv, '--dry-run', '--json']);
    expect(plan.stderr.split('\n')[0]).toBe(`Plan for ${csv}: 1 row; 0 to send, 1 will fail, 0 with problems`);
    const again = await a.cli(['refunds', 'create', '--from-csv', csv, '--yes', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).map((x: any) => [x.status, x.amount])).toEqual([['ok', 1000]]);
    expect((await refundsOf(a, c!)).map((x) => x.amount)).toEqual([1000]);
  });

  it('an uncaptured charge without a payment intent: a whole refund releases it (to send), a partial one will fail', async () => {
    const a = bulkAccount();
    const hold = await a.ok(['charges', 'create', '--amount', '20.00', '--currency', 'usd', '--source', 'tok_visa', '--no-capture', '--json']);
    const partial = await a.ok(['charges', 'create', '--amount', '20.00', '--currency', 'usd', '--source', 'tok_visa', '--no-capture', '--json']);
    const csv = file('holds.csv', `charge,amount\n${hold.id},\n${partial.id},5.00\n`);
    const plan = await a.cli(['refunds', 'create', '--from-csv', csv, '--dry-run', '--json']);
    expect(plan.stderr.split('\n').slice(0, 2)).toEqual([
      `Plan for ${csv}: 2 rows; 1 to send (20.00 USD), 1 will fail, 0 with problems`,
      `  ${hold.id}: 20.00 USD refundable, 1 row refund 20.00 USD`,
    ]);
    expect(plan.stderr).toContain(`  row 2: will fail: charge ${partial.id} is not captured: only a refund of all of it (no amount) releases it (`);
    const r = await a.cli(['refunds', 'create', '--from-csv', csv, '--yes', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).map((x: any) => [x.row, x.status, x.amount])).toEqual([[1, 'ok', 2000], [2, 'failed', 500]]);
  });

  it('an email row skips a charged-back payment for one that can be refunded', async () => {
    const a = bulkAccount();
    const cus = await a.customer('email=dispute@example.com');
    const good = await a.ok(['payment-intents', 'create', '--amount', '10.00', '--currency', 'usd', '--customer', cus, '--payment-method', 'pm_card_visa', '--confirm', '--json']);
    await a.ok(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--customer', cus, '--payment-method', 'pm_card_createDispute', '--confirm', '--json']);
    const r = await a.cli(['refunds', 'create', '--from-csv', file('dispute-email.csv', 'email,amount\ndispute@example.com,1.00\n'), '--yes', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((x: any) => [x.target, x.status])).toEqual([[`dispute@example.com → ${good.latest_charge}`, 'ok']]);
  });
});

describe('results file and spreadsheet formulas', () => {
  it('cells from the input or the API are defused like -o csv; a re-run reads them back and sends nothing twice', async () => {
    const a = bulkAccount();
    const cus = await a.customer('email=+vip@example.com');
    const pi = await a.ok(['post', '/v1/payment_intents', '-d', 'amount=1500', '-d', 'currency=usd', '-d', `customer=${cus}`, '-d', 'payment_method=pm_card_visa', '-d', 'payment_method_types[]=card', '-d', 'confirm=true']);
    const ch = pi.latest_charge as string;
    const csv = file('formulas.csv', 'email,amount\n+vip@example.com,2.00\n"=HYPERLINK(""http://x"",""y"")",1.00\n');
    const results = join(dir, 'formulas-results.csv');
    const first = await a.cli(['refunds', 'create', '--from-csv', csv, '--results', results, '--yes', '--json']);
    expect(first.code).toBe(3);
    const [ok] = JSON.parse(first.stdout);
    const key = ok.idempotency_key as string;
    const expected = [
      'row,target,id,amount,currency,status,error,idempotency_key',
      `1,'+vip@example.com → ${ch},${ok.id},200,usd,ok,,${key}`,
      `2,"'=HYPERLINK(""http://x"",""y"")",,,,failed,"no customer with email =HYPERLINK(""http://x"",""y"")",${key.replace(/-1$/, '-2')}`,
      '',
    ].join('\r\n');
    expect(readFileSync(results, 'utf8')).toBe(expected);
    // -o csv of the same rows defuses the same cells the same way.
    const asCsv = await a.cli(['refunds', 'create', '--from-csv', csv, '--yes', '-o', 'csv']);
    expect(asCsv.stdout.split('\n')[1]).toBe(`1,'+vip@example.com → ${ch},${ok.id},2.00,USD,ok,`);
    // The re-run takes row 1 from the file (not sent again) and shows its target as it was.
    const again = await a.cli(['refunds', 'create', '--from-csv', csv, '--results', results, '--yes', '--json', '--verbose']);
    expect(again.code).toBe(3);
    expect(JSON.parse(again.stdout).map((x: any) => [x.row, x.target, x.status])).toEqual([
      [1, `+vip@example.com → ${ch}`, 'ok'],
      [2, '=HYPERLINK("http://x","y")', 'failed'],
    ]);
    expect(again.stderr).not.toContain('POST /v1/refunds');
    expect(readFileSync(results, 'utf8')).toBe(expected);
    expect((await refundsOf(a, ch)).map((x) => x.amount)).toEqual([200]);
  });
});

describe('results table at 80 columns', () => {
  it('target ids are never cut: the error column gives way, then the amount', async () => {
    const a = bulkAccount();
    const [c1, c2] = await seed(a, [[20000, 'usd'], [1000, 'usd']]);
    const csv = file('narrow.csv', `charge,amount\n${c1},150.00\n${c2},50.00\n`);
    const r = await a.cli(['refunds', 'create', '--from-csv', csv, '--yes'], { tty: true, columns: 80 });
    expect(r.code).toBe(3);
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^ROW +TARGET +ID +STATUS$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/))).toEqual([
      ['1', c1, expect.stringMatching(/^re_\w+$/), 'ok'],
      ['2', c2, 'failed'],
    ]);
    // With room, every column shows.
    const wide = await a.cli(['refunds', 'create', '--from-csv', csv, '--yes'], { tty: true, columns: 160 });
    expect(wide.stdout.split('\n')[0]).toMatch(/^ROW +TARGET +ID +AMOUNT +STATUS +ERROR$/);
    expect(wide.stdout.split('\n')[2]).toMatch(new RegExp(`^2 +${c2} +50\\.00 USD +failed +Refund amount \\(\\$50\\.00\\) is greater than unrefunded amount on charge \\(\\$10\\.00\\)$`));
  });
});

describe('the same engine for other verbs', () => {
  it('customers update --from-csv sets email, name and metadata per row', async () => {
    const a = bulkAccount();
    const c1 = await a.customer('name=Old One');
    const c2 = await a.customer('name=Old Two');
    const csv = file('customers.csv', `customer,email,name,metadata.tier\n${c1},one@example.com,New One,gold\n${c2},,,silver\ncus_missing,x@example.com,,\n${c1},not-an-email,,\n`);
    const r = await a.cli(['customers', 'update', '--from-csv', csv, '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stdout).map((x: any) => [x.row, x.status])).toEqual([[1, 'ok'], [2, 'ok'], [3, 'failed'], [4, 'failed']]);
    expect(r.stderr).toContain('error: row 4: invalid email "not-an-email" (not sent)');
    const one = await a.ok(['customers', 'get', c1, '--json']);
    expect([one.email, one.name, one.metadata]).toEqual(['one@example.com', 'New One', { tier: 'gold' }]);
    const two = await a.ok(['customers', 'get', c2, '--json']);
    expect([two.name, two.metadata]).toEqual(['Old Two', { tier: 'silver' }]);
  });

  it('payment-intents cancel --from-csv cancels each row', async () => {
    const a = bulkAccount();
    const pis: string[] = [];
    for (let i = 0; i < 2; i++) pis.push((await a.ok(['post', '/v1/payment_intents', '-d', 'amount=1000', '-d', 'currency=usd'])).id);
    const csv = file('cancel.csv', `payment_intent,cancellation_reason\n${pis[0]},abandoned\n${pis[1]},\n`);
    const r = await a.cli(['payment-intents', 'cancel', '--from-csv', csv, '--yes', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((x: any) => [x.id, x.status])).toEqual([[pis[0], 'ok'], [pis[1], 'ok']]);
    const got = await a.ok(['payment-intents', 'get', pis[0]!, '--json']);
    expect([got.status, got.cancellation_reason]).toEqual(['canceled', 'abandoned']);
    expect((await a.cli(['payment-intents', 'cancel', '--yes'])).stderr).toContain('missing payment intent id (or --from-csv FILE)');
  });
});
