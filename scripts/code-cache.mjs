// Trains the V8 code caches bin/spice-cloud.cjs hands to node:vm (see scripts/build.mjs).
// V8 serialises the functions compiled so far, so the CLI first runs a set of commands
// in one process, against the emulator on a free port, with the same loader the bin uses.
// Commands not run here still work; their functions are compiled lazily, as without a
// cache.
//
// A cache per trained command, and one per family of nouns for the rest: reading and
// deserialising a cache costs in proportion to its size, and a start on a cache holding
// more than the command runs costs more again (V8 finishes what it deserialised and
// tiers more of it up): `regions list --json` ran ~8 M instructions (5 %) fewer on a
// cache trained on it alone (275 KB) than on the family's (375 KB), and ~25 M fewer
// than on one trained on everything (550 KB; docs/bench.md). `dist/caches.json` maps a
// command (`apps list`) or a noun (`keys`) to its cache; `dist/main.cache` holds every
// run's training and serves the rest. Each cache trains in a process of its own
// (`node scripts/code-cache.mjs <name>`), which reads no cache.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';

/** Families by the nouns whose commands use their cache when they have none of their own. */
const FAMILIES = {
  // The Management API's everyday reads: lists and gets, piped, --json and on a terminal.
  manage: ['apps', 'regions', 'secrets', 'deployments', 'keys', 'members', 'images', 'orgs', 'health'],
  // The app runtime's quick answers.
  runtime: ['chat', 'sql', 'search', 'nsql', 'datasets', 'models', 'runtime'],
};

/**
 * The training runs: [on a terminal, argv, expected exit code, only, logged in]. Logged
 * in, the token comes from the config file (as after `auth login`), otherwise from
 * SPICE_API_TOKEN: the everyday reads train both, so that neither credential path is
 * compiled at run time (the config store's reader is not on the environment's path).
 * Runs marked `main` train only dist/main.cache: help and usage errors are not worth a
 * command's cache growing by them (every start of the command reads it).
 */
const runs = (app = { name: 'code-cache', id: 1 }, runtimeUrl = 'http://127.0.0.1') => [
  [false, ['--no-color', '--help'], 0, 'main'],
  [false, ['apps', '--help'], 0, 'main'],
  [false, ['apps', 'list', '--json']],
  [false, ['apps', 'list', '--json'], 0, undefined, true],
  [true, ['apps', 'list']],
  [false, ['apps', 'list']],
  [false, ['regions', 'list', '--json']],
  [false, ['regions', 'list', '--json'], 0, undefined, true],
  [false, ['apps', 'get', app.name, '--json']],
  [true, ['apps', 'get', app.name]],
  [false, ['secrets', 'list', '-a', app.name, '--json']],
  [false, ['secrets', 'list', '-a', app.name, '--json'], 0, undefined, true],
  [false, ['deployments', 'list', '-a', String(app.id), '--json']],
  [true, ['secrets', 'list', '-a', app.name]],
  [false, ['members', 'list', '--json']],
  [false, ['images', 'list', '--json']],
  [false, ['apps', 'get', 'no-such-app'], 3, 'main'],
  [false, ['apps', 'lst'], 2, 'main'],
  [false, ['chat', 'What datasets exist?', '--model', 'assistant', '--endpoint', runtimeUrl]],
  [false, ['sql', 'SELECT 1 AS one', '--http', '--endpoint', runtimeUrl, '--json']],
];
/**
 * The command a run trains (`apps list`; `sql` and `chat` take no verb). A read of the
 * Management API trained with --json has a cache of its own (`apps list --json`): a
 * script's JSON and a terminal's table run different code, and a cache holding both makes
 * each start deserialise the other's (-1.35 M instructions for `apps list --json`).
 */
const commandOf = (argv) => (FAMILIES.runtime.includes(argv[0]) ? argv[0] : `${argv[0]} ${argv[1]}${argv.includes('--json') ? ' --json' : ''}`);
const COMMANDS = [...new Set(runs().filter(([, , , only]) => only === undefined).map(([, argv]) => commandOf(argv)))];
const fileOf = (name) => (name === 'main' ? 'main.cache' : `main.${name.replace(' --json', '.json').replace(' ', '-')}.cache`);

const family = process.argv[2];
const root = new URL('..', import.meta.url).pathname;

