import { Option, type Command } from 'commander';
import { examples, yesOption, type Verb } from '../../cli.js';

export function registerApps(program: Command, verb: Verb): void {
  const apps = program.command('apps').description('create, inspect, update and delete apps');

  examples(
    verb(apps.command('list').alias('ls').description('list apps'), () => import('./list.js')),
    ['spice-cloud apps list', 'spice-cloud apps list --json | jq -r \'.[].name\''],
  );
}
