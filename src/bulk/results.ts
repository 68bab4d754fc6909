// The bulk results file: one line per finished row, written as each row finishes (one write() per
// row, so a killed process leaves only whole lines), CSV or JSONL by the file's extension. CSV cells
// go through the `-o csv` encoder, so a target or an API message such as `=HYPERLINK(…)` cannot run as
// a formula when the file is opened in a spreadsheet; payctl reads its own files back unescaped.
import { closeSync, existsSync, fsync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { csvFieldValue } from '../output/csv.js';
import { csvLine, parseCsvRecords } from './csv.js';

/** What one row came to. `status`: ok (done), failed (refused or never sent), unknown (sent, no answer). */
export interface RowResult {
  row: number;
  target: string;
  id: string;
  amount: number | null;
  currency: string;
  status: 'ok' | 'failed' | 'unknown';
  error: string;
  idempotency_key: string;
}

export const RESULT_COLUMNS = ['row', 'target', 'id', 'amount', 'currency', 'status', 'error', 'idempotency_key'] as const;

export type ResultsFormat = 'csv' | 'jsonl';

/** `.csv` → csv; `.jsonl`/`.ndjson`/`.json` → jsonl; anything else is a usage error. */
export function resultsFormat(path: string): ResultsFormat {
  const p = path.toLowerCase();
  if (p.endsWith('.csv')) return 'csv';
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson') || p.endsWith('.json')) return 'jsonl';
  throw new UsageError(`--results "${path}": name it .csv or .jsonl (the extension picks the format)`);
}

function encode(format: ResultsFormat, r: RowResult): string {
  if (format === 'jsonl') return `${JSON.stringify(r)}\n`;
  return csvLine(RESULT_COLUMNS.map((c) => (r[c] === null ? '' : String(r[c]))));
}

/** Reads a results file written earlier (whole lines only; a torn last line is ignored). */
export function readResults(path: string): RowResult[] {
  if (!existsSync(path)) return [];
  const format = resultsFormat(path);
  const text = readFileSync(path, 'utf8');
  const out: RowResult[] = [];
  if (format === 'jsonl') {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as RowResult;
        if (typeof r.row === 'number' && typeof r.idempotency_key === 'string') out.push(r);
      } catch {
        // A line cut short by a crash: that row is simply not done.
      }
    }
    return out;
  }
  // Only complete lines (ending in a line break) count.
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  let records: Array<{ cells: string[] }>;
  try {
    records = parseCsvRecords(complete);
  } catch {
    throw new UsageError(`--results "${path}" exists but is not a results file payctl can read: move it aside`);
  }
  const [head, ...rows] = records;
  if (!head || head.cells.join(',') !== RESULT_COLUMNS.join(',')) {
    if (records.length === 0) return [];
    throw new UsageError(`--results "${path}" exists but is not a payctl results file: move it aside or name another`);
  }
  for (const { cells: raw } of rows) {
    if (raw.length !== RESULT_COLUMNS.length) continue;
    // Cells were written formula-defused (`'=…`): read back the values themselves.
    const cells = raw.map(csvFieldValue);
    const [row, target, id, amount, currency, status, error, key] = cells as [string, string, string, string, string, string, string, string];
    out.push({ row: Number(row), target, id, amount: amount === '' ? null : Number(amount), currency, status: status as RowResult['status'], error, idempotency_key: key });
  }
  return out;
}

/** Appends results; `carried` rows (done by an earlier run) are written first, atomically, via a temp file. */
export class ResultsWriter {
  private fd: number;
  private readonly format: ResultsFormat;
  private lastSync = 0;
  private syncing: Promise<void> | undefined;

  constructor(
    private readonly path: string,
    carried: RowResult[],
  ) {
    this.format = resultsFormat(path);
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    let head = this.format === 'csv' ? csvLine([...RESULT_COLUMNS]) : '';
    for (const r of carried) head += encode(this.format, r);
    if (head) writeSync(fd, head);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, path);
    this.fd = openSync(path, 'a', 0o600);
  }

  /**
   * One write() per row: a killed process leaves whole lines only (the kernel keeps what was written).
   * Against power loss it is also flushed to disk at most every 250 ms, off the event loop.
   */
  write(r: RowResult, nowMs: number): void {
    writeSync(this.fd, encode(this.format, r));
    if (nowMs - this.lastSync > 250 && !this.syncing) {
      this.lastSync = nowMs;
      this.syncing = new Promise<void>((resolve) => fsync(this.fd, () => resolve())).then(() => {
        this.syncing = undefined;
      });
    }
  }

  /** Rewrites the file in row order (atomically) once every row has a result. */
  async finish(all: RowResult[] | undefined): Promise<void> {
    await this.syncing;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
    if (!all) return;
    const sorted = [...all].sort((a, b) => a.row - b.row);
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    writeSync(fd, (this.format === 'csv' ? csvLine([...RESULT_COLUMNS]) : '') + sorted.map((r) => encode(this.format, r)).join(''));
    fsyncSync(fd);
    closeSync(fd);
    renameSync(tmp, this.path);
  }
}
