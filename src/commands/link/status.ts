/** `link --status`: which app per-app commands use here, and why. Reads files only. */
import type { Context } from '../../context.js';
import type { Column } from '../../output/writer.js';
import { findLink } from '../shared/link-file.js';

interface LinkStatus {
  linked: boolean;
  path: string | null;
  app_id: number | null;
  app_name: string | null;
  org: string | null;
  api_url: string | null;
  spice_app: string | null;
  /** The app a per-app command without --app uses here. */
  effective_app: string | null;
  effective_source: 'SPICE_APP' | 'link' | null;
}

const FIELDS: Column<LinkStatus>[] = [
  { header: 'Link file', get: (s) => s.path },
  { header: 'Linked app', get: (s) => (s.linked ? `${s.app_name} (${s.app_id})` : undefined) },
  { header: 'Org', get: (s) => s.org },
  { header: 'API URL', get: (s) => s.api_url },
  { header: 'SPICE_APP', get: (s) => s.spice_app },
  {
    header: 'Uses',
    get: (s) =>
      s.effective_source === 'SPICE_APP'
        ? `${s.effective_app} (SPICE_APP${s.linked ? ' overrides the link' : ''})`
        : s.effective_source === 'link'
          ? `${s.effective_app} (link file)`
          : undefined,
  },
];

export async function showLinkStatus(ctx: Context): Promise<void> {
  const link = await findLink(ctx.cwd);
  const envApp = ctx.env.SPICE_APP?.trim() || null;
  const status: LinkStatus = {
    linked: Boolean(link),
    path: link?.path ?? null,
    app_id: link?.data.app_id ?? null,
    app_name: link?.data.app_name ?? null,
    org: link?.data.org ?? null,
    api_url: link?.data.api_url ?? null,
    spice_app: envApp,
    effective_app: envApp ?? link?.data.app_name ?? null,
    effective_source: envApp ? 'SPICE_APP' : link ? 'link' : null,
  };
  await ctx.out.item(status, FIELDS);
  if (ctx.out.jsonMode) return;
  if (!status.effective_source) ctx.out.info('Not linked: pass --app with an app name or ID, set SPICE_APP, or run `spice-cloud link` here.');
  else ctx.out.info('An --app flag on a command overrides both SPICE_APP and the link.');
}
