import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/deploy/deploy.js';
import { ConflictError, DeploymentFailedError, TimeoutError, UsageError } from '../../../../src/errors.js';
import { instantClock, json, testContext } from '../../../helpers/context.js';

const raw = (opts: Record<string, unknown> = {}, env: Record<string, string> = {}) => ({ args: [], opts: { app: '5', ...opts }, env });
const POST = { path: '/v1/apps/5/deployments', method: 'POST' } as const;
const GET = { path: '/v1/apps/5/deployments/42', method: 'GET' } as const;
const dep = (status: string, extra: Record<string, unknown> = {}) => ({ id: 42, status, created_at: '2026-11-26T11:59:58Z', replicas: 1, ...extra });

describe('deploy: parse', () => {
  it('builds the request body from the flags, sending only what was given', () => {
    const o = parse(raw({ imageTag: '1.11.0', replicas: '3', branch: 'main', commitSha: 'A1b2c3d4', commitMessage: 'fix: x', debug: true, wait: true }));
    expect(o.input).toEqual({ image_tag: '1.11.0', replicas: 3, branch: 'main', commit_sha: 'A1b2c3d4', commit_message: 'fix: x', debug: true });
    expect(o.wait).toBe(true);
    expect(o.intervalMs).toBe(2000);
    expect(parse(raw()).input).toEqual({});
  });

  it('takes the app from SPICE_APP when -a is absent, and leaves it to the link file otherwise', () => {
    expect(parse({ args: [], opts: {}, env: { SPICE_APP: 'sales-data' } }).app).toEqual({ text: 'sales-data' });
    expect(parse({ args: [], opts: {}, env: {} }).app).toBeUndefined();
  });

  it('honours the hidden --interval', () => {
    expect(parse(raw({ interval: '500ms' })).intervalMs).toBe(500);
  });

  it.each([
    [{ replicas: '0' }, /--replicas "0"/],
    [{ replicas: '11' }, /--replicas "11"/],
    [{ replicas: 'two' }, /--replicas "two"/],
    [{ imageTag: 'bad tag' }, /--image-tag/],
    [{ imageTag: '' }, /--image-tag must not be empty/],
    [{ branch: '  ' }, /--branch must not be empty/],
    [{ commitSha: 'xyz' }, /--commit-sha "xyz"/],
    [{ interval: 'soon' }, /--interval "soon"/],
    [{ app: 'bad app!' }, /invalid app name/],
  ])('rejects %j with a UsageError', (opts, message) => {
    expect(() => parse(raw(opts))).toThrow(UsageError);
    expect(() => parse(raw(opts))).toThrow(message);
  });
});

describe('deploy: run without --wait', () => {
  it('posts the body and prints the queued deployment and a watch hint on a terminal', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ ...POST, body: JSON.stringify({ replicas: 2, branch: 'main' }) }).reply(202, dep('queued', { branch: 'main', replicas: 2 }), json);
    await run(parse(raw({ replicas: '2', branch: 'main' })), t.ctx);
    expect(t.io.out()).toMatch(/^id\s+42$/m);
    expect(t.io.out()).toMatch(/^status\s+queued$/m);
    expect(t.io.out()).toMatch(/^created_at\s+just now$/m);
    expect(t.io.out()).not.toMatch(/^error_code/m);
    expect(t.io.err()).toBe('Deployment 42 of app 5 is queued. Watch it with `spice-cloud deployments watch -a 5 42`.\n');
    t.done();
  });

  it('prints every field as tab-separated lines when piped', async () => {
    const t = await testContext();
    t.api.intercept(POST).reply(202, dep('queued'), json);
    await run(parse(raw()), t.ctx);
    expect(t.io.out()).toMatch(/^id\t42\nstatus\tqueued\ncreated_at\t2026-11-26T11:59:58Z\n/);
    expect(t.io.out()).toMatch(/^error_code\t$/m);
    t.done();
  });

  it('prints the deployment as one JSON object with --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept(POST).reply(202, dep('queued'), json);
    await run(parse(raw()), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual(dep('queued'));
    t.done();
  });

  it('resolves an app name before posting', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [{ id: 5, name: 'Sales-Data' }] }, json);
    t.api.intercept(POST).reply(202, dep('queued'), json);
    await run(parse(raw({ app: 'sales-data' })), t.ctx);
    expect(t.io.err()).toContain('spice-cloud deployments watch -a Sales-Data 42');
    t.done();
  });

  it('surfaces a 409 (a deployment already queued) as a ConflictError with the hint, without retrying', async () => {
    const t = await testContext({ maxRetries: 3 });
    t.api.intercept(POST).reply(409, { error: 'A deployment is already in progress for this project' }, json);
    const err = await run(parse(raw()), t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).hint).toMatch(/already queued/);
    t.done();
  });

  it('never retries the POST on a 503 (it may have been accepted)', async () => {
    const t = await testContext({ maxRetries: 3 });
    t.api.intercept(POST).reply(503, { error: 'unavailable' }, json);
    await expect(run(parse(raw()), t.ctx)).rejects.toMatchObject({ status: 503 });
    t.done();
  });
});

