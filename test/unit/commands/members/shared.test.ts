import { describe, expect, it } from 'vitest';
import { isOwner, parseMemberRef, parseRoles, parseUsername } from '../../../../src/commands/members/shared.js';
import { UsageError } from '../../../../src/errors.js';

describe('members: argument validation', () => {
  it('reads all digits as a user ID and anything else as a username', () => {
    expect(parseMemberRef('42')).toEqual({ text: '42', id: 42 });
    expect(parseMemberRef('alice')).toEqual({ text: 'alice' });
    expect(parseMemberRef('bob.smith_2-x')).toEqual({ text: 'bob.smith_2-x' });
  });

  it('reads @digits as a username', () => {
    expect(parseMemberRef('@1234')).toEqual({ text: '1234' });
  });

  it('refuses user ID 0, slashes, "..", spaces, leading punctuation and over-long names', () => {
    for (const bad of ['0', '', '  ', 'a/b', '../x', 'a..b', 'al ice', '.alice', '-bob', 'x'.repeat(40), '42?x=1']) {
      expect(() => parseMemberRef(bad), bad).toThrow(UsageError);
    }
  });

  it('accepts a 39-character username and refuses percent-encoded slashes', () => {
    expect(parseUsername('x'.repeat(39))).toHaveLength(39);
    expect(() => parseUsername('a%2fb')).toThrow(UsageError);
  });

  it('collects repeated and comma-separated roles, lower-cased and de-duplicated', () => {
    expect(parseRoles(['admin', 'Billing,viewer', 'admin'])).toEqual(['admin', 'billing', 'viewer']);
    expect(parseRoles('member')).toEqual(['member']);
    expect(parseRoles(undefined)).toBeUndefined();
  });

  it('refuses unknown roles, empty roles, and granting owner', () => {
    expect(() => parseRoles(['superuser'])).toThrow(/must be one of owner, admin, member, viewer, billing/);
    expect(() => parseRoles([''])).toThrow(UsageError);
    expect(() => parseRoles(['admin', 'owner'])).toThrow(/owner role cannot be granted/);
  });

  it('recognises the owner by is_owner or by the owner role', () => {
    expect(isOwner({ user_id: 1, username: 'a', roles: ['owner'] })).toBe(true);
    expect(isOwner({ user_id: 1, username: 'a', roles: [], is_owner: true })).toBe(true);
    expect(isOwner({ user_id: 1, username: 'a', roles: ['admin'] })).toBe(false);
  });
});
