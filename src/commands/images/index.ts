import type { Command } from 'commander';
import { examples, type Verb } from '../../cli.js';

export function registerImages(program: Command, verb: Verb): void {
  const images = program.command('images').description('list Spice runtime container images');

  examples(
    verb(
      images
        .command('list')
        .alias('ls')
        .description('list runtime images; the DEFAULT column (isDefault in JSON) marks the default tag')
        .option('--channel <channel>', 'stable or enterprise (API default: stable)'),
      () => import('./list.js'),
    ),
    [
      'spice-cloud images list',
      'spice-cloud images list --channel enterprise',
      'spice-cloud images list --json | jq -r \'.[] | select(.isDefault) | .tag\'',
    ],
  );
}
