/**
 * One SQL query against the runtime, over Arrow Flight (default) or HTTP `/v1/sql`,
 * as a stream of row batches in the shape every output format takes (shapes.ts `Cell`).
 *
 * HTTP: raw SQL as `text/plain`, or with parameters the exact-`application/json` envelope
 * `{"sql", "parameters"}` (self-hosted runtimes only: Spice Cloud parses every body as SQL,
 * so parameters there are refused before sending); `Accept: application/vnd.spiceai.sql.v1+json`
 * first; every answer shape parsed by shapes.ts. Read-only statements are retried on 429/503.
 * Flight: the client in flight.ts (parameters as a prepared statement), batches converted
 * by arrow-cells.ts.
 */
import { UsageError } from '../errors.js';
import type { QueryParams, RuntimeConnection } from './connection.js';
import type { RuntimeResponse } from './http.js';
import { parseSqlBody, type Cell, type SqlColumn } from './shapes.js';
import type { CsvLines } from '../output/csv-lines.js';
import { rowsOf } from '../output/stream.js';

export interface SqlQueryOptions {
  /** Use HTTP /v1/sql instead of Arrow Flight. */
  http?: boolean;
  params?: QueryParams | undefined;
  /** Aborts this query only (the REPL's Ctrl-C); the command's signal aborts it too. */
  signal?: AbortSignal | undefined;
  /** Cache-Control: no-cache (bypass the runtime's results cache). */
  noCache?: boolean;
  /** How long to wait for the first answer (HTTP). */
  timeoutMs?: number | undefined;
  /**
   * HTTP only: the output is CSV, so ask the runtime for `text/csv` and stream it row by
   * row (every value a string) instead of buffering and parsing one JSON document.
   */
  csv?: boolean;
}

export interface SqlStream {
  transport: 'flight' | 'http';
  columns: SqlColumn[];
  /** Rows; a `text/csv` answer may also give CsvLines (rowsOf makes them rows). */
  batches: AsyncIterable<Cell[][] | CsvLines>;
  /** Whether the results cache answered (after the batches were read); undefined when not said. */
  cached(): Promise<boolean | undefined>;
  /** HTTP: the answer looks cut at Spice Cloud's 500-row cap (or says it has more rows than it holds). */
  capped: boolean;
}

/** Spice Cloud's HTTP SQL cap (dataplane.md §7). */
export const CLOUD_HTTP_ROW_CAP = 500;
/** HTTP answers are parsed whole; beyond this, use Flight. */
const MAX_HTTP_SQL_BYTES = 256 * 1024 * 1024;

export async function querySql(conn: RuntimeConnection, sql: string, o: SqlQueryOptions = {}): Promise<SqlStream> {
  const headers: Record<string, string> = o.noCache ? { 'cache-control': 'no-cache' } : {};
  const hasParams = o.params !== undefined && (Array.isArray(o.params) ? o.params.length > 0 : Object.keys(o.params).length > 0);
  if (o.http) {
    if (hasParams && conn.target.cloud) {
      throw new UsageError('Spice Cloud does not take query parameters over HTTP (it reads every body as SQL)', 'Drop --http: over Arrow Flight the parameters are sent as a prepared statement.');
    }
    const res = await conn.http.request('/v1/sql', {
      method: 'POST',
      what: 'query',
      body: hasParams ? paramsEnvelope(sql, o.params!) : sql,
      contentType: hasParams ? 'application/json' : 'text/plain',
      accept: o.csv ? 'text/csv, application/vnd.spiceai.sql.v1+json;q=0.5' : 'application/vnd.spiceai.sql.v1+json, application/json;q=0.9',
      headers,
      idempotent: isReadOnly(sql),
      timeoutMs: o.timeoutMs,
      signal: o.signal,
    });
    if (o.csv && /^text\/csv\b/i.test(res.headers.get('content-type') ?? '')) return csvStream(conn, res);
    const result = parseSqlBody(await res.text(MAX_HTTP_SQL_BYTES));
    const status = `${res.headers.get('results-cache-status') ?? ''} ${res.headers.get('x-cache') ?? ''}`.trim();
    const cached = status === '' ? undefined : /\b(hit|stale)\b/i.test(status);
    // Spice Cloud (a *.spiceai.io host, or any endpoint the Management API gave for the app)
    // cuts HTTP answers at 500 rows without saying so.
    const behindGateway = conn.target.cloud || conn.target.endpointSource === 'app';
    const capped =
      (result.reportedRows !== undefined && result.reportedRows > result.rows.length) || (behindGateway && result.rows.length === CLOUD_HTTP_ROW_CAP);
    return {
      transport: 'http',
      columns: result.columns,
      batches: (async function* () {
        // Handed out in slices so the writer can interleave drains, like Flight batches.
        for (let i = 0; i < result.rows.length; i += 1000) yield result.rows.slice(i, i + 1000);
      })(),
      cached: async () => cached,
      capped,
    };
  }

  const client = await conn.flight();
  const [query, cells] = await Promise.all([client.query(sql, hasParams ? o.params : undefined, { signal: o.signal, headers }), import('./arrow-cells.js')]);
  return {
    transport: 'flight',
    columns: cells.columnsOf(query.schema),
    batches: (async function* () {
      for await (const batch of query.batches) yield cells.batchRows(batch);
    })(),
    cached: async () => {
      const c = await query.cached;
      return typeof c === 'boolean' ? c : undefined;
    },
    capped: false,
  };
}

/** A `text/csv` answer as it arrives: the header line names the columns, the rest are rows. */
async function csvStream(conn: RuntimeConnection, res: RuntimeResponse): Promise<SqlStream> {
  const { csvBatches } = await import('./csv-stream.js');
  const reader = csvBatches(res.body)[Symbol.asyncIterator]();
  const first = await reader.next();
  // The first batch is parsed rows: the header is never taken as CsvLines.
  const [header = [], ...rows] = first.done ? [] : rowsOf(first.value);
  const status = `${res.headers.get('results-cache-status') ?? ''} ${res.headers.get('x-cache') ?? ''}`.trim();
  let count = 0;
  return {
    transport: 'http',
    columns: header.map((name) => ({ name })),
    batches: (async function* () {
      if (rows.length > 0) yield rows;
      count += rows.length;
      for (let next = await reader.next(); !next.done; next = await reader.next()) {
        count += next.value.length;
        yield next.value;
      }
    })(),
    cached: async () => (status === '' ? undefined : /\b(hit|stale)\b/i.test(status)),
    get capped() {
      return conn.target.cloud && count === CLOUD_HTTP_ROW_CAP;
    },
  };
}

/** A statement that cannot change anything, so a retry is safe. */
export function isReadOnly(sql: string): boolean {
  const body = sql.replace(/^\s*(--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*/, '');
  return /^(select|with|show|describe|desc|explain|values)\b/i.test(body) && !/;\s*\S/.test(body.replace(/'(?:[^']|'')*'/g, "''"));
}

/** `{"sql": …, "parameters": […] | {…}}` with big integers written as their digits. */
export function paramsEnvelope(sql: string, params: QueryParams): string {
  const value = (v: unknown) => (typeof v === 'bigint' ? v.toString() : JSON.stringify(v));
  const parameters = Array.isArray(params)
    ? `[${params.map(value).join(',')}]`
    : `{${Object.entries(params).map(([k, v]) => `${JSON.stringify(k)}:${value(v)}`).join(',')}}`;
  return `{"sql":${JSON.stringify(sql)},"parameters":${parameters}}`;
}
