import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { appFromFlagOrEnv, withApp, type AppRef } from '../shared/app.js';
import { showDeployment, deploymentId, findDeployment, type DeploymentRef } from './shared.js';

export interface GetOptions {
  app: AppRef | undefined;
  id: DeploymentRef;
}

export function parse(raw: RawInput): GetOptions {
  return { id: deploymentId(raw.args[0]), app: appFromFlagOrEnv(raw.opts.app, raw.env) };
}

export async function run(opts: GetOptions, ctx: Context): Promise<void> {
  await withApp(ctx, opts.app, async (app) => {
    const deployment = await findDeployment(await ctx.api(), app, opts.id);
    await showDeployment(ctx, deployment);
  });
}
