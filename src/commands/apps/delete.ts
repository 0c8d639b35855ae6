import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { confirmDestructive } from '../shared/confirm.js';
import { appArgument, resolveApp, type AppRef } from '../shared/app.js';

export interface DeleteOptions {
  /** undefined: SPICE_APP, then the linked app (still confirmed, by name). */
  app: AppRef | undefined;
  yes: boolean;
}

export function parse(raw: RawInput): DeleteOptions {
  return { app: appArgument(raw.args[0], raw.env), yes: raw.opts.yes === true };
}

export async function run(opts: DeleteOptions, ctx: Context): Promise<void> {
  // Without a terminal and --yes this refuses (exit 9) before any request, even a lookup.
  if (!opts.yes && !ctx.canPrompt) await confirmDestructive(ctx, `Delete app ${opts.app?.text ?? 'linked to this directory'}?`, false);
  const resolved = await resolveApp(ctx, opts.app, { announce: true });
  const api = await ctx.api();
  // Given an ID, fetch the app so the prompt and the output name it (and a typo'd ID fails here).
  const name = resolved.app?.name ?? (opts.app?.id !== undefined ? (await api.apps.get(resolved.id)).name : resolved.name);
  await confirmDestructive(ctx, `Delete app ${name} (id ${resolved.id}) and stop its deployments?`, opts.yes);
  await api.apps.delete(resolved.id);
  if (ctx.out.jsonMode) ctx.out.json({ deleted: true, id: resolved.id, name });
  ctx.out.success(`Deleted app ${name}`);
}
