import { isConnectProject, legacyCname, regionId, type Api } from '../../api/resources.js';
import type { App, CreateAppInput, Region } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { ApiError, ConflictError, NetworkError, TimeoutError, UsageError } from '../../errors.js';
import { requirePrompt } from '../shared/confirm.js';
import { appName, keyValues, oneOf, str } from '../shared/parse.js';
import { connectNote, showApp } from './get.js';
import { parseSizing, sizingBody, type Sizing } from './sizing.js';

export interface CreateOptions {
  name: string;
  region?: string | undefined;
  /** A dedicated cluster (`cluster_name`, Rust client). */
  cluster?: string | undefined;
  sizing: Sizing;
  description?: string | undefined;
  visibility?: 'public' | 'private' | undefined;
  tags?: Record<string, string> | undefined;
}

export function parse(raw: RawInput): CreateOptions {
  const region = str(raw.opts.region);
  if (region !== undefined && !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(region)) {
    throw new UsageError(`invalid --region ${JSON.stringify(region)}: use a region ID or cname from \`spice-cloud regions list\``);
  }
  const cluster = str(raw.opts.cluster);
  if (cluster !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(cluster)) {
    throw new UsageError(`invalid --cluster ${JSON.stringify(cluster)}: use the name of a dedicated cluster of your organization`);
  }
  return {
    name: appName(raw.args[0]),
    region,
    cluster,
    sizing: parseSizing(raw.opts),
    description: str(raw.opts.description),
    visibility: oneOf(raw.opts.visibility, '--visibility', ['public', 'private'] as const),
    tags: keyValues(raw.opts.tag, '--tag'),
  };
}

export async function run(opts: CreateOptions, ctx: Context): Promise<void> {
  if (opts.region === undefined && opts.cluster === undefined) {
    requirePrompt(ctx, 'a region', 'Pass --region with one of the regions `spice-cloud regions list` shows, or --cluster with the name of a dedicated cluster.');
  }
  const api = await ctx.api();
  // Before the region picker: a taken name fails now, not after a choice that is thrown away.
  if (opts.region === undefined && opts.cluster === undefined) await refuseTakenName(api, opts.name);
  // The create endpoint reads the region from the legacy `cname` (Terraform, Rust client);
  // newer APIs read `region`. Both are sent; a dedicated cluster goes as `cluster_name`.
  const input: CreateAppInput = { name: opts.name };
  if (opts.region !== undefined || opts.cluster === undefined) {
    const r = await pickRegion(ctx, api, opts.region);
    input.region = r.region;
    input.cname = r.cname;
  }
  if (opts.cluster !== undefined) input.cluster_name = opts.cluster;
  if (opts.description !== undefined) input.description = opts.description;
  if (opts.visibility) input.visibility = opts.visibility;
  if (opts.tags) input.tags = opts.tags;
  Object.assign(input, sizingBody(opts.sizing));

  const asked = ctx.clock.now();
  const app = await createOrRecover(ctx, api, input);
  await showApp(ctx, app);
  if (isConnectProject(app)) {
    ctx.out.warn(connectNote(app.name));
    ctx.out.success(`Created Cloud Connect project ${app.name} (id ${app.id}), not a hosted app`);
  } else if (reactivated(app, asked)) {
    ctx.out.success(`Reactivated app ${app.name} (id ${app.id}): the name belonged to a deleted app, which is back with its ID, API keys and secrets`);
  } else {
    ctx.out.success(`Created app ${app.name} (id ${app.id})`);
  }
}

/**
 * Re-creating a deleted app's name brings that app back (same ID, keys, secrets); the API
 * answers 201 either way, but that app's `created_at` is its first creation. An app created
 * well before we asked (a minute: room for clock skew) is the old one.
 */
function reactivated(app: App, askedAt: number): boolean {
  const created = Date.parse(app.created_at ?? '');
  return Number.isFinite(created) && created < askedAt - 60_000;
}

async function refuseTakenName(api: Api, name: string): Promise<void> {
  const taken = (await api.apps.list()).find((a) => a.name.toLowerCase() === name.toLowerCase());
  if (taken) {
    throw new ConflictError(`an app named ${taken.name} already exists (id ${taken.id})`, {
      hint: `Pick another name, or see it with \`spice-cloud apps get ${taken.name}\`.`,
    });
  }
}

/** The region to send, with its cname: the flag (an ID or a cname) checked against the API, or a prompt. */
async function pickRegion(ctx: Context, api: Api, wanted: string | undefined): Promise<{ region: string; cname: string }> {
  const r = await pickRegionId(ctx, api, wanted);
  return { region: r.region, cname: r.cname || legacyCname(r.region) };
}

async function pickRegionId(ctx: Context, api: Api, wanted: string | undefined): Promise<Region> {
  const { regions, default: def } = await api.meta.regions();
  const isDefault = (r: Region) => r.isDefault === true || (def !== undefined && r.region === def);
  const enabled = regions.filter((r) => !r.disabled).sort((a, b) => Number(isDefault(b)) - Number(isDefault(a)));
  if (wanted !== undefined) {
    const w = wanted.toLowerCase();
    // Either form: `us-west-2` or its cname `us-west-2-prod-aws-data`.
    const matches = (r: Region) => r.region.toLowerCase() === w || r.cname?.toLowerCase() === w || r.region.toLowerCase() === regionId(w);
    const hit = enabled.find(matches);
    if (hit) return hit;
    const disabled = regions.some(matches);
    throw new UsageError(
      `${disabled ? 'disabled' : 'unknown'} region ${JSON.stringify(wanted)}: use one of ${enabled.map((r) => r.region).join(', ') || '(none available)'}`,
    );
  }
  if (enabled.length === 0) throw new ApiError('create app failed: the API lists no enabled regions');
  const choices = enabled.map((r) => ({
    name: `${r.region}${r.name ? ` — ${r.name}` : ''}${isDefault(r) ? ' (default)' : ''}`,
    value: r.region,
  }));
  const picked = await ctx.prompter.select('Region', choices, enabled[0]!.region);
  return enabled.find((r) => r.region === picked) ?? { region: picked };
}

/**
 * POST is not retried once it may have reached the server. When its response is lost,
 * look for the app by name: if it exists now, the create went through.
 */
async function createOrRecover(ctx: Context, api: Api, input: CreateAppInput): Promise<App> {
  try {
    return await api.apps.create(input);
  } catch (e) {
    if (!(e instanceof NetworkError || e instanceof TimeoutError)) throw e;
    const found = await api.apps.list().then(
      (apps) => apps.find((a) => a.name.toLowerCase() === input.name.toLowerCase()),
      () => undefined,
    );
    if (!found) throw e;
    ctx.out.warn(`the response to the create request was lost (${e.message}); app ${found.name} exists now, so it was created`);
    return found;
  }
}
