// An explicit target always wins: --base-url or PAYCTL_BASE_URL without a key is refused with exit 4
// and the no-key help, and the embedded sandbox is not touched (no data file appears).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, tempHome } from '../helpers/cli.js';

describe('explicit base URL with no key', () => {
  const home = tempHome();
  afterAll(() => home.cleanup());
  const help = (url: string, from: string) =>
    `error: no API key for ${url} (base URL from ${from}): set PAYCTL_API_KEY, or run \`payctl login --with-key-stdin\`; to use the embedded sandbox instead, unset the base URL or pass --sandbox\n`;

  it.each([
    { name: '--base-url', argv: ['--base-url', 'http://127.0.0.1:12111'], env: {}, want: help('http://127.0.0.1:12111', '--base-url') },
    { name: 'PAYCTL_BASE_URL', argv: [], env: { PAYCTL_BASE_URL: 'https://payments.example.com' }, want: help('https://payments.example.com', 'PAYCTL_BASE_URL') },
  ])('$name: a create exits 4, nothing is written anywhere', async ({ argv, env, want }) => {
    const r = await runCli(['customers', 'create', '--name', 'Lost', ...argv], { env: { ...home.env, ...env } });
    expect(r).toEqual({ code: 4, stdout: '', stderr: want });
    expect(existsSync(join(home.env.XDG_DATA_HOME, 'payctl', 'sandbox.db'))).toBe(false);
  });

  it('--json reports it as a JSON error with exit_code 4', async () => {
    const r = await runCli(['balance', '--json'], { env: { ...home.env, PAYCTL_BASE_URL: 'http://localhost:9' } });
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stderr)).toEqual({
      error: {
        message: help('http://localhost:9', 'PAYCTL_BASE_URL').replace(/^error: /, '').trim(),
        exit_code: 4,
        base_url: 'http://localhost:9',
      },
    });
  });

  it('--sandbox still picks the embedded sandbox on purpose', async () => {
    const r = await runCli(['balance', '--sandbox', '--json'], { env: { ...home.env, PAYCTL_BASE_URL: 'http://127.0.0.1:12111' } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ object: 'balance' });
  });
});
