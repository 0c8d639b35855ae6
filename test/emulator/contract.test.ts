/**
 * Contract test: walks every operation of spec/openapi.json (both /v1/apps and
 * /v1/projects prefixes) against a running emulator and validates each response body
 * against the schema the spec declares for that operation and status. Error statuses
 * the operation does not declare (e.g. 413) are validated against `Error`. The last
 * test fails if any spec operation was not exercised.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, FakeClock, SPICEPOD_YAML, start, type CallOptions, type Res } from './helpers.js';

// ajv ships CommonJS; under NodeNext the default import is typed as the module object.
type AjvClass = typeof Ajv2020Module.default;
type AddFormats = typeof addFormatsModule.default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvClass }).default ?? Ajv2020Module) as AjvClass;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as AddFormats;

type Json = Record<string, any>;
const spec = JSON.parse(readFileSync(fileURLToPath(new URL('../../spec/openapi.json', import.meta.url)), 'utf8')) as Json;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(spec, 'openapi');

const APP_REF = '#/components/schemas/App';
const APP_WITH_CONFIG_REF = '#/components/schemas/AppWithConfig';

/**
 * Copies a schema out of the spec, pointing its refs at the registered document.
 * The create-app 201 schema is `oneOf [App, AppWithConfig]`, which no object can satisfy
 * (AppWithConfig is a superset of App without additionalProperties: false, so every
 * valid body matches both); it is checked as `anyOf` instead.
 */
function rebase(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebase);
  if (typeof node !== 'object' || node === null) return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out[k] = `openapi${v}`;
    else out[k] = rebase(v);
  }
  const refs = Array.isArray(out['oneOf']) ? (out['oneOf'] as Json[]).map((s) => s['$ref']) : [];
  if (refs.length === 2 && refs.includes(`openapi${APP_REF}`) && refs.includes(`openapi${APP_WITH_CONFIG_REF}`)) {
    out['anyOf'] = out['oneOf'];
    delete out['oneOf'];
  }
  return out;
}

function deref(obj: Json): Json {
  const ref = obj['$ref'];
  if (typeof ref !== 'string') return obj;
  return ref
    .slice(2)
    .split('/')
    .reduce((o: Json, k) => o[k], spec) as Json;
}

const covered = new Set<string>();
const aliasOf = (tpl: string) =>
  tpl.startsWith('/v1/apps/{appId}') ? tpl.replace('/v1/apps/{appId}', '/v1/projects/{projectId}') : tpl.replace('/v1/projects/{projectId}', '/v1/apps/{appId}');

/** The schema the spec declares for (template, method, status), or Error for undeclared errors. */
function schemaFor(template: string, method: string, status: number): unknown {
  const m = method.toLowerCase();
  const op = (spec['paths'][template]?.[m] ?? spec['paths'][aliasOf(template)]?.[m]) as Json | undefined;
  if (!op) throw new Error(`spec has no operation ${method} ${template}`);
  const declared = op['responses'][String(status)] as Json | undefined;
  if (!declared) {
    if (status >= 400) return { $ref: 'openapi#/components/schemas/Error' };
    throw new Error(`spec declares no ${status} for ${method} ${template}`);
  }
  const schema = deref(declared)['content']?.['application/json']?.['schema'];
  return schema === undefined ? undefined : rebase(schema);
}

const compiled = new Map<string, ReturnType<typeof ajv.compile>>();

function validate(template: string, method: string, res: Res): void {
  const schema = schemaFor(template, method, res.status);
  if (res.status === 204) {
    expect(res.text).toBe('');
    return;
  }
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  if (schema === undefined) return;
  const key = JSON.stringify(schema);
  const check = compiled.get(key) ?? ajv.compile(schema as object);
  compiled.set(key, check);
  const ok = check(res.body);
  if (!ok) throw new Error(`${method} ${template} ${res.status} does not match the spec: ${ajv.errorsText(check.errors)}\n${res.text.slice(0, 500)}`);
}

let emu: RunningEmulator;
const clock = new FakeClock();

/** Calls `path`, expects `status`, validates against the spec and records coverage. */
async function hit(method: string, template: string, path: string, status: number, o: CallOptions = {}): Promise<Res> {
  const res = await call(emu, method, path, o);
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
  validate(template, method, res);
  if (spec['paths'][template]?.[method.toLowerCase()]) covered.add(`${method} ${template}`);
  return res;
}

beforeAll(async () => {
  emu = await start({ now: clock.now, queuedMs: 1000, runningMs: 1000, tokens: ['reader:apps:read'] });
});
afterAll(async () => {
  await emu?.close();
});

