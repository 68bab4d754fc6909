// Safety rails around mutations: live-mode confirmation, read-only profiles, destructive verbs,
// dry runs, and the exit code every kind of failure maps to.
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/account.js';
import { cliFor, runCli, tempHome } from '../helpers/cli.js';
import { newTestKey, startTestSandbox } from '../helpers/sandbox.js';
import { ScriptedPrompter } from '../../src/prompt/scripted.js';

const { sandbox, home } = useSandbox();

const LIVE = 'sk_live_' + 'Z'.repeat(20) + '4242';

describe('live mode', () => {
  const live = (argv: string[], opts: Parameters<typeof runCli>[1] = {}) =>
    runCli(argv, { ...opts, env: { ...home.env, PAYCTL_API_KEY: LIVE, PAYCTL_BASE_URL: sandbox.url, ...opts.env } });

  it('refuses a mutation without a TTY unless --yes, naming the flag, and sends nothing', async () => {
    const r = await live(['customers', 'create', '--name', 'Ada']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/live-mode mutation needs confirmation: re-run with --yes/);
    expect(r.stderr).not.toContain(LIVE);
  });

  it('asks on a TTY, showing the redacted key and the effect; "no" cancels with 130', async () => {
    const prompter = new ScriptedPrompter([false]);
    const r = await live(['customers', 'create', '--name', 'Ada', '--email', 'ada@example.com'], { tty: true, prompter });
    expect(r.code).toBe(130);
    expect(prompter.asked[0]!.message).toMatch(/^LIVE MODE \(key sk_live_…4242\): create a customer\?$/);
  });

  it('with --yes the request is sent (the sandbox refuses live keys: exit 4, key redacted)', async () => {
    const r = await live(['customers', 'create', '--name', 'Ada', '--yes']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: .*test-mode/im);
    expect(r.stderr + r.stdout).not.toContain(LIVE);
  });

  it('reads need no confirmation', async () => {
    const r = await live(['customers', 'list']);
    expect(r.code).toBe(4); // sent straight away; the sandbox answers 401 for live keys
  });
});

describe('read-only profile', () => {
  it('refuses every mutation before sending, exit 4', async () => {
    const key = newTestKey();
    const own = tempHome(); // its profile becomes the active one: keep it away from the other tests
    const env = { ...own.env, PAYCTL_BASE_URL: sandbox.url };
    expect((await runCli(['login', '--with-key-stdin', '--profile', 'ro'], { env, stdinText: key })).code).toBe(0);
    expect((await runCli(['config', 'set', 'read_only', 'true', '--profile', 'ro'], { env })).code).toBe(0);
    const r = await runCli(['customers', 'create', '--name', 'Ada', '--profile', 'ro'], { env });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/profile "ro" is read-only/);
    const list = await runCli(['customers', 'list', '--profile', 'ro'], { env });
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    own.cleanup();
  });
});

describe('dry run', () => {
  it('prints the request with the key redacted and sends nothing', async () => {
    const key = newTestKey();
    const cli = cliFor(sandbox, key, home);
    const r = await cli(['customers', 'create', '--name', 'Ada', '--dry-run', '--idempotency-key', 'k-1']);
    expect(r.code).toBe(0);
    const req = JSON.parse(r.stdout);
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`${sandbox.url}/v1/customers`);
    expect(req.body).toBe('name=Ada');
    expect(JSON.stringify(req)).not.toContain(key);
    expect(JSON.stringify(req.headers)).toMatch(/Bearer sk_test_…/);
    expect(JSON.stringify(req.headers)).toContain('k-1');
    expect(JSON.parse((await cli(['customers', 'list'])).stdout)).toEqual([]);
  });
});

describe('exit codes', () => {
  const cases: Array<[string, string[], number, RegExp]> = [
    ['unknown flag', ['customers', 'list', '--bogus'], 2, /unknown option '--bogus'/],
    ['bad amount', ['payment-intents', 'create', '--amount', '12abc', '--currency', 'usd'], 2, /12abc/],
    ['bad limit', ['customers', 'list', '--limit', '500'], 2, /--limit/],
    ['missing object', ['customers', 'get', 'cus_doesnotexist'], 3, /No such customer: 'cus_doesnotexist'/],
      ['declined card', ['payment-intents', 'create', '--amount', '2000', '--currency', 'usd', '--payment-method', 'pm_card_chargeDeclined', '--confirm'], 5, /declined/],
  ];
  it.each(cases)('%s → %d', async (_name, argv, code, message) => {
    const cli = cliFor(sandbox, newTestKey(), home);
    const r = await cli(argv);
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an invalid key → 4', async () => {
    const r = await runCli(['balance'], { env: { ...home.env, PAYCTL_API_KEY: 'sk_test_', PAYCTL_BASE_URL: sandbox.url } });
    expect(r.code).toBe(2); // malformed locally: nothing sent
  });

  it('rate limited after retries → 6, and --json puts the error on stderr as JSON', async () => {
    const limited = await startTestSandbox({ faults: { rateLimit: 1 } });
    try {
      const cli = cliFor(limited, newTestKey(), home);
      await cli(['balance']);
      const r = await cli(['balance', '--json', '--max-retries', '0']);
      expect(r.code).toBe(6);
      expect(r.stdout).toBe('');
      expect(JSON.parse(r.stderr).error).toMatchObject({ exit_code: 6, status: 429 });
    } finally {
      await limited.close();
    }
  });

  it('server errors after retries → 7 and the idempotency key to re-run with', async () => {
    const failing = await startTestSandbox({ faults: { failRate: 1 } });
    try {
      const cli = cliFor(failing, newTestKey(), home);
      const r = await cli(['customers', 'create', '--name', 'Ada', '--max-retries', '1', '--idempotency-key', 'rerun-me']);
      expect(r.code).toBe(7);
      expect(r.stderr).toContain('rerun-me');
    } finally {
      await failing.close();
    }
  });
});
