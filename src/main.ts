/**
 * The entry point, and the only module that touches `process`: it reads argv, env and
 * the standard streams, wires Ctrl-C to an AbortSignal, runs the command tree, prints
 * any error once (one line, plus a hint; JSON with --json) and returns the exit code.
 */
import { CommanderError, type Command } from 'commander';
import { Canceller } from './abort.js';
import { createProgram, type Loader, type RawInput } from './cli.js';
import { nounsFor, verbFor } from './commands/index.js';
import type { Context, ContextDeps, Env, Globals } from './context.js';
import { errorAnnotation, isGitHubActions } from './ci/github.js';
import { parseFieldList } from './output/fields.js';
import { OUTPUT_FORMATS } from './output/format.js';
import { CliError, DeclinedError, ExitCode, InterruptedError, UsageError } from './errors.js';
import { systemIO, type IO, type SystemStreams } from './io.js';
import { Redactor } from './output/mask.js';
import { safeJson, safeLines, safeText } from './output/sanitize.js';
import { parseDuration } from './output/time.js';
import { helpWidth, wrapHelp } from './output/wrap-help.js';
import { VERSION } from './version.js';

export interface Process extends SystemStreams {
  env: Env;
  cwd(): string;
  on(event: 'SIGINT' | 'SIGTERM', fn: () => void): unknown;
  exit(code: number): never;
}

/** Test seams for in-process runs (unit tests of the wiring). */
export type Overrides = Partial<Pick<ContextDeps, 'dispatcher' | 'prompter' | 'configStore' | 'clock' | 'maxRetries'>> & { io?: IO };

export async function main(argv: string[], proc: Process, overrides: Overrides = {}): Promise<number> {
  const env = proc.env;
  const noColorFlag = argv.includes('--no-color');
  const io = overrides.io ?? systemIO(proc, env, noColorFlag);
  const controller = new Canceller();
  let interrupts = 0;
  const onSignal = () => {
    if (++interrupts > 1) proc.exit(ExitCode.interrupted);
    controller.abort(new InterruptedError());
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);
  // `spice-cloud … | head`: once the reader is gone, stop quietly instead of crashing on EPIPE.
  if (!overrides.io) {
    proc.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') proc.exit(ExitCode.ok);
      throw e;
    });
  }

  let ctx: Context | undefined;
  let jsonErrors = argv.includes('--json');
  // For GitHub Actions annotations: the command that ran ("spice-cloud deploy").
  let commandPath = 'spice-cloud';
  const runtime = {
    async run(loader: Loader, command: Command) {
      commandPath = pathOf(command);
      const all = command.optsWithGlobals();
      const globals = readGlobals(all, env);
      // Errors are JSON when JSON was asked for by name; --jq and --fields alone keep them plain.
      jsonErrors = all.json === true || globals.format === 'json' || globals.format === 'ndjson';
      // The context (API client, config store, output) loads with the verb: --help,
      // --version and commander's usage errors never pay for it.
      const [mod, { createContext }] = await Promise.all([loader(), import('./context.js')]);
      const raw: RawInput = { args: command.processedArgs, opts: command.opts(), env };
      const opts = mod.parse(raw);
      ctx = await createContext({
        io,
        env,
        cwd: proc.cwd(),
        version: VERSION,
        nodeVersion: process.versions.node,
        platform: process.platform,
        globals,
        signal: controller.signal,
        ...overrides,
      });
      // --jq is compiled before the command sends anything; its output is flushed after.
      await ctx.out.prepare();
      try {
        await mod.run(opts, ctx);
      } catch (e) {
        await ctx.out.flush().catch(() => {});
        throw e;
      }
      await ctx.out.flush();
    },
  };

  const width = helpWidth(io.width);
  const program = createProgram(
    runtime,
    VERSION,
    nounsFor(argv),
    {
      writeOut: (s) => io.stdout.write(wrapHelp(s, width)),
      writeErr: (s) => io.stderr.write(wrapHelp(s, width)),
    },
    verbFor(argv),
  );
  try {
    await program.parseAsync(argv, { from: 'user' });
    return ExitCode.ok;
  } catch (e) {
    // A terminal echoes Ctrl-C as `^C` without a newline: say what happened on a line of its own.
    if (interrupts > 0 && io.isStderrTTY) io.stderr.write('\n');
    const annotate = isGitHubActions(env) ? commandPath : undefined;
    const err = e instanceof CommanderError ? usageFromCommander(e, program, argv) : e;
    return report(err, io, jsonErrors, ctx?.redactor ?? new Redactor(), argv.includes('--verbose'), annotate);
  }
}

/**
 * Commander's usage errors as ours: the hint names the real command (`spice-cloud apps
 * --help`, never a `<command>` placeholder), and a suggestion names each command once,
 * not once per alias (`list`, not `list, ls`).
 */
