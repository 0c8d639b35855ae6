import { DEPLOYMENT_STATUSES, type DeploymentStatus } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { appFromFlagOrEnv, withApp, type AppRef } from '../shared/app.js';
import { intInRange, oneOf } from '../shared/parse.js';
import { DEPLOYMENT_COLUMNS } from './shared.js';

export interface ListOptions {
  app: AppRef | undefined;
  limit: number | undefined;
  status: DeploymentStatus | undefined;
}

export function parse(raw: RawInput): ListOptions {
  return {
    app: appFromFlagOrEnv(raw.opts.app, raw.env),
    limit: intInRange(raw.opts.limit, '--limit', 1, 100),
    status: oneOf(raw.opts.status, '--status', DEPLOYMENT_STATUSES),
  };
}

export async function run(opts: ListOptions, ctx: Context): Promise<void> {
  await withApp(ctx, opts.app, async (app) => {
    const deployments = await (await ctx.api()).deployments.list(app.id, { limit: opts.limit, status: opts.status });
    await ctx.out.list(deployments, DEPLOYMENT_COLUMNS);
    if (deployments.length === 0 && !ctx.out.jsonMode) {
      ctx.out.info(`No ${opts.status ? `${opts.status} ` : ''}deployments for app ${app.name}.`);
    }
  });
}
