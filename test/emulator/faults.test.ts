import { afterEach, describe, expect, it } from 'vitest';
import { parseFaultSpec, type FaultRule, type RunningEmulator } from '../../src/emulator/index.js';
import { globMatch } from '../../src/emulator/faults.js';
import { call, rawRequest, start } from './helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

const auth = (e: RunningEmulator) => ({ authorization: `Bearer ${e.token}` });
const json = (e: RunningEmulator) => ({ ...auth(e), 'content-type': 'application/json' });
const appCount = async (e: RunningEmulator) => (await call(e, 'GET', '/v1/apps')).body.apps.length as number;

describe('parseFaultSpec', () => {
  it.each<[string, FaultRule]>([
    ['POST /v1/apps/*/deployments=drop-after:count=1', { method: 'POST', path: '/v1/apps/*/deployments', action: 'drop-after', count: 1 }],
    ['GET /v1/apps=503:prob=0.3', { method: 'GET', path: '/v1/apps', action: 'status', status: 503, probability: 0.3 }],
    ['*=429:retry-after=1:count=2', { action: 'status', status: 429, retryAfter: 1, count: 2 }],
    ['/v1/**=delay:ms=250', { path: '/v1/**', action: 'delay', delayMs: 250 }],
    ['get=html', { method: 'GET', action: 'html' }],
    ['DELETE /v1/apps/*=html:status=504', { method: 'DELETE', path: '/v1/apps/*', action: 'html', status: 504 }],
    ['* /v1/health=truncated:probability=1', { method: '*', path: '/v1/health', action: 'truncated', probability: 1 }],
    ['/v1/regions=wrong-content-type', { path: '/v1/regions', action: 'wrong-content-type' }],
  ])('parses %j', (spec, rule) => {
    expect(parseFaultSpec(spec)).toEqual(rule);
  });

  it.each(['', 'GET /v1/apps', '=503', '*=explode', '*=503:count=0', '*=503:prob=2', '*=503:colour=red', '*=99', '*=503:count=x', 'GET /a /b=503'])(
    'rejects %j',
    (spec) => {
      expect(() => parseFaultSpec(spec)).toThrow();
    },
  );
});

describe('glob paths', () => {
  it("'*' matches one segment, '**' any number", () => {
    expect(globMatch('/v1/apps/*', '/v1/apps/12')).toBe(true);
    expect(globMatch('/v1/apps/*', '/v1/apps/12/secrets')).toBe(false);
    expect(globMatch('/v1/apps/*/deployments', '/v1/apps/3/deployments')).toBe(true);
    expect(globMatch('/v1/**', '/v1/apps/3/deployments/4/logs')).toBe(true);
    expect(globMatch('/v1/**/logs', '/v1/apps/3/deployments/4/logs')).toBe(true);
    expect(globMatch('/v1/**', '/v2/apps')).toBe(false);
    expect(globMatch('/v1/app*', '/v1/apps')).toBe(true);
    expect(globMatch('*', '/anything/at/all')).toBe(true);
  });
});

