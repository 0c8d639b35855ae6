import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/doctor/doctor.js';
import { CliError, ExitCode, SilentExit } from '../../../../src/errors.js';
import { json, testContext, TOKEN, type TestContextOptions } from '../../../helpers/context.js';


const NOW = Date.parse('2026-11-26T12:00:00Z');
const dateHeader = (offsetMs = 0) => ({ headers: { 'content-type': 'application/json', date: new Date(NOW + offsetMs).toUTCString() } });
const noAuthHeader = (h: Record<string, string>) => !('authorization' in h);

function freshConfigDir(): string {
  return join(mkdtempSync(join(tmpdir(), 'spice-doctor-')), 'spice-cloud');
}

async function setup(o: TestContextOptions = {}) {
  return testContext({ nodeVersion: '20.19.0', ...o, env: { SPICE_CONFIG_DIR: freshConfigDir(), SPICE_KEYRING: 'file', ...o.env } });
}

async function exitOf(p: Promise<unknown>): Promise<number> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (e === undefined) return 0;
  if (!(e instanceof SilentExit)) throw e as CliError;
  return e.exitCode;
}

type T = Awaited<ReturnType<typeof setup>>;
const healthy = (t: T, skewMs = 0) => t.api.intercept({ path: '/v1/health', method: 'GET', headers: noAuthHeader }).reply(200, { status: 'ok' }, dateHeader(skewMs));
const appsOk = (t: T) =>
  t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET', headers: { authorization: `Bearer ${TOKEN}` } }).reply(200, { apps: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }] }, json);
const rows = (t: T) => t.io.out().trimEnd().split('\n');
const rowOf = (t: T, name: string) => rows(t).find((r) => r.slice(2).startsWith(`${name} `)) ?? '';

describe('doctor parse', () => {
  it('takes no options', () => {
    expect(parse({ args: [], opts: {}, env: {} })).toEqual({});
  });
});

