/**
 * `spice-cloud api list`: every operation of the bundled OpenAPI document
 * (spec/openapi.json) with its method, path, OAuth scope and summary, in the document's
 * order. `--json` (and --jq, --fields, --format) through the writer like any list.
 */
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import type { Column } from '../../output/writer.js';
import { str } from '../shared/parse.js';

export interface ApiListOptions {
  /** Only paths containing this text (case-insensitive). */
  filter: string | undefined;
}

export interface Operation {
  method: string;
  path: string;
  scope: string | null;
  summary: string;
  deprecated: boolean;
}

const COLUMNS: Column<Operation>[] = [
  { header: 'Method', get: (o) => o.method },
  { header: 'Path', get: (o) => o.path },
  { header: 'Scope', get: (o) => o.scope },
  { header: 'Summary', get: (o) => `${o.summary}${o.deprecated ? ' (deprecated)' : ''}` },
];

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function parse(raw: RawInput): ApiListOptions {
  const filter = str(raw.args[0]);
  if (filter !== undefined && filter.trim() === '') throw new UsageError('the path filter must not be empty');
  return { filter };
}

export async function run(opts: ApiListOptions, ctx: Context): Promise<void> {
  const { loadSpec } = await import('../../emulator/spec.js');
  const all = operations(loadSpec().doc as unknown as SpecDoc);
  const needle = opts.filter?.toLowerCase();
  const shown = needle === undefined ? all : all.filter((o) => o.path.toLowerCase().includes(needle));
  await ctx.out.list(shown, COLUMNS);
}

interface SpecDoc {
  paths: Record<string, Record<string, { summary?: string; 'x-scope'?: string; deprecated?: boolean; security?: unknown[] }>>;
}

export function operations(doc: SpecDoc): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const scope = op['x-scope'] ?? (Array.isArray(op.security) && op.security.length === 0 ? 'none' : null);
      out.push({ method: method.toUpperCase(), path, scope, summary: op.summary ?? '', deprecated: op.deprecated === true });
    }
  }
  return out;
}
