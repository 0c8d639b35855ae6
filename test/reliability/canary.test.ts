/**
 * Secrets never leak. Canaries: the API token (the emulator's default token), an OAuth
 * client secret, a secret value, and the app's two API keys (learned once with
 * `keys get --reveal`). Every command runs in every output mode (piped, --json with the
 * --verbose trace, a real terminal through runPty), and a representative set of them on
 * error paths (401, 404 and 500 from every route, plain, --json and --verbose); no
 * canary (nor any whole API key or JWT) may appear in any stdout
 * or stderr, in the link file, or in any file under the config home and working
 * directories, except the token store (which must be 0600 in a 0700 directory).
 * `keys ... --reveal` is the one place an API key is printed: on stdout, with a warning
 * on stderr.
 *
 * A hostile server that echoes what it was sent (secret values with newlines, tabs,
 * quotes and backslashes; the token) into its error messages, padded so the CLI's cuts
 * (500 characters in a message, 2,000 in the trace) fall inside the secret: no 8
 * characters of a secret's random part may appear, raw, whitespace-collapsed or
 * JSON-escaped, in any mode.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, plain, runCli, runPty, type Bed, type PtyStep } from '../e2e/harness.js';
import { emuApi, figure, pool, seedApp, seedSecret, show, snap } from './helpers.js';

const hex = randomBytes(8).toString('hex');
const TOKEN = `canary-token-${hex}`;
const SECRET = `canary-secret-value-${hex}`;
const CLIENT_ID = 'canary-client';
const CLIENT_SECRET = `canary-client-secret-${hex}`;
/** Any whole API key (the emulator's keys are spk_ + 32 hex), known or newly generated. */
const ANY_KEY = /spk_[0-9a-f]{32}/;
/** Any whole JWT (OAuth access tokens). */
const ANY_JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}/;

let b: Bed;
let inputs: string;
let keys: { primary: string; secondary: string };
const canaries = () => ({ TOKEN, SECRET, CLIENT_SECRET, KEY1: keys.primary, KEY2: keys.secondary });

beforeAll(async () => {
  b = await bed({ defaultToken: TOKEN, clients: [`${CLIENT_ID}:${CLIENT_SECRET}`] });
  const app = await seedApp(b.emu, 'canary-app');
  await seedSecret(b.emu, app, 'CANARY_SECRET', SECRET);
  // Input files live outside the scanned directories (they hold the canary on purpose).
  inputs = mkdtempSync(join(tmpdir(), 'spice-cloud-canary-inputs-'));
  writeFileSync(join(inputs, 'secret.txt'), SECRET);
  writeFileSync(join(inputs, 'secrets.env'), `CANARY_SECRET=${SECRET}\nSECOND_SECRET="${SECRET}-2"\n`);
});
afterAll(async () => {
  await b?.close();
  if (inputs) rmSync(inputs, { recursive: true, force: true });
});

/** Which canaries (or whole keys / JWTs) occur in `text`. */
function leaks(text: string): string[] {
  const found = Object.entries(canaries())
    .filter(([, v]) => text.includes(v))
    .map(([k]) => k);
  if (ANY_KEY.test(text)) found.push(`an API key (${ANY_KEY.exec(text)![0].slice(0, 8)}…)`);
  if (ANY_JWT.test(text)) found.push('a JWT access token');
  return found;
}

type Mode = 'piped' | 'json-verbose' | 'tty';
interface Cmd {
  args: string[];
  stdin?: string;
  env?: Record<string, string | undefined>;
  /** For the terminal run: what to type. */
  steps?: PtyStep[];
  /** Skip in these modes (stdin-only forms on a terminal). */
  skip?: Mode[];
  /** Exit codes that count as a normal run (default 0). */
  ok?: number[];
  /** Also run on the error paths (a representative set: every resource, every way a secret travels). */
  errors?: boolean;
  /** Commands of one chain run in order (create → delete); chains run side by side. */
  chain: string;
}

const USERS: Record<Mode, string> = { piped: 'linus', 'json-verbose': 'margaret', tty: 'barbara' };
const E = true;

