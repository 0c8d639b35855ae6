/** `completion <shell>`: prints the script generated from the live command tree. */
import type { Command } from 'commander';
import type { RawInput, VerbModule } from '../../cli.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { oneOf } from '../shared/parse.js';
import { completionScript, SHELLS, type Shell } from './generate.js';

export interface ScriptOptions {
  shell: Shell;
}

export function parse(raw: RawInput): ScriptOptions {
  const shell = oneOf(raw.args[0], 'shell', SHELLS);
  if (!shell) throw new UsageError(`a shell is required: ${SHELLS.join(', ')}`);
  return { shell };
}

export async function run(opts: ScriptOptions, ctx: Context, program: Command): Promise<void> {
  const script = completionScript(opts.shell, program);
  if (ctx.out.jsonMode) ctx.out.json({ shell: opts.shell, script });
  else ctx.out.line(script.replace(/\n$/, ''));
}

export function verbFor(program: Command): VerbModule<ScriptOptions> {
  return { parse, run: (opts, ctx) => run(opts, ctx, program) };
}
