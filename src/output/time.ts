// Time at the edges: unix seconds ⇄ relative/absolute text, and the time bounds and durations users type.
// Everything is UTC and takes `now` as a parameter, so output never depends on the machine's zone or clock.
import { UsageError } from '../errors.js';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: MINUTE, h: HOUR, d: DAY, w: WEEK };
/** Past this distance a relative time stops being useful; show the date. */
const RELATIVE_LIMIT = 30 * DAY;

/** `just now`, `5m ago`, `3h ago`, `2d ago`, `in 2d`; beyond ~30 days the UTC date `2026-10-01`. */
export function formatRelative(unixSeconds: number, now: Date): string {
  const diff = Math.floor(now.getTime() / 1000) - unixSeconds;
  const abs = Math.abs(diff);
  if (abs < MINUTE) return 'just now';
  if (abs >= RELATIVE_LIMIT) return isoDate(unixSeconds);
  if (diff > 0) return `${durationText(abs, Math.floor)} ago`;
  // The future rounds to the nearest unit: a payout arriving in 47h59m is "in 2d", not "in 1d"
  // (counting down, flooring always reads a day early).
  return `in ${durationText(abs, Math.round)}`;
}

function durationText(seconds: number, round: (n: number) => number): string {
  const m = round(seconds / MINUTE);
  if (m < 60) return `${Math.max(1, m)}m`;
  const h = round(seconds / HOUR);
  if (h < 24) return `${h}h`;
  return `${round(seconds / DAY)}d`;
}

/** `2026-11-25 12:45 UTC`: readable, unambiguous, sortable. */
export function formatTimestamp(unixSeconds: number): string {
  const iso = new Date(unixSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** `2026-11-25T12:45:00Z`: for CSV/TSV, where machines read it. */
export function formatIso(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isoDate(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

/**
 * A bound for --created-after/--created-before, as unix seconds: a duration ago (`7d`, `24h`,
 * `30m`, `2w`), a UTC date `2026-11-01`, a date-time `2026-11-01T10:00:00Z` (no zone = UTC, offsets
 * honoured), or unix seconds `1700000000`.
 */
export function parseTimeBound(input: string, now: Date): number {
  const text = input.trim();
  if (/^\d+$/.test(text)) return checkedInteger(Number(text), input);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const ago = parseDurationOrUndefined(text);
  if (ago !== undefined) return nowSeconds - ago;
  const at = parseDateTime(text);
  if (at !== undefined) return at;
  throw new UsageError(
    `invalid time ${JSON.stringify(input)}: use a duration ago (7d, 24h, 30m, 2w), a date (2026-11-01), ` +
      `a date-time (2026-11-01T10:00:00Z) or unix seconds`,
  );
}

/** Seconds in `3d`, `12h`, `90m`, `30s`, `1w`, or a sum such as `1d12h`. */
export function parseDuration(input: string): number {
  const seconds = parseDurationOrUndefined(input.trim());
  if (seconds === undefined) {
    throw new UsageError(`invalid duration ${JSON.stringify(input)}: use a number and a unit s, m, h, d or w (90m, 12h, 3d, 1d12h)`);
  }
  return seconds;
}

function parseDurationOrUndefined(text: string): number | undefined {
  // Lower-case units only: `M` could be read as months, which we do not support.
  if (!/^(\d+[smhdw])+$/.test(text)) return undefined;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+)([smhdw])/g)) total += Number(n) * UNIT_SECONDS[unit];
  return Number.isSafeInteger(total) ? total : undefined;
}

function parseDateTime(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', zone] = m;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const ms = Date.UTC(...fields);
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  const back = new Date(ms);
  if (
    back.getUTCFullYear() !== fields[0] || back.getUTCMonth() !== fields[1] || back.getUTCDate() !== fields[2] ||
    back.getUTCHours() !== fields[3] || back.getUTCMinutes() !== fields[4] || back.getUTCSeconds() !== fields[5]
  ) {
    return undefined;
  }
  let offsetMinutes = 0;
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    offsetMinutes = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  return Math.floor(ms / 1000) - offsetMinutes * 60;
}

function checkedInteger(n: number, input: string): number {
  if (!Number.isSafeInteger(n)) throw new UsageError(`invalid time ${JSON.stringify(input)}: too large`);
  return n;
}
