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
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** TSV cell: one line, no tabs, terminal-safe (tabs and newlines shown as `\x09`, `\x0a`). */
export function tsvField(value: string): string {
  return safeText(value);
}

export function tsvLine(fields: readonly string[]): string {
  return `${fields.map(tsvField).join('\t')}\n`;
}

/** One JSON value per line; C1 controls escaped like every JSON the CLI prints. */
export function ndjsonLine(value: unknown, replacer?: (key: string, v: unknown) => unknown): string {
  return `${safeJson(JSON.stringify(value, replacer as never))}\n`;
}
