import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/members/update.js';
import { AuthError, ExitCode, NotFoundError, UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';
import { MEMBERS, raw } from './fixtures.js';

describe('members update: parse', () => {
  it('takes a member and the new roles', () => {
    expect(parse(raw(['alice'], { role: ['viewer'] }))).toEqual({ member: { text: 'alice' }, roles: ['viewer'] });
  });

  it('requires --role', () => {
    expect(() => parse(raw(['alice']))).toThrow(/--role is required/);
  });

  it('refuses granting owner and invalid members', () => {
    expect(() => parse(raw(['alice'], { role: ['owner'] }))).toThrow(UsageError);
    expect(() => parse(raw(['a/b'], { role: ['admin'] }))).toThrow(UsageError);
  });
});

describe('members update: run', () => {
  it('resolves a username, replaces the roles with PATCH, and prints the member', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    t.api
      .intercept({ path: '/v1/members/43', method: 'PATCH', body: JSON.stringify({ roles: ['viewer'] }) })
      .reply(200, { user_id: 43, username: 'bob.smith', roles: ['viewer'], created_at: '2026-11-26T11:00:00Z' }, json);
    await run(parse(raw(['Bob.Smith'], { role: ['viewer'] })), t.ctx);
    expect(t.io.err()).toContain('Updated "bob.smith" (user 43): roles now viewer');
    expect(t.io.out()).toMatch(/^Roles\s+viewer$/m);
    t.done();
  });

  it('prints the updated member as JSON with --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    t.api.intercept({ path: '/v1/members/42', method: 'PATCH' }).reply(200, { user_id: 42, username: 'Alice', roles: ['member'] }, json);
    await run(parse(raw(['42'], { role: ['member'] })), t.ctx);
    expect(JSON.parse(t.io.out())).toMatchObject({ user_id: 42, username: 'Alice', roles: ['member'], is_owner: false });
    t.done();
  });

  it('prints tab-separated fields when piped', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    t.api.intercept({ path: '/v1/members/42', method: 'PATCH' }).reply(200, { user_id: 42, username: 'Alice', roles: ['member'] }, json);
    await run(parse(raw(['42'], { role: ['member'] })), t.ctx);
    expect(t.io.out()).toContain('Roles\tmember\n');
  });

  it('refuses to demote the owner with exit 4 before sending anything mutating', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    const err = await run(parse(raw(['founder'], { role: ['member'] })), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.exitCode).toBe(ExitCode.auth);
    expect(err.code).toBe('owner_protected');
    t.done();
  });

  it('recognises the owner by the owner role when is_owner is absent', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, { members: [{ user_id: 1, username: 'f', roles: ['owner'] }] }, json);
    await expect(run(parse(raw(['1'], { role: ['admin'] })), t.ctx)).rejects.toMatchObject({ code: 'owner_protected' });
    t.done();
  });

  it('fails with not found for an unknown user ID, sending nothing mutating', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    const err = await run(parse(raw(['999'], { role: ['admin'] })), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe('no member with user ID 999 in the organization');
    t.done();
  });
});