/** Every command, shaped for one mode (names differ per mode so modes can run side by side). */
function commands(mode: Mode): Cmd[] {
  const A = ['-a', 'canary-app'];
  const user = USERS[mode];
  const made = `made-${mode.replace('-', '')}`;
  const M = mode.replace('-', '_').toUpperCase();
  // The auth chains of the three modes run side by side against one token store: each
  // logs in, checks and logs out in a profile of its own, so one mode's logout cannot
  // pull the token from under another's `auth status`.
  const noEnvToken = { SPICE_API_TOKEN: undefined, SPICE_PROFILE: `canary-${mode}` };
  const client = { SPICE_API_TOKEN: undefined, SPICE_CLIENT_ID: CLIENT_ID, SPICE_CLIENT_SECRET: CLIENT_SECRET };
  return [
    { chain: 'auth', args: ['auth', 'login', '--with-token'], stdin: `${TOKEN}\n`, env: noEnvToken, skip: ['tty'], errors: E },
    { chain: 'auth', args: ['auth', 'login'], env: noEnvToken, steps: [{ expect: 'API token', send: `${TOKEN}\r` }], skip: ['piped', 'json-verbose'] },
    { chain: 'auth', args: ['auth', 'status'], env: noEnvToken },
    { chain: 'auth', args: ['auth', 'status'], env: client, errors: E },
    { chain: 'auth', args: ['apps', 'list'], env: client, errors: E },
    { chain: 'misc', args: ['apps', 'list'] },
    { chain: 'misc', args: ['apps', 'get', 'canary-app'], errors: E },
    { chain: 'apps', args: ['apps', 'create', made, '--region', 'us-east-1', '--tag', 'canary=yes'], errors: E },
    { chain: 'apps', args: ['apps', 'update', 'canary-app', '--description', `updated in ${mode}`], errors: E },
    { chain: 'misc', args: ['regions', 'list'] },
    { chain: 'misc', args: ['images', 'list'] },
    { chain: 'misc', args: ['health'] },
    { chain: 'misc', args: ['doctor'] },
    { chain: 'link', args: ['link', 'canary-app'] },
    { chain: 'link', args: ['link', '--status'] },
    { chain: 'deploy', args: ['deploy', ...A] },
    { chain: 'deploy', args: ['deploy', ...A, '--wait', '--interval', '100ms'], errors: E },
    { chain: 'deploy', args: ['deployments', 'list', ...A] },
    { chain: 'deploy', args: ['deployments', 'get', '1', ...A] },
    { chain: 'deploy', args: ['deployments', 'watch', ...A, '--interval', '100ms'] },
    { chain: 'deploy', args: ['deployments', 'logs', '1', ...A], errors: E },
    { chain: 'secrets', args: ['secrets', 'list', ...A], errors: E },
    { chain: 'secrets', args: ['secrets', 'get', 'CANARY_SECRET', ...A], errors: E },
    { chain: 'secrets', args: ['secrets', 'set', 'CANARY_SECRET', ...A], stdin: SECRET, steps: [{ expect: 'Value for', send: `${SECRET}\r` }], errors: E },
    { chain: 'secrets', args: ['secrets', 'set', `FROM_FILE_${M}`, ...A, '--from-file', join(inputs, 'secret.txt')] },
    { chain: 'secrets', args: ['secrets', 'import', join(inputs, 'secrets.env'), ...A, '--dry-run'] },
    { chain: 'secrets', args: ['secrets', 'import', join(inputs, 'secrets.env'), ...A], errors: E },
    { chain: 'secrets', args: ['secrets', 'import', '-', ...A], stdin: JSON.stringify({ CANARY_SECRET: SECRET, [`JSON_${M}`]: `${SECRET}-json` }), skip: ['tty'], errors: E },
    { chain: 'secrets', args: ['secrets', 'delete', `FROM_FILE_${M}`, ...A, '--yes'], errors: E },
    { chain: 'keys', args: ['keys', 'get', ...A], errors: E },
    { chain: 'keys', args: ['keys', 'regenerate', ...A, '--secondary', '--yes'], errors: E },
    { chain: 'keys', args: ['keys', 'rotate', ...A, '--yes', '--no-wait'], errors: E },
    { chain: 'members', args: ['members', 'list'] },
    { chain: 'members', args: ['members', 'get', 'ada'] },
    { chain: 'members', args: ['members', 'add', user], errors: E },
    { chain: 'members', args: ['members', 'update', user, '--role', 'viewer'] },
    { chain: 'members', args: ['members', 'remove', user, '--yes'] },
    { chain: 'misc', args: ['api', 'apps'] },
    { chain: 'misc', args: ['api', 'apps/1/api-keys'], errors: E },
    { chain: 'misc', args: ['api', 'apps/1/secrets'] },
    { chain: 'misc', args: ['api', '-X', 'POST', 'apps/1/secrets', '-f', `name=API_${M}`, '-f', `value=${SECRET}`], errors: E },
    { chain: 'misc', args: ['api', '-X', 'POST', 'apps/1/secrets', '--input', '-'], stdin: JSON.stringify({ name: 'API_INPUT', value: SECRET }), skip: ['tty'], errors: E },
    { chain: 'apps', args: ['apps', 'delete', made, '--yes'] },
    { chain: 'link', args: ['unlink'] },
    { chain: 'auth', args: ['auth', 'logout'], env: noEnvToken },
  ];
}
interface Outcome {
  label: string;
  code: number | null;
  text: string;
  ok: boolean;
}

