import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import type { Column } from '../../output/writer.js';
import { parseRuntimeOptions, type RuntimeOptions } from '../shared/runtime-options.js';

export interface ListOptions {
  runtime: RuntimeOptions;
}

/** One model as `GET /v1/models?status=true` describes it (OpenAI list shape, G1–G3). */
export interface Model {
  id: string;
  owned_by: string | null;
  datasets: string[] | null;
  status: string | null;
}

const COLUMNS: Column<Model>[] = [
  { header: 'Name', get: (m) => m.id },
  { header: 'From', get: (m) => m.owned_by },
  { header: 'Datasets', get: (m) => m.datasets, kind: 'list' },
  { header: 'Status', get: (m) => m.status, kind: 'status' },
];

export function parse(raw: RawInput): ListOptions {
  return { runtime: parseRuntimeOptions(raw) };
}

export async function run(opts: ListOptions, ctx: Context): Promise<void> {
  const rt = await ctx.runtime(opts.runtime);
  const { data } = await rt.http.getJson<unknown>('/v1/models', { what: 'list models', query: { status: true, format: 'json' } });
  const models = normaliseModels(data);
  if (models.length === 0 && !ctx.out.jsonMode && ctx.io.isStdoutTTY) ctx.out.info('The runtime serves no models.');
  await ctx.out.list(models, COLUMNS);
}

/** `{object: "list", data: […]}`, or a bare array from older runtimes; a lowercase status is capitalised. */
export function normaliseModels(data: unknown): Model[] {
  const list = Array.isArray(data) ? data : Array.isArray((data as { data?: unknown })?.data) ? (data as { data: unknown[] }).data : [];
  return list.map((m) => {
    const o = (m ?? {}) as Record<string, unknown>;
    const status = typeof o.status === 'string' && o.status !== '' ? o.status[0]!.toUpperCase() + o.status.slice(1) : null;
    return {
      id: String(o.id ?? o.name ?? ''),
      owned_by: typeof o.owned_by === 'string' ? o.owned_by : null,
      datasets: Array.isArray(o.datasets) ? o.datasets.map(String) : null,
      status,
    };
  });
}
