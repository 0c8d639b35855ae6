import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/link/link.js';
import { InputRequiredError, NotFoundError, UsageError } from '../../../../src/errors.js';
import { API, json, testContext } from '../../../helpers/context.js';
import { tempDir, writeLinkFile } from './tmp.js';

const APPS = {
  apps: [
    { id: 1, name: 'sales-data', api_key: 'spk_0123456789abcdef0123' },
    { id: 42, name: 'web-logs' },
  ],
};
const raw = (args: unknown[] = [], opts: Record<string, unknown> = {}) => ({ args, opts, env: {} });
const readLinkFile = (dir: string) => JSON.parse(readFileSync(join(dir, '.spice', 'cloud.json'), 'utf8'));

describe('link: parse', () => {
  it('accepts an app name or ID, or nothing', () => {
    expect(parse(raw(['sales-data']))).toEqual({ status: false, app: { text: 'sales-data' } });
    expect(parse(raw(['42']))).toEqual({ status: false, app: { text: '42', id: 42 } });
    expect(parse(raw([undefined]))).toEqual({ status: false, app: undefined });
  });
  it('rejects an invalid app name before any request', () => {
    expect(() => parse(raw(['no/such']))).toThrow(UsageError);
  });
  it('rejects --status together with an app', () => {
    expect(() => parse(raw(['x-app'], { status: true }))).toThrow(/--status takes no app/);
  });
});

describe('link: run', () => {
  it('links by name (case-insensitive), writing IDs and names only, never a key', async () => {
    const cwd = tempDir();
    const t = await testContext({ cwd });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, APPS, json);
    await run({ status: false, app: { text: 'SALES-DATA' } }, t.ctx);
    expect(readLinkFile(cwd)).toEqual({ app_id: 1, app_name: 'sales-data', api_url: API });
    expect(readFileSync(join(cwd, '.spice', 'cloud.json'), 'utf8')).not.toContain('spk_');
    expect(t.io.err()).toContain(`Linked ${cwd} to app sales-data (1).`);
    expect(t.io.out()).toBe('');
    t.done();
  });

  it('links by ID after checking that the app exists, and records --org', async () => {
    const cwd = tempDir();
    const t = await testContext({ cwd, globals: { org: 'acme' } });
    t.api.intercept({ path: '/v1/apps/42', method: 'GET', headers: { 'x-org-name': 'acme' } }).reply(200, { id: 42, name: 'web-logs' }, json);
    await run({ status: false, app: { text: '42', id: 42 } }, t.ctx);
    expect(readLinkFile(cwd)).toEqual({ app_id: 42, app_name: 'web-logs', org: 'acme', api_url: API });
    t.done();
  });

  it('omits api_url when it is the default', async () => {
    const cwd = tempDir();
    const t = await testContext({ cwd, env: { SPICE_API_URL: undefined } });
    t.mock.get('https://api.spice.ai').intercept({ path: '/v1/apps/42', method: 'GET' }).reply(200, { id: 42, name: 'web-logs' }, json);
    await run({ status: false, app: { text: '42', id: 42 } }, t.ctx);
    expect(readLinkFile(cwd)).toEqual({ app_id: 42, app_name: 'web-logs' });
    t.done();
  });

  it('offers a picker on a terminal when no app is given', async () => {
    const cwd = tempDir();
    const t = await testContext({ cwd, tty: true, prompts: [42] });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, APPS, json);
    await run({ status: false, app: undefined }, t.ctx);
    expect(t.prompter.asked).toEqual(['Link this directory to which app?']);
    expect(readLinkFile(cwd)).toMatchObject({ app_id: 42, app_name: 'web-logs' });
    t.done();
  });

  it('fails with exit 9 naming the argument when no app is given and stdin is not a terminal, sending nothing', async () => {
    const cwd = tempDir();
    const t = await testContext({ cwd, tty: false });
    const err = await run({ status: false, app: undefined }, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputRequiredError);
    expect((err as InputRequiredError).hint).toContain('Name the app after `spice-cloud link`');
    expect(existsSync(join(cwd, '.spice'))).toBe(false);
    t.done();
  });

  it('says there is nothing to pick when the org has no apps', async () => {
    const t = await testContext({ cwd: tempDir(), tty: true });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [] }, json);
    await expect(run({ status: false, app: undefined }, t.ctx)).rejects.toBeInstanceOf(NotFoundError);
    expect(t.prompter.asked).toEqual([]);
  });

  it('writes nothing when the app does not exist', async () => {
    const cwd = tempDir();
    const t = await testContext({ cwd });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, APPS, json);
    await expect(run({ status: false, app: { text: 'sales-dat' } }, t.ctx)).rejects.toThrow(/no app named "sales-dat"/);
    expect(existsSync(join(cwd, '.spice', 'cloud.json'))).toBe(false);
  });

  it('replaces an existing (even corrupt) link and says what it replaced', async () => {
    const cwd = tempDir();
    writeLinkFile(cwd, { app_id: 1, app_name: 'sales-data' });
    const t = await testContext({ cwd });
    t.api.intercept({ path: '/v1/apps/42', method: 'GET' }).reply(200, { id: 42, name: 'web-logs' }, json);
    await run({ status: false, app: { text: '42', id: 42 } }, t.ctx);
    expect(t.io.err()).toContain('It was linked to sales-data (1).');
    expect(readLinkFile(cwd).app_id).toBe(42);

    writeLinkFile(cwd, '{not json');
    const u = await testContext({ cwd });
    u.api.intercept({ path: '/v1/apps/42', method: 'GET' }).reply(200, { id: 42, name: 'web-logs' }, json);
    await run({ status: false, app: { text: '42', id: 42 } }, u.ctx);
    expect(readLinkFile(cwd).app_id).toBe(42);
  });

  it('warns that SPICE_APP overrides the new link', async () => {
    const t = await testContext({ cwd: tempDir(), env: { SPICE_APP: 'other-app' } });
    t.api.intercept({ path: '/v1/apps/42', method: 'GET' }).reply(200, { id: 42, name: 'web-logs' }, json);
    await run({ status: false, app: { text: '42', id: 42 } }, t.ctx);
    expect(t.io.err()).toMatch(/warning: SPICE_APP=other-app is set and overrides the link/);
  });

  it('prints the link as a JSON object under --json', async () => {
    const cwd = tempDir();
    const t = await testContext({ cwd, globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/42', method: 'GET' }).reply(200, { id: 42, name: 'web-logs' }, json);
    await run({ status: false, app: { text: '42', id: 42 } }, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ path: join(cwd, '.spice', 'cloud.json'), app_id: 42, app_name: 'web-logs', api_url: API });
  });
});
