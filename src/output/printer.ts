// Writes command results to stdout in the chosen format: a fitted table on a TTY (TSV when piped),
// streamed JSON/JSONL, or CSV. stdout only ever receives data; notes are the caller's, on stderr.
// Every text format renders from a sanitised copy of the object (see sanitize in text.ts), so no
// column, custom getter included, can pass a terminal escape sequence through; JSON escapes them.
import type TableType from 'cli-table3';
import type { OutStream } from '../factory.js';
import { columnsForFields, csvColumns, isFlex, isLowPriority, painter, renderCell, type CellContext, type Column } from './columns.js';
import { pickFields } from './fields.js';
import { displayWidth, oneLine } from './text.js';
import { safeJson, sanitizeDeep } from './sanitize.js';
import { csvField } from './csv.js';

export type OutputFormat = 'table' | 'json' | 'jsonl' | 'csv';

export interface PrinterOptions {
  format: OutputFormat;
  /** --fields: dot paths that replace the columns (table/csv) or trim the objects (json/jsonl). */
  fields?: string[];
  color: boolean;
  now: Date;
}

export interface Printer {
  /**
   * A list: table (headers, padded, fitted to `stdout.columns` by truncating flex columns with '…';
   * on a non-TTY, TSV without headers or colour, like gh), json (one array, streamed item by item),
   * jsonl (one compact object per line), csv (RFC 4180 quoting, header row). Returns the count printed.
   */
  list(items: AsyncIterable<any> | Iterable<any>, columns: Column[]): Promise<number>;
  /** One object: table → aligned key/value view of `detail`; json → pretty (or --fields); jsonl → one line; csv → header + row. */
  object(obj: any, detail: Column[]): void;
  /** A raw JSON value (raw get/post, anything without columns); --fields trims objects. */
  json(value: unknown): void;
}

/**
 * An OutStream may offer `drain()`, resolving once a full pipe has emptied; list() awaits it when
 * write() returns false, so `--all -o jsonl` into a slow reader keeps memory constant.
 */
type DrainableStream = OutStream & { drain?: () => Promise<void> };

const GAP = '  ';
const DEFAULT_WIDTH = 80;
const MIN_FLEX_WIDTH = 8;

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '',
  middle: GAP,
};

export function createPrinter(io: { stdout: OutStream; stderr: OutStream }, opts: PrinterOptions): Printer {
  const stdout = io.stdout as DrainableStream;
  const fields = opts.fields && opts.fields.length > 0 ? opts.fields : undefined;
  const shape = (o: unknown): unknown => (fields && o !== null && typeof o === 'object' && !Array.isArray(o) ? pickFields(o, fields) : o);
  const cols = (given: Column[]): Column[] => (fields ? columnsForFields(fields, given) : given);
  const plainCtx: CellContext = { now: opts.now, color: false, plain: true };

  async function write(chunk: string): Promise<void> {
    if (stdout.write(chunk) === false && stdout.drain) await stdout.drain();
  }

  return {
    async list(items, columns) {
      const cs = cols(columns);
      let n = 0;
      switch (opts.format) {
        case 'json':
          // Byte-identical to JSON.stringify(array, null, 2), but one item in memory at a time.
          for await (const item of items) {
            await write((n++ === 0 ? '[\n' : ',\n') + indent(safeJson(shape(item), 2)));
          }
          await write(n === 0 ? '[]\n' : '\n]\n');
          return n;
        case 'jsonl':
          for await (const item of items) {
            await write(safeJson(shape(item)) + '\n');
            n++;
          }
          return n;
        case 'csv': {
          const csv = csvColumns(cs, plainCtx);
          await write(csvRow(csv.map((c) => c.header)));
          for await (const item of items) {
            const safe = sanitizeDeep(item);
            await write(csvRow(csv.map((c) => c.cell(safe))));
            n++;
          }
          return n;
        }
        case 'table':
          if (!stdout.isTTY) {
            // Piped tables are for cut/awk: no header, no colour, whole values.
            for await (const item of items) {
              const safe = sanitizeDeep(item);
              await write(cs.map((c) => oneLine(renderCell(c, safe, plainCtx))).join('\t') + '\n');
              n++;
            }
            return n;
          }
          {
            // Fitting widths needs every row; a TTY reader is looking at them anyway.
            const ctx: CellContext = { now: opts.now, color: opts.color };
            const rows: string[][] = [];
            for await (const item of items) {
              const safe = sanitizeDeep(item);
              rows.push(cs.map((c) => oneLine(renderCell(c, safe, ctx))));
            }
            // cli-table3 loads only for TTY tables: JSON and CSV runs never pay its start-up cost.
            if (rows.length > 0) {
              const { default: Table } = await import('cli-table3');
              await write(renderTable(Table, cs, rows, stdout.columns || DEFAULT_WIDTH, opts.color));
            }
            return rows.length;
          }
      }
    },

    object(raw, detail) {
      const cs = cols(detail);
      const obj = opts.format === 'json' || opts.format === 'jsonl' ? raw : sanitizeDeep(raw);
      switch (opts.format) {
        case 'json':
          stdout.write(safeJson(shape(obj), 2) + '\n');
          return;
        case 'jsonl':
          stdout.write(safeJson(shape(obj)) + '\n');
          return;
        case 'csv': {
          const csv = csvColumns(cs, plainCtx);
          stdout.write(csvRow(csv.map((c) => c.header)) + csvRow(csv.map((c) => c.cell(obj))));
          return;
        }
        case 'table':
          if (!stdout.isTTY) {
            stdout.write(cs.map((c) => `${c.header}\t${oneLine(renderCell(c, obj, plainCtx))}\n`).join(''));
            return;
          }
          {
            const ctx: CellContext = { now: opts.now, color: opts.color, detail: true };
            // A person reads what is there: empty fields (no customer, no error, {} metadata) are
            // left out of the terminal view. JSON, CSV and piped output keep every field.
            const rows = cs.map((c) => [c, oneLine(renderCell(c, obj, ctx))] as const).filter(([, v]) => v !== '' && v !== '{}' && v !== '[]');
            const keyWidth = Math.max(0, ...rows.map(([c]) => displayWidth(c.header)));
            const paint = painter(opts.color);
            const lines = rows.map(([c, value]) => {
              const pad = ' '.repeat(keyWidth - displayWidth(c.header));
              return `${paint.bold(c.header)}${pad}${GAP}${value}`.trimEnd() + '\n';
            });
            stdout.write(lines.join(''));
          }
      }
    },

    json(value) {
      const v = Array.isArray(value) ? value.map(shape) : shape(value);
      stdout.write((opts.format === 'jsonl' ? safeJson(v) : safeJson(v, 2)) + '\n');
    },
  };
}

