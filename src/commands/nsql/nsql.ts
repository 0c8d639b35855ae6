import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { DEFAULT_TIMEOUT_MS } from '../../context.js';
import { CliError, ExitCode, UsageError } from '../../errors.js';
import type { Column } from '../../output/writer.js';
import { nsql, type NsqlAnswer, type NsqlRequest } from '../../runtime/nsql.js';
import { str } from '../shared/parse.js';
import { parseRuntimeOptions, type RuntimeOptions } from '../shared/runtime-options.js';

export interface NsqlOptions {
  runtime: RuntimeOptions;
  request: NsqlRequest;
}

export function parse(raw: RawInput): NsqlOptions {
  const question = ((raw.args[0] as string[] | undefined) ?? []).join(' ').trim();
  if (question === '') throw new UsageError('no question: give it as an argument, e.g. spice-cloud nsql "how many orders today?"');
  const model = str(raw.opts.model)?.trim();
  if (model === '') throw new UsageError('invalid --model "": give a model name (see `spice-cloud models list`)');
  const datasets = raw.opts.dataset as string[] | undefined;
  return {
    runtime: parseRuntimeOptions(raw),
    request: { query: question, model, datasets, sample_data_enabled: raw.opts.sampleData === true ? true : undefined },
  };
}

export async function run(opts: NsqlOptions, ctx: Context): Promise<void> {
  const rt = await ctx.runtime(opts.runtime);
  const started = ctx.clock.now();
  const result = await nsql(rt.http, opts.request, { timeoutMs: ctx.globals.timeoutMs ?? DEFAULT_TIMEOUT_MS }).catch((e: unknown) => {
    // With several models and none named, the runtime refuses (400) and says so.
    if (e instanceof CliError && e.exitCode === ExitCode.usage && !opts.request.model && /model/i.test(e.message)) e.hint ??= 'Pass --model <name> (see `spice-cloud models list`).';
    throw e;
  });
  const ms = ctx.clock.now() - started;
  ctx.out.info(result.sql === undefined ? '-- the runtime did not say which SQL it ran' : result.sql.trim());
  await printRows(ctx, result);
  const n = result.rows.length;
  ctx.out.info(`${n} row${n === 1 ? '' : 's'} in ${(ms / 1000).toFixed(2)} s${result.cached ? ' (cached)' : ''}`);
}

/** The rows in schema order, through the writer (table, TSV, --json array of row objects). */
async function printRows(ctx: Context, result: NsqlAnswer): Promise<void> {
  const columns: Column<Record<string, unknown>>[] = result.fields.map((f) => ({ header: f.name, get: (row) => row[f.name] }));
  await ctx.out.list(result.rows, columns, { json: result.rows });
}
