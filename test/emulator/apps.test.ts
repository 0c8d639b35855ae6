import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, createApp, SPICEPOD_YAML, start } from './helpers.js';

let emu: RunningEmulator;
// Placement rules as the cloud answers them: without the emulated runtime, whose URL
// would otherwise replace every app's endpoint (see runtime/wiring.test.ts).
beforeEach(async () => {
  emu = await start({ runtime: false });
});
afterEach(async () => {
  await emu.close();
});

describe('app names', () => {
  it('accepts 4 to 38 letters, digits and hyphens', async () => {
    expect((await call(emu, 'POST', '/v1/apps', { body: { name: 'abcd' } })).status).toBe(201);
    expect((await call(emu, 'POST', '/v1/apps', { body: { name: 'a'.repeat(38) } })).status).toBe(201);
    expect((await call(emu, 'POST', '/v1/apps', { body: { name: 'My-App-2' } })).status).toBe(201);
  });

  it.each([
    ['abc', 'too short'],
    ['a'.repeat(39), 'too long'],
    ['my_app', 'underscore'],
    ['my app', 'space'],
    ['', 'empty'],
  ])('refuses %j (%s) with 400 and a name field error', async (name) => {
    const r = await call(emu, 'POST', '/v1/apps', { body: { name } });
    expect(r.status).toBe(400);
    expect(r.body.details.fieldErrors.name.length).toBeGreaterThan(0);
    expect(r.body.details.formErrors).toEqual([]);
  });

  it('requires a name and a JSON object body', async () => {
    expect((await call(emu, 'POST', '/v1/apps', { body: {} })).body.details.fieldErrors.name).toEqual(['Required']);
    expect((await call(emu, 'POST', '/v1/apps', { body: [1, 2] })).status).toBe(400);
    expect((await call(emu, 'POST', '/v1/apps', { body: { name: 42 } })).status).toBe(400);
  });

  it('names are unique case-insensitively among live apps (409 with the documented message)', async () => {
    await createApp(emu, 'MyApp1');
    const r = await call(emu, 'POST', '/v1/projects', { body: { name: 'myapp1' } });
    expect(r.status).toBe(409);
    expect(r.body.error).toBe('App "myapp1" already exists in this organization');
  });

  it('re-creating a soft-deleted name reactivates the same app id', async () => {
    const id = await createApp(emu, 'phoenix', {}, true);
    await call(emu, 'POST', `/v1/apps/${id}/secrets`, { body: { name: 'KEEP', value: 'v' } });
    expect((await call(emu, 'DELETE', `/v1/apps/${id}`)).status).toBe(204);
    const gone = await call(emu, 'GET', `/v1/apps/${id}`);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toBe(`App with ID ${id} not found`);
    expect((await call(emu, 'GET', '/v1/apps')).body.apps).toEqual([]);

    const again = await call(emu, 'POST', '/v1/apps', { body: { name: 'PHOENIX', visibility: 'public' } });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id, name: 'PHOENIX', visibility: 'public' });
    expect((await call(emu, 'GET', `/v1/apps/${id}/secrets`)).body.secrets.map((s: { name: string }) => s.name)).toEqual(['KEEP']);
    expect((await createApp(emu, 'another'))).toBe(id + 1);
  });
});

describe('app ids', () => {
  it.each(['abc', '1.5', '-1', '1e3'])('a non-integer id %j is 400 Invalid app ID', async (id) => {
    const r = await call(emu, 'GET', `/v1/apps/${id}`);
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('Invalid app ID');
  });

  it('an unknown id is 404 with the documented message', async () => {
    const r = await call(emu, 'GET', '/v1/projects/777');
    expect(r.status).toBe(404);
    expect(r.body.error).toBe('App with ID 777 not found');
  });
});

