/**
 * The streaming path of the one writer (`ctx.out.stream(columns)`): rows arrive in
 * batches (a Flight result, an HTTP answer) and leave as they come, so a million-row
 * result prints in bounded memory:
 *
 *   table   (stdout is a terminal) the first PREVIEW_ROWS rows, fitted to the width
 *           (fit.ts), printed once the preview is full or the stream ends; later rows
 *           are only counted (`end()` says how many there were and how many were shown)
 *   tsv     (piped) one line per row, no header, cells terminal-safe (encode.ts)
 *   csv     RFC 4180 with a header row unless --no-headers
 *   json    one JSON array of row objects, written incrementally (`[`, rows, `]`)
 *   ndjson  one row object per line
 *
 * Row objects keep the column order of the schema. Cells are JSON values (runtime/shapes.ts
 * `Cell`): numbers that would lose digits already arrive as strings. Every write passes
 * the writer's last pass (redactor, terminal safety) and waits for stdout to drain when its buffer is full; a closed pipe
 * (`| head`) ends the stream quietly (`closed`).
 */
import type { Writable } from 'node:stream';
import type { CsvLines } from './csv-lines.js';
import { csvLine, encodeRows } from './encode.js';
import { fitTable, type FitColumn } from './fit.js';
import type { OutputFormat } from './format.js';
import { safeJson, safeText } from './sanitize.js';
import type { Style } from './style.js';

/** A JSON value (same as runtime/shapes.ts `Cell`, kept here so output does not depend on runtime). */
export type StreamCell = null | boolean | number | string | StreamCell[] | { [key: string]: StreamCell };

export interface StreamColumn {
  name: string;
  /** Shown under the name in the table view, when known. */
  type?: string | undefined;
}

export interface StreamSummary {
  rows: number;
  /** Rows the table view showed (the preview); equals `rows` for every other format. */
  shown: number;
  /** stdout was closed by the reader (e.g. `| head`): the rest was not written. */
  closed: boolean;
}

export type RowBatch = ReadonlyArray<readonly StreamCell[]> | CsvLines;

/**
 * A batch as rows of cells, whichever form it came in. (Told apart as an array or not, so
 * that the writer, on every command's startup path, does not load csv-lines.ts.)
 */
export function rowsOf<T extends ReadonlyArray<readonly StreamCell[]>>(batch: T | CsvLines): T | string[][] {
  return Array.isArray(batch) ? (batch as T) : (batch as CsvLines).toRows();
}

export interface RowSink {
  /** Writes a batch of rows (arrays in column order, or CSV lines); resolves once stdout can take more. */
  write(rows: RowBatch): Promise<void>;
  /** Finishes the output (the table, the closing `]`) and says what was written. */
  end(): Promise<StreamSummary>;
  /** Rows received so far. */
  readonly rows: number;
  /** True once stdout is closed: stop producing rows. */
  readonly closed: boolean;
}

export interface StreamDeps {
  stdout: Writable;
  rendering: OutputFormat;
  headers: boolean;
  /** Terminal width for the table (0: unknown, nothing fitted). */
  width: number;
  style: Style;
  /** The writer's last pass (redaction, then control characters escaped but our colours). */
  finish: (text: string) => string;
  /** Pretty JSON (a terminal) or one line (piped). */
  pretty: boolean;
  previewRows?: number;
  /** From stdoutGuard(deps.stdout), made once per writer. */
  stdoutState: StdoutState;
}

export const PREVIEW_ROWS = 100;

