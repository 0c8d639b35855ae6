import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/deployments/logs.js';
import { InterruptedError, NotFoundError, TimeoutError, UsageError } from '../../../../src/errors.js';
import { instantClock, json, testContext, TOKEN } from '../../../helpers/context.js';

const raw = (opts: Record<string, unknown> = {}, id: unknown = '42') => ({ args: [id], opts: { app: '5', ...opts }, env: {} });
const LOGS = '/v1/apps/5/deployments/42/logs';
const GET = { path: '/v1/apps/5/deployments/42', method: 'GET' } as const;
const T1 = '2026-11-26T11:59:01Z';
const T2 = '2026-11-26T11:59:02Z';
const T3 = '2026-11-26T11:59:03Z';
const l = (timestamp: string, message: string, level = 'info') => ({ timestamp, level, message, source: 'runtime' });
const dep = (status: string) => ({ id: 42, status });

describe('deployments logs: parse', () => {
  it('reads --since as a duration ago or a timestamp', () => {
    expect(parse(raw({ since: '10m' })).since).toEqual({ agoMs: 600_000 });
    expect(parse(raw({ since: '2026-11-26T12:00:00Z' })).since).toEqual({ at: '2026-11-26T12:00:00.000Z' });
    expect(parse(raw({ since: '2026-11-26T12:00:00+01:00' })).since).toEqual({ at: '2026-11-26T11:00:00.000Z' });
    expect(parse(raw()).since).toBeUndefined();
  });
  it.each(['yesterday', '2026-13-45', '-5m', ''])('rejects --since %j', (since) => {
    expect(() => parse(raw({ since }))).toThrow(UsageError);
  });
  it.each(['0', '1001', 'ten'])('rejects --limit %j', (limit) => {
    expect(() => parse(raw({ limit }))).toThrow(UsageError);
  });
  it('requires a positive deployment ID', () => {
    expect(() => parse(raw({}, 'abc'))).toThrow(UsageError);
  });
  it('reads --follow and --limit', () => {
    expect(parse(raw({ follow: true, limit: '50' }))).toMatchObject({ follow: true, limit: 50 });
  });
});

describe('deployments logs: run', () => {
  it('prints "timestamp level message" lines on a terminal', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: LOGS, method: 'GET' }).reply(200, { logs: [l(T1, 'Spice runtime starting'), l(T2, 'boom', 'error')] }, json);
    await run(parse(raw()), t.ctx);
    expect(t.io.out()).toBe(`${T1} INFO  Spice runtime starting\n${T2} ERROR boom\n`);
    t.done();
  });

  it('prints tab-separated lines when piped, one line per entry', async () => {
    const t = await testContext();
    t.api.intercept({ path: LOGS, method: 'GET' }).reply(200, { logs: [l(T1, 'panic:\n\tat main')] }, json);
    await run(parse(raw()), t.ctx);
    expect(t.io.out()).toBe(`${T1}\tinfo\tpanic:  at main\n`);
    t.done();
  });

  it('prints one JSON object per line with --json (NDJSON, not an array)', async () => {
    const t = await testContext({ tty: true, globals: { json: true } });
    t.api.intercept({ path: LOGS, method: 'GET' }).reply(200, { logs: [l(T1, 'a'), l(T2, 'b')] }, json);
    await run(parse(raw()), t.ctx);
    const lines = t.io.out().trimEnd().split('\n');
    expect(lines.map((x) => JSON.parse(x))).toEqual([l(T1, 'a'), l(T2, 'b')]);
    t.done();
  });

  it('sends --limit and --since (a duration, as a timestamp from now)', async () => {
    const t = await testContext({ clock: instantClock() });
    t.api.intercept({ path: LOGS, method: 'GET', query: { limit: '10', since: '2026-11-26T11:50:00.000Z' } }).reply(200, { logs: [] }, json);
    await run(parse(raw({ limit: '10', since: '10m' })), t.ctx);
    expect(t.io.out()).toBe('');
    expect(t.io.err()).toBe('No log lines for deployment 42 since 2026-11-26T11:50:00.000Z.\n');
    t.done();
  });

  it('redacts the API token if a log line ever contains it', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: LOGS, method: 'GET' }).reply(200, { logs: [l(T1, `auth header Bearer ${TOKEN}`)] }, json);
    await run(parse(raw()), t.ctx);
    expect(t.io.out()).not.toContain(TOKEN);
    expect(t.io.out()).toContain('[REDACTED]');
  });

  it('reports a missing deployment as not found', async () => {
    const t = await testContext();
    t.api.intercept({ path: LOGS, method: 'GET' }).reply(404, { error: 'Deployment not found' }, json);
    await expect(run(parse(raw()), t.ctx)).rejects.toThrow(NotFoundError);
  });
});

