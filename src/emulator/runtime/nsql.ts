/**
 * POST /v1/nsql (dataplane.md §4.8): an emulated text-to-SQL that understands a
 * documented set of question forms about the app's datasets (names and columns are
 * matched case-insensitively anywhere in the question):
 *
 *   row counts       "How many rows are in reviews?"           SELECT COUNT(*) AS count FROM reviews
 *   first rows       "Show the first 5 rows of reviews"        SELECT * FROM reviews LIMIT 5   (default 10)
 *   distinct values  "What are the distinct values of rating in reviews?"
 *                                                              SELECT DISTINCT rating FROM reviews ORDER BY rating LIMIT 100
 *
 * Anything else → 500 `No query produced from NSQL model`, the runtime's answer when the
 * model produces no query. Accept: application/json (rows), vnd.spiceai.nsql.v1+json
 * (`{row_count, schema, data, sql}`), application/sql (the SQL only, not run), text/csv,
 * text/plain. `"stream": true` answers one SSE `data:` event with that body.
 */
import { jsonBody, Shape } from './body.js';
import { negotiate } from './format.js';
import type { AppRuntime, DatasetState } from './host.js';
import { RtError, text, type RtCtx, type RtReply, type Streamed } from './http.js';
import { runAndWrite } from './sql.js';

const quoteIdent = (s: string): string => (/^[a-z_][a-z0-9_]*$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`);
const tableRef = (name: string): string => name.split('.').slice(-2).map(quoteIdent).join('.');
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const mentions = (question: string, word: string): boolean => new RegExp(`(^|[^\\w])${escapeRe(word)}([^\\w]|$)`, 'i').test(question);

/** The generated SQL for a question, or null when it is not one of the known forms. */
export async function generateSql(app: AppRuntime, question: string): Promise<string | null> {
  const ready = app.datasets.filter((d) => d.status === 'Ready');
  const ds = [...ready].sort((a, b) => b.name.length - a.name.length).find((d) => mentions(question, d.name) || mentions(question, d.name.split('.').pop() as string));
  if (!ds) return null;
  const q = question.toLowerCase();
  if (/\bhow many\b|\bcount\b|\bnumber of (rows|records)\b/.test(q) && !/\bdistinct\b|\bunique\b/.test(q)) return `SELECT COUNT(*) AS count FROM ${tableRef(ds.name)}`;
  if (/\b(distinct|unique|different)\b/.test(q) || /\bvalues? of\b/.test(q)) {
    const col = await columnMentioned(app, ds, question);
    if (col) return `SELECT DISTINCT ${quoteIdent(col)} FROM ${tableRef(ds.name)} ORDER BY ${quoteIdent(col)} LIMIT 100`;
    return null;
  }
  const first = /\b(first|top|sample|show|list|preview)\b(?:\s+(?:me\s+)?(?:the\s+)?(?:first\s+)?(\d{1,4}))?/.exec(q);
  if (first || /\brows\b/.test(q)) {
    const n = Number(first?.[2] ?? /\b(\d{1,4})\s+(rows|records|entries)\b/.exec(q)?.[1] ?? 10);
    return `SELECT * FROM ${tableRef(ds.name)} LIMIT ${Math.max(1, Math.min(n, 1000))}`;
  }
  return null;
}

async function columnMentioned(app: AppRuntime, ds: DatasetState, question: string): Promise<string | null> {
  const schema = await app.engine.describe(`SELECT * FROM ${tableRef(ds.name)}`).catch(() => null);
  const cols = (schema?.fields.map((f) => f.name) ?? []).sort((a, b) => b.length - a.length);
  return cols.find((c) => mentions(question, c) || mentions(question, `${c}s`)) ?? null;
}

export async function postNsql(ctx: RtCtx): Promise<RtReply | Streamed> {
  const shape = new Shape(jsonBody(ctx));
  const question = shape.string('query', true);
  const modelName = shape.string('model');
  const stream = shape.bool('stream') ?? false;
  shape.strings('datasets');
  const models = ctx.app.pod.models;
  if (modelName !== undefined) {
    if (!models.some((m) => m.name === modelName)) throw new RtError(400, `Model ${modelName} not found`);
  } else if (models.length === 0) {
    throw new RtError(400, 'No model is available for NSQL: the spicepod declares no models');
  } else if (models.length > 1) {
    throw new RtError(400, `Multiple models are available (${models.map((m) => m.name).join(', ')}); choose one with "model"`);
  }

  const sql = await generateSql(ctx.app, question);
  if (!sql) throw new RtError(500, 'No query produced from NSQL model');
  const format = negotiate(Array.isArray(ctx.req.headers.accept) ? ctx.req.headers.accept.join(',') : ctx.req.headers.accept, { 'application/sql': 'sql' as const });
  let reply: RtReply | Streamed;
  if (format === 'sql') reply = text(200, sql, 'application/sql');
  else reply = await runAndWrite(ctx, sql, undefined, format, { vndExtra: { sql }, buffered: stream, headers: format === 'vnd' ? { 'content-type': 'application/vnd.spiceai.nsql.v1+json' } : {} });
  if (!stream || 'streamed' in reply) return reply;
  const body = String(reply.body ?? '');
  return { status: 200, headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' }, body: `data: ${body.replace(/\n/g, '\ndata: ')}\n\n` };
}
