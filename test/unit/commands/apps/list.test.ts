import { describe, expect, it } from 'vitest';
import { run } from '../../../../src/commands/apps/list.js';
import { json, testContext } from '../../../helpers/context.js';

const APPS = {
  apps: [
    { id: 1, name: 'sales-data', region: 'us-east-1', visibility: 'private', created_at: '2026-11-26T11:00:00Z', api_key: 'spk_0123456789abcdef0123' },
    { id: 2, name: 'web-logs', cname: 'us-west-2-prod-aws-data', visibility: 'public', created_at: '2026-11-20T12:00:00Z' },
  ],
};

describe('apps list', () => {
  it('prints a table with IDs and names first and relative times on a terminal', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, APPS, json);
    await run({}, t.ctx);
    const lines = t.io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+NAME\s+REGION\s+VISIBILITY\s+CREATED$/);
    expect(lines[1]).toMatch(/^1\s+sales-data\s+us-east-1\s+private\s+1 hour ago$/);
    expect(lines[2]).toMatch(/^2\s+web-logs\s+us-west-2-prod-aws-data\s+public\s+6 days ago$/);
    t.done();
  });

  it('prints tab-separated lines without header when piped', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, APPS, json);
    await run({}, t.ctx);
    expect(t.io.out()).toBe('1\tsales-data\tus-east-1\tprivate\t2026-11-26T11:00:00Z\n2\tweb-logs\tus-west-2-prod-aws-data\tpublic\t2026-11-20T12:00:00Z\n');
    t.done();
  });

  it('prints a JSON array with the api_key masked', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, APPS, json);
    await run({}, t.ctx);
    const out = JSON.parse(t.io.out());
    expect(out).toHaveLength(2);
    expect(out[0].api_key).toBe('••••0123');
    expect(t.io.out()).not.toContain('spk_0123456789abcdef0123');
    t.done();
  });

  it('accepts the projects-era envelope', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { projects: APPS.apps }, json);
    await run({}, t.ctx);
    expect(JSON.parse(t.io.out()).map((a: { name: string }) => a.name)).toEqual(['sales-data', 'web-logs']);
  });

  it('sends the bearer token and a User-Agent', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api
      .intercept({ path: '/v1/apps?limit=100', method: 'GET', headers: { authorization: 'Bearer test-token-0123456789abcdef', 'user-agent': /^spice-cloud\// } })
      .reply(200, APPS, json);
    await run({}, t.ctx);
    t.done();
  });
});