function modeFlags(mode: Mode): string[] {
  return mode === 'json-verbose' ? ['--json', '--verbose'] : [];
}

async function runOne(c: Cmd, mode: Mode, cwd: string, extra: string[] = []): Promise<Outcome> {
  const args = [...c.args, ...modeFlags(mode), ...extra];
  const label = `[${mode}${extra.length ? ` ${extra.join(' ')}` : ''}] spice-cloud ${args.join(' ')}`;
  if (mode === 'tty') {
    const r = await runPty(args, c.steps ?? [], { env: { ...b.env, ...c.env }, cwd });
    return { label, code: r.code, text: r.output, ok: !r.timedOut && (c.ok ?? [0]).includes(r.code) };
  }
  const r = await b.run(args, { env: c.env, cwd, stdin: c.stdin ?? 'close' });
  return { label, code: r.code, text: `${r.stdout}\n${r.stderr}`, ok: (c.ok ?? [0]).includes(r.code ?? -1) };
}

/** Every file under `dir`, recursively. */
function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

const outcomes: Outcome[] = [];

describe('secrets never leak', () => {
  it('keys get --reveal prints both keys on stdout only, with a warning on stderr (learned once, then canaries)', async () => {
    const r = await b.run(['keys', 'get', '-a', 'canary-app', '--reveal', '--json']);
    expect(r.code, show(r)).toBe(0);
    const k = JSON.parse(r.stdout) as { api_key: string; api_key_2: string };
    expect(k.api_key).toMatch(/^spk_[0-9a-f]{32}$/);
    expect(k.api_key_2).toMatch(/^spk_[0-9a-f]{32}$/);
    keys = { primary: k.api_key, secondary: k.api_key_2 };
    expect(r.stderr).toMatch(/^warning: these keys grant data access/m);
    expect(leaks(r.stderr)).toEqual([]);
    const primary = await b.run(['keys', 'get', '-a', 'canary-app', '--primary', '--reveal']);
    expect(primary.stdout).toBe(`${keys.primary}\n`);
    expect(leaks(primary.stderr)).toEqual([]);
  });

  it('every command, in every output mode (piped, --json with the --verbose trace, terminal), shows no canary', async () => {
    const modes: Mode[] = ['piped', 'json-verbose', 'tty'];
    const started = Date.now();
    const tasks = modes.flatMap((mode) => {
      const cwd = join(b.home, `project-${mode}`);
      mkdirSync(cwd, { recursive: true });
      const chains = new Map<string, Cmd[]>();
      for (const c of commands(mode).filter((x) => !x.skip?.includes(mode))) chains.set(c.chain, [...(chains.get(c.chain) ?? []), c]);
      return [...chains.values()].map((chain) => ({ mode, cwd, chain }));
    });
    const perChain = await pool(tasks, 4, async ({ mode, cwd, chain }) => {
      const out: Outcome[] = [];
      for (const c of chain) out.push(await runOne(c, mode, cwd));
      return out;
    });
    const all = perChain.flat();
    outcomes.push(...all);
    figure('canary', 'normal runs', { runs: all.length, ms: Date.now() - started });
    const leaked = all.filter((o) => leaks(o.text).length > 0).map((o) => `${o.label}: ${leaks(o.text).join(', ')}`);
    expect(leaked, leaked.join('\n')).toEqual([]);
    // The runs did their job (a leak check over failed runs proves little).
    const failed = all.filter((o) => !o.ok).map((o) => `${o.label} → exit ${o.code}\n${plain(o.text).slice(0, 400)}`);
    expect(failed, failed.join('\n')).toEqual([]);
    // The secret-value canary really was sent (and stored), so not printing it means something.
    expect(snap(b.emu).secrets.length).toBeGreaterThan(3);
  }, 120_000);

  it('error paths (401, 404 and 500 on every route, plain, --json and --verbose) show no canary', async () => {
    const started = Date.now();
    const cwd = join(b.home, 'project-errors');
    mkdirSync(cwd, { recursive: true });
    // Re-seed what the error runs reference (they fail anyway; this keeps names resolvable).
    await emuApi(b.emu, 'POST', '/v1/apps/1/secrets', { name: 'CANARY_SECRET', value: SECRET });
    const runs: Outcome[] = [];
    // 401 with the plain error line and the trace, 404 as a JSON error, 500 (retried) as both.
    for (const fault of [
      { status: 401, flags: ['--verbose'] },
      { status: 404, flags: ['--json'] },
      { status: 500, flags: ['--json', '--verbose', '--timeout', '1s'] },
    ]) {
      b.emu.clearFaults();
      b.emu.addFault({ path: '/v1/**', action: 'status', status: fault.status });
      b.emu.addFault({ path: '/api/**', action: 'status', status: fault.status });
      const cmds = commands('piped').filter((c) => c.errors);
      runs.push(...(await pool(cmds, 4, (c) => runOne({ ...c, ok: [1, 3, 4, 5, 7, 8] }, 'piped', cwd, fault.flags))));
    }
    b.emu.clearFaults();
    outcomes.push(...runs);
    figure('canary', 'error runs', { runs: runs.length, ms: Date.now() - started });
    const leaked = runs.filter((o) => leaks(o.text).length > 0).map((o) => `${o.label}: ${leaks(o.text).join(', ')}`);
    expect(leaked, leaked.join('\n')).toEqual([]);
    // Every one of them met the fault and failed cleanly.
    const unexpected = runs.filter((o) => !o.ok).map((o) => `${o.label} → exit ${o.code}`);
    expect(unexpected, unexpected.join('\n')).toEqual([]);
  }, 120_000);

  it('keys regenerate/rotate --reveal print new keys on stdout only, with the warning on stderr', async () => {
    const r = await b.run(['keys', 'regenerate', '-a', 'canary-app', '--secondary', '--yes', '--reveal', '--json']);
    expect(r.code, show(r)).toBe(0);
    expect(r.stdout).toMatch(ANY_KEY);
    expect(r.stderr).not.toMatch(ANY_KEY);
    expect(r.stderr).toMatch(/^warning: these keys grant data access/m);
    const rot = await b.run(['keys', 'rotate', '-a', 'canary-app', '--yes', '--reveal']);
    expect(rot.code, show(rot)).toBe(0);
    expect(rot.stdout).toMatch(ANY_KEY);
    expect(rot.stderr).not.toMatch(ANY_KEY);
    expect(rot.stderr).toMatch(/^warning: these keys grant data access/m);
  });

  it('no file the CLI wrote holds a canary, except the token store (0600 in a 0700 directory)', async () => {
    // One more login so the store exists at the end (the runs above logged out last).
    const login = await b.run(['auth', 'login', '--with-token'], { env: { SPICE_API_TOKEN: undefined }, stdin: TOKEN });
    expect(login.code, show(login)).toBe(0);
    const link = await b.run(['link', 'canary-app'], { cwd: join(b.home, 'project-piped') });
    expect(link.code, show(link)).toBe(0);
    const storeDir = join(b.home, 'config', 'spice-cloud');
    const store = join(storeDir, 'config.json');
    const files = walk(b.home);
    expect(files).toContain(store);
    expect(files).toContain(join(b.home, 'project-piped', '.spice', 'cloud.json'));
    const leaked = files.filter((f) => f !== store).flatMap((f) => leaks(readFileSync(f, 'latin1')).map((l) => `${f}: ${l}`));
    expect(leaked, leaked.join('\n')).toEqual([]);
    expect(readFileSync(store, 'utf8')).toContain(TOKEN);
    expect(statSync(store).mode & 0o777).toBe(0o600);
    expect(statSync(storeDir).mode & 0o777).toBe(0o700);
    figure('canary', 'files scanned', { files: files.length, runs: outcomes.length });
  });
});

