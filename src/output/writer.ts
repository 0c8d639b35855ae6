/**
 * The one output path for data. Commands hand it rows and a column spec; it decides:
 * - `--json`: JSON (pretty on a terminal, one line when piped), credential fields masked;
 * - stdout is a terminal: a table with headers and relative times, fitted to the width (fit.ts);
 * - piped: tab-separated lines, no header, no colour, RFC 3339 times;
 * - `--format csv|ndjson|table|tsv|json`, `--no-headers`, `--fields` and `--jq` choose
 *   otherwise (the rules are in formats.ts, fields.ts and jq.ts).
 * Messages, warnings and progress go to stderr. Everything written passes the Redactor.
 *
 * Terminal safety (sanitize.ts): each value from a server or a file is redacted, then
 * its control characters are shown escaped (`\x1b`), before it is styled or fitted;
 * JSON escapes C1 controls too; and a last pass over every line written lets through
 * only our own colour sequences (and only when colour is on).
 */
import type { IO } from '../io.js';
import { ndjsonLine } from './encode.js';
import { selectFields } from './fields.js';
import { fitTable, hangingWrap, type FitColumn } from './fit.js';
import type { OutputFormat } from './format.js';
import { csvTable, fieldColumns, isJsonRendering, renderingFor, type Rendering } from './formats.js';
import type { Jq } from './jq.js';
import { maskDeep, maskKey, SECRET_MASK, type Redactor } from './mask.js';
import { safeLines } from './sanitize.js';
import type { Style } from './style.js';
import { safeJson, safeOutput, safeText } from './sanitize.js';
import { openRowStream, rowsOf, stdoutGuard, type RowSink, type StdoutState, type StreamColumn } from './stream.js';
import { relativeTime } from './time.js';

export type ColumnKind = 'text' | 'time' | 'status' | 'key' | 'secret' | 'bool' | 'list';

export interface Column<T> extends FitColumn {
  header: string;
  get: (row: T) => unknown;
  kind?: ColumnKind;
}

export interface WriteOptions {
  /** Mask `value` fields in JSON (secrets). */
  secretValues?: boolean;
  /** Show API keys in clear (only `keys ... --reveal`). */
  reveal?: boolean;
  /** What --json prints, when it differs from the rows (default: the rows, masked). */
  json?: unknown;
  /** Internal: --fields already chose the columns. */
  fieldsApplied?: boolean;
}

export interface OutputConfig {
  json: boolean;
  redactor: Redactor;
  style: Style;
  errStyle: Style;
  now: () => number;
  /** --format (undefined: the default for the stream). */
  format?: OutputFormat | undefined;
  /** false with --no-headers. */
  headers?: boolean | undefined;
  /** --fields: the JSON fields to keep. */
  fields?: readonly string[] | undefined;
  /** --jq: the filter (loaded by `prepare()`). */
  jq?: string | undefined;
  /** Ctrl-C, which stops a running --jq filter. */
  signal?: AbortSignal | undefined;
}

export class Output {
  /**
   * What stdout gets: table, tsv, csv, json or ndjson. A streaming path (stream.ts, `sql`)
   * picks its encoder from this, writes rows with encode.ts (csvLine/tsvLine) and sends
   * JSON rows through `jsonLine()`, which applies --fields and --jq per row.
   */
  readonly rendering: Rendering;
  private jq: Jq | undefined;
  /** Set once a --jq result is on its way: later stdout writes queue behind it, in order. */
  private pending: Promise<void> | undefined;
  /** The end of streamed text that may begin a secret (see `text()`). */
  private heldText = '';

  constructor(
    private readonly io: IO,
    private readonly opts: OutputConfig,
  ) {
    this.rendering = renderingFor(opts.format, opts.json, io.isStdoutTTY);
  }

  get jsonMode(): boolean {
    return this.opts.json;
  }

