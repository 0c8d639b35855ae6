import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/members/remove.js';
import { AuthError, InputRequiredError, UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';
import { MEMBERS, raw } from './fixtures.js';

describe('members remove: parse', () => {
  it('takes a member and --yes', () => {
    expect(parse(raw(['alice'], { yes: true }))).toEqual({ member: { text: 'alice' }, yes: true });
    expect(parse(raw(['42']))).toEqual({ member: { text: '42', id: 42 }, yes: false });
  });

  it('refuses invalid members', () => {
    expect(() => parse(raw(['a b']))).toThrow(UsageError);
    expect(() => parse(raw(['-1']))).toThrow(UsageError);
  });
});

describe('members remove: run', () => {
  it('asks on a terminal naming the member, then deletes by user ID', async () => {
    const t = await testContext({ tty: true, prompts: [true] });
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    t.api.intercept({ path: '/v1/members/42', method: 'DELETE' }).reply(204, '');
    await run(parse(raw(['alice'])), t.ctx);
    expect(t.prompter.asked).toEqual(['Remove "Alice" (user 42) from the organization?']);
    expect(t.io.err()).toContain('Removed "Alice" (user 42) from the organization');
    expect(t.io.out()).toBe('');
    t.done();
  });

  it('sends no DELETE when the prompt is declined', async () => {
    const t = await testContext({ tty: true, prompts: [false] });
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    await expect(run(parse(raw(['alice'])), t.ctx)).rejects.toThrow(/Nothing was changed\./);
    t.done();
  });

  it('needs --yes without a terminal and sends nothing', async () => {
    const t = await testContext({ tty: false });
    const err = await run(parse(raw(['alice'])), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(InputRequiredError);
    expect(err.hint).toContain('--yes');
    t.done();
  });

  it('with --yes and --json deletes and prints a JSON object', async () => {
    const t = await testContext({ tty: false, globals: { json: true } });
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    t.api.intercept({ path: '/v1/members/43', method: 'DELETE' }).reply(204, '');
    await run(parse(raw(['43'], { yes: true })), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ user_id: 43, username: 'bob.smith', removed: true });
    t.done();
  });

  it('refuses to remove the owner with exit 4 even with --yes, sending no DELETE', async () => {
    const t = await testContext({ tty: false });
    t.api.intercept({ path: '/v1/members?limit=100', method: 'GET' }).reply(200, MEMBERS, json);
    const err = await run(parse(raw(['1'], { yes: true })), t.ctx).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe('owner_protected');
    expect(err.message).toContain('"Founder" (user 1)');
    t.done();
  });
});
