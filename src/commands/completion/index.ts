import { Argument, type Command } from 'commander';
import { examples, type Verb, notes } from '../../cli.js';
import { SHELLS } from './shells.js';

export function registerCompletion(program: Command, verb: Verb): void {
  const completion = program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .addArgument(new Argument('<shell>', 'the shell to complete for').choices([...SHELLS]));
  notes(completion, `
The scripts complete commands, flags, fixed flag values, and app names and regions
(asked from the API with a 2-second limit; nothing is shown if it does not answer).
Installed copies are also shipped in the package's completions/ directory.`);
  // The script walks the finished command tree, so the verb module gets the program.
  verb(completion, async () => (await import('./script.js')).verbFor(program));
  examples(completion, [
    '# bash: load in every new shell',
    "echo 'source <(spice-cloud completion bash)' >> ~/.bashrc",
    '# zsh: install on $fpath (before compinit runs)',
    'spice-cloud completion zsh > ~/.zfunc/_spice-cloud',
    '# fish',
    'spice-cloud completion fish > ~/.config/fish/completions/spice-cloud.fish',
    '# CI / packaging: generate the file at build time',
    'spice-cloud completion bash > "$DESTDIR/usr/share/bash-completion/completions/spice-cloud"',
  ]);

  // Called by the scripts: one candidate per line, silent on any failure.
  const complete = program
    .command('__complete', { hidden: true })
    .description('print completion candidates from the API (used by the completion scripts)')
    .argument('[source]', 'apps or regions')
    .allowExcessArguments(true)
    .allowUnknownOption(true);
  verb(complete, () => import('./complete.js'));
}
