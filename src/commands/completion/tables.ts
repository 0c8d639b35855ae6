/**
 * The lookup tables every shell script embeds, independent of shell syntax: which word
 * names which subcommand, which options take a value and what that value completes to,
 * and what each positional argument completes to.
 *
 * A value "kind" is a string the scripts switch on: '' takes no value, `@any` free text,
 * `@file` a path, `@apps`/`@regions` names from `__complete`, anything else a
 * space-separated list of words.
 */
import { everyCommand, flagsOf, type ProgramSpec, type Values } from './spec.js';

export interface ChildRow {
  parent: string;
  /** The name and its aliases. */
  words: string[];
  path: string;
}

export interface OptArgRow {
  path: string;
  flags: string[];
  kind: string;
}

export interface ArgRow {
  path: string;
  index: number;
  /** Also matches every later position. */
  variadic: boolean;
  kind: string;
}

export interface Tables {
  children: ChildRow[];
  /** Value-taking global options (valid at every path). */
  globalOptArgs: Array<{ flags: string[]; kind: string }>;
  optArgs: OptArgRow[];
  args: ArgRow[];
}

const SAFE_WORD = /^[A-Za-z0-9._:+@%-]+$/;

export function kindOf(v: Values): string {
  switch (v.type) {
    case 'none':
      return '';
    case 'any':
      return '@any';
    case 'file':
      return '@file';
    case 'dynamic':
      return `@${v.source}`;
    case 'words': {
      // Embedded in shell code: keep only plain words (quoting is still applied on top).
      const words = v.words.filter((w) => SAFE_WORD.test(w) && !w.startsWith('@'));
      return words.length ? words.join(' ') : '@any';
    }
  }
}

export function buildTables(spec: ProgramSpec): Tables {
  const children: ChildRow[] = [];
  const optArgs: OptArgRow[] = [];
  const args: ArgRow[] = [];
  for (const cmd of everyCommand(spec)) {
    for (const child of cmd.commands) children.push({ parent: cmd.path, words: [child.name, ...child.aliases], path: child.path });
    for (const o of cmd.options) {
      const kind = kindOf(o.values);
      if (kind) optArgs.push({ path: cmd.path, flags: flagsOf(o), kind });
    }
    cmd.args.forEach((a, index) => args.push({ path: cmd.path, index, variadic: a.variadic, kind: kindOf(a.values) }));
  }
  const globalOptArgs = spec.globals.map((o) => ({ flags: flagsOf(o), kind: kindOf(o.values) })).filter((g) => g.kind !== '');
  return { children, globalOptArgs, optArgs, args };
}

/** Identifier-safe prefix for shell function names: `spice-cloud` -> `__spice_cloud`. */
export function funcPrefix(programName: string): string {
  return `__${programName.replace(/[^A-Za-z0-9]/g, '_')}`;
}
