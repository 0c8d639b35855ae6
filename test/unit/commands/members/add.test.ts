import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/members/add.js';
import { ConflictError, NotFoundError, UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';
import { raw } from './fixtures.js';

const ADDED = { user_id: 50, username: 'carol', roles: ['member'], created_at: '2026-11-26T12:00:00Z' };

describe('members add: parse', () => {
  it('defaults the role to member', () => {
    expect(parse(raw(['carol']))).toEqual({ username: 'carol', roles: ['member'] });
  });

  it('takes repeatable roles', () => {
    expect(parse(raw(['carol'], { role: ['viewer', 'billing'] }))).toEqual({ username: 'carol', roles: ['viewer', 'billing'] });
  });

  it('refuses to grant owner with a usage error', () => {
    expect(() => parse(raw(['carol'], { role: ['owner'] }))).toThrow(UsageError);
  });

  it('refuses unknown roles and invalid usernames', () => {
    expect(() => parse(raw(['carol'], { role: ['root'] }))).toThrow(UsageError);
    expect(() => parse(raw(['car ol']))).toThrow(UsageError);
    expect(() => parse(raw(['carol/../x']))).toThrow(UsageError);
    expect(() => parse(raw([]))).toThrow(UsageError);
  });
});

describe('members add: run', () => {
  it('sends the username and roles, confirms on stderr, and prints the member', async () => {
    const t = await testContext({ tty: true });
    t.api
      .intercept({ path: '/v1/members', method: 'POST', body: JSON.stringify({ username: 'carol', roles: ['member'] }) })
      .reply(201, ADDED, json);
    await run(parse(raw(['carol'])), t.ctx);
    expect(t.io.err()).toContain('Added "carol" to the organization as member');
    expect(t.io.out()).toMatch(/^User ID\s+50$/m);
    t.done();
  });

  it('prints the new member as JSON with --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api
      .intercept({ path: '/v1/members', method: 'POST', body: JSON.stringify({ username: 'carol', roles: ['admin', 'billing'] }) })
      .reply(201, { ...ADDED, roles: ['admin', 'billing'] }, json);
    await run(parse(raw(['carol'], { role: ['admin', 'billing'] })), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ ...ADDED, roles: ['admin', 'billing'] });
    t.done();
  });

  it('prints tab-separated fields when piped', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/members', method: 'POST' }).reply(201, ADDED, json);
    await run(parse(raw(['carol'])), t.ctx);
    expect(t.io.out()).toContain('Username\tcarol\n');
  });

  it('explains an unknown user (404) and an existing member (409)', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/members', method: 'POST' }).reply(404, { error: 'User not found' }, json);
    t.api.intercept({ path: '/v1/members', method: 'POST' }).reply(409, { error: 'Already a member' }, json);
    const e404 = await run(parse(raw(['ghost'])), t.ctx).catch((e) => e);
    expect(e404).toBeInstanceOf(NotFoundError);
    expect(e404.hint).toContain('signed in');
    await expect(run(parse(raw(['carol'])), t.ctx)).rejects.toBeInstanceOf(ConflictError);
    t.done();
  });
});
