import { getGlobalDispatcher, setGlobalDispatcher, type Dispatcher } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/auth/login.js';
import { memoryConfigStore } from '../../../../src/config/store.js';
import { AuthError, CliError, InputRequiredError, UsageError } from '../../../../src/errors.js';
import { API, json, testContext, type TestContextOptions } from '../../../helpers/context.js';

const CANDIDATE = 'pat-candidate-0123456789wxyz';
const ORGS = { orgs: [{ id: 7, name: 'acme', role: 'owner' }] };

// auth login checks a token that is not in env or store yet, so it builds its own Api
// (src/commands/auth/candidate.ts), which has no dispatcher seam: route fetch's global
// dispatcher to the test's MockAgent instead.
let previous: Dispatcher;
beforeEach(() => {
  previous = getGlobalDispatcher();
});
afterEach(() => setGlobalDispatcher(previous));

async function loginContext(o: TestContextOptions = {}) {
  const t = await testContext({ ...o, env: { SPICE_API_TOKEN: undefined, ...o.env } });
  setGlobalDispatcher(t.mock);
  return t;
}

const raw = (opts: Record<string, unknown> = {}) => ({ args: [], opts, env: {} });

describe('auth login: parse', () => {
  it('reads --with-token', () => {
    expect(parse(raw({ withToken: true }))).toEqual({ withToken: true, web: false, insecureStorage: false });
    expect(parse(raw())).toEqual({ withToken: false, web: false, insecureStorage: false });
  });
});

