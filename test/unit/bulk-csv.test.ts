// The bulk CSV parser (RFC 4180) and the results-file encoding it reads back.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvLine, parseCsv, parseCsvRecords } from '../../src/bulk/csv.js';
import { readResults, ResultsWriter, type RowResult } from '../../src/bulk/results.js';
import { csvField } from '../../src/output/csv.js';
import { UsageError } from '../../src/errors.js';

describe('parseCsvRecords', () => {
  it.each([
    ['plain LF', 'a,b\n1,2\n', [['a', 'b'], ['1', '2']]],
    ['CRLF', 'a,b\r\n1,2\r\n', [['a', 'b'], ['1', '2']]],
    ['lone CR', 'a,b\r1,2', [['a', 'b'], ['1', '2']]],
    ['no final newline', 'a,b\n1,2', [['a', 'b'], ['1', '2']]],
    ['UTF-8 BOM', '\uFEFFcharge,amount\nch_1,5\n', [['charge', 'amount'], ['ch_1', '5']]],
    ['quoted comma', 'a,b\n"x, y",2\n', [['a', 'b'], ['x, y', '2']]],
    ['doubled quote', 'a\n"say ""hi"""\n', [['a'], ['say "hi"']]],
    ['line break inside quotes', 'a,b\n"two\r\nlines",2\n', [['a', 'b'], ['two\r\nlines', '2']]],
    ['quoted field after a comma', 'a,b\n1,"2,5"\n', [['a', 'b'], ['1', '2,5']]],
    ['empty fields', 'a,b,c\n,,\n', [['a', 'b', 'c'], ['', '', '']]],
    ['quoted empty field alone', 'a\n""\n', [['a'], ['']]],
    ['blank lines skipped', 'a\n\n1\n\n', [['a'], ['1']]],
    ['unicode', 'name\nZoë 🎉\n', [['name'], ['Zoë 🎉']]],
  ])('%s', (_name, text, want) => {
    expect(parseCsvRecords(text).map((r) => r.cells)).toEqual(want);
  });

  it('numbers each record by the line it starts on', () => {
    expect(parseCsvRecords('a\n"x\ny"\nz\n').map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it.each([
    ['a\n"open', /CSV line 2: a quoted field is never closed/],
    ['a\nab"c\n', /CSV line 2: a quote inside an unquoted field/],
    ['a\n"x"y\n', /CSV line 2: unexpected text after a closing quote/],
  ])('rejects %j', (text, message) => {
    expect(() => parseCsvRecords(text)).toThrow(UsageError);
    expect(() => parseCsvRecords(text)).toThrow(message);
  });
});

describe('parseCsv', () => {
  it('trims header names and keeps rows with their lines', () => {
    expect(parseCsv(' charge , amount\r\nch_1,500\r\n')).toEqual({ header: ['charge', 'amount'], rows: [{ line: 2, cells: ['ch_1', '500'] }] });
  });
  it.each([
    ['', /the CSV file is empty/],
    ['a,a\n1,2\n', /names column "a" twice/],
    ['a,,b\n1,2,3\n', /empty column name/],
    ['a,b\n1\n', /CSV line 2: 1 fields, but the header has 2/],
  ])('rejects %j', (text, message) => {
    expect(() => parseCsv(text)).toThrow(message);
  });
});

describe('csvLine', () => {
  it('quotes only what needs it and round-trips', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\nlines', ''];
    const line = csvLine(values);
    expect(line).toBe('plain,"a,b","say ""hi""","two\nlines",\r\n');
    expect(parseCsvRecords(line)[0]!.cells).toEqual(values);
  });
});

describe('results file: spreadsheet formulas', () => {
  const rows: RowResult[] = [
    { row: 1, target: '=HYPERLINK("http://x","y")', id: 're_1', amount: 500, currency: 'usd', status: 'ok', error: '', idempotency_key: 'payctl-bulk-0123456789abcdef-1' },
    { row: 2, target: '+tag@example.com → ch_2', id: '', amount: null, currency: '', status: 'failed', error: '@SUM(A1) refused', idempotency_key: '-key' },
    { row: 3, target: '\tch_3', id: '', amount: -5, currency: 'usd', status: 'unknown', error: '-2+3', idempotency_key: 'k3' },
  ];

  it('cells are defused exactly as -o csv does; numbers stay numbers; payctl reads its own file back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'payctl-results-'));
    try {
      const path = join(dir, 'results.csv');
      // Carried rows (written at start), a row written as it finishes, then the final rewrite.
      const w = new ResultsWriter(path, [rows[0]!]);
      w.write(rows[1]!, 0);
      w.write(rows[2]!, 0);
      const streamed = readFileSync(path, 'utf8');
      expect(readResults(path)).toEqual(rows);
      await w.finish(rows);
      const text = readFileSync(path, 'utf8');
      expect(text).toBe(streamed);
      expect(text).toBe(
        [
          'row,target,id,amount,currency,status,error,idempotency_key',
          `1,"'=HYPERLINK(""http://x"",""y"")",re_1,500,usd,ok,,payctl-bulk-0123456789abcdef-1`,
          "2,'+tag@example.com → ch_2,,,,failed,'@SUM(A1) refused,'-key",
          "3,'\tch_3,,-5,usd,unknown,'-2+3,k3",
          '',
        ].join('\r\n'),
      );
      // The same encoder as -o csv, cell for cell.
      expect(text.split('\r\n')[1]).toBe(['1', rows[0]!.target, 're_1', '500', 'usd', 'ok', '', rows[0]!.idempotency_key].map(csvField).join(','));
      // A re-run carries rows read back from the file: written again, they are not escaped twice.
      const again = new ResultsWriter(path, readResults(path));
      await again.finish(undefined);
      expect(readFileSync(path, 'utf8')).toBe(text);
      expect(readResults(path)).toEqual(rows);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