export function openRowStream(deps: StreamDeps, columns: readonly StreamColumn[]): RowSink {
  const out = new Drain(deps.stdout, deps.finish, deps.stdoutState);
  const names = columns.map((c) => c.name);
  const keys = names.map((n) => JSON.stringify(n));
  let rows = 0;
  let started = false;

  const objectJson = (row: readonly StreamCell[]) => `{${keys.map((k, i) => `${k}:${JSON.stringify(row[i] ?? null)}`).join(',')}}`;
  const encoders: Record<OutputFormat, ((batch: ReadonlyArray<readonly StreamCell[]>) => string) | undefined> = {
    tsv: (batch) => encodeRows(batch, 'tsv', text),
    csv: (batch) => (!started && deps.headers ? csvLine(names) : '') + encodeRows(batch, 'csv', text),
    ndjson: (batch) => batch.map((r) => `${safeJson(objectJson(r))}\n`).join(''),
    json: (batch) => {
      const sep = deps.pretty ? ',\n  ' : ',';
      const body = batch.map((r) => safeJson(objectJson(r))).join(sep);
      if (body === '') return '';
      const lead = rows === 0 ? (deps.pretty ? '[\n  ' : '[') : sep;
      return lead + body;
    },
    table: undefined,
  };

  const preview: string[][] = [];
  const limit = deps.previewRows ?? PREVIEW_ROWS;
  let tablePrinted = false;
  const printTable = async () => {
    if (tablePrinted) return;
    tablePrinted = true;
    if (columns.length === 0) return;
    const { style } = deps;
    const head = deps.headers ? names.map((n) => style.bold(safeText(n))) : names.map(() => '');
    const types = deps.headers && columns.some((c) => c.type) ? [columns.map((c) => style.dim(safeText(c.type ?? '')))] : [];
    const spec: FitColumn[] = columns.map((_, i) => ({ overflow: 'truncate', required: i === 0, priority: -i }));
    const { lines } = fitTable(head, [...types, ...preview], spec, deps.width);
    await out.write(`${(deps.headers ? lines : lines.slice(1)).join('\n')}\n`);
  };
  const cellForTable = (v: StreamCell) => (v === null ? deps.style.dim('NULL') : safeText(text(v)));

  return {
    get rows() {
      return rows;
    },
    get closed() {
      return out.closed;
    },
    async write(given) {
      if (given.length === 0 || out.closed) return;
      if (!Array.isArray(given) && deps.rendering === 'csv') {
        const lines = given as CsvLines;
        const chunk = (!started && deps.headers ? csvLine(names) : '') + lines.text.replaceAll('\n', '\r\n');
        started = true;
        rows += lines.length;
        await out.write(chunk);
        return;
      }
      const batch = rowsOf(given);
      const encode = encoders[deps.rendering];
      if (encode) {
        const chunk = encode(batch);
        started = true;
        rows += batch.length;
        await out.write(chunk);
        return;
      }
      for (const r of batch) {
        if (preview.length < limit) preview.push(r.map(cellForTable));
        rows++;
      }
      if (preview.length >= limit) await printTable();
    },
    async end() {
      if (deps.rendering === 'json') await out.write(rows === 0 ? '[]\n' : deps.pretty ? '\n]\n' : ']\n');
      else if (deps.rendering === 'csv' && !started && deps.headers) await out.write(csvLine(names));
      else if (deps.rendering === 'table' && rows > 0) await printTable();
      return { rows, shown: deps.rendering === 'table' ? Math.min(rows, limit) : rows, closed: out.closed };
    },
  };
}

/** A cell as text (TSV, CSV, table): strings as they are, other values as JSON. */
export function text(v: StreamCell): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/**
 * Whether stdout still has a reader. The writer installs one `error` listener for the
 * whole process (stdoutGuard), since Node reports EPIPE after the write that caused it.
 */
export interface StdoutState {
  closed: boolean;
  failure?: Error | undefined;
}

export function stdoutGuard(stream: Writable): StdoutState {
  const state: StdoutState = { closed: false };
  stream.on('error', (e: NodeJS.ErrnoException) => {
    // A reader that went away (`| head`) is not a failure of the query.
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED') state.closed = true;
    else state.failure = e;
    stream.emit('drain');
  });
  return state;
}

/** Writes that wait for `drain`, and stop quietly once stdout is closed. */
class Drain {
  constructor(
    private readonly stream: Writable,
    private readonly finish: (text: string) => string,
    private readonly state: StdoutState,
  ) {}

  get closed(): boolean {
    return this.state.closed;
  }

  async write(chunk: string): Promise<void> {
    if (this.state.failure) throw this.state.failure;
    if (this.state.closed || chunk === '') return;
    let ok: boolean;
    try {
      ok = this.stream.write(this.finish(chunk));
    } catch {
      this.state.closed = true;
      return;
    }
    if (ok) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.stream.removeListener('drain', done);
        this.stream.removeListener('close', onClose);
        resolve();
      };
      const onClose = () => {
        this.state.closed = true;
        done();
      };
      this.stream.once('drain', done);
      this.stream.once('close', onClose);
    });
    if (this.state.failure) throw this.state.failure;
  }
}
