// The local journal of every mutation payctl sends: one JSONL line per POST/DELETE in
// $XDG_STATE_HOME/payctl/history.jsonl (file 0600, directory 0700), rotated to history.jsonl.1 past a
// size cap (under history.jsonl.lock, so concurrent processes rotate once). Lines hold what a
// mutation was and how it ended — never the API key, never request bodies.
//
// `history retry ID` must re-send an unknown-outcome mutation exactly as it was, so for those only the
// request's params are kept in pending/<name>.json (0600) until a later answer with the same
// idempotency key settles it; then the file is deleted. Params never hold the API key (it travels in a
// header), and nothing is kept for mutations whose outcome is known.
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync, fchmodSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import type { MutationRecord } from '../client/observe.js';
import { redactSecrets } from '../config/redact.js';
import { withFileLockSync } from '../config/lock.js';
import { LocalStateError } from '../errors.js';

export const HISTORY_FILE = 'history.jsonl';
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** One journal line. */
export interface HistoryEntry {
  id: string;
  time: string;
  profile: string | null;
  mode: 'test' | 'live' | 'sandbox';
  method: 'POST' | 'DELETE';
  path: string;
  idempotency_key: string | null;
  request_id: string | null;
  status: number | null;
  object_id: string | null;
  amount: number | null;
  currency: string | null;
  outcome: 'ok' | 'failed' | 'unknown';
  error_type?: string;
  error_code?: string;
  replayed?: boolean;
}

/** What retry needs to re-send an unknown-outcome mutation. */
export interface PendingRequest {
  id: string;
  method: 'POST' | 'DELETE';
  path: string;
  params: Record<string, unknown>;
  idempotency_key: string | null;
  profile: string | null;
  mode: HistoryEntry['mode'];
}

/** `$XDG_STATE_HOME/payctl`, else `~/.local/state/payctl` (relative XDG values are ignored, as the spec says). */
export function historyDir(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_STATE_HOME;
  if (xdg && isAbsolute(xdg)) return join(xdg, 'payctl');
  return join(env.HOME || homedir(), '.local', 'state', 'payctl');
}

function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

function pendingName(entry: { id: string; idempotency_key: string | null }): string {
  // Named by key, so any later answer with the same key (a retry, a bulk re-run) settles it.
  return entry.idempotency_key ? `k_${createHash('sha256').update(entry.idempotency_key).digest('hex').slice(0, 32)}.json` : `${entry.id}.json`;
}

export interface JournalOptions {
  dir: string;
  profile: string | null;
  mode: HistoryEntry['mode'];
  now: () => Date;
  maxBytes?: number;
}

/** The observer the client calls after each mutation: appends the line, keeps or drops the pending file. */
export function journalWriter(o: JournalOptions): (r: MutationRecord) => void {
  const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
  let ready = false;
  return (r) => {
    if (!ready) {
      ensureDir(o.dir);
      ready = true;
    }
    const entry: HistoryEntry = {
      id: `h_${randomBytes(6).toString('hex')}`,
      time: o.now().toISOString(),
      profile: o.profile,
      mode: o.mode,
      method: r.method,
      path: r.path,
      idempotency_key: r.idempotencyKey ?? null,
      request_id: r.requestId,
      status: r.status,
      object_id: r.objectId,
      amount: r.amount,
      currency: r.currency,
      outcome: r.outcome,
    };
    if (r.errorType) entry.error_type = r.errorType;
    if (r.errorCode) entry.error_code = r.errorCode;
    if (r.replayed) entry.replayed = true;
    const pending = join(o.dir, 'pending', pendingName(entry));
    if (r.outcome === 'unknown') {
      ensureDir(join(o.dir, 'pending'));
      const p: PendingRequest = { id: entry.id, method: r.method, path: r.path, params: r.params ?? {}, idempotency_key: entry.idempotency_key, profile: o.profile, mode: o.mode };
      writeFileSync(pending, JSON.stringify(p), { mode: 0o600 });
    } else if (entry.idempotency_key) {
      try {
        unlinkSync(pending);
      } catch {
        // Nothing was pending under this key: the usual case.
      }
    }
    appendLine(o.dir, redactSecrets(JSON.stringify(entry)), maxBytes);
  };
}

