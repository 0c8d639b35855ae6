import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { DEFAULT_TIMEOUT_MS } from '../../context.js';
import { CliError, ExitCode, InterruptedError, UsageError } from '../../errors.js';
import { nsql, type NsqlRequest } from '../../runtime/nsql.js';
import { str } from '../shared/parse.js';
import { parseRuntimeOptions, type RuntimeOptions } from '../shared/runtime-options.js';
import { count, duration } from '../sql/execute.js';

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
    if (e instanceof InterruptedError || ctx.signal.aborted) throw new InterruptedError('interrupted: the question was cancelled before an answer came');
    // With several models and none named, the runtime refuses (400) and says so.
    if (e instanceof CliError && e.exitCode === ExitCode.usage && !opts.request.model && /model/i.test(e.message)) e.hint ??= 'Pass --model <name> (see `spice-cloud models list`).';
    throw e;
  });
  const ms = ctx.clock.now() - started;
  ctx.out.info(result.sql === undefined ? '-- the runtime did not say which SQL it ran' : result.sql.trim());
  // The same output path as `sql`: table preview on a terminal, TSV piped, --json, --format.
  const sink = ctx.out.stream(result.columns);
  await sink.write(result.rows);
  const summary = await sink.end();
  if (summary.closed) return;
  const shown = summary.shown < summary.rows ? ` (first ${count(summary.shown)} shown; pipe it or use --format for all)` : '';
  ctx.out.info(`${count(summary.rows)} ${summary.rows === 1 ? 'row' : 'rows'}${shown} in ${duration(ms)}${result.cached ? ' (cached)' : ''}`);
}
