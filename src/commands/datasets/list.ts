import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import type { Column } from '../../output/writer.js';
import { parseRuntimeOptions, type RuntimeOptions } from '../shared/runtime-options.js';

export interface ListOptions {
  runtime: RuntimeOptions;
}

/** One dataset as `GET /v1/datasets?status=true` describes it (G1–G3). */
export interface Dataset {
  name: string;
  from: string | null;
  status: string | null;
  acceleration_enabled: boolean | null;
  replication_enabled: boolean | null;
  properties?: Record<string, unknown> | null;
}

const COLUMNS: Column<Dataset>[] = [
  { header: 'Name', get: (d) => d.name },
  { header: 'From', get: (d) => d.from },
  { header: 'Accelerated', get: (d) => d.acceleration_enabled, kind: 'bool' },
  { header: 'Status', get: (d) => d.status, kind: 'status' },
];

export function parse(raw: RawInput): ListOptions {
  return { runtime: parseRuntimeOptions(raw) };
}

export async function run(opts: ListOptions, ctx: Context): Promise<void> {
  const rt = await ctx.runtime(opts.runtime);
  const { data } = await rt.http.getJson<unknown>('/v1/datasets', { what: 'list datasets', query: { status: true, format: 'json' } });
  const datasets = normaliseDatasets(data);
  if (datasets.length === 0 && !ctx.out.jsonMode && ctx.io.isStdoutTTY) ctx.out.info('The runtime serves no datasets.');
  await ctx.out.list(datasets, COLUMNS);
}

export function normaliseDatasets(data: unknown): Dataset[] {
  const list = Array.isArray(data) ? data : Array.isArray((data as { datasets?: unknown })?.datasets) ? (data as { datasets: unknown[] }).datasets : [];
  return list.map((d) => {
    const o = (d ?? {}) as Record<string, unknown>;
    const bool = (v: unknown) => (typeof v === 'boolean' ? v : null);
    return {
      name: String(o.name ?? ''),
      from: typeof o.from === 'string' ? o.from : null,
      status: typeof o.status === 'string' ? o.status : null,
      acceleration_enabled: bool(o.acceleration_enabled),
      replication_enabled: bool(o.replication_enabled),
      ...(o.properties && typeof o.properties === 'object' ? { properties: o.properties as Record<string, unknown> } : {}),
    };
  });
}
