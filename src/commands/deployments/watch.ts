import type { Deployment } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { appFromFlagOrEnv, withApp, type AppRef } from '../shared/app.js';
import { duration } from '../shared/parse.js';
import { deploymentId } from './shared.js';
import { DEFAULT_INTERVAL_MS, DEFAULT_WAIT_MS, waitAndReport } from './wait.js';

export interface WatchOptions {
  app: AppRef | undefined;
  /** undefined: the app's latest deployment. */
  id: number | undefined;
  intervalMs: number;
}

export function parse(raw: RawInput): WatchOptions {
  return {
    id: raw.args[0] === undefined ? undefined : deploymentId(raw.args[0]),
    app: appFromFlagOrEnv(raw.opts.app, raw.env),
    intervalMs: duration(raw.opts.interval, '--interval') ?? DEFAULT_INTERVAL_MS,
  };
}

export async function run(opts: WatchOptions, ctx: Context): Promise<void> {
  const budgetMs = ctx.globals.timeoutMs ?? DEFAULT_WAIT_MS;
  const deadline = ctx.clock.now() + budgetMs;
  await withApp(ctx, opts.app, async (app) => {
    const api = await ctx.api({ deadline });
    let deployment: Deployment;
    if (opts.id !== undefined) {
      deployment = await api.deployments.get(app.id, opts.id);
    } else {
      const [latest] = await api.deployments.list(app.id, { limit: 1 });
      if (!latest) throw new NotFoundError(`app ${app.name} has no deployments`, { hint: `Deploy it with \`spice-cloud deploy -a ${app.name}\`.` });
      deployment = latest;
      ctx.out.info(`Watching deployment ${latest.id}, the latest of app ${app.name}.`);
    }
    await waitAndReport(ctx, { app, deployment, deadline, budgetMs, intervalMs: opts.intervalMs });
  });
}
