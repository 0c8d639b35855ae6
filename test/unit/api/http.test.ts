import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, parseRetryAfter, type HttpClientOptions } from '../../../src/api/http.js';
import { path } from '../../../src/api/path.js';
import { ApiError, AuthError, ConflictError, InterruptedError, NetworkError, NotFoundError, RateLimitError, TimeoutError } from '../../../src/errors.js';
import { Redactor } from '../../../src/output/mask.js';
import { instantClock, json } from '../../helpers/context.js';

const BASE = 'https://api.test';
const TOKEN = 'tok_secret_value_123456';
let agent: MockAgent | undefined;

function client(o: Partial<HttpClientOptions> = {}) {
  const mock = new MockAgent();
  mock.disableNetConnect();
  agent = mock;
  const clock = instantClock();
  const trace: string[] = [];
  const redactor = new Redactor();
  redactor.add(TOKEN);
  const http = new HttpClient({
    baseUrl: BASE,
    token: async () => TOKEN,
    userAgent: 'spice-cloud/test',
    dispatcher: mock,
    requestTimeoutMs: 1000,
    maxRetries: 3,
    clock,
    redactor,
    trace: (l) => trace.push(l),
    random: () => 0.5,
    ...o,
  });
  return { http, pool: mock.get(BASE), clock, trace };
}

afterEach(async () => {
  await agent?.close();
  agent = undefined;
});

describe('HttpClient retries', () => {
  it('retries a GET on 503 and succeeds', async () => {
    const { http, pool, clock } = client();
    pool.intercept({ path: '/v1/apps', method: 'GET' }).reply(503, { error: 'busy' }, json);
    pool.intercept({ path: '/v1/apps', method: 'GET' }).reply(200, { apps: [] }, json);
    const res = await http.get('/v1/apps', { what: 'list apps' });
    expect(res.data).toEqual({ apps: [] });
    expect(clock.slept).toHaveLength(1);
    agent!.assertNoPendingInterceptors();
  });

  it('waits exactly the Retry-After seconds on 429', async () => {
    const { http, pool, clock } = client();
    pool.intercept({ path: '/v1/apps', method: 'GET' }).reply(429, { error: 'slow down' }, { headers: { 'content-type': 'application/json', 'retry-after': '3' } });
    pool.intercept({ path: '/v1/apps', method: 'GET' }).reply(200, { apps: [] }, json);
    await http.get('/v1/apps', { what: 'list apps' });
    expect(clock.slept).toEqual([3000]);
  });

  it('gives up on persistent 429 with a RateLimitError (exit 8)', async () => {
    const { http, pool } = client({ maxRetries: 2 });
    pool.intercept({ path: '/v1/apps', method: 'GET' }).reply(429, { error: 'slow down' }, json).times(3);
    const err = await http.get('/v1/apps', { what: 'list apps' }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err.exitCode).toBe(8);
    agent!.assertNoPendingInterceptors();
  });

  it('does not retry a POST that may have reached the server', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/apps/1/deployments', method: 'POST' }).reply(503, { error: 'busy' }, json);
    const err = await http.post('/v1/apps/1/deployments', { what: 'deploy', body: {} }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(503);
    agent!.assertNoPendingInterceptors();
  });

  it('does not retry a POST after a dropped connection', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/apps', method: 'POST' }).replyWithError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    const err = await http.post('/v1/apps', { what: 'create app "x"', body: { name: 'x' } }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toMatch(/^create app "x" failed: /);
  });

  it('retries a POST marked idempotent (the secrets upsert)', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/apps/1/secrets', method: 'POST' }).reply(502, 'bad gateway');
    pool.intercept({ path: '/v1/apps/1/secrets', method: 'POST' }).reply(200, { name: 'A' }, json);
    const res = await http.post('/v1/apps/1/secrets', { what: 'set secret A', body: { name: 'A', value: 'v' }, idempotent: true });
    expect(res.status).toBe(200);
  });

  it('does not retry 409 conflicts or 404s', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/apps/9', method: 'GET' }).reply(404, { error: 'App with ID 9 not found' }, json);
    pool.intercept({ path: '/v1/apps/9', method: 'PUT' }).reply(409, { error: 'conflict' }, json);
    expect(await http.get('/v1/apps/9', { what: 'get app 9' }).catch((e) => e)).toBeInstanceOf(NotFoundError);
    expect(await http.put('/v1/apps/9', { what: 'update app 9', body: {} }).catch((e) => e)).toBeInstanceOf(ConflictError);
    agent!.assertNoPendingInterceptors();
  });

  it('stops before a Retry-After that would cross the deadline', async () => {
    const { http, pool, clock } = client({ deadline: Date.parse('2026-11-26T12:00:05Z') });
    pool.intercept({ path: '/v1/apps', method: 'GET' }).reply(429, { error: 'x' }, { headers: { 'content-type': 'application/json', 'retry-after': '30' } });
    const err = await http.get('/v1/apps', { what: 'list apps' }).catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(clock.slept).toEqual([]);
  });

  it('refuses to start once the deadline has passed', async () => {
    const { http } = client({ deadline: Date.parse('2026-11-26T11:00:00Z') });
    expect(await http.get('/v1/apps', { what: 'list apps' }).catch((e) => e)).toBeInstanceOf(TimeoutError);
  });

  it('turns an aborted signal into InterruptedError without sending', async () => {
    const ac = new AbortController();
    ac.abort();
    const { http } = client({ signal: ac.signal });
    expect(await http.get('/v1/apps', { what: 'list apps' }).catch((e) => e)).toBeInstanceOf(InterruptedError);
  });
});

