import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, createApp, FakeClock, start } from './helpers.js';

let emu: RunningEmulator;
let clock: FakeClock;
beforeEach(async () => {
  clock = new FakeClock();
  emu = await start({ now: clock.now });
});
afterEach(async () => {
  await emu.close();
});

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('secrets', () => {
  it('masks the value on upsert, list and get', async () => {
    const id = await createApp(emu, 'secret-app');
    const up = await call(emu, 'POST', `/v1/apps/${id}/secrets`, { body: { name: 'API_TOKEN', value: 's3cr3t-value' } });
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({ name: 'API_TOKEN', value: '********' });
    expect(Number.isInteger(up.body.id)).toBe(true);
    const list = await call(emu, 'GET', `/v1/apps/${id}/secrets`);
    expect(list.body.secrets).toEqual([up.body]);
    const one = await call(emu, 'GET', `/v1/projects/${id}/secrets/API_TOKEN`);
    expect(one.body.value).toBe('********');
    for (const r of [up, list, one]) expect(r.text).not.toContain('s3cr3t-value');
  });

  it('upsert updates the same secret (same id, new updated_at) and stores the new value', async () => {
    const id = await createApp(emu, 'upsert-app');
    const first = (await call(emu, 'POST', `/v1/apps/${id}/secrets`, { body: { name: 'PW', value: 'one' } })).body;
    clock.advance(5000);
    const second = (await call(emu, 'POST', `/v1/apps/${id}/secrets`, { body: { name: 'PW', value: 'two' } })).body;
    expect(second.id).toBe(first.id);
    expect(second.created_at).toBe(first.created_at);
    expect(second.updated_at).not.toBe(first.updated_at);
    const snap = emu.snapshot() as { secrets: Array<{ value: string }> };
    expect(snap.secrets).toHaveLength(1);
    expect(snap.secrets[0]?.value).toBe(sha('two'));
  });

  it.each([
    [{ name: '1ABC', value: 'x' }, 'name'],
    [{ name: 'WITH-DASH', value: 'x' }, 'name'],
    [{ name: 'OK_NAME', value: '' }, 'value'],
    [{ name: 'OK_NAME' }, 'value'],
    [{ value: 'x' }, 'name'],
    [{ name: 'OK_NAME', value: 42 }, 'value'],
  ])('refuses %j with a %s field error', async (body, field) => {
    const id = await createApp(emu, 'bad-secret');
    const r = await call(emu, 'POST', `/v1/apps/${id}/secrets`, { body });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.details.fieldErrors)).toEqual([field]);
  });

  it('accepts names starting with an underscore or lower-case letters', async () => {
    const id = await createApp(emu, 'names-ok');
    for (const name of ['_private', 'lower_case', 'A1']) {
      expect((await call(emu, 'POST', `/v1/apps/${id}/secrets`, { body: { name, value: 'v' } })).status).toBe(200);
    }
  });

  it('delete is 204, then the secret is 404', async () => {
    const id = await createApp(emu, 'delete-secret');
    await call(emu, 'POST', `/v1/apps/${id}/secrets`, { body: { name: 'GONE', value: 'v' } });
    const del = await call(emu, 'DELETE', `/v1/apps/${id}/secrets/GONE`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    expect((await call(emu, 'GET', `/v1/apps/${id}/secrets/GONE`)).status).toBe(404);
    expect((await call(emu, 'DELETE', `/v1/apps/${id}/secrets/GONE`)).status).toBe(404);
  });

  it('secrets are per app', async () => {
    const a = await createApp(emu, 'app-a');
    const b = await createApp(emu, 'app-b');
    await call(emu, 'POST', `/v1/apps/${a}/secrets`, { body: { name: 'ONLY_A', value: 'v' } });
    expect((await call(emu, 'GET', `/v1/apps/${b}/secrets`)).body.secrets).toEqual([]);
    expect((await call(emu, 'GET', `/v1/apps/${b}/secrets/ONLY_A`)).status).toBe(404);
  });
});

