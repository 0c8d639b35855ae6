/**
 * POST /v1/search (dataplane.md §4.7, G3 shape) over the columns the spicepod marks
 * with `full_text_search: {enabled: true}` or `embeddings`.
 *
 * Ranking is BM25 (k1 1.2, b 0.75) over each search column, computed offline; columns
 * with embeddings are ranked the same way (there is no embedding model offline), which is
 * documented as a difference. One result per matching row: `_score` is its best column
 * score, `matches` holds every search column that matched. Results of all datasets are
 * merged, sorted by score (then dataset, then primary key) and cut to `limit` (default 3).
 */
import type { RecordBatch } from 'apache-arrow';
import { jsonBody, Shape } from './body.js';
import { SqlError } from './engine.js';
import { batchRowsPlain, stringifyExact } from './format.js';
import type { AppRuntime, DatasetState } from './host.js';
import { RtError, type RtCtx, type RtReply } from './http.js';

export interface SearchRequest {
  text: string;
  datasets?: string[] | undefined;
  limit?: number | undefined;
  where?: string | undefined;
  additionalColumns?: string[] | undefined;
  keywords?: string[] | undefined;
}

export interface SearchResult {
  matches: Record<string, string[]>;
  data?: Record<string, unknown>;
  primary_key?: Record<string, unknown>;
  _score: number;
  dataset: string;
}

const STOPWORDS = new Set('a an and are as at be by for from has in is it of on or that the to was were will with'.split(' '));

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((t) => !STOPWORDS.has(t));
}

/** BM25 scores of `docs` for `query` (one score per document). */
export function bm25(query: string[], docs: string[][], k1 = 1.2, b = 0.75): number[] {
  const n = docs.length;
  if (n === 0 || query.length === 0) return docs.map(() => 0);
  const avg = docs.reduce((s, d) => s + d.length, 0) / n || 1;
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const terms = [...new Set(query)];
  return docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of d) tf.set(t, (tf.get(t) ?? 0) + 1);
    let score = 0;
    for (const t of terms) {
      const f = tf.get(t) ?? 0;
      if (f === 0) continue;
      const nt = df.get(t) ?? 0;
      const idf = Math.log(1 + (n - nt + 0.5) / (nt + 0.5));
      score += (idf * (f * (k1 + 1))) / (f + k1 * (1 - b + (b * d.length) / avg));
    }
    return score;
  });
}

export async function postSearch(ctx: RtCtx): Promise<RtReply> {
  const started = performance.now();
  const body = new Shape(jsonBody(ctx));
  const req: SearchRequest = {
    text: body.string('text', true),
    datasets: body.strings('datasets'),
    limit: body.uint('limit'),
    where: body.string('where'),
    additionalColumns: body.strings('additional_columns'),
    keywords: body.strings('keywords'),
  };
  const results = await search(ctx.app, req);
  const payload = { results, duration_ms: Math.round(performance.now() - started) };
  return { status: 200, body: stringifyExact(payload), headers: { 'content-type': 'application/json' } };
}

/** Validates and runs a search; RtError(400) for the runtime's documented refusals. */
export async function search(app: AppRuntime, req: SearchRequest): Promise<SearchResult[]> {
  if (req.datasets !== undefined && req.datasets.length === 0) throw new RtError(400, 'No data sources provided');
  if (req.limit === 0) throw new RtError(400, 'Limit must be greater than 0');
  const limit = req.limit ?? 3;
  const where = normaliseWhere(req.where);
  if (req.keywords?.some((k) => k.trim() === '')) throw new RtError(400, 'Keywords must not be empty');
  const targets = pickDatasets(app, req.datasets);
  const query = tokenize(req.text);
  const all: SearchResult[] = [];
  for (const ds of targets) all.push(...(await searchDataset(app, ds, query, where, req.additionalColumns ?? [], req.keywords)));
  all.sort((x, y) => y._score - x._score || x.dataset.localeCompare(y.dataset) || keyText(x).localeCompare(keyText(y)));
  return all.slice(0, limit);
}

const keyText = (r: SearchResult): string => JSON.stringify(r.primary_key ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v));

