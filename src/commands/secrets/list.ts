import type { Secret } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import type { Column } from '../../output/writer.js';
import { appFromFlagOrEnv, withApp, type AppRef } from '../shared/app.js';

export interface ListOptions {
  app: AppRef | undefined;
}

/** Names and dates only: the API never returns a value, and we would not print one. */
export const SECRET_COLUMNS: Column<Secret>[] = [
  { header: 'Name', get: (s) => s.name },
  { header: 'Updated', get: (s) => s.updated_at, kind: 'time' },
  { header: 'Created', get: (s) => s.created_at, kind: 'time' },
];

export function parse(raw: RawInput): ListOptions {
  return { app: appFromFlagOrEnv(raw.opts.app, raw.env) };
}

export async function run(opts: ListOptions, ctx: Context): Promise<void> {
  await withApp(ctx, opts.app, async (app) => {
    const secrets = await (await ctx.api()).secrets.list(app.id);
    if (secrets.length === 0 && !ctx.out.jsonMode && ctx.io.isStdoutTTY) ctx.out.info(`No secrets on app ${app.name}.`);
    await ctx.out.list(secrets, SECRET_COLUMNS, { secretValues: true });
  });
}