/**
 * One write() of one short line to a file opened O_APPEND: lines from concurrent payctl processes
 * never interleave. Past the cap the file becomes history.jsonl.1 (the older .1 is dropped), under
 * a lock, so that two processes crossing the cap at once rotate once: without it the second would
 * rename the first one's fresh file over history.jsonl.1 and lose the whole older history.
 */
export function appendLine(dir: string, line: string, maxBytes: number): void {
  const file = join(dir, HISTORY_FILE);
  const bytes = Buffer.byteLength(line) + 1;
  let fd = openSync(file, 'a', 0o600);
  try {
    let size = fstatSync(fd).size;
    if (size > 0 && size + bytes > maxBytes) {
      closeSync(fd);
      fd = -1;
      rotate(file, bytes, maxBytes);
      fd = openSync(file, 'a', 0o600);
      size = fstatSync(fd).size;
    }
    // A new file: 0600 whatever the umask made of it (through the descriptor: the path may have been rotated away meanwhile).
    if (size === 0) fchmodSync(fd, 0o600);
    writeSync(fd, `${line}\n`);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** How long a writer waits for another one's rotation (it takes a rename), and when a lock counts as left by a crash. */
const ROTATE_LOCK = { timeoutMs: 2_000, staleMs: 10_000 };

/**
 * Renames `file` to `file.1` if it is still over the cap once this process holds `file.lock` (the
 * config's lock, src/config/lock.ts): the size is checked again under the lock, because another
 * process may have rotated it meanwhile and the file now at that path is its fresh one. A lock that
 * cannot be had skips the rotation (the line goes over the cap; the next write tries again): nothing
 * is ever lost to a busy lock.
 */
function rotate(file: string, bytes: number, maxBytes: number): void {
  try {
    withFileLockSync(
      `${file}.lock`,
      () => {
        const size = statSync(file, { throwIfNoEntry: false })?.size ?? 0; // gone: the next open creates it
        if (size > 0 && size + bytes > maxBytes) renameSync(file, `${file}.1`);
      },
      ROTATE_LOCK,
    );
  } catch (err) {
    if (!(err instanceof LocalStateError)) throw err;
  }
}

/** Every entry, oldest first (the rotated file first). Unreadable lines are skipped. */
export function readHistory(dir: string): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  for (const name of [`${HISTORY_FILE}.1`, HISTORY_FILE]) {
    let text: string;
    try {
      text = readFileSync(join(dir, name), 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        const e = JSON.parse(line) as HistoryEntry;
        if (typeof e.id === 'string' && typeof e.outcome === 'string') out.push(e);
      } catch {
        // A line torn by a crash.
      }
    }
  }
  return out;
}

/** Unknown outcomes no later entry with the same idempotency key has settled. */
export function unresolved(entries: readonly HistoryEntry[]): Set<string> {
  const open = new Map<string, string[]>();
  const out = new Set<string>();
  for (const e of entries) {
    if (e.outcome === 'unknown') {
      out.add(e.id);
      if (e.idempotency_key) open.set(e.idempotency_key, [...(open.get(e.idempotency_key) ?? []), e.id]);
    } else if (e.idempotency_key && open.has(e.idempotency_key)) {
      for (const id of open.get(e.idempotency_key)!) out.delete(id);
      open.delete(e.idempotency_key);
    }
  }
  return out;
}

/** The request kept for an unknown-outcome entry, if it is still pending. */
export function readPending(dir: string, entry: HistoryEntry): PendingRequest | undefined {
  try {
    return JSON.parse(readFileSync(join(dir, 'pending', pendingName(entry)), 'utf8')) as PendingRequest;
  } catch {
    return undefined;
  }
}

/** Names of pending files (for tests and `history` diagnostics). */
export function pendingFiles(dir: string): string[] {
  try {
    return readdirSync(join(dir, 'pending'));
  } catch {
    return [];
  }
}
