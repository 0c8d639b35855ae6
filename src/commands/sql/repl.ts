/**
 * The interactive SQL prompt (`spice-cloud sql` on a terminal): a loop around the same
 * `runStatement` as one-shot queries, on node:readline.
 *
 * - `sql> ` reads until a `;` outside quotes and comments (`  -> ` continues);
 * - history persists in <config dir>/sql_history (mode 0600; never a line holding a known secret);
 * - Tab completes SQL keywords, table and column names (fetched once, `.refresh` again);
 * - `.tables`, `.schema <table>`, `.format <fmt>`, `.refresh`, `.help`, `.exit`;
 * - Ctrl-C cancels the running query (not the prompt) or clears the line; Ctrl-C twice on
 *   an empty line, or Ctrl-D, leaves.
 */
import { chmod, mkdir, readFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Interface } from 'node:readline';
import type { Context } from '../../context.js';
import { CliError, InterruptedError } from '../../errors.js';
import { configDir } from '../../config/store.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../output/format.js';
import { safeText } from '../../output/sanitize.js';
import { rowsOf } from '../../output/stream.js';
import type { RuntimeConnection } from '../../runtime/connection.js';
import { querySql } from '../../runtime/sql.js';
import { runStatement } from './execute.js';
import type { SqlOptions } from './query.js';
import { onlyComments, splitStatements } from './statements.js';
import * as builtin from '../../builtins.js';

const PROMPT = 'sql> ';
const CONTINUE = '  -> ';
const HISTORY_FILE = 'sql_history';
const HISTORY_SIZE = 1000;

export const KEYWORDS = [
  'SELECT', 'FROM', 'WHERE', 'GROUP BY', 'ORDER BY', 'HAVING', 'LIMIT', 'OFFSET', 'JOIN', 'LEFT JOIN', 'RIGHT JOIN', 'INNER JOIN',
  'FULL JOIN', 'CROSS JOIN', 'ON', 'USING', 'AS', 'AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'ILIKE', 'BETWEEN', 'CASE', 'WHEN',
  'THEN', 'ELSE', 'END', 'DISTINCT', 'UNION', 'UNION ALL', 'EXCEPT', 'INTERSECT', 'WITH', 'COUNT', 'SUM', 'AVG', 'MIN', 'MAX',
  'CAST', 'COALESCE', 'EXPLAIN', 'DESCRIBE', 'SHOW TABLES', 'ASC', 'DESC', 'TRUE', 'FALSE', 'INSERT INTO', 'VALUES', 'INTERVAL',
];

const HELP = `Statements end with ; and may span lines. Commands:
  .tables            list the tables
  .schema <table>    show a table's columns and types
  .format <format>   table, tsv, csv, json or ndjson for the next results
  .refresh           fetch table and column names again (Tab completion)
  .help              this help
  .exit              leave (also Ctrl-D, or Ctrl-C twice on an empty line)
Ctrl-C cancels a running query.`;

interface State {
  format: OutputFormat | undefined;
  names: string[];
  running: AbortController | undefined;
}

export async function repl(opts: SqlOptions, ctx: Context): Promise<void> {
  const conn = await ctx.runtime(opts.runtime);
  const readline = builtin.readline();
  const historyPath = join(configDir(ctx.env), HISTORY_FILE);
  const history = await loadHistory(historyPath);
  const state: State = { format: undefined, names: [], running: undefined };

  const rl = readline.createInterface({
    input: ctx.io.stdin,
    // The prompt and echo go to stderr, unless it is redirected (2>log): then to the terminal on stdout.
    output: ctx.io.isStderrTTY ? ctx.io.stderr : ctx.io.stdout,
    terminal: true,
    prompt: PROMPT,
    history,
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    completer: (line: string) => complete(line, state.names),
  });

  const where = `${conn.target.httpBase}${conn.target.app ? ` (app ${conn.target.app.name})` : ''}`;
  ctx.out.info(`Connected to ${safeText(where)} over ${opts.http ? 'HTTP' : 'Arrow Flight'}. End statements with ; — .help for help, .exit to leave.`);
  void refreshNames(ctx, conn, opts, state);

  let buffer = '';
  let lastCtrlC = false;
  let closed = false;
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  rl.on('line', (l) => {
    lines.push(l);
    wake?.();
  });
  rl.on('close', () => {
    closed = true;
    wake?.();
  });
  rl.on('SIGINT', () => {
    if (state.running) {
      state.running.abort(new InterruptedError());
      return;
    }
    const typed = buffer !== '' || rl.line !== '';
    if (!typed && lastCtrlC) {
      rl.close();
      return;
    }
    lastCtrlC = !typed;
    buffer = '';
    ctx.io.stderr.write(typed ? '^C\n' : '\n(Ctrl-C again or Ctrl-D to leave)\n');
    // Drop what was typed on the current line, then show a fresh prompt.
    (rl as Interface & { line: string }).line = '';
    rl.setPrompt(PROMPT);
    rl.prompt();
  });

  const next = async (): Promise<string | undefined> => {
    while (lines.length === 0 && !closed) await new Promise<void>((r) => (wake = r));
    wake = undefined;
    return lines.shift();
  };

  rl.prompt();
  try {
    for (;;) {
      const line = await next();
      if (line === undefined) break;
      lastCtrlC = false;
      if (buffer === '' && line.trim().startsWith('.')) {
        if (await dotCommand(line.trim(), ctx, conn, opts, state)) break;
      } else if (buffer === '' && /^(exit|quit|\\q)\s*;?$/i.test(line.trim())) {
        break;
      } else {
        buffer = buffer === '' ? line : `${buffer}\n${line}`;
        const { statements, rest } = splitStatements(buffer);
        buffer = onlyComments(rest) && rest.trim() === '' ? '' : rest;
        for (const sql of statements) {
          await remember(historyPath, ctx, `${sql.replace(/\s*\n\s*/g, ' ')};`);
          await guarded(ctx, state, (signal) => runStatement(ctx, conn, sql, { http: opts.http, params: undefined, noCache: opts.noCache, signal, format: state.format }));
        }
      }
      if (closed) break;
      rl.setPrompt(buffer === '' ? PROMPT : CONTINUE);
      rl.prompt();
    }
  } finally {
    rl.close();
    ctx.io.stderr.write('\n');
  }
}

