/**
 * Waiting for a deployment to finish, shared by `deploy --wait` and `deployments watch`.
 *
 * Polls until `succeeded` (exit 0), `failed` (6), `created` with a newer deployment of
 * the app = superseded (6, code `superseded`), or the deadline (7). A deployment
 * reported `created` with nothing newer is a fresh record ("record created" in the
 * Terraform spec) and is waited on like `queued`. A poll that fails for a
 * transient reason (429, 5xx, network, one request timing out) is noted on stderr and the
 * wait goes on: a rate-limited status check says nothing about the deployment. Ctrl-C
 * stops waiting (130); the deployment keeps running on the server.
 */
import type { Api } from '../../api/resources.js';
import { CREATED_STATUS, FINAL_STATUSES, type Deployment } from '../../api/types.js';
import type { Context } from '../../context.js';
import {
  ApiError,
  DeploymentFailedError,
  InterruptedError,
  NetworkError,
  RateLimitError,
  TimeoutError,
} from '../../errors.js';
import type { Progress } from '../../output/progress.js';
import { statusWords } from '../../output/writer.js';
import type { ResolvedApp } from '../shared/app.js';
import { showDeployment, formatDuration, logsCommand, watchCommand } from './shared.js';
import { deploymentSummary } from './summary.js';

export const DEFAULT_WAIT_MS = 10 * 60_000;
export const DEFAULT_INTERVAL_MS = 2_000;

export interface WaitOptions {
  app: ResolvedApp;
  /** The deployment as last seen (from the POST, or a first GET). */
  deployment: Deployment;
  /** Absolute clock time after which we stop waiting. */
  deadline: number;
  /** The budget the deadline came from, for the timeout message. */
  budgetMs: number;
  intervalMs: number;
  /** Called with every status the wait sees (the step summary keeps the last). */
  onStatus?: ((d: Deployment) => void) | undefined;
}

/** Retry-worthy failures of one status check; anything else ends the wait. */
export function isTransient(e: unknown): boolean {
  if (e instanceof RateLimitError || e instanceof NetworkError || e instanceof TimeoutError) return true;
  return e instanceof ApiError && e.status !== undefined && (e.status >= 500 || e.status === 408);
}

/**
 * Waits, then prints the final deployment (item, or an object with --json) and the
 * verdict. Returns on success; throws the error that carries the exit code otherwise.
 */
export async function waitAndReport(ctx: Context, o: WaitOptions): Promise<void> {
  const started = ctx.clock.now();
  let last = o.deployment;
  let failure: unknown;
  try {
    const final = await waitForFinal(ctx, { ...o, onStatus: (d) => (last = d) });
    last = final;
    await showDeployment(ctx, final);
    await verdict(ctx, o.app, final, ctx.clock.now() - started);
  } catch (e) {
    failure = e;
    throw e;
  } finally {
    if (ctx.summary.enabled) await ctx.summary.append(deploymentSummary(o.app, last, failure, serverDuration(last) ?? ctx.clock.now() - started));
  }
}

/** Polls until the deployment reaches a final status; returns it. */
export async function waitForFinal(ctx: Context, o: WaitOptions): Promise<Deployment> {
  const { app } = o;
  let d = o.deployment;
  let lastFailure: string | undefined;
  const interrupted = () =>
    new InterruptedError(`stopped waiting: deployment ${d.id} is still ${describeStatus(d)} on the server; watch it with \`${watchCommand(app, d.id)}\``);
  if (isFinal(d)) return d;

  const api: Api = await ctx.api({ deadline: o.deadline });
  if (await isSettled(api, app.id, d)) return d;
  const reporter = new Reporter(ctx, d.id);
  await reporter.seen(d);
  try {
    for (;;) {
      const left = o.deadline - ctx.clock.now();
      if (left <= 0) throw timedOut(o, d, lastFailure);
      try {
        await ctx.clock.sleep(Math.min(o.intervalMs, left), ctx.signal);
      } catch {
        throw interrupted();
      }
      if (ctx.signal.aborted) throw interrupted();
      if (ctx.clock.now() >= o.deadline) throw timedOut(o, d, lastFailure);
      try {
        d = await api.deployments.get(app.id, d.id);
        o.onStatus?.(d);
        lastFailure = undefined;
      } catch (e) {
        if (ctx.signal.aborted || e instanceof InterruptedError) throw interrupted();
        if (!isTransient(e)) throw e;
        const message = (e as Error).message;
        if (message !== lastFailure) reporter.note(`status check failed (${message}); still waiting`);
        lastFailure = message;
        continue;
      }
      if (await isSettled(api, app.id, d)) return d;
      await reporter.seen(d);
    }
  } finally {
    reporter.stop();
  }
}

export function isFinal(d: Deployment): boolean {
  return FINAL_STATUSES.has(d.status);
}

/**
 * A status for people: `in progress`, not `in_progress`, with the reason a deployment
 * waits, if any (retriable codes such as insufficient_memory keep it in progress):
 * `in progress (waiting for capacity: insufficient memory)`.
 */
export function describeStatus(d: Deployment): string {
  const why = reason(d);
  return `${statusWords(d.status)}${why ? ` (${why})` : ''}`;
}