describe('HttpClient responses', () => {
  it('maps 401 to AuthError with the login hint', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/apps', method: 'GET' }).reply(401, { error: 'Invalid token' }, json);
    const err = await http.get('/v1/apps', { what: 'list apps' }).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.message).toBe('list apps failed: Invalid token');
    expect(err.hint).toMatch(/SPICE_API_TOKEN|auth login/);
  });

  it('names the missing scope on 403 insufficient_scope', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/members', method: 'GET' }).reply(403, { error: 'Insufficient scope. Required: members:read', code: 'insufficient_scope' }, json);
    const err = await http.get('/v1/members', { what: 'list members' }).catch((e) => e);
    expect(err.exitCode).toBe(4);
    expect(err.code).toBe('insufficient_scope');
    expect(err.hint).toContain('members:read');
  });

  it('includes field errors of a 400 in the one-line message', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/apps', method: 'POST' }).reply(400, { error: 'Validation failed', details: { fieldErrors: { name: ['too short'] } } }, json);
    const err = await http.post('/v1/apps', { what: 'create app "ab"', body: {} }).catch((e) => e);
    expect(err.message).toBe('create app "ab" failed: Validation failed (name: too short)');
    expect(err.exitCode).toBe(1);
  });

  it.each([
    ['malformed JSON', 200, '{"apps": [', 'application/json', /malformed JSON/],
    ['an empty body', 200, '', 'application/json', /empty body/],
    ['a wrong content type', 200, '{"apps":[]}', 'text/plain', /text\/plain, not JSON/],
  ])('reports %s as a one-line ApiError', async (_n, status, body, type, re) => {
    const { http, pool } = client({ maxRetries: 0 });
    pool.intercept({ path: '/v1/apps', method: 'GET' }).reply(status, body, { headers: { 'content-type': type } });
    const err = await http.get('/v1/apps', { what: 'list apps' }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(re);
    expect(err.message).not.toContain('\n');
  });

  it('describes an HTML error page from a proxy', async () => {
    const { http, pool } = client({ maxRetries: 0 });
    pool.intercept({ path: '/v1/apps', method: 'GET' }).reply(502, '<html><body>Bad Gateway</body></html>', { headers: { 'content-type': 'text/html' } });
    const err = await http.get('/v1/apps', { what: 'list apps' }).catch((e) => e);
    expect(err.message).toBe('list apps failed: HTTP 502 with an HTML page instead of JSON');
  });

  it('returns undefined data for 204', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/apps/3', method: 'DELETE' }).reply(204, '');
    expect((await http.delete('/v1/apps/3', { what: 'delete app 3' })).data).toBeUndefined();
  });

  it('sends the org header and no auth header when auth is off', async () => {
    const { http, pool } = client({ org: 'acme' });
    pool
      .intercept({ path: '/v1/health', method: 'GET', headers: (h) => h['x-org-name'] === 'acme' && !('authorization' in h) })
      .reply(200, { status: 'ok' }, json);
    await http.get('/v1/health', { what: 'health', auth: false });
    agent!.assertNoPendingInterceptors();
  });
});

