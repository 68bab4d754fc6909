// The one sanitiser for text bound for a terminal: API data reaches the screen only through it
// (table cells, detail lines, prompt messages and choices, notes, error lines). No dependencies, so
// every command can load it for nothing.

/**
 * Characters a terminal would act on rather than show: C0 controls except tab and newline (ESC
 * starts every escape sequence; CR overwrites the line; BEL…), DEL, the C1 controls (U+009B is a
 * one-character CSI on many terminals), and the bidirectional overrides and isolates that reorder
 * what is shown ("Trojan Source").
 */
const UNSAFE = /\r\n|[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Makes text from the API safe to write to a terminal, keeping it readable: controls become caret
 * notation (`ESC` → `^[`, `BEL` → `^G`, `DEL` → `^?`), C1 controls `<U+009B>` and bidi controls
 * `<U+202E>`, so `Evil\e]0;pwned\a` shows as `Evil^[]0;pwned^G` and does nothing. CRLF becomes a
 * newline; tabs and newlines stay (callers that need one line use oneLine()).
 */
export function sanitize(s: string): string {
  return s.replace(UNSAFE, visible);
}

/**
 * sanitize() for text that must stay on one line, such as a choice in a picker: a customer named
 * "Bob\n❯ Alice" must not draw a second, fake choice.
 */
export function sanitizeLine(s: string): string {
  return sanitize(s).replace(/[\n\t]/g, ' ');
}

function visible(ch: string): string {
  if (ch === '\r\n') return '\n';
  const cp = ch.codePointAt(0)!;
  if (cp < 0x20) return `^${String.fromCharCode(cp + 0x40)}`;
  if (cp === 0x7f) return '^?';
  return `<U+${cp.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/**
 * A copy of an API value with every string sanitised, keys included; other values as they are.
 * Tables and detail views render from this copy, so a column's custom getter sees safe text too.
 */
export function sanitizeDeep<T>(value: T): T {
  return deep(value, 0) as T;
}

function deep(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return sanitize(v);
  if (v === null || typeof v !== 'object' || depth > 64) return v;
  if (Array.isArray(v)) return v.map((x) => deep(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    // defineProperty: a `__proto__` key from the API stays plain data.
    Object.defineProperty(out, sanitize(k), { value: deep(x, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Characters JSON.stringify leaves raw that a terminal may still act on (DEL, C1 controls) or that
 * reorder what is shown (bidi controls). Only ever inside JSON strings, where `\uXXXX` is the same value.
 */
const JSON_UNSAFE = /[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** JSON.stringify whose output is safe on a terminal and parses to the same value. */
export function safeJson(value: unknown, indent?: number): string {
  const text = JSON.stringify(value, null, indent);
  if (text === undefined) return text as unknown as string;
  return text.replace(JSON_UNSAFE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
