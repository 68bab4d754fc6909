// Shared output flags and script contracts across commands: --fields checked like any flag, JSON
// errors that are only JSON, --dry-run that shows the mutation, the profile's output default, raw
// `-o csv`, and no POST without an idempotency key.
import { describe, expect, it } from 'vitest';
import { useSandbox } from '../helpers/account.js';
import { cliFor, runCli, tempHome } from '../helpers/cli.js';
import { newTestKey } from '../helpers/sandbox.js';

const { sandbox, account } = useSandbox();

describe('--fields', () => {
  it.each([
    [['--fields', 'id,name..x'], 'error: invalid field "name..x" in --fields: use dot paths such as customer.email\n'],
    [['--fields', ','], 'error: --fields needs at least one field, e.g. --fields id,amount\n'],
    [['--fields', 'customer email'], 'error: invalid field "customer email" in --fields: use dot paths such as customer.email\n'],
  ])('%j is a usage error before any request', async (flags, stderr) => {
    const a = account();
    expect(await a.cli(['customers', 'list', ...flags])).toEqual({ code: 2, stdout: '', stderr });
  });

  it('drops duplicate paths (one CSV column, one JSON key)', async () => {
    const a = account();
    const id = await a.customer('email=ada@example.com');
    expect((await a.cli(['customers', 'list', '-o', 'csv', '--fields', 'id,email,id'])).stdout).toBe(`ID,EMAIL\n${id},ada@example.com\n`);
  });
});

describe('--json errors', () => {
  it.each([
    [['charges', 'lisst', '--json'], "unknown command 'lisst' (Did you mean list?)"],
    [['charges', 'list', '--bogus', '--output=json'], "unknown option '--bogus'"],
    [['charges', 'list', '-ojson', '--limit'], "option '--limit <n>' argument missing"],
  ])('%j: stderr is one JSON object and nothing else', async (argv, message) => {
    const r = await account().cli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.endsWith('\n')).toBe(true);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stderr)).toEqual({ error: { message, exit_code: 2 } });
  });

  it('a key typed where a command goes is never echoed back', async () => {
    const key = 'sk_live_' + 'Q'.repeat(20) + '9876';
    for (const argv of [[key], [key, '--json']]) {
      const r = await account().cli(argv);
      expect(r.code).toBe(2);
      expect(r.stderr).not.toContain(key);
      expect(r.stderr).toContain('sk_live_…9876');
    }
  });
});

describe('--dry-run with a decimal amount whose currency lives on the server', () => {
  // The currency look-up would be the request shown (and nothing else), so it is refused up front.
  it.each([
    [['charges', 'capture', 'ch_123', '--amount', '15.00'], 'charge'],
    [['payment-intents', 'capture', 'pi_123', '--amount', '15.00'], 'payment intent'],
    [['payment-intents', 'update', 'pi_123', '--amount', '25.00'], 'payment intent'],
    [['invoice-items', 'update', 'ii_123', '--amount', '25.00'], 'invoice item'],
  ])('%j is a usage error naming minor units', async (argv, noun) => {
    const r = await account().cli([...argv, '--dry-run']);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `error: with --dry-run, give --amount in minor units (e.g. 1500): the ${noun}'s currency cannot be looked up\n`,
    });
  });

  it.each([
    [['charges', 'capture', 'ch_123', '--amount', '1500'], '/v1/charges/ch_123/capture', 'amount=1500'],
    [['payment-intents', 'update', 'pi_123', '--amount', '25.00', '--currency', 'usd'], '/v1/payment_intents/pi_123', 'amount=2500&currency=usd'],
  ])('%j shows the mutation itself', async (argv, path, body) => {
    const r = await account().cli([...argv, '--dry-run', '--idempotency-key', 'k-1']);
    expect(r.code).toBe(0);
    const req = JSON.parse(r.stdout);
    expect(req).toMatchObject({ method: 'POST', url: `${sandbox.url}${path}`, body });
    expect(req.headers['Idempotency-Key']).toBe('k-1');
  });
});

