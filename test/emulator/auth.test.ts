import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { call, FakeClock, start } from './helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function tokenFor(e: RunningEmulator, body: Record<string, string>): Promise<string> {
  const r = await call(e, 'POST', '/api/oauth/token', { token: null, body: { grant_type: 'client_credentials', ...body } });
  if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
  return r.body.access_token as string;
}

describe('OAuth client credentials', () => {
  it('issues a bearer token from a JSON body with the default client', async () => {
    emu = await start();
    const r = await call(emu, 'POST', '/api/oauth/token', {
      token: null,
      body: { grant_type: 'client_credentials', client_id: 'emulator-client', client_secret: 'emulator-secret' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(r.body.access_token.split('.')).toHaveLength(3);
    expect((await call(emu, 'GET', '/v1/apps', { token: r.body.access_token })).status).toBe(200);
  });

  it('accepts an application/x-www-form-urlencoded body (terraform)', async () => {
    emu = await start();
    const r = await call(emu, 'POST', '/api/oauth/token', {
      token: null,
      raw: 'grant_type=client_credentials&client_id=emulator-client&client_secret=emulator-secret',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(200);
    expect((await call(emu, 'GET', '/v1/regions', { token: r.body.access_token })).status).toBe(200);
  });

  it('accepts HTTP Basic client authentication', async () => {
    emu = await start();
    const r = await call(emu, 'POST', '/api/oauth/token', {
      token: null,
      raw: 'grant_type=client_credentials',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from('emulator-client:emulator-secret').toString('base64')}` },
    });
    expect(r.status).toBe(200);
  });

  it('401 invalid_client for a wrong secret or unknown client; 400 for a wrong grant type', async () => {
    emu = await start();
    const wrong = await call(emu, 'POST', '/api/oauth/token', { token: null, body: { grant_type: 'client_credentials', client_id: 'emulator-client', client_secret: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toBe('invalid_client');
    const unknown = await call(emu, 'POST', '/api/oauth/token', { token: null, body: { grant_type: 'client_credentials', client_id: 'ghost', client_secret: 'x' } });
    expect(unknown.status).toBe(401);
    const grant = await call(emu, 'POST', '/api/oauth/token', { token: null, body: { grant_type: 'password', client_id: 'emulator-client', client_secret: 'emulator-secret' } });
    expect(grant.status).toBe(400);
    expect(grant.body.error).toBe('unsupported_grant_type');
    expect((await call(emu, 'POST', '/api/oauth/token', { token: null, body: {} })).status).toBe(400);
  });

  it('tokens expire after tokenTtlSeconds (401 Token expired)', async () => {
    const clock = new FakeClock();
    emu = await start({ now: clock.now, tokenTtlSeconds: 60 });
    const r = await call(emu, 'POST', '/api/oauth/token', { token: null, body: { grant_type: 'client_credentials', client_id: 'emulator-client', client_secret: 'emulator-secret' } });
    expect(r.body.expires_in).toBe(60);
    const token = r.body.access_token as string;
    clock.advance(59_000);
    expect((await call(emu, 'GET', '/v1/apps', { token })).status).toBe(200);
    clock.advance(1_000);
    const expired = await call(emu, 'GET', '/v1/apps', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.error).toBe('Token expired');
  });

  it('tokens carry the client scopes; a requested scope must be within them', async () => {
    emu = await start({ clients: ['ci:s3cret:apps:read,deployments:write'] });
    const token = await tokenFor(emu, { client_id: 'ci', client_secret: 's3cret' });
    expect((await call(emu, 'GET', '/v1/apps', { token })).status).toBe(200);
    const denied = await call(emu, 'POST', '/v1/apps', { token, body: { name: 'not-allowed' } });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ error: 'Insufficient scope. Required: apps:write', code: 'insufficient_scope' });

    const narrowed = await tokenFor(emu, { client_id: 'ci', client_secret: 's3cret', scope: 'apps:read' });
    expect((await call(emu, 'GET', '/v1/apps', { token: narrowed })).status).toBe(200);
    const wider = await call(emu, 'POST', '/api/oauth/token', {
      token: null,
      body: { grant_type: 'client_credentials', client_id: 'ci', client_secret: 's3cret', scope: 'members:delete' },
    });
    expect(wider.status).toBe(400);
    expect(wider.body.error).toBe('invalid_scope');
    // the default client is replaced by the configured ones
    expect((await call(emu, 'POST', '/api/oauth/token', { token: null, body: { grant_type: 'client_credentials', client_id: 'emulator-client', client_secret: 'emulator-secret' } })).status).toBe(401);
  });

  it('OAuth tokens naming another org get org_assertion_mismatch', async () => {
    emu = await start();
    const token = await tokenFor(emu, { client_id: 'emulator-client', client_secret: 'emulator-secret' });
    const r = await call(emu, 'GET', '/v1/apps', { token, headers: { 'x-org-name': 'someone-else' } });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('org_assertion_mismatch');
  });
});

describe('bearer tokens and scopes', () => {
  it('401 Missing Authorization header / Invalid token format / Invalid token', async () => {
    emu = await start();
    expect((await call(emu, 'GET', '/v1/apps', { token: null })).body).toEqual({ error: 'Missing Authorization header' });
    const basic = await call(emu, 'GET', '/v1/apps', { token: null, headers: { authorization: 'Basic abc' } });
    expect(basic.body.error).toBe('Invalid token format');
    const unknown = await call(emu, 'GET', '/v1/apps', { token: 'who-knows' });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error).toBe('Invalid token');
    expect(unknown.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('the default token has every scope; defaultToken replaces it', async () => {
    emu = await start({ defaultToken: 'my-token' });
    expect(emu.token).toBe('my-token');
    expect((await call(emu, 'GET', '/v1/apps')).status).toBe(200);
    expect((await call(emu, 'GET', '/v1/apps', { token: 'spice-emulator-token' })).status).toBe(401);
  });

  it('uses each operation x-scope: read-only tokens can read but not write', async () => {
    emu = await start({ tokens: ['ro:apps:read'] });
    expect((await call(emu, 'GET', '/v1/apps', { token: 'ro' })).status).toBe(200);
    expect((await call(emu, 'GET', '/v1/regions', { token: 'ro' })).status).toBe(200);
    const r = await call(emu, 'GET', '/v1/members', { token: 'ro' });
    expect(r.status).toBe(403);
    expect(r.body).toEqual({ error: 'Insufficient scope. Required: members:read', code: 'insufficient_scope' });
    const d = await call(emu, 'POST', '/v1/apps', { token: 'ro', body: { name: 'ro-app' } });
    expect(d.body.error).toBe('Insufficient scope. Required: apps:write');
  });

  it('write implies read; apps:delete and members:delete imply read and write', async () => {
    emu = await start({ tokens: ['w:secrets:write', 'del:apps:delete,members:delete', 'dep:deployments:read'] });
    const app = await call(emu, 'POST', '/v1/apps', { token: 'del', body: { name: 'scoped-app' } });
    expect(app.status).toBe(201);
    const id = app.body.id;
    expect((await call(emu, 'GET', `/v1/apps/${id}/secrets`, { token: 'w' })).status).toBe(200);
    expect((await call(emu, 'POST', `/v1/apps/${id}/secrets`, { token: 'w', body: { name: 'A', value: 'b' } })).status).toBe(200);
    expect((await call(emu, 'GET', `/v1/apps/${id}`, { token: 'w' })).status).toBe(403);
    expect((await call(emu, 'POST', '/v1/members', { token: 'del', body: { username: 'ken' } })).status).toBe(201);
    expect((await call(emu, 'GET', `/v1/apps/${id}/deployments`, { token: 'dep' })).status).toBe(200);
    expect((await call(emu, 'POST', `/v1/apps/${id}/deployments`, { token: 'dep' })).status).toBe(403);
    expect((await call(emu, 'DELETE', `/v1/apps/${id}`, { token: 'w' })).body.error).toBe('Insufficient scope. Required: apps:delete');
    expect((await call(emu, 'DELETE', `/v1/apps/${id}`, { token: 'del' })).status).toBe(204);
  });

  it('refuses unknown scope names in the options', async () => {
    await expect(startEmulator({ port: 0, tokens: ['t:apps:everything'] })).rejects.toThrow(/unknown scope/);
    await expect(startEmulator({ port: 0, clients: ['nosecret'] })).rejects.toThrow(/id:secret/);
  });
});

describe('X-Org-Name', () => {
  it('accepts the emulator org case-insensitively', async () => {
    emu = await start();
    for (const org of ['emulator', 'Emulator', 'EMULATOR']) {
      expect((await call(emu, 'GET', '/v1/apps', { headers: { 'x-org-name': org } })).status).toBe(200);
    }
  });

  it('400 invalid_org_assertion when blank or malformed, 403 org_forbidden for another org', async () => {
    emu = await start();
    for (const org of ['', '   ', 'a b', 'org/x']) {
      const r = await call(emu, 'GET', '/v1/apps', { headers: { 'x-org-name': org } });
      expect(r.status, org).toBe(400);
      expect(r.body.code).toBe('invalid_org_assertion');
    }
    const other = await call(emu, 'GET', '/v1/apps', { headers: { 'x-org-name': 'acme' } });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('org_forbidden');
  });
});

describe('transport', () => {
  it('unknown routes are 404 Not found, wrong methods 405 with Allow, all JSON', async () => {
    emu = await start();
    const nf = await call(emu, 'GET', '/v1/nothing');
    expect(nf.status).toBe(404);
    expect(nf.body).toEqual({ error: 'Not found' });
    expect(nf.headers.get('content-type')).toBe('application/json');
    const na = await call(emu, 'PATCH', '/v1/apps');
    expect(na.status).toBe(405);
    expect(na.headers.get('allow')).toBe('GET, POST');
    expect(na.headers.get('content-type')).toBe('application/json');
  });

  it('malformed JSON is 400 and a body over 1 MiB is 413', async () => {
    emu = await start();
    const bad = await call(emu, 'POST', '/v1/apps', { raw: '{"name": "x",', headers: { 'content-type': 'application/json' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('Invalid JSON body');
    const big = await call(emu, 'POST', '/v1/apps', { raw: `{"name":"${'a'.repeat(1024 * 1024)}"}`, headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
    // exactly at the limit is still parsed (and then refused by validation, not by size)
    const edge = `{"name":"${'a'.repeat(1024 * 1024 - 11)}"}`;
    expect(Buffer.byteLength(edge)).toBe(1024 * 1024);
    expect((await call(emu, 'POST', '/v1/apps', { raw: edge, headers: { 'content-type': 'application/json' } })).status).toBe(400);
  });

  it('health needs no token and reports ok with a timestamp', async () => {
    emu = await start();
    const r = await call(emu, 'GET', '/v1/health', { token: null });
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
    expect(Number.isNaN(Date.parse(r.body.timestamp))).toBe(false);
  });
});

describe('rate limiting', () => {
  it('sends X-RateLimit-* on every response and 429 with Retry-After over the limit', async () => {
    const clock = new FakeClock(Date.parse('2026-03-01T12:00:00.400Z'));
    emu = await start({ rateLimit: 2, now: clock.now });
    const a = await call(emu, 'GET', '/v1/apps');
    expect(a.headers.get('x-ratelimit-limit')).toBe('2');
    expect(a.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(a.headers.get('x-ratelimit-reset')).toBe(String(Date.parse('2026-03-01T12:00:01Z') / 1000));
    const b = await call(emu, 'GET', '/v1/nope');
    expect(b.status).toBe(404);
    expect(b.headers.get('x-ratelimit-remaining')).toBe('0');
    const c = await call(emu, 'GET', '/v1/apps');
    expect(c.status).toBe(429);
    expect(c.headers.get('retry-after')).toBe('1');
    expect(c.body.error).toBeTruthy();

    // another caller has its own budget (401, not 429); admin routes are exempt
    expect((await call(emu, 'GET', '/v1/apps', { token: null })).status).toBe(401);
    expect((await fetch(`${emu.url}/__emulator/requests`)).headers.get('x-ratelimit-limit')).toBeNull();

    clock.advance(600); // next window
    expect((await call(emu, 'GET', '/v1/apps')).status).toBe(200);
  });

  it('sends no rate limit headers when disabled', async () => {
    emu = await start();
    expect((await call(emu, 'GET', '/v1/apps')).headers.get('x-ratelimit-limit')).toBeNull();
  });
});
