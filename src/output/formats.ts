/**
 * Which rendering the writer uses, and the renderings that are not the table: CSV for
 * lists and single views, and the field-based columns `--fields` gives the non-JSON
 * formats. The row encoders themselves live in encode.ts (shared with the streaming
 * path of `sql`).
 *
 * - `--format` wins; otherwise `--json` (and `--jq`, `--fields`, which imply it) means
 *   JSON; otherwise a table on a terminal and TSV when piped.
 * - Tables and CSV have a header row unless `--no-headers`; TSV never has one (scripts
 *   read piped output today without it).
 * - NDJSON prints one JSON value per line: each element of a list, or the one object.
 */
import { csvLine } from './encode.js';
import type { OutputFormat } from './format.js';

export type Rendering = OutputFormat;

export function renderingFor(format: OutputFormat | undefined, json: boolean, stdoutTTY: boolean): Rendering {
  if (format) return format;
  if (json) return 'json';
  return stdoutTTY ? 'table' : 'tsv';
}

/** JSON-shaped renderings: the writer prints the (masked) data rather than columns. */
export function isJsonRendering(r: Rendering): r is 'json' | 'ndjson' {
  return r === 'json' || r === 'ndjson';
}

/** A CSV document (RFC 4180, CRLF line ends): header row unless `headers` is false. */
export function csvTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, withHeaders: boolean): string {
  return (withHeaders ? csvLine(headers) : '') + rows.map((r) => csvLine(r)).join('');
}

/** Columns named after the JSON fields `--fields` chose (header = field name). */
export function fieldColumns(fields: readonly string[]): Array<{ header: string; get: (row: Record<string, unknown>) => unknown }> {
  return fields.map((f) => ({ header: f, get: (row) => (row && typeof row === 'object' ? row[f] : undefined) }));
}