describe('api keys', () => {
  it('are random spk_ keys and the app api_key follows the primary key', async () => {
    const id = await createApp(emu, 'keys-app');
    const keys = (await call(emu, 'GET', `/v1/apps/${id}/api-keys`)).body;
    expect(keys.api_key).toMatch(/^spk_[0-9a-f]{32}$/);
    expect(keys.api_key_2).toMatch(/^spk_[0-9a-f]{32}$/);
    expect(keys.api_key).not.toBe(keys.api_key_2);
    expect((await call(emu, 'GET', `/v1/apps/${id}`)).body.api_key).toBe(keys.api_key);
  });

  it('regenerates key 1 by default, 2 on request, both with 0', async () => {
    const id = await createApp(emu, 'rotate-app');
    const k0 = (await call(emu, 'GET', `/v1/apps/${id}/api-keys`)).body;

    const r1 = await call(emu, 'POST', `/v1/apps/${id}/api-keys`);
    expect(r1.status).toBe(200);
    expect(r1.body.regenerated_key).toBe(1);
    expect(r1.body.api_key).not.toBe(k0.api_key);
    expect(r1.body.api_key_2).toBe(k0.api_key_2);
    expect((await call(emu, 'GET', `/v1/apps/${id}`)).body.api_key).toBe(r1.body.api_key);

    const r2 = (await call(emu, 'POST', `/v1/apps/${id}/api-keys`, { body: { key_number: 2 } })).body;
    expect(r2).toMatchObject({ regenerated_key: 2, api_key: r1.body.api_key });
    expect(r2.api_key_2).not.toBe(k0.api_key_2);

    const both = (await call(emu, 'POST', `/v1/apps/${id}/api-keys`, { body: { key_number: 0 } })).body;
    expect(both.regenerated_key).toBe(0);
    expect(both.api_key).not.toBe(r2.api_key);
    expect(both.api_key_2).not.toBe(r2.api_key_2);
    expect((await call(emu, 'GET', `/v1/apps/${id}/api-keys`)).body).toEqual({ api_key: both.api_key, api_key_2: both.api_key_2 });
  });

  it.each([[3], ['1'], [1.5], [null], [-1]])('refuses key_number %j with 400', async (key_number) => {
    const id = await createApp(emu, 'bad-rotate');
    const r = await call(emu, 'POST', `/v1/apps/${id}/api-keys`, { body: { key_number } });
    expect(r.status).toBe(400);
    expect(r.body.details.fieldErrors.key_number).toHaveLength(1);
  });
});

describe('members', () => {
  it('starts with the owner ada and the member grace', async () => {
    const r = await call(emu, 'GET', '/v1/members');
    expect(r.body.members).toEqual([
      expect.objectContaining({ user_id: 1, username: 'ada', roles: ['owner'], is_owner: true }),
      expect.objectContaining({ user_id: 2, username: 'grace', roles: ['member'], is_owner: false }),
    ]);
  });

  it('adds a known user with default roles, 201 without is_owner', async () => {
    const r = await call(emu, 'POST', '/v1/members', { body: { username: 'Margaret' } });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ user_id: 4, username: 'margaret', roles: ['member'], created_at: expect.any(String) });
    expect((await call(emu, 'GET', '/v1/members/4')).body).toMatchObject({ username: 'margaret', is_owner: false });
  });

  it('404 for an unknown user, 409 for an existing member, 400 for bad roles or body', async () => {
    expect((await call(emu, 'POST', '/v1/members', { body: { username: 'stranger' } })).status).toBe(404);
    expect((await call(emu, 'POST', '/v1/members', { body: { username: 'grace' } })).status).toBe(409);
    expect((await call(emu, 'POST', '/v1/members', { body: { username: 'ken', roles: ['root'] } })).status).toBe(400);
    expect((await call(emu, 'POST', '/v1/members', { body: { username: 'ken', roles: 'admin' } })).status).toBe(400);
    expect((await call(emu, 'POST', '/v1/members', { body: {} })).status).toBe(400);
  });

  it('accepts every documented role', async () => {
    const r = await call(emu, 'POST', '/v1/members', { body: { username: 'dennis', roles: ['owner', 'admin', 'member', 'viewer', 'billing'] } });
    expect(r.status).toBe(201);
  });

  it('patch changes roles; roles are required', async () => {
    const r = await call(emu, 'PATCH', '/v1/members/2', { body: { roles: ['admin'] } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ user_id: 2, roles: ['admin'] });
    expect((await call(emu, 'PATCH', '/v1/members/2', { body: {} })).status).toBe(400);
    expect((await call(emu, 'PATCH', '/v1/members/5', { body: { roles: ['admin'] } })).status).toBe(404);
  });

  it('the owner can be neither patched nor removed (403)', async () => {
    const p = await call(emu, 'PATCH', '/v1/members/1', { body: { roles: ['member'] } });
    expect(p.status).toBe(403);
    expect((await call(emu, 'DELETE', '/v1/members/1')).status).toBe(403);
    expect((await call(emu, 'GET', '/v1/members/1')).body.roles).toEqual(['owner']);
  });

  it('remove is 204; the user can be re-added; ids must be integers', async () => {
    expect((await call(emu, 'DELETE', '/v1/members/2')).status).toBe(204);
    expect((await call(emu, 'GET', '/v1/members/2')).status).toBe(404);
    expect((await call(emu, 'POST', '/v1/members', { body: { username: 'grace' } })).status).toBe(201);
    const bad = await call(emu, 'GET', '/v1/members/grace');
    expect(bad.status).toBe(400);
    expect((await call(emu, 'DELETE', '/v1/members/x')).status).toBe(400);
  });
});
