// The column model every resource's fields.ts uses to describe its tables, detail views and CSV,
// and the one renderer that turns (column, object) into cell text for each output mode.
import { Chalk, type ChalkInstance } from 'chalk';
import { getPath } from './fields.js';
import { formatAmount, formatAmountPlain, formatMajor } from '../money/format.js';
import { formatIso, formatRelative, formatTimestamp } from './time.js';
import { sanitize } from './sanitize.js';

export type ColumnKind = 'text' | 'id' | 'money' | 'status' | 'time' | 'bool';

export interface CellContext {
  now: Date;
  /** Colour codes allowed (a TTY without NO_COLOR/--no-color). */
  color: boolean;
  /** Machine-read cells (CSV, TSV): absolute ISO times, no thousands separators, true/false. */
  plain?: boolean;
  /** The key/value view of one object: times show both absolute and relative. */
  detail?: boolean;
}

export interface Column {
  header: string;
  /** Dot path used for CSV/--fields and by the default renderers. */
  key: string;
  /** Custom cell text; when given it owns formatting (and colour, via ctx.color). */
  get?: (o: any, ctx: CellContext) => string;
  kind?: ColumnKind;
  /** Money columns: where the currency lives (default `currency`). */
  currencyKey?: string;
  /** `flex` columns shrink (with '…') to fit the terminal; ids, money, statuses and times do not by default. */
  width?: 'fixed' | 'flex';
  /** A flex column never shrinks below this (default: its header's width, at least 8). */
  minWidth?: number;
  /**
   * `low`: a fixed column a narrow table drops (right to left, once every flex column is gone)
   * rather than wrap or cut an id. Relative-time columns are low by default.
   */
  priority?: 'low';
}

const green = new Set(['succeeded', 'paid', 'available', 'active', 'complete']);
const yellow = new Set(['pending', 'open', 'draft', 'in_transit', 'processing']);
const red = new Set(['failed', 'canceled', 'void', 'uncollectible', 'expired', 'disputed']);

const colored = new Chalk({ level: 1 });
const uncolored = new Chalk({ level: 0 });

/** A chalk that paints only when colour is on, whatever the process's own terminal detection says. */
export function painter(color: boolean): ChalkInstance {
  return color ? colored : uncolored;
}

/** Green for done, yellow for in progress or waiting on someone, red for failed or dead, dim otherwise. */
export function colorStatus(status: string, color: boolean): string {
  const c = painter(color);
  if (green.has(status)) return c.green(status);
  if (yellow.has(status) || status.startsWith('requires_')) return c.yellow(status);
  if (red.has(status)) return c.red(status);
  return c.dim(status);
}

/** A fixed column a narrow table may drop whole: one marked low priority, or a time column. */
export function isLowPriority(col: Column): boolean {
  return col.priority === 'low' || col.kind === 'time';
}

/** The flexible default for a column: text shrinks, everything else keeps its width. */
export function isFlex(col: Column): boolean {
  return (col.width ?? ((col.kind ?? 'text') === 'text' ? 'flex' : 'fixed')) === 'flex';
}

/** The text of one cell; empty for a missing or null value. */
export function renderCell(col: Column, o: unknown, ctx: CellContext): string {
  if (col.get) return col.get(o, ctx);
  const v = getPath(o, col.key);
  if (v === undefined || v === null) return '';
  switch (col.kind ?? 'text') {
    case 'money': {
      const currency = getPath(o, col.currencyKey ?? 'currency');
      if (typeof v !== 'number' || typeof currency !== 'string') return valueText(v);
      return ctx.plain ? formatAmountPlain(v, currency) : formatAmount(v, currency);
    }
    case 'status':
      return ctx.plain ? valueText(v) : colorStatus(valueText(v), ctx.color);
    case 'time':
      if (typeof v !== 'number') return valueText(v);
      if (ctx.plain) return formatIso(v);
      if (!ctx.detail) return formatRelative(v, ctx.now);
      {
        // Past 30 days the relative form is the date itself: "2027-01-01 01:21 UTC (2027-01-01)" says it twice.
        const stamp = formatTimestamp(v);
        const rel = formatRelative(v, ctx.now);
        return stamp.startsWith(rel) ? stamp : `${stamp} (${rel})`;
      }
    case 'bool':
      if (typeof v !== 'boolean') return valueText(v);
      return ctx.plain ? String(v) : v ? 'yes' : 'no';
    default:
      return valueText(v);
  }
}

