import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/deployments/get.js';
import { NotFoundError, UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';

const raw = (id: unknown, opts: Record<string, unknown> = { app: '5' }) => ({ args: [id], opts, env: {} });
const DEP = { id: 42, status: 'failed', created_at: '2026-11-26T11:00:00Z', commit_message: 'line one\nline two', error_code: 'unable_to_start', error_message: 'exited' };

describe('deployments get: parse', () => {
  it('accepts a positive whole number', () => {
    expect(parse(raw('42')).id).toBe(42);
  });
  it.each(['0', '-1', 'abc', '4.2', '', '99999999999999999999'])('rejects the ID %j', (id) => {
    expect(() => parse(raw(id))).toThrow(UsageError);
  });
});

describe('deployments get: run', () => {
  it('prints the set fields on a terminal', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/apps/5/deployments/42', method: 'GET' }).reply(200, DEP, json);
    await run(parse(raw('42')), t.ctx);
    expect(t.io.out()).toMatch(/^status\s+failed$/m);
    expect(t.io.out()).toMatch(/^error_message\s+exited$/m);
    expect(t.io.out()).not.toMatch(/^branch/m);
    t.done();
  });

  it('prints every field on one line each when piped, flattening newlines', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/5/deployments/42', method: 'GET' }).reply(200, DEP, json);
    await run(parse(raw('42')), t.ctx);
    expect(t.io.out()).toMatch(/^commit_message\tline one line two$/m);
    expect(t.io.out()).toMatch(/^branch\t$/m);
    t.done();
  });

  it('prints the object with --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/5/deployments/42', method: 'GET' }).reply(200, DEP, json);
    await run(parse(raw('42')), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual(DEP);
    t.done();
  });

  it('falls back to scanning the list where the API has no by-ID route, and 404s when absent', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/5/deployments/42', method: 'GET' }).reply(404, { error: 'Not found' }, json);
    t.api.intercept({ path: '/v1/apps/5/deployments?limit=100', method: 'GET' }).reply(200, { deployments: [DEP] }, json);
    await run(parse(raw('42')), t.ctx);
    expect(JSON.parse(t.io.out()).id).toBe(42);
    t.api.intercept({ path: '/v1/apps/5/deployments/7', method: 'GET' }).reply(404, { error: 'Not found' }, json);
    t.api.intercept({ path: '/v1/apps/5/deployments?limit=100', method: 'GET' }).reply(200, { deployments: [DEP] }, json);
    await expect(run(parse(raw('7')), t.ctx)).rejects.toThrow(NotFoundError);
    t.done();
  });
});
