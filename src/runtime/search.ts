/**
 * `POST /v1/search` (dataplane.md §4.7): sends every field the runtime accepts and
 * returns the response normalised by search-shapes.ts. Search only reads, so it is safe
 * to retry (429/503, a dropped connection). Numbers are read as shapes.ts reads SQL answers:
 * a 64-bit primary key too large for a JS number stays exact, as a string.
 */
import { ApiError } from '../errors.js';
import type { RuntimeHttp } from './http.js';
import { parseJsonSafe } from './shapes.js';
import { normaliseSearchResponse, type SearchRequest, type SearchResponse } from './search-shapes.js';

export type { SearchRequest, SearchResponse, SearchResult } from './search-shapes.js';

export interface SearchAnswer extends SearchResponse {
  /** From `Search-Results-Cache-Status`: true for HIT/STALE, false for MISS/BYPASS, undefined when absent. */
  cached: boolean | undefined;
}

export async function search(http: RuntimeHttp, req: SearchRequest, o: { signal?: AbortSignal | undefined } = {}): Promise<SearchAnswer> {
  const res = await http.request('/v1/search', {
    method: 'POST',
    body: JSON.stringify(req),
    contentType: 'application/json',
    accept: 'application/json',
    idempotent: true,
    what: 'search',
    signal: o.signal,
  });
  // Big-int safe: a 64-bit primary key stays exact (a string) instead of being rounded.
  let body: unknown;
  try {
    body = parseJsonSafe(await res.text());
  } catch {
    throw new ApiError('search failed: the runtime answered with malformed JSON', { code: 'bad_response' });
  }
  const answer = normaliseSearchResponse(body);
  return { ...answer, cached: cacheStatus(res.headers.get('search-results-cache-status') ?? res.headers.get('results-cache-status')) };
}

export function cacheStatus(header: string | null): boolean | undefined {
  if (!header) return undefined;
  const v = header.trim().toUpperCase();
  return v === 'HIT' || v === 'STALE';
}
