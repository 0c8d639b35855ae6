import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/deployments/watch.js';
import { DeploymentFailedError, NotFoundError, TimeoutError, UsageError } from '../../../../src/errors.js';
import { instantClock, json, testContext } from '../../../helpers/context.js';

const raw = (args: unknown[] = [], opts: Record<string, unknown> = {}) => ({ args, opts: { app: '5', ...opts }, env: {} });
const dep = (status: string, extra: Record<string, unknown> = {}) => ({ id: 42, status, created_at: '2026-11-26T11:59:00Z', ...extra });
const GET = { path: '/v1/apps/5/deployments/42', method: 'GET' } as const;

describe('deployments watch: parse', () => {
  it('takes an optional positive ID or "latest" (the default)', () => {
    expect(parse(raw(['42'])).id).toBe(42);
    expect(parse(raw(['latest'])).id).toBe('latest');
    expect(parse(raw([])).id).toBe('latest');
  });
  it.each(['0', 'newest', '-3'])('rejects the ID %j', (id) => {
    expect(() => parse(raw([id]))).toThrow(UsageError);
  });
  it('rejects a bad --interval', () => {
    expect(() => parse(raw([], { interval: '0s' }))).toThrow(UsageError);
  });
});

describe('deployments watch: run', () => {
  it('watches the given deployment until it succeeds (exit 0)', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept(GET).reply(200, dep('in_progress'), json);
    t.api.intercept(GET).reply(200, dep('succeeded', { updated_at: '2026-11-26T12:00:00Z' }), json);
    await run(parse(raw(['42'])), t.ctx);
    expect(t.io.err()).toBe('Deployment 42: in progress 0s\n✓ Deployment 42 succeeded in 1m\n');
    expect(t.io.out()).toMatch(/^status\s+succeeded$/m);
    t.done();
  });

  it('picks the latest deployment when no ID is given', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/5/deployments?limit=1', method: 'GET' }).reply(200, { deployments: [dep('queued')] }, json);
    t.api.intercept(GET).reply(200, dep('succeeded'), json);
    await run(parse(raw()), t.ctx);
    expect(t.io.err()).toMatch(/^Watching deployment 42, the latest of app 5\.\nDeployment 42: queued 0s\n/);
    t.done();
  });

  it('fails with exit 3 and a deploy hint when the app has no deployments', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/5/deployments?limit=1', method: 'GET' }).reply(200, { deployments: [] }, json);
    const err = await run(parse(raw()), t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).hint).toContain('spice-cloud deploy -a 5');
  });

  it('exits 6 at once for a deployment that already failed, without polling', async () => {
    const clock = instantClock();
    const t = await testContext({ clock, globals: { json: true } });
    t.api.intercept(GET).reply(200, dep('failed', { error_message: 'Failed to pull container image' }), json);
    const err = await run(parse(raw(['42'])), t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeploymentFailedError);
    expect((err as Error).message).toBe('deployment 42 failed: Failed to pull container image');
    expect(JSON.parse(t.io.out()).status).toBe('failed');
    expect(clock.slept).toEqual([]);
    t.done();
  });

  it('times out after the global --timeout (exit 7)', async () => {
    const t = await testContext({ globals: { timeoutMs: 4_000 } });
    t.api.intercept(GET).reply(200, dep('queued'), json).persist();
    await expect(run(parse(raw(['42'])), t.ctx)).rejects.toThrow(TimeoutError);
    await expect(run(parse(raw(['42'])), t.ctx)).rejects.toThrow('deployment 42 is still queued after 4s');
  });
});