  /** --fields (for a streaming path that builds its own columns), or undefined. */
  get fields(): readonly string[] | undefined {
    return this.opts.fields;
  }

  /** --no-headers was not given. */
  get headers(): boolean {
    return this.opts.headers !== false;
  }

  /** Loads and compile-checks the --jq filter (a bad one is exit 2 before any request). */
  async prepare(): Promise<void> {
    if (this.opts.jq === undefined || this.jq) return;
    const { Jq } = await import('./jq.js');
    this.jq = new Jq(this.opts.jq, { pretty: this.io.isStdoutTTY, signal: this.opts.signal });
    await this.jq.check();
  }

  /** Waits for queued --jq output and rethrows its error; main.ts calls it after the command. */
  async flush(): Promise<void> {
    try {
      await this.pending;
    } finally {
      this.jq?.close();
    }
  }

  /** A list: JSON array, table, CSV, NDJSON or TSV lines. */
  async list<T>(rows: T[], columns: Column<T>[], o: WriteOptions = {}): Promise<void> {
    if (isJsonRendering(this.rendering)) return this.json(o.json ?? rows, o);
    if (this.opts.fields && !o.fieldsApplied) {
      const picked = this.picked(o.json ?? rows, o);
      return this.list(Array.isArray(picked) ? picked : [picked], fieldColumns(this.opts.fields), { ...o, json: undefined, fieldsApplied: true });
    }
    if (this.rendering === 'csv') {
      this.write(csvTable(columns.map((c) => c.header), rows.map((row) => columns.map((c) => this.cell(c, row, false, o))), this.opts.headers !== false));
      return;
    }
    if (this.rendering === 'table') {
      if (rows.length === 0) return;
      // Fitted to the terminal (fit.ts): free text shortened first, then low-priority columns dropped.
      // --no-headers: fitted with an empty header row, which is then left out.
      const headers = this.opts.headers !== false;
      const head = columns.map((c) => (headers ? this.opts.style.bold(c.header.toUpperCase()) : ''));
      const body = rows.map((row) => columns.map((c) => this.cell(c, row, true, o)));
      const { lines } = fitTable(head, body, columns.map(fitSpec), this.width);
      this.write(`${(headers ? lines : lines.slice(1)).join('\n')}\n`);
      return;
    }
    for (const row of rows) this.write(`${columns.map((c) => this.cell(c, row, false, o)).join('\t')}\n`);
  }

  /** A single resource: JSON object, aligned `field  value` lines, `field\tvalue` lines, or a one-row CSV. */
  async item<T>(row: T, fields: Column<T>[], o: WriteOptions = {}): Promise<void> {
    if (isJsonRendering(this.rendering)) return this.json(o.json ?? row, o);
    if (this.opts.fields && !o.fieldsApplied) {
      const picked = this.picked(o.json ?? row, o) as Record<string, unknown>;
      return this.item(picked, fieldColumns(this.opts.fields), { ...o, json: undefined, fieldsApplied: true });
    }
    if (this.rendering === 'csv') {
      this.write(csvTable(fields.map((f) => f.header), [fields.map((f) => this.cell(f, row, false, o))], this.opts.headers !== false));
      return;
    }
    const tty = this.rendering === 'table';
    const width = Math.max(...fields.map((f) => f.header.length));
    for (const f of fields) {
      const value = this.cell(f, row, tty, o);
      // On a terminal, long values wrap under themselves (hanging indent), never back to column 0.
      if (tty) this.write(`${hangingWrap(this.opts.style.bold(f.header.padEnd(width)), width, value, this.width).join('\n')}\n`);
      else this.write(`${f.header}\t${value}\n`);
    }
  }

