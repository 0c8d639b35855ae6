import type { Command } from 'commander';
import { examples, notes, type Verb } from '../../cli.js';

export function registerCommands(program: Command, verb: Verb): void {
  const commands = program.command('commands').description('list every command; --json prints the whole tree (arguments, flags, descriptions) for tools');
  notes(
    commands,
    `The same tree generates the man pages (man/spice-cloud*.1) and the Markdown reference
(docs/commands/) shipped in the package.`,
  );
  // The tree is read from the finished program, so the verb module gets it.
  verb(commands, async () => (await import('./list.js')).verbFor(program));
  examples(commands, [
    'spice-cloud commands',
    '# every flag of every command, for an editor plugin or a wrapper script',
    "spice-cloud commands --json --jq '.. | objects | select(.path?) | .path'",
  ]);
}
