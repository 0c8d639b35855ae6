/**
 * `deployments logs`: one fetch, or with --follow a poll loop that stops once the
 * deployment has reached a final status and a last fetch brings nothing new.
 *
 * Ctrl-C while following exits 130 like `watch` (every line printed is complete), saying
 * that the deployment goes on. Without an ID, the app's latest deployment. The
 * deployment's own result is stated on stderr; use `deployments watch` or
 * `deploy --wait` when the exit code should carry it.
 */
import type { Api } from '../../api/resources.js';
import type { Deployment, LogEntry } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { InterruptedError, TimeoutError, UsageError } from '../../errors.js';
import { parseDuration } from '../../output/time.js';
import { appFromFlagOrEnv, withApp, type AppRef } from '../shared/app.js';
import { duration, intInRange, str } from '../shared/parse.js';
import { LogCursor } from './log-cursor.js';
import { statusWords } from '../../output/writer.js';
import { deploymentId, findDeployment, formatDuration, type DeploymentRef } from './shared.js';
import { DEFAULT_INTERVAL_MS, isFinal, isSettled, isTransient } from './wait.js';

export type Since = { agoMs: number } | { at: string };

export interface LogsOptions {
  app: AppRef | undefined;
  /** `latest` when omitted: the app's newest deployment. */
  id: DeploymentRef;
  follow: boolean;
  since: Since | undefined;
  limit: number | undefined;
  intervalMs: number;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

export function parseSince(v: unknown): Since | undefined {
  const s = str(v)?.trim();
  if (s === undefined) return undefined;
  const ms = parseDuration(s);
  if (ms !== undefined && ms > 0) return { agoMs: ms };
  const at = TIMESTAMP.test(s) ? Date.parse(s) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new UsageError(`invalid --since ${JSON.stringify(s)}: use a duration such as 10m or 1h, or a timestamp such as 2026-11-26T12:00:00Z`);
  }
  return { at: new Date(at).toISOString() };
}

export function parse(raw: RawInput): LogsOptions {
  return {
    id: raw.args[0] === undefined ? 'latest' : deploymentId(raw.args[0]),
    app: appFromFlagOrEnv(raw.opts.app, raw.env),
    follow: raw.opts.follow === true,
    since: parseSince(raw.opts.since),
    limit: intInRange(raw.opts.limit, '--limit', 1, 1000),
    intervalMs: duration(raw.opts.interval, '--interval') ?? DEFAULT_INTERVAL_MS,
  };
}

export async function run(opts: LogsOptions, ctx: Context): Promise<void> {
  await withApp(ctx, opts.app, async (app) => {
    const since = opts.since && ('at' in opts.since ? opts.since.at : new Date(ctx.clock.now() - opts.since.agoMs).toISOString());
    const cursor = new LogCursor(since);
    const print = printer(ctx);
    let id: number;
    if (opts.id === 'latest') {
      id = (await findDeployment(await ctx.api(), app, 'latest')).id;
      if (!ctx.out.jsonMode) ctx.out.info(`${opts.follow ? 'Following' : 'Logs of'} deployment ${id}, the latest of app ${app.name}.`);
    } else {
      id = opts.id;
    }
    if (!opts.follow) {
      const batch = await (await ctx.api()).deployments.logs(app.id, id, { limit: opts.limit, since });
      const lines = cursor.take(batch);
      lines.forEach(print);
      if (lines.length === 0 && !ctx.out.jsonMode) ctx.out.info(`No log lines for deployment ${id}${since ? ` since ${since}` : ''}.`);
      return;
    }
    await follow(ctx, opts, app.id, id, cursor, print);
  });
}

async function follow(ctx: Context, opts: LogsOptions, appId: number, id: number, cursor: LogCursor, print: (e: LogEntry) => void): Promise<void> {
  // Without --timeout, following has no end but the deployment's; with it, --timeout bounds it.
  const budgetMs = ctx.globals.timeoutMs;
  const deadline = budgetMs === undefined ? Number.POSITIVE_INFINITY : ctx.clock.now() + budgetMs;
  const api: Api = await ctx.api({ deadline });
  let deployment: Deployment | undefined;
  let lastFailure: string | undefined;
  // Ctrl-C: exit 130 like `watch`, saying what goes on (main.ts starts it on a line of its own).
  const stopped = () =>
    new InterruptedError(`stopped following: deployment ${id} is ${deployment ? `still ${statusWords(deployment.status)}` : 'still running'} on the server`);

  for (;;) {
    try {
      if (!deployment || !isFinal(deployment)) deployment = await api.deployments.get(appId, id);
      const fresh = cursor.take(await api.deployments.logs(appId, id, { limit: opts.limit, since: cursor.since }));
      fresh.forEach(print);
      lastFailure = undefined;
      if (await isSettled(api, appId, deployment)) {
        if (fresh.length === 0) break;
        continue; // drain: fetch again until nothing new arrives
      }
    } catch (e) {
      if (ctx.signal.aborted || e instanceof InterruptedError) throw stopped();
      if (!isTransient(e)) throw e;
      const message = (e as Error).message;
      if (message !== lastFailure) ctx.out.warn(`fetching logs failed (${message}); still following`);
      lastFailure = message;
    }
    const left = deadline - ctx.clock.now();
    if (left <= 0) {
      throw new TimeoutError(`stopped following deployment ${id} after ${formatDuration(budgetMs ?? 0)}; it is still ${deployment ? statusWords(deployment.status) : 'running'}`, {
        hint: 'Follow it without --timeout, or with a longer one.',
      });
    }
    try {
      await ctx.clock.sleep(Math.min(opts.intervalMs, left), ctx.signal);
    } catch {
      throw stopped();
    }
    if (ctx.signal.aborted) throw stopped();
  }
  ctx.out.info(`Deployment ${id} ${deployment.status === 'created' ? 'was superseded' : statusWords(deployment.status)}; end of logs.`);
}

/** NDJSON with --json; `timestamp level message` on a terminal; TSV when piped. */
function printer(ctx: Context): (e: LogEntry) => void {
  if (ctx.out.jsonMode) return (e) => ctx.out.jsonLine(e);
  if (ctx.io.isStdoutTTY) {
    const { style } = ctx;
    const paint = (level: string) => {
      const padded = level.toUpperCase().padEnd(5);
      return /^(error|fatal|crit)/i.test(level) ? style.red(padded) : /^warn/i.test(level) ? style.yellow(padded) : /^(debug|trace)/i.test(level) ? style.dim(padded) : padded;
    };
    return (e) => ctx.out.line(`${style.dim(e.timestamp ?? '')} ${paint(e.level ?? '')} ${e.message}`.trimStart());
  }
  return (e) => ctx.out.line([e.timestamp ?? '', e.level ?? '', e.message.replace(/\r?\n|\t/g, ' ')].join('\t'));
}
