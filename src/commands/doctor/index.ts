import type { Command } from 'commander';
import { examples, type Verb, notes } from '../../cli.js';

export function registerDoctor(program: Command, verb: Verb): void {
  const doctor = program
    .command('doctor')
    .description('check the setup: versions, config file, proxy, API reachability, clock and credentials');
  notes(doctor, `
Each check prints a row: ✓ passed, ! worth a look, ✗ failed. Exits 0 when nothing
failed, 4 when only the credentials are the problem, 1 otherwise. No secret is printed
(proxy passwords are masked), and nothing is changed.`);
  verb(doctor, () => import('./doctor.js'));
  examples(doctor, [
    'spice-cloud doctor',
    'spice-cloud doctor --api-url http://127.0.0.1:8090',
    '# CI: fail the job early, and keep the report as an artifact',
    'spice-cloud doctor --json > doctor.json || { jq -r \'.checks[] | select(.ok | not) | "\\(.name): \\(.detail)"\' doctor.json; exit 1; }',
  ]);
}
