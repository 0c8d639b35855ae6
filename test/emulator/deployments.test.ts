import { afterEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, createApp, FakeClock, start } from './helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

async function setup(queuedMs = 1000, runningMs = 2000) {
  const clock = new FakeClock();
  emu = await start({ now: clock.now, queuedMs, runningMs });
  const id = await createApp(emu, 'deploy-me', {}, true);
  const e = emu;
  const deploy = (body?: unknown) => call(e, 'POST', `/v1/apps/${id}/deployments`, body === undefined ? {} : { body });
  const get = async (dep: number) => (await call(e, 'GET', `/v1/apps/${id}/deployments/${dep}`)).body;
  return { clock, id, emu: e, deploy, get };
}

describe('deployment lifecycle (injected clock)', () => {
  it('goes queued -> in_progress -> succeeded with the timestamps set as it goes', async () => {
    const { clock, deploy, get } = await setup();
    const created = await deploy({ commit_message: 'first', branch: 'main' });
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ status: 'queued', started_at: null, finished_at: null, creation_source: 'api', created_by: 'ada@example.com', branch: 'main' });
    const id = created.body.id;

    clock.advance(999);
    expect((await get(id)).status).toBe('queued');
    clock.advance(1);
    const running = await get(id);
    expect(running.status).toBe('in_progress');
    expect(running.started_at).toBe(new Date(clock.t).toISOString());
    expect(running.finished_at).toBeNull();

    clock.advance(2000);
    const done = await get(id);
    expect(done).toMatchObject({ status: 'succeeded', error_code: null, error_message: null });
    expect(done.finished_at).toBe(new Date(clock.t).toISOString());
    expect(done.updated_at).toBe(done.finished_at);
  });

  it('POST answers queued even with instant (0/0) timings, and reads show it finished', async () => {
    const { deploy, get } = await setup(0, 0);
    const created = await deploy();
    expect(created.body.status).toBe('queued');
    expect((await get(created.body.id)).status).toBe('succeeded');
  });

  it('the emulator-fail tag makes deployments fail with error_code and error_message', async () => {
    const { clock, id, emu: e, deploy, get } = await setup();
    await call(e, 'PUT', `/v1/apps/${id}`, { body: { tags: { 'emulator-fail': 'unable_to_start' } } });
    const failing = (await deploy()).body.id;
    clock.advance(1000);
    expect((await get(failing)).error_code).toBeNull();
    clock.advance(2000);
    expect(await get(failing)).toMatchObject({ status: 'failed', error_code: 'unable_to_start' });
    expect((await get(failing)).error_message).toMatch(/failed to start/i);

    // Removing the marker does not rewrite history; the next deployment succeeds.
    await call(e, 'PUT', `/v1/apps/${id}`, { body: { tags: {} } });
    expect((await get(failing)).status).toBe('failed');
    const ok = (await deploy()).body.id;
    clock.advance(3000);
    expect((await get(ok)).status).toBe('succeeded');
  });

  it('a retriable marker code keeps the deployment in_progress with the error set', async () => {
    const { clock, id, emu: e, deploy, get } = await setup();
    await call(e, 'PUT', `/v1/apps/${id}`, { body: { tags: { 'emulator-fail': 'insufficient_memory' } } });
    const dep = (await deploy()).body.id;
    clock.advance(60_000);
    expect(await get(dep)).toMatchObject({ status: 'in_progress', error_code: 'insufficient_memory', finished_at: null });
  });

  it('refuses a new deployment with 409 while one is still queued', async () => {
    const { clock, deploy } = await setup();
    await deploy();
    const second = await deploy();
    expect(second.status).toBe(409);
    expect(second.body.error).toBe('A deployment is already in progress for this project');
    clock.advance(1000);
    expect((await deploy()).status).toBe(202);
  });

  it('supersedes an in-progress deployment (created) when the newer one starts, not before', async () => {
    const { clock, deploy, get } = await setup();
    const first = (await deploy()).body.id;
    clock.advance(1500); // first in_progress
    const second = (await deploy()).body.id;
    expect((await get(first)).status).toBe('in_progress');
    clock.advance(1000); // second starts
    expect((await get(first)).status).toBe('created');
    expect((await get(first)).finished_at).toBeNull();
    expect((await get(second)).status).toBe('in_progress');
    clock.advance(5000);
    expect((await get(first)).status).toBe('created');
    expect((await get(second)).status).toBe('succeeded');
  });

  it('a finished deployment keeps its status when a newer one starts', async () => {
    const { clock, deploy, get } = await setup();
    const first = (await deploy()).body.id;
    clock.advance(3000);
    await deploy();
    clock.advance(3000);
    expect((await get(first)).status).toBe('succeeded');
  });

  it('400 spicepod_missing when the app has no spicepod', async () => {
    const { emu: e } = await setup();
    const bare = await createApp(e, 'no-pod');
    const r = await call(e, 'POST', `/v1/apps/${bare}/deployments`);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('spicepod_missing');
  });

  it('validates the optional body fields', async () => {
    const { deploy } = await setup();
    const r = await deploy({ replicas: 11, debug: 'yes', branch: 5, commit_sha: false, image_tag: 1 });
    expect(r.status).toBe(400);
    expect(Object.keys(r.body.details.fieldErrors).sort()).toEqual(['branch', 'commit_sha', 'debug', 'image_tag', 'replicas']);
    const ok = await deploy({ replicas: 3, image_tag: '2.0.0', debug: true, commit_sha: 'abc123' });
    expect(ok.body).toMatchObject({ replicas: 3, image_tag: '2.0.0', commit_sha: 'abc123' });
  });

  it('deleting the app stops its in-flight deployment', async () => {
    const { clock, id, emu: e, deploy } = await setup();
    await deploy();
    clock.advance(1500);
    await call(e, 'DELETE', `/v1/apps/${id}`);
    clock.advance(10_000);
    const snap = e.snapshot() as { deployments: Array<{ status: string }> };
    expect(snap.deployments[0]?.status).toBe('created');
  });
});

