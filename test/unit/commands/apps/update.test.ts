import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sizingBody } from '../../../../src/commands/apps/sizing.js';
import { parse, run } from '../../../../src/commands/apps/update.js';
import { UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';

const KEY = 'spk_live_0123456789abcdefWXYZ';
const APP = { id: 7, name: 'sales-data', tags: { team: 'data', temp: 'yes' }, api_key: KEY, config: { replicas: 1 } };
const raw = (opts: Record<string, unknown>, app = 'sales-data') => ({ args: [app], opts, env: {} });

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function dir(files: Record<string, string | Buffer>): string {
  const d = mkdtempSync(join(tmpdir(), 'apps-update-'));
  dirs.push(d);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(d, name), content);
  return d;
}

describe('apps update: parse', () => {
  it('maps every flag to its API field', () => {
    const o = parse(
      raw({
        description: 'd',
        visibility: 'public',
        productionBranch: 'main',
        imageTag: '1.5.0',
        image: 'spiceai/spiceai',
        registry: 'ghcr.io',
        updateChannel: 'internal-sandbox',
        replicas: '3',
        region: 'us-west-2',
        nodeGroup: 'ng-1',
        storageSize: '20',
      }),
    );
    expect(o.patch).toEqual({
      description: 'd',
      visibility: 'public',
      production_branch: 'main',
      image_tag: '1.5.0',
      image: 'spiceai/spiceai',
      registry: 'ghcr.io',
      update_channel: 'internal-sandbox',
      region: 'us-west-2',
      node_group: 'ng-1',
    });
    // Sizing goes through sizing.ts; the storage size under both of its names.
    expect(sizingBody(o.sizing)).toEqual({ replicas: 3, storage_size_gb: 20, storage_claim_size_gb: 20 });
  });

  it('sends --region in either form as the region ID, and --cluster as cluster_name', () => {
    expect(parse(raw({ region: 'us-west-2-prod-aws-data', cluster: 'acme-dedicated' })).patch).toEqual({ region: 'us-west-2', cluster_name: 'acme-dedicated' });
  });

  it('turns --clear-image-tag into image_tag: null', () => {
    expect(parse(raw({ clearImageTag: true })).patch).toEqual({ image_tag: null });
  });

  it('keeps tags, untags and the spicepod path apart from the patch', () => {
    const o = parse(raw({ tag: ['env=prod'], untag: ['temp'], spicepod: 'spicepod.yaml' }));
    expect(o).toMatchObject({ patch: {}, tags: { env: 'prod' }, untag: ['temp'], spicepodFile: 'spicepod.yaml' });
  });

  it.each(['0', '11', '-1', '1.5', 'abc', ''])('rejects --replicas %j', (replicas) => {
    expect(() => parse(raw({ replicas }))).toThrow(UsageError);
  });

  it('refuses when no field is given', () => {
    expect(() => parse(raw({}))).toThrow(/nothing to update/);
  });

  it.each([
    [{ visibility: 'hidden' }, /--visibility/],
    [{ updateChannel: 'beta' }, /--update-channel/],
    [{ storageSize: '0' }, /--storage-size/],
    [{ storageSize: 'big' }, /--storage-size/],
    [{ imageTag: '1.5.0', clearImageTag: true }, /cannot be used together/],
    [{ tag: ['noequals'] }, /--tag/],
    [{ tag: ['a=1'], untag: ['a'] }, /both --tag and --untag/],
    [{ untag: [''] }, /--untag/],
    [{ productionBranch: '' }, /--production-branch/],
    [{ spicepod: '' }, /--spicepod/],
  ])('rejects %j', (opts, message) => {
    expect(() => parse(raw(opts))).toThrow(message);
  });

  it('rejects an invalid app reference', () => {
    expect(() => parse(raw({ replicas: '2' }, 'bad app'))).toThrow(UsageError);
  });
});

