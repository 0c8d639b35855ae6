/**
 * The commands around the API rather than on its resources: auth login/status/logout,
 * link/unlink, api, doctor, completion, help, and `spice-cloud emulator` itself run as a
 * child process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, bed, jsonError, plain, runCli, snapshot, type Bed } from './harness.js';

const ENTER = '\r';
const DOWN = '\u001b[B';

describe('auth login / status / logout', () => {
  let b: Bed;
  let configFile: string;
  /** No SPICE_API_TOKEN: the stored token is the one that counts. */
  const noEnvToken = { SPICE_API_TOKEN: undefined };
  const stored = () => (existsSync(configFile) ? (JSON.parse(readFileSync(configFile, 'utf8')) as { profiles: Record<string, { token?: string; org?: string; apiUrl?: string }> }).profiles : {});
  beforeAll(async () => {
    b = await bed();
    configFile = join(b.home, 'config', 'spice-cloud', 'config.json');
  });
  afterAll(() => b.close());

  it('login --with-token, piped: checks the token, stores it (0600) with the org, and never prints it', async () => {
    const token = b.emu.token;
    const r = await b.run(['auth', 'login', '--with-token'], { stdin: `${token}\n`, env: noEnvToken });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Logged in to http:\/\/127\.0\.0\.1:\d+ as profile "default" \(org emulator\)\.$/m);
    expect(r.stderr).toMatch(/^Token ••••oken saved in .*config\.json \(readable only by you\)\.$/m);
    expect(r.stderr).not.toContain(token);
    expect(stored().default).toEqual({ token, org: 'emulator', apiUrl: b.emu.url });
    expect(statSync(configFile).mode & 0o777).toBe(0o600);
  });

  it('login --with-token --json --profile: the profile as JSON, the token masked', async () => {
    const r = await b.run(['auth', 'login', '--with-token', '--profile', 'ci', '--json'], { stdin: b.emu.token, env: noEnvToken });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ profile: 'ci', org: 'emulator', token: '••••oken', api_url: b.emu.url });
    expect(r.stdout).not.toContain(b.emu.token);
    expect(stored().ci?.token).toBe(b.emu.token);
  });

  it('login --with-token on a terminal reads until Ctrl-D', async () => {
    const r = await b.pty(['auth', 'login', '--with-token', '--profile', 'tty'], [{ expect: 'Paste the token', send: `${b.emu.token}${ENTER}\u0004` }], { env: noEnvToken });
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/✓ Logged in to .* as profile "tty"/);
    expect(stored().tty?.token).toBe(b.emu.token);
  });

  it('login with a token the API rejects exits 4 and stores nothing; an empty one exits 2', async () => {
    const [rejected, empty] = await Promise.all([
      b.run(['auth', 'login', '--with-token', '--profile', 'bad'], { stdin: 'wrong-token\n', env: noEnvToken }),
      b.run(['auth', 'login', '--with-token', '--profile', 'bad'], { stdin: '\n', env: noEnvToken }),
    ]);
    expect(rejected.code).toBe(4);
    expect(rejected.stderr).toMatch(/^error: the API at .* rejected the token; nothing was stored/m);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no token on stdin/);
    expect(stored()).not.toHaveProperty('bad');
  });

  it('login warns that SPICE_API_TOKEN, when set, still takes precedence', async () => {
    const r = await b.run(['auth', 'login', '--with-token', '--profile', 'warned'], { stdin: b.emu.token });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warning: SPICE_API_TOKEN is set and takes precedence over the stored token/m);
  });

  it('status reports the stored token as valid, and commands use it', async () => {
    const [status, json, list] = await Promise.all([
      b.run(['auth', 'status'], { env: noEnvToken }),
      b.run(['auth', 'status', '--profile', 'ci', '--json'], { env: noEnvToken }),
      b.run(['regions', 'list'], { env: noEnvToken }),
    ]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Credentials\tstored by `auth login`\nProfile\tdefault\n/);
    expect(status.stdout).toMatch(/^Valid\tyes$/m);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ source: 'store', profile: 'ci', valid: true, token: '••••oken' });
    expect(list.code, list.stderr).toBe(0);
  });

  it('logout in all three modes removes the token; status then exits 4', async () => {
    const piped = await b.run(['auth', 'logout'], { env: noEnvToken });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toBe('');
    expect(piped.stderr).toMatch(/^Logged out: removed the token of profile "default" from .*config\.json\.$/m);
    expect(stored().default?.token).toBeUndefined();

    const json = await b.run(['auth', 'logout', '--profile', 'ci', '--json'], { env: noEnvToken });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ profile: 'ci', removed: true });

    const tty = await b.pty(['auth', 'logout', '--profile', 'ci'], [], { env: noEnvToken });
    expect(tty.code, tty.output).toBe(0);
    expect(plain(tty.output)).toMatch(/Profile "ci" has no stored token; nothing to remove\./);

    const status = await b.run(['auth', 'status', '--json'], { env: noEnvToken });
    expect(status.code).toBe(4);
    expect(JSON.parse(status.stdout)).toMatchObject({ source: 'none', valid: null });
    expect(jsonError(status.stderr)).toMatchObject({ code: 'no_token' });
  });
});