/** Runs a REPL action with its own Ctrl-C; errors are printed and the prompt goes on. */
async function guarded(ctx: Context, state: State, action: (signal: AbortSignal) => Promise<unknown>): Promise<void> {
  const controller = new AbortController();
  state.running = controller;
  try {
    await action(controller.signal);
  } catch (e) {
    if (e instanceof InterruptedError && controller.signal.aborted && !ctx.signal.aborted) {
      ctx.out.info('Cancelled: the query was stopped; nothing more was printed.');
    } else if (e instanceof CliError) {
      if (ctx.signal.aborted) throw e;
      ctx.out.info(`${ctx.errStyle.red('error:')} ${e.message.split('\n')[0]}`);
      if (e.hint) ctx.out.info(`hint: ${e.hint}`);
    } else {
      throw e;
    }
  } finally {
    state.running = undefined;
  }
}

/** Handles a dot command; true means leave. */
async function dotCommand(line: string, ctx: Context, conn: RuntimeConnection, opts: SqlOptions, state: State): Promise<boolean> {
  const [cmd, ...args] = line.split(/\s+/);
  const run = (sql: string) => guarded(ctx, state, (signal) => runStatement(ctx, conn, sql, { http: opts.http, noCache: false, signal, format: state.format }));
  switch (cmd) {
    case '.exit':
    case '.quit':
    case '.q':
      return true;
    case '.help':
      ctx.out.info(HELP);
      return false;
    case '.tables':
      await run(TABLES_SQL);
      return false;
    case '.schema': {
      const table = args.join(' ').replace(/;$/, '');
      if (!table) ctx.out.info('usage: .schema <table>');
      else await run(schemaSql(table));
      return false;
    }
    case '.format': {
      const f = args[0];
      if (f && (OUTPUT_FORMATS as readonly string[]).includes(f)) {
        state.format = f as OutputFormat;
        ctx.out.info(`Results print as ${f}.`);
      } else {
        ctx.out.info(`usage: .format <${OUTPUT_FORMATS.join('|')}>${state.format ? ` (now ${state.format})` : ''}`);
      }
      return false;
    }
    case '.refresh':
      await refreshNames(ctx, conn, opts, state);
      ctx.out.info(`${state.names.length} table and column names for Tab completion.`);
      return false;
    default:
      ctx.out.info(`unknown command ${safeText(cmd ?? '')}: .help lists them`);
      return false;
  }
}

export const TABLES_SQL =
  "SELECT table_catalog, table_schema, table_name, table_type FROM information_schema.tables WHERE table_schema <> 'information_schema' ORDER BY table_catalog, table_schema, table_name";

/** Columns of `table` (`name`, `schema.name` or `catalog.schema.name`). */
export function schemaSql(table: string): string {
  const parts = table.split('.').map((p) => p.replace(/^"|"$/g, ''));
  const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
  const name = parts[parts.length - 1]!;
  const conds = [`table_name = ${q(name)}`];
  if (parts.length >= 2) conds.push(`table_schema = ${q(parts[parts.length - 2]!)}`);
  if (parts.length >= 3) conds.push(`table_catalog = ${q(parts[0]!)}`);
  return `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE ${conds.join(' AND ')} ORDER BY ordinal_position`;
}

/** Table and column names for completion, fetched quietly (a failure leaves keywords only). */
async function refreshNames(ctx: Context, conn: RuntimeConnection, opts: SqlOptions, state: State): Promise<void> {
  try {
    const res = await querySql(conn, "SELECT DISTINCT table_name, column_name FROM information_schema.columns WHERE table_schema <> 'information_schema'", { http: opts.http });
    const names = new Set<string>();
    for await (const batch of res.batches) for (const [t, c] of rowsOf(batch)) for (const v of [t, c]) if (typeof v === 'string') names.add(v);
    state.names = [...names].sort();
  } catch (e) {
    if (ctx.globals.verbose) ctx.out.info(`(no table names for completion: ${e instanceof Error ? e.message : String(e)})`);
  }
}

/** readline completer: the word under the cursor against keywords and names. */
export function complete(line: string, names: readonly string[]): [string[], string] {
  const word = /[A-Za-z0-9_."]*$/.exec(line)?.[0] ?? '';
  if (word === '') return [[], word];
  const lower = word.toLowerCase();
  const upper = word === word.toUpperCase();
  const keywords = KEYWORDS.filter((k) => k.toLowerCase().startsWith(lower)).map((k) => (upper ? k : k.toLowerCase()));
  const hits = [...new Set([...names.filter((n) => n.toLowerCase().startsWith(lower)), ...keywords])];
  return [hits, word];
}

async function loadHistory(path: string): Promise<string[]> {
  try {
    const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}

/** Appends a statement to the history file (0600); a line holding a known secret is never written. */
async function remember(path: string, ctx: Context, statement: string): Promise<void> {
  if (ctx.redactor.redact(statement) !== statement) return;
  try {
    await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
    await appendFile(path, `${statement}\n`, { mode: 0o600 });
    await chmod(path, 0o600);
  } catch {
    /* history is a convenience: a read-only config directory does not stop the prompt */
  }
}
