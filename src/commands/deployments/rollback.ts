/**
 * `deployments rollback [id]`: deploy again what an earlier succeeded deployment ran
 * (its image tag or image, replicas, branch and commit). Client-side, as the API has no
 * rollback route (an older Rust CLI called one; the newest has none): it is a new
 * deployment of the app's stored spicepod with the old deployment's settings.
 * Default target: the succeeded deployment before the latest succeeded one.
 */
import type { CreateDeploymentInput, Deployment } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { ApiError, CliError, ExitCode, NotFoundError } from '../../errors.js';
import { appFromFlagOrEnv, resolveApp, type AppRef } from '../shared/app.js';
import { confirmDestructive } from '../shared/confirm.js';
import { duration } from '../shared/parse.js';
import { branchCommit, deploymentId, showDeployment, watchCommand, type DeploymentRef } from './shared.js';
import { DEFAULT_INTERVAL_MS, DEFAULT_WAIT_MS, waitAndReport } from './wait.js';

export interface RollbackOptions {
  app: AppRef | undefined;
  /** undefined: the succeeded deployment before the latest succeeded one. */
  id: DeploymentRef | undefined;
  yes: boolean;
  wait: boolean;
  intervalMs: number;
}

export function parse(raw: RawInput): RollbackOptions {
  return {
    app: appFromFlagOrEnv(raw.opts.app, raw.env),
    id: raw.args[0] === undefined ? undefined : deploymentId(raw.args[0]),
    yes: raw.opts.yes === true,
    wait: raw.opts.wait === true,
    intervalMs: duration(raw.opts.interval, '--interval') ?? DEFAULT_INTERVAL_MS,
  };
}

const refusal = (message: string, hint: string) => new CliError(message, ExitCode.error, { code: 'no_rollback_target', hint });

/** The deployment to return to, from the app's deployments (newest first). */
export function rollbackTarget(all: Deployment[], ref: DeploymentRef | undefined, appName: string): Deployment {
  const id = ref === 'latest' ? (all[0]?.id ?? 0) : ref;
  const succeeded = all.filter((d) => d.status === 'succeeded');
  if (id !== undefined) {
    const d = all.find((x) => x.id === id);
    if (!d) throw new NotFoundError(`app ${appName} has no deployment ${id}`, { hint: `List them with \`spice-cloud deployments list -a ${appName}\`.` });
    if (d.status !== 'succeeded') {
      throw refusal(`deployment ${id} ${d.status === 'failed' ? 'failed' : `is ${d.status}`}: only a succeeded deployment can be rolled back to`, `List the succeeded ones with \`spice-cloud deployments list -a ${appName} --status succeeded\`.`);
    }
    return d;
  }
  const previous = succeeded[1];
  if (!previous) {
    throw refusal(
      `app ${appName} has no earlier succeeded deployment to roll back to${succeeded[0] ? ` (deployment ${succeeded[0].id} is the only one that succeeded)` : ''}`,
      `See \`spice-cloud deployments list -a ${appName}\`; deploy a known-good version with \`spice-cloud deploy -a ${appName} --image-tag <tag>\`.`,
    );
  }
  return previous;
}

/** What the new deployment sends: the old one's settings, and a message naming it. */
export function rollbackInput(d: Deployment): CreateDeploymentInput {
  const input: CreateDeploymentInput = { commit_message: `Rollback to deployment ${d.id}${d.commit_message ? `: ${d.commit_message}` : ''}`.slice(0, 500) };
  if (d.image_tag) input.image_tag = d.image_tag;
  else if (d.image) input.image = d.image;
  if (typeof d.replicas === 'number' && d.replicas >= 1 && d.replicas <= 10) input.replicas = d.replicas;
  if (d.branch) input.branch = d.branch;
  if (d.commit_sha) input.commit_sha = d.commit_sha;
  return input;
}

function describe(d: Deployment): string {
  const parts = [d.image_tag ? `image tag ${d.image_tag}` : d.image ? `image ${d.image}` : 'the default image', d.replicas ? `${d.replicas} replica${d.replicas === 1 ? '' : 's'}` : undefined, branchCommit(d)];
  return parts.filter(Boolean).join(', ');
}

export async function run(opts: RollbackOptions, ctx: Context): Promise<void> {
  // Without a terminal and --yes this refuses (exit 9) before any request.
  if (!opts.yes && !ctx.canPrompt) await confirmDestructive(ctx, `Roll back ${opts.app?.text ?? 'the linked app'}?`, false);
  const budgetMs = ctx.globals.timeoutMs ?? (opts.wait ? DEFAULT_WAIT_MS : undefined);
  const deadline = budgetMs === undefined ? undefined : ctx.clock.now() + budgetMs;
  const app = await resolveApp(ctx, opts.app);
  const api = await ctx.api(deadline === undefined ? {} : { deadline });
  const target = rollbackTarget(await api.deployments.listAll(app.id), opts.id, app.name);
  await confirmDestructive(ctx, `Roll back app ${app.name} to deployment ${target.id} (${describe(target)})? This starts a new deployment with the app's current spicepod.`, opts.yes);

  const created = await api.deployments.create(app.id, rollbackInput(target));
  if (typeof created?.id !== 'number') throw new ApiError(`roll back app ${app.id} failed: the API answered without a deployment ID`);
  ctx.out.info(`Deployment ${created.id} rolls app ${app.name} back to deployment ${target.id} (${describe(target)}).`);
  if (!opts.wait || deadline === undefined || budgetMs === undefined) {
    await showDeployment(ctx, created);
    ctx.out.info(`Watch it with \`${watchCommand(app, created.id)}\`.`);
    return;
  }
  await waitAndReport(ctx, { app, deployment: created, deadline, budgetMs, intervalMs: opts.intervalMs });
}
