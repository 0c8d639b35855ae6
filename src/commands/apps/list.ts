import type { App } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { rememberApps } from '../shared/app.js';
import type { Column } from '../../output/writer.js';

export type ListOptions = Record<string, never>;

export const APP_COLUMNS: Column<App>[] = [
  { header: 'ID', get: (a) => a.id },
  { header: 'Name', get: (a) => a.name },
  { header: 'Region', get: (a) => a.region ?? a.cname, priority: 2 },
  { header: 'Visibility', get: (a) => a.visibility, priority: 1 },
  { header: 'Created', get: (a) => a.created_at, kind: 'time' },
];

export function parse(_raw: RawInput): ListOptions {
  return {};
}

export async function run(_opts: ListOptions, ctx: Context): Promise<void> {
  const apps = await (await ctx.api()).apps.list();
  await rememberApps(ctx, apps);
  await ctx.out.list(apps, APP_COLUMNS);
}
