// `payctl events tail`: follows new events by polling, each exactly once even when a thousand arrive
// while it polls, in order, and stops cleanly on Ctrl-C.
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/account.js';
import { newTestKey } from '../helpers/sandbox.js';
import { runInterruptible } from '../helpers/interruptible.js';
import { cliFor } from '../helpers/cli.js';
import { accountForKey } from '../../src/sandbox/app.js';

const { sandbox, home, account } = useSandbox();

function emitCustomers(key: string, n: number, tag: string): void {
  sandbox.store.transaction(accountForKey(key), (tx) => {
    for (let i = 0; i < n; i++) tx.emit('customer.created', { id: tx.ids.make('cus'), object: 'customer', email: `${tag}${i}@example.com` });
  });
}

describe('payctl events tail', () => {
  it('sees each of 1,000 events arriving during polling exactly once, oldest first, and none from before', async () => {
    const key = newTestKey();
    emitCustomers(key, 5, 'old');
    const tail = runInterruptible(['events', 'tail', '--interval', '100ms', '-o', 'jsonl'], { ...home.env, PAYCTL_API_KEY: key, PAYCTL_BASE_URL: sandbox.url });
    // Sentinels until one shows: from then on the tail has its cursor, and every later event must show once.
    let ready = 0;
    for (let k = 0; !tail.stdout.text.includes('sentinel'); k++) {
      emitCustomers(key, 1, `sentinel${k}-`);
      await new Promise((r) => setTimeout(r, 100));
    }
    ready = tail.stdout.text.trimEnd().split('\n').length;
    // 1,000 events in uneven bursts (some bigger than a page of 100), interleaved with the polls.
    const bursts = [1, 150, 7, 230, 12, 100, 99, 201, 200];
    let made = 0;
    for (const [i, n] of bursts.entries()) {
      emitCustomers(key, n, `b${i}-`);
      made += n;
      await new Promise((r) => setTimeout(r, i % 2 ? 30 : 170));
    }
    expect(made).toBe(1000);
    const lines = await tail.lines(1000 + ready);
    await new Promise((r) => setTimeout(r, 300)); // a few more polls: nothing repeated
    expect(await tail.interrupt()).toBe(0);
    const all = tail.stdout.text.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(1000 + ready);
    const events = all.filter((e) => !e.data.object.email.startsWith('sentinel'));
    expect(events).toHaveLength(1000);
    expect(new Set(events.map((e) => e.id)).size).toBe(1000);
    const emails = events.map((e) => e.data.object.email);
    expect(emails.some((m: string) => m.startsWith('old'))).toBe(false);
    // Oldest first: burst by burst, in creation order within each.
    const expected = bursts.flatMap((n, i) => Array.from({ length: n }, (_, j) => `b${i}-${j}@example.com`));
    expect(emails).toEqual(expected);
    expect(tail.stderr.text).toBe('');
  });

  it('prints one line per event in table mode, filters by family, and shows earlier events with --since', async () => {
    const key = newTestKey();
    const env = { ...home.env, PAYCTL_API_KEY: key, PAYCTL_BASE_URL: sandbox.url };
    const cli = cliFor(sandbox, key, home);
    const cus = JSON.parse((await cli(['customers', 'create', '--email', 'ada@example.com'])).stdout).id;
    const pi = JSON.parse((await cli(['payment-intents', 'create', '--amount', '20.00', '--currency', 'usd', '--customer', cus, '--payment-method', 'pm_card_visa', '--confirm'])).stdout);
    const tail = runInterruptible(['events', 'tail', '--since', '1h', '--type', 'payment_intent.*', '--interval', '100ms', '-o', 'table'], env);
    const lines = await tail.lines(2);
    expect(await tail.interrupt()).toBe(0);
    const time = (t: number) => new Date(t * 1000).toISOString().slice(11, 19);
    const pad = (s: string, n: number) => s.padEnd(n);
    expect(lines).toEqual([
      `${time(pi.created)}  ${pad('payment_intent.created', 30)} ${pad(pi.id, 28)} 20.00 USD  ${cus}  requires_confirmation`,
      `${time(pi.created)}  ${pad('payment_intent.succeeded', 30)} ${pad(pi.id, 28)} 20.00 USD  ${cus}  succeeded`,
    ]);
    expect(tail.stderr.text).toBe('');
  });

  it('--since counts back from the sandbox clock after `sandbox advance`', async () => {
    const key = newTestKey();
    const env = { ...home.env, PAYCTL_API_KEY: key, PAYCTL_BASE_URL: sandbox.url };
    const cli = cliFor(sandbox, key, home);
    expect((await cli(['customers', 'create', '--email', 'before@example.com'])).code).toBe(0);
    expect((await cli(['sandbox', 'advance', '2d'])).code).toBe(0);
    expect((await cli(['customers', 'create', '--email', 'after@example.com'])).code).toBe(0);
    const tail = runInterruptible(['events', 'tail', '--since', '1h', '--type', 'customer.*', '--interval', '100ms', '-o', 'jsonl'], env);
    await tail.lines(1);
    await new Promise((r) => setTimeout(r, 300)); // more polls: the event from two sandbox days ago never shows
    expect(await tail.interrupt()).toBe(0);
    const emails = tail.stdout.text.trimEnd().split('\n').map((l) => JSON.parse(l).data.object.email);
    expect(emails).toEqual(['after@example.com']);
  });

  it.each([
    [['events', 'tail', '--interval', '5ms'], 'invalid --interval "5ms": use 100ms to 1h'],
    [['events', 'tail', '--interval', 'soon'], 'invalid --interval "soon": use e.g. 2s, 500ms or 1m'],
    [['events', 'tail', '--since', 'yesterday-ish'], 'invalid time'],
    [['events', 'tail', '--type', 'Charge Succeeded'], 'invalid --type "Charge Succeeded"'],
    [['events', 'tail', '-o', 'csv'], 'events tail streams events: use -o table, json or jsonl'],
  ])('%j is a usage error before any request', async (argv, message) => {
    const r = await account().cli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });
});
