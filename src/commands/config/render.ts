// Small renderer for the local (non-API) results of login/logout/whoami/config: key/value or rows on
// a TTY, JSON/JSONL/CSV otherwise. Only redacted values ever reach it.
import type { CommandContext } from '../context.js';
import { pickFields } from '../../output/fields.js';

type Row = Record<string, unknown>;

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function csvCell(v: unknown): string {
  const s = cell(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function trim(ctx: CommandContext, obj: Row): Row {
  const fields = ctx.output().fields;
  return fields && fields.length ? pickFields(obj, fields) : obj;
}

/** One object: aligned `label  value` lines in table mode; the object itself otherwise. */
export function writeRecord(ctx: CommandContext, obj: Row, labels: Record<string, string> = {}): void {
  const { format } = ctx.output();
  const out = ctx.f.io.stdout;
  const data = trim(ctx, obj);
  if (format === 'json') out.write(`${JSON.stringify(data, null, 2)}\n`);
  else if (format === 'jsonl') out.write(`${JSON.stringify(data)}\n`);
  else if (format === 'csv') {
    const keys = Object.keys(data);
    out.write(`${keys.map(csvCell).join(',')}\n${keys.map((k) => csvCell(data[k])).join(',')}\n`);
  } else {
    const keys = Object.keys(data);
    const width = Math.max(0, ...keys.map((k) => (labels[k] ?? k).length));
    for (const k of keys) out.write(`${(labels[k] ?? k).padEnd(width)}  ${cell(data[k]) || '-'}\n`);
  }
}

/** A list: an aligned table (header included) in table mode; an array, lines or CSV otherwise. */
export function writeRows(ctx: CommandContext, rows: Row[], columns: Array<[key: string, header: string]>): void {
  const { format } = ctx.output();
  const out = ctx.f.io.stdout;
  const data = rows.map((r) => trim(ctx, r));
  if (format === 'json') out.write(`${JSON.stringify(data, null, 2)}\n`);
  else if (format === 'jsonl') for (const r of data) out.write(`${JSON.stringify(r)}\n`);
  else if (format === 'csv') {
    const keys = ctx.output().fields ?? columns.map(([k]) => k);
    out.write(`${keys.map(csvCell).join(',')}\n`);
    for (const r of rows) out.write(`${keys.map((k) => csvCell(r[k])).join(',')}\n`);
  } else {
    const cols = ctx.output().fields?.map((f): [string, string] => [f, f.toUpperCase()]) ?? columns;
    const table = [cols.map(([, h]) => h), ...rows.map((r) => cols.map(([k]) => cell(r[k])))];
    const widths = cols.map((_, i) => Math.max(...table.map((line) => line[i]!.length)));
    for (const line of table) out.write(`${line.map((c, i) => (i === line.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()}\n`);
  }
}

/** A single scalar: the bare value in table mode (handy in `$(…)`), an object otherwise. */
export function writeScalar(ctx: CommandContext, obj: Row, key: string): void {
  if (ctx.output().format === 'table') {
    const v = obj[key];
    if (v !== null && v !== undefined) ctx.f.io.stdout.write(`${cell(v)}\n`);
    return;
  }
  writeRecord(ctx, obj);
}
