/**
 * Strict mode (`--strict`, `strict: true`): placement read from `cname`/`cluster_name`
 * only (a create without either is a Cloud Connect project with no endpoint), lists paged
 * at the documented default of 20; and the `empty-200` fault, which performs the request
 * and answers its 2xx with an empty body.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, createApp, start } from './helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe('strict mode', () => {
  it('a create with region only, or no placement, makes a Cloud Connect project without an endpoint', async () => {
    emu = await start({ strict: true });
    const regionOnly = await call(emu, 'POST', '/v1/apps', { body: { name: 'region-only', region: 'us-west-2' } });
    const none = await call(emu, 'POST', '/v1/apps', { body: { name: 'no-placement' } });
    for (const r of [regionOnly, none]) {
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ region: null, cname: null, cluster_name: null, endpoint: null });
    }
  });

  it('a create with cname (and a matching region) or cluster_name is hosted', async () => {
    emu = await start({ strict: true });
    const cname = await call(emu, 'POST', '/v1/apps', { body: { name: 'by-cname', region: 'us-west-2', cname: 'us-west-2-prod-aws-data' } });
    expect(cname.body).toMatchObject({ region: 'us-west-2', endpoint: expect.any(String) });
    const cluster = await call(emu, 'POST', '/v1/apps', { body: { name: 'by-cluster', cluster_name: 'emulator-dedicated' } });
    expect(cluster.body).toMatchObject({ cluster_name: 'emulator-dedicated', endpoint: expect.any(String) });
    const mismatch = await call(emu, 'POST', '/v1/apps', { body: { name: 'mismatch', region: 'us-east-1', cname: 'us-west-2-prod-aws-data' } });
    expect(mismatch).toMatchObject({ status: 400, body: { code: 'region_mismatch' } });
  });

  it('without strict mode a region alone still places the app (lenient, as before)', async () => {
    emu = await start();
    const r = await call(emu, 'POST', '/v1/apps', { body: { name: 'lenient', region: 'us-west-2' } });
    expect(r.body).toMatchObject({ region: 'us-west-2', endpoint: expect.any(String) });
  });

  it('pages apps at 20 by default and honours limit/offset', async () => {
    emu = await start({ strict: true });
    for (let i = 1; i <= 25; i++) await createApp(emu, `page-app-${i}`, { cname: 'us-east-1' });
    expect((await call(emu, 'GET', '/v1/apps')).body.apps).toHaveLength(20);
    const rest = await call(emu, 'GET', '/v1/apps?limit=100&offset=20');
    expect(rest.body.apps.map((a: { id: number }) => a.id)).toEqual([21, 22, 23, 24, 25]);
    expect((await call(emu, 'GET', '/v1/apps?limit=101')).status).toBe(400);
  });

  it('lenient mode answers a list in full unless limit is given', async () => {
    emu = await start();
    for (let i = 1; i <= 22; i++) await createApp(emu, `full-app-${i}`);
    expect((await call(emu, 'GET', '/v1/apps')).body.apps).toHaveLength(22);
    expect((await call(emu, 'GET', '/v1/apps?limit=5&offset=20')).body.apps).toHaveLength(2);
  });
});

describe('empty-200 fault', () => {
  it('performs the delete, then answers 200 with an empty body', async () => {
    emu = await start({ faults: [{ method: 'DELETE', path: '/v1/apps/*', action: 'empty-200' }] });
    const id = await createApp(emu, 'doomed-app');
    const r = await call(emu, 'DELETE', `/v1/apps/${id}`);
    expect(r).toMatchObject({ status: 200, text: '' });
    expect((await call(emu, 'GET', `/v1/apps/${id}`)).status).toBe(404);
  });

  it('passes errors through unchanged and can answer 202', async () => {
    emu = await start({ faults: [{ method: 'DELETE', path: '/v1/**', action: 'empty-200', status: 202 }] });
    expect((await call(emu, 'DELETE', '/v1/apps/99')).status).toBe(404);
    const id = await createApp(emu, 'doomed-app');
    expect(await call(emu, 'DELETE', `/v1/apps/${id}`)).toMatchObject({ status: 202, text: '' });
  });
});