function indent(json: string): string {
  return '  ' + json.replace(/\n/g, '\n  ');
}

function csvRow(cells: string[]): string {
  return cells.map(csvField).join(',') + '\n';
}

/**
 * Column widths that fit `width`: shrink the widest flex column first, down to its minimum (its
 * minWidth, else its header's width and at least 8, so a header is never cut to "DESCRIPT…"). Ids,
 * amounts, statuses and times never shrink: a truncated id is useless. If that is not enough,
 * renderTable drops flex columns from the right. `canShrink` widens the set for the last resort.
 */
export function fitWidths(columns: Column[], natural: number[], width: number, canShrink: (c: Column) => boolean = isFlex): number[] {
  const widths = [...natural];
  let excess = widths.reduce((a, b) => a + b, 0) + GAP.length * (columns.length - 1) - width;
  const shrink = (floor: (c: Column, i: number) => number): void => {
    const min = columns.map((c, i) => Math.min(natural[i], floor(c, i)));
    while (excess > 0) {
      let pick = -1;
      for (let i = 0; i < columns.length; i++) {
        if (canShrink(columns[i]) && widths[i] > min[i] && (pick < 0 || widths[i] > widths[pick])) pick = i;
      }
      if (pick < 0) return;
      widths[pick]--;
      excess--;
    }
  };
  shrink((c) => c.minWidth ?? Math.max(MIN_FLEX_WIDTH, displayWidth(c.header)));
  return widths;
}

const total = (ws: number[]): number => ws.reduce((a, b) => a + b, 0) + GAP.length * (ws.length - 1);

/**
 * The last resort once every flex column is gone and the rest still overflows (a 60-column
 * terminal): every row wrapping in two is unreadable, so first drop low-priority columns (relative
 * times, and any marked `priority: 'low'`) from the right, then let statuses shrink with '…' to their
 * floor. Ids and amounts are never cut. When even that cannot fit, returns undefined and the caller
 * keeps every column (the terminal wraps).
 */
function squeezeFixed(columns: Column[], natural: number[], width: number): { keep: number[]; widths: number[] } | undefined {
  let keep = columns.map((_, i) => i);
  const widthsOf = (canShrink?: (c: Column) => boolean) => fitWidths(keep.map((i) => columns[i]!), keep.map((i) => natural[i]!), width, canShrink);
  for (let i = columns.length - 1; i >= 0; i--) {
    if (!isLowPriority(columns[i]!)) continue;
    keep = keep.filter((k) => k !== i);
    const widths = widthsOf();
    if (total(widths) <= width) return { keep, widths };
  }
  const widths = widthsOf((c) => c.kind === 'status');
  return total(widths) <= width ? { keep, widths } : undefined;
}

function renderTable(Table: typeof TableType, allColumns: Column[], allRows: string[][], width: number, color: boolean): string {
  const paint = painter(color);
  let columns = allColumns;
  let rows = allRows;
  let natural = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i]))));
  // When even squeezed columns overflow the terminal, drop flex columns from the right rather than
  // wrap every line: an id, amount and status that read cleanly beat a description cut to 3 letters.
  while (total(fitWidths(columns, natural, width)) > width) {
    let drop = -1;
    for (let i = columns.length - 1; i >= 0; i--) if (isFlex(columns[i])) { drop = i; break; }
    if (drop < 0) break;
    columns = columns.filter((_, i) => i !== drop);
    rows = rows.map((r) => r.filter((_, i) => i !== drop));
    natural = natural.filter((_, i) => i !== drop);
  }
  let colWidths = fitWidths(columns, natural, width);
  if (total(colWidths) > width) {
    const squeezed = squeezeFixed(columns, natural, width);
    if (squeezed) {
      columns = squeezed.keep.map((i) => columns[i]!);
      rows = rows.map((r) => squeezed.keep.map((i) => r[i]!));
      colWidths = squeezed.widths;
    }
  }
  const table = new Table({
    head: columns.map((c) => paint.bold(c.header)),
    chars: BORDERLESS,
    // Empty style arrays stop cli-table3 colouring into pipes; we colour cells ourselves.
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
    colWidths,
    colAligns: columns.map((c) => (c.kind === 'money' ? 'right' : 'left')),
    truncate: '…',
  });
  table.push(...rows);
  return table.toString().split('\n').map((l) => l.trimEnd()).join('\n') + '\n';
}
