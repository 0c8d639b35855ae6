import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, run, type ApiRequestOptions } from '../../../../src/commands/api/request.js';
import { ApiError, AuthError, ExitCode, NotFoundError, UsageError } from '../../../../src/errors.js';
import { failure, json, testContext, TOKEN } from '../../../helpers/context.js';

const p = (path: unknown, opts: Record<string, unknown> = {}) => parse({ args: [path], opts, env: {} });
const get = (path: string, query: Record<string, string> = {}): ApiRequestOptions => ({ method: 'GET', path, query, input: undefined });

describe('api parse: paths', () => {
  it('puts every spelling of a route under /v1', () => {
    for (const path of ['/v1/apps', 'v1/apps', 'apps', '/apps', 'apps/', ' /v1/apps ']) expect(p(path)).toEqual(get('/v1/apps'));
    expect(p('v1').path).toBe('/v1');
  });

  it('keeps a query written in the path and merges -q', () => {
    expect(p('apps/42/deployments?limit=5', { query: ['status=failed'] })).toEqual(get('/v1/apps/42/deployments', { limit: '5', status: 'failed' }));
  });

  it('re-encodes each segment, so encoded characters stay inside it', () => {
    expect(p('apps/42/secrets/A%20B').path).toBe('/v1/apps/42/secrets/A%20B');
    expect(p('apps/42/secrets/caf\u00e9').path).toBe('/v1/apps/42/secrets/caf%C3%A9');
  });

  it('refuses URLs and other hosts (exit 2)', () => {
    for (const path of ['https://evil.example/v1/apps', 'http://localhost/v1/apps', '//evil.example/v1/apps', 'localhost:8080/v1/apps']) {
      expect(() => p(path), path).toThrow(/not a URL/);
    }
  });

  it('refuses dot segments, encoded ones and encoded slashes', () => {
    for (const path of ['../etc/passwd', 'apps/../members', 'apps/./1', 'apps/%2e%2e/members', 'apps/%2E/1', 'apps/a%2Fb', 'apps//1']) {
      const e = (() => {
        try {
          p(path);
        } catch (err) {
          return err;
        }
      })();
      expect(e, path).toBeInstanceOf(UsageError);
    }
  });

  it('refuses empty paths, spaces, fragments, backslashes and bad percent-encoding', () => {
    for (const path of ['', '   ', 'apps 1', 'apps#x', 'apps\\1', 'apps/%zz', undefined]) expect(() => p(path), String(path)).toThrow(UsageError);
  });
});

