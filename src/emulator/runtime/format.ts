/**
 * Arrow record batches → the runtime's wire formats (`/v1/sql`, `/v1/nsql`):
 *
 *   application/json                     rows array, written batch by batch (arrow-json, explicit nulls)
 *   application/vnd.spiceai.sql.v1+json  {"row_count","schema":{"fields":[…],"metadata":{}},"data":[…]}
 *   text/csv                             arrow-csv: header line + rows
 *   text/plain                           arrow's pretty table (+---+)
 *
 * Int64/UInt64 and decimals are written as exact JSON numbers (no 2^53 rounding);
 * timestamps as ISO-8601 strings (`Z` only for zoned types), dates `YYYY-MM-DD`,
 * binary as hex, lists as arrays, structs as objects.
 */
import { makeVector, Type, type DataType, type Field, type RecordBatch, type Schema, type Vector } from 'apache-arrow';

export const MEDIA = {
  json: 'application/json',
  vnd: 'application/vnd.spiceai.sql.v1+json',
  vndNsql: 'application/vnd.spiceai.nsql.v1+json',
  csv: 'text/csv',
  text: 'text/plain',
  sql: 'application/sql',
} as const;

export type SqlFormat = 'json' | 'vnd' | 'csv' | 'text';

/**
 * The first recognised media type in the Accept list, in the client's order; none or
 * unknown (`*\/*`) → JSON. `extra` lets /v1/nsql add `application/sql`.
 */
export function negotiate<T extends string = never>(accept: string | undefined, extra: Record<string, T> = {}): SqlFormat | T {
  for (const part of (accept ?? '').split(',')) {
    const type = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (type in extra) return extra[type] as T;
    if (type === MEDIA.json) return 'json';
    if (type === MEDIA.vnd || type === MEDIA.vndNsql) return 'vnd';
    if (type === MEDIA.csv) return 'csv';
    if (type === MEDIA.text) return 'text';
  }
  return 'json';
}

export const contentTypeOf = (f: SqlFormat): string =>
  ({ json: MEDIA.json, vnd: MEDIA.vnd, csv: 'text/csv; charset=utf-8', text: 'text/plain; charset=utf-8' })[f];

// ---------------------------------------------------------------- cells

const pad = (n: number | bigint, w = 2): string => String(n).padStart(w, '0');

function rawInt64(vec: Vector, i: number): bigint {
  const data = vec.data[0];
  if (!data) return 0n;
  return (data.values as BigInt64Array)[data.offset + i] ?? 0n;
}

function formatEpoch(value: bigint, unit: number): string {
  // unit: 0 s, 1 ms, 2 µs, 3 ns (apache-arrow TimeUnit)
  const perSecond = [1n, 1000n, 1_000_000n, 1_000_000_000n][unit] ?? 1_000_000n;
  let secs = value / perSecond;
  let frac = value % perSecond;
  if (frac < 0n) {
    frac += perSecond;
    secs -= 1n;
  }
  const d = new Date(Number(secs) * 1000);
  const base = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  if (frac === 0n) return base;
  const digits = String(perSecond).length - 1;
  return `${base}.${String(frac).padStart(digits, '0').replace(/0+$/, '')}`;
}

