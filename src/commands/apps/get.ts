import { isConnectProject, storageOf } from '../../api/resources.js';
import type { App, AppConfig, AppWithConfig } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import type { Column } from '../../output/writer.js';
import { appArgument, withApp, type AppRef } from '../shared/app.js';

export interface GetOptions {
  /** undefined: SPICE_APP, then the linked app. */
  app: AppRef | undefined;
}

/** Said wherever an app without placement is shown: it has no hosted runtime. */
export function connectNote(name: string): string {
  return `${name} is a Cloud Connect project, not a hosted app: the API gave it no region, cluster or endpoint, so no Spice runtime runs for it in Spice Cloud. Create it with --region or --cluster for a hosted app.`;
}

/** The skill documents the app URL as `https://<app-name>.spice.ai`; host names are case-insensitive. */
export function appUrl(name: string): string {
  return `https://${name.toLowerCase()}.spice.ai`;
}

type Shown = (App | AppWithConfig) & { url: string };
const cfg = (a: Shown): AppConfig => ('config' in a && a.config) || {};

// Field names are the JSON keys (config ones prefixed), so piped lines read like `jq` paths.
const APP_FIELDS: Column<Shown>[] = [
  { header: 'id', get: (a) => a.id },
  { header: 'name', get: (a) => a.name },
  { header: 'description', get: (a) => a.description },
  { header: 'visibility', get: (a) => a.visibility },
  { header: 'region', get: (a) => a.region ?? a.cname ?? cfg(a).region },
  { header: 'cluster', get: (a) => a.cluster_name },
  { header: 'url', get: (a) => a.url },
  { header: 'endpoint', get: (a) => a.endpoint },
  { header: 'api_key', get: (a) => a.api_key, kind: 'key' },
  { header: 'tags', get: (a) => a.tags, kind: 'list' },
  { header: 'production_branch', get: (a) => ('production_branch' in a ? a.production_branch : undefined) },
  { header: 'created_at', get: (a) => a.created_at, kind: 'time' },
  { header: 'hosting', get: (a) => (isConnectProject(a) ? 'cloud-connect (no hosted runtime)' : 'endpoint' in a ? 'hosted' : undefined) },
];

const CONFIG_FIELDS: Column<Shown>[] = [
  { header: 'config.image', get: (a) => cfg(a).image },
  { header: 'config.image_tag', get: (a) => cfg(a).image_tag },
  { header: 'config.registry', get: (a) => cfg(a).registry },
  { header: 'config.update_channel', get: (a) => cfg(a).update_channel },
  { header: 'config.version', get: (a) => cfg(a).version },
  { header: 'config.replicas', get: (a) => cfg(a).replicas },
  { header: 'config.region', get: (a) => cfg(a).region },
  { header: 'config.node_group', get: (a) => cfg(a).node_group },
  { header: 'config.storage_size_gb', get: (a) => storageOf(cfg(a)) },
  { header: 'config.resources', get: (a) => cfg(a).resources ?? undefined },
  { header: 'config.executor', get: (a) => cfg(a).executor ?? undefined },
];

const SPICEPOD_FIELD: Column<Shown> = {
  header: 'config.spicepod',
  get: (a) => (cfg(a).spicepod == null ? undefined : JSON.stringify(cfg(a).spicepod)),
};

/**
 * Prints an app: --json → the API object plus `url`; terminal → key fields, the config,
 * then the spicepod as YAML; piped → `field\tvalue` lines (spicepod as one JSON line).
 * `api_key` is masked in every format (by the writer; registered with the redactor too).
 */
export async function showApp(ctx: Context, app: App | AppWithConfig): Promise<void> {
  ctx.redactor.add(app.api_key);
  const shown: Shown = { ...app, url: appUrl(app.name) };
  const hasConfig = 'config' in app && !!app.config;
  const tty = ctx.io.isStdoutTTY;
  const fields = [...APP_FIELDS, ...(hasConfig ? CONFIG_FIELDS : []), ...(hasConfig && !tty ? [SPICEPOD_FIELD] : [])];
  // A terminal skips unset fields; piped output keeps every line so scripts see a stable set.
  const set = (f: Column<Shown>) => {
    const v = f.get(shown);
    return v !== undefined && v !== null && v !== '' && !(typeof v === 'object' && Object.keys(v).length === 0);
  };
  await ctx.out.item(shown, tty ? fields.filter(set) : fields);
  const spicepod = cfg(shown).spicepod;
  if (ctx.out.jsonMode || !tty || spicepod == null) return;
  const text = typeof spicepod === 'string' ? spicepod : (await import('yaml')).stringify(spicepod);
  ctx.out.line(`\n${ctx.style.bold('spicepod:')}\n${text.replace(/\n+$/, '').replace(/^/gm, '  ')}`);
}

export function parse(raw: RawInput): GetOptions {
  return { app: appArgument(raw.args[0], raw.env) };
}

export async function run(opts: GetOptions, ctx: Context): Promise<void> {
  const app = await withApp(ctx, opts.app, async ({ id, cached }) => {
    const found = await (await ctx.api()).apps.get(id);
    // A cached ID must still carry the name asked for (an app renamed since is not it).
    if (cached && opts.app && found.name.toLowerCase() !== opts.app.text.toLowerCase()) throw new NotFoundError(`app ${id} is no longer named ${opts.app.text}`);
    return found;
  }, { announce: true });
  await showApp(ctx, app);
  if (isConnectProject(app) && !ctx.out.jsonMode) ctx.out.info(connectNote(app.name));
}
