/**
 * Arrow record batches (Flight results) → rows of JSON values (shapes.ts `Cell`), the
 * same values the HTTP shapes give, so every output format treats both transports alike.
 *
 * - Int64/Uint64 and decimals: a number when a JS number holds them exactly, otherwise a
 *   string of the exact digits (never rounded);
 * - timestamps: ISO 8601 from the raw 64-bit value (nanoseconds kept), `Z` when the
 *   column has a time zone, none when it is naive (as the runtime's JSON writes them);
 *   dates `YYYY-MM-DD`; times `HH:MM:SS[.fraction]`;
 * - binary: lowercase hex; lists → arrays; structs and maps → objects; NaN/±Infinity → strings.
 *
 * Loaded only on the Flight path (it imports apache-arrow).
 */
import { DataType, TimeUnit, Type, type Field, type RecordBatch, type Schema, type Vector } from 'apache-arrow';
import type { Cell, SqlColumn } from './shapes.js';

export function columnsOf(schema: Schema): SqlColumn[] {
  return schema.fields.map((f) => ({ name: f.name, type: typeText(f.type) }));
}

/** Arrow JS names types like `Timestamp<MICROSECOND, UTC>`; show them as the runtime does. */
function typeText(t: DataType): string {
  return String(t)
    .replace(/<([A-Z]+)/g, (_, unit: string) => `(${unit[0]}${unit.slice(1).toLowerCase()}`)
    .replace(/>/g, ')')
    .replace(/\(([^)]*)$/, '($1)');
}

export function batchRows(batch: RecordBatch): Cell[][] {
  const n = batch.numRows;
  const cols = batch.schema.fields.map((f, i) => columnReader(batch.getChildAt(i)!, f));
  const rows: Cell[][] = new Array(n);
  for (let r = 0; r < n; r++) {
    const row: Cell[] = new Array(cols.length);
    for (let c = 0; c < cols.length; c++) row[c] = cols[c]!(r);
    rows[r] = row;
  }
  return rows;
}

type Reader = (row: number) => Cell;

function columnReader(vector: Vector, field: Field): Reader {
  const type = field.type as DataType;
  if (DataType.isTimestamp(type)) {
    const data = vector.data[0];
    const raw = data?.values;
    if (raw instanceof BigInt64Array && data) {
      const unit = type.unit;
      const zoned = Boolean(type.timezone);
      return (r) => (vector.isValid(r) ? timestampText(raw[data.offset + r]!, unit, zoned) : null);
    }
  }
  return (r) => (vector.isValid(r) ? toCell(vector.get(r), type) : null);
}

/** One Arrow value (as apache-arrow's `get` returns it) of type `t`. */
export function toCell(v: unknown, t: DataType): Cell {
  if (v === null || v === undefined) return null;
  switch (t.typeId) {
    case Type.Null:
      return null;
    case Type.Int:
      return intCell(v);
    case Type.Float:
      return typeof v === 'number' && !Number.isFinite(v) ? String(v) : (v as number);
    case Type.Decimal:
      return decimalCell(v as Uint32Array, (t as DataType & { scale: number }).scale);
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Utf8View:
      return String(v);
    case Type.Bool:
      return Boolean(v);
    case Type.Binary:
    case Type.LargeBinary:
    case Type.BinaryView:
    case Type.FixedSizeBinary:
      return Buffer.from(v as Uint8Array).toString('hex');
    case Type.Date: {
      const iso = new Date(Number(v)).toISOString();
      return (t as DataType & { unit: number }).unit === 0 ? iso.slice(0, 10) : iso.slice(0, 23);
    }
    case Type.Time:
      return timeText(v as number | bigint, (t as DataType & { unit: TimeUnit }).unit);
    case Type.Timestamp: {
      const ms = Number(v);
      const iso = new Date(Math.floor(ms)).toISOString().slice(0, 23).replace(/\.000$/, '');
      return (t as DataType & { timezone?: string | null }).timezone ? `${iso}Z` : iso;
    }
    case Type.List:
    case Type.LargeList:
    case Type.FixedSizeList: {
      const child = (t.children[0] as Field | undefined)?.type as DataType | undefined;
      const out: Cell[] = [];
      for (const x of v as Iterable<unknown>) out.push(child ? toCell(x, child) : generic(x));
      return out;
    }
    case Type.Struct: {
      const o: Record<string, Cell> = {};
      for (const f of t.children as Field[]) o[f.name] = toCell((v as Record<string, unknown>)[f.name], f.type as DataType);
      return o;
    }
    case Type.Dictionary:
      return toCell(v, (t as DataType & { dictionary: DataType }).dictionary);
    default:
      return generic(v);
  }
}