describe('fault actions (raw node:http client)', () => {
  it('status answers the status with a JSON error body and Retry-After', async () => {
    emu = await start({ faults: [{ action: 'status', status: 429, retryAfter: 3, path: '/v1/apps' }] });
    const r = await rawRequest(emu.url, 'GET', '/v1/apps', auth(emu));
    expect(r.status).toBe(429);
    expect(r.headers?.['retry-after']).toBe('3');
    expect(r.headers?.['content-type']).toBe('application/json');
    expect(JSON.parse(r.body).error).toMatch(/Too Many Requests/);
  });

  it('drop destroys the connection before processing (no state change, logged as 0)', async () => {
    emu = await start();
    emu.addFault({ action: 'drop', method: 'POST', path: '/v1/apps' });
    const r = await rawRequest(emu.url, 'POST', '/v1/apps', json(emu), JSON.stringify({ name: 'dropped' }));
    expect(r.error).toBeTruthy();
    expect(r.status).toBeUndefined();
    expect(await appCount(emu)).toBe(0);
    expect(emu.requests().find((e) => e.method === 'POST')).toMatchObject({ path: '/v1/apps', status: 0 });
  });

  it('drop-after processes the request (state changes) then drops the connection', async () => {
    emu = await start();
    emu.addFault(parseFaultSpec('POST /v1/apps=drop-after:count=1'));
    const r = await rawRequest(emu.url, 'POST', '/v1/apps', json(emu), JSON.stringify({ name: 'ghost-app' }));
    expect(r.error).toBeTruthy();
    expect(r.status).toBeUndefined();
    expect(await appCount(emu)).toBe(1);
    // the rule expired: the retry sees the conflict the first attempt caused
    const retry = await rawRequest(emu.url, 'POST', '/v1/apps', json(emu), JSON.stringify({ name: 'ghost-app' }));
    expect(retry.status).toBe(409);
    expect(emu.requests().filter((e) => e.method === 'POST').map((e) => e.status)).toEqual([0, 409]);
  });

  it('delay waits then answers normally', async () => {
    emu = await start({ faults: [{ action: 'delay', delayMs: 150 }] });
    const t0 = Date.now();
    const r = await rawRequest(emu.url, 'GET', '/v1/health');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).status).toBe('ok');
  });

  it('malformed-json answers 200 with a broken JSON body', async () => {
    emu = await start({ faults: [{ action: 'malformed-json' }] });
    const r = await rawRequest(emu.url, 'GET', '/v1/apps', auth(emu));
    expect(r.status).toBe(200);
    expect(r.headers?.['content-type']).toBe('application/json');
    expect(r.body).toBe('{"broken":');
    expect(() => JSON.parse(r.body)).toThrow();
  });

  it('html answers 502 with an HTML page', async () => {
    emu = await start({ faults: [{ action: 'html' }] });
    const r = await rawRequest(emu.url, 'GET', '/v1/apps', auth(emu));
    expect(r.status).toBe(502);
    expect(r.headers?.['content-type']).toMatch(/^text\/html/);
    expect(r.body).toMatch(/<html>/);
  });

  it('empty answers 200 with an empty JSON-labelled body', async () => {
    emu = await start({ faults: [{ action: 'empty' }] });
    const r = await rawRequest(emu.url, 'GET', '/v1/apps', auth(emu));
    expect(r.status).toBe(200);
    expect(r.headers?.['content-type']).toBe('application/json');
    expect(r.headers?.['content-length']).toBe('0');
    expect(r.body).toBe('');
  });

  it('truncated declares a longer Content-Length than it sends, then closes', async () => {
    emu = await start({ faults: [{ action: 'truncated' }] });
    const r = await rawRequest(emu.url, 'GET', '/v1/apps', auth(emu));
    expect(r.status).toBe(200);
    expect(Number(r.headers?.['content-length'])).toBeGreaterThan(r.body.length);
    expect(r.error).toBeTruthy();
    // fetch surfaces it as an error while reading the body
    await expect(fetch(`${emu.url}/v1/apps`, { headers: auth(emu) }).then((x) => x.text())).rejects.toThrow();
  });

  it('wrong-content-type answers 200 with a JSON body labelled text/plain', async () => {
    emu = await start({ faults: [{ action: 'wrong-content-type' }] });
    const r = await rawRequest(emu.url, 'GET', '/v1/apps', auth(emu));
    expect(r.status).toBe(200);
    expect(r.headers?.['content-type']).toMatch(/^text\/plain/);
    expect(() => JSON.parse(r.body)).not.toThrow();
  });
});

