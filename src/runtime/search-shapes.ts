/**
 * `/v1/search` responses of every runtime generation (dataplane.md §4.7), normalised to
 * one shape, `SearchResult`, which is also what `search --json` prints:
 *
 *   { "rank": 1, "score": 0.914, "dataset": "docs",
 *     "primary_key": {"id": 7}, "matches": {"body": ["…chunk…"]},
 *     "data": {"title": "…"}, "metadata": {} }
 *
 * - G3 (v2.x): `{"results":[{"matches":{"col":["…"]},"_score":…,"dataset",…}],"duration_ms"}`,
 *   with `data`, `primary_key` and `metadata` omitted when empty;
 * - G2: the same with `score`, and a match value may be a single string;
 * - G1: `{"matches":[{"value":"…","score":…,"dataset","primary_key","metadata"}]}`. A G1
 *   entry names no column: its text is kept under the column "value".
 * Also accepted: a bare array of entries. Missing objects become `{}`, a missing score
 * `null`; the runtime's order is kept (it sorts by score) and `rank` counts from 1.
 */
import { ApiError } from '../errors.js';

export interface SearchResult {
  rank: number;
  score: number | null;
  dataset: string;
  primary_key: Record<string, unknown>;
  /** Matched text by column; always arrays of strings. */
  matches: Record<string, string[]>;
  /** `additional_columns` that are not part of the primary key. */
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

export interface SearchResponse {
  results: SearchResult[];
  /** The runtime's own timing, when it sent one. */
  duration_ms: number | null;
}

/** What `search` sends (dataplane.md §4.7); unset fields are left out of the body. */
export interface SearchRequest {
  text: string;
  datasets?: string[];
  limit?: number;
  where?: string;
  additional_columns?: string[];
  keywords?: string[];
}

export function normaliseSearchResponse(body: unknown): SearchResponse {
  let entries: unknown;
  let duration: unknown;
  if (Array.isArray(body)) {
    entries = body;
  } else if (isObject(body)) {
    entries = body.results ?? body.matches;
    duration = body.duration_ms;
  }
  if (!Array.isArray(entries)) throw new ApiError('the runtime sent a search response this CLI does not recognise (no results or matches list)', { code: 'bad_response' });
  return {
    results: entries.map((e, i) => normaliseEntry(e, i + 1)),
    duration_ms: typeof duration === 'number' && Number.isFinite(duration) ? duration : null,
  };
}

function normaliseEntry(e: unknown, rank: number): SearchResult {
  if (!isObject(e)) throw new ApiError(`the runtime sent search result ${rank} as ${e === null ? 'null' : typeof e}, not an object`, { code: 'bad_response' });
  const score = numberOrNull(e._score ?? e.score);
  const matches: Record<string, string[]> = {};
  if (isObject(e.matches)) {
    for (const [column, v] of Object.entries(e.matches)) {
      const texts = (Array.isArray(v) ? v : [v]).filter((x) => x !== null && x !== undefined).map(textOf);
      matches[column] = texts;
    }
  } else if (e.value !== undefined && e.value !== null) {
    matches.value = [textOf(e.value)];
  }
  return {
    rank,
    score,
    dataset: typeof e.dataset === 'string' ? e.dataset : e.dataset === undefined || e.dataset === null ? '' : String(e.dataset),
    primary_key: objectOrEmpty(e.primary_key),
    matches,
    data: objectOrEmpty(e.data),
    metadata: objectOrEmpty(e.metadata),
  };
}

/** The primary key for a table cell: the value alone when there is one column, else `col=value` pairs. */
export function primaryKeyText(pk: Record<string, unknown>): string {
  const entries = Object.entries(pk);
  if (entries.length === 1) return scalarText(entries[0]![1]);
  return entries.map(([k, v]) => `${k}=${scalarText(v)}`).join(',');
}

/** All matched text of a result, columns in order, chunks joined by a space. */
export function matchText(r: SearchResult): string {
  return Object.values(r.matches)
    .flat()
    .join(' ');
}

function textOf(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function scalarText(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function numberOrNull(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function objectOrEmpty(v: unknown): Record<string, unknown> {
  return isObject(v) ? v : {};
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