  /**
   * Rows that arrive in batches (`sql`): see stream.ts. With --jq or --fields the rows are
   * collected and printed through `json()`/`list()` at the end (memory then grows with the result).
   */
  stream(columns: readonly StreamColumn[], o: { previewRows?: number; format?: OutputFormat | undefined } = {}): RowSink {
    if (this.opts.jq !== undefined || this.opts.fields) return this.collectingSink(columns);
    const rendering = o.format ?? this.rendering;
    this.stdoutState ??= stdoutGuard(this.io.stdout);
    return openRowStream(
      {
        stdout: this.io.stdout,
        rendering,
        headers: this.opts.headers !== false,
        width: this.width,
        style: this.opts.style,
        finish: (text) => safeOutput(this.opts.redactor.redact(text), this.io.colorStdout),
        pretty: this.io.isStdoutTTY,
        previewRows: o.previewRows,
        stdoutState: this.stdoutState,
      },
      columns,
    );
  }

  private stdoutState: StdoutState | undefined;

  private collectingSink(columns: readonly StreamColumn[]): RowSink {
    const rows: Array<Record<string, unknown>> = [];
    return {
      get rows() {
        return rows.length;
      },
      closed: false,
      write: async (batch) => {
        for (const r of rowsOf(batch)) rows.push(Object.fromEntries(columns.map((c, i) => [c.name, r[i] ?? null])));
      },
      end: async () => {
        if (isJsonRendering(this.rendering)) this.json(rows);
        else await this.list(rows, columns.map((c) => ({ header: c.name, get: (row: Record<string, unknown>) => row[c.name] })));
        return { rows: rows.length, shown: rows.length, closed: false };
      },
    };
  }

  /** Columns of the terminal for tables and single views (0: unknown, nothing is fitted). */
  get width(): number {
    return this.io.width ?? 0;
  }

  /**
   * Raw JSON (masked unless revealing), then --fields and --jq. With `--format ndjson`
   * a list prints one element per line. Synchronous unless --jq is set, in which case
   * the output is queued in order (main.ts waits for it with `flush()`).
   */
  json(value: unknown, o: WriteOptions = {}): void {
    const data = this.picked(value, o);
    if (this.rendering === 'ndjson') {
      for (const v of Array.isArray(data) ? data : [data]) this.jsonText(ndjsonLine(v));
      return;
    }
    if (this.jq) return this.jsonText(JSON.stringify(data));
    this.write(`${safeJson(JSON.stringify(data, null, this.io.isStdoutTTY ? 2 : undefined))}\n`);
  }

  /** One JSON value on one line (an event of a stream: a log line, a progress record). */
  jsonLine(value: unknown, o: WriteOptions = {}): void {
    this.jsonText(ndjsonLine(this.picked(value, o)));
  }

