// The one CSV field encoder payctl writes with (`-o csv`, bulk results files): spreadsheet formulas
// defused, then RFC 4180 quoting. No dependencies, so the bulk runner loads it for nothing.

/**
 * Spreadsheets run a cell that starts with = + - @ (or their full-width forms), tab or CR as a
 * formula (`=HYPERLINK(…)` in a customer's name): csv-stringify's `escape_formulas` rule prefixes
 * such a cell with a single quote. A plain number (`-5.00`, a refund in a balance export) is not a
 * formula and stays a number a spreadsheet can sum.
 */
const FORMULA_START = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

function isFormula(s: string): boolean {
  return FORMULA_START.test(s) && !PLAIN_NUMBER.test(s);
}

/** One CSV field: formulas defused, then RFC 4180 quoting (comma, quote or line break; quotes doubled). */
export function csvField(s: string): string {
  const v = isFormula(s) ? `'${s}` : s;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * The value csvField() defused, for payctl reading back a file it wrote (a bulk results file on
 * re-run): `'=x` → `=x`. A cell that csvField() would not have prefixed is returned as it is.
 */
export function csvFieldValue(cell: string): string {
  return cell.startsWith("'") && isFormula(cell.slice(1)) ? cell.slice(1) : cell;
}
