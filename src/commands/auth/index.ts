import type { Command } from 'commander';
import { examples, type Verb, notes } from '../../cli.js';

export function registerAuth(program: Command, verb: Verb): void {
  const auth = program
    .command('auth')
    .description('log in with an API token, check credentials, log out');
  notes(auth, '\nCredentials come from SPICE_API_TOKEN, then SPICE_CLIENT_ID + SPICE_CLIENT_SECRET, then the token stored by\n`auth login` (see `spice-cloud help environment`). No flag takes a token: argv is visible to other users.\n');

  examples(
    verb(
      auth
        .command('login')
        .description('check an API token against the API and store it in the selected profile (--profile)')
        .option('--with-token', 'read the token from stdin instead of prompting (CI, scripts)')
        .option('--web', 'log in in a browser: prints a URL and a short code, waits up to 5m for approval (works over SSH)')
        .option('--insecure-storage', 'store the token in the config file (mode 0600) instead of the OS keychain'),
      () => import('./login.js'),
    ),
    [
      'spice-cloud auth login',
      'spice-cloud auth login --profile emulator --api-url http://localhost:8090',
      'spice-cloud auth login --web',
      '# CI: pipe the token (or just set SPICE_API_TOKEN and skip login)',
      'echo "$SPICE_TOKEN" | spice-cloud auth login --with-token',
    ],
  );

  examples(
    verb(
      auth.command('status').description('show where the token comes from, and whether the API accepts it (exit 4 if not)'),
      () => import('./status.js'),
    ),
    ['spice-cloud auth status', 'spice-cloud auth status --json | jq -e .valid', '# CI: fail early when the token is missing or rejected', 'spice-cloud auth status >/dev/null || exit 1'],
  );

  examples(
    verb(auth.command('logout').description('remove the stored token of the selected profile (--profile)'), () => import('./logout.js')),
    ['spice-cloud auth logout', 'spice-cloud auth logout --profile staging --json'],
  );

  examples(
    verb(auth.command('whoami').description('show who the credentials are: user, organization and scopes when the API tells'), () => import('./whoami.js')),
    ['spice-cloud auth whoami', 'spice-cloud auth whoami --json | jq -r .org'],
  );
}
