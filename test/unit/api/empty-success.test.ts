import { describe, expect, it } from 'vitest';
import { testContext } from '../../helpers/context.js';

describe('any 2xx is success where the CLI needs no answer', () => {
  it.each([
    [200, '', undefined],
    [200, 'OK', 'text/plain'],
    [201, '<html>deleted</html>', 'text/html'],
    [202, '', 'application/json'],
    [204, '', undefined],
  ])('deletes accept HTTP %i with body %j', async (status, body, type) => {
    const t = await testContext();
    const headers = type ? { 'content-type': type } : {};
    t.api.intercept({ path: '/v1/apps/7/secrets/A', method: 'DELETE' }).reply(status, body, { headers });
    t.api.intercept({ path: '/v1/apps/7', method: 'DELETE' }).reply(status, body, { headers });
    t.api.intercept({ path: '/v1/members/3', method: 'DELETE' }).reply(status, body, { headers });
    const api = await t.ctx.api();
    await api.secrets.delete(7, 'A');
    await api.apps.delete(7);
    await api.members.remove(3);
    t.done();
  });

  it('a read still refuses an empty 200 (it needs the body)', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/apps/7', method: 'GET' }).reply(200, '', { headers: { 'content-type': 'application/json' } });
    await expect((await t.ctx.api()).apps.get(7)).rejects.toThrow(/empty body/);
  });
});
