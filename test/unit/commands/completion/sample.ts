/** A small command tree shaped like the real one, so these tests do not depend on other nouns. */
import { Argument, Command } from 'commander';

export function sampleProgram(): Command {
  const p = new Command('spice-cloud')
    .version('1.0.0', '-V, --version')
    .helpOption('-h, --help', 'show help')
    .option('--json', 'print JSON')
    .option('--profile <name>', 'stored profile')
    .option('--no-color', 'no colour');
  const apps = p.command('apps').description('create and inspect apps');
  apps.command('list').alias('ls').description('list apps').action(() => {});
  apps.command('get').argument('<app>', 'app').description("show an app's settings").action(() => {});
  apps
    .command('create')
    .description('create an app')
    .argument('<name>')
    .option('--region <region>', 'region')
    .option('--visibility <visibility>', 'public or private')
    .option('--spicepod <file>', 'spicepod file')
    .option('--description <text>', 'description')
    .option('-y, --yes', 'skip the prompt')
    .action(() => {});
  const dep = p.command('deployments').description('deployments');
  dep.command('list').option('-a, --app <app>', 'app').option('--status <status>', 'status').description('list deployments').action(() => {});
  dep.command('logs').argument('<id>').argument('[more...]').option('-a, --app <app>', 'app').description('logs').action(() => {});
  p.command('completion').description('print a script').addArgument(new Argument('<shell>').choices(['bash', 'zsh', 'fish'])).action(() => {});
  p.command('__complete', { hidden: true }).argument('[source]').action(() => {});
  return p;
}