describe('api parse: method and fields', () => {
  it('defaults to GET, and to POST with fields', () => {
    expect(p('apps').method).toBe('GET');
    expect(p('apps', { rawField: ['name=x'] })).toEqual({ method: 'POST', path: '/v1/apps', query: {}, body: { name: 'x' } });
  });

  it('accepts a method in any case and refuses unknown ones', () => {
    expect(p('apps/1', { method: 'delete' }).method).toBe('DELETE');
    expect(() => p('apps', { method: 'HEAD' })).toThrow(/invalid -X\/--method "HEAD": must be one of GET, POST, PUT, PATCH, DELETE/);
  });

  it('types -F values and keeps -f values as strings', () => {
    const o = p('apps/1', { method: 'PUT', field: ['replicas=2', 'ratio=-1.5e2', 'debug=true', 'off=false', 'branch=null', 'tag=v1.0'], rawField: ['name=007', 'flag=true'] });
    expect(o.body).toEqual({ name: '007', flag: 'true', replicas: 2, ratio: -150, debug: true, off: false, branch: null, tag: 'v1.0' });
  });

  it('nests key[sub] and appends key[]', () => {
    const o = p('members', { rawField: ['tags[team]=data', 'tags[env]=prod', 'roles[]=admin', 'roles[]=member', 'a[b][c]=1'] });
    expect(o.body).toEqual({ tags: { team: 'data', env: 'prod' }, roles: ['admin', 'member'], a: { b: { c: '1' } } });
  });

  it('keeps a value containing "="', () => {
    expect(p('apps', { rawField: ['description=a=b'] }).body).toEqual({ description: 'a=b' });
  });

  it('sends fields as query parameters with GET', () => {
    expect(p('apps/1/deployments', { method: 'GET', field: ['limit=5'], rawField: ['status=failed'] })).toEqual(
      get('/v1/apps/1/deployments', { status: 'failed', limit: '5' }),
    );
  });

  it('sends fields as query parameters next to --input, and POSTs by default', () => {
    expect(p('apps', { input: '-', rawField: ['dry_run=1'] })).toEqual({ method: 'POST', path: '/v1/apps', query: { dry_run: '1' }, input: '-' });
  });

  it('refuses malformed, conflicting and dangerous fields', () => {
    expect(() => p('apps', { rawField: ['novalue'] })).toThrow(/invalid -f\/--raw-field "novalue": expected key=value/);
    expect(() => p('apps', { field: ['=1'] })).toThrow(/expected key=value/);
    expect(() => p('apps', { rawField: ['a=1', 'a=2'] })).toThrow(/conflicting fields/);
    expect(() => p('apps', { rawField: ['a=1', 'a[b]=2'] })).toThrow(/conflicting fields/);
    expect(() => p('apps', { rawField: ['a[]=1', 'a[b]=2'] })).toThrow(/conflicting fields/);
    expect(() => p('apps', { rawField: ['a[][b]=1'] })).toThrow(/may only come last/);
    expect(() => p('apps', { rawField: ['a[b=1'] })).toThrow(/invalid field name/);
    expect(() => p('apps', { rawField: ['__proto__[polluted]=1'] })).toThrow(UsageError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses --input with GET, and an empty --input', () => {
    expect(() => p('apps', { method: 'GET', input: 'body.json' })).toThrow(/GET request cannot carry/);
    expect(() => p('apps', { input: '' })).toThrow(UsageError);
  });

  it('refuses a malformed -q', () => {
    expect(() => p('apps', { query: ['limit'] })).toThrow(/invalid -q\/--query "limit"/);
  });
});

const APPS = { apps: [{ id: 1, name: 'sales-data', api_key: 'spk_0123456789abcdef0123' }] };

describe('api run', () => {
  it('prints the answer as indented JSON on a terminal, masking credential fields', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/apps', method: 'GET', headers: { authorization: `Bearer ${TOKEN}` } }).reply(200, APPS, json);
    await run(get('/v1/apps'), t.ctx);
    expect(t.io.out()).toBe(`${JSON.stringify({ apps: [{ id: 1, name: 'sales-data', api_key: '••••0123' }] }, null, 2)}\n`);
    t.done();
  });

  it('prints one line of JSON when piped, and the same with --json', async () => {
    for (const globals of [{}, { json: true }]) {
      const t = await testContext({ globals });
      t.api.intercept({ path: '/v1/apps', method: 'GET' }).reply(200, APPS, json);
      await run(get('/v1/apps'), t.ctx);
      expect(t.io.out()).toBe('{"apps":[{"id":1,"name":"sales-data","api_key":"••••0123"}]}\n');
      t.done();
    }
  });

  it('sends the query string', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7/deployments?limit=5&status=failed', method: 'GET' }).reply(200, { deployments: [] }, json);
    await run(get('/v1/apps/7/deployments', { limit: '5', status: 'failed' }), t.ctx);
    expect(t.io.out()).toBe('{"deployments":[]}\n');
    t.done();
  });

  it('sends fields as a JSON body', async () => {
    const t = await testContext();
    const body = { description: 'Sales', replicas: 2 };
    t.api
      .intercept({ path: '/v1/apps/7', method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .reply(200, { id: 7, description: 'Sales' }, json);
    await run({ method: 'PUT', path: '/v1/apps/7', query: {}, body }, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ id: 7, description: 'Sales' });
    t.done();
  });

  it('prints nothing for a 204', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/apps/7/secrets/OLD', method: 'DELETE' }).reply(204, '');
    await run({ method: 'DELETE', path: '/v1/apps/7/secrets/OLD', query: {} }, t.ctx);
    expect(t.io.out()).toBe('');
    t.done();
  });

  it('retries a GET after a 503', async () => {
    const t = await testContext({ maxRetries: 2 });
    t.api.intercept({ path: '/v1/apps', method: 'GET' }).reply(503, { error: 'busy' }, json);
    t.api.intercept({ path: '/v1/apps', method: 'GET' }).reply(200, APPS, json);
    await run(get('/v1/apps'), t.ctx);
    expect(JSON.parse(t.io.out()).apps).toHaveLength(1);
    t.done();
  });

  it('never repeats a POST the server may have received', async () => {
    const t = await testContext({ maxRetries: 2 });
    t.api.intercept({ path: '/v1/apps', method: 'POST' }).reply(503, { error: 'busy' }, json);
    const e = await failure(run({ method: 'POST', path: '/v1/apps', query: {}, body: { name: 'x' } }, t.ctx));
    expect(e).toBeInstanceOf(ApiError);
    expect(e.message).toBe('POST /v1/apps failed: busy');
    t.done();
  });

  it('maps statuses to the usual exit codes', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/999', method: 'GET' }).reply(404, { error: 'App with ID 999 not found' }, json);
    t.api.intercept({ path: '/v1/members', method: 'GET' }).reply(401, { error: 'Invalid token' }, json);
    const notFound = await failure(run(get('/v1/apps/999'), t.ctx));
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect(notFound.exitCode).toBe(ExitCode.notFound);
    expect(notFound.hint).toMatch(/spec\/openapi.json/);
    expect((await failure(run(get('/v1/members'), t.ctx))).exitCode).toBe(ExitCode.auth);
    t.done();
  });

  it('needs credentials for ordinary routes, sending nothing without them', async () => {
    const t = await testContext({ env: { SPICE_API_TOKEN: undefined } });
    expect(await failure(run(get('/v1/apps'), t.ctx))).toBeInstanceOf(AuthError);
  });

  it('reaches /v1/health without credentials', async () => {
    const t = await testContext({ env: { SPICE_API_TOKEN: undefined } });
    t.api.intercept({ path: '/v1/health', method: 'GET', headers: (h: Record<string, string>) => !('authorization' in h) }).reply(200, { status: 'ok' }, json);
    await run(get('/v1/health'), t.ctx);
    expect(t.io.out()).toBe('{"status":"ok"}\n');
    t.done();
  });

  it('masks secret values in answers from /secrets routes', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7/secrets', method: 'GET' }).reply(200, { secrets: [{ name: 'DB', value: 'plain-text-leak' }] }, json);
    await run(get('/v1/apps/7/secrets'), t.ctx);
    expect(t.io.out()).toBe('{"secrets":[{"name":"DB","value":"********"}]}\n');
    t.done();
  });

  it('remembers a secret value it sends, so no later output can show it', async () => {
    const t = await testContext({ globals: { verbose: true } });
    t.api.intercept({ path: '/v1/apps/7/secrets', method: 'POST' }).reply(200, { name: 'DB', value: 'hunter2-but-longer' }, json);
    await run({ method: 'POST', path: '/v1/apps/7/secrets', query: {}, body: { name: 'DB', value: 'hunter2-but-longer' } }, t.ctx);
    expect(t.io.out() + t.io.err()).not.toContain('hunter2-but-longer');
    expect(t.ctx.redactor.redact('x hunter2-but-longer')).toBe('x [REDACTED]');
    t.done();
  });

  it('sends JSON read from stdin with --input -', async () => {
    const body = { name: 'sales-data', region: 'us-east-1' };
    const t = await testContext({ stdin: JSON.stringify(body) });
    t.api.intercept({ path: '/v1/apps?dry_run=1', method: 'POST', body: JSON.stringify(body) }).reply(201, { id: 3, name: 'sales-data' }, json);
    await run({ method: 'POST', path: '/v1/apps', query: { dry_run: '1' }, input: '-' }, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ id: 3, name: 'sales-data' });
    t.done();
  });

  it('sends a JSON file named with --input, relative to the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spice-api-'));
    writeFileSync(join(dir, 'body.json'), '\uFEFF{"description":"from a file"}\n');
    const t = await testContext({ cwd: dir });
    t.api.intercept({ path: '/v1/apps/7', method: 'PUT', body: '{"description":"from a file"}' }).reply(200, { id: 7 }, json);
    await run({ method: 'PUT', path: '/v1/apps/7', query: {}, input: 'body.json' }, t.ctx);
    t.done();
  });

  it('refuses input that is not JSON without echoing it, and sends nothing', async () => {
    const t = await testContext({ stdin: 'name=super-secret-value' });
    const e = await failure(run({ method: 'POST', path: '/v1/apps', query: {}, input: '-' }, t.ctx));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe('--input stdin is not valid JSON');
  });

  it('refuses empty input, a missing file and a body over 1 MiB', async () => {
    const t = await testContext({ stdin: '  \n' });
    expect((await failure(run({ method: 'POST', path: '/v1/apps', query: {}, input: '-' }, t.ctx))).message).toMatch(/is empty/);
    const t2 = await testContext({ cwd: tmpdir() });
    expect((await failure(run({ method: 'POST', path: '/v1/apps', query: {}, input: 'nope-404.json' }, t2.ctx))).message).toBe(
      'cannot read --input "nope-404.json": no such file',
    );
    const t3 = await testContext({ stdin: `"${'x'.repeat(1024 * 1024 + 1)}"` });
    expect((await failure(run({ method: 'POST', path: '/v1/apps', query: {}, input: '-' }, t3.ctx))).message).toMatch(/larger than 1 MiB/);
  });

  it('turns a bare route into a GET under /v1 of the configured API', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, { regions: [] }, json);
    await run(parse({ args: ['regions'], opts: {}, env: {} }), t.ctx);
    expect(t.io.out()).toBe('{"regions":[]}\n');
    t.done();
  });
});
