import type { Command } from 'commander';
import { examples, yesOption, type Verb } from '../../cli.js';
import { collect } from '../shared/parse.js';
import { sizingOptions } from './sizing.js';

export function registerApps(program: Command, verb: Verb): void {
  const apps = program.command('apps').description('create, inspect, update and delete apps');

  examples(
    verb(apps.command('list').alias('ls').description('list apps'), () => import('./list.js')),
    ['spice-cloud apps list', 'spice-cloud apps list --json | jq -r \'.[].name\''],
  );

  examples(
    verb(
      apps
        .command('get')
        .alias('view')
        .argument('[app]', 'app name or numeric ID (default: $SPICE_APP, then the linked app)')
        .description('show an app, its URL and its configuration (the API key is masked)'),
      () => import('./get.js'),
    ),
    [
      'spice-cloud apps get sales-data',
      'spice-cloud apps get 42 --json | jq -r .config.image_tag',
      '# piped output is `field<TAB>value` lines',
      "spice-cloud apps get sales-data | awk -F'\\t' '$1==\"url\" {print $2}'",
    ],
  );

  examples(
    verb(
      sizingOptions(
        apps
          .command('create')
          .argument('<name>', 'app name: 4–38 letters, digits or hyphens')
          .description('create an app (prompts for the region on a terminal)')
          .option('--region <region>', 'region ID or cname, e.g. us-west-2 or us-west-2-prod-aws-data (see `spice-cloud regions list`); required without a terminal')
          .option('--cluster <name>', 'run on this dedicated cluster (sent as cluster_name)')
          .option('--description <text>', 'description')
          .option('--visibility <visibility>', 'public or private (API default: private)')
          .option('--tag <key=value>', 'tag the app (repeatable)', collect),
      ),
      () => import('./create.js'),
    ),
    [
      'spice-cloud apps create sales-data',
      'spice-cloud apps create sales-data --region us-east-1 --visibility private --tag team=data --tag env=prod',
      'spice-cloud apps create big-data --region us-west-2 --replicas 2 --cpu 4 --memory 16Gi --storage-size 100',
      'spice-cloud apps create private-data --cluster acme-dedicated',
      '# CI: no prompt; take the new ID from the JSON',
      'spice-cloud apps create "ci-$GITHUB_RUN_ID" --region us-west-2 --json | jq -r .id',
    ],
  );

  examples(
    verb(
      sizingOptions(apps
        .command('update')
        .argument('[app]', 'app name or numeric ID (default: $SPICE_APP, then the linked app)')
        .description('change an app\'s settings, tags or spicepod (only the fields given are sent)')
        .option('--description <text>', 'description ("" clears it)')
        .option('--visibility <visibility>', 'public or private')
        .option('--production-branch <branch>', 'Git branch that deploys to production')
        .option('--tag <key=value>', 'add or change a tag, keeping the others (repeatable)', collect)
        .option('--untag <key>', 'remove a tag (repeatable)', collect)
        .option('--spicepod <file>', 'spicepod YAML or JSON file (max 1 MiB; - reads stdin)')
        .option('--image-tag <tag>', 'pin the runtime image tag (see `spice-cloud images list`)')
        .option('--clear-image-tag', 'remove the image tag pin')
        .option('--image <image>', 'runtime image')
        .option('--registry <registry>', 'container registry')
        .option('--update-channel <channel>', 'stable, preview, nightly, internal or internal-sandbox')
        .option('--region <region>', 'move to this region (ID or cname)')
        .option('--cluster <name>', 'move to this dedicated cluster (sent as cluster_name)')
        .option('--node-group <group>', 'node group')),
      () => import('./update.js'),
    ),
    [
      'spice-cloud apps update sales-data --spicepod spicepod.yaml',
      'spice-cloud apps update sales-data --replicas 3 --tag env=prod --untag temp',
      'spice-cloud apps update 42 --clear-image-tag --update-channel stable',
      'spice-cloud apps update sales-data --cpu 500m --memory 4Gi --executor-replicas 2 --executor-memory 16Gi',
      '# CI: generated spicepod from stdin, JSON result',
      'render-spicepod | spice-cloud apps update "$SPICE_APP" --spicepod - --json | jq .config.replicas',
    ],
  );

  examples(
    verb(
      apps
        .command('delete')
        .alias('rm')
        .argument('[app]', 'app name or numeric ID (default: $SPICE_APP, then the linked app)')
        .description('delete an app and stop its deployments (asks first; --yes without a terminal)')
        .addOption(yesOption()),
      () => import('./delete.js'),
    ),
    ['spice-cloud apps delete sales-data', 'spice-cloud apps delete 42 --yes --json | jq .deleted'],
  );

  examples(
    verb(
      apps
        .command('fork')
        .argument('<app>', 'app to fork: name or numeric ID')
        .argument('<new-name>', 'name of the new app: 4–38 letters, digits or hyphens')
        .description("create a new app with a copy of an app's configuration (not deployed)")
        .option('--region <region>', 'run the fork in this region (default: where the source runs)')
        .option('--cluster <name>', 'run the fork on this dedicated cluster'),
      () => import('./fork.js'),
    ),
    ['spice-cloud apps fork sales-data sales-data-staging', 'spice-cloud apps fork sales-data sales-west --region us-west-2 --json | jq -r .id'],
  );

  examples(
    verb(apps.command('forks').argument('<app>', 'app name or numeric ID').description('list the apps forked from an app'), () => import('./forks.js')),
    ['spice-cloud apps forks sales-data', "spice-cloud apps forks sales-data --json | jq -r '.[].name'"],
  );

  examples(
    verb(
      apps
        .command('metrics')
        .argument('[app]', 'app name or numeric ID (default: $SPICE_APP, then the linked app)')
        .description('CPU, memory and disk of each pod; --watch draws them as sparklines')
        .option('--window <duration>', 'turn counters into rates over this window: 30s, 5m, 1h')
        .option('--watch [interval]', 'sample again every interval (default 5s) until Ctrl-C'),
      () => import('./metrics.js'),
    ),
    [
      'spice-cloud apps metrics sales-data',
      'spice-cloud apps metrics sales-data --window 5m --watch 10s',
      "spice-cloud apps metrics sales-data --json | jq '.metrics | map_values(.cpu_usage_percent)'",
    ],
  );
}
