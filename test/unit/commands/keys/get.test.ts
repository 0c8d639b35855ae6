import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/keys/get.js';
import { NotFoundError, UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';

const KEY1 = 'spk_primary_0123456789abcd';
const KEY2 = 'spk_second_9876543210wxyz';
const KEYS = { api_key: KEY1, api_key_2: KEY2 };
const raw = (opts: Record<string, unknown> = {}, env: Record<string, string> = {}) => ({ args: [], opts, env });

describe('keys get: parse', () => {
  it('takes the app from --app, else SPICE_APP', () => {
    expect(parse(raw({ app: '42' })).app).toEqual({ text: '42', id: 42 });
    expect(parse(raw({}, { SPICE_APP: 'sales-data' })).app).toEqual({ text: 'sales-data' });
    expect(parse(raw({ app: 'web-logs' }, { SPICE_APP: 'sales-data' })).app).toEqual({ text: 'web-logs' });
  });

  it('selects one key with --primary or --secondary and --reveal', () => {
    expect(parse(raw({ app: '1', primary: true, reveal: true }))).toMatchObject({ only: 'primary', reveal: true });
    expect(parse(raw({ app: '1', secondary: true, reveal: true }))).toMatchObject({ only: 'secondary', reveal: true });
    expect(parse(raw({ app: '1' }))).toMatchObject({ only: undefined, reveal: false });
  });

  it('refuses --primary with --secondary', () => {
    expect(() => parse(raw({ app: '1', primary: true, secondary: true, reveal: true }))).toThrow(UsageError);
  });

  it('refuses --primary without --reveal, so a script never captures a masked key', () => {
    expect(() => parse(raw({ app: '1', primary: true }))).toThrow(/add --reveal/);
    expect(() => parse(raw({ app: '1', secondary: true }))).toThrow(UsageError);
  });

  it('refuses an invalid app before any request', () => {
    expect(() => parse(raw({ app: '../etc' }))).toThrow(UsageError);
    expect(() => parse(raw({ app: '0' }))).toThrow(UsageError);
  });
});

describe('keys get: run', () => {
  it('prints a two-row table with both keys masked on a terminal', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'GET' }).reply(200, KEYS, json);
    await run(parse(raw({ app: '42' })), t.ctx);
    const lines = t.io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^KEY\s+VALUE$/);
    expect(lines[1]).toMatch(/^primary\s+••••abcd$/);
    expect(lines[2]).toMatch(/^secondary\s+••••wxyz$/);
    expect(t.io.out() + t.io.err()).not.toContain(KEY1);
    expect(t.io.err()).toBe('');
    t.done();
  });

  it('prints masked tab-separated lines when piped', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'GET' }).reply(200, KEYS, json);
    await run(parse(raw({ app: '42' })), t.ctx);
    expect(t.io.out()).toBe('primary\t••••abcd\nsecondary\t••••wxyz\n');
    t.done();
  });

  it('prints a masked JSON object with --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'GET' }).reply(200, KEYS, json);
    await run(parse(raw({ app: '42' })), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ api_key: '••••abcd', api_key_2: '••••wxyz' });
    t.done();
  });

  it('shows a missing key as null in JSON', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'GET' }).reply(200, { api_key: KEY1, api_key_2: null }, json);
    await run(parse(raw({ app: '42' })), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ api_key: '••••abcd', api_key_2: null });
  });

  it('reveals both keys with --reveal and warns on stderr about storing them', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'GET' }).reply(200, KEYS, json);
    await run(parse(raw({ app: '42', reveal: true })), t.ctx);
    expect(t.io.out()).toContain(KEY1);
    expect(t.io.out()).toContain(KEY2);
    expect(t.io.err()).toMatch(/warning: these keys grant data access to app "42"; store them in a secret manager/);
    expect(t.io.err()).not.toContain(KEY1);
    t.done();
  });

  it('reveals both keys in JSON with --json --reveal', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'GET' }).reply(200, KEYS, json);
    await run(parse(raw({ app: '42', reveal: true })), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual(KEYS);
  });

  it('prints just the primary key as a bare line for $(...) capture', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'GET' }).reply(200, KEYS, json);
    await run(parse(raw({ app: '42', primary: true, reveal: true })), t.ctx);
    expect(t.io.out()).toBe(`${KEY1}\n`);
    expect(t.io.err()).toMatch(/secret manager/);
    t.done();
  });

  it('prints just the secondary key, as {"api_key_2": ...} with --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'GET' }).reply(200, KEYS, json);
    await run(parse(raw({ app: '42', secondary: true, reveal: true })), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ api_key_2: KEY2 });
  });

  it('fails with not found when the selected key does not exist, printing nothing on stdout', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'GET' }).reply(200, { api_key: KEY1, api_key_2: null }, json);
    const err = await run(parse(raw({ app: '42', secondary: true, reveal: true })), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.hint).toContain('keys regenerate --secondary -a 42');
    expect(t.io.out()).toBe('');
  });

  it('resolves an app name case-insensitively through the app list', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [{ id: 7, name: 'Sales-Data' }] }, json);
    t.api.intercept({ path: '/v1/apps/7/api-keys', method: 'GET' }).reply(200, KEYS, json);
    await run(parse(raw({}, { SPICE_APP: 'sales-data' })), t.ctx);
    expect(t.io.out()).toBe('primary\t••••abcd\nsecondary\t••••wxyz\n');
    t.done();
  });

  it('redacts the masked keys from any other output, such as the verbose trace', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/apps/42/api-keys', method: 'GET' }).reply(200, KEYS, json);
    await run(parse(raw({ app: '42' })), t.ctx);
    t.ctx.out.info(`leak attempt ${KEY1}`);
    expect(t.io.err()).toBe('leak attempt [REDACTED]\n');
  });

  it('fails with not found when the app does not exist', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/99/api-keys', method: 'GET' }).reply(404, { error: 'App with ID 99 not found' }, json);
    await expect(run(parse(raw({ app: '99' })), t.ctx)).rejects.toBeInstanceOf(NotFoundError);
  });
});
