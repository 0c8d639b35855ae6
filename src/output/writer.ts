/**
 * The one output path for data. Commands hand it rows and a column spec; it decides:
 * - `--json`: JSON (pretty on a terminal, one line when piped), credential fields masked;
 * - stdout is a terminal: a table (cli-table3) with headers and relative times;
 * - piped: tab-separated lines, no header, no colour, RFC 3339 times.
 * Messages, warnings and progress go to stderr. Everything written passes the Redactor.
 */
import type { IO } from '../io.js';
import { maskDeep, maskKey, SECRET_MASK, type Redactor } from './mask.js';
import type { Style } from './style.js';
import { relativeTime } from './time.js';

export type ColumnKind = 'text' | 'time' | 'status' | 'key' | 'secret' | 'bool' | 'list';

export interface Column<T> {
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
      const { default: Table } = await import('cli-table3');
      const table = new Table({
        head: columns.map((c) => this.opts.style.bold(c.header.toUpperCase())),
        style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 2 },
        chars: BORDERLESS,
      });
      for (const row of rows) table.push(columns.map((c) => this.cell(c, row, true, o)));
      this.write(`${table.toString().split('\n').map((l) => l.trimEnd()).join('\n')}\n`);
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
      this.write(tty ? `${this.opts.style.bold(f.header.padEnd(width))}  ${value}\n` : `${f.header}\t${value}\n`);
    }
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
        return tty ? this.opts.style.status(String(v)) : String(v);
      case 'key':
        return o.reveal ? String(v) : (maskKey(String(v)) ?? '');
      case 'secret':
        return SECRET_MASK;
      case 'bool':
        return v ? 'yes' : 'no';
      case 'list':
        return Array.isArray(v) ? v.join(',') : typeof v === 'object' ? formatMap(v as Record<string, unknown>) : String(v);
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

function formatMap(m: Record<string, unknown>): string {
  return Object.entries(m)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
  bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '',
  right: '', 'right-mid': '', middle: '',
};
