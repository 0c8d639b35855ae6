import type { Command } from 'commander';
import { examples, type Verb } from '../../cli.js';

export function registerOrgs(program: Command, verb: Verb): void {
  const orgs = program.command('orgs').description('organizations your credentials can act in (select one with --org)');
  examples(verb(orgs.command('list').alias('ls').description('list your organizations and your role in each'), () => import('./list.js')), [
    'spice-cloud orgs list',
    "spice-cloud orgs list --json | jq -r '.[].name'",
  ]);
}