describe('apps update: run', () => {
  it('sends only the given fields and prints the updated app, api_key masked', async () => {
    const t = await testContext({ tty: false });
    let body: unknown;
    t.api.intercept({ path: '/v1/apps/7', method: 'PUT' }).reply(200, (o) => ((body = JSON.parse(String(o.body))), { ...APP, config: { replicas: 3 } }), json);
    await run(parse(raw({ replicas: '3', clearImageTag: true }, '7')), t.ctx);
    expect(body).toEqual({ replicas: 3, image_tag: null });
    expect(t.io.out()).toContain('config.replicas\t3\n');
    expect(t.io.out()).not.toContain(KEY);
    expect(t.io.err()).toContain('Updated app sales-data');
    t.done();
  });

  it('merges --tag into the current tags and removes --untag keys', async () => {
    const t = await testContext({ globals: { json: true } });
    let body: { tags?: Record<string, string> } = {};
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [{ id: 7, name: 'sales-data' }] }, json);
    t.api.intercept({ path: '/v1/apps/7', method: 'GET' }).reply(200, APP, json);
    t.api.intercept({ path: '/v1/apps/7', method: 'PUT' }).reply(200, (o) => ((body = JSON.parse(String(o.body))), APP), json);
    await run(parse(raw({ tag: ['env=prod', 'team=ml'], untag: ['temp'] })), t.ctx);
    expect(body).toEqual({ tags: { team: 'ml', env: 'prod' } });
    const out = JSON.parse(t.io.out());
    expect(out.api_key).toBe('••••WXYZ');
    expect(out.url).toBe('https://sales-data.spice.ai');
    t.done();
  });

  it('warns when --untag names a tag the app does not have', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7', method: 'GET' }).reply(200, APP, json);
    t.api.intercept({ path: '/v1/apps/7', method: 'PUT' }).reply(200, APP, json);
    await run(parse(raw({ untag: ['missing'] }, '7')), t.ctx);
    expect(t.io.err()).toContain('warning: app sales-data has no tag "missing"');
    t.done();
  });

  it('sends a YAML spicepod file as an object', async () => {
    const cwd = dir({ 'spicepod.yaml': 'version: v1\nkind: Spicepod\nname: sales\ndatasets:\n  - from: s3://bucket/x\n    name: x\n' });
    const t = await testContext({ cwd });
    let body: { spicepod?: unknown } = {};
    t.api.intercept({ path: '/v1/apps/7', method: 'PUT' }).reply(200, (o) => ((body = JSON.parse(String(o.body))), APP), json);
    await run(parse(raw({ spicepod: 'spicepod.yaml' }, '7')), t.ctx);
    expect(body.spicepod).toEqual({ version: 'v1', kind: 'Spicepod', name: 'sales', datasets: [{ from: 's3://bucket/x', name: 'x' }] });
    t.done();
  });

  it('accepts a JSON spicepod file', async () => {
    const cwd = dir({ 'pod.json': '{"version":"v1","kind":"Spicepod","name":"sales"}' });
    const t = await testContext({ cwd });
    let body: { spicepod?: unknown } = {};
    t.api.intercept({ path: '/v1/apps/7', method: 'PUT' }).reply(200, (o) => ((body = JSON.parse(String(o.body))), APP), json);
    await run(parse(raw({ spicepod: join(cwd, 'pod.json') }, '7')), t.ctx);
    expect(body.spicepod).toEqual({ version: 'v1', kind: 'Spicepod', name: 'sales' });
    t.done();
  });

  it('reads the spicepod from stdin with -', async () => {
    const t = await testContext({ stdin: 'version: v1\nname: piped\n' });
    let body: { spicepod?: unknown } = {};
    t.api.intercept({ path: '/v1/apps/7', method: 'PUT' }).reply(200, (o) => ((body = JSON.parse(String(o.body))), APP), json);
    await run(parse(raw({ spicepod: '-' }, '7')), t.ctx);
    expect(body.spicepod).toEqual({ version: 'v1', name: 'piped' });
    t.done();
  });

  it.each([
    ['not YAML', 'version: v1\n  bad: [unclosed\n', /not valid YAML or JSON/],
    ['a list at the top level', '- a\n- b\n', /mapping at the top level/],
    ['a scalar', 'just text\n', /mapping at the top level/],
    ['empty', '', /mapping at the top level/],
    ['larger than 1 MiB', `name: x\npad: "${'a'.repeat(1024 * 1024)}"\n`, /larger than 1 MiB/],
  ])('refuses a spicepod file that is %s before any request', async (_what, content, message) => {
    const cwd = dir({ 'spicepod.yaml': content });
    // A name would need a lookup: the file must fail first, with no interceptor registered.
    const t = await testContext({ cwd });
    const err = await run(parse(raw({ spicepod: 'spicepod.yaml' })), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toMatch(message);
    t.done();
  });

  it('refuses a missing spicepod file with a usage error', async () => {
    const t = await testContext({ cwd: dir({}) });
    await expect(run(parse(raw({ spicepod: 'nope.yaml' })), t.ctx)).rejects.toThrow(/cannot read --spicepod nope.yaml: ENOENT/);
  });

  it('prints the API warning on stderr', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7', method: 'PUT' }).reply(200, { ...APP, warning: 'config applied partially' }, json);
    await run(parse(raw({ description: '' }, '7')), t.ctx);
    expect(t.io.err()).toContain('warning: config applied partially');
    t.done();
  });
});
