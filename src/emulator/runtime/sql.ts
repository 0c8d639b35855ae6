/**
 * POST /v1/sql (dataplane.md §4.3) and the result writer it shares with /v1/nsql.
 *
 * Body: raw UTF-8 SQL for any Content-Type except exactly `application/json`, which is
 * the `{"sql","parameters"}` envelope (array → `$1…`, object → `$name`). Accept picks
 * the format (format.ts). JSON rows stream batch by batch after the first batch was
 * pulled (so an early error is still a 400); an error later cuts the body, leaving the
 * array unterminated as the runtime does. The other formats are buffered.
 *
 * `--cloud-limits`: at most 500 rows (silently truncated, as the gateway documents it)
 * and 90 s per request (504 before the first byte, a cut stream after).
 */
import type { RecordBatch } from 'apache-arrow';
import { SqlError, type QueryResult, type SqlParams, type SqlScalar } from './engine.js';
import { batchCsv, batchRowsJson, contentTypeOf, csvHeader, negotiate, prettyTable, serdeSchema, type SqlFormat } from './format.js';
import { drained, RtError, type RtCtx, type RtReply, type Streamed } from './http.js';

export interface WriteOptions {
  /** Extra fields of the vnd body (nsql adds `sql`). */
  vndExtra?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Never stream JSON rows (nsql's SSE mode wraps the whole body in one event). */
  buffered?: boolean;
  /** Abort signal that also covers a timeout. */
  signal: AbortSignal;
  timedOut: () => boolean;
}

export async function postSql(ctx: RtCtx): Promise<RtReply | Streamed> {
  const { sql, params } = parseSqlBody(ctx);
  const format = negotiate(headerOf(ctx, 'accept'));
  return runAndWrite(ctx, sql, params, format);
}

/** Runs `sql` for the app and writes it in `format`, honouring the cloud limits. */
export async function runAndWrite(ctx: RtCtx, sql: string, params: SqlParams | undefined, format: SqlFormat, extra: Omit<WriteOptions, 'signal' | 'timedOut'> = {}): Promise<RtReply | Streamed> {
  const limits = ctx.app.cloudLimits;
  const timeout = limits ? AbortSignal.timeout(ctx.settings.timeoutMs) : undefined;
  const signal = timeout ? AbortSignal.any([ctx.signal, timeout]) : ctx.signal;
  const timedOut = () => timeout?.aborted === true;
  let result: QueryResult;
  try {
    result = await ctx.app.engine.query(sql, params, { signal });
  } catch (err) {
    throw toRtError(err, timedOut());
  }
  const rows = limits ? capRows(result, ctx.settings.rowCap) : result.batches();
  return writeResult(ctx, result, rows, format, { ...extra, signal, timedOut });
}

function headerOf(ctx: RtCtx, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

export function toRtError(err: unknown, timedOut: boolean): RtError {
  if (timedOut) return new RtError(504, 'Query timed out: the request exceeded the 90 second limit');
  if (err instanceof RtError) return err;
  if (err instanceof SqlError) return new RtError(400, err.message);
  return new RtError(500, 'Internal Server Error');
}

// ---------------------------------------------------------------- request

export function parseSqlBody(ctx: RtCtx): { sql: string; params: SqlParams | undefined } {
  let textBody: string;
  try {
    textBody = new TextDecoder('utf-8', { fatal: true }).decode(ctx.body);
  } catch {
    throw new RtError(400, `invalid utf-8 sequence from index ${firstInvalidUtf8(ctx.body)}`);
  }
  // Exact match, as the runtime does: `application/json; charset=utf-8` is raw SQL.
  if (ctx.req.headers['content-type'] !== 'application/json') return { sql: textBody, params: undefined };
  let value: unknown;
  try {
    value = JSON.parse(textBody);
  } catch (err) {
    throw new RtError(400, `Invalid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new RtError(400, 'Invalid JSON: expected an object with fields `sql` and `parameters`');
  const o = value as Record<string, unknown>;
  if (o['sql'] === undefined) throw new RtError(400, 'Invalid JSON: missing field `sql`');
  if (typeof o['sql'] !== 'string') throw new RtError(400, 'Invalid JSON: invalid type for `sql`, expected a string');
  if (!('parameters' in o)) throw new RtError(400, 'Invalid JSON: missing field `parameters`');
  return { sql: o['sql'], params: toParams(o['parameters']) };
}

function toParams(v: unknown): SqlParams {
  const scalar = (x: unknown): SqlScalar => {
    if (x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return x;
    throw new RtError(400, 'Invalid JSON: Nested arrays or objects are not supported in query parameters');
  };
  if (Array.isArray(v)) return v.map(scalar);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, scalar(x)]));
  throw new RtError(400, 'Invalid JSON: `parameters` must be an array (positional $1, $2…) or an object (named $name)');
}

function firstInvalidUtf8(buf: Buffer): number {
  for (let i = 0; i < buf.length; i++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, i + 1));
    } catch {
      // An incomplete trailing sequence is only invalid if the full body is.
      if (i + 1 === buf.length || (buf[i] as number) < 0x80) return i;
      continue;
    }
  }
  return 0;
}

// ---------------------------------------------------------------- response

async function* capRows(result: QueryResult, cap: number): AsyncGenerator<RecordBatch> {
  let left = cap;
  for await (const b of result.batches()) {
    if (left <= 0) break;
    if (b.numRows <= left) {
      left -= b.numRows;
      yield b;
    } else {
      yield b.slice(0, left);
      left = 0;
    }
  }
  await result.close();
}

export async function writeResult(ctx: RtCtx, result: QueryResult, rows: AsyncIterable<RecordBatch>, format: SqlFormat, o: WriteOptions): Promise<RtReply | Streamed> {
  const it = rows[Symbol.asyncIterator]();
  const next = async (): Promise<RecordBatch | null> => {
    try {
      const r = await it.next();
      return r.done ? null : r.value;
    } catch (err) {
      throw toRtError(err, o.timedOut());
    }
  };
  try {
    if (format === 'json' && !o.buffered) return await streamJson(ctx, next, o);
    const batches: RecordBatch[] = [];
    for (let b = await next(); b; b = await next()) batches.push(b);
    const headers = { 'content-type': contentTypeOf(format), ...o.headers };
    if (format === 'json') return { status: 200, headers, body: `[${batches.flatMap(batchRowsJson).join(',')}]` };
    if (format === 'csv') return { status: 200, headers, body: csvHeader(result.schema) + batches.map(batchCsv).join('') };
    if (format === 'text') return { status: 200, headers, body: prettyTable(result.schema, batches) };
    const data = batches.flatMap(batchRowsJson);
    const schema = batches.length === 0 ? '{}' : JSON.stringify(serdeSchema(result.schema));
    const extra = Object.entries(o.vndExtra ?? {})
      .map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v)}`)
      .join('');
    return { status: 200, headers, body: `{"row_count":${data.length},"schema":${schema},"data":[${data.join(',')}]${extra}}` };
  } finally {
    await result.close();
  }
}

async function streamJson(ctx: RtCtx, next: () => Promise<RecordBatch | null>, o: WriteOptions): Promise<RtReply | Streamed> {
  const first = await next(); // errors here are still a proper 400
  const res = ctx.res;
  res.writeHead(200, { 'content-type': 'application/json', ...o.headers });
  const write = async (chunk: string) => {
    if (!res.write(chunk)) await drained(res);
  };
  let wrote = false;
  let batch = first;
  await write('[');
  try {
    while (batch && !res.destroyed) {
      const rows = batchRowsJson(batch);
      if (rows.length > 0) {
        await write((wrote ? ',' : '') + rows.join(','));
        wrote = true;
      }
      if (ctx.fault?.action === 'truncated') {
        // Injected: the connection drops in the middle of the result.
        res.socket?.destroy();
        return { streamed: true, status: 200 };
      }
      batch = await next();
    }
  } catch {
    res.destroy(); // the 200 is sent; an unterminated array tells the client it failed
    return { streamed: true, status: 200 };
  }
  if (!res.destroyed) res.end(']');
  return { streamed: true, status: 200 };
}

