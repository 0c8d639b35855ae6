/**
 * The flags every runtime (data-plane) command shares, and their parse.
 *
 *   -a, --app <app>               the app whose runtime to use (default: $SPICE_APP, then the linked app)
 *   --endpoint <url>              the runtime's HTTP URL (default: $SPICE_RUNTIME_URL, then the app's endpoint)
 *   --flight-endpoint <host:port> the Arrow Flight address (default: derived, see src/runtime/endpoint.ts)
 *   --key <primary|secondary>     which of the app's keys to fetch when SPICE_APP_API_KEY is not set
 *
 * How a runtime command uses them (search, chat, nsql, sql, datasets, models, runtime):
 *
 *   // index.ts
 *   verb(addRuntimeOptions(program.command('models').command('list')), () => import('./list.js'))
 *   // the verb
 *   export function parse(raw: RawInput) { return { ...parseRuntimeOptions(raw) } }
 *   export async function run(opts, ctx) {
 *     const rt = await ctx.runtime(opts.runtime);     // resolves app, endpoint and key once
 *     const res = await rt.http.request('/v1/models', { what: 'list models' });
 *     const client = await rt.flight();               // Arrow Flight, loaded only when asked for
 *   }
 *
 * `ctx.runtime()` is lazy like `ctx.api()`: nothing is resolved or fetched until a command
 * calls it; see src/runtime/connection.ts for what it returns.
 */
import { Option, type Command } from 'commander';
import { appOption, type RawInput } from '../../cli.js';
import { UsageError } from '../../errors.js';
import { normaliseBase, parseFlightEndpoint, type KeyName, type RuntimeOptions } from '../../runtime/endpoint.js';
import { appFromFlagOrEnv } from './app.js';

export type { RuntimeOptions } from '../../runtime/endpoint.js';

/** Adds -a/--app, --endpoint, --flight-endpoint and --key (Flight only where `flight` is true). */
export function addRuntimeOptions(cmd: Command, o: { flight?: boolean } = {}): Command {
  cmd
    .addOption(appOption())
    .addOption(new Option('--endpoint <url>', "the runtime's HTTP URL (default: $SPICE_RUNTIME_URL, then the app's endpoint)"));
  if (o.flight) cmd.addOption(new Option('--flight-endpoint <host:port>', 'the Arrow Flight address (default: derived from the endpoint)'));
  return cmd.addOption(new Option('--key <which>', "which of the app's API keys to use: primary or secondary (default primary; SPICE_APP_API_KEY wins)"));
}

/** Validates the shared flags into RuntimeOptions (UsageError before anything is sent). */
export function parseRuntimeOptions(raw: RawInput): RuntimeOptions {
  const { endpoint, flightEndpoint, key } = raw.opts;
  let which: KeyName | undefined;
  if (key !== undefined) {
    if (key !== 'primary' && key !== 'secondary') throw new UsageError(`invalid --key ${JSON.stringify(key)}: use primary or secondary`);
    which = key;
  }
  if (typeof endpoint === 'string') normaliseBase(endpoint, '--endpoint');
  if (typeof flightEndpoint === 'string') parseFlightEndpoint(flightEndpoint, true);
  return {
    app: appFromFlagOrEnv(raw.opts.app, raw.env),
    endpoint: typeof endpoint === 'string' ? endpoint : undefined,
    flightEndpoint: typeof flightEndpoint === 'string' ? flightEndpoint : undefined,
    key: which,
  };
}
