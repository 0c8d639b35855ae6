/**
 * The command tree. Each noun's `index.ts` declares its verbs (names, flags, help,
 * examples) and lazy-loads the verb module only when that verb runs, so `--help` and
 * `--version` never pay for undici, prompts or the emulator.
 *
 * A verb module exports `parse(raw)` (validate flags and arguments into typed options;
 * throws UsageError before anything is sent) and `run(opts, ctx)`.
 */
import { Command, Option } from 'commander';
import type { Context, Env } from './context.js';

export interface RawInput {
  /** Positional arguments, as Commander parsed them (variadic ones are arrays). */
  args: unknown[];
  /** The command's own options (camelCase). */
  opts: Record<string, unknown>;
  env: Env;
}

export interface VerbModule<O = unknown> {
  parse(raw: RawInput): O;
  run(opts: O, ctx: Context): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loader = () => Promise<VerbModule<any>>;

/** Supplied by main.ts: builds the context and runs a verb. */
export interface Runtime {
  run(loader: Loader, command: Command): Promise<void>;
}

/** Attach a lazily loaded verb to a command. */
export type Verb = (cmd: Command, loader: Loader) => Command;

const exampleLines = new WeakMap<Command, string[]>();
const noteTexts = new WeakMap<Command, string[]>();

/** The examples a command declared (for `commands --json` and the generated docs). */
export function examplesOf(cmd: Command): readonly string[] {
  return exampleLines.get(cmd) ?? [];
}

/** The note paragraphs a command declared with `notes()`. */
export function notesOf(cmd: Command): readonly string[] {
  return noteTexts.get(cmd) ?? [];
}

export function examples(cmd: Command, lines: string[]): Command {
  exampleLines.set(cmd, lines);
  return cmd.addHelpText('after', `\nExamples:\n${lines.map((l) => (l.startsWith('#') ? `  ${l}` : `  $ ${l}`)).join('\n')}\n`);
}

/**
 * Notes after a command's options: paragraphs separated by blank lines, each printed as
 * one line that the help wrapper (wrap-help.ts) wraps at the terminal's width, so the
 * source may break lines anywhere.
 */
export function notes(cmd: Command, text: string): Command {
  const paragraphs = text.trim().split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' '));
  noteTexts.set(cmd, [...(noteTexts.get(cmd) ?? []), ...paragraphs]);
  return cmd.addHelpText('after', `\n${paragraphs.join('\n\n')}`);
}

/** A group (`apps`, `keys`, …) without examples of its own shows the first of each verb's. */
function groupExamples(group: Command): void {
  if (exampleLines.has(group)) return;
  const firsts = group.commands.map((c) => exampleLines.get(c)?.find((l) => !l.startsWith('#'))).filter((l): l is string => l !== undefined);
  if (firsts.length > 0) examples(group, firsts);
}

/** `-a, --app <app>` with the documented fallbacks. */
export function appOption(): Option {
  return new Option('-a, --app <app>', 'app name or numeric ID (default: $SPICE_APP, then the linked app)');
}

export function yesOption(): Option {
  return new Option('-y, --yes', 'skip the confirmation prompt (required when not on a terminal)');
}

/** A width no help line reaches: Commander then leaves the wrapping to wrap-help.ts. */
const UNWRAPPED = 100_000;

export interface ProgramOutput {
  writeOut(s: string): void;
  writeErr(s: string): void;
}

/**
 * The command tree for `nouns`. With `onlyVerb` (the verb the command line names, main.ts
 * via verbFor), a noun builds that verb alone, with all its options and help, and a
 * stand-in that keeps nothing for each of its other verbs: `apps create` alone declares
 * twenty options, more work than `apps list` needs to run. A noun whose named verb was
 * not built (an alias such as `apps ls`, known only once its verb is; a typo, whose
 * suggestion lists every verb; `apps help list`) is built again whole, so help, usage
 * errors and suggestions are those of the full tree (test/unit/commands/noun-selection.test.ts).
 */