/** Any API value as cell text: an expanded object shows its id, other structures compact JSON. */
export function valueText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return sanitize(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (!Array.isArray(v) && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string') return (v as { id: string }).id;
  return JSON.stringify(v);
}

export function money(header: string, amountKey: string, currencyKey = 'currency', extra: Partial<Column> = {}): Column {
  return { header, key: amountKey, kind: 'money', currencyKey, ...extra };
}

export function status(header = 'STATUS', key = 'status', extra: Partial<Column> = {}): Column {
  return { header, key, kind: 'status', ...extra };
}

export function time(header = 'CREATED', key = 'created', extra: Partial<Column> = {}): Column {
  return { header, key, kind: 'time', ...extra };
}

export function text(header: string, key: string, extra: Partial<Column> = {}): Column {
  return { header, key, kind: 'text', ...extra };
}

export function bool(header: string, key: string, extra: Partial<Column> = {}): Column {
  return { header, key, kind: 'bool', ...extra };
}

export function id(header = 'ID', key = 'id', extra: Partial<Column> = {}): Column {
  return { header, key, kind: 'id', ...extra };
}

/** Columns for `--fields a,b.c`: an existing column with that key keeps its rendering; others are text. */
export function columnsForFields(fields: readonly string[], known: readonly Column[]): Column[] {
  return fields.map((f) => {
    const header = f.toUpperCase();
    const match = known.find((c) => c.key === f);
    return match ? { ...match, header } : text(header, f);
  });
}

/** One CSV column: its header and how a row's cell is made. */
export interface CsvColumn {
  header: string;
  cell: (o: unknown) => string;
}

/**
 * The CSV view of some columns. A money column becomes a plain major-unit number (`1234.56`,
 * `-5.00`) a spreadsheet can sum, followed by its currency in a column of its own (`USD`) — once
 * per currency field, and not at all when a column already shows it. Other columns render plain.
 * Headers are upper-case whatever view the columns come from (a list's `AMOUNT DUE`, a detail
 * view's `Amount due`), so a single object and a list of them export under the same header row;
 * a column named after its JSON field (`size_bytes`) keeps that name.
 */
export function csvColumns(columns: readonly Column[], ctx: CellContext): CsvColumn[] {
  const out: CsvColumn[] = [];
  const shown = new Set(columns.map((c) => c.key));
  const header = (c: Column): string => (c.header === c.key ? c.header : c.header.toUpperCase());
  for (const c of columns) {
    if ((c.kind ?? 'text') !== 'money') {
      out.push({ header: header(c), cell: (o) => renderCell(c, o, ctx) });
      continue;
    }
    const currencyKey = c.currencyKey ?? 'currency';
    out.push({
      header: header(c),
      cell: (o) => {
        const v = getPath(o, c.key);
        const currency = getPath(o, currencyKey);
        return typeof v === 'number' && Number.isSafeInteger(v) && typeof currency === 'string' ? formatMajor(v, currency) : valueText(v);
      },
    });
    if (shown.has(currencyKey)) continue;
    shown.add(currencyKey);
    const name = currencyKey === 'currency' ? 'currency' : currencyKey.replace(/[._]/g, ' ');
    out.push({
      header: name.toUpperCase(),
      cell: (o) => {
        const currency = getPath(o, currencyKey);
        return typeof currency === 'string' ? sanitize(currency.toUpperCase()) : valueText(currency);
      },
    });
  }
  return out;
}
