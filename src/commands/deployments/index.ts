import { Option, type Command } from 'commander';
import { appOption, examples, type Verb, notes, yesOption } from '../../cli.js';
import { DEPLOYMENT_STATUSES } from '../../api/types.js';

const interval = () => new Option('--interval <duration>', 'poll interval (default 2s)').hideHelp();

export function registerDeployments(program: Command, verb: Verb): void {
  const deployments = program.command('deployments').description("list, inspect, watch and read the logs of an app's deployments");

  examples(
    verb(
      deployments
        .command('list')
        .alias('ls')
        .description('list deployments, newest first')
        .addOption(appOption())
        .option('--limit <n>', 'how many to show, 1 to 100 (default 20)')
        .option('--status <status>', `only this status: ${DEPLOYMENT_STATUSES.join(', ')}`),
      () => import('./list.js'),
    ),
    [
      'spice-cloud deployments list -a sales-data',
      'spice-cloud deployments list --status failed --limit 5',
      "SPICE_APP=sales-data spice-cloud deployments list --json | jq -r '.[0].status'",
    ],
  );

  examples(
    verb(deployments.command('get').description('show one deployment').argument('<id>', 'deployment ID, or "latest"').addOption(appOption()), () => import('./get.js')),
    ['spice-cloud deployments get -a sales-data 42', "spice-cloud deployments get -a sales-data latest --json | jq -r '.error_message'"],
  );

  const watch = deployments
    .command('watch')
    .description('wait for a deployment (default: the latest) to succeed or fail')
    .argument('[id]', 'deployment ID, or "latest" (the default)')
    .addOption(appOption())
    .addOption(interval());
  notes(watch, `
Waits for as long as the global --timeout allows (default 10m). Exit 0 when it succeeds,
6 when it fails or a newer deployment supersedes it, 7 on timeout, 130 on Ctrl-C (the
deployment keeps running on the server either way).`,
  );
  examples(verb(watch, () => import('./watch.js')), [
    'spice-cloud deployments watch -a sales-data',
    'spice-cloud deployments watch -a sales-data 42 --timeout 20m',
    '# CI: fail the job if the latest deployment fails; keep the final object',
    'SPICE_APP=sales-data spice-cloud deployments watch --json > deployment.json',
  ]);

  const logs = deployments
    .command('logs')
    .description("print a deployment's logs; --follow keeps printing until it finishes")
    .argument('[id]', 'deployment ID, or "latest" (the default)')
    .addOption(appOption())
    .option('-f, --follow', 'keep polling for new lines until the deployment finishes (Ctrl-C stops, exit 130)')
    .option('--since <when>', 'only lines after this: a duration ago (10m, 1h) or a timestamp (2026-11-26T12:00:00Z)')
    .option('--limit <n>', 'at most this many lines per request, 1 to 1000')
    .addOption(interval());
  notes(logs, `
Output: "timestamp level message" lines on a terminal, tab-separated when piped, and one JSON
object per line (NDJSON) with --json. --follow ends with exit 0 when the deployment has
finished and its logs are drained, and 130 when you press Ctrl-C; use \`deployments watch\` when the
exit code should report the deployment's result.`,
  );
  examples(verb(logs, () => import('./logs.js')), [
    'spice-cloud deployments logs -a sales-data 42',
    'spice-cloud deployments logs -a sales-data --follow    # the latest deployment',
    "SPICE_APP=sales-data spice-cloud deployments logs 42 --since 10m --json | jq -r 'select(.level == \"error\") | .message'",
  ]);

  const rollback = deployments
    .command('rollback')
    .description('deploy again what an earlier succeeded deployment ran (default: the one before the latest success)')
    .argument('[id]', 'succeeded deployment to return to (default: the previous succeeded one)')
    .addOption(appOption())
    .addOption(yesOption())
    .option('--wait', 'wait until the new deployment succeeds or fails (bounded by --timeout, default 10m)')
    .addOption(interval());
  notes(
    rollback,
    `
Redeploys the image tag (or image), replicas, branch and commit of that deployment with the
app's current spicepod; the API has no rollback route, so this is a new deployment. Asks first
(--yes without a terminal). With --wait the exit codes are those of \`deploy --wait\`: 0
succeeded, 6 failed or superseded, 7 timed out, 130 Ctrl-C. Refused (exit 1) when there is no
earlier succeeded deployment.`,
  );
  examples(verb(rollback, () => import('./rollback.js')), [
    'spice-cloud deployments rollback -a sales-data',
    'spice-cloud deployments rollback -a sales-data 41 --wait',
    '# CI: roll back without a prompt and fail the job unless it succeeds',
    'SPICE_APP=sales-data spice-cloud deployments rollback --yes --wait --timeout 15m --json',
  ]);
}
