import type { Region } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import type { Column } from '../../output/writer.js';
import { oneOf } from '../shared/parse.js';

export interface ListOptions {
  env?: 'prod' | 'dev' | undefined;
}

type Row = Region & { isDefault: boolean };

export const REGION_COLUMNS: Column<Row>[] = [
  { header: 'Region', get: (r) => r.region },
  { header: 'Name', get: (r) => r.name, overflow: 'truncate', priority: 2, required: false },
  { header: 'Provider', get: (r) => r.providerName ?? r.provider, overflow: 'truncate' },
  // A cname is typed into --region: never cut.
  { header: 'Cname', get: (r) => r.cname, required: true },
  { header: 'Default', get: (r) => r.isDefault, kind: 'bool', priority: 1 },
  { header: 'Status', get: (r) => (r.disabled ? 'disabled' : 'enabled'), required: true },
];

export function parse(raw: RawInput): ListOptions {
  return { env: oneOf(raw.opts.env, '--env', ['prod', 'dev'] as const) };
}

export async function run(opts: ListOptions, ctx: Context): Promise<void> {
  const { regions, default: def } = await (await ctx.api()).meta.regions(opts.env);
  // Every row carries isDefault (the API's flag, or the envelope's `default`), so `jq 'select(.isDefault)'` works.
  const rows: Row[] = regions.map((r) => ({ ...r, isDefault: r.isDefault === true || (def !== undefined && r.region === def) }));
  await ctx.out.list(rows, REGION_COLUMNS);
}
