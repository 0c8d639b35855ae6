/** `apps forks <app>`: the apps forked from it (`GET /v1/projects/{id}/forks`). */
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { parseAppRef, resolveApp, type AppRef } from '../shared/app.js';
import { APP_COLUMNS } from './list.js';

export interface ForksOptions {
  app: AppRef;
}

export function parse(raw: RawInput): ForksOptions {
  return { app: parseAppRef(String(raw.args[0] ?? '')) };
}

export async function run(opts: ForksOptions, ctx: Context): Promise<void> {
  const source = await resolveApp(ctx, opts.app);
  const forks = await (await ctx.api()).apps.forks(source.id);
  await ctx.out.list(forks, APP_COLUMNS);
  if (forks.length === 0 && !ctx.out.jsonMode) ctx.out.info(`App ${source.name} has no forks.`);
}
