import type { Command } from 'commander';
import { examples, type Verb } from '../../cli.js';

export function registerRegions(program: Command, verb: Verb): void {
  const regions = program.command('regions').description('list the regions apps can be created in');

  examples(
    verb(
      regions
        .command('list')
        .alias('ls')
        .description('list regions; the DEFAULT column (isDefault in JSON) marks the default')
        .option('--env <env>', 'prod or dev (API default: prod)'),
      () => import('./list.js'),
    ),
    [
      'spice-cloud regions list',
      'spice-cloud regions list --json | jq -r \'.[] | select(.isDefault) | .region\'',
      'spice-cloud regions list --json | jq -r \'.[] | select(.disabled | not) | .region\'',
    ],
  );
}