describe('listing deployments', () => {
  it('is newest first, default limit 20, max 100', async () => {
    const { deploy, id, emu: e } = await setup(0, 0);
    for (let i = 0; i < 25; i++) await deploy();
    const all = await call(e, 'GET', `/v1/apps/${id}/deployments`);
    expect(all.body.deployments).toHaveLength(20);
    expect(all.body.deployments[0].id).toBe(25);
    expect(all.body.deployments[19].id).toBe(6);
    expect((await call(e, 'GET', `/v1/apps/${id}/deployments?limit=100`)).body.deployments).toHaveLength(25);
    expect((await call(e, 'GET', `/v1/apps/${id}/deployments?limit=1`)).body.deployments[0].id).toBe(25);
  });

  it.each(['0', '101', 'abc', '-1', '2.5'])('refuses limit=%s with 400', async (limit) => {
    const { id, emu: e } = await setup();
    const r = await call(e, 'GET', `/v1/apps/${id}/deployments?limit=${limit}`);
    expect(r.status).toBe(400);
    expect(r.body.details.fieldErrors.limit).toHaveLength(1);
  });

  it('filters by status and refuses unknown statuses', async () => {
    const { clock, id, emu: e, deploy } = await setup();
    await deploy();
    clock.advance(3000);
    await deploy();
    const q = await call(e, 'GET', `/v1/apps/${id}/deployments?status=queued`);
    expect(q.body.deployments.map((d: { id: number }) => d.id)).toEqual([2]);
    const s = await call(e, 'GET', `/v1/apps/${id}/deployments?status=succeeded`);
    expect(s.body.deployments.map((d: { id: number }) => d.id)).toEqual([1]);
    expect((await call(e, 'GET', `/v1/apps/${id}/deployments?status=running`)).status).toBe(400);
  });

  it('get by id is scoped to the app', async () => {
    const { emu: e, deploy } = await setup();
    const dep = (await deploy()).body.id;
    const other = await createApp(e, 'other-app');
    expect((await call(e, 'GET', `/v1/apps/${other}/deployments/${dep}`)).status).toBe(404);
    expect((await call(e, 'GET', `/v1/apps/${other}/deployments/x`)).status).toBe(400);
  });
});

describe('deployment logs', () => {
  it('grow as the deployment progresses in simulated time', async () => {
    const { clock, id, emu: e, deploy } = await setup();
    const dep = (await deploy()).body.id;
    const logs = async (q = '') => (await call(e, 'GET', `/v1/apps/${id}/deployments/${dep}/logs${q}`)).body.logs as Array<Record<string, string>>;
    const atQueue = await logs();
    expect(atQueue).toHaveLength(1);
    expect(atQueue[0]).toMatchObject({ level: 'info', source: 'control-plane' });
    clock.advance(2000);
    const mid = await logs();
    expect(mid.length).toBeGreaterThan(1);
    clock.advance(2000);
    const end = await logs();
    expect(end.at(-1)?.message).toMatch(/succeeded/);
    // since/limit page forward
    const after = await logs(`?since=${encodeURIComponent(mid.at(-1)?.timestamp ?? '')}`);
    expect(after).toEqual(end.slice(mid.length));
    expect(await logs('?limit=2')).toEqual(end.slice(0, 2));
    expect((await call(e, 'GET', `/v1/apps/${id}/deployments/${dep}/logs?since=yesterday`)).status).toBe(400);
  });

  it('end with error lines for a failed deployment', async () => {
    const { clock, id, emu: e, deploy } = await setup();
    await call(e, 'PUT', `/v1/apps/${id}`, { body: { tags: { 'emulator-fail': 'pod_exceeds_node_capacity' } } });
    const dep = (await deploy()).body.id;
    clock.advance(5000);
    const logs = (await call(e, 'GET', `/v1/apps/${id}/deployments/${dep}/logs`)).body.logs as Array<Record<string, string>>;
    expect(logs.at(-1)).toMatchObject({ level: 'error' });
    expect(logs.at(-1)?.message).toContain('pod_exceeds_node_capacity');
  });
});