describe('contract: organisation-level routes match the spec', () => {
  it('health and the OpenAPI documents need no token', async () => {
    await hit('GET', '/v1/health', '/v1/health', 200, { token: null });
    for (const p of ['/v1/docs', '/v1/docs/openapi.json', '/openapi.json']) {
      const r = await hit('GET', p, p, 200, { token: null });
      expect(r.body.openapi).toBe('3.1.0');
      expect(Object.keys(r.body.paths)).toContain('/v1/apps');
    }
  });

  it('regions, container images, limits, orgs and clusters', async () => {
    await hit('GET', '/v1/regions', '/v1/regions', 200);
    await hit('GET', '/v1/regions', '/v1/regions?env=dev', 200);
    await hit('GET', '/v1/regions', '/v1/regions?env=staging', 400);
    await hit('GET', '/v1/container-images', '/v1/container-images', 200);
    await hit('GET', '/v1/container-images', '/v1/container-images?channel=enterprise', 200);
    await hit('GET', '/v1/container-images', '/v1/container-images?channel=beta', 400);
    await hit('GET', '/v1/limits', '/v1/limits', 200);
    await hit('GET', '/v1/orgs', '/v1/orgs', 200);
    await hit('GET', '/v1/clusters', '/v1/clusters', 200);
  });

  it('members: list, add, get, patch, remove and their errors', async () => {
    const M = '/v1/members';
    const MI = '/v1/members/{memberId}';
    await hit('GET', M, M, 200);
    await hit('POST', M, M, 201, { body: { username: 'linus', roles: ['admin'] } });
    await hit('POST', M, M, 409, { body: { username: 'linus' } });
    await hit('POST', M, M, 404, { body: { username: 'nobody-here' } });
    await hit('POST', M, M, 400, { body: { username: 'ken', roles: ['emperor'] } });
    await hit('GET', MI, '/v1/members/3', 200);
    await hit('GET', MI, '/v1/members/42', 404);
    await hit('PATCH', MI, '/v1/members/3', 200, { body: { roles: ['viewer'] } });
    await hit('PATCH', MI, '/v1/members/3', 400, { body: {} });
    await hit('PATCH', MI, '/v1/members/1', 403, { body: { roles: ['member'] } });
    await hit('DELETE', MI, '/v1/members/1', 403);
    await hit('DELETE', MI, '/v1/members/3', 204);
    await hit('DELETE', MI, '/v1/members/3', 404);
  });

  it('cluster monitors CRUD', async () => {
    const L = '/v1/clusters/{clusterId}/monitors';
    const I = '/v1/clusters/{clusterId}/monitors/{alertId}';
    const base = '/v1/clusters/emulator-dedicated/monitors';
    await hit('GET', L, base, 200);
    const created = await hit('POST', L, base, 201, { body: { name: 'cpu', spec: { op: 'GT', threshold: 90 } } });
    await hit('POST', L, base, 409, { body: { name: 'CPU' } });
    await hit('GET', I, `${base}/${created.body.id}`, 200);
    await hit('PATCH', I, `${base}/${created.body.id}`, 200, { body: { status: 'disabled' } });
    await hit('DELETE', I, `${base}/${created.body.id}`, 200);
    await hit('GET', I, `${base}/${created.body.id}`, 404);
  });

  it('authentication, scope and org errors use the Error schema', async () => {
    const r1 = await hit('GET', '/v1/apps', '/v1/apps', 401, { token: null });
    expect(r1.body.error).toBe('Missing Authorization header');
    const r2 = await hit('GET', '/v1/apps', '/v1/apps', 401, { token: 'not-a-token' });
    expect(r2.body.error).toBe('Invalid token');
    const r3 = await hit('POST', '/v1/apps', '/v1/apps', 403, { token: 'reader', body: { name: 'nope-app' } });
    expect(r3.body).toMatchObject({ code: 'insufficient_scope', error: 'Insufficient scope. Required: apps:write' });
    const r4 = await hit('GET', '/v1/apps', '/v1/apps', 403, { headers: { 'x-org-name': 'other-org' } });
    expect(r4.body.code).toBe('org_forbidden');
    const r5 = await hit('GET', '/v1/apps', '/v1/apps', 400, { headers: { 'x-org-name': 'bad org!' } });
    expect(r5.body.code).toBe('invalid_org_assertion');
  });

  it('a body over 1 MiB is refused with 413', async () => {
    const big = JSON.stringify({ name: 'big-app', description: 'x'.repeat(1024 * 1024 + 10) });
    await hit('POST', '/v1/apps', '/v1/apps', 413, { raw: big, headers: { 'content-type': 'application/json' } });
  });

  it('the OAuth token endpoint answers OAuthTokenResponse / Error', async () => {
    const ok = await call(emu, 'POST', '/api/oauth/token', {
      token: null,
      body: { grant_type: 'client_credentials', client_id: 'emulator-client', client_secret: 'emulator-secret' },
    });
    expect(ok.status).toBe(200);
    const check = ajv.compile({ $ref: 'openapi#/components/schemas/OAuthTokenResponse' });
    expect(check(ok.body), ajv.errorsText(check.errors)).toBe(true);
    const bad = await call(emu, 'POST', '/api/oauth/token', {
      token: null,
      body: { grant_type: 'client_credentials', client_id: 'emulator-client', client_secret: 'wrong' },
    });
    expect(bad.status).toBe(401);
    expect(ajv.validate({ $ref: 'openapi#/components/schemas/Error' }, bad.body)).toBe(true);
  });
});

