// The config lock file on its own: mutual exclusion among concurrent holders, a wait bounded per
// holder, stale locks broken exactly once, and a release that never removes someone else's lock.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from '../../src/config/lock.js';
import { ExitCode, LocalStateError } from '../../src/errors.js';

let tmp: string;
let lock: string;
let counter: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payctl-lock-'));
  lock = path.join(tmp, 'config.json.lock');
  counter = path.join(tmp, 'counter');
  fs.writeFileSync(counter, '0');
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A read-modify-write with a gap in the middle: without mutual exclusion, increments get lost. */
async function increment(holdMs: number): Promise<void> {
  const n = Number(fs.readFileSync(counter, 'utf8'));
  await sleep(holdMs);
  fs.writeFileSync(counter, String(n + 1));
}

describe('withFileLock', () => {
  it('lets 25 concurrent read-modify-writes take turns: none is lost, and the lock file is gone after', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => withFileLock(lock, () => increment(1 + (i % 3)))));
    expect(fs.readFileSync(counter, 'utf8')).toBe('25');
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('bounds the wait per holder: a queue of short holders all get through a timeout shorter than the queue', async () => {
    const started = Date.now();
    await Promise.all(Array.from({ length: 8 }, () => withFileLock(lock, () => increment(40), { timeoutMs: 150 })));
    expect(fs.readFileSync(counter, 'utf8')).toBe('8');
    expect(Date.now() - started).toBeGreaterThan(8 * 40);
  });

  it('gives up on a live holder with a LocalStateError (exit 8) naming the lock file, and leaves its lock alone', async () => {
    const theirs = JSON.stringify({ pid: 4242, host: os.hostname(), token: 'theirs' });
    fs.writeFileSync(lock, theirs);
    const err = await withFileLock(lock, () => 'ran', { timeoutMs: 100, processes: { pid: 1, alive: () => true } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalStateError);
    expect((err as LocalStateError).exitCode).toBe(ExitCode.local);
    expect((err as Error).message).toBe(`the config is locked by another payctl (pid 4242): ${lock}; retry, or delete that file if no payctl is running`);
    expect(fs.readFileSync(lock, 'utf8')).toBe(theirs);
  });

  it('breaks a lock whose holder on this host is gone, but not one from another host', async () => {
    const alive = (pid: number) => pid !== 999_999;
    fs.writeFileSync(lock, JSON.stringify({ pid: 999_999, host: os.hostname(), token: 'dead' }));
    expect(await withFileLock(lock, () => 'ran', { timeoutMs: 100, processes: { pid: 1, alive } })).toBe('ran');
    expect(fs.existsSync(lock)).toBe(false);

    fs.writeFileSync(lock, JSON.stringify({ pid: 999_999, host: `not-${os.hostname()}`, token: 'elsewhere' }));
    await expect(withFileLock(lock, () => 'ran', { timeoutMs: 100, processes: { pid: 1, alive } })).rejects.toBeInstanceOf(LocalStateError);
  });

  it('breaks an old lock exactly once when many waiters find it stale together', async () => {
    fs.writeFileSync(lock, 'half-written');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    await Promise.all(Array.from({ length: 12 }, () => withFileLock(lock, () => increment(2), { staleMs: 30_000 })));
    expect(fs.readFileSync(counter, 'utf8')).toBe('12');
    expect(fs.readdirSync(tmp).sort()).toEqual(['counter']);
  });

  it('does not remove a lock that is no longer its own at release', async () => {
    await withFileLock(lock, () => {
      // Judged stale and taken over by someone else while we held it.
      fs.rmSync(lock);
      fs.writeFileSync(lock, JSON.stringify({ token: 'new-holder' }));
    });
    expect(JSON.parse(fs.readFileSync(lock, 'utf8')).token).toBe('new-holder');
  });

  it('releases the lock when the locked work throws', async () => {
    await expect(withFileLock(lock, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(fs.existsSync(lock)).toBe(false);
  });
});
