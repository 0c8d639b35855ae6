/**
 * Destructive commands without a terminal and without --yes: they must refuse at once
 * (exit 9), say how to confirm (--yes), and send no request that changes anything.
 * (The same commands on a real terminal, answering n / y / Ctrl-C: interactive.test.ts.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, jsonError, mutations, type Bed } from './harness.js';

const COMMANDS: Array<[string, string[]]> = [
  ['apps delete', ['apps', 'delete', 'keep-app']],
  ['apps delete (by ID)', ['apps', 'rm', '1']],
  ['secrets delete', ['secrets', 'delete', 'ALPHA', 'BETA', '-a', 'keep-app']],
  ['secrets import --prune', ['secrets', 'import', 'only-alpha.env', '--prune', '-a', 'keep-app']],
  ['keys regenerate', ['keys', 'regenerate', '--both', '-a', 'keep-app']],
  ['keys rotate', ['keys', 'rotate', '-a', 'keep-app']],
  ['members remove', ['members', 'remove', 'grace']],
];

describe('destructive commands without a terminal and without --yes', () => {
  let b: Bed;
  /** The emulator's state without its clock reading. */
  const state = () => {
    const { now: _now, ...rest } = b.emu.snapshot() as Record<string, unknown>;
    return rest;
  };
  let before: unknown;
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'keep-app', region: 'us-east-1' });
    await b.call('POST', '/v1/apps/1/secrets', { name: 'ALPHA', value: 'a-value' });
    await b.call('POST', '/v1/apps/1/secrets', { name: 'BETA', value: 'b-value' });
    writeFileSync(join(b.home, 'only-alpha.env'), 'ALPHA=a-value\n');
    before = state();
  });
  afterAll(() => b.close());

  it.each(COMMANDS)('%s exits 9 at once, names --yes, and sends nothing that changes state', async (_name, args) => {
    const from = b.emu.requests().length;
    const r = await b.run(args);
    expect(r.code, r.stderr).toBe(9);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: .*(stdin is not a terminal)/m);
    expect(r.stderr).toMatch(/^hint: .*--yes/m);
    expect(mutations(b.emu, from)).toEqual([]);
    expect(state()).toEqual(before);
  });

  it.each(COMMANDS)('%s with --json: the error object has code input_required', async (_name, args) => {
    const from = b.emu.requests().length;
    const r = await b.run([...args, '--json']);
    expect(r.code).toBe(9);
    expect(r.stdout).toBe('');
    expect(jsonError(r.stderr)).toMatchObject({ status: null, code: 'input_required', hint: expect.stringContaining('--yes') });
    expect(mutations(b.emu, from)).toEqual([]);
  });

  it('--no-input refuses the same way even with a terminal-less stdin that carries data', async () => {
    const r = await b.run(['apps', 'delete', 'keep-app', '--no-input'], { stdin: 'y\n' });
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(/--no-input/);
    expect(state()).toEqual(before);
  });
});