describe('fault rule matching', () => {
  it('count expires the rule after N matches', async () => {
    emu = await start({ faults: [parseFaultSpec('*=503:count=2')] });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(emu, 'GET', '/v1/health')).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('matches on method and path glob only', async () => {
    emu = await start({ faults: [parseFaultSpec('POST /v1/apps/*/secrets=500')] });
    const app = await call(emu, 'POST', '/v1/apps', { body: { name: 'fault-app' } });
    expect(app.status).toBe(201);
    expect((await call(emu, 'GET', `/v1/apps/${app.body.id}/secrets`)).status).toBe(200);
    expect((await call(emu, 'POST', `/v1/apps/${app.body.id}/secrets`, { body: { name: 'A', value: 'b' } })).status).toBe(500);
    expect((await call(emu, 'POST', `/v1/apps/${app.body.id}/secrets?x=1`, { body: { name: 'A', value: 'b' } })).status).toBe(500);
  });

  it('probability 0 never fires, 1 always does', async () => {
    emu = await start({ faults: [{ action: 'status', status: 500, probability: 0, path: '/v1/health' }] });
    for (let i = 0; i < 5; i++) expect((await call(emu, 'GET', '/v1/health')).status).toBe(200);
    emu.clearFaults();
    emu.addFault({ action: 'status', status: 500, probability: 1, path: '/v1/health' });
    expect((await call(emu, 'GET', '/v1/health')).status).toBe(500);
  });

  it('the first matching rule wins', async () => {
    emu = await start({ faults: [{ action: 'status', status: 418, path: '/v1/health' }, { action: 'status', status: 500 }] });
    expect((await call(emu, 'GET', '/v1/health')).status).toBe(418);
    expect((await call(emu, 'GET', '/v1/regions')).status).toBe(500);
  });

  it('invalid rules are refused', async () => {
    emu = await start();
    expect(() => emu?.addFault({ action: 'explode' } as unknown as FaultRule)).toThrow();
    await expect(start({ faults: [{ action: 'status', status: 42 }] })).rejects.toThrow();
  });

  it('latencyMs delays every API response', async () => {
    emu = await start({ latencyMs: 120 });
    const t0 = Date.now();
    await call(emu, 'GET', '/v1/health');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
  });
});

describe('admin routes', () => {
  it('POST /__emulator/faults accepts a rule or a compact spec; GET lists; DELETE clears', async () => {
    emu = await start();
    const a = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'status', status: 503, path: '/v1/regions' }) });
    expect(a.status).toBe(201);
    const b = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec: 'GET /v1/health=500:count=1' }) });
    expect(((await b.json()) as { fault: unknown }).fault).toEqual({ method: 'GET', path: '/v1/health', action: 'status', status: 500, count: 1 });
    const bad = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action: 'nope' }) });
    expect(bad.status).toBe(400);
    expect(((await fetch(`${emu.url}/__emulator/faults`).then((r) => r.json())) as { faults: unknown[] }).faults).toHaveLength(2);
    expect((await call(emu, 'GET', '/v1/regions')).status).toBe(503);
    expect((await fetch(`${emu.url}/__emulator/faults`, { method: 'DELETE' })).status).toBe(204);
    expect((await call(emu, 'GET', '/v1/regions')).status).toBe(200);
  });

  it('admin routes are neither faulted nor logged, and need no token', async () => {
    emu = await start({ faults: [{ action: 'drop' }] });
    const log = await fetch(`${emu.url}/__emulator/requests`);
    expect(log.status).toBe(200);
    expect(await log.json()).toEqual({ requests: [] });
    expect((await fetch(`${emu.url}/__emulator/state`)).status).toBe(200);
    expect((await fetch(`${emu.url}/__emulator/nope`)).status).toBe(404);
    expect((await fetch(`${emu.url}/__emulator/state`, { method: 'POST' })).status).toBe(405);
  });

  it('GET /__emulator/requests is the log; DELETE clears it', async () => {
    emu = await start();
    await call(emu, 'GET', '/v1/apps?limit=1');
    await call(emu, 'GET', '/v1/missing');
    const log = ((await fetch(`${emu.url}/__emulator/requests`).then((r) => r.json())) as { requests: unknown[] }).requests;
    expect(log).toEqual([
      { method: 'GET', path: '/v1/apps?limit=1', status: 200, at: expect.any(String) },
      { method: 'GET', path: '/v1/missing', status: 404, at: expect.any(String) },
    ]);
    expect(emu.requests()).toEqual(log);
    expect((await fetch(`${emu.url}/__emulator/requests`, { method: 'DELETE' })).status).toBe(204);
    expect(emu.requests()).toEqual([]);
  });
});