function reason(d: Deployment): string | undefined {
  if (d.status === 'failed' || d.status === 'succeeded') return undefined;
  const text = d.error_message?.trim() || (d.error_code ? statusWords(d.error_code) : '');
  return text ? text.charAt(0).toLowerCase() + text.slice(1) : undefined;
}

/** Finished (succeeded/failed), or `created` and superseded: a newer deployment of the app exists. */
export async function isSettled(api: Api, appId: number, d: Deployment): Promise<boolean> {
  if (isFinal(d)) return true;
  if (d.status !== CREATED_STATUS) return false;
  try {
    return (await api.deployments.list(appId, { limit: 20 })).some((x) => x.id > d.id);
  } catch (e) {
    // Unknown for now: keep waiting, the next poll asks again.
    if (isTransient(e)) return false;
    throw e;
  }
}

function timedOut(o: WaitOptions, d: Deployment, lastFailure: string | undefined): TimeoutError {
  const stale = lastFailure ? ` (the last status check failed: ${lastFailure})` : '';
  const why = reason(d) ? ` (${reason(d)})` : '';
  return new TimeoutError(`deployment ${d.id} is still ${statusWords(d.status)} after ${formatDuration(o.budgetMs)}${why}${stale}`, {
    hint: `It keeps running on the server. Watch it with \`${watchCommand(o.app, d.id)}\`, or allow longer with --timeout (e.g. --timeout 20m).`,
  });
}

/** Success message, or the error for a failed or superseded deployment. */
async function verdict(ctx: Context, app: ResolvedApp, d: Deployment, waitedMs: number): Promise<void> {
  if (d.status === 'succeeded') {
    ctx.out.success(`Deployment ${d.id} succeeded in ${formatDuration(serverDuration(d) ?? waitedMs)}`);
    return;
  }
  if (d.status === 'failed') {
    const detail = [d.error_message, d.error_code ? `(${d.error_code})` : undefined].filter(Boolean).join(' ');
    throw new DeploymentFailedError(`deployment ${d.id} failed: ${detail || 'the API gave no reason'}`, {
      hint: `See its logs with \`${logsCommand(app, d.id)}\`.`,
    });
  }
  const newer = await newerDeployment(ctx, app, d);
  throw new DeploymentFailedError(
    `deployment ${d.id} was superseded by ${newer ? `deployment ${newer.id} (${statusWords(newer.status)})` : 'a newer deployment'} and will not finish`,
    {
      code: 'superseded',
      hint: newer ? `Watch the newer one with \`${watchCommand(app, newer.id)}\`.` : `List them with \`spice-cloud deployments list -a ${app.name}\`.`,
    },
  );
}

/** The newest later deployment that is still live (else any later one); best effort. */
async function newerDeployment(ctx: Context, app: ResolvedApp, d: Deployment): Promise<Deployment | undefined> {
  try {
    // Its own short budget: the wait's deadline (or the default one) may be spent by now.
    const api = await ctx.api({ deadline: ctx.clock.now() + 15_000 });
    const newer = (await api.deployments.list(app.id, { limit: 20 })).filter((x) => x.id > d.id);
    return newer.find((x) => x.status !== 'created') ?? newer[0];
  } catch (e) {
    if (e instanceof InterruptedError) throw e;
    return undefined;
  }
}

function serverDuration(d: Deployment): number | undefined {
  const start = Date.parse(d.created_at ?? '');
  const end = Date.parse(d.finished_at ?? d.updated_at ?? '');
  return Number.isFinite(start) && Number.isFinite(end) && end >= start ? end - start : undefined;
}

/**
 * The wait's history on stderr: each change of status (or of the reason it waits) stays
 * as a line with the time since the wait began, `Deployment 42: in progress 4s (waiting
 * for capacity: insufficient memory)`; on a terminal a spinner on the last line counts
 * the time in the current status. Notes (a failed status check) print above the spinner.
 */
class Reporter {
  private progress: Progress | undefined;
  private last: string | undefined;
  private readonly started: number;

  constructor(
    private readonly ctx: Context,
    private readonly id: number,
  ) {
    this.started = ctx.clock.now();
  }

  async seen(d: Deployment): Promise<void> {
    const now = describeStatus(d);
    const elapsed = this.elapsed();
    if (now !== this.last) {
      this.last = now;
      const line = `Deployment ${this.id}: ${statusWords(d.status)} ${elapsed}${reason(d) ? ` (${reason(d)})` : ''}`;
      this.progress ??= await this.ctx.progress('', { transient: true });
      this.progress.note(line);
    }
    this.progress?.update(`${statusWords(d.status)} for ${this.elapsed()}`);
  }

  /** Whole seconds since the wait began: 0s, 4s, 1m5s. */
  private elapsed(): string {
    return formatDuration(Math.floor((this.ctx.clock.now() - this.started) / 1000) * 1000);
  }

  note(text: string): void {
    if (this.progress) this.progress.note(`${this.ctx.errStyle.yellow('warning:')} ${text}`);
    else this.ctx.out.warn(text);
  }

  stop(): void {
    this.progress?.stop();
    this.progress = undefined;
  }
}
