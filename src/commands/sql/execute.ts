/**
 * Runs one statement and prints its result: the one run function behind `sql "<query>"`,
 * `sql -f file`, piped stdin and every statement typed in the REPL.
 *
 * Rows go to stdout through the writer's streaming path (`ctx.out.stream`); after the
 * result, stderr gets `N rows in T (cached)`, and a note when Spice Cloud's 500-row HTTP
 * cap probably cut the answer.
 */
import type { Context } from '../../context.js';
import { InterruptedError } from '../../errors.js';
import type { OutputFormat } from '../../output/format.js';
import type { QueryParams, RuntimeConnection } from '../../runtime/connection.js';
import { CLOUD_HTTP_ROW_CAP, querySql } from '../../runtime/sql.js';

export interface StatementOptions {
  http: boolean;
  params?: QueryParams | undefined;
  noCache: boolean;
  /** The REPL's per-query Ctrl-C; one-shot runs use the command's signal. */
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** The REPL's `.format` (default: the command's output format). */
  format?: OutputFormat | undefined;
}

/** How long a query may take to answer when --timeout is not given (Spice Cloud's gateway stops HTTP at 90 s). */
export const DEFAULT_QUERY_WAIT_MS = 5 * 60_000;

export interface StatementResult {
  rows: number;
  ms: number;
  cached: boolean | undefined;
}

export async function runStatement(ctx: Context, conn: RuntimeConnection, sql: string, o: StatementOptions): Promise<StatementResult> {
  const started = ctx.clock.now();
  let rows = 0;
  try {
    const csv = (o.format ?? ctx.globals.format) === 'csv';
    const stream = await querySql(conn, sql, { http: o.http, params: o.params, noCache: o.noCache, signal: o.signal, timeoutMs: o.timeoutMs ?? ctx.globals.timeoutMs ?? DEFAULT_QUERY_WAIT_MS, csv });
    const sink = ctx.out.stream(stream.columns, { format: o.format });
    for await (const batch of stream.batches) {
      await sink.write(batch);
      rows = sink.rows;
      if (sink.closed) break;
    }
    const summary = await sink.end();
    const cached = await stream.cached();
    const ms = ctx.clock.now() - started;
    if (!summary.closed) {
      const shown = summary.shown < summary.rows ? ` (first ${count(summary.shown)} shown; pipe it or use --format for all)` : '';
      ctx.out.info(`${count(summary.rows)} ${summary.rows === 1 ? 'row' : 'rows'}${shown} in ${duration(ms)}${cached ? ' (cached)' : ''}`);
    }
    if (stream.capped) {
      ctx.out.warn(
        `Spice Cloud returns at most ${CLOUD_HTTP_ROW_CAP} rows over HTTP, so this result may be cut. Drop --http to query over Arrow Flight (up to 1M rows), or page with ORDER BY … LIMIT … OFFSET.`,
      );
    }
    return { rows: summary.rows, ms, cached };
  } catch (e) {
    if (e instanceof InterruptedError || ctx.signal.aborted || o.signal?.aborted) {
      throw new InterruptedError(`interrupted: the query was cancelled ${rows > 0 ? `after ${count(rows)} rows were printed` : 'before any row was printed'}`);
    }
    throw e;
  }
}

/** 1234567 → `1,234,567`. Not toLocaleString: its first call sets up ICU's number formatting, 20 ms. */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function duration(ms: number): string {
  return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : `${(ms / 1000).toFixed(2)} s`;
}