function usageFromCommander(e: CommanderError, program: Command, argv: string[]): CommanderError | UsageError {
  if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return e;
  // The deepest command the words name: where the error happened.
  let cmd = program;
  for (const word of argv) {
    if (word.startsWith('-')) continue;
    const next = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) break;
    cmd = next;
  }
  const [first = '', ...rest] = e.message.replace(/^error: /, '').split('\n');
  let suggestion = rest.join(' ').match(/^\((Did you mean .+)\)$/)?.[1];
  if (suggestion && e.code === 'commander.unknownCommand') {
    const words = suggestion.replace(/^Did you mean (one of )?/, '').replace(/\?$/, '').split(/,\s*/);
    const names = [...new Set(words.map((w) => cmd.commands.find((c) => c.name() === w || c.aliases().includes(w))?.name() ?? w))];
    suggestion = `Did you mean ${names.join(' or ')}?`;
  }
  return new UsageError(first, suggestion ?? `Run \`${pathOf(cmd)} --help\` for the usage.`);
}


function readGlobals(o: Record<string, unknown>, env: Env): Globals {
  let timeoutMs: number | undefined;
  const timeout = o.timeout ?? env.SPICE_TIMEOUT;
  if (typeof timeout === 'string') {
    timeoutMs = parseDuration(timeout);
    if (timeoutMs === undefined || timeoutMs <= 0) throw new UsageError(`invalid --timeout ${JSON.stringify(timeout)}: use a duration such as 30s, 2m or 1h`);
  }
  let format: Globals['format'];
  if (typeof o.format === 'string') {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(o.format)) throw new UsageError(`invalid --format ${JSON.stringify(o.format)}: use one of ${OUTPUT_FORMATS.join(', ')}`);
    format = o.format as Globals['format'];
  }
  const jq = typeof o.jq === 'string' ? o.jq : undefined;
  if (jq !== undefined && jq.trim() === '') throw new UsageError('--jq needs a jq expression, e.g. --jq \'.[].name\'');
  const jsonish = format === undefined || format === 'json' || format === 'ndjson';
  if (jq !== undefined && !jsonish) throw new UsageError(`--jq filters JSON; it cannot be combined with --format ${format}`, 'Use --format json or ndjson, or leave out --format.');
  if (o.json === true && !jsonish) throw new UsageError(`--json and --format ${format} ask for different output; choose one`);
  const fields = typeof o.fields === 'string' ? parseFieldList(o.fields) : undefined;
  return {
    json: o.json === true || format === 'json' || format === 'ndjson' || jq !== undefined || (fields !== undefined && format === undefined),
    format,
    jq,
    fields,
    headers: o.headers !== false,
    verbose: o.verbose === true || env.SPICE_DEBUG === 'api',
    color: o.color !== false,
    input: o.input !== false && !truthy(env.SPICE_NO_INPUT),
    apiUrl: typeof o.apiUrl === 'string' ? o.apiUrl : undefined,
    profile: typeof o.profile === 'string' ? o.profile : undefined,
    org: typeof o.org === 'string' ? o.org : undefined,
    timeoutMs,
  };
}

function pathOf(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function truthy(v: string | undefined): boolean {
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

/**
 * Prints an error once and picks the exit code. Never a stack trace unless --verbose.
 * `annotate` (GitHub Actions): also one `::error` workflow command, titled with it.
 */
function report(e: unknown, io: IO, json: boolean, redactor: Redactor, verbose: boolean, annotate?: string): number {
  if (e instanceof CommanderError) return ExitCode.ok; // help and version (usageFromCommander converted the rest)
  const err =
    e instanceof CliError
      ? e
      : new CliError(`unexpected error: ${e instanceof Error ? e.message : String(e)}`, ExitCode.error, { code: 'internal' });
  if (err.message === '' && err.code === 'silent') {
    // The command printed its own failures (e.g. one line per secret); annotate the run once.
    if (annotate) io.stderr.write(errorAnnotation(`${annotate} failed (exit ${err.exitCode})`, 'see the lines above in the log'));
    return err.exitCode;
  }
  // Redact the whole text first, then keep one line; server words in it are shown escaped (sanitize.ts).
  const message = redactor.redact(err.message).split('\n')[0] ?? '';
  const hint = err.hint ? redactor.redact(err.hint).replace(/\s*\n\s*/g, ' ') : undefined;
  if (err instanceof DeclinedError && !json) {
    // Declining is an answer, not an error: one plain line (exit 10).
    io.stderr.write(`${safeText(message)}\n`);
    return err.exitCode;
  }
  if (json) {
    io.stderr.write(`${safeJson(JSON.stringify({ error: { status: err.status ?? null, code: err.code ?? null, message, hint: hint ?? null } }))}\n`);
  } else {
    io.stderr.write(`error: ${safeText(message)}\n`);
    if (hint) io.stderr.write(`hint: ${safeText(hint)}\n`);
  }
  if (annotate) io.stderr.write(errorAnnotation(`${annotate} failed (exit ${err.exitCode})`, hint ? `${safeText(message)}\n${safeText(hint)}` : safeText(message)));
  if (verbose && !(e instanceof CliError) && e instanceof Error && e.stack) io.stderr.write(`${safeLines(redactor.redact(e.stack))}\n`);
  return err.exitCode;
}
