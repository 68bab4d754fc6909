// Terminal text measurements: how many columns a string occupies once ANSI codes and wide glyphs count.
import stringWidth from 'string-width';

const ANSI = /\x1b\[[0-9;]*m/g;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/**
 * Display width in terminal columns, as cli-table3 counts it (the same string-width it depends on):
 * East Asian wide glyphs and emoji take two, combining marks none. Any other count misaligns rows.
 */
export function displayWidth(s: string): number {
  return stringWidth(s);
}

/** Cell text on one line: newlines and tabs would break both table rows and TSV columns. */
export function oneLine(s: string): string {
  return s.replace(/\r\n|[\r\n\t]/g, ' ');
}