describe('deployments logs --follow', () => {
  it('polls with the last timestamp as since, prints each line once, and stops when the deployment has finished and the logs are drained', async () => {
    const clock = instantClock();
    const t = await testContext({ clock });
    t.api.intercept(GET).reply(200, dep('in_progress'), json);
    t.api.intercept({ path: LOGS, method: 'GET' }).reply(200, { logs: [l(T1, 'queued'), l(T2, 'started')] }, json);
    t.api.intercept(GET).reply(200, dep('succeeded'), json);
    t.api.intercept({ path: LOGS, method: 'GET', query: { since: T2 } }).reply(200, { logs: [l(T2, 'started'), l(T3, 'ready'), l(T3, 'succeeded')] }, json);
    t.api.intercept({ path: LOGS, method: 'GET', query: { since: T3 } }).reply(200, { logs: [l(T3, 'ready'), l(T3, 'succeeded')] }, json);
    await run(parse(raw({ follow: true })), t.ctx);
    expect(t.io.out().split('\n').filter(Boolean).map((x) => x.split('\t')[2])).toEqual(['queued', 'started', 'ready', 'succeeded']);
    expect(t.io.err()).toBe('Deployment 42 succeeded; end of logs.\n');
    expect(clock.slept).toEqual([2000]);
    t.done();
  });

  it('drains at once when the deployment has already finished', async () => {
    const clock = instantClock();
    const t = await testContext({ clock, globals: { json: true } });
    t.api.intercept(GET).reply(200, dep('failed'), json);
    t.api.intercept({ path: LOGS, method: 'GET' }).reply(200, { logs: [l(T1, 'boom', 'error')] }, json);
    t.api.intercept({ path: LOGS, method: 'GET', query: { since: T1 } }).reply(200, { logs: [l(T1, 'boom', 'error')] }, json);
    await run(parse(raw({ follow: true })), t.ctx);
    expect(t.io.out()).toBe(`${JSON.stringify(l(T1, 'boom', 'error'))}\n`);
    expect(t.io.err()).toBe('Deployment 42 failed; end of logs.\n');
    expect(clock.slept).toEqual([]);
    t.done();
  });

  it('keeps following through a 503', async () => {
    const t = await testContext({ maxRetries: 0 });
    t.api.intercept(GET).reply(503, { error: 'Service unavailable' }, json);
    t.api.intercept(GET).reply(200, dep('succeeded'), json);
    t.api.intercept({ path: LOGS, method: 'GET' }).reply(200, { logs: [] }, json);
    await run(parse(raw({ follow: true })), t.ctx);
    expect(t.io.err()).toContain('warning: fetching logs failed (get deployment 42 failed: Service unavailable); still following\n');
    expect(t.io.err()).toContain('Deployment 42 succeeded; end of logs.');
    t.done();
  });

  it('ends with exit 130 on Ctrl-C, saying the deployment still runs', async () => {
    const controller = new AbortController();
    const clock = {
      now: () => Date.parse('2026-11-26T12:00:00Z'),
      sleep: async () => {
        controller.abort(new InterruptedError());
        throw new InterruptedError();
      },
    };
    const t = await testContext({ clock, signal: controller.signal });
    t.api.intercept(GET).reply(200, dep('in_progress'), json);
    t.api.intercept({ path: LOGS, method: 'GET' }).reply(200, { logs: [l(T1, 'a')] }, json);
    const err = await run(parse(raw({ follow: true })), t.ctx).catch((e: unknown) => e);
    expect(t.io.out()).toBe(`${T1}\tinfo\ta\n`);
    expect(err).toBeInstanceOf(InterruptedError);
    expect(err).toMatchObject({ exitCode: 130, message: 'stopped following: deployment 42 is still in progress on the server' });
    t.done();
  });

  it('stops with exit 7 when an explicit --timeout runs out', async () => {
    const t = await testContext({ globals: { timeoutMs: 4_000 } });
    t.api.intercept(GET).reply(200, dep('in_progress'), json).persist();
    t.api.intercept({ path: LOGS, method: 'GET' }).reply(200, { logs: [] }, json).persist();
    const err = await run(parse(raw({ follow: true })), t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toBe('stopped following deployment 42 after 4s; it is still in progress');
  });
});
