import { Option, type Command } from 'commander';
import { examples, yesOption, type Verb } from '../../cli.js';
import { collect } from '../shared/parse.js';

const MEMBER_ARG = 'user ID, or username (case-insensitive; @name for an all-digit username)';

const roleOption = (desc: string) => new Option('-r, --role <role>', desc).argParser(collect);

export function registerMembers(program: Command, verb: Verb): void {
  const members = program.command('members').description('list and manage the members of the organization (select it with --org)');

  examples(
    verb(members.command('list').alias('ls').description('list members with their roles'), () => import('./list.js')),
    ['spice-cloud members list', "spice-cloud members list --org acme --json | jq -r '.[] | select(.roles | index(\"admin\")) | .username'"],
  );

  examples(
    verb(members.command('get').description('show one member').argument('<member>', MEMBER_ARG), () => import('./get.js')),
    ['spice-cloud members get alice', 'spice-cloud members get 42 --json | jq -r .roles[]'],
  );

  examples(
    verb(
      members
        .command('add')
        .description('add a user (they must have signed in to Spice.ai once) to the organization')
        .argument('<username>', 'their Spice.ai username')
        .addOption(roleOption('role to grant: admin, member, viewer or billing (repeatable; default: member)')),
      () => import('./add.js'),
    ),
    ['spice-cloud members add alice --role admin', 'spice-cloud members add bob --role viewer --role billing --json | jq .user_id'],
  );

  examples(
    verb(
      members
        .command('update')
        .description("replace a member's roles (the owner cannot be changed)")
        .argument('<member>', MEMBER_ARG)
        .addOption(roleOption('the new role set: admin, member, viewer or billing (repeatable; required)')),
      () => import('./update.js'),
    ),
    ['spice-cloud members update alice --role member', 'spice-cloud members update 42 --role viewer --role billing --json'],
  );

  examples(
    verb(
      members
        .command('remove')
        .alias('rm')
        .description('remove a member from the organization (the owner cannot be removed)')
        .argument('<member>', MEMBER_ARG)
        .addOption(yesOption()),
      () => import('./remove.js'),
    ),
    ['spice-cloud members remove alice', '# CI: no prompt', 'spice-cloud members remove 42 --yes --json'],
  );
}