describe('placement on create', () => {
  it('region sets region, cname, endpoint and config.region', async () => {
    const r = await call(emu, 'POST', '/v1/apps', { body: { name: 'west-app', region: 'us-west-2' } });
    expect(r.body).toMatchObject({
      region: 'us-west-2',
      cname: 'us-west-2-prod-aws-data',
      endpoint: 'https://us-west-2-prod-aws-data.spiceai.io',
      config: { region: 'us-west-2' },
    });
  });

  it('cname accepts a region cname or a region id (older clients)', async () => {
    const a = await call(emu, 'POST', '/v1/apps', { body: { name: 'cname-app', cname: 'us-east-1-prod-aws-data' } });
    expect(a.body.region).toBe('us-east-1');
    const b = await call(emu, 'POST', '/v1/apps', { body: { name: 'cname-id', cname: 'us-west-2' } });
    expect(b.body).toMatchObject({ region: 'us-west-2', cname: 'us-west-2-prod-aws-data' });
  });

  it('no placement creates a standalone project', async () => {
    const r = await call(emu, 'POST', '/v1/apps', { body: { name: 'standalone' } });
    expect(r.body).toMatchObject({ region: null, cname: null, cluster_name: null, endpoint: null, visibility: 'private', tags: {} });
  });

  it('cluster_name places the app on the dedicated cluster', async () => {
    const r = await call(emu, 'POST', '/v1/apps', { body: { name: 'dedicated', cluster_name: 'emulator-dedicated' } });
    expect(r.body).toMatchObject({ cluster_name: 'emulator-dedicated', region: 'us-east-1' });
  });

  it('refuses an unknown cluster, a region/cname mismatch, a disabled or unknown region', async () => {
    const cluster = await call(emu, 'POST', '/v1/apps', { body: { name: 'x-cluster', cluster_name: 'nope' } });
    expect(cluster.status).toBe(400);
    expect(cluster.body.error).toBe("Cluster 'nope' not found");
    const mismatch = await call(emu, 'POST', '/v1/apps', { body: { name: 'x-mismatch', region: 'us-east-1', cname: 'us-west-2-prod-aws-data' } });
    expect(mismatch.status).toBe(400);
    const disabled = await call(emu, 'POST', '/v1/apps', { body: { name: 'x-disabled', cname: 'eu-west-1-prod-aws-data' } });
    expect(disabled.status).toBe(400);
    const notEnum = await call(emu, 'POST', '/v1/apps', { body: { name: 'x-enum', region: 'eu-west-1' } });
    expect(notEnum.body.details.fieldErrors.region).toHaveLength(1);
    const unknown = await call(emu, 'POST', '/v1/apps', { body: { name: 'x-unknown', cname: 'mars-1' } });
    expect(unknown.status).toBe(400);
    expect((await call(emu, 'GET', '/v1/apps')).body.apps).toEqual([]);
  });

  it('validates visibility and tags', async () => {
    expect((await call(emu, 'POST', '/v1/apps', { body: { name: 'vis-app', visibility: 'secret' } })).status).toBe(400);
    const tags = await call(emu, 'POST', '/v1/apps', { body: { name: 'tag-app', tags: { n: 1 } } });
    expect(tags.body.details.fieldErrors.tags).toHaveLength(1);
    const ok = await call(emu, 'POST', '/v1/apps', { body: { name: 'tag-ok', tags: { team: 'data' }, description: 'd' } });
    expect(ok.body).toMatchObject({ tags: { team: 'data' }, description: 'd' });
  });
});

