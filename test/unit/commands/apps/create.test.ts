import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/apps/create.js';
import { ConflictError, InputRequiredError, NetworkError, UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';

const REGIONS = {
  regions: [
    { name: 'US West (Oregon)', region: 'us-west-2', cname: 'us-west-2-prod-aws-data', provider: 'aws', isDefault: false },
    { name: 'US East (Virginia)', region: 'us-east-1', cname: 'us-east-1-prod-aws-data', provider: 'aws', isDefault: true },
    { name: 'Old East', region: 'us-east-2', cname: 'us-east-2-prod-aws-data', provider: 'aws', disabled: true },
  ],
  default: 'us-east-1',
};
const KEY = 'spk_live_0123456789abcdefABCD';
const CREATED = { id: 12, name: 'sales-data', region: 'us-west-2', visibility: 'private', created_at: '2026-11-26T12:00:00Z', api_key: KEY };
const raw = (name: unknown, opts: Record<string, unknown> = {}) => ({ args: [name], opts, env: {} });

describe('apps create: parse', () => {
  it('reads name, region, description, visibility and repeated tags', () => {
    expect(parse(raw('sales-data', { region: 'us-west-2', description: 'd', visibility: 'public', tag: ['a=1', 'b=x=y'] }))).toEqual({
      name: 'sales-data',
      region: 'us-west-2',
      description: 'd',
      visibility: 'public',
      tags: { a: '1', b: 'x=y' },
      sizing: {},
    });
  });
  it('reads --cluster and the sizing flags, validating quantities before anything is sent', () => {
    const o = parse(raw('sales-data', { cluster: 'acme-dedicated', replicas: '2', cpu: '500m', memory: '4Gi', ephemeralStorage: '10Gi', storageSize: '50', executorReplicas: '3', executorCpu: '2', executorMemory: '16Gi', executorStorageSize: '100' }));
    expect(o.cluster).toBe('acme-dedicated');
    expect(o.sizing).toEqual({
      replicas: 2,
      resources: { limits: { cpu: '500m', memory: '4Gi', 'ephemeral-storage': '10Gi' }, requests: { cpu: '500m', memory: '4Gi' } },
      storageGb: 50,
      executor: { replicas: 3, resources: { limits: { cpu: '2', memory: '16Gi' }, requests: { cpu: '2', memory: '16Gi' } }, storage_size_gb: 100 },
    });
  });
  it.each([
    ['cpu', '2 cores'],
    ['cpu', '-1'],
    ['cpu', '0'],
    ['memory', '4GB'],
    ['memory', 'lots'],
    ['ephemeralStorage', '10 Gi'],
    ['executorMemory', '1.5.5Gi'],
    ['executorCpu', 'm500'],
  ])('rejects the quantity --%s %j', (flag, value) => {
    expect(() => parse(raw('sales-data', { [flag]: value }))).toThrow(UsageError);
  });
  it.each([['replicas', '11'], ['executorReplicas', '-1'], ['storageSize', '0']])('rejects --%s %j', (flag, value) => {
    expect(() => parse(raw('sales-data', { [flag]: value }))).toThrow(UsageError);
  });
  it.each(['abc', 'a'.repeat(39), 'sales_data', 'sales data', ''])('rejects the invalid name %j', (name) => {
    expect(() => parse(raw(name))).toThrow(UsageError);
  });
  it('rejects an unknown visibility', () => {
    expect(() => parse(raw('sales-data', { visibility: 'secret' }))).toThrow(/--visibility/);
  });
  it('rejects a tag without =', () => {
    expect(() => parse(raw('sales-data', { tag: ['team'] }))).toThrow(/--tag/);
  });
  it('rejects a malformed region', () => {
    expect(() => parse(raw('sales-data', { region: 'us east' }))).toThrow(/--region/);
  });
});

describe('apps create: run', () => {
  it('validates --region against the API, sends region with the other fields, and prints the app', async () => {
    const t = await testContext({ tty: false });
    let body: unknown;
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, REGIONS, json);
    t.api
      .intercept({ path: '/v1/apps', method: 'POST' })
      .reply(201, (o) => ((body = JSON.parse(String(o.body))), CREATED), json);
    await run(parse(raw('sales-data', { region: 'us-west-2', description: 'orders', visibility: 'private', tag: ['team=data'] })), t.ctx);
    expect(body).toEqual({ name: 'sales-data', region: 'us-west-2', cname: 'us-west-2-prod-aws-data', description: 'orders', visibility: 'private', tags: { team: 'data' } });
    expect(t.io.out()).toContain('id\t12\n');
    expect(t.io.out()).toContain('api_key\t••••ABCD\n');
    expect(t.io.out()).not.toContain(KEY);
    expect(t.io.err()).toContain('Created app sales-data (id 12)');
    t.done();
  });

  it('accepts a region cname and sends the region ID with the legacy cname', async () => {
    const t = await testContext({ globals: { json: true } });
    let body: { region?: string; cname?: string } = {};
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, REGIONS, json);
    t.api.intercept({ path: '/v1/apps', method: 'POST' }).reply(201, (o) => ((body = JSON.parse(String(o.body))), CREATED), json);
    await run(parse(raw('sales-data', { region: 'US-WEST-2-prod-aws-data' })), t.ctx);
    expect(body.region).toBe('us-west-2');
    expect(body.cname).toBe('us-west-2-prod-aws-data');
    const out = JSON.parse(t.io.out());
    expect(out).toMatchObject({ id: 12, name: 'sales-data', url: 'https://sales-data.spice.ai', api_key: '••••ABCD' });
    t.done();
  });

  it('sends --cluster as cluster_name without asking for a region, and sizing as resources/executor', async () => {
    const t = await testContext({ tty: false });
    let body: unknown;
    t.api.intercept({ path: '/v1/apps', method: 'POST' }).reply(201, (o) => ((body = JSON.parse(String(o.body))), { ...CREATED, cluster_name: 'acme-dedicated', endpoint: 'https://x' }), json);
    await run(parse(raw('sales-data', { cluster: 'acme-dedicated', replicas: '2', cpu: '2', storageSize: '20' })), t.ctx);
    expect(body).toEqual({
      name: 'sales-data',
      cluster_name: 'acme-dedicated',
      replicas: 2,
      resources: { limits: { cpu: '2' }, requests: { cpu: '2' } },
      storage_size_gb: 20,
      storage_claim_size_gb: 20,
    });
    expect(t.io.err()).toContain('Created app sales-data (id 12)');
    t.done();
  });

  it('says plainly when the API made a Cloud Connect project (no placement, no endpoint)', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, REGIONS, json);
    t.api.intercept({ path: '/v1/apps', method: 'POST' }).reply(201, { ...CREATED, region: null, cname: null, endpoint: null }, json);
    await run(parse(raw('sales-data', { region: 'us-west-2' })), t.ctx);
    expect(t.io.out()).toContain('hosting\tcloud-connect (no hosted runtime)\n');
    expect(t.io.err()).toMatch(/warning: sales-data is a Cloud Connect project, not a hosted app/);
    expect(t.io.err()).toContain('Created Cloud Connect project sales-data (id 12), not a hosted app');
    expect(t.io.err()).not.toContain('Created app');
    t.done();
  });

  it('refuses an unknown region with a usage error listing the enabled ones, without creating', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, REGIONS, json);
    const err = await run(parse(raw('sales-data', { region: 'eu-west-1' })), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('unknown region "eu-west-1": use one of us-east-1, us-west-2');
    t.done();
  });

  it('refuses a disabled region', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, REGIONS, json);
    await expect(run(parse(raw('sales-data', { region: 'us-east-2' })), t.ctx)).rejects.toThrow(/^disabled region "us-east-2"/);
    t.done();
  });

  it('fails with exit 5 before the region picker when the name is taken', async () => {
    const t = await testContext({ tty: true, prompts: [] });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [{ id: 3, name: 'Sales-Data' }] }, json);
    const err = await run(parse(raw('sales-data')), t.ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ exitCode: 5, message: 'an app named Sales-Data already exists (id 3)' });
    t.done();
  });

  it('offers the enabled regions on a terminal, default first and marked', async () => {
    const t = await testContext({ tty: true, prompts: ['us-west-2'] });
    let body: { region?: string } = {};
    let choices: string[] = [];
    const select = t.ctx.prompter.select.bind(t.ctx.prompter);
    t.ctx.prompter.select = async (m, c, d) => {
      choices = c.map((x) => x.name);
      expect(d).toBe('us-east-1');
      return select(m, c, d);
    };
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [] }, json);
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, REGIONS, json);
    t.api.intercept({ path: '/v1/apps', method: 'POST' }).reply(201, (o) => ((body = JSON.parse(String(o.body))), CREATED), json);
    await run(parse(raw('sales-data')), t.ctx);
    expect(choices).toEqual(['us-east-1 — US East (Virginia) (default)', 'us-west-2 — US West (Oregon)']);
    expect(body.region).toBe('us-west-2');
    t.done();
  });

  it('fails with exit 9 naming --region when there is no terminal, before any request', async () => {
    const t = await testContext({ tty: false });
    const err = await run(parse(raw('sales-data')), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(InputRequiredError);
    expect(err.exitCode).toBe(9);
    expect(err.hint).toContain('--region');
    t.done();
  });

  it('fails with exit 9 under --no-input even on a terminal', async () => {
    const t = await testContext({ tty: true, globals: { input: false } });
    await expect(run(parse(raw('sales-data')), t.ctx)).rejects.toBeInstanceOf(InputRequiredError);
  });

  it('reports the app as created with a warning when the response was lost but the app now exists', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, REGIONS, json);
    t.api.intercept({ path: '/v1/apps', method: 'POST' }).replyWithError(new Error('socket hang up'));
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [{ id: 3, name: 'other' }, CREATED] }, json);
    await run(parse(raw('Sales-Data', { region: 'us-west-2' })), t.ctx);
    expect(t.io.out()).toContain('id\t12\n');
    expect(t.io.err()).toMatch(/warning: the response to the create request was lost/);
    expect(t.io.err()).toContain('Created app sales-data (id 12)');
    t.done();
  });

  it('rethrows the network error when the response was lost and the app does not exist', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, REGIONS, json);
    t.api.intercept({ path: '/v1/apps', method: 'POST' }).replyWithError(new Error('socket hang up'));
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [{ id: 3, name: 'other' }] }, json);
    await expect(run(parse(raw('sales-data', { region: 'us-west-2' })), t.ctx)).rejects.toBeInstanceOf(NetworkError);
    expect(t.io.out()).toBe('');
    t.done();
  });

  it('does not retry or look up apps after a 409 conflict', async () => {
    const t = await testContext({ tty: false, maxRetries: 4 });
    t.api.intercept({ path: '/v1/regions', method: 'GET' }).reply(200, REGIONS, json);
    t.api.intercept({ path: '/v1/apps', method: 'POST' }).reply(409, { error: 'App "sales-data" already exists in this organization' }, json);
    await expect(run(parse(raw('sales-data', { region: 'us-west-2' })), t.ctx)).rejects.toBeInstanceOf(ConflictError);
    t.done();
  });
});
