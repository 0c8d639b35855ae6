import { Help, Option, type Command } from 'commander';
import { appOption, examples, yesOption, type Verb } from '../../cli.js';

export function registerSecrets(program: Command, verb: Verb): void {
  const secrets = program
    .command('secrets')
    .description("manage an app's secrets (values are write-only: they can be set, never read back)");
  // `set` declares a [value...] argument only to refuse it with a useful message; keep it out of the verb list.
  secrets.configureHelp({
    ...secrets.configureHelp(),
    subcommandTerm: (cmd: Command) => Help.prototype.subcommandTerm.call(new Help(), cmd).replace(' [value...]', ''),
  });

  examples(
    verb(secrets.command('list').alias('ls').description('list secret names and dates (values are never shown)').addOption(appOption()), () => import('./list.js')),
    ['spice-cloud secrets list --app sales-data', "spice-cloud secrets list --json | jq -r '.[].name'"],
  );

  examples(
    verb(secrets.command('get').argument('<name>').description('show one secret (its value is always masked)').addOption(appOption()), () => import('./get.js')),
    ['spice-cloud secrets get DB_PASSWORD --app sales-data', 'spice-cloud secrets get DB_PASSWORD --json | jq -r .updated_at'],
  );

  examples(
    verb(
      secrets
        .command('set')
        .usage('<name> [options]')
        .argument('<name>')
        // Only so that a value given as an argument gets a helpful refusal; never shown in help.
        .argument('[value...]')
        .description('create or replace a secret; the value comes from stdin, --from-file or a hidden prompt, never an argument')
        .addOption(appOption())
        .option('--from-file <path>', 'read the value from a file, byte for byte (nothing trimmed)')
        .addOption(new Option('--value <value>').hideHelp()),
      () => import('./set.js'),
    ),
    [
      '# prompt for the value (hidden)',
      'spice-cloud secrets set DB_PASSWORD --app sales-data',
      '# CI: pipe it (exactly one trailing newline is removed)',
      'printf %s "$DB_PASSWORD" | spice-cloud secrets set DB_PASSWORD --app sales-data',
      'spice-cloud secrets set TLS_CERT --from-file cert.pem --json',
    ],
  );

  examples(
    verb(
      secrets
        .command('delete')
        .alias('rm')
        .argument('<names...>')
        .description('delete one or more secrets (asks first; --yes when not on a terminal)')
        .addOption(appOption())
        .addOption(yesOption()),
      () => import('./delete.js'),
    ),
    ['spice-cloud secrets delete OLD_TOKEN --app sales-data', 'spice-cloud secrets delete OLD_TOKEN LEGACY_KEY --app sales-data --yes --json'],
  );

  examples(
    verb(
      secrets
        .command('import')
        .argument('<file>')
        .description('set many secrets from a .env file or a JSON object ({"NAME": "value"}); - reads stdin')
        .addOption(appOption())
        .option('--dry-run', 'show what would be created, updated or deleted (names only) and change nothing')
        .option('--prune', 'also delete the secrets the file does not name (asks first; --yes when not on a terminal)')
        .addOption(yesOption())
        .option('--concurrency <n>', 'requests in flight at once, 1-32 (default 8)'),
      () => import('./import.js'),
    ),
    [
      'spice-cloud secrets import .env --app sales-data --dry-run',
      'spice-cloud secrets import .env --app sales-data --prune',
      '# CI: from a JSON object on stdin, removing secrets not in it',
      'jq \'{DB_PASSWORD: .db, API_TOKEN: .api}\' vault.json | spice-cloud secrets import - --prune --yes --json',
    ],
  );
}
