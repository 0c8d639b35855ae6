import { DEPLOY_CHANNELS, type CreateDeploymentInput } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { ApiError, UsageError } from '../../errors.js';
import { statusWords } from '../../output/writer.js';
import { showDeployment, watchCommand } from '../deployments/shared.js';
import { DEFAULT_INTERVAL_MS, DEFAULT_WAIT_MS, waitAndReport } from '../deployments/wait.js';
import { appFromFlagOrEnv, resolveApp, type AppRef } from '../shared/app.js';
import { duration, intInRange, oneOf, str } from '../shared/parse.js';

export interface DeployOptions {
  app: AppRef | undefined;
  input: CreateDeploymentInput;
  wait: boolean;
  intervalMs: number;
}

const IMAGE_TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const COMMIT_SHA = /^[0-9a-fA-F]{4,64}$/;
/** An image reference: [registry/]repository[:tag][@digest]. */
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._/-]*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$/;

function text(v: unknown, flag: string, rule?: { re: RegExp; what: string }): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  if (s.trim() === '') throw new UsageError(`${flag} must not be empty`);
  if (rule && !rule.re.test(s)) throw new UsageError(`invalid ${flag} ${JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)}: ${rule.what}`);
  return s;
}

export function parse(raw: RawInput): DeployOptions {
  const o = raw.opts;
  const input: CreateDeploymentInput = {};
  const imageTag = text(o.imageTag, '--image-tag', { re: IMAGE_TAG, what: 'use letters, digits, ".", "_" or "-" (at most 128)' });
  const replicas = intInRange(o.replicas, '--replicas', 1, 10);
  const branch = text(o.branch, '--branch');
  const commitSha = text(o.commitSha, '--commit-sha', { re: COMMIT_SHA, what: 'must be a hexadecimal commit hash' });
  const commitMessage = text(o.commitMessage, '--commit-message');
  const image = text(o.image, '--image', { re: IMAGE, what: 'use an image reference such as spiceai/spiceai:1.11.0' });
  const channel = oneOf(o.channel, '--channel', DEPLOY_CHANNELS);
  if (imageTag !== undefined) input.image_tag = imageTag;
  if (image !== undefined) input.image = image;
  if (channel !== undefined) input.channel = channel;
  if (replicas !== undefined) input.replicas = replicas;
  if (branch !== undefined) input.branch = branch;
  if (commitSha !== undefined) input.commit_sha = commitSha;
  if (commitMessage !== undefined) input.commit_message = commitMessage;
  if (o.debug === true) input.debug = true;
  return {
    app: appFromFlagOrEnv(o.app, raw.env),
    input,
    wait: o.wait === true,
    intervalMs: duration(o.interval, '--interval') ?? DEFAULT_INTERVAL_MS,
  };
}

export async function run(opts: DeployOptions, ctx: Context): Promise<void> {
  // --timeout is the budget of the whole command, waiting included.
  const budgetMs = ctx.globals.timeoutMs ?? (opts.wait ? DEFAULT_WAIT_MS : undefined);
  const deadline = budgetMs === undefined ? undefined : ctx.clock.now() + budgetMs;
  const app = await resolveApp(ctx, opts.app);
  const api = await ctx.api(deadline === undefined ? {} : { deadline });
  const created = await api.deployments.create(app.id, opts.input).catch((e: unknown) => {
    // Said as the user would: the app's name and the command that fixes it.
    if (e instanceof ApiError && e.status === 400 && (e.code === 'spicepod_missing' || /no spicepod/i.test(e.message))) {
      throw new ApiError(`deploy ${app.name} failed: the app has no spicepod`, {
        status: 400,
        code: 'spicepod_missing',
        hint: `Give it one with \`spice-cloud apps update ${app.name} --spicepod spicepod.yaml\`, then deploy again.`,
      });
    }
    throw e;
  });
  if (typeof created?.id !== 'number') throw new ApiError(`deploy ${app.name} failed: the API answered without a deployment ID`);

  if (!opts.wait || deadline === undefined || budgetMs === undefined) {
    await showDeployment(ctx, created);
    ctx.out.info(`Deployment ${created.id} of app ${app.name} is ${statusWords(created.status)}. Watch it with \`${watchCommand(app, created.id)}\`.`);
    return;
  }
  await waitAndReport(ctx, { app, deployment: created, deadline, budgetMs, intervalMs: opts.intervalMs });
}
