// The "due" cell of the dispute queue: days, then hours, overdue in red, nothing once answered or closed,
// and the sort that puts the nearest deadline first.
import { describe, expect, it } from 'vitest';
import { dueText, type DisputeView } from '../../src/commands/disputes/fields.js';
import { byDeadline } from '../../src/commands/disputes/list.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const t = (iso: string) => Date.parse(iso) / 1000;
const dispute = (due: number | null, status = 'needs_response', created = 0) =>
  ({ id: 'dp_1', status, created, evidence_details: { due_by: due } }) as unknown as DisputeView;

describe('dueText', () => {
  it.each([
    ['2026-12-07T23:59:59Z', 'needs_response', false, 'due in 7 days'],
    ['2026-12-01T12:00:00Z', 'warning_needs_response', false, 'due in 1 day'],
    ['2026-11-30T15:30:00Z', 'needs_response', false, 'due in 3 hours'],
    ['2026-11-30T12:10:00Z', 'needs_response', false, 'due in 1 hour'],
    ['2026-11-30T15:30:00Z', 'needs_response', true, '\x1b[33mdue in 3 hours\x1b[39m'],
    ['2026-11-28T11:00:00Z', 'needs_response', false, 'overdue by 2 days'],
    ['2026-11-28T11:00:00Z', 'needs_response', true, '\x1b[31moverdue by 2 days\x1b[39m'],
    ['2026-11-30T10:00:00Z', 'needs_response', true, '\x1b[31moverdue by 2 hours\x1b[39m'],
    ['2026-12-07T23:59:59Z', 'under_review', false, ''],
    ['2026-12-07T23:59:59Z', 'lost', true, ''],
  ])('%s %s (colour %s) → %j', (due, status, color, want) => {
    expect(dueText(dispute(t(due), status), { now: NOW, color })).toBe(want);
  });

  it('detail adds the date; CSV is the ISO deadline whatever the status', () => {
    expect(dueText(dispute(t('2026-12-07T23:59:59Z')), { now: NOW, color: false, detail: true })).toBe('due in 7 days (2026-12-07 23:59 UTC)');
    expect(dueText(dispute(t('2026-12-07T23:59:59Z'), 'won'), { now: NOW, color: false, plain: true })).toBe('2026-12-07T23:59:59Z');
    expect(dueText(dispute(null), { now: NOW, color: false })).toBe('');
  });
});

describe('byDeadline', () => {
  it('nearest deadline first; answered or closed disputes last, newest first', () => {
    const rows = [
      { ...dispute(300), id: 'late' },
      { ...dispute(100, 'won', 5), id: 'closed-old' },
      { ...dispute(200), id: 'soon' },
      { ...dispute(100, 'under_review', 9), id: 'answered-new' },
    ] as DisputeView[];
    expect(rows.sort(byDeadline).map((d) => d.id)).toEqual(['soon', 'late', 'answered-new', 'closed-old']);
  });
});
