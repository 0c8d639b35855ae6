/**
 * Machine credentials for CI, end to end: SPICE_CLIENT_ID + SPICE_CLIENT_SECRET are
 * exchanged at the emulator's token endpoint (derived from the API URL), the access token
 * is cached in the 0600 store and reused across invocations until 60 s before it
 * expires, and a token the API no longer accepts is dropped and exchanged again, once.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { bed, requestLines, runCli, type Bed } from '../harness.js';

const ID = 'emulator-client';
const SECRET = 'emulator-secret';
const cc = { SPICE_API_TOKEN: undefined, SPICE_CLIENT_ID: ID, SPICE_CLIENT_SECRET: SECRET };

let b: Bed;
/** Added to the emulator's clock: lets a test age the emulator's tokens. */
let skewMs = 0;
let homes = 0;

beforeAll(async () => {
  b = await bed({ now: () => Date.now() + skewMs });
});
afterAll(async () => {
  await b?.close();
});

/** A config home of its own for a test (cached tokens do not leak between tests). */
function freshConfig(): { XDG_CONFIG_HOME: string; file: string } {
  const dir = join(b.home, `config-${++homes}`);
  return { XDG_CONFIG_HOME: dir, file: join(dir, 'spice-cloud', 'config.json') };
}

const exchanges = (emu: RunningEmulator) => emu.requests().filter((r) => r.path === '/api/oauth/token');

function cachedTokens(file: string): Array<{ key: string; accessToken: string; expiresAt: number }> {
  const oauth = (JSON.parse(readFileSync(file, 'utf8')) as { oauth?: Record<string, { accessToken: string; expiresAt: number }> }).oauth ?? {};
  return Object.entries(oauth).map(([key, v]) => ({ key, ...v }));
}

/** Rewrites the expiry of every cached token, as if time had passed. */
function setCachedExpiry(file: string, expiresAt: number): void {
  const data = JSON.parse(readFileSync(file, 'utf8')) as { oauth: Record<string, { expiresAt: number }> };
  for (const t of Object.values(data.oauth)) t.expiresAt = expiresAt;
  writeFileSync(file, JSON.stringify(data));
}

