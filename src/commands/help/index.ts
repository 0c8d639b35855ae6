/**
 * `help [command...]` shows a command's help (what Commander's built-in help command did;
 * registering a command named `help` switches the built-in off), and `help <topic>` prints
 * a reference topic on stdout.
 */
import type { Command } from 'commander';
import { examples, type Verb } from '../../cli.js';
import { UsageError } from '../../errors.js';

export function registerHelp(program: Command, verb: Verb): void {
  const help = program
    .command('help')
    .argument('[command...]', 'command to show help for, e.g. `apps list`')
    .usage('[command...] | exit-codes | environment')
    .description('show help for a command, or a topic: exit-codes, environment')
    .action(async (path: string[]) => showCommandHelp(program, path));

  examples(
    verb(help.command('exit-codes').description('what each exit code means'), () => import('./exit-codes.js')),
    ['spice-cloud help exit-codes', 'spice-cloud help exit-codes --json | jq -r \'.[] | "\\(.code) \\(.meaning)"\''],
  );
  examples(
    verb(help.command('environment').alias('env').description('environment variables and credential precedence'), () => import('./environment.js')),
    ['spice-cloud help environment', 'spice-cloud help environment --json | jq -r \'.variables[].name\''],
  );
  examples(help, ['spice-cloud help apps list', 'spice-cloud help exit-codes']);
}

/** Prints the help of `program <path...>` on stdout (exit 0), or fails naming the unknown word. */
export async function showCommandHelp(program: Command, path: string[]): Promise<void> {
  let cmd = program;
  for (const word of path) {
    const next = cmd.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (!next) {
      const names = cmd.commands.map((c) => c.name());
      // At the top, the help topics are candidates too: `help exit-codez` → "exit-codes".
      if (cmd === program) names.push(...(program.commands.find((c) => c.name() === 'help')?.commands.map((c) => c.name()) ?? []));
      // Loaded only here: shared/app.js brings the link-file code (node:crypto, node:fs/promises)
      // into the entry chunk otherwise, and every run would pay for it.
      const { nearMatches } = await import('../shared/app.js');
      const near = nearMatches(word, names);
      const where = cmd === program ? '' : ` of "${commandPath(cmd)}"`;
      throw new UsageError(
        `unknown command "${word}"${where}`,
        near.length ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : `Run \`${commandPath(cmd)} --help\` for the list of commands.`,
      );
    }
    cmd = next;
  }
  cmd.help();
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}
