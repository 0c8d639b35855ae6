import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { appFromFlagOrEnv, withApp, type AppRef } from '../shared/app.js';
import { duration } from '../shared/parse.js';
import { deploymentId, findDeployment, type DeploymentRef } from './shared.js';
import { DEFAULT_INTERVAL_MS, DEFAULT_WAIT_MS, waitAndReport } from './wait.js';

export interface WatchOptions {
  app: AppRef | undefined;
  /** undefined: the app's latest deployment. */
  id: DeploymentRef;
  intervalMs: number;
}

export function parse(raw: RawInput): WatchOptions {
  return {
    id: raw.args[0] === undefined ? 'latest' : deploymentId(raw.args[0]),
    app: appFromFlagOrEnv(raw.opts.app, raw.env),
    intervalMs: duration(raw.opts.interval, '--interval') ?? DEFAULT_INTERVAL_MS,
  };
}

export async function run(opts: WatchOptions, ctx: Context): Promise<void> {
  const budgetMs = ctx.globals.timeoutMs ?? DEFAULT_WAIT_MS;
  const deadline = ctx.clock.now() + budgetMs;
  await withApp(ctx, opts.app, async (app) => {
    const api = await ctx.api({ deadline });
    const deployment = await findDeployment(api, app, opts.id);
    if (opts.id === 'latest') ctx.out.info(`Watching deployment ${deployment.id}, the latest of app ${app.name}.`);
    await waitAndReport(ctx, { app, deployment, deadline, budgetMs, intervalMs: opts.intervalMs });
  });
}
