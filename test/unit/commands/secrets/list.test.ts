import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/secrets/list.js';
import { UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';

const SECRETS = {
  secrets: [
    { id: 1, name: 'DB_PASSWORD', value: 'leaked-by-a-buggy-api', created_at: '2026-11-20T12:00:00Z', updated_at: '2026-11-26T11:00:00Z' },
    { id: 2, name: 'API_TOKEN', value: '********', created_at: '2026-11-26T11:58:00Z', updated_at: '2026-11-26T11:58:00Z' },
  ],
};
const raw = (opts: Record<string, unknown> = {}, env: Record<string, string> = {}) => ({ args: [], opts, env });

describe('secrets list parse', () => {
  it('takes the app from --app, then SPICE_APP', () => {
    expect(parse(raw({ app: '7' })).app).toEqual({ text: '7', id: 7 });
    expect(parse(raw({}, { SPICE_APP: 'sales-data' })).app).toEqual({ text: 'sales-data' });
    expect(parse(raw({ app: '7' }, { SPICE_APP: 'other' })).app?.id).toBe(7);
  });

  it('rejects a malformed app before any request', () => {
    expect(() => parse(raw({ app: '../x' }))).toThrow(UsageError);
  });
});

describe('secrets list run', () => {
  it('prints names with relative update and creation times on a terminal, no values', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/apps/7/secrets?limit=100', method: 'GET' }).reply(200, SECRETS, json);
    await run({ app: { text: '7', id: 7 } }, t.ctx);
    const lines = t.io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+UPDATED\s+CREATED$/);
    expect(lines[1]).toMatch(/^DB_PASSWORD\s+1 hour ago\s+6 days ago$/);
    expect(lines[2]).toMatch(/^API_TOKEN\s+2 minutes ago\s+2 minutes ago$/);
    expect(t.io.out()).not.toContain('leaked-by-a-buggy-api');
    t.done();
  });

  it('prints tab-separated name, updated, created when piped', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7/secrets?limit=100', method: 'GET' }).reply(200, SECRETS, json);
    await run({ app: { text: '7', id: 7 } }, t.ctx);
    expect(t.io.out()).toBe('DB_PASSWORD\t2026-11-26T11:00:00Z\t2026-11-20T12:00:00Z\nAPI_TOKEN\t2026-11-26T11:58:00Z\t2026-11-26T11:58:00Z\n');
    t.done();
  });

  it('prints a JSON array with every value masked, even one the API sent in clear', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/7/secrets?limit=100', method: 'GET' }).reply(200, SECRETS, json);
    await run({ app: { text: '7', id: 7 } }, t.ctx);
    const out = JSON.parse(t.io.out());
    expect(out.map((s: { name: string }) => s.name)).toEqual(['DB_PASSWORD', 'API_TOKEN']);
    expect(out.map((s: { value: string }) => s.value)).toEqual(['********', '********']);
    expect(t.io.out()).not.toContain('leaked-by-a-buggy-api');
    t.done();
  });

  it('resolves an app name through the apps list', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [{ id: 9, name: 'Sales-Data' }] }, json);
    t.api.intercept({ path: '/v1/apps/9/secrets?limit=100', method: 'GET' }).reply(200, { secrets: [] }, json);
    await run({ app: { text: 'sales-data' } }, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual([]);
    t.done();
  });

  it('says so on stderr when a terminal user has no secrets', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/apps/7/secrets?limit=100', method: 'GET' }).reply(200, { secrets: [] }, json);
    await run({ app: { text: '7', id: 7 } }, t.ctx);
    expect(t.io.out()).toBe('');
    expect(t.io.err()).toContain('No secrets on app 7.');
  });

  it('fails with a usage error when no app is given and nothing is linked', async () => {
    const t = await testContext();
    await expect(run({ app: undefined }, t.ctx)).rejects.toThrow(/no app given/);
  });
});
