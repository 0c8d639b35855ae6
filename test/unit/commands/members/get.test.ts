import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/members/get.js';
import { NotFoundError, UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';
import { ALICE, MEMBERS, raw } from './fixtures.js';

describe('members get: parse', () => {
  it('takes a user ID or a username', () => {
    expect(parse(raw(['42']))).toEqual({ member: { text: '42', id: 42 } });
    expect(parse(raw(['alice']))).toEqual({ member: { text: 'alice' } });
  });

  it('refuses a path-like member', () => {
    expect(() => parse(raw(['../admin']))).toThrow(UsageError);
  });
});

describe('members get: run', () => {
  it('gets a member by ID and prints aligned fields on a terminal', async () => {
    const t = await testContext({ tty: true });
    t.api.intercept({ path: '/v1/members/42', method: 'GET' }).reply(200, ALICE, json);
    await run(parse(raw(['42'])), t.ctx);
    expect(t.io.out()).toMatch(/^User ID\s+42$/m);
    expect(t.io.out()).toMatch(/^Username\s+Alice$/m);
    expect(t.io.out()).toMatch(/^Roles\s+admin, billing$/m);
    expect(t.io.out()).toMatch(/^Owner\s+no$/m);
    t.done();
  });

  it('finds a member by username case-insensitively and prints field/value lines when piped', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    await run(parse(raw(['ALICE'])), t.ctx);
    expect(t.io.out()).toBe('User ID\t42\nUsername\tAlice\nRoles\tadmin,billing\nOwner\tno\nJoined\t2026-11-25T12:00:00Z\n');
    t.done();
  });

  it('prints the member as a JSON object with --json', async () => {
    const t = await testContext({ globals: { json: true } });
    t.api.intercept({ path: '/v1/members/42', method: 'GET' }).reply(200, ALICE, json);
    await run(parse(raw(['42'])), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual(ALICE);
  });

  it('suggests near matches for an unknown username', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    const err = await run(parse(raw(['alicee'])), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toBe('no member named "alicee" in the organization');
    expect(err.hint).toBe('Did you mean "Alice"?');
  });

  it('points to members list when a user ID is unknown', async () => {
    const t = await testContext();
    t.api.intercept({ path: '/v1/members/7', method: 'GET' }).reply(404, { error: 'Member not found' }, json);
    const err = await run(parse(raw(['7'])), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.hint).toContain('spice-cloud members list');
  });
});
