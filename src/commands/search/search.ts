import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import type { Column } from '../../output/writer.js';
import { search, type SearchRequest, type SearchResult } from '../../runtime/search.js';
import { matchText, primaryKeyText } from '../../runtime/search-shapes.js';
import { intInRange } from '../shared/parse.js';
import { parseRuntimeOptions, type RuntimeOptions } from '../shared/runtime-options.js';

export interface SearchOptions {
  runtime: RuntimeOptions;
  request: SearchRequest;
}

export function parse(raw: RawInput): SearchOptions {
  const words = (raw.args[0] as string[] | undefined) ?? [];
  const text = words.join(' ').trim();
  if (text === '') throw new UsageError('nothing to search for: give the text as an argument');
  const list = (v: unknown, flag: string): string[] | undefined => {
    if (v === undefined) return undefined;
    const items = (v as string[]).map((s) => s.trim());
    if (items.some((s) => s === '')) throw new UsageError(`invalid ${flag} "": give a name`);
    return items;
  };
  const where = typeof raw.opts.where === 'string' ? raw.opts.where.trim() : undefined;
  if (where === '') throw new UsageError('invalid --where "": give a SQL condition such as "year > 2020"');
  const request: SearchRequest = { text };
  const datasets = list(raw.opts.dataset, '--dataset');
  if (datasets) request.datasets = datasets;
  const limit = intInRange(raw.opts.limit, '--limit', 1, 1000);
  if (limit !== undefined) request.limit = limit;
  if (where) request.where = where;
  const columns = list(raw.opts.column, '--column');
  if (columns) request.additional_columns = columns;
  const keywords = list(raw.opts.keyword, '--keyword');
  if (keywords) request.keywords = keywords;
  return { runtime: parseRuntimeOptions(raw), request };
}

export async function run(opts: SearchOptions, ctx: Context): Promise<void> {
  const rt = await ctx.runtime(opts.runtime);
  const started = ctx.clock.now();
  const answer = await search(rt.http, opts.request);
  const ms = answer.duration_ms ?? ctx.clock.now() - started;
  const n = answer.results.length;
  if (n === 0 && !ctx.out.jsonMode && ctx.io.isStdoutTTY) ctx.out.info(`No results for ${JSON.stringify(opts.request.text)}.`);
  await ctx.out.list(answer.results, searchColumns(ctx), { json: answer.results });
  if (!ctx.out.jsonMode) ctx.out.info(`${n} result${n === 1 ? '' : 's'} in ${Math.round(ms)} ms${answer.cached ? ' (cached)' : ''}`);
}

/**
 * The matched text is the column that gives way on a terminal (cut with …, then the key,
 * then the dataset); piped it is whole, on one line.
 */
export function searchColumns(ctx: Context): Column<SearchResult>[] {
  const tty = ctx.io.isStdoutTTY;
  return [
    { header: 'Rank', get: (r) => r.rank },
    { header: 'Score', get: (r) => (r.score === null ? null : tty ? r.score.toFixed(4) : r.score), required: true },
    { header: 'Dataset', get: (r) => r.dataset, overflow: 'truncate', priority: 1 },
    { header: 'Key', get: (r) => primaryKeyText(r.primary_key), overflow: 'truncate', priority: 2 },
    { header: 'Match', get: (r) => matchText(r).replace(/\s+/g, ' ').trim(), overflow: 'truncate', priority: 3 },
  ];
}
