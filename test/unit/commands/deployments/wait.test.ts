import { describe, expect, it } from 'vitest';
import { waitAndReport, type WaitOptions } from '../../../../src/commands/deployments/wait.js';
import { DeploymentFailedError, InterruptedError, NotFoundError, TimeoutError } from '../../../../src/errors.js';
import { instantClock, json, testContext } from '../../../helpers/context.js';

const APP = { id: 5, name: 'sales-data' };
const GET = { path: '/v1/apps/5/deployments/42', method: 'GET' } as const;
const dep = (status: string, extra: Record<string, unknown> = {}) => ({ id: 42, status, created_at: '2026-11-26T11:59:00Z', ...extra });
const START = Date.parse('2026-11-26T12:00:00Z');

function opts(over: Partial<WaitOptions> = {}): WaitOptions {
  return { app: APP, deployment: dep('queued'), deadline: START + 600_000, budgetMs: 600_000, intervalMs: 2_000, ...over };
}

describe('deployment wait loop', () => {
  it('follows queued → in_progress → succeeded, printing each status once when piped', async () => {
    const clock = instantClock();
    const t = await testContext({ clock });
    t.api.intercept(GET).reply(200, dep('queued'), json);
    t.api.intercept(GET).reply(200, dep('in_progress', { started_at: '2026-11-26T11:59:05Z' }), json);
    t.api.intercept(GET).reply(200, dep('succeeded', { updated_at: '2026-11-26T11:59:42Z' }), json);
    await waitAndReport(t.ctx, opts());
    expect(t.io.err()).toBe('Deployment 42: queued 0s\nDeployment 42: in progress 4s\nDeployment 42 succeeded in 42s\n');
    expect(t.io.out()).toMatch(/^status\tsucceeded$/m);
    expect(clock.slept).toEqual([2000, 2000, 2000]);
    t.done();
  });

  it('marks success with ✓ on a terminal and prints the set fields', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept(GET).reply(200, dep('succeeded', { updated_at: '2026-11-26T12:01:00Z' }), json);
    await waitAndReport(t.ctx, opts());
    expect(t.io.err()).toContain('✓ Deployment 42 succeeded in 2m\n');
    expect(t.io.out()).toMatch(/^status\s+succeeded$/m);
    expect(t.io.out()).not.toMatch(/^error_code/m);
    t.done();
  });

  it('throws DeploymentFailedError (exit 6) carrying error_message and error_code', async () => {
    const t = await testContext();
    t.api.intercept(GET).reply(200, dep('in_progress'), json);
    t.api.intercept(GET).reply(200, dep('failed', { error_code: 'unable_to_start', error_message: 'container exited with code 1' }), json);
    const err = await waitAndReport(t.ctx, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeploymentFailedError);
    expect(err).toMatchObject({ exitCode: 6, message: 'deployment 42 failed: container exited with code 1 (unable_to_start)' });
    expect((err as DeploymentFailedError).hint).toContain('spice-cloud deployments logs -a sales-data 42');
    expect(t.io.out()).toMatch(/^error_code\tunable_to_start$/m);
    t.done();
  });

  it('shows a retriable error code while the deployment stays in progress', async () => {
    const t = await testContext();
    t.api.intercept(GET).reply(200, dep('in_progress', { error_code: 'insufficient_cpu', error_message: 'Waiting for capacity' }), json);
    t.api.intercept(GET).reply(200, dep('succeeded'), json);
    await waitAndReport(t.ctx, opts());
    expect(t.io.err()).toContain('Deployment 42: in progress 2s (waiting for capacity)\n');
    t.done();
  });

  it('reports a superseded (created) deployment with exit 6, code superseded, naming the newer deployment', async () => {
    const t = await testContext();
    t.api.intercept(GET).reply(200, dep('created'), json);
    t.api
      .intercept({ path: '/v1/apps/5/deployments?limit=20', method: 'GET' })
      .reply(200, { deployments: [dep('queued', { id: 44 }), dep('in_progress', { id: 43 }), dep('created')] }, json)
      .times(2);
    const err = await waitAndReport(t.ctx, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeploymentFailedError);
    expect(err).toMatchObject({ exitCode: 6, code: 'superseded' });
    expect((err as Error).message).toBe('deployment 42 was superseded by deployment 44 (queued) and will not finish');
    expect((err as DeploymentFailedError).hint).toContain('spice-cloud deployments watch -a sales-data 44');
    t.done();
  });

  it('names the newer deployment even when supersession is seen after the default request budget', async () => {
    const clock = instantClock();
    const t = await testContext({ clock });
    t.api.intercept(GET).reply(200, dep('in_progress'), json).times(100);
    t.api.intercept(GET).reply(200, dep('created'), json);
    t.api.intercept({ path: '/v1/apps/5/deployments?limit=20', method: 'GET' }).reply(200, { deployments: [dep('in_progress', { id: 43 }), dep('created')] }, json).times(2);
    const err = await waitAndReport(t.ctx, opts()).catch((e: unknown) => e);
    expect(clock.now() - START).toBeGreaterThan(120_000);
    expect((err as Error).message).toContain('superseded by deployment 43');
    t.done();
  });

  it('still reports supersession when the list cannot name the newer deployment', async () => {
    const t = await testContext();
    t.api.intercept(GET).reply(200, dep('created'), json);
    t.api.intercept({ path: '/v1/apps/5/deployments?limit=20', method: 'GET' }).reply(200, { deployments: [dep('queued', { id: 44 }), dep('created')] }, json);
    t.api.intercept({ path: '/v1/apps/5/deployments?limit=20', method: 'GET' }).reply(503, { error: 'down' }, json);
    const err = await waitAndReport(t.ctx, opts()).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 6, code: 'superseded', message: 'deployment 42 was superseded by a newer deployment and will not finish' });
    t.done();
  });

  it('treats a fresh deployment reported created (nothing newer) as pending and waits for it', async () => {
    const t = await testContext();
    t.api.intercept(GET).reply(200, dep('created'), json);
    t.api.intercept({ path: '/v1/apps/5/deployments?limit=20', method: 'GET' }).reply(200, { deployments: [dep('created')] }, json);
    t.api.intercept(GET).reply(200, dep('in_progress'), json);
    t.api.intercept(GET).reply(200, dep('succeeded'), json);
    await waitAndReport(t.ctx, opts());
    expect(t.io.err()).toMatch(/Deployment 42 succeeded/);
    t.done();
  });

  it('keeps waiting on a created deployment while the list of newer ones cannot be read', async () => {
    const t = await testContext();
    t.api.intercept(GET).reply(200, dep('created'), json);
    t.api.intercept({ path: '/v1/apps/5/deployments?limit=20', method: 'GET' }).reply(503, { error: 'down' }, json);
    t.api.intercept(GET).reply(200, dep('succeeded'), json);
    await waitAndReport(t.ctx, opts());
    expect(t.io.err()).toMatch(/Deployment 42 succeeded/);
    t.done();
  });

  it('times out with TimeoutError (exit 7) naming the last status and the budget, without polling past the deadline', async () => {
    const clock = instantClock();
    const t = await testContext({ clock });
    t.api.intercept(GET).reply(200, dep('in_progress'), json).persist();
    const err = await waitAndReport(t.ctx, opts({ deadline: START + 10_000, budgetMs: 10_000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toMatchObject({ exitCode: 7, message: 'deployment 42 is still in progress after 10s' });
    expect((err as TimeoutError).hint).toContain('spice-cloud deployments watch -a sales-data 42');
    expect(clock.now()).toBe(START + 10_000);
    expect(clock.slept).toEqual([2000, 2000, 2000, 2000, 2000]);
    expect(t.io.out()).toBe('');
    t.done();
  });

  it('shortens the last sleep to the deadline', async () => {
    const clock = instantClock();
    const t = await testContext({ clock });
    t.api.intercept(GET).reply(200, dep('queued'), json).persist();
    await expect(waitAndReport(t.ctx, opts({ deadline: START + 5_000, budgetMs: 5_000 }))).rejects.toThrow(TimeoutError);
    expect(clock.slept).toEqual([2000, 2000, 1000]);
  });

  it('keeps polling through a 429 and a 503 (no retries in the HTTP layer) and reports the final status', async () => {
    const t = await testContext({ maxRetries: 0 });
    t.api.intercept(GET).reply(200, dep('in_progress'), json);
    t.api.intercept(GET).reply(429, { error: 'Too many requests' }, json);
    t.api.intercept(GET).reply(503, { error: 'Service unavailable' }, json);
    t.api.intercept(GET).reply(200, dep('succeeded'), json);
    await waitAndReport(t.ctx, opts());
    const err = t.io.err();
    expect(err).toContain('warning: status check failed (get deployment 42 failed: Too many requests); still waiting\n');
    expect(err).toContain('warning: status check failed (get deployment 42 failed: Service unavailable); still waiting\n');
    expect(err).toMatch(/Deployment 42 succeeded in \d+s\n$/);
    t.done();
  });

  it('keeps polling through network errors', async () => {
    const t = await testContext({ maxRetries: 0 });
    t.api.intercept(GET).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    t.api.intercept(GET).reply(200, dep('succeeded'), json);
    await waitAndReport(t.ctx, opts());
    expect(t.io.err()).toContain('status check failed');
    t.done();
  });

  it('mentions the failing status checks when the deadline passes during them', async () => {
    const t = await testContext({ maxRetries: 0 });
    t.api.intercept(GET).reply(503, { error: 'Service unavailable' }, json).persist();
    const err = await waitAndReport(t.ctx, opts({ deadline: START + 6_000, budgetMs: 6_000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toBe('deployment 42 is still queued after 6s (the last status check failed: get deployment 42 failed: Service unavailable)');
    // Identical consecutive failures are noted once.
    expect(t.io.err().match(/status check failed/g)).toHaveLength(1);
  });

  it('stops on errors that waiting cannot fix (404)', async () => {
    const t = await testContext();
    t.api.intercept(GET).reply(404, { error: 'App with ID 5 not found' }, json);
    t.api.intercept({ path: '/v1/apps/5/deployments?limit=100', method: 'GET' }).reply(404, { error: 'App with ID 5 not found' }, json);
    await expect(waitAndReport(t.ctx, opts())).rejects.toThrow(NotFoundError);
    t.done();
  });

  it('turns Ctrl-C during a status check into InterruptedError (exit 130) saying the deployment still runs and how to watch it', async () => {
    const controller = new AbortController();
    const t = await testContext({ signal: controller.signal });
    t.api.intercept(GET).reply(200, dep('in_progress'), json).delay(200);
    setTimeout(() => controller.abort(new InterruptedError()), 20);
    const err = await waitAndReport(t.ctx, opts()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InterruptedError);
    expect(err).toMatchObject({ exitCode: 130 });
    expect((err as Error).message).toMatch(/^stopped waiting: deployment 42 is still (queued|in progress) on the server; watch it with `spice-cloud deployments watch -a sales-data 42`$/);
    expect(t.io.out()).toBe('');
  });

  it('turns Ctrl-C during the sleep into InterruptedError', async () => {
    const controller = new AbortController();
    const clock = { now: () => START, sleep: async () => { controller.abort(); throw new Error('aborted'); } };
    const t = await testContext({ signal: controller.signal, clock });
    await expect(waitAndReport(t.ctx, opts())).rejects.toThrow(InterruptedError);
  });

  it('prints only the final deployment object on stdout with --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept(GET).reply(200, dep('in_progress'), json);
    t.api.intercept(GET).reply(200, dep('succeeded'), json);
    await waitAndReport(t.ctx, opts());
    expect(JSON.parse(t.io.out())).toEqual(dep('succeeded'));
    expect(t.io.err()).toContain('Deployment 42 succeeded');
    t.done();
  });

  it('returns at once for a deployment that already succeeded', async () => {
    const clock = instantClock();
    const t = await testContext({ clock });
    await waitAndReport(t.ctx, opts({ deployment: dep('succeeded', { updated_at: '2026-11-26T11:59:30Z' }) }));
    expect(t.io.err()).toBe('Deployment 42 succeeded in 30s\n');
    expect(clock.slept).toEqual([]);
  });

  it('notes transient failures on their own line while a live spinner runs on a terminal', async () => {
    const t = await testContext({ tty: true, maxRetries: 0 });
    t.io.columns = 80;
    t.api.intercept(GET).reply(503, { error: 'Service unavailable' }, json);
    t.api.intercept(GET).reply(200, dep('succeeded'), json);
    await waitAndReport(t.ctx, opts());
    const err = t.io.err();
    expect(err).toContain('warning: status check failed (get deployment 42 failed: Service unavailable); still waiting\n');
    expect(err).toContain('✓ Deployment 42 succeeded');
    t.done();
  });
});
