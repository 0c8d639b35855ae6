/**
 * Waiting for a deployment to finish, shared by `deploy --wait` and `deployments watch`.
 *
 * Polls until `succeeded` (exit 0), `failed` (6), `created` = superseded by a newer
 * deployment (6, code `superseded`), or the deadline (7). A poll that fails for a
 * transient reason (429, 5xx, network, one request timing out) is noted on stderr and the
 * wait goes on: a rate-limited status check says nothing about the deployment. Ctrl-C
 * stops waiting (130); the deployment keeps running on the server.
 */
import type { Api } from '../../api/resources.js';
import { FINAL_STATUSES, type Deployment } from '../../api/types.js';
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
    new InterruptedError(`stopped waiting: deployment ${d.id} is still ${d.status} on the server; watch it with \`${watchCommand(app, d.id)}\``);
  if (isFinal(d)) return d;

  const api: Api = await ctx.api({ deadline: o.deadline });
  const reporter = new Reporter(ctx);
  await reporter.status(statusText(d));
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
        if (message !== lastFailure) await reporter.note(`status check failed (${message}); still waiting`);
        lastFailure = message;
        continue;
      }
      if (isFinal(d)) return d;
      await reporter.status(statusText(d));
    }
  } finally {
    reporter.stop();
  }
}

export function isFinal(d: Deployment): boolean {
  return FINAL_STATUSES.has(d.status);
}

function statusText(d: Deployment): string {
  // Retriable error codes (insufficient_cpu, …) show up while the status stays in_progress.
  const why = [d.error_code, d.error_message].filter(Boolean).join(': ');
  return `Deployment ${d.id}: ${d.status}${why ? ` (${why})` : ''}`;
}

function timedOut(o: WaitOptions, d: Deployment, lastFailure: string | undefined): TimeoutError {
  const stale = lastFailure ? ` (the last status check failed: ${lastFailure})` : '';
  return new TimeoutError(`deployment ${d.id} is still ${d.status} after ${formatDuration(o.budgetMs)}${stale}`, {
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
    `deployment ${d.id} was superseded by ${newer ? `deployment ${newer.id} (${newer.status})` : 'a newer deployment'} and will not finish`,
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

/** Status on a spinner (terminal) or as plain lines; notes go on their own stderr line. */
class Reporter {
  private progress: Progress | undefined;
  private text = '';

  constructor(private readonly ctx: Context) {}

  // Mirrors startProgress: only a live spinner redraws its line, so a note must stop it first.
  private get live(): boolean {
    return this.ctx.io.isStderrTTY && this.ctx.io.columns > 0;
  }

  async status(text: string): Promise<void> {
    this.text = text;
    if (this.progress) this.progress.update(text);
    else this.progress = await this.ctx.progress(text);
  }

  async note(text: string): Promise<void> {
    if (!this.live) return this.ctx.out.warn(text);
    this.stop();
    this.ctx.out.warn(text);
    this.progress = await this.ctx.progress(this.text);
  }

  stop(): void {
    this.progress?.stop();
    this.progress = undefined;
  }
}
