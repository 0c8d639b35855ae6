import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import type { Column } from '../../output/writer.js';
import { listModels, type Model } from '../../runtime/models.js';
import { parseRuntimeOptions, type RuntimeOptions } from '../shared/runtime-options.js';

export { normaliseModels, type Model } from '../../runtime/models.js';

export interface ListOptions {
  runtime: RuntimeOptions;
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
  const models = await listModels(rt.http);
  if (models.length === 0 && !ctx.out.jsonMode && ctx.io.isStdoutTTY) ctx.out.info('The runtime serves no models.');
  await ctx.out.list(models, COLUMNS);
}
