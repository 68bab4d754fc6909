// RFC 4180 CSV: a small parser for bulk input files (quoted fields, doubled quotes, CRLF or LF, a
// leading UTF-8 BOM, line breaks inside quotes) and the lines payctl writes results with.
import { UsageError } from '../errors.js';
import { csvField } from '../output/csv.js';

export interface CsvTable {
  header: string[];
  /** Data rows, each with its 1-based line number in the file (where the record starts). */
  rows: Array<{ line: number; cells: string[] }>;
}

/** Parses a whole CSV text into records of cells. A quote left open is a UsageError naming its line. */
export function parseCsvRecords(text: string): Array<{ line: number; cells: string[] }> {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let i = 0;
  let fieldStarted = false; // the current field has begun (a quote then is a stray quote)
  let recordStarted = false; // distinguishes an empty line from a record with one empty field
  const n = src.length;
  const endRecord = () => {
    cells.push(field);
    if (recordStarted || fieldStarted) out.push({ line: start, cells });
    cells = [];
    field = '';
    fieldStarted = false;
    recordStarted = false;
  };
  while (i < n) {
    const c = src[i]!;
    if (c === '"' && !fieldStarted) {
      // A quoted field: runs to the next lone quote; "" is a literal quote.
      fieldStarted = true;
      const open = line;
      i++;
      for (;;) {
        if (i >= n) throw new UsageError(`CSV line ${open}: a quoted field is never closed`);
        const q = src[i]!;
        if (q === '"') {
          if (src[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n') line++;
        field += q;
        i++;
      }
      const next = src[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new UsageError(`CSV line ${line}: unexpected text after a closing quote`);
      }
      continue;
    }
    if (c === ',') {
      cells.push(field);
      field = '';
      fieldStarted = false;
      recordStarted = true;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      start = line;
      continue;
    }
    if (c === '"') throw new UsageError(`CSV line ${line}: a quote inside an unquoted field (quote the whole field and double the quote)`);
    field += c;
    fieldStarted = true;
    i++;
  }
  if (fieldStarted || recordStarted) endRecord();
  return out;
}

/** Parses CSV with a header row; every row must have as many cells as the header. */
export function parseCsv(text: string): CsvTable {
  const records = parseCsvRecords(text);
  if (records.length === 0) throw new UsageError('the CSV file is empty: it needs a header row and at least one data row');
  const header = records[0]!.cells.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (h === '') throw new UsageError('the CSV header has an empty column name');
    if (seen.has(h)) throw new UsageError(`the CSV header names column "${h}" twice`);
    seen.add(h);
  }
  const rows = records.slice(1);
  for (const r of rows) {
    if (r.cells.length !== header.length) {
      throw new UsageError(`CSV line ${r.line}: ${r.cells.length} fields, but the header has ${header.length}`);
    }
  }
  return { header, rows };
}

/** One CSV line (CRLF, as RFC 4180 writes it), each field through the one encoder `-o csv` uses (formulas defused). */
export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
