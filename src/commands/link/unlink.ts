import { join } from 'node:path';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { findLink, LINK_DIR, LINK_FILE, removeLink } from '../shared/link-file.js';

export type UnlinkOptions = Record<string, never>;

export function parse(_raw: RawInput): UnlinkOptions {
  return {};
}

export async function run(_opts: UnlinkOptions, ctx: Context): Promise<void> {
  const path = join(ctx.cwd, LINK_DIR, LINK_FILE);
  const removed = await removeLink(ctx.cwd);
  // A link further up the tree still applies here; say so rather than let it surprise.
  const still = await findLink(ctx.cwd).catch(() => undefined);

  if (ctx.out.jsonMode) {
    return ctx.out.json({ removed, path, still_linked: still ? { path: still.path, app_id: still.data.app_id, app_name: still.data.app_name } : null });
  }
  if (removed) ctx.out.success(`Unlinked ${ctx.cwd} (removed ${path}).`);
  else ctx.out.info(`${ctx.cwd} has no link file; nothing to remove.`);
  if (still) ctx.out.info(`The link at ${still.path} (app ${still.data.app_name}) still applies here; run \`spice-cloud unlink\` in that directory to remove it.`);
}