export function createProgram(
  rt: Runtime,
  version: string,
  nouns: Array<(program: Command, verb: Verb) => void>,
  output: ProgramOutput,
  onlyVerb?: string,
): Command {
  if (onlyVerb !== undefined) {
    const program = buildProgram(rt, version, nouns, output, onlyVerb);
    const partial = program.commands.filter((c): c is OneVerbNoun => c instanceof OneVerbNoun && c.skipped > 0);
    if (partial.every((noun) => noun.commands.some((c) => c.name() === onlyVerb || c.aliases().includes(onlyVerb)))) return program;
  }
  return buildProgram(rt, version, nouns, output);
}

/** The program, whose nouns are OneVerbNouns when a verb is named. */
class Program extends Command {
  constructor(private readonly onlyVerb: string | undefined) {
    super('spice-cloud');
  }

  override createCommand(name?: string): Command {
    return this.onlyVerb === undefined ? new Command(name) : new OneVerbNoun(name, this.onlyVerb);
  }
}

/** A noun that builds only the verb `onlyVerb`; its other verbs are stand-ins (createProgram). */
class OneVerbNoun extends Command {
  skipped = 0;

  constructor(
    name: string | undefined,
    private readonly onlyVerb: string,
  ) {
    super(name);
  }

  override createCommand(name?: string): Command {
    return new Command(name);
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override command(nameAndArgs: string, ...rest: any[]): any {
    if (nameAndArgs.split(' ', 1)[0] === this.onlyVerb) return super.command(nameAndArgs, ...rest);
    this.skipped++;
    return standIn();
  }
}

/** A verb that is not built: every builder method (option, description, action…) returns it and keeps nothing. */
function standIn(): Command {
  const stub: Command = new Proxy(Object.create(null) as Command, { get: (_target, key) => (key === 'then' ? undefined : () => stub) });
  return stub;
}

function buildProgram(rt: Runtime, version: string, nouns: Array<(program: Command, verb: Verb) => void>, output: ProgramOutput, onlyVerb?: string): Command {
  const program = new Program(onlyVerb)
    .description('Manage Spice.ai Cloud apps, deployments, secrets, API keys and members.')
    .version(version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--json', 'print JSON on stdout (errors as JSON on stderr)')
    .option('--format <format>', 'output format: table, tsv, csv, json or ndjson (default: table on a terminal, tsv when piped)')
    .option('--no-headers', 'leave out the header row of tables and CSV (piped TSV never has one)')
    .option('--jq <expr>', 'filter the JSON output with a jq expression (built in; strings print raw, like jq -r)')
    .option('--fields <list>', 'keep only these JSON fields, comma-separated (e.g. id,name); JSON unless --format says otherwise')
    .option('--api-url <url>', 'Management API URL (default: $SPICE_API_URL or https://api.spice.ai)')
    .option('--profile <name>', 'stored profile to use (default: $SPICE_PROFILE or "default")')
    .option('--org <name>', 'organization to act in, sent as X-Org-Name (default: $SPICE_ORG)')
    .option('--timeout <duration>', 'give up after this long, retries included (e.g. 30s, 2m; default 2m)')
    .option('--verbose', 'trace HTTP requests and responses on stderr (credentials redacted)')
    .option('--no-color', 'disable colour (also NO_COLOR)')
    .option('--no-input', 'never prompt; fail with exit 9 where input is needed (also SPICE_NO_INPUT)')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true });
  // Subcommands copy these settings when created, so set them before registering nouns.
  program.exitOverride();
  // Usage errors are printed by main.ts like every other error (one line + hint, or JSON).
  // Help is rendered unwrapped here; main.ts (and bin/ for a lone --help) wrap it at the
  // terminal's real width between words (src/output/wrap-help.ts).
  program.configureOutput({
    writeOut: output.writeOut,
    writeErr: output.writeErr,
    outputError: () => {},
    getOutHelpWidth: () => UNWRAPPED,
    getErrHelpWidth: () => UNWRAPPED,
  });
  program.addHelpText(
    'after',
    `\nMore help:\n  spice-cloud <command> --help     options and examples of a command\n  spice-cloud help exit-codes      what each exit code means\n  spice-cloud help environment     environment variables and credential precedence\n`,
  );

  const verb: Verb = (cmd, loader) =>
    cmd.action(async function (this: Command) {
      await rt.run(loader, this);
    });
  for (const register of nouns) register(program, verb);
  for (const cmd of program.commands) if (cmd.commands.length > 0) groupExamples(cmd);
  return program;
}