describe('update (PUT)', () => {
  it('stores a YAML spicepod string as an object under config.spicepod', async () => {
    const id = await createApp(emu, 'pod-yaml');
    const r = await call(emu, 'PUT', `/v1/apps/${id}`, { body: { spicepod: SPICEPOD_YAML } });
    expect(r.status).toBe(200);
    expect(r.body.config.spicepod).toEqual({ version: 'v1', kind: 'Spicepod', name: 'demo', datasets: [{ from: 's3://bucket/taxi/', name: 'taxi' }] });
    expect((await call(emu, 'GET', `/v1/apps/${id}`)).body.config.spicepod.name).toBe('demo');
  });

  it('accepts a JSON string or an object spicepod', async () => {
    const id = await createApp(emu, 'pod-json');
    const a = await call(emu, 'PUT', `/v1/apps/${id}`, { body: { spicepod: '{"version":"v1","name":"j"}' } });
    expect(a.body.config.spicepod).toEqual({ version: 'v1', name: 'j' });
    const b = await call(emu, 'PUT', `/v1/apps/${id}`, { body: { spicepod: { version: 'v1', name: 'o' } } });
    expect(b.body.config.spicepod).toEqual({ version: 'v1', name: 'o' });
  });

  it.each([
    ['key: [unclosed', 'unparseable YAML'],
    ['just a sentence', 'a scalar'],
    ['- a\n- b', 'a list'],
  ])('refuses spicepod %j (%s) with a spicepod field error', async (spicepod) => {
    const id = await createApp(emu, 'pod-bad');
    const r = await call(emu, 'PUT', `/v1/apps/${id}`, { body: { spicepod } });
    expect(r.status).toBe(400);
    expect(r.body.details.fieldErrors.spicepod).toHaveLength(1);
    expect((await call(emu, 'GET', `/v1/apps/${id}`)).body.config.spicepod).toBeNull();
  });

  it('is partial: untouched fields keep their values', async () => {
    const id = await createApp(emu, 'partial', { visibility: 'public', description: 'old', tags: { a: 'b' } });
    const r = await call(emu, 'PUT', `/v1/apps/${id}`, { body: { description: 'new' } });
    expect(r.body).toMatchObject({ description: 'new', visibility: 'public', tags: { a: 'b' } });
  });

  it('sets config fields, clears image_tag with null and keeps the storage aliases in step', async () => {
    const id = await createApp(emu, 'configured');
    const r = await call(emu, 'PUT', `/v1/apps/${id}`, {
      body: { replicas: 3, image_tag: '2.0.1', update_channel: 'nightly', storage_claim_size_gb: 20, production_branch: 'main', node_group: 'ng-1' },
    });
    expect(r.body.production_branch).toBe('main');
    expect(r.body.config).toMatchObject({ replicas: 3, image_tag: '2.0.1', update_channel: 'nightly', storage_size_gb: 20, storage_claim_size_gb: 20, node_group: 'ng-1' });
    const cleared = await call(emu, 'PUT', `/v1/apps/${id}`, { body: { image_tag: null } });
    expect(cleared.body.config.image_tag).toBeNull();
  });

  it.each([
    [{ replicas: 0 }, 'replicas'],
    [{ replicas: 11 }, 'replicas'],
    [{ replicas: 2.5 }, 'replicas'],
    [{ replicas: '3' }, 'replicas'],
    [{ visibility: 'hidden' }, 'visibility'],
    [{ update_channel: 'beta' }, 'update_channel'],
    [{ description: 5 }, 'description'],
    [{ tags: 'a=b' }, 'tags'],
    [{ storage_size_gb: 'big' }, 'storage_size_gb'],
    [{ image_tag: 3 }, 'image_tag'],
  ])('refuses %j with a %s field error', async (body, field) => {
    const id = await createApp(emu, 'invalid-upd');
    const r = await call(emu, 'PUT', `/v1/apps/${id}`, { body });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.details.fieldErrors)).toEqual([field]);
  });

  it('moves the app with region or cluster_name', async () => {
    const id = await createApp(emu, 'mover', { region: 'us-east-1' });
    const west = await call(emu, 'PUT', `/v1/apps/${id}`, { body: { region: 'us-west-2' } });
    expect(west.body).toMatchObject({ region: 'us-west-2', config: { region: 'us-west-2' } });
    const ded = await call(emu, 'PUT', `/v1/apps/${id}`, { body: { cluster_name: 'emulator-dedicated' } });
    expect(ded.body.cluster_name).toBe('emulator-dedicated');
    expect((await call(emu, 'PUT', `/v1/apps/${id}`, { body: { cluster_name: 'ghost' } })).status).toBe(400);
  });

  it('ignores unknown fields', async () => {
    const id = await createApp(emu, 'unknown-field');
    expect((await call(emu, 'PUT', `/v1/apps/${id}`, { body: { colour: 'blue' } })).status).toBe(200);
  });
});

describe('list and projects alias', () => {
  it('lists live apps under "apps" and "projects" keys, same objects', async () => {
    await createApp(emu, 'one-app');
    const a = await call(emu, 'GET', '/v1/apps');
    const p = await call(emu, 'GET', '/v1/projects');
    expect(a.body.apps).toHaveLength(1);
    expect(p.body.projects).toEqual(a.body.apps);
    expect(a.body.apps[0].config).toBeUndefined();
  });

  it('get returns AppWithConfig with api_key, endpoint and production_branch', async () => {
    const id = await createApp(emu, 'full-app', { region: 'us-east-1' });
    const r = await call(emu, 'GET', `/v1/projects/${id}`);
    expect(r.body).toMatchObject({ id, name: 'full-app', production_branch: null, endpoint: 'https://us-east-1-prod-aws-data.spiceai.io' });
    expect(r.body.api_key).toMatch(/^spk_[0-9a-f]{32}$/);
    expect(r.body.config).toMatchObject({ spicepod: null, replicas: 1, update_channel: 'stable' });
  });
});
