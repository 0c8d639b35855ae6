/** `orgs list`: the organizations the credentials can act in (`GET /v1/orgs`). */
import type { Org } from '../../api/resources.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import type { Column } from '../../output/writer.js';

export type ListOptions = Record<string, never>;

const COLUMNS: Column<Org>[] = [
  { header: 'ID', get: (o) => o.id },
  { header: 'Name', get: (o) => o.name },
  { header: 'Role', get: (o) => o.role },
];

export function parse(_raw: RawInput): ListOptions {
  return {};
}

export async function run(_opts: ListOptions, ctx: Context): Promise<void> {
  const { orgs } = await (await ctx.api()).meta.orgs();
  await ctx.out.list(orgs, COLUMNS);
  if (orgs.length === 0 && !ctx.out.jsonMode) ctx.out.info('These credentials belong to no organization.');
}
