// Unusable local state (a damaged, truncated or misplaced sandbox data file, an unwritable HOME or
// data directory): one line naming the path and the fix, exit 8, and a `sandbox reset` that recovers.
import { existsSync, mkdirSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalStateError } from '../../src/errors.js';
import { dataFileError } from '../../src/sandbox/embedded.js';
import { runCli, tempHome } from '../helpers/cli.js';

const homes: Array<ReturnType<typeof tempHome>> = [];
afterEach(() => {
  for (const h of homes.splice(0)) h.cleanup();
});

function setup() {
  const home = tempHome();
  homes.push(home);
  const dir = join(home.env.XDG_DATA_HOME, 'payctl');
  const file = join(dir, 'sandbox.db');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const cli = (argv: string[], env: Record<string, string> = {}) => runCli(argv, { env: { ...home.env, ...env } });
  return { home, dir, file, cli };
}

const damaged = (file: string, reason: string) =>
  `error: the sandbox data file ${file} is damaged or not a payctl sandbox (${reason}); run \`payctl sandbox reset\` to recreate it (its data is lost)\n`;

describe('a damaged sandbox data file', () => {
  it.each([
    {
      name: 'garbage',
      reason: 'file is not a database',
      spoil: async (file: string) => writeFileSync(file, 'this is not a database, just text that someone saved here\n'.repeat(100)),
    },
    {
      name: 'truncated',
      reason: 'database disk image is malformed',
      spoil: async (file: string, cli: (argv: string[]) => Promise<unknown>) => {
        for (let i = 0; i < 20; i++) await cli(['customers', 'create', '--name', `Filler ${i}`, '--description', 'x'.repeat(4000)]);
        expect(statSync(file).size).toBeGreaterThan(64 * 1024);
        truncateSync(file, 8192);
      },
    },
  ])('$name: commands and status exit 8 naming the file; reset recreates it', async ({ reason, spoil }) => {
    const { file, cli } = setup();
    await spoil(file, cli);
    expect(await cli(['customers', 'list'])).toEqual({ code: 8, stdout: '', stderr: damaged(file, reason) });
    expect(await cli(['sandbox', 'status'])).toEqual({ code: 8, stdout: '', stderr: damaged(file, reason) });

    const reset = await cli(['sandbox', 'reset', '--yes', '--json']);
    expect(reset).toEqual({ code: 0, stdout: `${JSON.stringify({ path: file, reset: true }, null, 2)}\n`, stderr: '' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await cli(['customers', 'list', '--json'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('a directory where the file should be: exit 8, and reset refuses to delete it', async () => {
    const { file, cli } = setup();
    mkdirSync(file);
    writeFileSync(join(file, 'keep.txt'), 'mine');
    const line = `error: the sandbox data file ${file} is a directory, not a file; move or remove that directory (payctl will not delete it)\n`;
    expect(await cli(['balance'])).toEqual({ code: 8, stdout: '', stderr: line });
    expect(await cli(['sandbox', 'reset', '--yes'])).toEqual({ code: 8, stdout: '', stderr: line });
    expect(existsSync(join(file, 'keep.txt'))).toBe(true);
  });

  it('reset wipes a healthy file in place and keeps it private', async () => {
    const { file, cli } = setup();
    await cli(['customers', 'create', '--name', 'Gone soon']);
    expect(await cli(['sandbox', 'reset', '--yes'])).toEqual({ code: 0, stdout: `${JSON.stringify({ path: file, reset: true }, null, 2)}\n`, stderr: '' });
    expect(await cli(['customers', 'list', '--json'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('unwritable HOME or data directory', () => {
  // A regular file where a directory must go fails the same way for every user, root included
  // (who ignores permission bits).
  it('HOME is not a usable directory: exit 8 naming the config directory', async () => {
    const { home, cli } = setup();
    const notADir = join(home.dir, 'plain-file');
    writeFileSync(notADir, '');
    const r = await cli(['balance'], { HOME: notADir, XDG_CONFIG_HOME: '', XDG_DATA_HOME: '' });
    expect(r).toEqual({
      code: 8,
      stdout: '',
      stderr: `error: cannot use the config directory ${notADir}/.config/payctl: a parent is not a directory; make it writable, or set XDG_CONFIG_HOME to a writable directory\n`,
    });
  });

  it('the data directory cannot be created: exit 8 naming it', async () => {
    const { home, cli } = setup();
    const notADir = join(home.dir, 'plain-file');
    writeFileSync(notADir, '');
    const r = await cli(['customers', 'create', '--name', 'Nowhere'], { XDG_DATA_HOME: notADir });
    expect(r).toEqual({
      code: 8,
      stdout: '',
      stderr: `error: cannot use the sandbox data directory ${notADir}/payctl: a parent is not a directory; make it writable, or set XDG_DATA_HOME to a writable directory\n`,
    });
  });

  // Permission failures cannot be staged for root, so the mapping from SQLite's and the OS's codes is checked directly.
  it.each([
    ['SQLITE_READONLY', 'attempt to write a readonly database', 'cannot write the sandbox data file /d/sandbox.db (attempt to write a readonly database); make it and its directory writable by you, or set XDG_DATA_HOME to a writable directory'],
    ['SQLITE_CANTOPEN', 'unable to open database file', 'cannot write the sandbox data file /d/sandbox.db (unable to open database file); make it and its directory writable by you, or set XDG_DATA_HOME to a writable directory'],
    ['EACCES', "EACCES: permission denied, open '/d/sandbox.db'", 'cannot write the sandbox data file /d/sandbox.db (permission denied); make it and its directory writable by you, or set XDG_DATA_HOME to a writable directory'],
    ['SQLITE_FULL', 'database or disk is full', 'cannot write the sandbox data file /d/sandbox.db: the disk is full; free some space'],
    ['SQLITE_CORRUPT_VTAB', 'database disk image is malformed', 'the sandbox data file /d/sandbox.db is damaged or not a payctl sandbox (database disk image is malformed); run `payctl sandbox reset` to recreate it (its data is lost)'],
  ])('%s → exit 8: %s', (code, message, want) => {
    const mapped = dataFileError(Object.assign(new Error(message), { code }), '/d/sandbox.db');
    expect(mapped).toBeInstanceOf(LocalStateError);
    expect([(mapped as LocalStateError).exitCode, (mapped as LocalStateError).message]).toEqual([8, want]);
  });

  it('an error that is not about the file is left alone', () => {
    const bug = new TypeError('x is undefined');
    expect(dataFileError(bug, '/d/sandbox.db')).toBe(bug);
  });
});

describe('payctl help exit-codes', () => {
  it('documents exit 8 for unusable local state', async () => {
    const r = await runCli(['help', 'exit-codes']);
    expect(r.stdout).toContain('    8  local      a local file or directory payctl needs is unusable (config or its lock, sandbox data file, HOME) or locked by another payctl; the message names it and the fix\n');
  });
});