describe('secrets echoed by a hostile server', () => {
  const r1 = randomBytes(8).toString('hex');
  const r2 = randomBytes(8).toString('hex');
  const r3 = randomBytes(10).toString('hex');
  /** Whitespace, quotes and a backslash inside; the random parts are what must not show. */
  const VALUE = `  ${r1}\n\t"quoted" \\ ${r2}\r\n`;
  const ECHO_TOKEN = `echo-token-${r3}`;
  const fragments = [r1, r2, r3].flatMap((r) => Array.from({ length: r.length - 7 }, (_, i) => r.slice(i, i + 8)));
  let server: Server;
  let url: string;
  let pad = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const send = (status: number, v: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(v));
        if (req.url === '/v1/apps') return send(200, { apps: [{ id: 1, name: 'echo-app' }] });
        // Echo the value (or the token) after `pad` characters, so that a cut lands inside it.
        const value = body ? ((JSON.parse(body) as { value?: string }).value ?? '') : String(req.headers.authorization);
        send(400, { error: `${'x'.repeat(pad)}${value} was refused`, message: value, details: { fieldErrors: { value: [value] } } });
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const leaked = (text: string) => fragments.filter((f) => text.includes(f));

  it('no fragment of an echoed secret value or token survives the cuts, in plain, --json and --verbose output', async () => {
    const problems: string[] = [];
    for (const p of [0, 480, 490, 495, 498, 1980, 1990, 1995]) {
      pad = p;
      for (const flags of [[], ['--json'], ['--verbose'], ['--json', '--verbose']]) {
        const env = { SPICE_API_URL: url, SPICE_API_TOKEN: ECHO_TOKEN, HOME: tmpdir() };
        const set = await runCli(['secrets', 'set', 'ECHOED', '-a', 'echo-app', ...flags], { env, stdin: VALUE });
        const got = await runCli(['apps', 'get', 'echo-app', ...flags], { env: { ...env }, stdin: 'close' });
        for (const [what, r] of [['secrets set', set], ['apps get', got]] as const) {
          const l = leaked(`${r.stdout}\n${r.stderr}`);
          if (l.length > 0) problems.push(`[pad ${p} ${flags.join(' ')}] ${what}: ${l.join(', ')}\n${r.stderr.slice(0, 600)}`);
          if (r.code !== 1) problems.push(`[pad ${p} ${flags.join(' ')}] ${what}: exit ${r.code}`);
        }
      }
    }
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);
});

describe('the runtime API key never leaks (sql, datasets, models, runtime status)', () => {
  // Deploys its own app, so it runs after the blocks above (their deployment IDs stay as they expect).
  const POD = { version: 'v1', kind: 'Spicepod', name: 'rt', datasets: [{ from: 'memory:notes', name: 'notes', columns: [{ name: 'id' }, { name: 'value' }] }], models: [{ from: 'openai:gpt-4o-mini', name: 'assistant' }] };
  let rtKeys: { api_key: string; api_key_2: string };

  beforeAll(async () => {
    const app = await emuApi<{ id: number }>(b.emu, 'POST', '/v1/apps', { name: 'runtime-canary', region: 'us-east-1' });
    await emuApi(b.emu, 'PUT', `/v1/apps/${app.id}`, { spicepod: POD });
    const d = await emuApi<{ id: number }>(b.emu, 'POST', `/v1/apps/${app.id}/deployments`, {});
    for (let i = 0; i < 300; i++) {
      const g = await emuApi<{ status: string }>(b.emu, 'GET', `/v1/apps/${app.id}/deployments/${d.id}`);
      if (g.status === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 10));
    }
    rtKeys = await emuApi(b.emu, 'GET', `/v1/apps/${app.id}/api-keys`);
  }, 60_000);

  const A = ['-a', 'runtime-canary'];
  const runs = (): Array<{ args: string[]; env?: Record<string, string | undefined>; ok: number[]; steps?: PtyStep[] }> => [
    { args: ['sql', 'SELECT * FROM notes', ...A], ok: [0] },
    { args: ['sql', 'SELECT * FROM notes', ...A, '--http'], ok: [0] },
    { args: ['sql', `SELECT '${rtKeys.api_key}' AS k`, ...A], ok: [0] },
    { args: ['sql', `SELECT '${rtKeys.api_key}' AS k`, ...A, '--http'], ok: [0] },
    { args: ['sql', 'SELECT * FROM no_such_table', ...A], ok: [2] },
    { args: ['sql', 'SELECT * FROM no_such_table', ...A, '--http'], ok: [2] },
    { args: ['sql', 'SELECT 1', '--endpoint', b.emu.runtime!.url], env: { SPICE_APP_API_KEY: 'spk_0123456789abcdef0123456789abcdef' }, ok: [4] },
    { args: ['datasets', 'list', ...A], ok: [0] },
    { args: ['models', 'list', ...A], ok: [0] },
    { args: ['runtime', 'status', ...A], ok: [0] },
    { args: ['sql', ...A], ok: [0], steps: [{ expect: 'sql> ', send: 'SELECT count(*) AS n FROM notes;\r' }, { expect: 'row', send: '.exit\r' }] },
  ];

  it('is in no output of any runtime command, in every mode, even when a query selects it', async () => {
    const found: string[] = [];
    for (const mode of ['piped', 'json-verbose', 'tty'] as Mode[]) {
      for (const c of runs()) {
        if (c.steps && mode !== 'tty') continue;
        const args = [...c.args, ...modeFlags(mode)];
        const r =
          mode === 'tty'
            ? await runPty(args, c.steps ?? [], { env: { ...b.env, ...c.env }, cwd: b.home }).then((p) => ({ code: p.code, text: p.output, timedOut: p.timedOut }))
            : await b.run(args, { env: c.env, stdin: 'close' }).then((p) => ({ code: p.code, text: `${p.stdout}\n${p.stderr}`, timedOut: false }));
        const label = `[${mode}] spice-cloud ${args.join(' ')}`;
        expect(r.timedOut, label).toBe(false);
        expect(c.ok, `${label}\n${plain(r.text)}`).toContain(r.code);
        for (const k of [rtKeys.api_key, rtKeys.api_key_2]) if (r.text.includes(k)) found.push(`${label}: the app's API key`);
        if (ANY_KEY.test(r.text)) found.push(`${label}: an API key`);
      }
    }
    // Nor in any file the runs wrote (the prompt's history among them).
    const history = join(b.home, 'config', 'spice-cloud', 'sql_history');
    expect(readFileSync(history, 'utf8')).toContain('SELECT count(*) AS n FROM notes;');
    for (const f of walk(b.home)) {
      const text = readFileSync(f, 'latin1');
      for (const k of [rtKeys.api_key, rtKeys.api_key_2]) if (text.includes(k)) found.push(`${f}: the app's API key`);
    }
    expect(found, found.join('\n')).toEqual([]);
  }, 240_000);
});
