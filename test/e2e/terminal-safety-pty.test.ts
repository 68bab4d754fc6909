// What a support agent's real terminal receives when API data carries escape sequences: a customer
// named to retitle and clear the terminal shows up in a picker as visible text, and does nothing.
import { afterAll, describe, expect, it } from 'vitest';
import * as pty from 'node-pty';
import { tempHome } from '../helpers/cli.js';
import { BIN, cleanEnv, runBin } from '../helpers/spawn.js';

const EVIL = 'Evil\x1b]0;pwned\x07\x1b[2J';

describe('escape sequences in a real terminal', () => {
  const home = tempHome();
  const env = cleanEnv(home.env);
  afterAll(() => home.cleanup());

  it('the customer picker and the table show them as text', async () => {
    const created = await runBin(['customers', 'create', '--name', EVIL, '--email', 'evil@example.com'], env);
    expect(created.code).toBe(0);
    const id = JSON.parse(created.stdout).id as string;

    const term = pty.spawn(process.execPath, [BIN, 'invoices', 'create'], { name: 'xterm-256color', cols: 100, rows: 30, env: { ...env, TERM: 'xterm-256color' } });
    let screen = '';
    term.onData((d) => (screen += d));
    const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
    const start = Date.now();
    while (!screen.includes(id) && Date.now() - start < 10_000) await new Promise((r) => setTimeout(r, 25));
    term.write('\x03');
    expect(await exited).toBe(130);
    expect(screen).toContain(`Evil^[]0;pwned^G^[[2J <evil@example.com>  ${id}`);
    expect(screen).not.toContain('\x1b]0;pwned');
    expect(screen).not.toContain('\x1b[2J');
    expect(screen).not.toContain('\x07');

    const table = pty.spawn(process.execPath, [BIN, 'customers', 'list'], { name: 'xterm-256color', cols: 100, rows: 30, env: { ...env, TERM: 'xterm-256color' } });
    let out = '';
    table.onData((d) => (out += d));
    expect(await new Promise<number>((resolve) => table.onExit(({ exitCode }) => resolve(exitCode)))).toBe(0);
    expect(out).toContain('Evil^[]0;pwned^G^[[2J');
    expect(out).not.toContain('\x1b]0;pwned');
  });
});
