import { describe, expect, it } from 'vitest';
import { MockAgent } from 'undici';
import { RuntimeHttp, runtimeError } from '../../../src/runtime/http.js';
import { Redactor } from '../../../src/output/mask.js';
import { failure, instantClock } from '../../helpers/context.js';

const BASE = 'https://us-west-2-prod-aws-data.spiceai.io';
const KEY = 'runtime-key-0123456789abcdef';

function client(o: { retries?: number; trace?: string[]; signal?: AbortSignal } = {}) {
  const mock = new MockAgent();
  mock.disableNetConnect();
  const redactor = new Redactor();
  redactor.add(KEY);
  const clock = instantClock();
  const http = new RuntimeHttp({
    baseUrl: BASE,
    apiKey: KEY,
    userAgent: 'spice-cloud/test',
    dispatcher: mock,
    requestTimeoutMs: 5000,
    maxRetries: o.retries ?? 2,
    clock,
    redactor,
    trace: o.trace ? (l) => o.trace!.push(l) : undefined,
    signal: o.signal,
    authHint: 'the key may have been regenerated',
  });
  return { http, pool: mock.get(BASE), mock, clock };
}

describe('RuntimeHttp', () => {
  it('sends X-API-Key and the User-Agent, and returns the body', async () => {
    const { http, pool, mock } = client();
    pool
      .intercept({ path: '/v1/sql', method: 'POST', headers: { 'x-api-key': KEY, 'user-agent': 'spice-cloud/test', 'content-type': 'text/plain' }, body: 'SELECT 1' })
      .reply(200, '[{"x":1}]', { headers: { 'content-type': 'application/json' } });
    const res = await http.request('/v1/sql', { body: 'SELECT 1', what: 'query' });
    expect(await res.text()).toBe('[{"x":1}]');
    mock.assertNoPendingInterceptors();
  });

  it('streams a body chunk by chunk', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/sql', method: 'POST' }).reply(200, 'a'.repeat(100_000));
    const res = await http.request('/v1/sql', { body: 'x', what: 'query' });
    let n = 0;
    for await (const c of res.body) n += c.byteLength;
    expect(n).toBe(100_000);
  });

  it('maps a 400 plain-text SQL error to exit 2 with the message on one line', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/sql', method: 'POST' }).reply(400, 'Error during planning:\n  table "nope" not found', { headers: { 'content-type': 'text/plain' } });
    const e = await failure(http.request('/v1/sql', { body: 'SELECT * FROM nope', what: 'query' }));
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe('query failed: Error during planning: table "nope" not found');
  });

  it('reads JSON error bodies of every generation', () => {
    expect(runtimeError(400, '{"message":"bad SQL"}', 'application/json', { what: 'q' }).message).toBe('q failed: bad SQL');
    expect(runtimeError(401, '{"error":"Unauthorized"}', 'application/json', { what: 'q' }).message).toBe('q failed: Unauthorized');
    expect(runtimeError(500, '{"type":"error","error":{"message":"boom"}}', 'application/json', { what: 'q' }).message).toBe('q failed: boom');
    expect(runtimeError(400, 'bad \u001b]0;title\u0007 sql', 'text/plain', { what: 'q' }).message).toBe('q failed: bad \\x1b]0;title\\x07 sql');
  });

  it('maps 401 to exit 4 with the key hint, 404 to 3, 504 to 7 with the gateway hint', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/models', method: 'GET' }).reply(401, 'Unauthorized');
    const e = await failure(http.getJson('/v1/models', { what: 'list models' }));
    expect([e.exitCode, e.hint]).toEqual([4, 'the key may have been regenerated']);
    pool.intercept({ path: '/v1/nope', method: 'GET' }).reply(404, '');
    expect((await failure(http.getJson('/v1/nope', { what: 'x' }))).exitCode).toBe(3);
    pool.intercept({ path: '/v1/sql', method: 'POST' }).reply(504, 'query timeout');
    const t = await failure(http.request('/v1/sql', { body: 'x', what: 'query' }));
    expect(t.exitCode).toBe(7);
    expect(t.hint).toMatch(/90 s/);
  });

  it('retries an idempotent request on 429 and 503, honouring Retry-After', async () => {
    const { http, pool, clock } = client();
    pool.intercept({ path: '/v1/datasets', method: 'GET' }).reply(429, 'slow down', { headers: { 'retry-after': '3' } });
    pool.intercept({ path: '/v1/datasets', method: 'GET' }).reply(503, 'not ready');
    pool.intercept({ path: '/v1/datasets', method: 'GET' }).reply(200, '[]', { headers: { 'content-type': 'application/json' } });
    expect((await http.getJson('/v1/datasets', { what: 'list datasets' })).data).toEqual([]);
    expect(clock.slept[0]).toBe(3000);
    expect(clock.slept).toHaveLength(2);
  });

  it('gives up after the retries with exit 8 for 429 and 1 for 503', async () => {
    const { http, pool } = client({ retries: 1 });
    pool.intercept({ path: '/v1/models', method: 'GET' }).reply(429, 'x').times(2);
    expect((await failure(http.getJson('/v1/models', { what: 'm' }))).exitCode).toBe(8);
    pool.intercept({ path: '/v1/models', method: 'GET' }).reply(503, 'Resources exhausted').times(2);
    const e = await failure(http.getJson('/v1/models', { what: 'm' }));
    expect([e.exitCode, e.message]).toEqual([1, 'm failed: Resources exhausted']);
  });

  it('does not retry a POST that is not marked idempotent', async () => {
    const { http, pool, mock } = client();
    pool.intercept({ path: '/v1/sql', method: 'POST' }).reply(503, 'busy');
    expect((await failure(http.request('/v1/sql', { body: 'INSERT', what: 'q' }))).exitCode).toBe(1);
    mock.assertNoPendingInterceptors();
  });

  it('follows a same-origin redirect with the key and refuses another origin', async () => {
    const { http, pool, mock } = client();
    pool.intercept({ path: '/old', method: 'GET' }).reply(307, '', { headers: { location: '/v1/status' } });
    pool.intercept({ path: '/v1/status', method: 'GET', headers: { 'x-api-key': KEY } }).reply(200, '[]', { headers: { 'content-type': 'application/json' } });
    expect((await http.getJson('/old', { what: 's' })).data).toEqual([]);
    pool.intercept({ path: '/v1/status', method: 'GET' }).reply(302, '', { headers: { location: 'https://evil.example/steal' } });
    const e = await failure(http.getJson('/v1/status', { what: 's' }));
    expect(e.message).toMatch(/evil\.example.*never go to another origin/);
    mock.assertNoPendingInterceptors();
  });

  it('caps buffered bodies', async () => {
    const { http, pool } = client();
    pool.intercept({ path: '/v1/sql', method: 'POST' }).reply(200, 'x'.repeat(3 * 1024 * 1024));
    const res = await http.request('/v1/sql', { body: 'x', what: 'query' });
    const e = await failure(res.text(1024 * 1024));
    expect(e.message).toMatch(/larger than 1 MiB/);
  });

  it('traces requests with the key redacted', async () => {
    const trace: string[] = [];
    const { http, pool } = client({ trace });
    pool.intercept({ path: '/v1/status', method: 'GET' }).reply(200, `["${KEY}"]`, { headers: { 'content-type': 'application/json' } });
    await http.getJson('/v1/status', { what: 's' });
    expect(trace.join('\n')).toContain('> x-api-key: [REDACTED]');
    expect(trace.join('\n')).not.toContain(KEY);
  });

  it('reports Ctrl-C as interrupted', async () => {
    const ac = new AbortController();
    const { http, pool } = client({ signal: ac.signal });
    pool.intercept({ path: '/v1/sql', method: 'POST' }).reply(200, 'x').delay(5000);
    const p = http.request('/v1/sql', { body: 'x', what: 'q' });
    setTimeout(() => ac.abort(), 20);
    expect((await failure(p)).exitCode).toBe(130);
  });
});
