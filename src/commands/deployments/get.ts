import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { appFromFlagOrEnv, withApp, type AppRef } from '../shared/app.js';
import { showDeployment, deploymentId } from './shared.js';

export interface GetOptions {
  app: AppRef | undefined;
  id: number;
}

export function parse(raw: RawInput): GetOptions {
  return { id: deploymentId(raw.args[0]), app: appFromFlagOrEnv(raw.opts.app, raw.env) };
}

export async function run(opts: GetOptions, ctx: Context): Promise<void> {
  await withApp(ctx, opts.app, async (app) => {
    const deployment = await (await ctx.api()).deployments.get(app.id, opts.id);
    await showDeployment(ctx, deployment);
  });
}
