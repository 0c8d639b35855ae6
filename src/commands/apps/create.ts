import type { Api } from '../../api/resources.js';
import type { App, CreateAppInput, Region } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { ApiError, NetworkError, TimeoutError, UsageError } from '../../errors.js';
import { requirePrompt } from '../shared/confirm.js';
import { appName, keyValues, oneOf, str } from '../shared/parse.js';
import { showApp } from './get.js';

export interface CreateOptions {
  name: string;
  region?: string | undefined;
  description?: string | undefined;
  visibility?: 'public' | 'private' | undefined;
  tags?: Record<string, string> | undefined;
}

export function parse(raw: RawInput): CreateOptions {
  const region = str(raw.opts.region);
  if (region !== undefined && !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(region)) {
    throw new UsageError(`invalid --region ${JSON.stringify(region)}: use a region ID or cname from \`spice-cloud regions list\``);
  }
  return {
    name: appName(raw.args[0]),
    region,
    description: str(raw.opts.description),
    visibility: oneOf(raw.opts.visibility, '--visibility', ['public', 'private'] as const),
    tags: keyValues(raw.opts.tag, '--tag'),
  };
}

export async function run(opts: CreateOptions, ctx: Context): Promise<void> {
  if (opts.region === undefined) requirePrompt(ctx, 'a region', 'Pass --region <region>; `spice-cloud regions list` shows them.');
  const api = await ctx.api();
  const region = await pickRegion(ctx, api, opts.region);
  const input: CreateAppInput = { name: opts.name, region };
  if (opts.description !== undefined) input.description = opts.description;
  if (opts.visibility) input.visibility = opts.visibility;
  if (opts.tags) input.tags = opts.tags;

  const app = await createOrRecover(ctx, api, input);
  await showApp(ctx, app);
  ctx.out.success(`Created app ${app.name} (id ${app.id})`);
}

/** The region ID to send: the flag (an ID or a cname) checked against the API, or a prompt. */
async function pickRegion(ctx: Context, api: Api, wanted: string | undefined): Promise<string> {
  const { regions, default: def } = await api.meta.regions();
  const isDefault = (r: Region) => r.isDefault === true || (def !== undefined && r.region === def);
  const enabled = regions.filter((r) => !r.disabled).sort((a, b) => Number(isDefault(b)) - Number(isDefault(a)));
  if (wanted !== undefined) {
    const w = wanted.toLowerCase();
    const hit = enabled.find((r) => r.region.toLowerCase() === w || r.cname?.toLowerCase() === w);
    if (hit) return hit.region;
    const disabled = regions.some((r) => r.region.toLowerCase() === w || r.cname?.toLowerCase() === w);
    throw new UsageError(
      `${disabled ? 'disabled' : 'unknown'} region ${JSON.stringify(wanted)}: use one of ${enabled.map((r) => r.region).join(', ') || '(none available)'}`,
    );
  }
  if (enabled.length === 0) throw new ApiError('create app failed: the API lists no enabled regions');
  const choices = enabled.map((r) => ({
    name: `${r.region}${r.name ? ` — ${r.name}` : ''}${isDefault(r) ? ' (default)' : ''}`,
    value: r.region,
  }));
  return ctx.prompter.select('Region', choices, enabled[0]!.region);
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
