import type { Command } from 'commander';
import { examples, type Verb } from '../../cli.js';

export function registerLink(program: Command, verb: Verb): void {
  examples(
    verb(
      program
        .command('link')
        .argument('[app]', 'app name or numeric ID (on a terminal, pick from a list when omitted)')
        .description('bind this directory to an app, so per-app commands here need no --app (writes .spice/cloud.json)')
        .option('--status', 'show which app this directory uses and why (--app > SPICE_APP > link file); changes nothing'),
      () => import('./link.js'),
    ),
    [
      'spice-cloud link',
      'spice-cloud link sales-data',
      'spice-cloud link --status',
      '# CI: link by ID, then check it',
      'spice-cloud link 42 --json && spice-cloud link --status --json | jq -r .app_name',
    ],
  );

  examples(
    verb(program.command('unlink').description('remove the link of this directory (.spice/cloud.json)'), () => import('./unlink.js')),
    ['spice-cloud unlink', 'spice-cloud unlink --json'],
  );
}