function formatTime(micros: bigint, unit: number): string {
  const perSecond = [1n, 1000n, 1_000_000n, 1_000_000_000n][unit] ?? 1_000_000n;
  const total = micros / perSecond;
  const frac = micros % perSecond;
  const s = Number(total);
  const base = `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
  if (frac === 0n) return base;
  const digits = String(perSecond).length - 1;
  return `${base}.${String(frac).padStart(digits, '0').replace(/0+$/, '')}`;
}

function decimalText(words: Uint32Array, scale: number): string {
  let v = 0n;
  for (let k = words.length - 1; k >= 0; k--) v = (v << 32n) | BigInt(words[k] as number);
  v = BigInt.asIntN(128, v);
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return neg ? `-${text}` : text;
}

const floatText = (n: number): string => (Number.isInteger(n) && Math.abs(n) < 1e16 ? `${n}.0` : String(n));

/** A cell as JSON text (exact for 64-bit integers and decimals). */
export function cellJson(vec: Vector, i: number): string {
  if (!vec.isValid(i)) return 'null';
  const t = vec.type as DataType;
  switch (t.typeId) {
    case Type.Int:
    case Type.Float:
    case Type.Bool: {
      const v = vec.get(i) as number | bigint | boolean;
      if (typeof v === 'number') return Number.isFinite(v) ? (t.typeId === Type.Float ? floatText(v) : String(v)) : 'null';
      return String(v);
    }
    case Type.Decimal:
      return decimalText(vec.get(i) as Uint32Array, (t as unknown as { scale: number }).scale);
    case Type.Null:
      return 'null';
    case Type.List:
    case Type.FixedSizeList: {
      const child = vec.get(i) as Vector;
      const parts: string[] = [];
      for (let k = 0; k < child.length; k++) parts.push(cellJson(child, k));
      return `[${parts.join(',')}]`;
    }
    case Type.Struct: {
      const row = vec.get(i) as { [k: string]: unknown } | null;
      if (!row) return 'null';
      const children = (t as unknown as { children: Field[] }).children;
      const data = vec.data[0];
      const parts = children.map((f, c) => {
        const childData = data?.children[c];
        return `${JSON.stringify(f.name)}:${childData ? cellJson(makeVector(childData) as Vector, i) : 'null'}`;
      });
      return `{${parts.join(',')}}`;
    }
    default: {
      const text = cellText(vec, i);
      return text === null ? 'null' : JSON.stringify(text);
    }
  }
}

/** A cell as display text (CSV, pretty table); null for SQL NULL. */
export function cellText(vec: Vector, i: number): string | null {
  if (!vec.isValid(i)) return null;
  const t = vec.type as DataType;
  switch (t.typeId) {
    case Type.Timestamp: {
      const unit = (t as unknown as { unit: number }).unit;
      const tz = (t as unknown as { timezone: string | null }).timezone;
      return formatEpoch(rawInt64(vec, i), unit) + (tz ? 'Z' : '');
    }
    case Type.Date: {
      const d = new Date(vec.get(i) as number);
      return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    }
    case Type.Time: {
      const v = vec.get(i) as number | bigint;
      return formatTime(BigInt(v), (t as unknown as { unit: number }).unit);
    }
    case Type.Decimal:
      return decimalText(vec.get(i) as Uint32Array, (t as unknown as { scale: number }).scale);
    case Type.Binary:
    case Type.LargeBinary:
    case Type.FixedSizeBinary:
      return Buffer.from(vec.get(i) as Uint8Array).toString('hex');
    case Type.Float: {
      const n = vec.get(i) as number;
      return Number.isNaN(n) ? 'NaN' : Number.isFinite(n) ? floatText(n) : n > 0 ? 'inf' : '-inf';
    }
    case Type.Int:
    case Type.Bool:
    case Type.Utf8:
    case Type.LargeUtf8:
      return String(vec.get(i));
    case Type.List:
    case Type.FixedSizeList:
    case Type.Struct:
      return cellJson(vec, i);
    default:
      return String(vec.get(i));
  }
}

// ---------------------------------------------------------------- rows

/** Each row of a batch as a JSON object text, keys in schema order, nulls explicit. */
export function batchRowsJson(batch: RecordBatch): string[] {
  const names = batch.schema.fields.map((f) => JSON.stringify(f.name));
  const cols = batch.schema.fields.map((_f, c) => batch.getChildAt(c) as Vector);
  const out: string[] = [];
  for (let r = 0; r < batch.numRows; r++) {
    let s = '{';
    for (let c = 0; c < cols.length; c++) {
      if (c > 0) s += ',';
      s += `${names[c]}:${cellJson(cols[c] as Vector, r)}`;
    }
    out.push(`${s}}`);
  }
  return out;
}

// ---------------------------------------------------------------- vnd schema

/** Arrow-rs serde spelling of a DataType, as the vnd+json schema carries it. */
export function serdeType(t: DataType): unknown {
  const unitName = (u: number) => ['Second', 'Millisecond', 'Microsecond', 'Nanosecond'][u] ?? 'Microsecond';
  switch (t.typeId) {
    case Type.Null:
      return 'Null';
    case Type.Bool:
      return 'Boolean';
    case Type.Int: {
      const i = t as unknown as { bitWidth: number; isSigned: boolean };
      return `${i.isSigned ? 'Int' : 'UInt'}${i.bitWidth}`;
    }
    case Type.Float: {
      const p = (t as unknown as { precision: number }).precision;
      return ['Float16', 'Float32', 'Float64'][p] ?? 'Float64';
    }
    case Type.Utf8:
      return 'Utf8';
    case Type.LargeUtf8:
      return 'LargeUtf8';
    case Type.Binary:
      return 'Binary';
    case Type.Decimal: {
      const d = t as unknown as { precision: number; scale: number; bitWidth: number };
      return { [d.bitWidth === 256 ? 'Decimal256' : 'Decimal128']: [d.precision, d.scale] };
    }
    case Type.Date:
      return (t as unknown as { unit: number }).unit === 0 ? 'Date32' : 'Date64';
    case Type.Time: {
      const u = (t as unknown as { unit: number }).unit;
      return { [u <= 1 ? 'Time32' : 'Time64']: unitName(u) };
    }
    case Type.Timestamp: {
      const ts = t as unknown as { unit: number; timezone: string | null };
      return { Timestamp: [unitName(ts.unit), ts.timezone ?? null] };
    }
    case Type.List: {
      const child = (t as unknown as { children: Field[] }).children[0] as Field;
      return { List: serdeField(child) };
    }
    case Type.Struct:
      return { Struct: (t as unknown as { children: Field[] }).children.map(serdeField) };
    default:
      return String(t);
  }
}

export function serdeField(f: Field): Record<string, unknown> {
  return { name: f.name, data_type: serdeType(f.type), nullable: f.nullable, dict_id: 0, dict_is_ordered: false, metadata: {} };
}

export function serdeSchema(schema: Schema): Record<string, unknown> {
  return { fields: schema.fields.map(serdeField), metadata: {} };
}

// ---------------------------------------------------------------- csv / pretty

function csvCell(v: string | null): string {
  if (v === null) return '';
  return /[",\n\r]/.test(v) || v === '' ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvHeader(schema: Schema): string {
  return `${schema.fields.map((f) => csvCell(f.name)).join(',')}\n`;
}

export function batchCsv(batch: RecordBatch): string {
  const cols = batch.schema.fields.map((_f, c) => batch.getChildAt(c) as Vector);
  let s = '';
  for (let r = 0; r < batch.numRows; r++) s += `${cols.map((v) => csvCell(cellText(v, r))).join(',')}\n`;
  return s;
}

/** Arrow's pretty table (`+---+`), as DataFusion's `show()` prints it. */
export function prettyTable(schema: Schema | null, batches: RecordBatch[]): string {
  if (!schema || batches.length === 0) return '++\n++\n';
  const header = schema.fields.map((f) => f.name);
  const rows: string[][] = [];
  for (const b of batches) {
    const cols = b.schema.fields.map((_f, c) => b.getChildAt(c) as Vector);
    for (let r = 0; r < b.numRows; r++) rows.push(cols.map((v) => cellText(v, r) ?? ''));
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => (row[c] ?? '').length)));
  const rule = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: string[]) => `|${cells.map((v, c) => ` ${v.padEnd(widths[c] as number)} `).join('|')}|`;
  return [rule, line(header), rule, ...rows.map(line), rule].join('\n') + '\n';
}

// ---------------------------------------------------------------- plain values

/** A cell as a plain JS value for JSON bodies built in code (search, chat): 64-bit integers stay bigint. */
export function plainCell(vec: Vector, i: number): unknown {
  if (!vec.isValid(i)) return null;
  const t = vec.type as DataType;
  switch (t.typeId) {
    case Type.Int: {
      const v = vec.get(i) as number | bigint;
      return typeof v === 'bigint' && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    case Type.Float:
    case Type.Bool:
    case Type.Utf8:
    case Type.LargeUtf8:
      return vec.get(i);
    case Type.List:
    case Type.FixedSizeList:
    case Type.Struct:
      return JSON.parse(cellJson(vec, i));
    default:
      return cellText(vec, i);
  }
}

/** Rows of a batch as plain objects (see plainCell). */
export function batchRowsPlain(batch: RecordBatch): Record<string, unknown>[] {
  const cols = batch.schema.fields.map((f, c) => [f.name, batch.getChildAt(c) as Vector] as const);
  const out: Record<string, unknown>[] = [];
  for (let r = 0; r < batch.numRows; r++) {
    const row: Record<string, unknown> = {};
    for (const [name, vec] of cols) row[name] = plainCell(vec, r);
    out.push(row);
  }
  return out;
}

/** JSON.stringify that writes bigint values as exact JSON numbers. */
export function stringifyExact(value: unknown): string {
  const marker = '\u0000big:';
  const json = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${marker}${v}` : v));
  return json.replace(/"\\u0000big:(-?\d+)"/g, '$1');
}
