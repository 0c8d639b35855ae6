import { describe, expect, it } from 'vitest';
import { AuthError } from '../../../src/errors.js';
import { json, testContext } from '../../helpers/context.js';

const CLIENT = { SPICE_API_TOKEN: undefined, SPICE_CLIENT_ID: 'ci-client', SPICE_CLIENT_SECRET: 'ci-secret-0123456789' };
const tokenReply = (token: string) => ({ access_token: token, token_type: 'Bearer', expires_in: 3600 });

describe('client credentials', () => {
  it('exchanges the client credentials once and reuses the access token', async () => {
    const t = await testContext({ env: CLIENT });
    t.api.intercept({ path: '/api/oauth/token', method: 'POST', body: (b) => JSON.parse(b).client_id === 'ci-client' }).reply(200, tokenReply('access-one-0123456789'), json);
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET', headers: { authorization: 'Bearer access-one-0123456789' } }).reply(200, { apps: [] }, json).times(2);
    const api = await t.ctx.api();
    await api.apps.list();
    await api.apps.list();
    t.done();
  });

  it('reuses the token cached by an earlier invocation, with no exchange', async () => {
    const first = await testContext({ env: CLIENT });
    first.api.intercept({ path: '/api/oauth/token', method: 'POST' }).reply(200, tokenReply('access-cached-0123456789'), json);
    first.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [] }, json);
    await (await first.ctx.api()).apps.list();
    const second = await testContext({ env: CLIENT, config: first.config });
    second.api.intercept({ path: '/v1/apps?limit=100', method: 'GET', headers: { authorization: 'Bearer access-cached-0123456789' } }).reply(200, { apps: [] }, json);
    await (await second.ctx.api()).apps.list();
    second.done();
  });

  it('exchanges again and repeats the request once when the API rejects the token with 401', async () => {
    const t = await testContext({ env: CLIENT });
    t.api.intercept({ path: '/api/oauth/token', method: 'POST' }).reply(200, tokenReply('access-old-0123456789'), json);
    t.api.intercept({ path: '/v1/apps', method: 'POST', headers: { authorization: 'Bearer access-old-0123456789' } }).reply(401, { error: 'Token expired' }, json);
    t.api.intercept({ path: '/api/oauth/token', method: 'POST' }).reply(200, tokenReply('access-new-0123456789'), json);
    t.api.intercept({ path: '/v1/apps', method: 'POST', headers: { authorization: 'Bearer access-new-0123456789' } }).reply(201, { id: 7, name: 'renewed' }, json);
    const app = await (await t.ctx.api()).apps.create({ name: 'renewed' });
    expect(app.id).toBe(7);
    t.done();
  });

  it('gives up with exit 4 when the renewed token is rejected too', async () => {
    const t = await testContext({ env: CLIENT });
    t.api.intercept({ path: '/api/oauth/token', method: 'POST' }).reply(200, tokenReply('access-a-0123456789'), json).times(2);
    t.api.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(401, { error: 'Invalid token' }, json).times(2);
    const err = await (await t.ctx.api()).apps.list().catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.exitCode).toBe(4);
    t.done();
  });

  it('reports a rejected client secret with exit 4 and a hint naming the variables', async () => {
    const t = await testContext({ env: CLIENT });
    t.api.intercept({ path: '/api/oauth/token', method: 'POST' }).reply(401, { error: 'invalid_client' }, json);
    const err = await (await t.ctx.api()).apps.list().catch((e) => e);
    expect(err.exitCode).toBe(4);
    expect(err.hint).toContain('SPICE_CLIENT_SECRET');
    expect(t.io.err()).not.toContain('ci-secret-0123456789');
  });
});
