// How an error reaches the user: one stderr line (stack only with --verbose), or a JSON object with --json.
// Secrets are scrubbed here too, whatever the error's origin.
import { redactSecrets } from '../config/redact.js';
import { ExitCode, exitCodeFor } from '../errors.js';
import { sanitize } from './sanitize.js';

/**
 * `error: <message>` (just the message for a cancellation) plus ` (request req_…)` when the error carries details.request_id; with
 * `verbose`, the stack (and causes) on the following lines. No trailing newline.
 */
export function formatErrorLine(err: unknown, opts: { verbose: boolean; paramLabel?: (param: string) => string | undefined }): string {
  // Saying no or pressing Ctrl-C is the user's choice, not a failure: no "error:" in front of it.
  let line = exitCodeFor(err) === ExitCode.cancelled ? oneLineMessage(err) : `error: ${labelled(err, opts.paramLabel)}`;
  // A decline's reason (lost_card, insufficient_funds …) is what support staff need first.
  const decline = details(err).decline_code;
  if (typeof decline === 'string' && decline !== '' && !line.includes(decline)) line += ` [${decline}]`;
  // …and which payment or setup intent the decline left behind (a create's new id is shown nowhere else).
  const intent = details(err).setup_intent ?? details(err).payment_intent;
  if (details(err).type === 'card_error' && typeof intent === 'string' && intent !== '' && !line.includes(intent)) line += ` on ${intent}`;
  const requestId = details(err).request_id;
  if (typeof requestId === 'string' && requestId !== '') line += ` (request ${requestId})`;
  if (opts.verbose) {
    const stacks: string[] = [];
    let e: unknown = err;
    for (let depth = 0; e instanceof Error && depth < 5; depth++, e = e.cause) {
      if (e.stack) stacks.push((depth > 0 ? 'caused by: ' : '') + e.stack);
    }
    if (stacks.length > 0) line += '\n' + stacks.join('\n');
  }
  // API messages quote what was sent or stored (a name, an id): the terminal gets them sanitised.
  return sanitize(redactSecrets(line));
}

/** `{ error: { message, exit_code, ...details } }` for --json mode; details never override the first two. */
export function errorJson(err: unknown): { error: Record<string, unknown> } {
  const { message: _m, exit_code: _c, ...rest } = details(err);
  const body = { message: oneLineMessage(err), exit_code: exitCodeFor(err), ...rest };
  try {
    // Round-trip through JSON so redaction reaches every string in the details too.
    return { error: JSON.parse(redactSecrets(JSON.stringify(body))) as Record<string, unknown> };
  } catch {
    // Details that cannot be serialised (cycles, bigints) are dropped rather than lose the error.
    return { error: { message: redactSecrets(body.message), exit_code: body.exit_code } };
  }
}

/** `--amount: Amount must be at least …`: an API error names the flag (or parameter) it is about. */
function labelled(err: unknown, paramLabel: ((param: string) => string | undefined) | undefined): string {
  const message = oneLineMessage(err);
  const param = details(err).param;
  if (!paramLabel || typeof param !== 'string' || param === '' || typeof details(err).status !== 'number') return message;
  const label = paramLabel(param);
  return label ? `${label}: ${message}` : message;
}

function oneLineMessage(err: unknown): string {
  // Objects with a message (errors from another realm, thrown plain objects) read like errors.
  const message = err !== null && typeof err === 'object' ? (err as { message?: unknown }).message : undefined;
  const raw = typeof message === 'string' ? message : typeof err === 'string' ? err : safeString(err);
  const msg = raw.replace(/\s*[\r\n]+\s*/g, ' ').trim();
  return msg === '' ? (err instanceof Error ? err.name : 'unknown error') : msg;
}

function details(err: unknown): Record<string, unknown> {
  if (err && typeof err === 'object' && 'details' in err) {
    const d = (err as { details: unknown }).details;
    if (d && typeof d === 'object' && !Array.isArray(d)) return d as Record<string, unknown>;
  }
  return {};
}

function safeString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return 'unknown error';
  }
}
