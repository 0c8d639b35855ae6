import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { InterruptedError, SilentExit, UsageError } from '../../errors.js';
import type { Column } from '../../output/writer.js';
import { appFromFlagOrEnv, resolveApp, type AppRef } from '../shared/app.js';
import { DeclinedError } from '../../errors.js';
import { confirmDestructive } from '../shared/confirm.js';
import { intInRange } from '../shared/parse.js';
import { batchExitCode, nameList, reason, reportFailures, runBounded, type Settled } from './batch.js';
import { MAX_FILE_BYTES, parseSecretsFile, type SecretEntry } from './envfile.js';
import { count, describe, makePlan, type Action, type Step } from './plan.js';
import { importSummary } from './summary.js';
import { readFileLimited, readLimited } from './value.js';

export interface ImportOptions {
  app: AppRef | undefined;
  /** A path, or `-` for stdin. */
  source: string;
  dryRun: boolean;
  prune: boolean;
  yes: boolean;
  concurrency: number;
}

export interface Outcome {
  name: string;
  action: Action;
  ok: boolean;
  started: boolean;
  error?: unknown;
  /** A prune delete not attempted because an upsert failed. */
  skipped?: boolean;
}

export function parse(raw: RawInput): ImportOptions {
  const source = raw.args[0];
  if (typeof source !== 'string' || source === '') throw new UsageError('name a .env or JSON file to import, or - for stdin');
  return {
    app: appFromFlagOrEnv(raw.opts.app, raw.env),
    source,
    dryRun: raw.opts.dryRun === true,
    prune: raw.opts.prune === true,
    yes: raw.opts.yes === true,
    concurrency: intInRange(raw.opts.concurrency, '--concurrency', 1, 32) ?? 8,
  };
}

export async function run(opts: ImportOptions, ctx: Context): Promise<void> {
  const entries = await readEntries(opts.source, ctx);
  for (const e of entries) ctx.redactor.add(e.value);
  const label = sourceLabel(opts.source);
  // Refuse an unconfirmable --prune before any request, even if nothing would be deleted.
  if (opts.prune && !opts.dryRun && !opts.yes && !ctx.canPrompt) await confirmDestructive(ctx, `Delete the secrets that ${label} does not name`, false);

  const app = await resolveApp(ctx, opts.app);
  const plan = makePlan(entries, await (await ctx.api()).secrets.list(app.id), opts.prune);
  if (opts.dryRun) return printPlan(plan, app.name, opts.prune, ctx);

  const deletes = plan.filter((s) => s.action === 'delete').map((s) => s.name);
  let steps = plan;
  if (deletes.length > 0) {
    const what = `${deletes.length} secret${deletes.length === 1 ? '' : 's'} of app ${app.name} that ${label} does not name (${nameList(deletes, 10)})`;
    try {
      await confirmDestructive(ctx, `Delete ${what}? This cannot be undone.`, opts.yes);
    } catch (e) {
      // "No" to the prune: offer the import alone, which deletes nothing.
      if (!(e instanceof DeclinedError)) throw e;
      if (!(await ctx.prompter.confirm(`Import the secrets of ${label} without deleting any?`, true))) throw e;
      steps = plan.filter((s) => s.action !== 'delete');
      opts = { ...opts, prune: false };
    }
  }
  const outcomes = await apply(steps, app, opts.concurrency, ctx);
  if (ctx.summary.enabled) await ctx.summary.append(importSummary(outcomes, app.name, label));
  report(outcomes, app.name, opts.prune, ctx);
}

async function readEntries(source: string, ctx: Context): Promise<SecretEntry[]> {
  if (source !== '-') return parseSecretsFile(await readFileLimited(ctx.cwd, source, MAX_FILE_BYTES, ctx.signal), source, /\.json$/i.test(source));
  if (ctx.io.isStdinTTY) {
    throw new UsageError('`-` reads the secrets from stdin, but stdin is a terminal', 'Redirect or pipe the file: `spice-cloud secrets import - < .env`.');
  }
  return parseSecretsFile(await readLimited(ctx.io.stdin, MAX_FILE_BYTES, 'stdin is larger than 1 MiB', ctx.signal), 'stdin');
}

function sourceLabel(source: string): string {
  return source === '-' ? 'stdin' : source;
}

const PLAN_COLUMNS: Column<{ name: string; action: Action }>[] = [
  { header: 'Name', get: (s) => s.name },
  { header: 'Action', get: (s) => s.action },
];