function intCell(v: unknown): Cell {
  if (typeof v === 'bigint') return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  return v as number;
}

/** Anything else: JSON-ish, big ints as text. */
function generic(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return intCell(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    const j = (v as { toJSON(): unknown }).toJSON();
    if (j !== v) return generic(j);
  }
  if (typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function') return Array.from(v as Iterable<unknown>, generic);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, generic(x)]));
  return String(v);
}

/** A decimal from Arrow's little-endian 32-bit words (two's complement) and its scale. */
export function decimalCell(words: Uint32Array, scale: number): Cell {
  let n = 0n;
  for (let i = words.length - 1; i >= 0; i--) n = (n << 32n) | BigInt(words[i]!);
  const bits = BigInt(words.length * 32);
  if (words.length > 0 && (words[words.length - 1]! & 0x80000000) !== 0) n -= 1n << bits;
  const neg = n < 0n;
  let digits = (neg ? -n : n).toString();
  let text = digits;
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    text = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  } else if (scale < 0) {
    text = digits + '0'.repeat(-scale);
  }
  if (neg) text = `-${text}`;
  const value = Number(text);
  const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  const significant = trimmed.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length;
  if (significant <= 15 && Number.isFinite(value) && (trimmed.includes('.') || Number.isSafeInteger(value))) return value;
  return text;
}

const PER_SECOND: Record<number, bigint> = { [TimeUnit.SECOND]: 1n, [TimeUnit.MILLISECOND]: 1000n, [TimeUnit.MICROSECOND]: 1_000_000n, [TimeUnit.NANOSECOND]: 1_000_000_000n };
const DIGITS: Record<number, number> = { [TimeUnit.SECOND]: 0, [TimeUnit.MILLISECOND]: 3, [TimeUnit.MICROSECOND]: 6, [TimeUnit.NANOSECOND]: 9 };

/** ISO 8601 of a raw timestamp, every digit of its unit kept (trailing zeros dropped). */
export function timestampText(raw: bigint, unit: TimeUnit, zoned: boolean): string {
  const per = PER_SECOND[unit] ?? 1000n;
  let secs = raw / per;
  let frac = raw % per;
  if (frac < 0n) {
    frac += per;
    secs -= 1n;
  }
  const date = new Date(Number(secs) * 1000);
  const base = Number.isNaN(date.getTime()) ? `${secs}s` : date.toISOString().slice(0, 19);
  const digits = DIGITS[unit] ?? 3;
  const f = digits ? frac.toString().padStart(digits, '0').replace(/0+$/, '') : '';
  return `${base}${f ? `.${f}` : ''}${zoned ? 'Z' : ''}`;
}

function timeText(v: number | bigint, unit: TimeUnit): string {
  const per = PER_SECOND[unit] ?? 1000n;
  const raw = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  const secs = Number(raw / per);
  const frac = raw % per;
  const hh = String(Math.floor(secs / 3600)).padStart(2, '0');
  const mm = String(Math.floor((secs % 3600) / 60)).padStart(2, '0');
  const ss = String(secs % 60).padStart(2, '0');
  const digits = DIGITS[unit] ?? 3;
  const f = digits ? frac.toString().padStart(digits, '0').replace(/0+$/, '') : '';
  return `${hh}:${mm}:${ss}${f ? `.${f}` : ''}`;
}
