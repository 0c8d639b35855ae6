import { Option, type Command } from 'commander';
import { appOption, examples, type Verb, notes } from '../../cli.js';

export function registerDeploy(program: Command, verb: Verb): void {
  const deploy = program
    .command('deploy')
    .description("deploy an app from its stored spicepod; --wait follows it to the end")
    .addOption(appOption())
    .option('--image-tag <tag>', "Spice runtime image tag (default: the app's configured tag)")
    .option('--channel <channel>', 'runtime release channel: stable, preview or nightly')
    .option('--image <image>', 'full runtime image reference (e.g. spiceai/spiceai:1.11.0)')
    .option('--replicas <n>', 'number of replicas, 1 to 10')
    .option('--branch <branch>', 'git branch to record on the deployment')
    .option('--commit-sha <sha>', 'commit SHA to record on the deployment')
    .option('--commit-message <message>', 'commit message to record on the deployment')
    .option('--debug', 'run the runtime with debug logging')
    .option('--wait', 'wait until the deployment succeeds or fails; bounded by the global --timeout (default 10m with --wait), e.g. --wait --timeout 5m')
    .addOption(new Option('--interval <duration>', 'poll interval while waiting (default 2s)').hideHelp());

  notes(deploy, `
With --wait: exit 0 when it succeeds, 6 when it fails or a newer deployment supersedes it,
7 when --timeout runs out, 130 on Ctrl-C. The deployment keeps running on the server after
a timeout or Ctrl-C; follow it again with \`spice-cloud deployments watch -a <app> <id>\`.
With --json, stdout gets the final deployment object only; progress goes to stderr.`,
  );

  examples(verb(deploy, () => import('./deploy.js')), [
    'spice-cloud deploy -a sales-data',
    'spice-cloud deploy -a sales-data --wait --timeout 5m',
    'spice-cloud deploy --replicas 2 --image-tag 1.11.0 --wait',
    'spice-cloud deploy -a sales-data --channel nightly',
    '# CI: fail the job unless the deployment succeeds within 15 minutes',
    'SPICE_APP=sales-data spice-cloud deploy --wait --timeout 15m --json --branch "$GITHUB_REF_NAME" --commit-sha "$GITHUB_SHA" > deployment.json',
  ]);
}