describe('HttpClient trace', () => {
  it('redacts the token and secret values in the verbose trace', async () => {
    const { http, pool, trace } = client();
    pool.intercept({ path: '/v1/apps/1/secrets', method: 'POST' }).reply(200, { name: 'DB_PASSWORD', value: '********' }, json);
    await http.post('/v1/apps/1/secrets', { what: 'set secret', body: { name: 'DB_PASSWORD', value: 'hunter2-canary' }, secretBodies: true });
    const all = trace.join('\n');
    expect(all).toContain('> POST https://api.test/v1/apps/1/secrets');
    expect(all).toContain('authorization: Bearer [REDACTED]');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain('hunter2-canary');
  });

  it('masks API keys in traced response bodies', async () => {
    const { http, pool, trace } = client();
    pool.intercept({ path: '/v1/apps/1/api-keys', method: 'GET' }).reply(200, { api_key: 'spk_aaaaaaaaaaaaaaaa1111', api_key_2: 'spk_bbbbbbbbbbbbbbbb2222' }, json);
    await http.get('/v1/apps/1/api-keys', { what: 'get keys' });
    expect(trace.join('\n')).not.toMatch(/spk_a|spk_b/);
  });
});

describe('path', () => {
  it('percent-encodes every segment so input cannot reach another route', () => {
    expect(path`/v1/apps/${1}/secrets/${'../../members/5'}`).toBe('/v1/apps/1/secrets/..%2F..%2Fmembers%2F5');
    expect(path`/v1/apps/${'a b?c#d'}`).toBe('/v1/apps/a%20b%3Fc%23d');
  });

  it.each(['', '.', '..'])('refuses the segment %j', (seg) => {
    expect(() => path`/v1/apps/${seg}`).toThrow(TypeError);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('HttpClient TLS failures', () => {
  it('does not retry a certificate error, and hints at NODE_EXTRA_CA_CERTS', async () => {
    const { http, pool, clock } = client();
    pool.intercept({ path: '/v1/apps', method: 'GET' }).replyWithError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }));
    const err = await http.get('/v1/apps', { what: 'list apps' }).catch((e) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.message).toBe("list apps failed: the server's TLS certificate was not accepted (DEPTH_ZERO_SELF_SIGNED_CERT)");
    expect(err.hint).toContain('NODE_EXTRA_CA_CERTS');
    expect(clock.slept).toEqual([]);
  });
});

describe('HttpClient URLs', () => {
  it('sends the query encoded as URLSearchParams would, leaving out undefined values', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/apps/7/deployments?limit=100&status=in+progress%21', method: 'GET' }).reply(200, [], json);
    await http.get('/v1/apps/7/deployments', { what: 'list deployments', query: { limit: 100, offset: undefined, status: 'in progress!' } });
    agent!.assertNoPendingInterceptors();
  });

  it('refuses a URL that cannot parse as a usage error, before sending or retrying anything', async () => {
    const { http, clock } = client({ baseUrl: 'not a url' });
    await expect(http.get('/v1/apps', { what: 'list apps' })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/^invalid request URL/) });
    expect(clock.slept).toEqual([]);
  });
});