if (family === undefined) {
  for (const name of ['main', ...Object.keys(FAMILIES), ...COMMANDS]) {
    execFileSync(process.execPath, [new URL(import.meta.url).pathname, name], { stdio: 'inherit', env: { PATH: process.env.PATH, SPICE_CLOUD_CODE_CACHE: '0' } });
  }
  const nouns = Object.entries(FAMILIES).flatMap(([name, list]) => list.map((noun) => [noun, fileOf(name)]));
  // A command trained only with --json serves its other runs too, as before the split.
  const plain = COMMANDS.filter((name) => name.endsWith(' --json') && !COMMANDS.includes(name.replace(' --json', '')));
  const commands = [...COMMANDS.map((name) => [name, fileOf(name)]), ...plain.map((name) => [name.replace(' --json', ''), fileOf(name)])];
  writeFileSync(join(root, 'dist', 'caches.json'), `${JSON.stringify(Object.fromEntries([...nouns, ...commands]))}\n`);
  process.exit(0);
}
if (family !== 'main' && !(family in FAMILIES) && !COMMANDS.includes(family)) throw new Error(`code cache: no family or command ${family}`);
if (process.env.SPICE_CLOUD_CODE_CACHE !== '0') throw new Error('code cache: train with SPICE_CLOUD_CODE_CACHE=0 (a loaded cache would carry its functions over)');

const require = createRequire(import.meta.url);
const { loadMain } = require(join(root, 'bin', 'spice-cloud.cjs'));
const { startEmulator } = await import(join(root, 'dist', 'emulator.js'));

const { main, script } = loadMain();
const dir = mkdtempSync(join(os.tmpdir(), 'spice-cloud-code-cache-'));
// The runtime too (no token delay), so that `chat` and `sql --http` are trained: a first
// token is a question of start-up time as much as a list is.
const emu = await startEmulator({ port: 0, queuedMs: 0, runningMs: 0, latencyMs: 0, runtime: { chatTokenDelayMs: 0, dataDir: dir } });
try {
  const headers = { authorization: `Bearer ${emu.token}`, 'content-type': 'application/json' };
  const post = (path, body) => fetch(`${emu.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.json());
  const app = await post('/v1/apps', { name: 'code-cache', region: 'us-east-1' });
  await post(`/v1/apps/${app.id}/secrets`, { name: 'TRAINING', value: 'not-a-secret' });
  const spicepod = 'version: v1\nkind: Spicepod\nname: training\nmodels:\n  - name: assistant\n    from: openai:gpt-4o\n';
  await fetch(`${emu.url}/v1/apps/${app.id}`, { method: 'PUT', headers, body: JSON.stringify({ spicepod }) });
  await post(`/v1/apps/${app.id}/deployments`, {});
  for (let i = 0; i < 200; i++) {
    const page = await fetch(`${emu.url}/v1/apps/${app.id}/deployments?limit=1`, { headers }).then((r) => r.json());
    if ((Array.isArray(page) ? page : page.deployments)?.[0]?.status === 'succeeded') break;
    await new Promise((r) => setTimeout(r, 10));
  }
  const { api_key: apiKey } = await fetch(`${emu.url}/v1/apps/${app.id}/api-keys`, { headers }).then((r) => r.json());

  const sink = (isTTY) => Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), { isTTY, columns: 100 });
  // A stored login, as `auth login --with-token` writes it (the file store, no keychain).
  const loggedInDir = join(dir, 'logged-in');
  mkdirSync(join(loggedInDir, 'spice-cloud'), { recursive: true, mode: 0o700 });
  writeFileSync(join(loggedInDir, 'spice-cloud', 'config.json'), `${JSON.stringify({ profiles: { default: { token: emu.token, apiUrl: emu.url } } }, null, '\t')}\n`, { mode: 0o600 });
  const base = { PATH: process.env.PATH, HOME: dir, SPICE_API_URL: emu.url, SPICE_APP_API_KEY: apiKey };
  const proc = (tty, loggedIn) => ({
    env: loggedIn ? { ...base, XDG_CONFIG_HOME: loggedInDir, SPICE_KEYRING: 'file' } : { ...base, XDG_CONFIG_HOME: join(dir, 'config'), SPICE_API_TOKEN: emu.token },
    cwd: () => dir,
    on: () => {},
    exit: (code) => {
      throw new Error(`exit ${code}`);
    },
    stdin: Object.assign(Readable.from([]), { isTTY: false }),
    stdout: sink(tty),
    stderr: sink(tty),
  });
  // main trains on every run, a family on its nouns' runs, a command on its own.
  const trains = ([, argv, , only]) =>
    family === 'main' || (only === undefined && (COMMANDS.includes(family) ? commandOf(argv) === family : FAMILIES[family].includes(argv[0])));
  const mine = runs(app, emu.runtime.url).filter(trains);
  if (mine.length === 0) throw new Error(`code cache: no training runs for ${family}`);
  for (const [tty, argv, expected = 0, , loggedIn = false] of mine) {
    const code = await main(argv, proc(tty, loggedIn));
    if (code !== expected) throw new Error(`code cache training: \`spice-cloud ${argv.join(' ')}\` exited ${code}, expected ${expected}`);
  }
  writeFileSync(join(root, 'dist', fileOf(family)), script.createCachedData());
} finally {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
}
