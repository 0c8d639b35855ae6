/**
 * The runtime's `/v1/sql` answers, of every generation (dataplane.md §4.3), normalised to
 * one shape: columns (names in schema order, types as text) and rows of JSON values.
 *
 *   rows array   `[{"col": v, …}, …]`                        G1–G3 `application/json`
 *   vnd          `{"row_count", "schema": {"fields"}, "data"}` `application/vnd.spiceai.sql.v1+json`
 *   legacy       `{"rowCount", "schema": [{name, type: {name}}], "rows"}`  2023–24 Spice Cloud
 *   NDJSON       one row object per line (spice.js accepts it)
 *
 * The Content-Type is not trusted (G1 sent text/plain for JSON): the body is sniffed.
 * Column order comes from the schema when there is one, else from the first row's keys
 * (then any key seen later); a key missing from a row is NULL.
 *
 * Numbers are parsed big-int-safely: an integer outside ±(2^53−1), or a decimal that a JS
 * number cannot hold exactly, stays a string with the runtime's digits, never rounded.
 */
import { ApiError } from '../errors.js';

/** A JSON value as the output path takes it. */
export type Cell = null | boolean | number | string | Cell[] | { [key: string]: Cell };

export interface SqlColumn {
  name: string;
  /** Arrow type as text (`Int64`, `Utf8`, `Timestamp(Nanosecond, UTC)`), when known. */
  type?: string | undefined;
}

export type SqlShape = 'rows' | 'vnd' | 'legacy' | 'ndjson';

export interface SqlResult {
  shape: SqlShape;
  columns: SqlColumn[];
  rows: Cell[][];
  /** The row count the runtime reported (vnd/legacy), which may exceed `rows.length` when capped. */
  reportedRows?: number | undefined;
  /** The SQL the runtime ran, when it says (`application/vnd.spiceai.nsql.v1+json` answers of `/v1/nsql`). */
  sql?: string | undefined;
}

/** Parses a `/v1/sql` body of any documented shape. */
export function parseSqlBody(text: string, what = 'query'): SqlResult {
  const body = text.trim();
  if (body === '') return { shape: 'rows', columns: [], rows: [] };
  let doc: unknown;
  try {
    doc = parseJsonSafe(body);
  } catch (e) {
    const lines = body.split('\n').filter((l) => l.trim() !== '');
    if (lines.length > 1 && lines.every((l) => l.trimStart().startsWith('{'))) {
      try {
        return fromRowObjects(lines.map((l) => parseJsonSafe(l)), 'ndjson');
      } catch {
        /* fall through */
      }
    }
    if (body.startsWith('[')) {
      // G3 streams the array: an error after the first batch leaves it unterminated.
      throw new ApiError(`${what} failed: the runtime's answer ended early (the query failed after the first rows were sent)`, { code: 'truncated' });
    }
    throw new ApiError(`${what} failed: the runtime's answer is not JSON (${(e as Error).message})`, { code: 'bad_response' });
  }
  if (Array.isArray(doc)) return fromRowObjects(doc, 'rows');
  if (doc && typeof doc === 'object') {
    const o = doc as Record<string, unknown>;
    if ('data' in o || 'row_count' in o) return fromVnd(o);
    if ('rows' in o || 'rowCount' in o) return fromLegacy(o);
  }
  throw new ApiError(`${what} failed: the runtime's answer has an unknown shape`, { code: 'bad_response' });
}

function fromRowObjects(list: unknown[], shape: SqlShape, columns: SqlColumn[] = []): SqlResult {
  const names = columns.map((c) => c.name);
  const known = new Set(names);
  for (const row of list) {
    if (!row || typeof row !== 'object' || Array.isArray(row)) throw new ApiError('query failed: the runtime sent a row that is not an object', { code: 'bad_response' });
    for (const k of Object.keys(row)) {
      if (!known.has(k)) {
        known.add(k);
        names.push(k);
        columns.push({ name: k });
      }
    }
  }
  const rows = list.map((r) => names.map((n) => toCell((r as Record<string, unknown>)[n])));
  return { shape, columns, rows };
}

