/**
 * The emulated runtime as part of the emulator: endpoint discovery, which deployment an
 * app serves, API keys (primary, secondary, regenerated, deleted app), secrets, the
 * request log and fault injection on runtime routes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { call, FakeClock } from '../helpers.js';
import { deployAndWait, deployedApp, rt, sqlCall, SPICEPOD, startWithRuntime } from './helpers.js';

let emu: RunningEmulator;
afterEach(async () => {
  await emu?.close();
});

describe('endpoint discovery', () => {
  it("points every app's endpoint at the local runtime", async () => {
    emu = await startWithRuntime();
    const app = await deployedApp(emu, 'endpoint-app', SPICEPOD, false);
    const got = await call(emu, 'GET', `/v1/apps/${app.id}`);
    expect(got.body.endpoint).toBe(emu.runtime?.url);
    const list = await call(emu, 'GET', '/v1/apps');
    expect(list.body.apps[0].endpoint).toBe(emu.runtime?.url);
    expect(emu.runtime?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('keeps the cloud endpoints with runtime: false', async () => {
    emu = await startWithRuntime({}, false);
    expect(emu.runtime).toBeNull();
    const app = await deployedApp(emu, 'no-runtime', SPICEPOD, false);
    expect((await call(emu, 'GET', `/v1/apps/${app.id}`)).body.endpoint).toBe('https://us-east-1-prod-aws-data.spiceai.io');
  });
});

describe('which spicepod an app serves', () => {
  it('answers 503 before the first successful deployment, naming the reason', async () => {
    emu = await startWithRuntime();
    const app = await deployedApp(emu, 'undeployed', SPICEPOD, false);
    const r = await sqlCall(emu, app.key, 'SELECT 1');
    expect(r.status).toBe(503);
    expect(r.text).toMatch(/no successful deployment yet/);
  });

  it('serves a spicepod change only after its deployment succeeds', async () => {
    const clock = new FakeClock();
    emu = await startWithRuntime({ now: clock.now, queuedMs: 1000, runningMs: 1000 });
    const app = await deployedApp(emu, 'changing', SPICEPOD, false);
    await call(emu, 'POST', `/v1/apps/${app.id}/deployments`, { body: {} });
    expect((await sqlCall(emu, app.key, 'SELECT 1')).status).toBe(503); // queued
    clock.advance(1500);
    expect((await sqlCall(emu, app.key, 'SELECT 1')).status).toBe(503); // in progress
    clock.advance(1000);
    expect((await sqlCall(emu, app.key, 'SELECT count(*) AS n FROM reviews')).text).toBe('[{"n":6}]');

    // A new spicepod is uploaded: the runtime keeps serving the deployed one.
    const next = { ...SPICEPOD, datasets: [{ from: 'file:reviews.csv', name: 'renamed' }] };
    await call(emu, 'PUT', `/v1/apps/${app.id}`, { body: { spicepod: next } });
    expect((await sqlCall(emu, app.key, 'SELECT count(*) AS n FROM reviews')).status).toBe(200);
    await call(emu, 'POST', `/v1/apps/${app.id}/deployments`, { body: {} });
    clock.advance(1500);
    expect((await sqlCall(emu, app.key, 'SELECT count(*) AS n FROM reviews')).status).toBe(200);
    clock.advance(1000);
    expect((await sqlCall(emu, app.key, 'SELECT count(*) AS n FROM renamed')).text).toBe('[{"n":6}]');
    expect((await sqlCall(emu, app.key, 'SELECT count(*) AS n FROM reviews')).status).toBe(400);
  });

  it('keeps serving the last success when a later deployment fails', async () => {
    emu = await startWithRuntime();
    const app = await deployedApp(emu, 'then-fails');
    await call(emu, 'PUT', `/v1/apps/${app.id}`, { body: { tags: { 'emulator-fail': 'unable_to_start' }, spicepod: { version: 'v1', kind: 'Spicepod', name: 'x' } } });
    await call(emu, 'POST', `/v1/apps/${app.id}/deployments`, { body: {} });
    expect((await sqlCall(emu, app.key, 'SELECT count(*) AS n FROM reviews')).text).toBe('[{"n":6}]');
  });
});

describe('API keys', () => {
  it('accepts the primary and the secondary key, refuses others with 401 Unauthorized', async () => {
    emu = await startWithRuntime();
    const app = await deployedApp(emu, 'keys-app');
    expect((await sqlCall(emu, app.key, 'SELECT 1 AS x')).status).toBe(200);
    expect((await sqlCall(emu, app.key2, 'SELECT 1 AS x')).status).toBe(200);
    const wrong = await sqlCall(emu, 'spk_0000', 'SELECT 1');
    expect([wrong.status, wrong.text]).toEqual([401, 'Unauthorized']);
    const none = await rt(emu, 'POST', '/v1/sql', { body: 'SELECT 1' });
    expect(none.status).toBe(401);
    const empty = await rt(emu, 'POST', '/v1/sql', { body: 'SELECT 1', headers: { 'x-api-key': '' } });
    expect(empty.status).toBe(401);
  });

  it('refuses a regenerated key at once and accepts the new one', async () => {
    emu = await startWithRuntime();
    const app = await deployedApp(emu, 'rotate-app');
    const r = await call(emu, 'POST', `/v1/apps/${app.id}/api-keys`, { body: { key_number: 1 } });
    expect((await sqlCall(emu, app.key, 'SELECT 1')).status).toBe(401);
    expect((await sqlCall(emu, r.body.api_key, 'SELECT 1')).status).toBe(200);
    expect((await sqlCall(emu, app.key2, 'SELECT 1')).status).toBe(200);
  });

  it("refuses a deleted app's keys", async () => {
    emu = await startWithRuntime();
    const app = await deployedApp(emu, 'deleted-app');
    await call(emu, 'DELETE', `/v1/apps/${app.id}`);
    expect((await sqlCall(emu, app.key, 'SELECT 1')).status).toBe(401);
  });

  it('selects the app by key: two apps, two spicepods, one runtime', async () => {
    emu = await startWithRuntime();
    const a = await deployedApp(emu, 'first-app');
    const b = await deployedApp(emu, 'second-app', { version: 'v1', kind: 'Spicepod', name: 'b', datasets: [{ from: 'duckdb:range(3)', name: 'numbers' }] });
    expect((await sqlCall(emu, a.key, 'SELECT count(*) AS n FROM reviews')).text).toBe('[{"n":6}]');
    expect((await sqlCall(emu, b.key, 'SELECT count(*) AS n FROM numbers')).text).toBe('[{"n":3}]');
    expect((await sqlCall(emu, b.key, 'SELECT count(*) AS n FROM reviews')).status).toBe(400);
  });
});

describe('datasets and secrets', () => {
  it('lists unavailable connectors with status Error naming the connector, and queries against them fail', async () => {
    emu = await startWithRuntime();
    const app = await deployedApp(emu, 'errors-app');
    const list = JSON.parse((await rt(emu, 'GET', '/v1/datasets?status=true', { key: app.key })).text) as Array<Record<string, unknown>>;
    const lake = list.find((d) => d['name'] === 'lake');
    expect(lake).toMatchObject({ status: 'Error' });
    expect(String(lake?.['error'])).toMatch(/'s3' connector/);
    const q = await sqlCall(emu, app.key, 'SELECT * FROM lake');
    expect(q.status).toBe(400);
    expect(q.text).toMatch(/'s3' connector is not available/);
  });

  it('resolves ${secrets:NAME} from the app secrets; a missing secret is a dataset error naming it', async () => {
    emu = await startWithRuntime();
    const app = await deployedApp(emu, 'secrets-app');
    const before = JSON.parse((await rt(emu, 'GET', '/v1/datasets?status=true', { key: app.key })).text) as Array<Record<string, unknown>>;
    expect(String(before.find((d) => d['name'] === 'orders')?.['error'])).toMatch(/secret 'PG_PASS'/);
    await call(emu, 'POST', `/v1/apps/${app.id}/secrets`, { body: { name: 'PG_PASS', value: 'hunter2' } });
    await deployAndWait(emu, app.id);
    const after = JSON.parse((await rt(emu, 'GET', '/v1/datasets?status=true', { key: app.key })).text) as Array<Record<string, unknown>>;
    const orders = after.find((d) => d['name'] === 'orders');
    expect(String(orders?.['error'])).toMatch(/'postgres' connector/);
    expect(JSON.stringify(after)).not.toContain('hunter2');
  });

  it('reports acceleration', async () => {
    emu = await startWithRuntime();
    const app = await deployedApp(emu, 'accel-app');
    const list = JSON.parse((await rt(emu, 'GET', '/v1/datasets', { key: app.key })).text) as Array<Record<string, unknown>>;
    expect(list.find((d) => d['name'] === 'reviews_fast')).toMatchObject({ acceleration_enabled: true });
    expect(list.find((d) => d['name'] === 'reviews')).toMatchObject({ acceleration_enabled: false });
    expect(list[0]).not.toHaveProperty('status');
  });
});

describe('request log and faults', () => {
  it('logs runtime requests with the app name and never the key', async () => {
    emu = await startWithRuntime();
    const app = await deployedApp(emu, 'log-app');
    await sqlCall(emu, app.key, 'SELECT 1');
    await rt(emu, 'GET', `/v1/datasets?api_key=${app.key}`, { key: app.key });
    const entries = emu.requests().filter((e) => e.plane === 'runtime');
    expect(entries.map((e) => [e.method, e.path, e.status, e.app])).toEqual([
      ['POST', '/v1/sql', 200, 'log-app'],
      ['GET', '/v1/datasets?api_key=***', 200, 'log-app'],
    ]);
    expect(JSON.stringify(emu.requests())).not.toContain(app.key);
  });

  it('applies fault rules to runtime routes (plain-text status, drop, truncated stream)', async () => {
    emu = await startWithRuntime();
    const app = await deployedApp(emu, 'fault-app');
    emu.addFault({ method: 'POST', path: '/v1/sql', action: 'status', status: 503, count: 1 });
    const r = await sqlCall(emu, app.key, 'SELECT 1');
    expect([r.status, r.headers.get('content-type'), r.text]).toEqual([503, 'text/plain; charset=utf-8', 'Service Unavailable (injected fault)']);
    expect((await sqlCall(emu, app.key, 'SELECT 1 AS x')).status).toBe(200);

    emu.addFault({ path: '/v1/sql', action: 'drop', count: 1 });
    await expect(sqlCall(emu, app.key, 'SELECT 1')).rejects.toThrow();

    emu.addFault({ path: '/v1/sql', action: 'truncated', count: 1 });
    await expect(sqlCall(emu, app.key, 'SELECT * FROM range(100000)')).rejects.toThrow();
    expect(emu.requests().filter((e) => e.plane === 'runtime').map((e) => e.status)).toEqual([503, 200, 0, 200]);
  });
});