describe('doctor run', () => {
  it('prints a ✓ row per check and exits 0 when all is well', async () => {
    const t = await setup({ tty: true });
    healthy(t);
    appsOk(t);
    expect(await exitOf(run({}, t.ctx))).toBe(0);
    expect(rows(t).map((r) => r.split(/\s+/).slice(0, 2).join(' '))).toEqual([
      '✓ version',
      '✓ node',
      '✓ config',
      '✓ keychain',
      '✓ proxy',
      '✓ api',
      '✓ clock',
      '✓ credentials',
    ]);
    expect(rowOf(t, 'version')).toMatch(/spice-cloud 0\.0\.0-test$/);
    expect(rowOf(t, 'node')).toMatch(/Node\.js 20\.19\.0 \(/);
    expect(rowOf(t, 'api')).toMatch(/https:\/\/api\.test \(from SPICE_API_URL\) answered in \d+ ms$/);
    expect(rowOf(t, 'clock')).toMatch(/in sync with the API's clock$/);
    expect(rowOf(t, 'credentials')).toMatch(/SPICE_API_TOKEN: accepted \(2 apps visible\)$/);
    expect(t.io.out()).not.toContain(TOKEN);
    t.done();
  });

  it('prints the same rows when piped', async () => {
    const t = await setup({ tty: false });
    healthy(t);
    appsOk(t);
    await run({}, t.ctx);
    expect(rows(t)).toHaveLength(8);
    expect(rowOf(t, 'proxy')).toMatch(/^✓ proxy\s+none set: direct connection$/);
  });

  it('prints {ok, checks:[{name, ok, status, detail}]} with --json', async () => {
    const t = await setup({ globals: { json: true } });
    healthy(t);
    appsOk(t);
    await run({}, t.ctx);
    const out = JSON.parse(t.io.out());
    expect(out.ok).toBe(true);
    expect(out.checks.map((c: { name: string }) => c.name)).toEqual(['version', 'node', 'config', 'keychain', 'proxy', 'api', 'clock', 'credentials']);
    expect(out.checks[0]).toEqual({ name: 'version', ok: true, status: 'pass', detail: 'spice-cloud 0.0.0-test' });
  });

  it('exits 4 when the API refuses the token, without printing it', async () => {
    const t = await setup({ globals: { json: true } });
    healthy(t);
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(401, { error: 'Token expired' }, json);
    expect(await exitOf(run({}, t.ctx))).toBe(ExitCode.auth);
    const out = JSON.parse(t.io.out());
    expect(out.ok).toBe(false);
    expect(out.checks.at(-1)).toEqual({ name: 'credentials', ok: false, status: 'fail', detail: 'SPICE_API_TOKEN: refused (list apps failed: Token expired)' });
    expect(t.io.out()).not.toContain(TOKEN);
    t.done();
  });

  it('exits 4 when there are no credentials at all, still checking the API anonymously', async () => {
    const t = await setup({ env: { SPICE_API_TOKEN: undefined } });
    healthy(t);
    expect(await exitOf(run({}, t.ctx))).toBe(ExitCode.auth);
    expect(rowOf(t, 'credentials')).toMatch(/^✗ credentials\s+none found: set SPICE_API_TOKEN/);
    expect(rowOf(t, 'api')).toMatch(/^✓ api/);
    t.done();
  });

  it('names the stored profile and the org it uses', async () => {
    const { memoryConfigStore } = await import('../../../../src/config/store.js');
    const t = await setup({ env: { SPICE_API_TOKEN: undefined, SPICE_ORG: 'acme' }, config: memoryConfigStore({ profiles: { default: { token: 'stored-token-0123456789' } } }) });
    healthy(t);
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET', headers: { authorization: 'Bearer stored-token-0123456789', 'x-org-name': 'acme' } }).reply(200, [], json);
    await run({}, t.ctx);
    expect(rowOf(t, 'credentials')).toMatch(/profile "default", org "acme": accepted \(0 apps visible\)$/);
    t.done();
  });

  it('warns, without failing, when the token lacks the apps:read scope', async () => {
    const t = await setup();
    healthy(t);
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(403, { error: 'Insufficient scope. Required: apps:read', code: 'insufficient_scope' }, json);
    expect(await exitOf(run({}, t.ctx))).toBe(0);
    expect(rowOf(t, 'credentials')).toMatch(/^! credentials\s+SPICE_API_TOKEN: accepted, but without the apps:read scope$/);
  });

  it('exits 1 when the API cannot be reached, and does not blame the credentials', async () => {
    const t = await setup();
    t.api.intercept({ path: '/v1/health', method: 'GET' }).replyWithError(new Error('ECONNREFUSED'));
    expect(await exitOf(run({}, t.ctx))).toBe(ExitCode.error);
    expect(rowOf(t, 'api')).toMatch(/^✗ api\s+https:\/\/api\.test \(from SPICE_API_URL\): health check failed/);
    expect(rowOf(t, 'clock')).toMatch(/^! clock\s+not checked/);
    expect(rowOf(t, 'credentials')).toMatch(/^! credentials\s+SPICE_API_TOKEN; not verified: the API did not answer$/);
    t.done();
  });

  it('warns when the API reports a status other than ok', async () => {
    const t = await setup();
    t.api.intercept({ path: '/v1/health', method: 'GET' }).reply(200, { status: 'degraded' }, dateHeader());
    appsOk(t);
    expect(await exitOf(run({}, t.ctx))).toBe(0);
    expect(rowOf(t, 'api')).toMatch(/^! api .*reports status "degraded"$/);
  });

  it('warns about a clock a minute off, and fails beyond five minutes', async () => {
    const t = await setup();
    healthy(t, -60_000);
    appsOk(t);
    expect(await exitOf(run({}, t.ctx))).toBe(0);
    expect(rowOf(t, 'clock')).toMatch(/^! clock\s+60s ahead of the API's clock; consider syncing/);

    const t2 = await setup();
    healthy(t2, 10 * 60_000);
    appsOk(t2);
    expect(await exitOf(run({}, t2.ctx))).toBe(ExitCode.error);
    expect(rowOf(t2, 'clock')).toMatch(/^✗ clock\s+10m behind the API's clock/);
  });

  it('warns when the API sends no Date header', async () => {
    const t = await setup();
    t.api.intercept({ path: '/v1/health', method: 'GET' }).reply(200, { status: 'ok' }, json);
    appsOk(t);
    await run({}, t.ctx);
    expect(rowOf(t, 'clock')).toMatch(/^! clock\s+not checked: the API sent no Date header$/);
  });

  it('fails on a Node.js older than 20.18.1', async () => {
    const t = await setup({ nodeVersion: '20.18.0' });
    healthy(t);
    appsOk(t);
    expect(await exitOf(run({}, t.ctx))).toBe(ExitCode.error);
    expect(rowOf(t, 'node')).toMatch(/^✗ node\s+Node\.js 20\.18\.0 .*needs 20\.18\.1 or later$/);
  });

  it('fails when the settings cannot be resolved, and checks nothing over the network', async () => {
    const t = await setup({ env: { SPICE_API_TOKEN: undefined, SPICE_CLIENT_ID: 'only-the-id' } });
    expect(await exitOf(run({}, t.ctx))).toBe(ExitCode.error);
    expect(rowOf(t, 'settings')).toMatch(/^✗ settings\s+SPICE_CLIENT_ID and SPICE_CLIENT_SECRET must be set together$/);
    t.done();
  });
});

describe('doctor config check', () => {
  const withConfig = async (dirMode: number, fileMode?: number) => {
    const dir = freshConfigDir();
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, dirMode);
    if (fileMode !== undefined) {
      writeFileSync(join(dir, 'config.json'), '{}');
      chmodSync(join(dir, 'config.json'), fileMode);
    }
    const t = await setup({ env: { SPICE_CONFIG_DIR: dir } });
    healthy(t);
    appsOk(t);
    expect(await exitOf(run({}, t.ctx))).toBe(0);
    return { row: rowOf(t, 'config'), dir };
  };

  it('passes a 0600 file in a 0700 directory', async () => {
    const { row, dir } = await withConfig(0o700, 0o600);
    expect(row).toBe(`✓ config       ${join(dir, 'config.json')} (0600)`);
  });

  it('passes when there is no config file yet', async () => {
    const { row, dir } = await withConfig(0o700);
    expect(row).toBe(`✓ config       ${join(dir, 'config.json')} (not created yet)`);
  });

  it('warns about a file others can read, with the fix', async () => {
    const { row, dir } = await withConfig(0o700, 0o644);
    expect(row).toBe(`! config       ${join(dir, 'config.json')} is 0644, readable by others; run: chmod 600 ${join(dir, 'config.json')}`);
  });

  it('warns about a directory others can enter', async () => {
    const { row, dir } = await withConfig(0o755, 0o600);
    expect(row).toBe(`! config       ${dir} is 0755, readable by others; run: chmod 700 ${dir}`);
  });
});

describe('doctor proxy check', () => {
  const proxyRow = async (env: Record<string, string>) => {
    const t = await setup({ env });
    healthy(t);
    appsOk(t);
    const code = await exitOf(run({}, t.ctx));
    return { row: rowOf(t, 'proxy'), code, out: t.io.out() };
  };

  it('names the proxy the API goes through, masking its password', async () => {
    const { row, out } = await proxyRow({ HTTPS_PROXY: 'http://user:pa55w0rd@proxy.corp:3128' });
    expect(row).toMatch(/HTTPS_PROXY=http:\/\/\*\*\*@proxy\.corp:3128; the API is reached through HTTPS_PROXY$/);
    expect(out).not.toContain('pa55w0rd');
  });

  it('prefers the lower-case variable, as undici does', async () => {
    const { row } = await proxyRow({ https_proxy: 'http://lower:3128', HTTPS_PROXY: 'http://upper:3128' });
    expect(row).toMatch(/the API is reached through https_proxy$/);
  });

  it('says when NO_PROXY excludes the API host', async () => {
    const { row } = await proxyRow({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'localhost,.test' });
    expect(row).toMatch(/NO_PROXY=localhost,\.test; the API host is excluded by NO_PROXY$/);
  });

  it('fails on a proxy variable that is not an http(s) URL, such as one without a scheme', async () => {
    for (const value of ['proxy.corp:3128', 'not a url', 'socks5://proxy:1080']) {
      const { row, code } = await proxyRow({ HTTP_PROXY: value });
      expect(code, value).toBe(ExitCode.error);
      expect(row).toMatch(/^✗ proxy\s+HTTP_PROXY is not an http:\/\/ or https:\/\/ URL/);
    }
  });
});
