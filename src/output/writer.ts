/**
 * The one output path for data. Commands hand it rows and a column spec; it decides:
 * - `--json`: JSON (pretty on a terminal, one line when piped), credential fields masked;
 * - stdout is a terminal: a table with headers and relative times, fitted to the width (fit.ts);
 * - piped: tab-separated lines, no header, no colour, RFC 3339 times.
 * Messages, warnings and progress go to stderr. Everything written passes the Redactor.
 */
import type { IO } from '../io.js';
import { fitTable, hangingWrap, type FitColumn } from './fit.js';
import { maskDeep, maskKey, SECRET_MASK, type Redactor } from './mask.js';
import type { Style } from './style.js';
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
}

export class Output {
  constructor(
    private readonly io: IO,
    private readonly opts: { json: boolean; redactor: Redactor; style: Style; errStyle: Style; now: () => number },
  ) {}

  get jsonMode(): boolean {
    return this.opts.json;
  }

  /** A list: JSON array, table, or TSV lines. */
  async list<T>(rows: T[], columns: Column<T>[], o: WriteOptions = {}): Promise<void> {
    if (this.opts.json) return this.json(o.json ?? rows, o);
    if (this.io.isStdoutTTY) {
      if (rows.length === 0) return;
      // Fitted to the terminal (fit.ts): free text shortened first, then low-priority columns dropped.
      const head = columns.map((c) => this.opts.style.bold(c.header.toUpperCase()));
      const body = rows.map((row) => columns.map((c) => this.cell(c, row, true, o)));
      const { lines } = fitTable(head, body, columns.map(fitSpec), this.width);
      this.write(`${lines.join('\n')}\n`);
      return;
    }
    for (const row of rows) this.write(`${columns.map((c) => this.cell(c, row, false, o)).join('\t')}\n`);
  }

  /** A single resource: JSON object, aligned `field  value` lines, or `field\tvalue` lines. */
  async item<T>(row: T, fields: Column<T>[], o: WriteOptions = {}): Promise<void> {
    if (this.opts.json) return this.json(o.json ?? row, o);
    const tty = this.io.isStdoutTTY;
    const width = Math.max(...fields.map((f) => f.header.length));
    for (const f of fields) {
      const value = this.cell(f, row, tty, o);
      // On a terminal, long values wrap under themselves (hanging indent), never back to column 0.
      if (tty) this.write(`${hangingWrap(this.opts.style.bold(f.header.padEnd(width)), width, value, this.width).join('\n')}\n`);
      else this.write(`${f.header}\t${value}\n`);
    }
  }

  /** Columns of the terminal for tables and single views (0: unknown, nothing is fitted). */
  get width(): number {
    return this.io.width ?? 0;
  }

  /** Raw JSON (masked unless revealing). */
  json(value: unknown, o: WriteOptions = {}): void {
    const safe = o.reveal ? value : maskDeep(value, { secretValues: o.secretValues });
    this.write(`${JSON.stringify(safe, null, this.io.isStdoutTTY ? 2 : undefined)}\n`);
  }

  /** A data line as is (e.g. one value a script asked for). */
  line(text: string): void {
    this.write(`${text}\n`);
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

  private cell<T>(c: Column<T>, row: T, tty: boolean, o: WriteOptions): string {
    const v = c.get(row);
    if (v === null || v === undefined || v === '') return tty ? this.opts.style.dim('-') : '';
    switch (c.kind) {
      case 'time':
        return tty && typeof v === 'string' ? relativeTime(v, this.opts.now()) : String(v);
      case 'status':
        return tty ? this.opts.style.status(statusWords(String(v))) : String(v);
      case 'key':
        return o.reveal ? String(v) : (maskKey(String(v)) ?? '');
      case 'secret':
        return SECRET_MASK;
      case 'bool':
        return v ? 'yes' : 'no';
      case 'list':
        // A space after each comma on a terminal, so a long list wraps between items.
        return Array.isArray(v) ? v.join(tty ? ', ' : ',') : typeof v === 'object' ? formatMap(v as Record<string, unknown>, tty ? ', ' : ',') : String(v);
      default:
        return typeof v === 'object' ? JSON.stringify(v) : String(v).replace(/[\t\n]/g, ' ');
    }
  }

  private write(text: string): void {
    this.io.stdout.write(this.opts.redactor.redact(text));
  }

  private err(text: string): void {
    this.io.stderr.write(this.opts.redactor.redact(text));
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
