/**
 * CSV of a page's table (RFC 4180): no CSV library is installed, so this is the one small escaper.
 * A field is quoted when it holds a comma, a quote, a line break or leading/trailing space; quotes
 * double. A field starting with = + - @ (a formula in a spreadsheet) is prefixed with an apostrophe,
 * so an exported code or name never runs as a formula (OWASP CSV injection).
 */
export type CsvValue = string | number | boolean | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Header and rows, CRLF line ends, a BOM so spreadsheet programs read the Vietnamese as UTF-8. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export const csvContentType = 'text/csv; charset=utf-8';