  /**
   * A live view on a terminal (`apps metrics --watch`): moves the cursor up over the
   * `previousLines` lines of the last frame and clears them, then writes this one. The
   * cursor movement is ours; the frame itself is redacted and made safe like any line.
   */
  frame(text: string, previousLines: number): void {
    const up = previousLines > 0 && this.io.isStdoutTTY ? `\x1b[${previousLines}F\x1b[J` : '';
    if (up) this.io.stdout.write(up);
    this.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  /** A data line as is (e.g. one value a script asked for). */
  line(text: string): void {
    this.write(`${text}\n`);
  }

  /**
   * A piece of streamed text (a model's answer) as it arrives, with no newline added:
   * newlines and tabs kept, every other control character escaped, known secrets redacted,
   * also when one arrives split across pieces (the end of a piece that could begin a
   * secret waits for the next one, or for `textEnd()`).
   */
  text(chunk: string): void {
    const joined = this.opts.redactor.redact(this.heldText + chunk);
    const held = this.opts.redactor.partialAt(joined);
    this.heldText = joined.slice(joined.length - held);
    this.write(safeLines(joined.slice(0, joined.length - held)));
  }

  /** The end of streamed text: writes what `text()` held back. */
  textEnd(): void {
    const rest = this.heldText;
    this.heldText = '';
    this.write(safeLines(rest));
  }

  /** Progress and confirmations, on stderr. */
  info(text: string): void {
    this.err(`${text}\n`);
  }

  success(text: string): void {
    this.err(`${this.io.isStderrTTY ? `${this.opts.errStyle.green('✓')} ` : ''}${text}\n`);
  }

  warn(text: string): void {
    this.err(`${this.opts.errStyle.yellow('warning:')} ${text}\n`);
  }

  /** A cell: redacted and made terminal-safe first, then styled (sanitising never meets our own colours). */
  private cell<T>(c: Column<T>, row: T, tty: boolean, o: WriteOptions): string {
    const raw = c.get(row);
    if (raw === null || raw === undefined || raw === '') return tty ? this.opts.style.dim('-') : '';
    if (c.kind === 'secret') return SECRET_MASK;
    if (c.kind === 'key') return o.reveal ? this.safe(String(raw)) : (maskKey(String(raw)) ?? '');
    if (c.kind === 'bool') return raw ? 'yes' : 'no';
    if (c.kind === 'status') return tty ? this.opts.style.status(statusWords(this.safe(String(raw)))) : this.safe(String(raw));
    return this.safe(this.cellText(c, raw, tty));
  }

  private safe(text: string): string {
    return safeText(this.opts.redactor.redact(text));
  }

  private cellText<T>(c: Column<T>, v: unknown, tty: boolean): string {
    switch (c.kind) {
      case 'time':
        return tty && typeof v === 'string' ? relativeTime(v, this.opts.now()) : String(v);
      case 'list':
        // A space after each comma on a terminal, so a long list wraps between items.
        return Array.isArray(v) ? v.join(tty ? ', ' : ',') : typeof v === 'object' ? formatMap(v as Record<string, unknown>, tty ? ', ' : ',') : String(v);
      default:
        return typeof v === 'object' ? JSON.stringify(v) : this.opts.redactor.redact(String(v)).replace(/[\t\n]/g, ' ');
    }
  }

  /** The masked value, cut down to --fields. */
  private picked(value: unknown, o: WriteOptions): unknown {
    const safe = o.reveal ? value : maskDeep(value, { secretValues: o.secretValues });
    return this.opts.fields && !o.fieldsApplied ? selectFields(safe, this.opts.fields) : safe;
  }

  /** JSON text to stdout, through the --jq filter when there is one. */
  private jsonText(json: string): void {
    const jq = this.jq;
    if (!jq) return this.write(json.endsWith('\n') ? json : `${json}\n`);
    const next = (this.pending ?? Promise.resolve()).then(async () => {
      const { text, error } = await jq.apply(json);
      this.writeNow(text);
      if (error) throw error;
    });
    next.catch(() => {}); // surfaced by flush()
    this.pending = next;
  }

  private write(text: string): void {
    if (!this.pending) return this.writeNow(text);
    const next = this.pending.then(() => this.writeNow(text));
    next.catch(() => {});
    this.pending = next;
  }

  private writeNow(text: string): void {
    if (text !== '') this.io.stdout.write(safeOutput(this.opts.redactor.redact(text), this.io.colorStdout));
  }

  private err(text: string): void {
    this.io.stderr.write(safeOutput(this.opts.redactor.redact(text), this.io.colorStderr));
  }
}

function formatMap(m: Record<string, unknown>, separator: string): string {
  return Object.entries(m)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(separator);
}

/** IDs, names and statuses are never cut or dropped; other columns as they declare. */
function fitSpec<T>(c: Column<T>, index: number): FitColumn {
  const required = c.required ?? (index === 0 || c.kind === 'status' || /^(id|name)$/i.test(c.header));
  return { overflow: required ? undefined : c.overflow, priority: c.priority, required };
}

/** API status values in words for people (`in_progress` → `in progress`); JSON and TSV keep the API's. */
export function statusWords(status: string): string {
  return status.replace(/_/g, ' ');
}
