import type { Command } from 'commander';
import { examples, type Verb } from '../../cli.js';
import { addRuntimeOptions } from '../shared/runtime-options.js';

export function registerDatasets(program: Command, verb: Verb): void {
  const datasets = program.command('datasets').description('datasets the app\'s runtime serves');
  examples(
    verb(addRuntimeOptions(datasets.command('list').alias('ls').description('list the runtime\'s datasets with their status (Ready, Refreshing, Error)')), () => import('./list.js')),
    [
      'spice-cloud datasets list --app sales-data',
      "# CI: fail unless every dataset is Ready",
      "spice-cloud datasets list --json | jq -e 'all(.[]; .status == \"Ready\")'",
    ],
  );
}
