/**
 * The command tree as plain data: every visible command with its arguments, options,
 * description, notes and examples. `spice-cloud commands --json` prints it for tools, and
 * the man pages and docs/commands/ are rendered from it (src/docs/render.ts), so all three
 * describe the same tree the CLI parses.
 */
import type { Command, Option } from 'commander';
import { examplesOf, notesOf } from '../cli.js';

export interface OptionDoc {
  /** As declared: `-a, --app <app>`. */
  flags: string;
  short: string | null;
  long: string | null;
  description: string;
  /** The value the option takes (`<app>` → { name: 'app', required: true }), or null for a switch. */
  value: { name: string; required: boolean; variadic: boolean } | null;
  default: unknown;
  choices: string[] | null;
  repeatable: boolean;
}

export interface ArgumentDoc {
  name: string;
  description: string;
  required: boolean;
  variadic: boolean;
  choices: string[] | null;
}

export interface CommandDoc {
  /** Full invocation: "spice-cloud apps list". */
  path: string;
  name: string;
  aliases: string[];
  description: string;
  usage: string;
  arguments: ArgumentDoc[];
  options: OptionDoc[];
  notes: string[];
  examples: string[];
  commands: CommandDoc[];
}

export interface TreeDoc {
  name: string;
  description: string;
  /** Accepted by every command. */
  globalOptions: OptionDoc[];
  commands: CommandDoc[];
}

export function describeTree(program: Command): TreeDoc {
  const help = program.createHelp();
  const globalOptions = help
    .visibleOptions(program)
    .filter((o) => o.long !== '--help')
    .map(optionDoc);
  const walk = (cmd: Command, path: string): CommandDoc => ({
    path,
    name: cmd.name(),
    aliases: cmd.aliases(),
    description: cmd.description(),
    usage: `${path} ${cmd.usage()}`.trim(),
    arguments: cmd.registeredArguments.map((a) => ({
      name: a.name(),
      description: a.description,
      required: a.required,
      variadic: a.variadic,
      choices: a.argChoices ? [...a.argChoices] : null,
    })),
    options: help
      .visibleOptions(cmd)
      .filter((o) => o.long !== '--help')
      .map(optionDoc),
    notes: [...notesOf(cmd)],
    examples: [...examplesOf(cmd)],
    commands: visible(cmd).map((c) => walk(c, `${path} ${c.name()}`)),
  });
  return {
    name: program.name(),
    description: program.description(),
    globalOptions,
    commands: visible(program).map((c) => walk(c, `${program.name()} ${c.name()}`)),
  };
}

/** Declared, non-hidden subcommands (not Commander's implicit `help [command]`). */
function visible(cmd: Command): Command[] {
  return cmd.commands.filter((c) => !(c as unknown as { _hidden?: boolean })._hidden);
}

function optionDoc(o: Option): OptionDoc {
  const m = /[<[]([^>\]]+)[>\]]/.exec(o.flags);
  const name = m?.[1] ?? '';
  return {
    flags: o.flags,
    short: o.short ?? null,
    long: o.long ?? null,
    description: o.description,
    value: o.required || o.optional ? { name: name.replace(/\.\.\.$/, ''), required: o.required, variadic: o.variadic } : null,
    default: o.defaultValue ?? null,
    choices: o.argChoices ? [...o.argChoices] : null,
    // Repeatable options collect into an array (shared/parse.ts `collect`).
    repeatable: /\(repeatable/.test(o.description),
  };
}

/** Every command, depth first. */
export function flatten(tree: TreeDoc): CommandDoc[] {
  const out: CommandDoc[] = [];
  const visit = (c: CommandDoc) => {
    out.push(c);
    c.commands.forEach(visit);
  };
  tree.commands.forEach(visit);
  return out;
}
