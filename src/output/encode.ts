/**
 * Row encoders shared by the writer's list output and its streaming path (`sql`), so
 * CSV quoting, TSV escaping and NDJSON lines are written one way everywhere.
 */
import { safeJson, safeText } from './sanitize.js';

/** RFC 4180: quote a field that holds a comma, quote, CR or LF (or starts/ends with a space); double quotes inside. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return encodeRows([fields], 'csv', same);
}

/** TSV cell: one line, no tabs, terminal-safe (tabs and newlines shown as `\x09`, `\x0a`). */
export function tsvField(value: string): string {
  return safeText(value);
}

export function tsvLine(fields: readonly string[]): string {
  return encodeRows([fields], 'tsv', same);
}

const LINES = {
  csv: { sep: ',', eol: '\r\n', field: csvField },
  tsv: { sep: '\t', eol: '\n', field: tsvField },
} as const;
const same = (v: string) => v;

/**
 * Rows as CSV or TSV lines, one string for them all: each value made text by `cell`, then
 * encoded by the format's field rule. Built without an array per row or per cell (a
 * million-row stream made three million short-lived arrays that way).
 */
export function encodeRows<T>(rows: ReadonlyArray<readonly T[]>, format: 'csv' | 'tsv', cell: (v: T) => string): string {
  const { sep, eol, field } = LINES[format];
  let out = '';
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) out += i === 0 ? field(cell(r[i]!)) : sep + field(cell(r[i]!));
    out += eol;
  }
  return out;
}

/** One JSON value per line; C1 controls escaped like every JSON the CLI prints. */
export function ndjsonLine(value: unknown, replacer?: (key: string, v: unknown) => unknown): string {
  return `${safeJson(JSON.stringify(value, replacer as never))}\n`;
}
