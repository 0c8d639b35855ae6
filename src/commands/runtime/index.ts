import type { Command } from 'commander';
import { examples, type Verb } from '../../cli.js';
import { addRuntimeOptions } from '../shared/runtime-options.js';

export function registerRuntime(program: Command, verb: Verb): void {
  const runtime = program.command('runtime').description("the app's runtime (data plane): what it serves and whether it is ready");
  examples(
    verb(
      addRuntimeOptions(runtime.command('status').description("show the runtime's components (HTTP, Flight, metrics) and readiness; exit 1 unless ready"), { flight: true }),
      () => import('./status.js'),
    ),
    [
      'spice-cloud runtime status --app sales-data',
      '# a self-hosted or local runtime, no Management API call',
      'SPICE_APP_API_KEY=... spice-cloud runtime status --endpoint http://127.0.0.1:8090',
      '# CI: wait until the deployed runtime is ready',
      'until spice-cloud runtime status --app sales-data --json >/dev/null; do sleep 5; done',
    ],
  );
}