function fromVnd(o: Record<string, unknown>): SqlResult {
  const fields = (o.schema as { fields?: unknown } | undefined)?.fields;
  const columns: SqlColumn[] = Array.isArray(fields)
    ? fields.map((f: { name?: unknown; data_type?: unknown }) => ({ name: String(f?.name ?? ''), type: arrowTypeText(f?.data_type) }))
    : [];
  const data = Array.isArray(o.data) ? o.data : [];
  return { ...fromRowObjects(data, 'vnd', columns), reportedRows: countOf(o.row_count), ...(typeof o.sql === 'string' ? { sql: o.sql } : {}) };
}

function fromLegacy(o: Record<string, unknown>): SqlResult {
  const schema = Array.isArray(o.schema) ? o.schema : [];
  const columns: SqlColumn[] = schema.map((f: { name?: unknown; type?: { name?: unknown } | unknown }) => ({
    name: String(f?.name ?? ''),
    type: typeof (f?.type as { name?: unknown })?.name === 'string' ? String((f.type as { name: string }).name) : typeof f?.type === 'string' ? f.type : undefined,
  }));
  const rows = Array.isArray(o.rows) ? o.rows : [];
  return { ...fromRowObjects(rows, 'legacy', columns), reportedRows: countOf(o.rowCount) };
}

function countOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
  return undefined;
}

function toCell(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) return v.map(toCell);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toCell(x)]));
  return String(v);
}

/**
 * Arrow's serde `data_type` as text: `"Int64"`, `{"Timestamp": ["Nanosecond", "UTC"]}` →
 * `Timestamp(Nanosecond, UTC)`, `{"List": {…field}}` → `List(Utf8)`.
 */
export function arrowTypeText(t: unknown): string | undefined {
  if (typeof t === 'string') return t;
  if (!t || typeof t !== 'object') return undefined;
  const [name, arg] = Object.entries(t as Record<string, unknown>)[0] ?? [];
  if (!name) return undefined;
  if (Array.isArray(arg)) return `${name}(${arg.map((a) => (a === null ? 'None' : typeof a === 'object' ? (arrowTypeText((a as { data_type?: unknown }).data_type ?? a) ?? '?') : String(a))).join(', ')})`;
  if (arg && typeof arg === 'object' && 'data_type' in arg) return `${name}(${arrowTypeText((arg as { data_type: unknown }).data_type) ?? '?'})`;
  return arg === undefined || arg === null ? name : `${name}(${String(arg)})`;
}

// ---------------------------------------------------------------------- big-int-safe JSON

/**
 * JSON.parse, except that a number a JS double cannot hold exactly (an integer beyond
 * ±(2^53−1), a decimal with more significant digits than survive) becomes a string of the
 * same digits. One pass over the text finds number tokens outside strings.
 */
export function parseJsonSafe(text: string): unknown {
  let out = '';
  let last = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
      continue;
    }
    if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      let j = i + 1;
      while (j < n && /[0-9.eE+-]/.test(text[j]!)) j++;
      const token = text.slice(i, j);
      if (!exact(token)) {
        out += `${text.slice(last, i)}"${token}"`;
        last = j;
      }
      i = j - 1;
    }
  }
  return JSON.parse(last === 0 ? text : out + text.slice(last));
}

/** Does Number(token) keep every digit of the token? */
function exact(token: string): boolean {
  // Integers: exact only inside ±(2^53−1), so a 64-bit column is numbers or strings, predictably.
  if (/^-?\d+$/.test(token)) return Number.isSafeInteger(Number(token));
  const value = Number(token);
  if (!Number.isFinite(value)) return false;
  const digits = token.replace(/^-/, '').replace(/[eE].*$/, '').replace('.', '').replace(/^0+/, '');
  if (digits.replace(/0+$/, '').length <= 15) return true;
  return canonical(String(value)) === canonical(token);
}

/** A decimal literal without exponent, sign-normalised, trailing fraction zeros removed. */
function canonical(s: string): string {
  let t = s.toLowerCase();
  if (t.includes('e')) {
    const [m, e] = t.split('e') as [string, string];
    const neg = m.startsWith('-');
    const [int, frac = ''] = m.replace('-', '').split('.') as [string, string?];
    let digits = int + frac;
    let point = int.length + Number(e);
    if (point <= 0) {
      digits = '0'.repeat(1 - point) + digits;
      point = 1;
    }
    if (point > digits.length) digits += '0'.repeat(point - digits.length);
    t = `${neg ? '-' : ''}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  if (t.includes('.')) t = t.replace(/0+$/, '').replace(/\.$/, '');
  t = t.replace(/^(-?)0+(?=\d)/, '$1');
  return t === '-0' ? '0' : t;
}