for (const [prefix, param] of [
  ['/v1/apps', '{appId}'],
  ['/v1/projects', '{projectId}'],
] as const) {
  const T = `${prefix}/${param}`;
  const key = prefix === '/v1/apps' ? 'apps' : 'projects';

  describe(`contract: ${prefix} routes match the spec`, () => {
    let id = 0;
    let bare = 0;
    let base = '';

    it('list, create, get, update and their errors', async () => {
      const list = await hit('GET', prefix, prefix, 200);
      expect(Array.isArray(list.body[key])).toBe(true);
      const created = await hit('POST', prefix, prefix, 201, { body: { name: `contract-${key}`, region: 'us-east-1', tags: { team: 'qa' } } });
      id = created.body.id;
      base = `${prefix}/${id}`;
      await hit('POST', prefix, prefix, 409, { body: { name: `CONTRACT-${key}` } });
      await hit('POST', prefix, prefix, 400, { body: { name: 'ab' } });
      await hit('POST', prefix, prefix, 400, { raw: '{"name":', headers: { 'content-type': 'application/json' } });
      bare = (await hit('POST', prefix, prefix, 201, { body: { name: `bare-${key}` } })).body.id;
      await hit('GET', T, base, 200);
      await hit('GET', T, `${prefix}/abc`, 400);
      await hit('GET', T, `${prefix}/99999`, 404);
      const upd = await hit('PUT', T, base, 200, { body: { spicepod: SPICEPOD_YAML, replicas: 2 } });
      expect(upd.body.config.spicepod).toMatchObject({ name: 'demo' });
      await hit('PUT', T, base, 400, { body: { replicas: 11 } });
      await hit('PUT', T, `${prefix}/99999`, 404, { body: {} });
      await hit('PUT', T, `${prefix}/abc`, 400, { body: {} });
    });

    it('api keys', async () => {
      await hit('GET', `${T}/api-keys`, `${base}/api-keys`, 200);
      await hit('POST', `${T}/api-keys`, `${base}/api-keys`, 200, { body: { key_number: 2 } });
      await hit('POST', `${T}/api-keys`, `${base}/api-keys`, 400, { body: { key_number: 5 } });
      await hit('GET', `${T}/api-keys`, `${prefix}/99999/api-keys`, 404);
    });

    it('deployments and logs', async () => {
      const D = `${T}/deployments`;
      await hit('POST', D, `${prefix}/${bare}/deployments`, 400);
      const dep = await hit('POST', D, `${base}/deployments`, 202, { body: { commit_message: 'contract' } });
      expect(dep.body.status).toBe('queued');
      await hit('POST', D, `${base}/deployments`, 409);
      await hit('POST', D, `${base}/deployments`, 400, { body: { replicas: 0 } });
      clock.advance(1500);
      await hit('GET', D, `${base}/deployments`, 200);
      await hit('GET', D, `${base}/deployments?limit=5&status=in_progress`, 200);
      await hit('GET', D, `${base}/deployments?limit=0`, 400);
      await hit('GET', D, `${base}/deployments?status=done`, 400);
      await hit('GET', D, `${prefix}/99999/deployments`, 404);
      await hit('GET', `${D}/{deploymentId}`, `${base}/deployments/${dep.body.id}`, 200);
      await hit('GET', `${D}/{deploymentId}`, `${base}/deployments/99999`, 404);
      const logs = await hit('GET', `${D}/{deploymentId}/logs`, `${base}/deployments/${dep.body.id}/logs?limit=10`, 200);
      expect(logs.body.logs.length).toBeGreaterThan(0);
      await hit('GET', `${D}/{deploymentId}/logs`, `${base}/deployments/99999/logs`, 404);
      clock.advance(1000);
    });

    it('metrics', async () => {
      await hit('GET', `${T}/metrics`, `${base}/metrics?window=5m`, 200);
      await hit('GET', `${T}/metrics`, `${base}/metrics?window=soon`, 400);
      await hit('GET', `${T}/metrics`, `${prefix}/99999/metrics`, 404);
    });

    it('secrets', async () => {
      const S = `${T}/secrets`;
      const up = await hit('POST', S, `${base}/secrets`, 200, { body: { name: 'DB_PASSWORD', value: 'hunter2' } });
      expect(up.body.value).toBe('********');
      await hit('POST', S, `${base}/secrets`, 400, { body: { name: '1BAD', value: 'x' } });
      await hit('GET', S, `${base}/secrets`, 200);
      await hit('GET', `${S}/{secretName}`, `${base}/secrets/DB_PASSWORD`, 200);
      await hit('GET', `${S}/{secretName}`, `${base}/secrets/MISSING`, 404);
      await hit('DELETE', `${S}/{secretName}`, `${base}/secrets/DB_PASSWORD`, 204);
      await hit('DELETE', `${S}/{secretName}`, `${base}/secrets/DB_PASSWORD`, 404);
    });

    it('forks and resume', async () => {
      await hit('GET', `${T}/forks`, `${base}/forks`, 200);
      const fork = await hit('POST', `${T}/forks`, `${base}/forks`, 201);
      expect(fork.body.forked_from).toEqual({ id, name: `contract-${key}` });
      await hit('POST', `${T}/forks`, `${base}/forks`, 400, { body: { colour: 'blue' } });
      await hit('POST', `${T}/forks`, `${prefix}/${bare}/forks`, 422);
      await hit('POST', `${T}/forks`, `${base}/forks`, 409, { body: { name: fork.body.name } });
      await hit('POST', `${T}/forks`, `${prefix}/99999/forks`, 404);
      await hit('POST', `${T}/resume`, `${base}/resume`, 200);
    });

    it('monitors and data reactions', async () => {
      for (const kind of ['monitors', 'reactions']) {
        const L = `${T}/${kind}`;
        const I = `${L}/{alertId}`;
        await hit('GET', L, `${base}/${kind}`, 200);
        const a = await hit('POST', L, `${base}/${kind}`, 201, {
          body: { name: 'slow queries', templateId: 'p95', targets: [{ type: 'http', url: 'https://hooks.example.com', token: 'tok-secret' }] },
        });
        expect(JSON.stringify(a.body)).not.toContain('tok-secret');
        await hit('POST', L, `${base}/${kind}`, 409, { body: { name: 'Slow Queries' } });
        await hit('GET', I, `${base}/${kind}/${a.body.id}`, 200);
        await hit('PATCH', I, `${base}/${kind}/${a.body.id}`, 200, { body: { spec: { threshold: 3 } } });
        await hit('DELETE', I, `${base}/${kind}/${a.body.id}`, 200);
        await hit('GET', I, `${base}/${kind}/${a.body.id}`, 404);
      }
    });

    it('delete is a soft delete: the app vanishes', async () => {
      await hit('DELETE', T, `${prefix}/${bare}`, 204);
      await hit('GET', T, `${prefix}/${bare}`, 404);
      await hit('DELETE', T, `${prefix}/${bare}`, 404);
      await hit('DELETE', T, `${prefix}/abc`, 400);
    });
  });
}

describe('contract: rate limiting', () => {
  it('429 carries the Error body, Retry-After and X-RateLimit-* headers', async () => {
    const limited = await start({ rateLimit: 1, now: () => Date.parse('2026-03-01T12:00:00.250Z') });
    try {
      const first = await call(limited, 'GET', '/v1/apps');
      expect(first.status).toBe(200);
      const second = await call(limited, 'GET', '/v1/apps');
      expect(second.status).toBe(429);
      expect(ajv.validate({ $ref: 'openapi#/components/schemas/Error' }, second.body)).toBe(true);
      expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(second.headers.get('x-ratelimit-limit')).toBe('1');
    } finally {
      await limited.close();
    }
  });
});

describe('contract: coverage', () => {
  it('every operation in the spec was exercised', () => {
    const all: string[] = [];
    for (const [p, ops] of Object.entries(spec['paths'] as Json)) {
      for (const m of Object.keys(ops as Json)) if (['get', 'post', 'put', 'patch', 'delete'].includes(m)) all.push(`${m.toUpperCase()} ${p}`);
    }
    expect(all.filter((op) => !covered.has(op))).toEqual([]);
  });
});