describe('deploy: run with --wait', () => {
  it('waits for success and prints the final deployment; stdout holds only the final object with --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept(POST).reply(202, dep('queued'), json);
    t.api.intercept(GET).reply(200, dep('in_progress'), json);
    t.api.intercept(GET).reply(200, dep('succeeded', { updated_at: '2026-11-26T12:00:40Z' }), json);
    await run(parse(raw({ wait: true })), t.ctx);
    expect(JSON.parse(t.io.out())).toMatchObject({ id: 42, status: 'succeeded' });
    expect(t.io.err()).toBe('Deployment 42: queued 0s\nDeployment 42: in progress 2s\nDeployment 42 succeeded in 42s\n');
    t.done();
  });

  it('exits 6 when the deployment fails', async () => {
    const t = await testContext();
    t.api.intercept(POST).reply(202, dep('queued'), json);
    t.api.intercept(GET).reply(200, dep('failed', { error_code: 'pod_exceeds_node_capacity', error_message: 'too big' }), json);
    const err = await run(parse(raw({ wait: true })), t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeploymentFailedError);
    expect(err).toMatchObject({ exitCode: 6, message: 'deployment 42 failed: too big (pod_exceeds_node_capacity)' });
  });

  it('waits 10 minutes by default', async () => {
    const clock = instantClock();
    const t = await testContext({ clock });
    t.api.intercept(POST).reply(202, dep('queued'), json);
    t.api.intercept(GET).reply(200, dep('in_progress'), json).persist();
    const err = await run(parse(raw({ wait: true, interval: '1m' })), t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ exitCode: 7, message: 'deployment 42 is still in progress after 10m' });
    expect(clock.slept).toHaveLength(10);
  });

  it('uses the global --timeout as the wait budget (--wait --timeout 5m)', async () => {
    const clock = instantClock();
    const t = await testContext({ clock, globals: { timeoutMs: 5 * 60_000 } });
    t.api.intercept(POST).reply(202, dep('queued'), json);
    t.api.intercept(GET).reply(200, dep('queued'), json).persist();
    const err = await run(parse(raw({ wait: true, interval: '30s' })), t.ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 7, message: 'deployment 42 is still queued after 5m' });
    expect(clock.slept).toEqual(Array(10).fill(30_000));
  });

  it('polls at the --interval', async () => {
    const clock = instantClock();
    const t = await testContext({ clock });
    t.api.intercept(POST).reply(202, dep('queued'), json);
    t.api.intercept(GET).reply(200, dep('in_progress'), json);
    t.api.intercept(GET).reply(200, dep('succeeded'), json);
    await run(parse(raw({ wait: true, interval: '5s' })), t.ctx);
    expect(clock.slept).toEqual([5000, 5000]);
    t.done();
  });
});
