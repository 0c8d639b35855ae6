/**
 * `api --paginate`: follows `limit`/`offset` until a short page (the API's list routes
 * are offset-based; api-contract §8). A page is either a JSON array or an object with
 * one array field (`{"deployments": [...]}`); the items of every page are merged in
 * order into one array, or with `--slurp` the pages are returned as they came.
 */
import type { HttpResponse } from '../../api/http.js';
import { CliError, ExitCode } from '../../errors.js';

/** Page size when the request does not say (`-q limit=N`); the API's documented maximum. */
export const DEFAULT_PAGE_SIZE = 100;
/** A hard stop, far above any real list: 1000 pages. */
export const MAX_PAGES = 1000;

export interface Pages {
  pages: unknown[];
  items: unknown[];
}

type Send = (query: Record<string, string>) => Promise<HttpResponse<unknown>>;

export async function paginate(send: Send, query: Record<string, string>, onPage?: (res: HttpResponse<unknown>) => void): Promise<Pages> {
  const size = query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit);
  let offset = query.offset === undefined ? 0 : Number(query.offset);
  const pages: unknown[] = [];
  const items: unknown[] = [];
  let previous: string | undefined;
  for (let n = 0; n < MAX_PAGES; n++) {
    const res = await send({ ...query, limit: String(size), offset: String(offset) });
    onPage?.(res);
    const page = itemsOf(res.data, offset);
    const text = JSON.stringify(page);
    if (page.length > 0 && text === previous) {
      throw new CliError(`--paginate: the page at offset ${offset} repeats the previous one; this route does not seem to take offset`, ExitCode.error, {
        code: 'pagination',
        hint: 'Leave out --paginate and page with -q limit=N -q offset=M yourself.',
      });
    }
    previous = text;
    pages.push(res.data);
    items.push(...page);
    if (page.length < size) return { pages, items };
    offset += page.length;
  }
  throw new CliError(`--paginate: stopped after ${MAX_PAGES} pages`, ExitCode.error, { code: 'pagination' });
}

/** The list in one page: the page itself, or its only array field. */
export function itemsOf(data: unknown, offset: number): unknown[] {
  if (Array.isArray(data)) return data;
  if (data && typeof data === 'object') {
    const arrays = Object.values(data as Record<string, unknown>).filter(Array.isArray);
    if (arrays.length === 1) return arrays[0]!;
  }
  throw new CliError(`--paginate: the answer at offset ${offset} is not a list (an array, or an object with one array field)`, ExitCode.error, {
    code: 'pagination',
    hint: 'Leave out --paginate for routes that return one object.',
  });
}
