/** `spice-cloud commands`: the command tree; a path + description list, or the whole tree as JSON. */
import type { Command } from 'commander';
import type { RawInput, VerbModule } from '../../cli.js';
import type { Context } from '../../context.js';
import { describeTree, flatten, type CommandDoc } from '../../docs/tree.js';
import type { Column } from '../../output/writer.js';

export type CommandsOptions = Record<string, never>;

const COLUMNS: Column<CommandDoc>[] = [
  { header: 'Command', get: (c) => c.path },
  { header: 'Description', get: (c) => c.description, overflow: 'wrap' },
];

export function parse(_raw: RawInput): CommandsOptions {
  return {};
}

export async function run(_opts: CommandsOptions, ctx: Context, program: Command): Promise<void> {
  const tree = describeTree(program);
  if (ctx.out.jsonMode) return ctx.out.json(tree);
  await ctx.out.list(flatten(tree), COLUMNS);
}

export function verbFor(program: Command): VerbModule<CommandsOptions> {
  return { parse, run: (opts, ctx) => run(opts, ctx, program) };
}
