/**
 * Compatibility with the API as Spice.ai's own clients speak it (reference/real-clients.md),
 * against the emulator in strict mode: placement on create (region + legacy cname,
 * cluster_name, Cloud Connect projects), empty 2xx answers to every delete, paging past
 * the first 20, hints that follow the API's error code, and login with a narrow token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, jsonError, requestLines, snapshot, type Bed } from './harness.js';

const SPICEPOD = { version: 'v1', kind: 'Spicepod', name: 'p' };

describe('placement on create (strict emulator)', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed({ strict: true });
  });
  afterAll(() => b.close());

  it('sends the region as region and legacy cname, so the app is hosted (it has an endpoint)', async () => {
    const r = await b.run(['apps', 'create', 'hosted-app', '--region', 'us-west-2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const app = JSON.parse(r.stdout) as { region: string; cname: string; endpoint: string };
    expect(app).toMatchObject({ region: 'us-west-2', cname: 'us-west-2-prod-aws-data', endpoint: expect.any(String) });
    expect(r.stderr).toContain('Created app hosted-app');
  });

  it('accepts --region as a cname too', async () => {
    const r = await b.run(['apps', 'create', 'cname-app', '--region', 'us-east-1-prod-aws-data']);
    expect(r.code, r.stderr).toBe(0);
    expect(snapshot(b.emu).apps.find((a) => a.name === 'cname-app')?.region).toBe('us-east-1');
  });

  it('sends --cluster as cluster_name and places the app on that cluster', async () => {
    const r = await b.run(['apps', 'create', 'dedicated-app', '--cluster', 'emulator-dedicated', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ cluster_name: 'emulator-dedicated', endpoint: expect.any(String) });
  });

  it('an unknown cluster gets the placement hint from the API code', async () => {
    const r = await b.run(['apps', 'create', 'nowhere-app', '--cluster', 'no-such-cluster', '--json']);
    expect(r.code).toBe(1);
    const e = jsonError(r.stderr);
    expect(e.code).toBe('cluster_not_found');
    expect(e.hint).toMatch(/--cluster/);
  });

  it('an app created without cname (region only, as newer clients send) is a Cloud Connect project, and the CLI says so', async () => {
    const created = await b.call<{ id: number; endpoint: string | null }>('POST', '/v1/apps', { name: 'connect-app', region: 'us-west-2' });
    expect(created.status).toBe(201);
    expect(created.data.endpoint).toBeNull();
    const r = await b.run(['apps', 'get', 'connect-app']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^hosting\tcloud-connect \(no hosted runtime\)$/m);
    expect(r.stdout).not.toMatch(/^hosting\thosted$/m);
    expect(r.stderr).toMatch(/connect-app is a Cloud Connect project, not a hosted app/);
  });
});

describe('sizing, storage and channels reach the API', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed({ strict: true });
  });
  afterAll(() => b.close());

  it('apps create --replicas/--cpu/--memory/--storage-size/--executor-* store resources, executor and both storage fields', async () => {
    const r = await b.run(['apps', 'create', 'sized-app', '--region', 'us-east-1', '--replicas', '2', '--cpu', '500m', '--memory', '4Gi', '--ephemeral-storage', '10Gi', '--storage-size', '50', '--executor-replicas', '2', '--executor-memory', '16Gi', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const config = (JSON.parse(r.stdout) as { config: Record<string, unknown> }).config;
    expect(config).toMatchObject({
      replicas: 2,
      storage_size_gb: 50,
      storage_claim_size_gb: 50,
      resources: { limits: { cpu: '500m', memory: '4Gi', 'ephemeral-storage': '10Gi' }, requests: { cpu: '500m', memory: '4Gi' } },
      executor: { replicas: 2, resources: { limits: { memory: '16Gi' }, requests: { memory: '16Gi' } } },
    });
  });

  it('apps update --cpu keeps the memory set before (resources are merged), and a bad quantity sends nothing', async () => {
    const before = b.emu.requests().length;
    const bad = await b.run(['apps', 'update', 'sized-app', '--memory', '4GB']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid --memory "4GB"/);
    expect(b.emu.requests().length).toBe(before);
    const r = await b.run(['apps', 'update', 'sized-app', '--cpu', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { config: { resources: unknown } }).config.resources).toEqual({ limits: { cpu: '2', memory: '4Gi', 'ephemeral-storage': '10Gi' }, requests: { cpu: '2', memory: '4Gi' } });
  });

  it('deploy --channel and --image reach the deployment', async () => {
    await b.call('PUT', '/v1/apps/1', { spicepod: SPICEPOD });
    const r = await b.run(['deploy', '-a', 'sized-app', '--channel', 'nightly', '--image', 'spiceai/spiceai:2.0.1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ image: 'spiceai/spiceai:2.0.1' });
    const bad = await b.run(['deploy', '-a', 'sized-app', '--channel', 'beta']);
    expect(bad.code).toBe(2);
  });
});

describe('any 2xx is success: every delete answered with an empty 200', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed({ strict: true });
    await b.call('POST', '/v1/apps', { name: 'empty-app', cname: 'us-east-1' });
    await b.call('POST', '/v1/apps/1/secrets', { name: 'TOKEN', value: 'v' });
    await b.call('POST', '/v1/members', { username: 'linus' });
    b.emu.addFault({ method: 'DELETE', path: '/v1/**', action: 'empty-200' });
    b.emu.addFault({ method: 'POST', path: '/v1/apps/*/api-keys', action: 'empty-200' });
  });
  afterAll(() => b.close());

  it('secrets delete', async () => {
    const r = await b.run(['secrets', 'delete', 'TOKEN', '-a', 'empty-app', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(requestLines(b.emu)).toContain('DELETE /v1/apps/1/secrets/TOKEN 200');
    expect(snapshot(b.emu).secrets).toEqual([]);
  });

  it('members remove', async () => {
    const r = await b.run(['members', 'remove', 'linus', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(snapshot(b.emu).members.map((m) => m.username)).not.toContain('linus');
  });

  it('keys regenerate without a body reads the new keys back', async () => {
    const r = await b.run(['keys', 'regenerate', '-a', 'empty-app', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(requestLines(b.emu).slice(-2)).toEqual(['POST /v1/apps/1/api-keys 200', 'GET /v1/apps/1/api-keys 200']);
  });

  it('apps delete', async () => {
    const r = await b.run(['apps', 'delete', 'empty-app', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(requestLines(b.emu)).toContain('DELETE /v1/apps/1 200');
    expect(snapshot(b.emu).apps[0]?.deleted_at).not.toBeNull();
  });
});

describe('paging (strict emulator pages, at most 100 a page)', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed({ strict: true });
    for (let i = 1; i <= 105; i++) await b.call('POST', '/v1/apps', { name: `paged-app-${String(i).padStart(3, '0')}`, cname: 'us-east-1' });
  });
  afterAll(() => b.close());

  it('apps list asks for the largest page and reads every page until a short one', async () => {
    const from = b.emu.requests().length;
    const r = await b.run(['apps', 'list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(105);
    expect(requestLines(b.emu).slice(from)).toEqual(['GET /v1/apps?limit=100 200', 'GET /v1/apps?limit=100&offset=100 200']);
  });

  it('name resolution finds an app past the first page', async () => {
    const r = await b.run(['apps', 'get', 'paged-app-104', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: 104, name: 'paged-app-104' });
  });
});

describe('hints follow the API error code', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed({ strict: true, tokens: ['deploy-only-token:deployments:write'] });
    await b.call('POST', '/v1/apps', { name: 'hint-app', cname: 'us-east-1' });
  });
  afterAll(() => b.close());

  it('insufficient_scope names the missing scope', async () => {
    const r = await b.run(['apps', 'list', '--json'], { env: { SPICE_API_TOKEN: 'deploy-only-token' } });
    expect(r.code).toBe(4);
    expect(jsonError(r.stderr)).toMatchObject({ status: 403, code: 'insufficient_scope', hint: expect.stringContaining('apps:read') });
  });

  it('a deploy refused for a missing spicepod gets the spicepod hint from its code', async () => {
    const r = await b.run(['deploy', '-a', '1', '--json']);
    expect(r.code).toBe(1);
    expect(jsonError(r.stderr)).toMatchObject({ code: 'spicepod_missing', hint: expect.stringContaining('--spicepod') });
  });

  it('auth login stores a valid token that lacks apps:read, and says which check it could not make', async () => {
    const r = await b.run(['auth', 'login', '--with-token'], { stdin: 'deploy-only-token\n', env: { SPICE_API_TOKEN: undefined } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/checks could not be made with its scopes: organizations \(needs apps:read\)/);
    const status = await b.run(['auth', 'status', '--json'], { env: { SPICE_API_TOKEN: undefined } });
    expect(JSON.parse(status.stdout)).toMatchObject({ source: 'store', valid: true });
  });
});
