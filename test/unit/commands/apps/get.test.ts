import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/apps/get.js';
import { NotFoundError, UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';

const KEY = 'spk_live_0123456789abcdef9876';
const APP = {
  id: 7,
  name: 'Sales-Data',
  description: 'orders',
  visibility: 'private',
  region: 'us-east-1',
  created_at: '2026-11-26T11:00:00Z',
  api_key: KEY,
  tags: { team: 'data' },
  production_branch: 'main',
  config: { image_tag: '1.5.0', replicas: 2, update_channel: 'stable', spicepod: { version: 'v1', kind: 'Spicepod', name: 'sales' } },
};
const raw = (app: string) => ({ args: [app], opts: {}, env: {} });

describe('apps get: parse', () => {
  it('accepts a numeric ID', () => {
    expect(parse(raw('42')).app).toEqual({ text: '42', id: 42 });
  });
  it('accepts a name', () => {
    expect(parse(raw('sales-data')).app).toEqual({ text: 'sales-data' });
  });
  it('rejects a name with invalid characters', () => {
    expect(() => parse(raw('sales data!'))).toThrow(UsageError);
  });
  it('rejects an empty app', () => {
    expect(() => parse(raw(''))).toThrow(UsageError);
  });
});

describe('apps get: run', () => {
  it('fetches by ID without listing apps and prints key fields, the URL, the config and the spicepod on a terminal', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/apps/7', method: 'GET' }).reply(200, APP, json);
    await run(parse(raw('7')), t.ctx);
    const out = t.io.out();
    expect(out).toMatch(/^id\s+7$/m);
    expect(out).toMatch(/^url\s+https:\/\/sales-data\.spice\.ai$/m);
    expect(out).toMatch(/^tags\s+team=data$/m);
    expect(out).toMatch(/^config\.replicas\s+2$/m);
    expect(out).toMatch(/^api_key\s+••••9876$/m);
    expect(out.indexOf('config.image_tag')).toBeGreaterThan(out.indexOf('created_at'));
    expect(out).toContain('spicepod:\n  version: v1\n  kind: Spicepod\n  name: sales');
    expect(out).not.toContain(KEY);
    expect(out).not.toMatch(/^cluster/m);
    t.done();
  });

  it('resolves a name case-insensitively through the app list', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [{ id: 3, name: 'other' }, { id: 7, name: 'Sales-Data' }] }, json);
    t.api.intercept({ path: '/v1/apps/7', method: 'GET' }).reply(200, APP, json);
    await run(parse(raw('sales-data')), t.ctx);
    t.done();
  });

  it('fails with not-found and near matches for an unknown name', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [{ id: 7, name: 'sales-data' }] }, json);
    const err = await run(parse(raw('sales-dta')), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.hint).toContain('"sales-data"');
    t.done();
  });

  it('prints field<TAB>value lines with the spicepod as one JSON line when piped', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/apps/7', method: 'GET' }).reply(200, APP, json);
    await run(parse(raw('7')), t.ctx);
    const lines = t.io.out().trimEnd().split('\n');
    expect(lines).toContain('name\tSales-Data');
    expect(lines).toContain('url\thttps://sales-data.spice.ai');
    expect(lines).toContain('api_key\t••••9876');
    expect(lines).toContain('created_at\t2026-11-26T11:00:00Z');
    expect(lines).toContain('config.spicepod\t{"version":"v1","kind":"Spicepod","name":"sales"}');
    expect(lines).toContain('cluster\t');
    expect(lines.every((l) => l.split('\t').length === 2)).toBe(true);
    expect(t.io.out()).not.toContain(KEY);
    t.done();
  });

  it('prints the API object with url added and the api_key masked in --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/7', method: 'GET' }).reply(200, APP, json);
    await run(parse(raw('7')), t.ctx);
    const out = JSON.parse(t.io.out());
    expect(out.url).toBe('https://sales-data.spice.ai');
    expect(out.config.spicepod).toEqual(APP.config.spicepod);
    expect(out.api_key).toBe('••••9876');
    expect(t.io.out()).not.toContain(KEY);
    t.done();
  });

  it('surfaces a 404 as not-found', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/99', method: 'GET' }).reply(404, { error: 'App with ID 99 not found' }, json);
    await expect(run(parse(raw('99')), t.ctx)).rejects.toBeInstanceOf(NotFoundError);
    t.done();
  });
});
