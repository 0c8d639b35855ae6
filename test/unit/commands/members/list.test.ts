import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/members/list.js';
import { AuthError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';
import { MEMBERS, raw } from './fixtures.js';

describe('members list', () => {
  it('takes no arguments', () => {
    expect(parse(raw())).toEqual({});
  });

  it('prints a table with user ID, username, roles, owner and joined on a terminal', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    await run(parse(raw()), t.ctx);
    const lines = t.io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^USER ID\s+USERNAME\s+ROLES\s+OWNER\s+JOINED$/);
    expect(lines[1]).toMatch(/^1\s+Founder\s+owner\s+yes\s+\S/);
    expect(lines[2]).toMatch(/^42\s+Alice\s+admin, billing\s+no\s+1 day ago$/);
    expect(lines[3]).toMatch(/^43\s+bob\.smith\s+member\s+no\s+1 hour ago$/);
    t.done();
  });

  it('prints tab-separated lines when piped', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    await run(parse(raw()), t.ctx);
    expect(t.io.out().split('\n')[2]).toBe('43\tbob.smith\tmember\tno\t2026-11-26T11:00:00Z');
    t.done();
  });

  it('prints a JSON array with --json, also from a bare-array response', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS.members, json);
    await run(parse(raw()), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual(MEMBERS.members);
    t.done();
  });

  it('sends the --org header', async () => {
    const t = await testContext({ globals: { json: true, org: 'acme' } });
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET', headers: { 'x-org-name': 'acme' } }).reply(200, MEMBERS, json);
    await run(parse(raw()), t.ctx);
    t.done();
  });

  it('fails with exit 4 when the token lacks members:read', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(403, { error: 'Insufficient scope. Required: members:read' }, json);
    const err = await run(parse(raw()), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.hint).toContain('members:read');
  });
});
