import type { Command } from 'commander';
import { examples, type Verb } from '../../cli.js';

export function registerHealth(program: Command, verb: Verb): void {
  examples(
    verb(
      program.command('health').description('check that the Management API is up (no login needed; exit 1 unless it reports ok)'),
      () => import('./check.js'),
    ),
    [
      'spice-cloud health',
      'spice-cloud health --api-url https://dev-api.spice.ai',
      '# CI: wait until the API answers ok (exit 1 while it does not)',
      'until spice-cloud health --json >/dev/null; do sleep 5; done',
    ],
  );
}