async function printPlan(plan: Step[], app: string, prune: boolean, ctx: Context): Promise<void> {
  await ctx.out.list(describe(plan), PLAN_COLUMNS);
  const deletes = prune ? `, delete ${count(plan, 'delete')}` : '';
  ctx.out.info(`Dry run: would create ${count(plan, 'create')}, update ${count(plan, 'update')}${deletes} on app ${app}; nothing was changed.`);
}

/** Upserts, then (only if every upsert succeeded) the prune deletes; each bounded. */
async function apply(plan: Step[], app: { id: number; name: string }, concurrency: number, ctx: Context): Promise<Outcome[]> {
  // In-flight upserts finish after the first Ctrl-C; runBounded stops starting new ones.
  const api = await ctx.api({ signal: null });
  const upserts = plan.filter((s) => s.action !== 'delete');
  const deletes = plan.filter((s) => s.action === 'delete');
  const progress = ctx.io.isStderrTTY ? await ctx.progress(`Importing ${upserts.length} secrets to app ${app.name}`) : undefined;
  let finished = 0;
  const step = async (task: () => Promise<unknown>) => {
    try {
      return await task();
    } finally {
      progress?.update(`Importing secrets to app ${app.name}: ${++finished} of ${plan.length} done`);
    }
  };
  try {
    const set = await runBounded(upserts, concurrency, ctx.signal, (s) => step(() => api.secrets.set(app.id, s.name, s.value!)));
    const allSet = set.every((r) => r?.ok);
    const deleted = allSet ? await runBounded(deletes, concurrency, ctx.signal, (s) => step(() => api.secrets.delete(app.id, s.name))) : [];
    return [...outcomesOf(upserts, set), ...outcomesOf(deletes, deleted, !allSet)];
  } finally {
    progress?.stop();
  }
}

function outcomesOf(steps: Step[], results: Array<Settled<unknown> | undefined>, skipped = false): Outcome[] {
  return steps.map(({ name, action }, i) => {
    const r = results[i];
    if (skipped) return { name, action, ok: false, started: false, skipped: true };
    if (!r) return { name, action, ok: false, started: false };
    return r.ok ? { name, action, ok: true, started: true } : { name, action, ok: false, started: true, error: r.error };
  });
}

function report(outcomes: Outcome[], app: string, prune: boolean, ctx: Context): void {
  const failed = outcomes.filter((o) => o.started && !o.ok);
  reportFailures(ctx, failed.map((o) => ({ name: o.name, error: o.error })));
  const skipped = outcomes.filter((o) => o.skipped).map((o) => o.name);
  if (skipped.length > 0) ctx.out.warn(`--prune skipped because some secrets failed to set; not deleted: ${nameList(skipped)}`);
  if (ctx.signal.aborted && outcomes.some((o) => !o.ok)) throw new InterruptedError(interruptedMessage(outcomes));

  if (ctx.out.jsonMode) ctx.out.json(outcomes.map(toJson));
  const done = (a: Action) => outcomes.filter((o) => o.ok && o.action === a).length;
  const imported = done('create') + done('update');
  if (failed.length > 0) {
    ctx.out.info(`imported ${imported}, ${prune ? `deleted ${done('delete')}, ` : ''}failed ${failed.length}`);
    throw new SilentExit(batchExitCode(failed.map((o) => o.error)));
  }
  const deleted = prune ? `, ${done('delete')} deleted` : '';
  ctx.out.success(`Imported ${imported} secret${imported === 1 ? '' : 's'} to app ${app} (${done('create')} created, ${done('update')} updated${deleted})`);
  if (ctx.io.isStderrTTY) ctx.out.info('They reach the running app with the next deployment (`spice-cloud deploy`).');
}

function toJson(o: Outcome): { name: string; action: Action; ok: boolean; error?: string } {
  if (o.ok) return { name: o.name, action: o.action, ok: true };
  return { name: o.name, action: o.action, ok: false, error: o.skipped ? 'skipped: not deleted because some secrets failed to set' : reason(o.error) };
}

/** `interrupted: set N of M secrets; not set: A, B` (names only; rerunning is safe). */
function interruptedMessage(outcomes: Outcome[]): string {
  const sets = outcomes.filter((o) => o.action !== 'delete');
  const notSet = sets.filter((o) => !o.ok).map((o) => o.name);
  const notDeleted = outcomes.filter((o) => o.action === 'delete' && !o.ok).map((o) => o.name);
  let message = `interrupted: set ${sets.length - notSet.length} of ${sets.length} secrets`;
  if (notSet.length > 0) message += `; not set: ${nameList(notSet, Infinity)}`;
  if (notDeleted.length > 0) message += `; not deleted: ${nameList(notDeleted, Infinity)}`;
  return message;
}