describe('client credentials', () => {
  it('exchanges once and reuses the cached token across several invocations', async () => {
    const cfg = freshConfig();
    const env = { ...cc, XDG_CONFIG_HOME: cfg.XDG_CONFIG_HOME };
    const before = b.emu.requests().length;
    const create = await b.run(['apps', 'create', 'cc-app', '--region', 'us-east-1', '--json'], { env });
    const set = await b.run(['secrets', 'set', 'DB_URL', '-a', 'cc-app'], { env, stdin: 'postgres://db/ci' });
    const list = await b.run(['apps', 'list', '--json'], { env });
    const status = await b.run(['auth', 'status', '--json'], { env });
    for (const r of [create, set, list, status]) expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(list.stdout).map((a: { name: string }) => a.name)).toContain('cc-app');

    const log = requestLines(b.emu).slice(before);
    expect(log.filter((l) => l.includes('/api/oauth/token'))).toEqual(['POST /api/oauth/token 200']);
    expect(log[0]).toBe('POST /api/oauth/token 200');
    expect(log.every((l) => / 20\d$/.test(l))).toBe(true);

    expect(JSON.parse(status.stdout)).toMatchObject({ source: 'client-credentials', client_id: ID, token: null, valid: true });
    // The store holds the access token, never the secret, and only its owner can read it.
    expect(statSync(cfg.file).mode & 0o777).toBe(0o600);
    const text = readFileSync(cfg.file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(cachedTokens(cfg.file)).toHaveLength(1);
  });

  it('exchanges again once the cached token is within 60 s of expiring, and not before', async () => {
    const cfg = freshConfig();
    const env = { ...cc, XDG_CONFIG_HOME: cfg.XDG_CONFIG_HOME };
    const n0 = exchanges(b.emu).length;
    expect((await b.run(['regions', 'list', '--json'], { env })).code).toBe(0);
    const first = cachedTokens(cfg.file)[0]!;

    setCachedExpiry(cfg.file, Date.now() + 75_000); // 75 s left: still reused
    expect((await b.run(['regions', 'list', '--json'], { env })).code).toBe(0);
    expect(exchanges(b.emu).length - n0).toBe(1);

    setCachedExpiry(cfg.file, Date.now() + 50_000); // 50 s left: inside the margin
    expect((await b.run(['regions', 'list', '--json'], { env })).code).toBe(0);
    expect(exchanges(b.emu).length - n0).toBe(2);
    const second = cachedTokens(cfg.file)[0]!;
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.expiresAt).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('does not reuse tokens that live no longer than the refresh margin', async () => {
    const short = await bed({ tokenTtlSeconds: 60 });
    try {
      const env = { ...cc };
      for (let i = 0; i < 2; i++) expect((await short.run(['apps', 'list', '--json'], { env })).code).toBe(0);
      expect(requestLines(short.emu)).toEqual(['POST /api/oauth/token 200', 'GET /v1/apps?limit=100 200', 'POST /api/oauth/token 200', 'GET /v1/apps?limit=100 200']);
    } finally {
      await short.close();
    }
  });

  it('refreshes a token that expires during a long deploy --wait, before the API rejects it', async () => {
    const short = await bed({ tokenTtlSeconds: 2, runningMs: 3000 });
    try {
      const headers = { authorization: `Bearer ${short.emu.token}`, 'content-type': 'application/json' };
      const created = await fetch(`${short.emu.url}/v1/apps`, { method: 'POST', headers, body: JSON.stringify({ name: 'long-wait', region: 'us-east-1' }) });
      expect(created.status).toBe(201);
      const put = await fetch(`${short.emu.url}/v1/apps/1`, { method: 'PUT', headers, body: JSON.stringify({ spicepod: 'version: v1\nkind: Spicepod\nname: w\n' }) });
      expect(put.status).toBe(200);

      const before = short.emu.requests().length;
      const r = await short.run(['deploy', '-a', 'long-wait', '--wait', '--interval', '200ms', '--json'], { env: cc });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'succeeded', created_by: ID });
      const log = requestLines(short.emu).slice(before);
      expect(log.filter((l) => / 401$/.test(l))).toEqual([]);
      // Polls spanned the token's life: it was exchanged again while waiting.
      const polls = log.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('GET /v1/apps/1/deployments/1 '));
      const lastPoll = polls[polls.length - 1]![1];
      const firstPoll = polls[0]![1];
      expect(log.slice(firstPoll, lastPoll).filter((l) => l.startsWith('POST /api/oauth/token'))).not.toEqual([]);
    } finally {
      await short.close();
    }
  });

  it('exits 4 with a hint naming SPICE_CLIENT_SECRET for a wrong secret, even with a token cached for the right one', async () => {
    const cfg = freshConfig();
    expect((await b.run(['apps', 'list'], { env: { ...cc, XDG_CONFIG_HOME: cfg.XDG_CONFIG_HOME } })).code).toBe(0);
    const before = b.emu.requests().length;
    const r = await b.run(['apps', 'list'], { env: { ...cc, SPICE_CLIENT_SECRET: 'not-the-secret', XDG_CONFIG_HOME: cfg.XDG_CONFIG_HOME } });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: get an access token with SPICE_CLIENT_ID\/SPICE_CLIENT_SECRET failed: invalid_client$/m);
    expect(r.stderr).toMatch(/^hint: .*SPICE_CLIENT_SECRET/m);
    expect(r.stderr).not.toContain('not-the-secret');
    // One refused exchange, and the API itself was never asked.
    expect(requestLines(b.emu).slice(before)).toEqual(['POST /api/oauth/token 401']);

    const json = await b.run(['auth', 'status', '--json'], { env: { ...cc, SPICE_CLIENT_SECRET: 'not-the-secret', XDG_CONFIG_HOME: cfg.XDG_CONFIG_HOME } });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({ source: 'client-credentials', valid: false });
    expect(JSON.parse(json.stderr.trim()).error).toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('refuses a client ID without a secret before sending anything (exit 2)', async () => {
    const before = b.emu.requests().length;
    const r = await b.run(['apps', 'list'], { env: { ...cc, SPICE_CLIENT_SECRET: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SPICE_CLIENT_ID and SPICE_CLIENT_SECRET must be set together');
    expect(b.emu.requests().length).toBe(before);
  });

  it('drops a cached token the API reports expired and exchanges again transparently', async () => {
    const cfg = freshConfig();
    const env = { ...cc, XDG_CONFIG_HOME: cfg.XDG_CONFIG_HOME };
    expect((await b.run(['members', 'list', '--json'], { env })).code).toBe(0);
    skewMs = 2 * 3600_000; // the emulator's clock jumps two hours: its token has expired
    try {
      const before = b.emu.requests().length;
      const r = await b.run(['members', 'list', '--json'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toHaveLength(2);
      expect(requestLines(b.emu).slice(before)).toEqual(['GET /v1/members?limit=100 401', 'POST /api/oauth/token 200', 'GET /v1/members?limit=100 200']);
    } finally {
      skewMs = 0;
    }
  });

  it('gives up after one renewal when the API keeps answering 401 (exit 4)', async () => {
    const cfg = freshConfig();
    b.emu.addFault({ method: 'GET', path: '/v1/regions', action: 'status', status: 401 });
    try {
      const before = b.emu.requests().length;
      const r = await b.run(['regions', 'list'], { env: { ...cc, XDG_CONFIG_HOME: cfg.XDG_CONFIG_HOME } });
      expect(r.code).toBe(4);
      expect(requestLines(b.emu).slice(before)).toEqual([
        'POST /api/oauth/token 200',
        'GET /v1/regions 401',
        'POST /api/oauth/token 200',
        'GET /v1/regions 401',
      ]);
    } finally {
      b.emu.clearFaults();
    }
  });

  it('exchanges again after the emulator restarts and forgets its tokens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spice-cloud-cc-'));
    let emu = await startEmulator({ port: 0, queuedMs: 0, runningMs: 0 });
    const port = emu.port;
    const env = { ...cc, SPICE_API_URL: emu.url, XDG_CONFIG_HOME: dir, HOME: dir };
    try {
      expect((await runCli(['apps', 'list', '--json'], { env })).code).toBe(0);
      expect(requestLines(emu)).toEqual(['POST /api/oauth/token 200', 'GET /v1/apps?limit=100 200']);
      await emu.close();
      emu = await startEmulator({ port, queuedMs: 0, runningMs: 0 });

      // A POST first: `api` sends exactly one request.
      const r = await runCli(['api', 'apps', '-f', 'name=after-restart', '-f', 'region=us-east-1'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ name: 'after-restart' });
      // The rejected POST was not processed, so repeating it with the new token is safe.
      expect(requestLines(emu)).toEqual(['POST /v1/apps 401', 'POST /api/oauth/token 200', 'POST /v1/apps 201']);
      // The new token was cached: the next run needs no exchange.
      expect((await runCli(['apps', 'list', '--json'], { env })).code).toBe(0);
      expect(requestLines(emu).slice(3)).toEqual(['GET /v1/apps?limit=100 200']);
    } finally {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses SPICE_OAUTH_URL instead of the endpoint derived from the API URL', async () => {
    const seen: string[] = [];
    // A stand-in token endpoint that hands out the emulator's static token.
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const p = JSON.parse(body) as Record<string, string>;
        seen.push(`${req.method} ${req.url} ${p.grant_type} ${p.client_id} ${p.client_secret === SECRET}`);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: b.emu.token, token_type: 'Bearer', expires_in: 3600 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/custom/token`;
      const before = b.emu.requests().length;
      const r = await b.run(['apps', 'list', '--json'], { env: { ...cc, ...freshConfig(), SPICE_OAUTH_URL: url } });
      expect(r.code, r.stderr).toBe(0);
      expect(seen).toEqual([`POST /custom/token client_credentials ${ID} true`]);
      expect(requestLines(b.emu).slice(before)).toEqual(['GET /v1/apps?limit=100 200']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('derives the token endpoint from --api-url when SPICE_API_URL is not set', async () => {
    const before = b.emu.requests().length;
    const r = await b.run(['auth', 'status', '--json', '--api-url', b.emu.url], { env: { ...cc, ...freshConfig(), SPICE_API_URL: undefined } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ source: 'client-credentials', api_url: b.emu.url, api_url_source: 'flag', valid: true });
    expect(requestLines(b.emu).slice(before)).toEqual(['POST /api/oauth/token 200', 'GET /v1/orgs?limit=100 200']);
  });

  it('follows the documented precedence: SPICE_API_TOKEN > client credentials > stored token', async () => {
    const cfg = freshConfig();
    const login = await b.run(['auth', 'login', '--with-token'], { env: { SPICE_API_TOKEN: undefined, XDG_CONFIG_HOME: cfg.XDG_CONFIG_HOME }, stdin: b.emu.token });
    expect(login.code, login.stderr).toBe(0);
    const status = async (env: Record<string, string | undefined>) => {
      const r = await b.run(['auth', 'status', '--json'], { env: { XDG_CONFIG_HOME: cfg.XDG_CONFIG_HOME, SPICE_API_TOKEN: undefined, ...env } });
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { source: string }).source;
    };
    const n0 = exchanges(b.emu).length;
    expect(await status({})).toBe('store');
    expect(await status({ SPICE_API_TOKEN: b.emu.token, SPICE_CLIENT_ID: ID, SPICE_CLIENT_SECRET: SECRET })).toBe('env');
    expect(exchanges(b.emu).length).toBe(n0); // an env token never exchanges
    expect(await status({ SPICE_CLIENT_ID: ID, SPICE_CLIENT_SECRET: SECRET })).toBe('client-credentials');
    expect(exchanges(b.emu).length).toBe(n0 + 1);
  });
});
