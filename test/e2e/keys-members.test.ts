/**
 * keys get/regenerate/rotate and members add/update/remove in their three output modes,
 * with the emulator's state (key hashes, member list) as the witness. (keys get / members
 * list / get masked output: output-modes.test.ts; confirmations: interactive.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI, bed, jsonError, mutations, plain, sha256, snapshot, type Bed } from './harness.js';

const MASKED = /^••••[0-9a-f]{4}$/;
const KEY = /^spk_[0-9a-f]{32}$/;

describe('keys', () => {
  let b: Bed;
  const keys = () => {
    const a = snapshot(b.emu).apps[0]!;
    return { primary: a.api_key, secondary: a.api_key_2 };
  };
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'key-app', region: 'us-east-1' });
  });
  afterAll(() => b.close());

  it('get --primary --reveal prints the bare key for scripts; it is the stored primary key', async () => {
    const r = await b.run(['keys', 'get', '-a', 'key-app', '--primary', '--reveal']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^spk_[0-9a-f]{32}\n$/);
    expect(sha256(r.stdout.trim())).toBe(keys().primary);
    expect(r.stderr).toMatch(/^warning: these keys grant data access to app "key-app"/m);
  });

  it('get --reveal --json shows both keys in clear; --primary without --reveal is refused (exit 2)', async () => {
    const [json, refused] = await Promise.all([b.run(['keys', 'get', '-a', 'key-app', '--reveal', '--json']), b.run(['keys', 'get', '-a', 'key-app', '--primary'])]);
    expect(json.code, json.stderr).toBe(0);
    const shown = JSON.parse(json.stdout) as { api_key: string; api_key_2: string };
    expect(shown.api_key).toMatch(KEY);
    expect(sha256(shown.api_key_2)).toBe(keys().secondary);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/add --reveal/);
  });

  it('regenerate --secondary --yes, piped: masked keys as TSV; only the secondary changed', async () => {
    const before = keys();
    const r = await b.run(['keys', 'regenerate', '--secondary', '-a', 'key-app', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^primary\t••••[0-9a-f]{4}\nsecondary\t••••[0-9a-f]{4}\n$/);
    expect(r.stdout).not.toMatch(/spk_/);
    expect(r.stderr).toMatch(/^Regenerated the secondary API key of app "key-app"; the old key no longer works$/m);
    const after = keys();
    expect(after.primary).toBe(before.primary);
    expect(after.secondary).not.toBe(before.secondary);
  });

  it('regenerate --both --yes --json: both keys masked plus regenerated_key 0; both changed', async () => {
    const before = keys();
    const r = await b.run(['keys', 'regenerate', '--both', '-a', 'key-app', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ api_key: expect.stringMatching(MASKED), api_key_2: expect.stringMatching(MASKED), regenerated_key: 0 });
    const after = keys();
    expect(after.primary).not.toBe(before.primary);
    expect(after.secondary).not.toBe(before.secondary);
  });

  it('regenerate (primary by default) --yes --reveal on a terminal: a table with the new key in clear', async () => {
    const before = keys();
    const r = await b.pty(['keys', 'regenerate', '-a', 'key-app', '--yes', '--reveal']);
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(r.output).toMatch(ANSI);
    const shown = /^primary\s+(spk_[0-9a-f]{32})$/m.exec(out)?.[1];
    expect(shown).toBeDefined();
    expect(sha256(shown!)).toBe(keys().primary);
    expect(keys().secondary).toBe(before.secondary);
  });

  it('regenerate refuses --primary with --secondary (exit 2) before sending anything', async () => {
    const from = b.emu.requests().length;
    const r = await b.run(['keys', 'regenerate', '--primary', '--secondary', '-a', 'key-app', '--yes']);
    expect(r.code).toBe(2);
    expect(b.emu.requests().slice(from)).toEqual([]);
  });

  it('rotate --yes regenerates both keys, one POST each: unattended without prompting, on a terminal still waiting at step 2', async () => {
    for (const mode of ['piped', 'json', 'tty'] as const) {
      const before = keys();
      const from = b.emu.requests().length;
      const args = ['keys', 'rotate', '-a', 'key-app', '--yes'];
      if (mode === 'tty') {
        // --yes answers the confirmation only: the user still says when clients have switched.
        const r = await b.pty(args, [{ expect: 'Have all clients switched to the secondary key', send: 'y\r' }]);
        const out = plain(r.output);
        expect(r.code, out).toBe(0);
        expect(out).not.toContain('Rotate both API keys of app "key-app"?');
        expect(out).toMatch(/✓ Step 1\/3: secondary key regenerated[\s\S]*Step 2\/3: switch every client[\s\S]*✓ Rotated both API keys of app "key-app"\. Clients now use the secondary key[\s\S]*--active secondary[\s\S]*KEY\s+VALUE/);
      } else {
        const r = await b.run(mode === 'json' ? [...args, '--json'] : args);
        expect(r.code, r.stderr).toBe(0);
        if (mode === 'json') expect(JSON.parse(r.stdout)).toEqual({ api_key: expect.stringMatching(MASKED), api_key_2: expect.stringMatching(MASKED) });
        else expect(r.stdout).toMatch(/^primary\t••••[0-9a-f]{4}\nsecondary\t••••[0-9a-f]{4}\n$/);
      }
      expect(mutations(b.emu, from)).toEqual(['POST /v1/apps/1/api-keys 200', 'POST /v1/apps/1/api-keys 200']);
      const after = keys();
      expect(after.primary, mode).not.toBe(before.primary);
      expect(after.secondary, mode).not.toBe(before.secondary);
    }
  });

  it('rotate stops after step 1 when the primary regeneration fails, and says how to finish', async () => {
    const before = keys();
    // The first key POST (secondary) goes through; the second (primary) is refused.
    b.emu.addFault({ method: 'POST', path: '/v1/apps/1/api-keys', action: 'delay', delayMs: 1, count: 1 });
    b.emu.addFault({ method: 'POST', path: '/v1/apps/1/api-keys', action: 'status', status: 500, count: 1 });
    try {
      const r = await b.run(['keys', 'rotate', '-a', 'key-app', '--yes']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^error: .*the secondary key was already rotated, the primary key was not$/m);
      expect(r.stderr).toMatch(/^hint: Finish with `spice-cloud keys regenerate --primary -a key-app`\.$/m);
      const after = keys();
      expect(after.secondary).not.toBe(before.secondary);
      expect(after.primary).toBe(before.primary);
    } finally {
      b.emu.clearFaults();
    }
  });
});

describe('members', () => {
  let b: Bed;
  const members = () => Object.fromEntries(snapshot(b.emu).members.map((m) => [m.username ?? String(m.user_id), m.roles]));
  beforeAll(async () => {
    b = await bed();
  });
  afterAll(() => b.close());

  it('add in all three modes: the member as fields, TSV or JSON; they join with the given roles', async () => {
    const piped = await b.run(['members', 'add', 'linus', '--role', 'admin']);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toMatch(/^User ID\t3\nUsername\tlinus\nRoles\tadmin\nOwner\tno\nJoined\t\d{4}-/);
    expect(piped.stderr).toBe('Added "linus" to the organization as admin\n');

    const json = await b.run(['members', 'add', 'margaret', '--role', 'viewer', '--role', 'billing', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ user_id: 4, username: 'margaret', roles: ['viewer', 'billing'] });

    const tty = await b.pty(['members', 'add', 'ken']);
    const out = plain(tty.output);
    expect(tty.code, out).toBe(0);
    expect(out).toMatch(/✓ Added "ken" to the organization as member\n/);
    expect(out).toMatch(/^Username\s+ken$/m);

    expect(members()).toMatchObject({ linus: ['admin'], margaret: ['viewer', 'billing'], ken: ['member'] });
  });

  it('add of an existing member exits 5; of an unknown user exits 3; of the owner role exits 2', async () => {
    const [dup, unknown, owner] = await Promise.all([
      b.run(['members', 'add', 'grace']),
      b.run(['members', 'add', 'nobody-here']),
      b.run(['members', 'add', 'barbara', '--role', 'owner']),
    ]);
    expect(dup.code).toBe(5);
    expect(dup.stderr).toMatch(/already a member/);
    expect(unknown.code).toBe(3);
    expect(owner.code).toBe(2);
    expect(members()).not.toHaveProperty('barbara');
  });

  it('update in all three modes replaces the role set', async () => {
    const piped = await b.run(['members', 'update', 'LINUS', '--role', 'member']);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toMatch(/^Roles\tmember$/m);
    expect(piped.stderr).toMatch(/^Updated "linus" \(user 3\): roles now member$/m);

    const json = await b.run(['members', 'update', '4', '--role', 'admin,billing', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ user_id: 4, roles: ['admin', 'billing'] });

    const tty = await b.pty(['members', 'update', 'ken', '--role', 'viewer']);
    expect(tty.code, tty.output).toBe(0);
    expect(plain(tty.output)).toMatch(/^Roles\s+viewer$/m);

    expect(members()).toMatchObject({ linus: ['member'], margaret: ['admin', 'billing'], ken: ['viewer'] });
  });

  it('remove --yes in all three modes takes the member out', async () => {
    const piped = await b.run(['members', 'remove', 'linus', '--yes']);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toBe('');
    expect(piped.stderr).toBe('Removed "linus" (user 3) from the organization\n');

    const json = await b.run(['members', 'rm', '4', '--yes', '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ user_id: 4, username: 'margaret', removed: true });

    const tty = await b.pty(['members', 'remove', 'ken', '--yes']);
    expect(tty.code, tty.output).toBe(0);
    expect(plain(tty.output)).toBe('✓ Removed "ken" (user 5) from the organization\n');

    expect(Object.keys(members())).toEqual(['ada', 'grace']);
  });

  it('the owner can be neither updated nor removed: exit 4 and no mutating request', async () => {
    const from = b.emu.requests().length;
    const [update, remove] = await Promise.all([b.run(['members', 'update', 'ada', '--role', 'member']), b.run(['members', 'remove', '1', '--yes', '--json'])]);
    expect(update.code).toBe(4);
    expect(update.stderr).toMatch(/^error: cannot change the roles of "ada" \(user 1\): they own the organization; nothing was sent$/m);
    expect(remove.code).toBe(4);
    expect(jsonError(remove.stderr)).toMatchObject({ code: 'owner_protected' });
    expect(mutations(b.emu, from)).toEqual([]);
  });

  it('an unknown member name exits 3 and suggests the close match', async () => {
    const r = await b.run(['members', 'get', 'grac']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^hint: Did you mean "grace"\?$/m);
  });
});
