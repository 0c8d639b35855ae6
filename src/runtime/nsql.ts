/**
 * Text-to-SQL, `POST /v1/nsql` (dataplane.md §4.8): the runtime asks its model for SQL,
 * runs it read-only and answers rows. We ask for `application/vnd.spiceai.nsql.v1+json`
 * (`{row_count, schema, data, sql}`), which also carries the generated SQL; a runtime that
 * only knows `application/json` answers a plain array of rows (and no SQL).
 *
 * Generating SQL can take a while (the runtime retries up to 10 times), so the wait is
 * the command's --timeout (default 2 minutes), not the per-request default.
 */
import { ApiError } from '../errors.js';
import type { RuntimeHttp } from './http.js';
import { cacheStatus } from './search.js';

export interface NsqlRequest {
  query: string;
  model?: string | undefined;
  /** Sampling hints: datasets whose sample rows the model sees (does not restrict the query). */
  datasets?: string[] | undefined;
  sample_data_enabled?: boolean | undefined;
}

export interface NsqlField {
  name: string;
  data_type: unknown;
}

export interface NsqlAnswer {
  /** The generated SQL, when the runtime says it. */
  sql: string | undefined;
  /** Column order from the schema (or the rows' keys when there is none). */
  fields: NsqlField[];
  rows: Array<Record<string, unknown>>;
  cached: boolean | undefined;
}

export async function nsql(http: RuntimeHttp, req: NsqlRequest, o: { timeoutMs: number; signal?: AbortSignal | undefined }): Promise<NsqlAnswer> {
  const body: Record<string, unknown> = { query: req.query };
  if (req.model) body.model = req.model;
  if (req.datasets && req.datasets.length > 0) body.datasets = req.datasets;
  if (req.sample_data_enabled) body.sample_data_enabled = true;
  const res = await http.request('/v1/nsql', {
    method: 'POST',
    body: JSON.stringify(body),
    contentType: 'application/json',
    accept: 'application/vnd.spiceai.nsql.v1+json, application/json;q=0.5',
    what: 'ask for SQL',
    timeoutMs: o.timeoutMs,
    signal: o.signal,
  });
  const parsed = await res.json<unknown>();
  const cached = cacheStatus(res.headers.get('results-cache-status'));
  return { ...readNsqlBody(parsed), cached };
}

/** The vnd `{row_count, schema, data, sql}` object, the legacy `{rows, schema}` one, or a plain rows array. */
export function readNsqlBody(v: unknown): Omit<NsqlAnswer, 'cached'> {
  if (Array.isArray(v)) return { sql: undefined, rows: rowsOf(v), fields: fieldsFromRows(rowsOf(v)) };
  if (isObject(v)) {
    const data = Array.isArray(v.data) ? v.data : Array.isArray(v.rows) ? v.rows : undefined;
    if (data) {
      const rows = rowsOf(data);
      const fields = fieldsFromSchema(v.schema) ?? fieldsFromRows(rows);
      return { sql: typeof v.sql === 'string' ? v.sql : undefined, rows, fields };
    }
  }
  throw new ApiError('the runtime sent an nsql answer this CLI does not recognise (no rows)', { code: 'bad_response' });
}

function fieldsFromSchema(schema: unknown): NsqlField[] | undefined {
  const list = isObject(schema) && Array.isArray(schema.fields) ? schema.fields : Array.isArray(schema) ? schema : undefined;
  if (!list || list.length === 0) return undefined;
  return list.filter(isObject).map((f) => ({
    name: String(f.name),
    data_type: f.data_type ?? (isObject(f.type) ? f.type.name : f.type) ?? null,
  }));
}

/** Key order of the rows, first seen first (missing keys are NULL: arrow-json omits nulls). */
function fieldsFromRows(rows: Array<Record<string, unknown>>): NsqlField[] {
  const names = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) names.add(k);
  return [...names].map((name) => ({ name, data_type: null }));
}

function rowsOf(list: unknown[]): Array<Record<string, unknown>> {
  return list.filter(isObject);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
