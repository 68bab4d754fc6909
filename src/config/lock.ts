// An exclusive lock file next to the config, so concurrent `config set` / `login` runs (separate
// processes) take turns at read-modify-write instead of overwriting each other's profiles.
//
// Acquire: create `<file>.lock` with O_CREAT|O_EXCL ('wx') holding {pid, host, token}; while it
// exists, poll with jitter up to a bounded wait. A lock is stale when its holder on this host is
// gone (pid no longer running) or the file is older than `staleMs` (a holder keeps it for
// milliseconds); a stale lock is moved aside with rename(), which only one waiter can win, and put
// back if what was moved turns out to be a fresh lock. Release removes the file only if it is ours.
import fs from 'node:fs';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { LocalStateError } from '../errors.js';

/** What the lock needs to know about processes (from the Factory; absent in in-process tests). */
export interface ProcessInfo {
  /** This process's id, written into the lock file. */
  readonly pid: number;
  /** Whether a process with this id runs on this host. */
  alive(pid: number): boolean;
}

export interface LockOptions {
  processes?: ProcessInfo;
  /** Give up when one holder keeps the lock this long (ms), with a LocalStateError naming the lock file. */
  timeoutMs?: number;
  /** A lock file older than this (ms) is stale whatever its pid says (pid reuse, a stopped holder). */
  staleMs?: number;
}

interface LockRecord {
  pid?: number;
  host?: string;
  token?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readLock(lockPath: string): { raw: string; stat: fs.Stats; record: LockRecord } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LocalStateError(`cannot read the lock file ${lockPath}: ${(err as Error).message}`, lockPath);
  }
  try {
    const stat = fs.fstatSync(fd);
    const raw = fs.readFileSync(fd, 'utf8');
    let record: LockRecord = {};
    try {
      const parsed: unknown = JSON.parse(raw);
      if (parsed && typeof parsed === 'object') record = parsed as LockRecord;
    } catch {
      // Being written right now, or garbage: only its age can make it stale.
    }
    return { raw, stat, record };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Runs `fn` while holding `lockPath` exclusively. Throws LocalStateError (exit code `local`) when the
 * lock stays held by a live holder for `timeoutMs`, or when the lock file cannot be created at all.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T> | T, opts: LockOptions = {}): Promise<T> {
  const token = randomBytes(12).toString('hex');
  for (const ms of acquiring(lockPath, token, opts)) await sleep(ms);
  try {
    return await fn();
  } finally {
    release(lockPath, token);
  }
}

/**
 * withFileLock for synchronous callers (the history journal's rotation): the same lock, waiting by
 * blocking the thread between attempts. For locks held for a moment only.
 */
export function withFileLockSync<T>(lockPath: string, fn: () => T, opts: LockOptions = {}): T {
  const token = randomBytes(12).toString('hex');
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (const ms of acquiring(lockPath, token, opts)) Atomics.wait(nap, 0, 0, ms);
  try {
    return fn();
  } finally {
    release(lockPath, token);
  }
}

/** Takes the lock for `token`, yielding how long to wait before each new attempt. */
function* acquiring(lockPath: string, token: string, opts: LockOptions): Generator<number, void> {
  // The real clock on purpose, not the Factory's: lock ages compare with file times the kernel set,
  // and a bounded wait must end even in a run whose clock is fixed.
  const now = () => Date.now();
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const staleMs = opts.staleMs ?? 30_000;
  const host = os.hostname();
  const mine = `${JSON.stringify({ pid: opts.processes?.pid, host, token })}\n`;
  // The wait is bounded per holder: a queue of writers that each hold the lock briefly all get their
  // turn, while one holder that keeps it for timeoutMs ends the wait.
  let holder: string | undefined;
  let deadline = now() + timeoutMs;

  for (let attempt = 0; ; attempt++) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(lockPath, 'wx', 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LocalStateError(`cannot create the lock file ${lockPath}: ${(err as Error).message}`, lockPath);
      }
    }
    if (fd !== undefined) {
      try {
        fs.writeSync(fd, mine);
      } finally {
        fs.closeSync(fd);
      }
      break;
    }

    const held = readLock(lockPath);
    if (!held) continue; // released between our open and our read: try again at once
    const age = now() - held.stat.mtimeMs;
    const { pid } = held.record;
    const holderGone = typeof pid === 'number' && held.record.host === host && opts.processes !== undefined && pid !== opts.processes.pid && !opts.processes.alive(pid);
    if (holderGone || age > staleMs) {
      breakStale(lockPath, held);
      continue;
    }
    if (held.raw !== holder) {
      holder = held.raw;
      deadline = now() + timeoutMs;
    } else if (now() >= deadline) {
      const who = typeof pid === 'number' ? `another payctl (pid ${pid})` : 'another payctl';
      throw new LocalStateError(`the config is locked by ${who}: ${lockPath}; retry, or delete that file if no payctl is running`, lockPath);
    }
    // Jittered back-off (5–40 ms) so a crowd of waiters does not retry in lock step.
    yield Math.min(5 + Math.floor(Math.random() * 5 * Math.min(attempt + 1, 7)), 40);
  }
}

/** Moves a stale lock aside (one waiter wins the rename) and removes it; restores it if it was not the stale one. */
function breakStale(lockPath: string, seen: { raw: string; stat: fs.Stats }): void {
  const aside = `${lockPath}.stale-${randomBytes(6).toString('hex')}`;
  try {
    fs.renameSync(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else broke or released it
    throw new LocalStateError(`cannot remove the stale lock file ${lockPath}: ${(err as Error).message}`, lockPath);
  }
  const moved = readLock(aside);
  const same = moved !== undefined && moved.stat.ino === seen.stat.ino && moved.stat.mtimeMs === seen.stat.mtimeMs && moved.raw === seen.raw;
  if (!same) {
    // A new holder's lock replaced the stale one between our read and the rename: give it back
    // (link fails if yet another lock exists, which then stands).
    try {
      fs.linkSync(aside, lockPath);
    } catch {
      // Nothing better to do: the newer lock file wins.
    }
  }
  fs.rmSync(aside, { force: true });
}

function release(lockPath: string, token: string): void {
  const held = readLock(lockPath);
  // Ours unless it was judged stale and broken meanwhile: then it belongs to someone else now.
  if (held?.record.token === token) fs.rmSync(lockPath, { force: true });
}
