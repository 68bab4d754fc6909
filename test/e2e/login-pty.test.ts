// `payctl login` at a real terminal: the key is typed into a masked prompt, checked against the
// API, saved 0600, and never appears on screen — then whoami shows only its redacted form.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as pty from 'node-pty';
import { tempHome } from '../helpers/cli.js';
import { newTestKey, startTestSandbox } from '../helpers/sandbox.js';
import { BIN, cleanEnv, runBin } from '../helpers/spawn.js';

let sandbox: Awaited<ReturnType<typeof startTestSandbox>>;
const home = tempHome();
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
  home.cleanup();
});

describe('login in a real terminal', () => {
  it('masks the key, validates it, saves it 0600, and shows it only redacted', async () => {
    const key = newTestKey();
    const env = cleanEnv({ ...home.env, PAYCTL_BASE_URL: sandbox.url, TERM: 'xterm-256color' });
    const term = pty.spawn(process.execPath, [BIN, 'login'], { name: 'xterm-256color', cols: 100, rows: 20, env });
    let screen = '';
    term.onData((d) => (screen += d));
    const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    const start = Date.now();
    while (!screen.includes('Secret API key')) {
      if (Date.now() - start > 10_000) throw new Error(`no prompt; screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    term.write(`${key}\r`);
    expect(await exited).toBe(0);
    expect(screen).not.toContain(key);
    expect(screen).not.toContain(key.slice(8, -4));

    const file = join(home.env.XDG_CONFIG_HOME, 'payctl', 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).profiles.default.api_key).toBe(key);

    const who = await runBin(['whoami', '--json'], cleanEnv({ ...home.env, PAYCTL_BASE_URL: sandbox.url }));
    expect(who.code).toBe(0);
    expect(JSON.parse(who.stdout)).toMatchObject({ profile: 'default', mode: 'test', key: `sk_test_…${key.slice(-4)}`, key_source: 'profile "default"' });
    expect(who.stdout + who.stderr).not.toContain(key);
  });
});
