import type { RawInput } from '../../cli.js';
import { DEFAULT_API_URL } from '../../config/auth.js';
import type { Context } from '../../context.js';
import { InputRequiredError, NotFoundError, UsageError } from '../../errors.js';
import { parseAppRef, resolveApp, type AppRef } from '../shared/app.js';
import { whyNotInteractive } from '../shared/confirm.js';
import { findLink, writeLink, type LinkData } from '../shared/link-file.js';

export interface LinkOptions {
  status: boolean;
  app: AppRef | undefined;
}

export function parse(raw: RawInput): LinkOptions {
  const status = raw.opts.status === true;
  const arg = raw.args[0];
  if (status && typeof arg === 'string') throw new UsageError('link --status takes no app argument');
  return { status, app: typeof arg === 'string' ? parseAppRef(arg) : undefined };
}

export async function run(opts: LinkOptions, ctx: Context): Promise<void> {
  if (opts.status) return (await import('./status.js')).showLinkStatus(ctx);
  if (!opts.app && !ctx.canPrompt) {
    throw new InputRequiredError(`no app given, and cannot show a picker: ${whyNotInteractive(ctx)}`, 'Name the app after `spice-cloud link`: a name or ID that `spice-cloud apps list` shows.');
  }
  const app = await chooseApp(ctx, opts.app);
  const auth = await ctx.auth();
  const data: LinkData = {
    app_id: app.id,
    app_name: app.name,
    org: auth.org,
    api_url: auth.apiUrl === DEFAULT_API_URL ? undefined : auth.apiUrl,
  };
  // A corrupt link file is about to be replaced: reading it is only for the message.
  const previous = await findLink(ctx.cwd).catch(() => undefined);
  const path = await writeLink(ctx.cwd, data);

  if (ctx.out.jsonMode) return ctx.out.json({ path, ...data });
  ctx.out.success(`Linked ${ctx.cwd} to app ${app.name} (${app.id}).`);
  if (previous?.path === path && previous.data.app_id !== app.id) {
    ctx.out.info(`It was linked to ${previous.data.app_name} (${previous.data.app_id}).`);
  }
  ctx.out.info(`Per-app commands run here or below now default to it (${path}).`);
  if (ctx.env.SPICE_APP) ctx.out.warn(`SPICE_APP=${ctx.env.SPICE_APP} is set and overrides the link; unset it to use the link.`);
}

async function chooseApp(ctx: Context, ref: AppRef | undefined): Promise<{ id: number; name: string }> {
  const api = await ctx.api();
  if (!ref) {
    const apps = await api.apps.list();
    if (apps.length === 0) throw new NotFoundError('there are no apps to link to', { hint: 'Create one first with `spice-cloud apps create`, giving it a name of 4–38 letters, digits or hyphens.' });
    // The app linked now (if any) is preselected: Enter keeps the link as it is.
    const current = (await findLink(ctx.cwd).catch(() => undefined))?.data.app_id;
    const id = await ctx.prompter.select(
      'Link this directory to which app?',
      apps.map((a) => ({ name: `${a.name} (${a.id})${a.id === current ? ' (linked now)' : ''}`, value: a.id })),
      apps.some((a) => a.id === current) ? current : undefined,
    );
    const app = apps.find((a) => a.id === id)!;
    return { id: app.id, name: app.name };
  }
  // By ID, fetch it: checks that it exists and gives the name to record.
  if (ref.id !== undefined) {
    const app = await api.apps.get(ref.id);
    return { id: app.id, name: app.name };
  }
  const { id, name } = await resolveApp(ctx, ref);
  return { id, name };
}
