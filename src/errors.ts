// Errors raised by payctl itself (not by the API) and the exit codes every error maps to.
// The one mapping from error to exit code lives in exitCodeFor(); never match on message text.

export const ExitCode = {
  ok: 0,
  error: 1, // unexpected failure inside payctl
  usage: 2, // bad flags or arguments; nothing was sent
  apiRejected: 3, // the API refused the request (400/404/idempotency mismatch …)
  auth: 4, // missing/invalid key, permission denied, read-only profile, live mode refused
  cardDeclined: 5, // 402 card_error
  rateLimited: 6, // still 429 after retries
  network: 7, // network failure or 5xx after retries: the outcome may be unknown
  local: 8, // a local file or directory payctl needs (config, its lock, sandbox data, HOME) is unusable or locked by another payctl
  cancelled: 130, // the user said no, or pressed Ctrl-C
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodeDocs: Array<[number, string, string]> = [
  [ExitCode.ok, 'ok', 'success'],
  [ExitCode.error, 'error', 'unexpected failure inside payctl (a bug: please report it with --verbose output)'],
  [ExitCode.usage, 'usage', 'bad flags, arguments or amounts; nothing was sent'],
  [ExitCode.apiRejected, 'api', 'the API rejected the request (invalid parameters, missing object, wrong state, idempotency mismatch)'],
  [ExitCode.auth, 'auth', 'no key, invalid key, permission denied, read-only profile or live mode refused'],
  [ExitCode.cardDeclined, 'card', 'the card was declined (402 card_error)'],
  [ExitCode.rateLimited, 'rate-limit', 'still rate-limited (429) after retries'],
  [ExitCode.network, 'network', 'network failure or server error after retries; a mutation may or may not have happened — re-run with the printed idempotency key'],
  [ExitCode.local, 'local', 'a local file or directory payctl needs is unusable (config or its lock, sandbox data file, HOME) or locked by another payctl; the message names it and the fix'],
  [ExitCode.cancelled, 'cancelled', 'cancelled at a prompt or by Ctrl-C before anything was sent'],
];

/** Base class of every error payctl knows how to report. */
export class PayctlError extends Error {
  readonly exitCode: number;
  /** Extra machine-readable fields for `--json` error output. */
  readonly details: Record<string, unknown>;
  constructor(message: string, exitCode: number, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.details = details;
  }
}

/** Bad input found before any request was sent. */
export class UsageError extends PayctlError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, ExitCode.usage, details);
  }
}

/** What Ctrl-C at a prompt reports: prompts always come before any request. */
export const PROMPT_CANCELLED = 'cancelled: nothing was changed';

/** The user declined a confirmation or interrupted a prompt. */
export class CancelError extends PayctlError {
  constructor(message = 'cancelled') {
    super(message, ExitCode.cancelled);
  }
}

/** Authentication/permission problems found locally (no key, read-only profile, live key refused). */
export class AuthError extends PayctlError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, ExitCode.auth, details);
  }
}

/** A local file or directory payctl needs is unusable: the message names it and says how to fix it. */
export class LocalStateError extends PayctlError {
  readonly path: string;
  constructor(message: string, path: string) {
    super(message, ExitCode.local, { path });
    this.path = path;
  }
}

/** A Node.js system error from a file operation (`EACCES`, `ENOENT`, `EROFS`…), which carries the path. */
export function isFileSystemError(err: unknown): err is NodeJS.ErrnoException & { path: string } {
  const e = err as { code?: unknown; syscall?: unknown; path?: unknown } | null;
  return !!e && typeof e === 'object' && typeof e.code === 'string' && typeof e.syscall === 'string' && typeof e.path === 'string';
}

/** A file operation's failure in plain words (`permission denied`), for messages that name the path themselves. */
export function fileErrorReason(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  switch (e?.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOTDIR':
      return 'a parent is not a directory';
    case 'EEXIST':
      return 'a file is in the way';
    default:
      return String(e?.message ?? err).replace(/\s*[\r\n]+\s*/g, ' ');
  }
}

/** Maps any thrown value to an exit code. API errors carry their own exitCode (see client/errors.ts). */
export function exitCodeFor(err: unknown): number {
  if (err instanceof PayctlError) return err.exitCode;
  if (err && typeof err === 'object' && 'exitCode' in err && typeof (err as { exitCode: unknown }).exitCode === 'number') {
    return (err as { exitCode: number }).exitCode;
  }
  // A file payctl could not read or write is a local problem the message names, not a bug.
  if (isFileSystemError(err)) return ExitCode.local;
  return ExitCode.error;
}
