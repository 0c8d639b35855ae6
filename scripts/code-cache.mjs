// Trains dist/main.cache, the V8 code cache bin/spice-cloud.js hands to node:vm (see
// scripts/build.mjs). V8 serialises the functions compiled so far, so the CLI first runs
// a set of everyday commands in this one process, against the emulator on a free port,
// with the same loader the bin uses. Commands not run here still work; their functions
// are compiled lazily, as without a cache.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';

const require = createRequire(import.meta.url);
const root = new URL('..', import.meta.url).pathname;
const { loadMain } = require(join(root, 'bin', 'spice-cloud.js'));
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
  const proc = (tty) => ({
    env: { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), SPICE_API_URL: emu.url, SPICE_API_TOKEN: emu.token, SPICE_APP_API_KEY: apiKey },
    cwd: () => dir,
    on: () => {},
    exit: (code) => {
      throw new Error(`exit ${code}`);
    },
    stdin: Object.assign(Readable.from([]), { isTTY: false }),
    stdout: sink(tty),
    stderr: sink(tty),
  });
  const runs = [
    [false, ['--no-color', '--help']],
    [false, ['apps', '--help']],
    [false, ['apps', 'list', '--json']],
    [true, ['apps', 'list']],
    [false, ['apps', 'list']],
    [false, ['regions', 'list', '--json']],
    [false, ['apps', 'get', app.name, '--json']],
    [true, ['apps', 'get', app.name]],
    [false, ['secrets', 'list', '-a', app.name, '--json']],
    [false, ['deployments', 'list', '-a', String(app.id), '--json']],
    [false, ['apps', 'get', 'no-such-app'], 3],
    [false, ['apps', 'lst'], 2],
    [false, ['chat', 'What datasets exist?', '--model', 'assistant', '--endpoint', emu.runtime.url]],
    [false, ['sql', 'SELECT 1 AS one', '--http', '--endpoint', emu.runtime.url, '--json']],
  ];
  for (const [tty, argv, expected = 0] of runs) {
    const code = await main(argv, proc(tty));
    if (code !== expected) throw new Error(`code cache training: \`spice-cloud ${argv.join(' ')}\` exited ${code}, expected ${expected}`);
  }
  writeFileSync(join(root, 'dist', 'main.cache'), script.createCachedData());
} finally {
  await emu.close();
  rmSync(dir, { recursive: true, force: true });
}
