/** `api` in the spirit of `gh api`: -H, typed -F with @file/@-, --paginate/--slurp, -i, and `api list`. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { operations, run as runList } from '../../../../src/commands/api/list.js';
import { itemsOf } from '../../../../src/commands/api/paginate.js';
import { parse, run } from '../../../../src/commands/api/request.js';
import { UsageError } from '../../../../src/errors.js';
import { failure, json, testContext } from '../../../helpers/context.js';

const p = (path: unknown, opts: Record<string, unknown> = {}) => parse({ args: [path], opts, env: {} });

describe('api -H/--header', () => {
  it('collects repeatable headers with lowercase names', () => {
    expect(p('apps', { header: ['Accept: application/json', 'X-Request-Id:  abc '] }).headers).toEqual({ accept: 'application/json', 'x-request-id': 'abc' });
  });

  it('refuses malformed headers, line breaks and the headers the client sets', () => {
    expect(() => p('apps', { header: ['NoColon'] })).toThrow(/expected "Name: value"/);
    expect(() => p('apps', { header: ['Bad Name: x'] })).toThrow(/expected "Name: value"/);
    expect(() => p('apps', { header: ['X-A: 1\r\nX-B: 2'] })).toThrow(/line break/);
    expect(() => p('apps', { header: ['Authorization: Bearer stolen'] })).toThrow(/cannot set Authorization/);
    expect(() => p('apps', { header: ['X-Org-Name: other'] })).toThrow(UsageError);
  });

  it('sends them, and redacts credential-like header values in the trace', async () => {
    const t = await testContext({ globals: { verbose: true } });
    t.api.intercept({ path: '/v1/apps', method: 'GET', headers: { 'x-request-id': 'abc', 'x-api-key': 'spk_live_supersecret_value' } }).reply(200, [], json);
    await run(p('apps', { header: ['X-Request-Id: abc', 'X-Api-Key: spk_live_supersecret_value'] }), t.ctx);
    expect(t.io.err()).toContain('x-request-id: abc');
    expect(t.io.err()).not.toContain('spk_live_supersecret_value');
    t.done();
  });
});

describe('api -F key=@file and @-', () => {
  const dir = mkdtempSync(join(tmpdir(), 'api-fields-'));
  writeFileSync(join(dir, 'pod.yaml'), 'version: v1\nname: x\n');

  it('reads a value from a file, byte-exact, relative to the working directory', async () => {
    const t = await testContext({ cwd: dir });
    t.api.intercept({ path: '/v1/apps/1', method: 'PUT', body: JSON.stringify({ description: 'version: v1\nname: x\n', replicas: 2 }) }).reply(200, { id: 1 }, json);
    await run(p('apps/1', { method: 'PUT', field: ['description=@pod.yaml', 'replicas=2'] }), t.ctx);
    t.done();
  });

  it('reads a value from stdin with @-', async () => {
    const t = await testContext({ stdin: 's3cr3t-value-from-stdin' });
    t.api.intercept({ path: '/v1/apps/1/secrets', method: 'POST', body: JSON.stringify({ name: 'TOKEN', value: 's3cr3t-value-from-stdin' }) }).reply(200, { name: 'TOKEN' }, json);
    await run(p('apps/1/secrets', { rawField: ['name=TOKEN'], field: ['value=@-'] }), t.ctx);
    t.done();
  });

  it('puts @file values in the query string of a GET', async () => {
    const t = await testContext({ cwd: dir });
    writeFileSync(join(dir, 'status.txt'), 'failed');
    t.api.intercept({ path: '/v1/apps/1/deployments?status=failed', method: 'GET' }).reply(200, { deployments: [] }, json);
    await run(p('apps/1/deployments', { method: 'GET', field: ['status=@status.txt'] }), t.ctx);
    t.done();
  });

  it('a missing file is a usage error before any request; -f keeps @ literally; @- only once', async () => {
    const t = await testContext({ cwd: dir });
    const e = await failure(run(p('apps/1', { method: 'PUT', field: ['description=@missing.txt'] }), t.ctx));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe('cannot read -F @missing.txt: no such file');
    expect(p('apps', { rawField: ['handle=@me'] }).body).toEqual({ handle: '@me' });
    expect(() => p('apps', { field: ['a=@-', 'b=@-'] })).toThrow(/only one -F\/--field can read stdin/);
    expect(() => p('apps', { input: '-', field: ['a=@-'] })).toThrow(/both read stdin/);
  });
});

const page = (ids: number[]) => ({ deployments: ids.map((id) => ({ id, status: 'succeeded' })) });

describe('api --paginate', () => {
  it('follows limit/offset until a short page and prints one merged array, in order', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/1/deployments?limit=2&offset=0', method: 'GET' }).reply(200, page([5, 4]), json);
    t.api.intercept({ path: '/v1/apps/1/deployments?limit=2&offset=2', method: 'GET' }).reply(200, page([3, 2]), json);
    t.api.intercept({ path: '/v1/apps/1/deployments?limit=2&offset=4', method: 'GET' }).reply(200, page([1]), json);
    await run(p('apps/1/deployments', { paginate: true, query: ['limit=2'] }), t.ctx);
    expect(JSON.parse(t.io.out()).map((d: { id: number }) => d.id)).toEqual([5, 4, 3, 2, 1]);
    t.done();
  });

  it('--slurp prints the pages as they came; pages of bare arrays merge too', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps?limit=100&offset=0', method: 'GET' }).reply(200, [{ id: 1 }], json);
    await run(p('apps', { paginate: true, slurp: true }), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual([[{ id: 1 }]]);
    t.done();
    expect(itemsOf([1, 2], 0)).toEqual([1, 2]);
  });

  it('stops with an error when the route ignores offset (a page repeats)', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/1/deployments?limit=1&offset=0', method: 'GET' }).reply(200, page([9]), json);
    t.api.intercept({ path: '/v1/apps/1/deployments?limit=1&offset=1', method: 'GET' }).reply(200, page([9]), json);
    const e = await failure(run(p('apps/1/deployments', { paginate: true, query: ['limit=1'] }), t.ctx));
    expect(e.message).toMatch(/repeats the previous one/);
    expect(e.exitCode).toBe(1);
  });

  it('refuses --slurp alone, --paginate with a body, and a bad limit', () => {
    expect(() => p('apps', { slurp: true })).toThrow(/add --paginate/);
    expect(() => p('apps', { paginate: true, method: 'POST', rawField: ['a=1'] })).toThrow(/cannot repeat a request that sends a body/);
    expect(() => p('apps', { paginate: true, query: ['limit=0'] })).toThrow(UsageError);
  });

  it('refuses an answer that is not a list', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/1?limit=100&offset=0', method: 'GET' }).reply(200, { id: 1, name: 'x' }, json);
    const e = await failure(run(p('apps/1', { paginate: true }), t.ctx));
    expect(e.message).toMatch(/is not a list/);
  });
});

describe('api -i/--include', () => {
  it('prints the status and headers on stderr with credential-like values redacted; stdout keeps the JSON', async () => {
    const t = await testContext();
    t.api
      .intercept({ path: '/v1/apps', method: 'GET' })
      .reply(200, [], { headers: { 'content-type': 'application/json', 'x-ratelimit-remaining': '99', 'set-cookie': 'session=abcdef123456' } });
    await run(p('apps', { include: true }), t.ctx);
    expect(t.io.err()).toMatch(/^HTTP 200/);
    expect(t.io.err()).toContain('x-ratelimit-remaining: 99');
    expect(t.io.err()).toContain('set-cookie: [REDACTED]');
    expect(t.io.err()).not.toContain('abcdef123456');
    expect(t.io.out()).toBe('[]\n');
  });
});

describe('api -i on an error answer', () => {
  it('prints the status and headers before the error, which still sets the exit code', async () => {
    const t = await testContext();
    t.api
      .intercept({ path: '/v1/apps/99', method: 'GET' })
      .reply(404, { message: 'App not found' }, { headers: { 'content-type': 'application/json', 'x-request-id': 'req-404' } });
    const e = await failure(run(p('apps/99', { include: true }), t.ctx));
    expect(e.exitCode).toBe(3);
    expect(t.io.err()).toMatch(/^HTTP 404/);
    expect(t.io.err()).toContain('x-request-id: req-404');
  });
});

describe('api list', () => {
  it('lists every operation of the bundled spec with method, path, scope and summary', async () => {
    const t = await testContext({ globals: { json: true } });
    await runList({ filter: undefined }, t.ctx);
    const ops = JSON.parse(t.io.out()) as Array<{ method: string; path: string; scope: string | null; summary: string }>;
    expect(ops.length).toBeGreaterThan(40);
    expect(ops).toContainEqual(expect.objectContaining({ method: 'POST', path: '/v1/apps/{appId}/deployments', scope: 'deployments:write' }));
    expect(ops).toContainEqual(expect.objectContaining({ method: 'GET', path: '/v1/health', scope: 'none' }));
    t.done();
  });

  it('filters by path and prints a table-or-TSV list', async () => {
    const t = await testContext();
    await runList({ filter: 'SECRETS' }, t.ctx);
    const lines = t.io.out().trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines) expect(l.split('\t')[1]).toMatch(/secrets/);
  });

  it('marks deprecated operations', () => {
    const ops = operations({ paths: { '/v1/x': { get: { summary: 'Old', deprecated: true, 'x-scope': 'apps:read' } } } });
    expect(ops).toEqual([{ method: 'GET', path: '/v1/x', scope: 'apps:read', summary: 'Old', deprecated: true }]);
  });
});
