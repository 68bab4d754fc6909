// The embedded sandbox the CLI opens per command when no API key and no base URL are configured: the
// persistent data file under the user's data dir, served in-process through an undici Dispatcher
// (no socket, so nobody else can reach it). Also the one place that opens, checks and recreates that
// file, with errors that name it and say how to fix it.
import { chmodSync, closeSync, mkdirSync, openSync, rmSync, statSync, constants as fsc } from 'node:fs';
import { homedir, platform } from 'node:os';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import { LocalStateError, fileErrorReason, isFileSystemError } from '../errors.js';
import type { Store } from './store/sqlite.js';

/** The local account's key: embedded state belongs to this one account, so it carries across CLI runs. */
export const EMBEDDED_API_KEY = 'sk_test_sandbox_embedded';
export const SANDBOX_DB_FILE = 'sandbox.db';
/** Names the in-process target in messages; nothing ever connects to it. */
export const EMBEDDED_BASE_URL = 'http://embedded-sandbox.localhost';

const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

/** `$XDG_DATA_HOME/payctl`, else `~/.local/share/payctl`. */
export function sandboxDataDir(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env.XDG_DATA_HOME;
  if (xdg && xdg.startsWith('/')) return join(xdg, 'payctl');
  return join(env.HOME || homedir(), '.local', 'share', 'payctl');
}

export function sandboxDbPath(dataDir: string): string {
  return join(dataDir, SANDBOX_DB_FILE);
}

const RESET_HINT = 'run `payctl sandbox reset` to recreate it (its data is lost)';

/**
 * Creates the data directory 0700. `own`: the default directory payctl manages, tightened to 0700
 * when it exists with group/other access; a directory the user named (`--data DIR`) is left as is.
 */
export function prepareDataDir(dir: string, opts: { own: boolean }): void {
  const fix = opts.own ? 'make it writable, or set XDG_DATA_HOME to a writable directory' : 'make it writable or choose another --data directory';
  try {
    mkdirSync(dir, { recursive: true, mode: DIR_MODE });
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    if (opts.own && platform() !== 'win32' && (statSync(dir).mode & 0o077) !== 0) chmodSync(dir, DIR_MODE);
  } catch (err) {
    if (err instanceof LocalStateError) throw err;
    throw new LocalStateError(`cannot use the sandbox data directory ${dir}: ${fileErrorReason(err)}; ${fix}`, dir);
  }
}

/** SQLite's verdicts on a file that is not (or no longer) a database it can use. */
function isDamaged(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT_'));
}

function isUnwritable(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && (/^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code) || code === 'EACCES' || code === 'EPERM' || code === 'EROFS');
}

/** Turns a failure to use the data file into one line naming it and the fix; anything else is returned as is. */
export function dataFileError(err: unknown, file: string): unknown {
  if (err instanceof LocalStateError) return err;
  if (isDamaged(err)) return new LocalStateError(`the sandbox data file ${file} is damaged or not a payctl sandbox (${fileErrorReason(err)}); ${RESET_HINT}`, file);
  if (isUnwritable(err)) {
    return new LocalStateError(`cannot write the sandbox data file ${file} (${fileErrorReason(err)}); make it and its directory writable by you, or set XDG_DATA_HOME to a writable directory`, file);
  }
  if ((err as { code?: unknown })?.code === 'SQLITE_FULL' || (err as { code?: unknown })?.code === 'ENOSPC') {
    return new LocalStateError(`cannot write the sandbox data file ${file}: the disk is full; free some space`, file);
  }
  if (isFileSystemError(err) || (typeof (err as { code?: unknown })?.code === 'string' && String((err as { code: string }).code).startsWith('SQLITE_'))) {
    return new LocalStateError(`cannot use the sandbox data file ${file}: ${fileErrorReason(err)}`, file);
  }
  return err;
}

/** Creates the file 0600 before SQLite sees it (its -wal and -shm files copy its mode), or tightens an older one. */
function ensurePrivateFile(file: string): void {
  let st;
  try {
    st = statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    closeSync(openSync(file, fsc.O_CREAT | fsc.O_WRONLY, FILE_MODE));
    return;
  }
  if (st.isDirectory()) {
    throw new LocalStateError(`the sandbox data file ${file} is a directory, not a file; move or remove that directory (payctl will not delete it)`, file);
  }
  if (platform() !== 'win32' && (st.mode & 0o077) !== 0) chmodSync(file, FILE_MODE);
}

async function openPrivateStore(file: string): Promise<Store> {
  const { openStore } = await import('./store/sqlite.js');
  ensurePrivateFile(file);
  return openStore({ path: file });
}

/** Opens the data file (created 0600) as a store; every failure is a LocalStateError naming the file. */
export async function openDataStore(file: string): Promise<Store> {
  try {
    return await openPrivateStore(file);
  } catch (err) {
    throw dataFileError(err, file);
  }
}

/**
 * `sandbox reset`: wipes every account in place when the file is healthy (a running `serve` keeps
 * working), else removes the damaged file with its -wal/-shm and creates a new one. Refuses a directory.
 */
export async function resetDataFile(file: string): Promise<void> {
  let store: Store | undefined;
  try {
    store = await openPrivateStore(file);
    store.reset();
    return;
  } catch (err) {
    // Only a damaged file is replaced; a directory or a permission problem is the user's to fix.
    if (!isDamaged(err)) throw dataFileError(err, file);
  } finally {
    try {
      store?.close();
    } catch {
      // The file is replaced below when it was damaged.
    }
  }
  try {
    for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
  } catch (err) {
    throw dataFileError(err, file);
  }
  (await openDataStore(file)).close();
}

export interface EmbeddedSandbox {
  /** Names the target in messages (nothing listens there). */
  baseUrl: string;
  apiKey: string;
  /** Hands each request to the sandbox app in this process. */
  dispatcher: Dispatcher;
  close(): Promise<void>;
}

export async function openEmbeddedSandbox(opts: { dataDir: string }): Promise<EmbeddedSandbox> {
  prepareDataDir(opts.dataDir, { own: true });
  const file = sandboxDbPath(opts.dataDir);
  // Imported here so commands that never touch the sandbox do not load SQLite.
  const [store, { createSandboxApp }, { createInProcessDispatcher }] = await Promise.all([openDataStore(file), import('./app.js'), import('./dispatcher.js')]);
  const app = createSandboxApp({ store, rejectUnexpected: true });
  const dispatcher = createInProcessDispatcher({
    ...app,
    // A data file that breaks mid-command (truncated, replaced) is reported like one that broke at open.
    respond: (req) => app.respond(req).catch((err: unknown) => Promise.reject(dataFileError(err, file))),
  });
  return {
    baseUrl: EMBEDDED_BASE_URL,
    apiKey: EMBEDDED_API_KEY,
    dispatcher,
    async close() {
      await dispatcher.close();
      app.close();
      store.close();
    },
  };
}