function pickDatasets(app: AppRuntime, names: string[] | undefined): DatasetState[] {
  const searchable = app.datasets.filter((d) => d.search.length > 0);
  if (names === undefined) {
    const ready = searchable.filter((d) => d.status === 'Ready');
    if (ready.length === 0) throw new RtError(400, 'No tables with search capabilities found: mark a column with full_text_search or embeddings in the spicepod');
    return ready;
  }
  return names.map((name) => {
    const ds = app.datasets.find((d) => d.name === name || d.name.endsWith(`.${name}`));
    if (!ds) throw new RtError(400, `Dataset '${name}' not found`);
    if (ds.search.length === 0) throw new RtError(400, `Dataset '${name}' cannot be searched: no column has full_text_search or embeddings`);
    if (ds.status !== 'Ready') throw new RtError(400, `Dataset '${name}' cannot be searched: ${ds.error ?? `status ${ds.status}`}`);
    return ds;
  });
}

/** One boolean expression, optional leading WHERE; statement separators refused. */
function normaliseWhere(where: string | undefined): string | null {
  if (where === undefined) return null;
  const expr = where.trim().replace(/^where\s+/i, '');
  if (expr === '') return null;
  let depth = 0;
  let quote: string | null = null;
  for (const ch of expr) {
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) break;
    else if (ch === ';') depth = -1;
    if (depth < 0) break;
  }
  if (depth !== 0 || quote) throw new RtError(400, `Invalid where clause '${where}': expected a single SQL boolean expression`);
  return expr;
}

const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const tableRef = (name: string): string => name.split('.').slice(-2).map(quoteIdent).join('.');
const stripQuotes = (c: string): string => c.replace(/^"(.*)"$/, '$1');

async function searchDataset(
  app: AppRuntime,
  ds: DatasetState,
  query: string[],
  where: string | null,
  additional: string[],
  keywords: string[] | undefined,
): Promise<SearchResult[]> {
  const pk = [...new Set(ds.search.flatMap((s) => s.rowId))];
  const searchCols = ds.search.map((s) => s.column);
  const extra = additional.map((c) => stripQuotes(c.split('.').pop() ?? c)).filter((c) => !pk.includes(c));
  const cols = [...new Set([...pk, ...searchCols, ...extra])];
  const sql = `SELECT ${cols.map(quoteIdent).join(', ')} FROM ${tableRef(ds.name)}${where ? ` WHERE (${where})` : ''}`;
  const rows: Record<string, unknown>[] = [];
  try {
    const result = await app.engine.query(sql);
    for await (const b of result.batches()) rows.push(...batchRowsPlain(b as RecordBatch));
  } catch (err) {
    if (err instanceof SqlError) {
      const missing = cols.find((c) => new RegExp(`"${c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(err.message));
      if (missing && extra.includes(missing)) throw new RtError(400, `Invalid additional_columns: column '${missing}' not found in dataset '${ds.name}'`);
      throw new RtError(400, where ? `Invalid where clause '${where}': ${err.message}` : err.message);
    }
    throw err;
  }
  const lowerKeywords = keywords?.map((k) => k.toLowerCase());
  const byColumn = searchCols.map((col) => {
    const texts = rows.map((r) => (r[col] === null || r[col] === undefined ? '' : String(r[col])));
    return { col, texts, scores: bm25(query, texts.map(tokenize)) };
  });
  const out: SearchResult[] = [];
  rows.forEach((row, i) => {
    const matches: Record<string, string[]> = {};
    let best = 0;
    for (const { col, texts, scores } of byColumn) {
      const text = texts[i] as string;
      if (lowerKeywords && !lowerKeywords.some((k) => text.toLowerCase().includes(k))) continue;
      const s = scores[i] as number;
      if (s <= 0) continue;
      matches[col] = [text];
      best = Math.max(best, s);
    }
    if (best <= 0) return;
    const result: SearchResult = { matches, _score: Math.round(best * 10_000) / 10_000, dataset: ds.name };
    if (extra.length > 0) result.data = Object.fromEntries(extra.map((c) => [c, row[c] ?? null]));
    if (pk.length > 0) result.primary_key = Object.fromEntries(pk.map((c) => [c, row[c] ?? null]));
    out.push(result);
  });
  return out;
}
