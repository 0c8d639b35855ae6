/**
 * `apps fork <app> <new-name>`: a new app with a copy of the source's configuration
 * (`POST /v1/projects/{id}/forks`, the skill helper script's `fork-project`). The fork is
 * not deployed; it runs where the source runs unless --region or --cluster says otherwise.
 */
import { regionId } from '../../api/resources.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { parseAppRef, resolveApp, type AppRef } from '../shared/app.js';
import { appName, str } from '../shared/parse.js';
import { showApp } from './get.js';

export interface ForkOptions {
  app: AppRef;
  name: string;
  region?: string | undefined;
  cluster?: string | undefined;
}

export function parse(raw: RawInput): ForkOptions {
  const region = str(raw.opts.region);
  if (region !== undefined && !/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(region)) throw new UsageError(`invalid --region ${JSON.stringify(region)}`);
  const cluster = str(raw.opts.cluster);
  if (cluster !== undefined && cluster.trim() === '') throw new UsageError('--cluster must not be empty');
  return { app: parseAppRef(String(raw.args[0] ?? '')), name: appName(raw.args[1]), region: region && regionId(region), cluster };
}

export async function run(opts: ForkOptions, ctx: Context): Promise<void> {
  const source = await resolveApp(ctx, opts.app);
  const body: { name: string; region?: string; cluster_name?: string } = { name: opts.name };
  if (opts.region) body.region = opts.region;
  if (opts.cluster) body.cluster_name = opts.cluster;
  const fork = await (await ctx.api()).apps.fork(source.id, body);
  await showApp(ctx, fork);
  ctx.out.success(`Forked app ${source.name} into ${fork.name} (id ${fork.id}); it is not deployed yet: \`spice-cloud deploy -a ${fork.name}\``);
}
