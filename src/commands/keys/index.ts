import { Option, type Command } from 'commander';
import { appOption, examples, notes, yesOption, type Verb } from '../../cli.js';

const revealOption = () => new Option('--reveal', 'print the keys in clear (they grant data access: keep them out of logs and shell history)');

export function registerKeys(program: Command, verb: Verb): void {
  const keys = program
    .command('keys')
    .description("show, regenerate and rotate an app's runtime API keys (masked unless --reveal)");

  examples(
    verb(
      keys
        .command('get')
        .description('show the primary and secondary API keys (masked to their last 4 characters unless --reveal)')
        .addOption(appOption())
        .addOption(new Option('--primary', 'print only the primary key as a bare line, for scripts (needs --reveal)'))
        .addOption(new Option('--secondary', 'print only the secondary key as a bare line, for scripts (needs --reveal)'))
        .addOption(revealOption()),
      () => import('./get.js'),
    ),
    [
      'spice-cloud keys get --app sales-data',
      '# CI: hand the primary key to a secret store without echoing it',
      'spice-cloud keys get -a sales-data --primary --reveal | gh secret set SPICE_API_KEY',
      'SPICE_APP=sales-data spice-cloud keys get --json | jq -r .api_key   # masked: ••••abcd',
    ],
  );

  examples(
    verb(
      keys
        .command('regenerate')
        .description('replace one or both API keys; the old key stops working at once (see `keys rotate` for zero downtime)')
        .addOption(appOption())
        .addOption(new Option('--primary', 'regenerate the primary key (key 1; the default)'))
        .addOption(new Option('--secondary', 'regenerate the secondary key (key 2)'))
        .addOption(new Option('--both', 'regenerate both keys'))
        .addOption(revealOption())
        .addOption(yesOption()),
      () => import('./regenerate.js'),
    ),
    [
      'spice-cloud keys regenerate --secondary --app sales-data',
      '# CI: no prompt; capture the new key without printing it',
      'spice-cloud keys regenerate -a sales-data --secondary --yes --json --reveal | jq -r .api_key_2 > key2',
    ],
  );

  const rotate = keys.command('rotate');
  notes(
    rotate,
    `Your clients use one key, the active one (--active, default primary); the other is the standby. Step 1 regenerates the standby, step 2 waits while you move every client to it, step 3 regenerates the key they used. The roles then alternate: clients stay on the key they moved to, so the next rotation is --active secondary, and each rotation needs one client switch, not two.

--yes answers the first question only: on a terminal step 2 still waits for you unless --no-wait is given. Without a terminal --yes runs all three steps at once. Without the wait, clients still on the old active key stop working at step 3, and the summary says so.`,
  );
  examples(
    verb(
      rotate
        .description(
          'rotate both keys with zero downtime: regenerate the standby key, wait while clients switch to it, then regenerate the one they used',
        )
        .addOption(appOption())
        .addOption(new Option('--active <key>', 'the key your clients use now: primary (default) or secondary'))
        .option('--no-wait', 'do not wait for clients to switch at step 2 (clients on the old key stop working at step 3)')
        .addOption(revealOption())
        .addOption(yesOption()),
      () => import('./rotate.js'),
    ),
    [
      'spice-cloud keys rotate --app sales-data',
      '# the next rotation: clients moved to the secondary key last time',
      'spice-cloud keys rotate --app sales-data --active secondary',
      '# CI: all three steps unattended (clients still on the old primary key fail after step 3)',
      'spice-cloud keys rotate -a sales-data --yes --json',
    ],
  );
}
