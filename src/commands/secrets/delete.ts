import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { InterruptedError, NotFoundError, SilentExit, UsageError } from '../../errors.js';
import { appFromFlagOrEnv, resolveApp, type AppRef } from '../shared/app.js';
import { confirmDestructive } from '../shared/confirm.js';
import { secretName } from '../shared/parse.js';
import { batchExitCode, nameList, reason, reportFailures, runBounded } from './batch.js';

export interface DeleteOptions {
  app: AppRef | undefined;
  names: string[];
  yes: boolean;
}

const CONCURRENCY = 4;

export function parse(raw: RawInput): DeleteOptions {
  const given = Array.isArray(raw.args[0]) ? raw.args[0] : [raw.args[0]];
  if (given.length === 0) throw new UsageError('name at least one secret to delete');
  const names = [...new Set(given.map(secretName))];
  return { app: appFromFlagOrEnv(raw.opts.app, raw.env), names, yes: raw.opts.yes === true };
}

export async function run(opts: DeleteOptions, ctx: Context): Promise<void> {
  const what = opts.names.length === 1 ? `secret ${opts.names[0]}` : `${opts.names.length} secrets (${nameList(opts.names, 10)})`;
  // Refuse before any request (even the app lookup) when nobody can confirm.
  if (!opts.yes && !ctx.canPrompt) await confirmDestructive(ctx, `Delete ${what}?`, false);
  const app = await resolveApp(ctx, opts.app);
  await confirmDestructive(ctx, `Delete ${what} from app ${app.name}? This cannot be undone.`, opts.yes);

  const api = await ctx.api();
  const results = await runBounded(opts.names, CONCURRENCY, ctx.signal, (name) => api.secrets.delete(app.id, name));
  const outcomes = opts.names.map((name, i) => ({ name, result: results[i] }));
  const deleted = outcomes.filter((o) => o.result?.ok).map((o) => o.name);
  const failures = outcomes.flatMap((o) => (o.result && !o.result.ok ? [{ name: o.name, error: o.result.error }] : []));

  // One name: the error itself says it best (message, hint, exit code).
  if (opts.names.length === 1 && failures[0]) throw withListHint(failures[0].error, app.name);
  for (const name of deleted) ctx.out.success(`Deleted secret ${name} from app ${app.name}`);
  reportFailures(ctx, failures);
  if (ctx.signal.aborted) {
    const notDeleted = opts.names.filter((n) => !deleted.includes(n));
    throw new InterruptedError(`interrupted: deleted ${deleted.length} of ${opts.names.length} secrets; not deleted: ${nameList(notDeleted, Infinity)}`);
  }
  if (ctx.out.jsonMode) {
    ctx.out.json(outcomes.map((o) => (o.result?.ok ? { name: o.name, ok: true } : { name: o.name, ok: false, error: reason(o.result?.error) })));
  }
  if (failures.length > 0) {
    ctx.out.info(`deleted ${deleted.length}, failed ${failures.length}`);
    throw new SilentExit(batchExitCode(failures.map((f) => f.error)));
  }
}

function withListHint(e: unknown, app: string): unknown {
  if (e instanceof NotFoundError) e.hint = `List the secrets of app ${app} with \`spice-cloud secrets list --app ${app}\`.`;
  return e;
}
