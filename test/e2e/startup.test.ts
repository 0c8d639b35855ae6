/**
 * The startup path stays light: the everyday commands never load the heavy modules that
 * only some commands need (the SQL engine, Arrow, gRPC, the jq engine, prompts,
 * spinners), and the code cache the build trained is one this Node accepts. Module loads
 * are recorded from inside the spawned CLI: CommonJS through Module._load, ES modules
 * through a resolve hook (node:module register).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, BIN, type Bed } from './harness.js';

const HEAVY = ['@duckdb/', 'apache-arrow', '@grpc/', 'protobufjs', 'jq-wasm', '@inquirer/', 'ora', '@napi-rs/keyring', 'undici'];

let b: Bed;
let dir: string;
let appName: string;

beforeAll(async () => {
  b = await bed();
  dir = mkdtempSync(join(tmpdir(), 'spice-cloud-startup-'));
  writeFileSync(
    join(dir, 'hooks.mjs'),
    `import { appendFileSync } from 'node:fs';\n` +
      `export async function resolve(spec, ctx, next) { const r = await next(spec, ctx); appendFileSync(process.env.RECORD, r.url + '\\n'); return r; }\n`,
  );
  writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${join(dir, 'hooks.mjs')}`)});\n`);
  writeFileSync(
    join(dir, 'preload.cjs'),
    `const Module = require('node:module'); const fs = require('node:fs'); const load = Module._load;\n` +
      `Module._load = function (request, parent, isMain) { const f = Module._resolveFilename(request, parent, isMain); fs.appendFileSync(process.env.RECORD, f + '\\n'); return load.apply(this, arguments); };\n`,
  );
  const created = await b.call<{ name: string }>('POST', '/v1/apps', { name: 'startup-app', region: 'us-east-1' });
  appName = created.data.name;
});

afterAll(async () => {
  await b.close();
  rmSync(dir, { recursive: true, force: true });
});

async function loadedBy(args: string[], env: Record<string, string | undefined> = {}): Promise<string[]> {
  const record = join(dir, `record-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(record, '');
  const r = await b.run(args, { env: { ...env, RECORD: record, NODE_OPTIONS: `--require ${join(dir, 'preload.cjs')} --import ${join(dir, 'register.mjs')}` } });
  expect(r, r.stderr).toMatchObject({ code: 0 });
  return readFileSync(record, 'utf8').split('\n').filter(Boolean);
}

describe('startup path', () => {
  const commands = [['--version'], ['--help'], ['apps', 'list', '--json'], ['regions', 'list', '--json'], ['apps', 'get', 'startup-app', '--json'], ['secrets', 'list', '-a', 'startup-app', '--json'],
    // Output for scripts: only --jq loads the jq engine.
    ['apps', 'list', '--format', 'csv'], ['apps', 'list', '--fields', 'id,name'], ['apps', 'list', '--format', 'ndjson'], ['commands', '--json'], ['api', 'list', '--json'],
    // The emulator's help: the runtime (DuckDB, Arrow, gRPC) loads only when it starts.
    ['emulator', '--help']];
  for (const args of commands) {
    it(`\`${args.join(' ')}\` loads none of the SQL engine, Arrow, gRPC, jq, prompts, spinners, keyring or undici`, async () => {
      expect(appName).toBe('startup-app');
      const loaded = await loadedBy(args);
      expect(loaded.length).toBeGreaterThan(0); // the recorder itself worked
      const heavy = loaded.filter((f) => HEAVY.some((h) => f.includes(`/node_modules/${h}`)));
      expect(heavy).toEqual([]);
    });
  }

  // Most people run logged in: the token comes from the store, not the environment. Reading
  // it loads no package (the library the store once used cost ~100 ms: docs/bench.md).
  it('with a stored login, `apps list --json` loads no package at all (everything it runs is in the bundle)', async () => {
    const login = { SPICE_API_TOKEN: undefined, SPICE_KEYRING: 'file', XDG_CONFIG_HOME: join(dir, 'stored-login') };
    const r = await b.run(['auth', 'login', '--with-token'], { env: login, stdin: `${b.emu.token}\n` });
    expect(r, r.stderr).toMatchObject({ code: 0 });
    const loaded = await loadedBy(['apps', 'list', '--json'], login);
    expect(loaded.some((f) => /^(node:)?vm$/.test(f))).toBe(true); // the recorder saw the bin require node:vm
    expect(loaded.filter((f) => f.includes('/node_modules/'))).toEqual([]);
  });

  // Node built-ins cost 2-4 ms each to load, as much as the rest of a list command's own
  // work (docs/bench.md): the everyday commands load none that only some commands need.
  for (const args of [['apps', 'list', '--json'], ['regions', 'list', '--json'], ['secrets', 'list', '-a', 'startup-app', '--json']]) {
    it(`\`${args.join(' ')}\` loads none of node:child_process, node:crypto, node:zlib, node:module or the ES module loader, and does not open stdin`, async () => {
      const list = join(dir, `builtins-${Math.random().toString(36).slice(2)}.txt`);
      writeFileSync(
        join(dir, 'builtins.cjs'),
        // process.stdin is made on first access (a ReadStream on /dev/null or a file, a socket on a pipe).
        `const fs = require('node:fs'); const d = Object.getOwnPropertyDescriptor(process, 'stdin'); let stdin = false;\n` +
          `Object.defineProperty(process, 'stdin', { configurable: true, enumerable: d.enumerable, get() { stdin = true; return d.get.call(this); } });\n` +
          `process.on('exit', () => fs.writeFileSync(process.env.BUILTINS, [...process.moduleLoadList, stdin ? 'stdin opened' : ''].join('\\n')));\n`,
      );
      const r = await b.run(args, { env: { BUILTINS: list, NODE_OPTIONS: `--require ${join(dir, 'builtins.cjs')}` } });
      expect(r, r.stderr).toMatchObject({ code: 0 });
      const modules = readFileSync(list, 'utf8').split('\n');
      expect(modules).toContain('NativeModule http'); // the recorder saw the run
      // node:module (public) would bring the ES module loader: `module.constructor` and process.getBuiltinModule need neither.
      expect(modules.filter((m) => /^NativeModule (child_process|crypto|zlib|module|internal\/modules\/esm\/loader)$/.test(m) || m === 'stdin opened')).toEqual([]);
    });
  }

  it('runs on the code caches the build trained, one per trained command and per family of nouns: this Node accepts each', () => {
    const { loadMain } = createRequire(import.meta.url)(BIN) as { loadMain(argv?: string[]): { script: { cachedDataRejected?: boolean } } };
    const caches = JSON.parse(readFileSync(join(BIN, '..', '..', 'dist', 'caches.json'), 'utf8')) as Record<string, string>;
    expect(caches).toMatchObject({
      'apps list': 'main.apps-list.cache',
      'apps list --json': 'main.apps-list.json.cache',
      'regions list --json': 'main.regions-list.json.cache',
      'regions list': 'main.regions-list.json.cache', // trained with --json only: its one cache serves both
      'secrets list': 'main.secrets-list.cache',
      'secrets list --json': 'main.secrets-list.json.cache',
      apps: 'main.manage.cache',
      keys: 'main.manage.cache',
      chat: 'main.chat.cache',
      sql: 'main.sql.cache',
      search: 'main.runtime.cache',
    });
    // Every command and noun the map names (each of its caches), and lines that fall back to main.cache.
    const lines = [...Object.keys(caches).map((k) => k.split(' ')), [], ['--help'], ['auth'], ['apps', 'delete'], ['sql', 'SELECT 1']];
    for (const argv of lines) expect(loadMain(argv).script.cachedDataRejected, argv.join(' ')).toBe(false);
  });

  it('picks the cache trained on the command line: its shape (--json or not), else its noun, else main.cache', () => {
    const { cacheFor } = createRequire(import.meta.url)(BIN) as { cacheFor(argv: string[]): string };
    expect(cacheFor(['apps', 'list', '--json'])).toBe('main.apps-list.json.cache');
    expect(cacheFor(['apps', 'list', '--json', '--org', 'acme'])).toBe('main.apps-list.json.cache');
    expect(cacheFor(['apps', 'list'])).toBe('main.apps-list.cache');
    expect(cacheFor(['regions', 'list'])).toBe('main.regions-list.json.cache');
    expect(cacheFor(['apps', 'delete', 'x', '--json'])).toBe('main.manage.cache');
    expect(cacheFor(['sql', 'SELECT 1', '--json'])).toBe('main.sql.cache');
    expect(cacheFor(['--json', 'apps', 'list'])).toBe('main.cache');
    expect(cacheFor(['auth', 'status'])).toBe('main.cache');
  });
});

describe('startup path of search, chat and nsql', () => {
  let aiId = 0;
  // An app with a searchable in-memory dataset and one model, deployed on the emulated runtime.
  beforeAll(async () => {
    const app = await b.call<{ id: number }>('POST', '/v1/apps', { name: 'startup-ai', region: 'us-east-1' });
    aiId = app.data.id;
    const spicepod = {
      version: 'v1',
      kind: 'Spicepod',
      name: 'ai',
      datasets: [{ from: 'memory:notes', name: 'notes', columns: [{ name: 'id' }, { name: 'value', full_text_search: { enabled: true, row_id: ['id'] } }] }],
      models: [{ from: 'openai:gpt-4o-mini', name: 'assistant' }],
    };
    await b.call('PUT', `/v1/apps/${app.data.id}`, { spicepod });
    const d = await b.call<{ id: number }>('POST', `/v1/apps/${app.data.id}/deployments`, {});
    for (let i = 0; i < 200; i++) {
      const g = await b.call<{ status: string }>('GET', `/v1/apps/${app.data.id}/deployments/${d.data.id}`);
      if (g.data.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 10));
    }
  });

  const commands = [
    ['search', 'anything', '-a', 'startup-ai', '--json'],
    ['chat', 'which datasets?', '-a', 'startup-ai', '--model', 'assistant'],
    ['nsql', 'how many rows are in notes?', '-a', 'startup-ai', '--json'],
  ];
  for (const args of commands) {
    it(`\`${args.slice(0, 2).join(' ')} …\` loads none of the SQL engine, Arrow, gRPC, jq, prompts, spinners, keyring or undici`, async () => {
      const loaded = await loadedBy(args);
      expect(loaded.length).toBeGreaterThan(0);
      expect(loaded.filter((f) => HEAVY.some((h) => f.includes(`/node_modules/${h}`)))).toEqual([]);
    });
  }

  it('`chat` at a runtime endpoint loads neither the fs promise API (ten built-ins, ~2 ms before the question goes out) nor node:crypto', async () => {
    const { data: keys } = await b.call<{ api_key: string }>('GET', `/v1/apps/${aiId}/api-keys`);
    const list = join(dir, 'builtins-chat.txt');
    writeFileSync(join(dir, 'builtins-chat.cjs'), `process.on('exit', () => require('node:fs').writeFileSync(process.env.BUILTINS, process.moduleLoadList.join('\\n')));\n`);
    const r = await b.run(['chat', 'which datasets?', '--endpoint', b.emu.runtime!.url, '--model', 'assistant'], {
      env: { SPICE_APP_API_KEY: keys.api_key, BUILTINS: list, NODE_OPTIONS: `--require ${join(dir, 'builtins-chat.cjs')}` },
    });
    expect(r, r.stderr).toMatchObject({ code: 0 });
    const modules = readFileSync(list, 'utf8').split('\n');
    expect(modules).toContain('NativeModule http'); // the recorder saw the run
    expect(modules.filter((m) => /^NativeModule ((internal\/)?fs\/promises|crypto)$/.test(m))).toEqual([]);
  });
});

describe('startup path of sql', () => {
  const under = (loaded: string[], pkg: string): string[] => loaded.filter((f) => f.includes(`/node_modules/${pkg}`));

  it('`sql` over Arrow Flight loads gRPC and Arrow, and never the SQL engine', async () => {
    const loaded = await loadedBy(['sql', 'SELECT 1 AS one', '-a', 'startup-ai', '--json']);
    expect(under(loaded, '@grpc/grpc-js').length).toBeGreaterThan(0);
    expect(under(loaded, 'apache-arrow').length).toBeGreaterThan(0);
    expect(under(loaded, '@duckdb/')).toEqual([]);
  });

  it('`sql --http` loads no gRPC and no protobuf', async () => {
    const loaded = await loadedBy(['sql', 'SELECT 1 AS one', '-a', 'startup-ai', '--http', '--json']);
    expect([...under(loaded, '@grpc/'), ...under(loaded, 'protobufjs'), ...under(loaded, '@duckdb/')]).toEqual([]);
  });
});

describe('startup path of datasets, models, runtime status and sql --http', () => {
  // Uses the app deployed by the search/chat/nsql block above.
  const light = [
    ['sql', 'SELECT 1 AS one', '--http', '-a', 'startup-ai', '--json'],
    ['datasets', 'list', '-a', 'startup-ai', '--json'],
    ['models', 'list', '-a', 'startup-ai', '--json'],
    ['runtime', 'status', '-a', 'startup-ai', '--json'],
  ];
  for (const args of light) {
    it(`\`${args.slice(0, 2).join(' ')} …\` loads none of the SQL engine, Arrow, gRPC, jq, prompts, spinners, keyring or undici`, async () => {
      const loaded = await loadedBy(args);
      expect(loaded.length).toBeGreaterThan(0);
      expect(loaded.filter((f) => HEAVY.some((h) => f.includes(`/node_modules/${h}`)))).toEqual([]);
    });
  }
});