describe('link / unlink / link --status', () => {
  let b: Bed;
  let proj: string;
  const linkFile = () => join(proj, '.spice', 'cloud.json');
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'sales-data', region: 'us-east-1' });
    await b.call('POST', '/v1/apps', { name: 'other-app', region: 'us-east-1' });
    proj = join(b.home, 'proj');
    mkdirSync(join(proj, 'sub'), { recursive: true });
  });
  afterAll(() => b.close());

  it('link <name>, piped: writes .spice/cloud.json with the ID and name (no secret) and says so on stderr', async () => {
    const r = await b.run(['link', 'SALES-DATA'], { cwd: proj });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^Linked ${proj} to app sales-data \\(1\\)\\.$`, 'm'));
    expect(JSON.parse(readFileSync(linkFile(), 'utf8'))).toEqual({ app_id: 1, app_name: 'sales-data', api_url: b.emu.url });
    expect(readFileSync(linkFile(), 'utf8')).not.toContain(b.emu.token);
  });

  it('link <id> --json: the link as JSON, replacing the previous one', async () => {
    const r = await b.run(['link', '2', '--json'], { cwd: proj });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ path: linkFile(), app_id: 2, app_name: 'other-app', api_url: b.emu.url });
  });

  it('link without an app on a terminal offers a picker, the current link preselected', async () => {
    const r = await b.pty(['link'], [{ expect: '❯ other-app \\(2\\) \\(linked now\\)', send: ENTER }], { cwd: proj });
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/✓ Linked .* to app other-app \(2\)\./);
    expect(JSON.parse(readFileSync(linkFile(), 'utf8'))).toMatchObject({ app_id: 2, app_name: 'other-app' });
  });

  it('link to an unknown app exits 3 and leaves the link alone', async () => {
    const r = await b.run(['link', '77'], { cwd: proj });
    expect(r.code).toBe(3);
    expect(JSON.parse(readFileSync(linkFile(), 'utf8'))).toMatchObject({ app_id: 2 });
  });

  it('link --status from a subdirectory finds the link; SPICE_APP overrides it', async () => {
    const [linked, overridden] = await Promise.all([
      b.run(['link', '--status', '--json'], { cwd: join(proj, 'sub') }),
      b.run(['link', '--status'], { cwd: join(proj, 'sub'), env: { SPICE_APP: 'sales-data' } }),
    ]);
    expect(JSON.parse(linked.stdout)).toMatchObject({ linked: true, path: linkFile(), app_id: 2, effective_source: 'link' });
    expect(overridden.stdout).toMatch(/^Uses\tsales-data \(SPICE_APP overrides the link\)$/m);
  });

  it('unlink in all three modes: removes the file, then has nothing to remove, and names a parent link that still applies', async () => {
    const tty = await b.pty(['unlink'], [], { cwd: join(proj, 'sub') });
    expect(tty.code, tty.output).toBe(0);
    expect(plain(tty.output)).toMatch(/has no link file; nothing to remove\.\nThe link at .*\/proj\/\.spice\/cloud\.json \(app other-app\) still applies here/);

    const json = await b.run(['unlink', '--json'], { cwd: proj });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ removed: true, path: linkFile(), still_linked: null });
    expect(existsSync(linkFile())).toBe(false);

    const piped = await b.run(['unlink'], { cwd: proj });
    expect(piped.code).toBe(0);
    expect(piped.stderr).toMatch(/has no link file; nothing to remove\./);

    const status = await b.run(['link', '--status'], { cwd: proj });
    expect(status.stderr).toMatch(/^Not linked: pass --app with an app name or ID, set SPICE_APP, or run `spice-cloud link` here\.$/m);
  });
});

describe('api', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'sales-data', region: 'us-east-1' });
  });
  afterAll(() => b.close());

  it('GET prints the answer as one JSON line when piped and indented on a terminal, credentials masked', async () => {
    const [piped, tty, json] = await Promise.all([b.run(['api', 'apps']), b.pty(['api', '/v1/apps']), b.run(['api', 'v1/apps', '--json'])]);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).toBe(piped.stdout);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout.trim().split('\n')).toHaveLength(1);
    const body = JSON.parse(piped.stdout) as { apps: Array<{ name: string; api_key: string }> };
    expect(body.apps[0]).toMatchObject({ name: 'sales-data', api_key: expect.stringMatching(/^••••[0-9a-f]{4}$/) });
    expect(tty.code).toBe(0);
    expect(plain(tty.output)).toMatch(/^\{\n {2}"apps": \[\n/);
    expect(JSON.parse(plain(tty.output))).toEqual(body);
  });

  it('PUT with -f/-F fields changes the app; typed fields become numbers', async () => {
    const r = await b.run(['api', '-X', 'PUT', 'apps/1', '-f', 'description=via api', '-F', 'replicas=2', '-F', 'tags[team]=data']);
    expect(r.code, r.stderr).toBe(0);
    expect(snapshot(b.emu).apps[0]).toMatchObject({ description: 'via api', tags: { team: 'data' }, config: { replicas: 2 } });
  });

  it('POST to a secrets route masks the value in the answer; DELETE answering 204 prints nothing', async () => {
    const set = await b.run(['api', 'apps/1/secrets', '-f', 'name=VIA_API', '-f', 'value=plain-secret-value']);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ name: 'VIA_API', value: '********' });
    expect(set.stdout + set.stderr).not.toContain('plain-secret-value');

    const del = await b.run(['api', '-X', 'DELETE', 'apps/1/secrets/VIA_API']);
    expect(del.code, del.stderr).toBe(0);
    expect(del.stdout).toBe('');
    expect(snapshot(b.emu).secrets).toEqual([]);
  });

  it('reaches public routes without a token, and maps API errors to exit codes', async () => {
    const [health, missing, forbidden] = await Promise.all([
      b.run(['api', 'health'], { env: { SPICE_API_TOKEN: undefined } }),
      b.run(['api', 'apps/404', '--json']),
      b.run(['api', 'apps'], { env: { SPICE_API_TOKEN: undefined } }),
    ]);
    expect(health.code, health.stderr).toBe(0);
    expect(JSON.parse(health.stdout)).toMatchObject({ status: 'ok' });
    expect(missing.code).toBe(3);
    expect(jsonError(missing.stderr)).toMatchObject({ status: 404 });
    expect(forbidden.code).toBe(4);
  });
});

describe('doctor', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
  });
  afterAll(() => b.close());

  it('exits 4 when only the credentials fail, and 1 when the API cannot be reached', async () => {
    const down = await bed();
    const url = down.emu.url;
    await down.close();
    const [badToken, unreachable] = await Promise.all([
      b.run(['doctor'], { env: { SPICE_API_TOKEN: 'rejected-token' } }),
      b.run(['doctor', '--json', '--timeout', '1s'], { env: { SPICE_API_URL: url } }),
    ]);
    expect(badToken.code, badToken.stdout).toBe(4);
    expect(badToken.stdout).toMatch(/^✓ api\s+/m);
    expect(badToken.stdout).toMatch(/^✗ credentials\s+/m);
    expect(badToken.stdout + badToken.stderr).not.toContain('rejected-token');
    expect(unreachable.code, unreachable.stdout).toBe(1);
    const report = JSON.parse(unreachable.stdout) as { ok: boolean; checks: Array<{ name: string; ok: boolean }> };
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'api')?.ok).toBe(false);
  });
});

describe('completion and help', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'sales-data', region: 'us-east-1' });
    await b.call('POST', '/v1/apps', { name: 'search-app', region: 'us-east-1' });
  });
  afterAll(() => b.close());

  const SHELL_CHECKS: Array<[string, string[]]> = [
    ['bash', ['bash', '-n']],
    ['zsh', ['zsh', '-n']],
    ['fish', ['fish', '--no-execute']],
  ];
  for (const [shell, [cmd, ...args]] of SHELL_CHECKS as Array<[string, [string, ...string[]]]>) {
    const installed = spawnSync(cmd, ['--version']).error === undefined;
    it.skipIf(!installed)(`completion ${shell} prints a script ${shell} parses`, async () => {
      const r = await b.run(['completion', shell]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('spice-cloud');
      const file = join(b.home, `completion.${shell}`);
      writeFileSync(file, r.stdout);
      const parsed = spawnSync(cmd, [...args, file], { encoding: 'utf8' });
      expect(parsed.status, parsed.stderr).toBe(0);
    });
  }

  it('the bash script, sourced in bash, completes commands and app names from the API', async () => {
    const binDir = join(b.home, 'bin');
    mkdirSync(binDir, { recursive: true });
    const shim = join(binDir, 'spice-cloud');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(shim, 0o755);
    const script = [
      'source <(spice-cloud completion bash)',
      'complete_words() { COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _spice_cloud; echo "${COMPREPLY[*]}"; }',
      'complete_words spice-cloud ap',
      'complete_words spice-cloud secrets list --app s',
    ].join('\n');
    // Not spawnSync: the emulator lives in this process and must keep answering.
    const r = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn('bash', ['-c', script], { env: { ...b.env, PATH: `${binDir}:${process.env.PATH ?? ''}` } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
    expect(r.status, r.stderr).toBe(0);
    const [commands, apps] = r.stdout.trim().split('\n');
    expect(commands!.split(' ').sort()).toEqual(['api', 'apps']);
    expect(apps!.split(' ').sort()).toEqual(['sales-data', 'search-app']);
  });

  it('completion prints the script as is on a terminal, wraps it with --json, and exits 2 for an unknown shell', async () => {
    const [json, bad, tty] = await Promise.all([b.run(['completion', 'zsh', '--json']), b.run(['completion', 'tcsh']), b.pty(['completion', 'bash'])]);
    expect(tty.code, tty.output).toBe(0);
    expect(plain(tty.output)).toMatch(/^# bash completion for spice-cloud\n[\s\S]*^_spice_cloud\(\) \{$/m);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ shell: 'zsh', script: expect.stringContaining('#compdef spice-cloud') });
    expect(bad.code).toBe(2);
  });

  it('help <command> prints that command\'s help; a mistyped one exits 2 with a suggestion', async () => {
    const [help, typo] = await Promise.all([b.run(['help', 'apps', 'create']), b.run(['help', 'aps'])]);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: spice-cloud apps create \[options\] <name>/);
    expect(help.stdout).toContain('--region <region>');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^error: unknown command "aps"$/m);
    expect(typo.stderr).toMatch(/^hint: Did you mean "apps"/m);
  });
});

describe('spice-cloud emulator as a child process', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'spice-cloud-e2e-child-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  interface Child {
    url: string;
    token: string;
    stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  }

  /** Starts `spice-cloud emulator --port 0 ...` and waits for its SPICE_API_URL= line. */
  async function startChild(args: string[]): Promise<Child> {
    const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--runtime-port', '0', '--flight-port', '0', ...args], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    const lines = createInterface({ input: child.stdout });
    const env: Record<string, string> = {};
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`emulator did not start: ${stderr}`)), 10_000);
      lines.on('line', (line) => {
        const m = /^(SPICE_API_URL|SPICE_API_TOKEN)=(.*)$/.exec(line);
        if (m) env[m[1]!] = m[2]!;
        if (env.SPICE_API_URL && env.SPICE_API_TOKEN) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then(() => reject(new Error(`emulator exited early: ${stderr}`)));
    });
    try {
      await ready;
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
    return {
      url: env.SPICE_API_URL!,
      token: env.SPICE_API_TOKEN!,
      stop: async () => {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        const result = await exited;
        clearTimeout(timer);
        return { ...result, stderr };
      },
    };
  }

  it('prints SPICE_API_URL/SPICE_API_TOKEN, serves the CLI, honours --token scopes, and stops cleanly on SIGTERM', async () => {
    const emu = await startChild(['--queued', '0', '--running', '0', '--token', 'reader:apps:read']);
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emu.token).toBe('spice-emulator-token');
    const env = { SPICE_API_URL: emu.url, SPICE_API_TOKEN: emu.token, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') };
    try {
      const created = await runCli(['apps', 'create', 'child-app', '--region', 'us-east-1', '--json'], { env });
      expect(created.code, created.stderr).toBe(0);
      const [list, denied] = await Promise.all([
        runCli(['apps', 'list'], { env: { ...env, SPICE_API_TOKEN: 'reader' } }),
        runCli(['apps', 'create', 'denied-app', '--region', 'us-east-1'], { env: { ...env, SPICE_API_TOKEN: 'reader' } }),
      ]);
      expect(list.stdout).toMatch(/^1\tchild-app\t/);
      expect(denied.code).toBe(4);
    } finally {
      const stopped = await emu.stop();
      expect(stopped).toMatchObject({ code: 0, signal: null });
      expect(stopped.stderr).toMatch(/spice-cloud emulator listening on http:\/\/127\.0\.0\.1:\d+ \(state in memory\); Ctrl-C to stop/);
      expect(stopped.stderr).toMatch(/^emulated runtime: HTTP http:\/\/127\.0\.0\.1:\d+, Flight grpc:\/\/127\.0\.0\.1:\d+;/m);
      expect(stopped.stderr).toMatch(/emulator stopped/);
    }
    // Stopped means stopped: the port no longer answers.
    await expect(fetch(`${emu.url}/v1/health`)).rejects.toThrow();
  });

  it('--state keeps apps and secrets across a restart', async () => {
    const state = join(dir, 'emulator.json');
    const first = await startChild(['--state', state]);
    const env = (e: Child) => ({ SPICE_API_URL: e.url, SPICE_API_TOKEN: e.token, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config') });
    try {
      expect((await runCli(['apps', 'create', 'kept-app', '--region', 'us-west-2'], { env: env(first) })).code).toBe(0);
      expect((await runCli(['secrets', 'set', 'KEPT', '-a', 'kept-app'], { env: env(first), stdin: 'v' })).code).toBe(0);
    } finally {
      expect((await first.stop()).code).toBe(0);
    }
    expect(statSync(state).mode & 0o777).toBe(0o600);
    const second = await startChild(['--state', state]);
    try {
      const [apps, secrets] = await Promise.all([
        runCli(['apps', 'list'], { env: env(second) }),
        runCli(['secrets', 'list', '-a', 'kept-app'], { env: env(second) }),
      ]);
      expect(apps.stdout).toMatch(/^1\tkept-app\tus-west-2\t/);
      expect(secrets.stdout).toMatch(/^KEPT\t/);
    } finally {
      expect((await second.stop()).code).toBe(0);
    }
  });

  it('refuses a bad --fault spec with exit 2 before listening', async () => {
    const r = await runCli(['emulator', '--port', '0', '--fault', 'GET /v1/apps=explode'], { timeoutMs: 10_000 });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: invalid --fault: /m);
    expect(r.stdout).not.toMatch(/SPICE_API_URL=/);
  });
});
