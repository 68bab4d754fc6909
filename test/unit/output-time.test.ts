import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { formatIso, formatRelative, formatTimestamp, parseDuration, parseTimeBound } from '../../src/output/time.js';

const now = new Date('2026-11-25T12:45:30Z');
const nowS = Math.floor(now.getTime() / 1000);
const MIN = 60;
const HOUR = 3600;
const DAY = 86400;

describe('formatRelative', () => {
  test.each([
    [nowS, 'just now'],
    [nowS - 59, 'just now'],
    [nowS + 30, 'just now'],
    [nowS - MIN, '1m ago'],
    [nowS - 5 * MIN - 10, '5m ago'],
    [nowS - 59 * MIN, '59m ago'],
    [nowS - HOUR, '1h ago'],
    [nowS - 3 * HOUR - 59 * MIN, '3h ago'],
    [nowS - DAY, '1d ago'],
    [nowS - 2 * DAY - 5 * HOUR, '2d ago'],
    [nowS - 29 * DAY, '29d ago'],
    [nowS - 30 * DAY, '2026-10-26'],
    [nowS - 400 * DAY, '2025-10-21'],
    [nowS + 5 * MIN, 'in 5m'],
    [nowS + 3 * HOUR, 'in 3h'],
    [nowS + 2 * DAY, 'in 2d'],
    // The future rounds to the nearest unit: counting down, a floor reads a day early.
    [nowS + 2 * DAY - 40, 'in 2d'],
    [nowS + DAY - 60, 'in 1d'],
    [nowS + 3 * HOUR - 5 * MIN, 'in 3h'],
    [nowS + 59 * MIN + 40, 'in 1h'],
    [nowS + 2 * DAY + 5 * HOUR, 'in 2d'],
    [nowS + 60 * DAY, '2027-01-24'],
  ])('%d → %s', (t, expected) => {
    expect(formatRelative(t, now)).toBe(expected);
  });
});

describe('formatTimestamp / formatIso', () => {
  test.each([
    [0, '1970-01-01 00:00 UTC', '1970-01-01T00:00:00Z'],
    [1795610759, '2026-11-25 12:45 UTC', '2026-11-25T12:45:59Z'],
    [1700000000, '2023-11-14 22:13 UTC', '2023-11-14T22:13:20Z'],
  ])('%d', (t, stamp, iso) => {
    expect(formatTimestamp(t)).toBe(stamp);
    expect(formatIso(t)).toBe(iso);
  });
});

describe('parseTimeBound', () => {
  test.each([
    ['7d', nowS - 7 * DAY],
    ['24h', nowS - 24 * HOUR],
    ['30m', nowS - 30 * MIN],
    ['2w', nowS - 14 * DAY],
    ['45s', nowS - 45],
    ['1d12h', nowS - 36 * HOUR],
    [' 7d ', nowS - 7 * DAY],
    ['2026-11-01', Date.UTC(2026, 10, 1) / 1000],
    ['2026-11-01T10:00:00Z', Date.UTC(2026, 10, 1, 10) / 1000],
    ['2026-11-01t10:00:00z', Date.UTC(2026, 10, 1, 10) / 1000],
    ['2026-11-01T10:00', Date.UTC(2026, 10, 1, 10) / 1000], // no zone: UTC, never the machine's
    ['2026-11-01 10:00:30', Date.UTC(2026, 10, 1, 10, 0, 30) / 1000],
    ['2026-11-01T10:00:00.250Z', Date.UTC(2026, 10, 1, 10) / 1000],
    ['2026-11-01T10:00:00+02:00', Date.UTC(2026, 10, 1, 8) / 1000],
    ['2026-11-01T10:00:00-0530', Date.UTC(2026, 10, 1, 15, 30) / 1000],
    ['2024-02-29', Date.UTC(2024, 1, 29) / 1000],
    ['1700000000', 1700000000],
    ['0', 0],
  ])('%j', (input, expected) => {
    expect(parseTimeBound(input, now)).toBe(expected);
  });

  test.each(['', 'yesterday', '-7d', '7D', '7 d', '1.5d', '2026-13-01', '2026-02-30', '2025-02-29', '2026-11-01T25:00', '11/01/2026', '7d ago', '2026-11-01T10:00:00+2'])(
    '%j → UsageError naming the input',
    (input) => {
      let caught: unknown;
      try {
        parseTimeBound(input, now);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(UsageError);
      expect((caught as Error).message).toContain(`invalid time ${JSON.stringify(input)}`);
    },
  );
});

describe('parseDuration', () => {
  test.each([
    ['3d', 3 * DAY],
    ['12h', 12 * HOUR],
    ['90m', 90 * MIN],
    ['30s', 30],
    ['1w', 7 * DAY],
    ['1d12h', 36 * HOUR],
    ['1h30m', 90 * MIN],
    ['0s', 0],
    [' 2d ', 2 * DAY],
  ])('%j → %d', (input, expected) => {
    expect(parseDuration(input)).toBe(expected);
  });

  test.each(['', '3', 'd', '3x', '-3d', '3.5h', '3 d', '3D', '1M', 'h1', '3d-', '99999999999999999999w'])('%j → UsageError', (input) => {
    expect(() => parseDuration(input)).toThrow(UsageError);
    expect(() => parseDuration(input)).toThrow(`invalid duration ${JSON.stringify(input)}`);
  });
});
