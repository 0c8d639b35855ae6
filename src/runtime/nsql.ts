/**
 * Text-to-SQL, `POST /v1/nsql` (dataplane.md §4.8): the runtime asks its model for SQL,
 * runs it read-only and answers rows. We ask for `application/vnd.spiceai.nsql.v1+json`
 * (`{row_count, schema, data, sql}`), which also carries the generated SQL; a runtime that
 * only knows `application/json` answers a plain array of rows (and no SQL). Either way the
 * body is parsed by shapes.ts, as `sql`'s HTTP answers are (column order from the schema,
 * big integers and decimals kept exact).
 *
 * Generating SQL can take a while (the runtime retries up to 10 times), so the wait is
 * the command's --timeout (default 2 minutes), not the per-request default.
 */
import type { RuntimeHttp } from './http.js';
import { cacheStatus } from './search.js';
import { parseSqlBody, type SqlResult } from './shapes.js';

export interface NsqlRequest {
  query: string;
  model?: string | undefined;
  /** Sampling hints: datasets whose sample rows the model sees (does not restrict the query). */
  datasets?: string[] | undefined;
  sample_data_enabled?: boolean | undefined;
}

export interface NsqlAnswer extends SqlResult {
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
  const result = parseSqlBody(await res.text(), 'ask for SQL');
  return { ...result, cached: cacheStatus(res.headers.get('results-cache-status')) };
}
