import type { Command } from 'commander';
import { examples, type Verb } from '../../cli.js';
import { addRuntimeOptions } from '../shared/runtime-options.js';

export function registerModels(program: Command, verb: Verb): void {
  const models = program.command('models').description('models the app\'s runtime serves (for chat)');
  examples(
    verb(addRuntimeOptions(models.command('list').alias('ls').description('list the runtime\'s models with their status (Ready, Refreshing, Error)')), () => import('./list.js')),
    ['spice-cloud models list --app sales-data', '# CI: the names of the ready models', "spice-cloud models list --json | jq -r '.[] | select(.status == \"Ready\") | .id'"],
  );
}
