import { createReadStream } from 'node:fs';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { InputRequiredError, UsageError } from '../../errors.js';
import { readAll } from '../../io.js';
import type { QueryParams } from '../../runtime/connection.js';
import { parseRuntimeOptions, type RuntimeOptions } from '../shared/runtime-options.js';
import { runStatement } from './execute.js';
import { parseParams } from './params.js';
import { scriptStatements } from './statements.js';

export interface SqlOptions {
  runtime: RuntimeOptions;
  /** The query from the argument. */
  query: string | undefined;
  /** -f/--file (`-` = stdin). */
  file: string | undefined;
  http: boolean;
  params: QueryParams | undefined;
  noCache: boolean;
}

const MAX_QUERY_BYTES = 8 * 1024 * 1024;

export function parse(raw: RawInput): SqlOptions {
  const query = typeof raw.args[0] === 'string' ? raw.args[0] : undefined;
  const file = typeof raw.opts.file === 'string' ? raw.opts.file : undefined;
  if (query !== undefined && file !== undefined) throw new UsageError('give the query as an argument or with --file, not both');
  if (query !== undefined && query.trim() === '') throw new UsageError('the query is empty');
  const values = Array.isArray(raw.opts.param) ? (raw.opts.param as string[]) : [];
  return {
    runtime: parseRuntimeOptions(raw),
    query,
    file,
    http: raw.opts.http === true,
    params: parseParams(values),
    noCache: raw.opts.cache === false,
  };
}

export async function run(opts: SqlOptions, ctx: Context): Promise<void> {
  const text = await queryText(opts, ctx);
  if (text === undefined) {
    const { repl } = await import('./repl.js');
    return repl(opts, ctx);
  }
  const statements = scriptStatements(text);
  if (statements.length === 0) throw new UsageError('no SQL statement in the input');
  if (opts.params && statements.length > 1) throw new UsageError('--param applies to a single statement, and the input has several');
  const conn = await ctx.runtime(opts.runtime);
  for (const sql of statements) {
    await runStatement(ctx, conn, sql, { http: opts.http, params: opts.params, noCache: opts.noCache });
  }
}

/** The argument, the file, or piped stdin; undefined means "start the REPL". */
async function queryText(opts: SqlOptions, ctx: Context): Promise<string | undefined> {
  if (opts.query !== undefined) return opts.query;
  if (opts.file !== undefined) {
    if (opts.file === '-') return readStdin(ctx);
    try {
      return (await readAll(createReadStream(opts.file), MAX_QUERY_BYTES)).toString('utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (e instanceof RangeError) throw new UsageError(`${opts.file} is larger than ${MAX_QUERY_BYTES / 1024 / 1024} MiB`);
      throw new UsageError(`cannot read ${opts.file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`);
    }
  }
  if (!ctx.io.isStdinTTY) return readStdin(ctx);
  if (ctx.canPrompt) return undefined;
  throw new InputRequiredError('no query given', 'Pass the query as an argument, with --file <path>, or on stdin; the interactive prompt needs a terminal.');
}

async function readStdin(ctx: Context): Promise<string> {
  try {
    return (await readAll(ctx.io.stdin, MAX_QUERY_BYTES)).toString('utf8');
  } catch {
    throw new UsageError(`the query on stdin is larger than ${MAX_QUERY_BYTES / 1024 / 1024} MiB`);
  }
}
