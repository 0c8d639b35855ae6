import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/auth/status.js';
import { memoryConfigStore } from '../../../../src/config/store.js';
import { AuthError, CliError } from '../../../../src/errors.js';
import { API, json, testContext, TOKEN } from '../../../helpers/context.js';

const STORED = 'stored-token-0123456789abcd';
const ORGS = { orgs: [{ id: 7, name: 'acme', role: 'admin' }] };
const storedConfig = () => memoryConfigStore({ profiles: { default: { token: STORED, apiUrl: API, org: 'acme' } } });
const noEnv = { SPICE_API_TOKEN: undefined, SPICE_API_URL: undefined };

describe('auth status: parse', () => {
  it('takes no options', () => {
    expect(parse({ args: [], opts: {}, env: {} })).toEqual({});
  });
});

describe('auth status: run', () => {
  it('prints the documented JSON shape for a stored token the API accepts', async () => {
    const t = await testContext({ env: noEnv, config: storedConfig(), globals: { json: true } });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET', headers: { authorization: `Bearer ${STORED}`, 'x-org-name': 'acme' } }).reply(200, ORGS, json);
    await run({}, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({
      source: 'store',
      profile: 'default',
      store_path: '/tmp/spice-cloud-test/config.json',
      token_storage: 'file',
      api_url: API,
      api_url_source: 'profile',
      org: 'acme',
      token: '••••abcd',
      valid: true,
      orgs: ORGS.orgs,
      error: null,
    });
    expect(t.io.out() + t.io.err()).not.toContain(STORED);
    t.done();
  });

  it('shows an env token masked on a terminal, with no store path', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET', headers: { authorization: `Bearer ${TOKEN}` } }).reply(200, ORGS, json);
    await run({}, t.ctx);
    const out = t.io.out();
    expect(out).toMatch(/Credentials\s+SPICE_API_TOKEN \(environment\)/);
    expect(out).toMatch(/Token\s+••••cdef/);
    expect(out).toMatch(/API URL\s+https:\/\/api\.test \(env\)/);
    expect(out).toMatch(/Store\s+-/);
    expect(out).toMatch(/Orgs visible\s+acme \(admin\)/);
    expect(out).toMatch(/Valid\s+yes/);
    expect(out).not.toContain(TOKEN);
    t.done();
  });

  it('prints field<TAB>value lines when piped', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(200, ORGS, json);
    await run({}, t.ctx);
    expect(t.io.out()).toContain('Valid\tyes\n');
    expect(t.io.out()).toContain('Token\t••••cdef\n');
  });

  it('exits 4 without any request when there is no token, still printing the status', async () => {
    const t = await testContext({ env: noEnv, globals: { json: true } });
    const err = await run({}, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).exitCode).toBe(4);
    expect((err as AuthError).hint).toMatch(/auth login/);
    expect(JSON.parse(t.io.out())).toMatchObject({ source: 'none', token: null, valid: null, store_path: '/tmp/spice-cloud-test/config.json' });
    t.done();
  });

  it('exits 4 with valid=false when the API rejects the token', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(401, { error: 'Token expired' }, json);
    const err = await run({}, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as Error).message).toMatch(/rejected the credentials from SPICE_API_TOKEN.*Token expired/);
    expect(JSON.parse(t.io.out())).toMatchObject({ source: 'env', valid: false, error: 'list organizations failed: Token expired' });
    t.done();
  });

  it('exits 1 saying the API is unreachable, with valid unknown', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const err = await run({}, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect(err).not.toBeInstanceOf(AuthError);
    expect((err as CliError).exitCode).toBe(1);
    expect((err as Error).message).toMatch(/could not reach the API at https:\/\/api\.test/);
    expect(JSON.parse(t.io.out())).toMatchObject({ valid: null });
  });

  it('checks through /v1/apps when the API has no /v1/orgs', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(404, { error: 'Not found' }, json);
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [] }, json);
    await run({}, t.ctx);
    expect(JSON.parse(t.io.out())).toMatchObject({ valid: true, orgs: null });
    t.done();
  });

  it('reports client credentials by client ID and never prints the secret or access token', async () => {
    const t = await testContext({
      env: { SPICE_API_TOKEN: undefined, SPICE_CLIENT_ID: 'client-123', SPICE_CLIENT_SECRET: 'client-secret-0123456789' },
      globals: { json: true },
    });
    t.api
      .intercept({ path: '/api/oauth/token', method: 'POST' })
      .reply(200, { access_token: 'access-token-0123456789zz', token_type: 'Bearer', expires_in: 3600 }, json);
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET', headers: { authorization: 'Bearer access-token-0123456789zz' } }).reply(200, ORGS, json);
    await run({}, t.ctx);
    const out = JSON.parse(t.io.out());
    expect(out).toMatchObject({ source: 'client-credentials', client_id: 'client-123', token: null, valid: true });
    expect(t.io.out()).not.toContain('client-secret-0123456789');
    expect(t.io.out()).not.toContain('access-token-0123456789zz');
    t.done();
  });
});
