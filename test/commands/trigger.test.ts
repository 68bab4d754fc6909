// `payctl trigger EVENT`: every fixture makes its event happen on the sandbox through the normal API.
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/account.js';
import { FIXTURES } from '../../src/commands/trigger/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { startSandboxServer } from '../../src/sandbox/server.js';

const { account, home, sandbox } = useSandbox();

describe('payctl trigger', () => {
  it.each(FIXTURES.map((f) => [f.event]))('%s makes the event happen', async (event) => {
    const a = account();
    const r = await a.ok(['trigger', event]);
    expect(r.event_type).toBe(event);
    expect(r.event).toMatch(/^evt_/);
    const ev = await a.ok(['events', 'get', r.event]);
    expect(ev.type).toBe(event);
    expect(r.created).toContain(ev.data.object.id);
  });

  it('payout.paid works on an account whose available balance is below zero', async () => {
    const a = account();
    // A lost dispute leaves the available balance negative (the amount and the dispute fee).
    await a.ok(['payment-intents', 'create', '--amount', '150.00', '--currency', 'usd', '--payment-method', 'pm_card_createDispute', '--confirm']);
    const [dp] = await a.ok(['disputes', 'list']);
    await a.ok(['disputes', 'close', dp.id, '--yes']);
    await a.ok(['sandbox', 'advance', '7d']);
    const before = await a.ok(['balance']);
    expect(before.available[0].amount).toBeLessThan(0);
    const r = await a.cli(['trigger', 'payout.paid', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).event_type).toBe('payout.paid');
  });

  it('--list shows every supported event; table mode says what it created', async () => {
    const a = account();
    const list = await a.ok(['trigger', '--list']);
    expect(list.map((r: { event: string }) => r.event)).toEqual(FIXTURES.map((f) => f.event));
    const table = await a.cli(['trigger', '--list'], { tty: true });
    expect(table.stdout.split('\n')[0]).toMatch(/^EVENT +CREATES$/);
    expect(table.stdout).toContain('payout.paid');
    const t = await a.cli(['trigger', 'customer.created'], { tty: true });
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^triggered customer\.created \(evt_\w+\): created cus_\w+\n$/);
  });

  it.each([
    [['trigger'], 2, 'name an event to trigger'],
    [['trigger', 'charge.exploded'], 2, 'cannot trigger "charge.exploded": see payctl trigger --list'],
  ])('%j fails before any request', async (argv, code, message) => {
    const r = await account().cli(argv);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it.each([
    ['text', [] as string[]],
    ['--json', ['--json']],
  ])('a fixture failing part-way names what it already created (%s), with the error\'s exit code', async (_mode, flags) => {
    const a = account();
    // A second server on the same store whose third request answers 500: trigger customer.updated asks
    // for the sandbox clock, creates the customer, then its update fails (no client retries).
    let n = 0;
    const failing = await startSandboxServer({ store: sandbox.store, faults: { failRate: 0.5, random: () => (n++ === 2 ? 0 : 1) } });
    try {
      const r = await a.cli(['trigger', 'customer.updated', '--max-retries', '0', ...flags], { env: { PAYCTL_BASE_URL: failing.url } });
      expect(r.code).toBe(7);
      expect(r.stdout).toBe('');
      const customers = await a.ok(['customers', 'list', '--json']);
      expect(customers).toHaveLength(1);
      const cus = customers[0].id as string;
      if (flags.length === 0) {
        const lines = r.stderr.split('\n');
        expect(lines[0]).toBe(`trigger customer.updated failed after creating: ${cus}`);
        expect(lines[1]).toMatch(/^error: /);
        expect(lines.slice(2)).toEqual(['']);
      } else {
        const err = JSON.parse(r.stderr);
        expect(err.error.exit_code).toBe(7);
        expect(err.error.created).toEqual([cus]);
      }
    } finally {
      await failing.close();
    }
  });

  it('refuses a live key before sending anything', async () => {
    const r = await runCli(['trigger', 'customer.created'], { env: { ...home.env, PAYCTL_API_KEY: 'sk_live_' + 'Z'.repeat(20) + '1234', PAYCTL_BASE_URL: 'http://127.0.0.1:9' } });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: trigger creates real objects: it refuses live keys (use a test key or the sandbox)\n');
  });
});