describe('auth login: run', () => {
  it('prompts for the token on a terminal, checks it, and stores token, API URL and the only org', async () => {
    const t = await loginContext({ tty: true, prompts: [CANDIDATE] });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET', headers: { authorization: `Bearer ${CANDIDATE}` } }).reply(200, ORGS, json);
    await run({ withToken: false }, t.ctx);
    expect(t.prompter.asked).toEqual(['API token:']);
    expect(t.config.getProfile('default')).toEqual({ token: CANDIDATE, apiUrl: API, org: 'acme' });
    expect(t.io.out()).toBe('');
    expect(t.io.err()).toContain('Logged in to https://api.test as profile "default" (org acme)');
    expect(t.io.err()).toContain('acme (owner)');
    expect(t.io.err()).toContain('••••wxyz');
    expect(t.io.err()).not.toContain(CANDIDATE);
    t.done();
  });

  it('reads the token from stdin with --with-token, trimming surrounding whitespace, without prompting', async () => {
    const t = await loginContext({ tty: false, stdin: `  ${CANDIDATE}\r\n\n` });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET', headers: { authorization: `Bearer ${CANDIDATE}` } }).reply(200, ORGS, json);
    await run({ withToken: true }, t.ctx);
    expect(t.prompter.asked).toEqual([]);
    expect(t.config.getProfile('default')?.token).toBe(CANDIDATE);
    t.done();
  });

  it('rejects empty stdin with a usage error before any request', async () => {
    const t = await loginContext({ stdin: ' \n' });
    const err = await run({ withToken: true }, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect(t.config.getProfile('default')).toBeUndefined();
    t.done();
  });

  it('rejects a token with inner whitespace without echoing it', async () => {
    const t = await loginContext({ stdin: 'first-token-aaaaaaaa\nsecond-token-bbbbbbbb\n' });
    const err = await run({ withToken: true }, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).not.toContain('first-token');
  });

  it('fails with exit 9 naming --with-token when stdin is not a terminal', async () => {
    const t = await loginContext({ tty: false, stdinTTY: false });
    const err = await run({ withToken: false }, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputRequiredError);
    expect((err as InputRequiredError).exitCode).toBe(9);
    expect((err as Error).message).toContain('--with-token');
    expect(t.prompter.asked).toEqual([]);
  });

  it('does not prompt with --no-input even on a terminal', async () => {
    const t = await loginContext({ tty: true, globals: { input: false } });
    const err = await run({ withToken: false }, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputRequiredError);
    expect((err as Error).message).toContain('--no-input');
  });

  it('does not store a token the API rejects (401) and exits 4', async () => {
    const t = await loginContext({ stdin: CANDIDATE });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(401, { error: 'Invalid token' }, json);
    const err = await run({ withToken: true }, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).exitCode).toBe(4);
    expect((err as Error).message).toMatch(/rejected the token; nothing was stored/);
    expect((err as AuthError).hint).toMatch(/expired or revoked/);
    expect((err as Error).message).not.toContain(CANDIDATE);
    expect(t.config.profileNames()).toEqual([]);
    t.done();
  });

  it('stores a valid token that lacks apps:read and says which check could not be made', async () => {
    const t = await loginContext({ stdin: CANDIDATE });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(403, { error: 'Insufficient scope. Required: apps:read', code: 'insufficient_scope' }, json);
    await run({ withToken: true }, t.ctx);
    expect(t.config.getProfile('default')).toEqual({ token: CANDIDATE, apiUrl: API });
    expect(t.io.err()).toMatch(/warning: The API accepts the token, but these checks could not be made with its scopes: organizations \(needs apps:read\)/);
    t.done();
  });

  it('does not store a token refused for another organization (403 org_forbidden)', async () => {
    const t = await loginContext({ stdin: CANDIDATE });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(403, { error: "Organization 'x' not found", code: 'org_forbidden' }, json);
    const err = await run({ withToken: true }, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(t.config.profileNames()).toEqual([]);
  });

  it('keeps the existing profile when the new token is rejected', async () => {
    const config = memoryConfigStore({ profiles: { default: { token: 'old-token-0123456789' } } });
    const t = await loginContext({ stdin: CANDIDATE, config });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(401, { error: 'Token expired' }, json);
    await expect(run({ withToken: true }, t.ctx)).rejects.toBeInstanceOf(AuthError);
    expect(config.getProfile('default')).toEqual({ token: 'old-token-0123456789' });
  });

  it('falls back to listing apps when the API does not serve /v1/orgs, and stores no org', async () => {
    const t = await loginContext({ stdin: CANDIDATE });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(404, { error: 'Not found' }, json);
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET', headers: { authorization: `Bearer ${CANDIDATE}` } }).reply(200, { apps: [{ id: 1, name: 'a' }, { id: 2, name: 'b' }] }, json);
    await run({ withToken: true }, t.ctx);
    expect(t.config.getProfile('default')).toEqual({ token: CANDIDATE, apiUrl: API });
    expect(t.io.err()).toContain('sees 2 apps');
    t.done();
  });

  it('sends --org as X-Org-Name and stores it; with several orgs and no --org it stores none', async () => {
    const many = { orgs: [{ id: 1, name: 'acme', role: 'owner' }, { id: 2, name: 'beta', role: 'member' }] };
    const t = await loginContext({ stdin: CANDIDATE, globals: { org: 'beta' } });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET', headers: { 'x-org-name': 'beta' } }).reply(200, many, json);
    await run({ withToken: true }, t.ctx);
    expect(t.config.getProfile('default')?.org).toBe('beta');
    t.done();

    const u = await loginContext({ stdin: CANDIDATE });
    u.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(200, many, json);
    await run({ withToken: true }, u.ctx);
    expect(u.config.getProfile('default')).toEqual({ token: CANDIDATE, apiUrl: API });
    expect(u.io.err()).toContain('acme (owner), beta (member)');
  });

  it('stores under the selected profile and leaves the others alone', async () => {
    const config = memoryConfigStore({ profiles: { default: { token: 'keep-me-0123456789' } } });
    const t = await loginContext({ stdin: CANDIDATE, config, globals: { profile: 'staging' } });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(200, ORGS, json);
    await run({ withToken: true }, t.ctx);
    expect(config.getProfile('staging')?.token).toBe(CANDIDATE);
    expect(config.getProfile('default')).toEqual({ token: 'keep-me-0123456789' });
  });

  it('does not store the default API URL', async () => {
    const t = await loginContext({ stdin: CANDIDATE, env: { SPICE_API_URL: undefined } });
    t.mock.get('https://api.spice.ai').intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(200, ORGS, json);
    await run({ withToken: true }, t.ctx);
    expect(t.config.getProfile('default')).toEqual({ token: CANDIDATE, org: 'acme' });
    t.done();
  });

  it('refuses a plain-http API URL that is not loopback before asking for the token', async () => {
    const t = await loginContext({ tty: true, prompts: [CANDIDATE], globals: { apiUrl: 'http://api.example.com' } });
    const err = await run({ withToken: false }, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/plain http/);
    expect(t.prompter.asked).toEqual([]);
  });

  it('allows plain http to the loopback emulator', async () => {
    const t = await loginContext({ stdin: CANDIDATE, globals: { apiUrl: 'http://127.0.0.1:8787' } });
    t.mock.get('http://127.0.0.1:8787').intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(200, ORGS, json);
    await run({ withToken: true }, t.ctx);
    expect(t.config.getProfile('default')?.apiUrl).toBe('http://127.0.0.1:8787');
    t.done();
  });

  it('prints a JSON object with the token masked under --json', async () => {
    const t = await loginContext({ stdin: CANDIDATE, globals: { json: true } });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).reply(200, ORGS, json);
    await run({ withToken: true }, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({
      profile: 'default',
      api_url: API,
      org: 'acme',
      orgs: ORGS.orgs,
      token: '••••wxyz',
      store_path: '/tmp/spice-cloud-test/config.json',
      token_storage: 'file',
    });
    expect(t.io.out() + t.io.err()).not.toContain(CANDIDATE);
  });

  it('warns that SPICE_API_TOKEN still takes precedence', async () => {
    const t = await loginContext({ stdin: CANDIDATE, env: { SPICE_API_TOKEN: 'env-token-0123456789' } });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET', headers: { authorization: `Bearer ${CANDIDATE}` } }).reply(200, ORGS, json);
    await run({ withToken: true }, t.ctx);
    expect(t.io.err()).toMatch(/warning: SPICE_API_TOKEN is set and takes precedence/);
    t.done();
  });

  it('exits 1 and stores nothing when the API is unreachable', async () => {
    const t = await loginContext({ stdin: CANDIDATE });
    t.api.intercept({ path: '/v1/orgs?limit=100', method: 'GET' }).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })).times(5);
    const err = await run({ withToken: true }, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).exitCode).toBe(1);
    expect((err as Error).message).toMatch(/not stored/);
    expect(t.config.profileNames()).toEqual([]);
  });
});