describe("the profile's output setting", () => {
  it('is the default format, below -o/--json and PAYCTL_OUTPUT', async () => {
    const own = tempHome(); // a saved profile must not leak into the other tests' HOME
    try {
      const cli = cliFor(sandbox, newTestKey(), own);
      expect((await cli(['post', '/v1/customers', '-d', 'email=ada@example.com'])).code).toBe(0);
      expect((await cli(['config', 'set', 'output', 'jsonl'])).code).toBe(0);
      const lines = (await cli(['customers', 'list', '--fields', 'email'])).stdout;
      expect(lines).toBe('{"email":"ada@example.com"}\n');
      expect(JSON.parse((await cli(['customers', 'list', '--fields', 'email', '--json'])).stdout)).toEqual([{ email: 'ada@example.com' }]);
      expect((await cli(['customers', 'list', '--fields', 'email'], { env: { PAYCTL_OUTPUT: 'csv' } })).stdout).toBe('EMAIL\nada@example.com\n');
      // Another profile's setting does not apply.
      expect((await cli(['config', 'set', 'output', 'csv', '--profile', 'other'])).code).toBe(0);
      expect((await cli(['customers', 'list', '--fields', 'email'])).stdout).toBe(lines);
    } finally {
      own.cleanup();
    }
  });

  it('a broken config file is reported once, by the command that reads it', async () => {
    const own = tempHome();
    try {
      const { mkdirSync, writeFileSync } = await import('node:fs');
      const { join } = await import('node:path');
      mkdirSync(join(own.env.XDG_CONFIG_HOME, 'payctl'), { recursive: true });
      writeFileSync(join(own.env.XDG_CONFIG_HOME, 'payctl', 'config.json'), '{not json');
      const r = await runCli(['customers', 'list'], { env: own.env });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: cannot read the config file .*config\.json: .*; fix or remove it\n$/);
    } finally {
      own.cleanup();
    }
  });
});

describe('raw commands with -o csv', () => {
  it('print CSV rows, never JSON: a list as its data, an object as one row', async () => {
    const a = account();
    const ada = await a.customer('email=ada@example.com', 'name=Ada');
    const bob = await a.customer('email=bob@example.com', 'name=Bob, Jr.');
    expect((await a.cli(['get', '/v1/customers', '-o', 'csv', '--fields', 'id,name'])).stdout).toBe(`ID,NAME\n${bob},"Bob, Jr."\n${ada},Ada\n`);
    expect((await a.cli(['get', ada, '-o', 'csv', '--fields', 'id,email'])).stdout).toBe(`ID,EMAIL\n${ada},ada@example.com\n`);
    const whole = (await a.cli(['get', ada, '-o', 'csv'])).stdout.split('\n');
    expect(whole[0]).toMatch(/^ID,OBJECT,/);
    expect(whole[1]).toMatch(new RegExp(`^${ada},customer,`));
  });
});

describe('-o csv headers', () => {
  it('one object and a list of them share the upper-case header style', async () => {
    const a = account();
    const prod = await a.ok(['products', 'create', '--name', 'Pro', '--json']);
    const one = (await a.cli(['products', 'get', prod.id, '-o', 'csv'])).stdout.split('\n')[0];
    expect(one).toBe('ID,NAME,ACTIVE,DESCRIPTION,DEFAULT PRICE,UNIT LABEL,METADATA,CREATED,UPDATED');
    const list = (await a.cli(['products', 'list', '-o', 'csv'])).stdout.split('\n')[0];
    expect(list).toBe('ID,NAME,ACTIVE,DEFAULT PRICE,CREATED');
    const cus = await a.customer('email=ada@example.com');
    expect((await a.cli(['customers', 'get', cus, '-o', 'csv'])).stdout.split('\n')[0]).toBe(
      'ID,NAME,EMAIL,PHONE,DESCRIPTION,BALANCE,CURRENCY,INVOICE PREFIX,METADATA,CREATED',
    );
  });
});

describe('--idempotency-key', () => {
  it('an empty key is a usage error, not a POST without a key', async () => {
    const a = account();
    const r = await a.cli(['customers', 'create', '--name', 'Ada', '--idempotency-key', '']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'error: invalid idempotency key: give 1 to 255 characters, not blank (or none, for a new UUID)\n' });
    expect(await a.ok(['customers', 'list'])).toEqual([]);
  });
});

describe('sandbox status/reset with -o csv or jsonl', () => {
  it('print CSV and JSON lines, not JSON passed off as CSV', async () => {
    const own = tempHome();
    try {
      const file = `${own.env.XDG_DATA_HOME}/payctl/sandbox.db`;
      expect((await runCli(['sandbox', 'status', '-o', 'csv'], { env: own.env })).stdout).toBe(
        `path,exists,size_bytes,accounts,objects,events,idempotency_keys\n${file},false,0,0,{},0,0\n`,
      );
      expect((await runCli(['sandbox', 'status', '-o', 'jsonl', '--fields', 'path,exists'], { env: own.env })).stdout).toBe(`{"path":"${file}","exists":false}\n`);
      expect((await runCli(['sandbox', 'reset', '--dry-run', '-o', 'csv'], { env: own.env })).stdout).toBe(`path,reset,dry_run\n${file},false,true\n`);
    } finally {
      own.cleanup();
    }
  });
});
