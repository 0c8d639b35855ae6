/**
 * The command tree as plain data for the completion generators: every visible command
 * with its aliases, options and positional arguments, and what each value can be.
 * Reading the real Commander tree keeps the scripts in step with the commands.
 */
import type { Argument, Command, Option } from 'commander';
import { DEPLOYMENT_STATUSES } from '../../api/types.js';
import { OUTPUT_FORMATS } from '../../output/format.js';

/** What a value completes to: nothing, files, names from the API, or a fixed list. */
export type Values =
  | { type: 'none' }
  | { type: 'any' }
  | { type: 'file' }
  | { type: 'dynamic'; source: DynamicSource }
  | { type: 'words'; words: string[] };

export type DynamicSource = 'apps' | 'regions';
export const DYNAMIC_SOURCES: readonly DynamicSource[] = ['apps', 'regions'];

export interface OptionSpec {
  short?: string | undefined;
  long?: string | undefined;
  description: string;
  values: Values;
}

export interface ArgSpec {
  name: string;
  variadic: boolean;
  values: Values;
}

export interface CommandSpec {
  /** Canonical path below the root, words joined by spaces ('' for the root). */
  path: string;
  name: string;
  aliases: string[];
  description: string;
  options: OptionSpec[];
  args: ArgSpec[];
  commands: CommandSpec[];
}

export interface ProgramSpec {
  name: string;
  root: CommandSpec;
  /** Accepted after any subcommand (Commander reads program options anywhere). */
  globals: OptionSpec[];
}

/** Flags with a fixed set of values, used when the option does not declare `.choices()`. */
const FIXED: Record<string, readonly string[]> = {
  '--visibility': ['public', 'private'],
  '--status': DEPLOYMENT_STATUSES,
  '--channel': ['stable', 'enterprise'],
  '--update-channel': ['stable', 'preview', 'nightly'],
  '--env': ['prod', 'dev'],
  '--role': ['owner', 'admin', 'member', 'viewer'],
  '--shell': ['bash', 'zsh', 'fish'],
  '--method': ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  '--format': OUTPUT_FORMATS,
};

/** Options and arguments whose values the API knows. */
const DYNAMIC: Record<string, DynamicSource> = { '--app': 'apps', '--region': 'regions', app: 'apps', region: 'regions' };

export function describeProgram(program: Command): ProgramSpec {
  const help = program.createHelp();
  const rootOptions = help.visibleOptions(program);
  const isHelp = (o: Option) => o.long === '--help';
  const isVersion = (o: Option) => o.long === '--version';
  const globals = rootOptions.filter((o) => !isVersion(o)).map(optionSpec);
  const walk = (cmd: Command, path: string[]): CommandSpec => ({
    path: path.join(' '),
    name: cmd.name(),
    aliases: cmd.aliases(),
    description: firstLine(cmd.description()),
    options: (path.length === 0 ? rootOptions.filter(isVersion) : help.visibleOptions(cmd).filter((o) => !isHelp(o))).map(optionSpec),
    args: cmd.registeredArguments.map(argSpec),
    commands: help
      .visibleCommands(cmd)
      .filter((c) => c.name() !== 'help' || cmd.commands.includes(c)) // Commander's implicit `help [command]`
      .map((c) => walk(c, [...path, c.name()])),
  });
  return { name: program.name(), root: walk(program, []), globals };
}

function optionSpec(o: Option): OptionSpec {
  return { short: o.short, long: o.long, description: firstLine(o.description), values: optionValues(o) };
}

function optionValues(o: Option): Values {
  if (!o.required && !o.optional) return { type: 'none' };
  if (o.argChoices?.length) return { type: 'words', words: [...o.argChoices] };
  const long = o.long ?? '';
  const dynamic = DYNAMIC[long];
  if (dynamic) return { type: 'dynamic', source: dynamic };
  const fixed = FIXED[long];
  if (fixed) return { type: 'words', words: [...fixed] };
  return /file|path|dir/i.test(placeholder(o.flags)) ? { type: 'file' } : { type: 'any' };
}

function argSpec(a: Argument): ArgSpec {
  const name = a.name();
  let values: Values;
  if (a.argChoices?.length) values = { type: 'words', words: [...a.argChoices] };
  else if (DYNAMIC[name]) values = { type: 'dynamic', source: DYNAMIC[name] };
  else if (/file|dir/i.test(name)) values = { type: 'file' }; // not "path": `api <path>` is an API route
  else values = { type: 'any' };
  return { name, variadic: a.variadic, values };
}

function placeholder(flags: string): string {
  return /[<[]([^>\]]+)[>\]]/.exec(flags)?.[1] ?? '';
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').trim();
}

/** Every command below the root, depth first (the root is not included). */
export function allCommands(spec: ProgramSpec): CommandSpec[] {
  const out: CommandSpec[] = [];
  const visit = (c: CommandSpec) => {
    for (const child of c.commands) {
      out.push(child);
      visit(child);
    }
  };
  visit(spec.root);
  return out;
}

/** Every command including the root. */
export function everyCommand(spec: ProgramSpec): CommandSpec[] {
  return [spec.root, ...allCommands(spec)];
}

/** The flags of an option (`-a`, `--app`). */
export function flagsOf(o: OptionSpec): string[] {
  return [o.short, o.long].filter((f): f is string => Boolean(f));
}

/** Options whose values say which account and API the dynamic lookups should use. */
export const PASS_THROUGH = ['--profile', '--api-url', '--org'];
