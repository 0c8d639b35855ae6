/**
 * Prompts on a real terminal (python3 pty): hidden token and secret prompts, the region
 * picker, confirmations of destructive commands (n cancels, y proceeds), and Ctrl-C at a
 * prompt (exit 130, nothing changed).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, mutations, plain, sha256, snapshot, type Bed, type PtyStep } from './harness.js';

const ENTER = '\r';
const DOWN = '\u001b[B';
const CTRL_C = '\u0003';

describe('hidden prompts and the region picker', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'sales-data', region: 'us-east-1' });
  });
  afterAll(() => b.close());

  it('auth login asks for the token without echoing it, checks it, and stores it', async () => {
    const token = b.emu.token;
    const r = await b.pty(['auth', 'login'], [{ expect: 'API token:', send: `${token}${ENTER}` }], { env: { SPICE_API_TOKEN: undefined } });
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).not.toContain(token);
    expect(out).toMatch(/Logged in to http:\/\/127\.0\.0\.1:\d+ as profile "default" \(org emulator\)/);
    const stored = JSON.parse(readFileSync(join(b.home, 'config', 'spice-cloud', 'config.json'), 'utf8')) as { profiles: Record<string, { token?: string }> };
    expect(stored.profiles.default?.token).toBe(token);

    const status = await b.run(['auth', 'status'], { env: { SPICE_API_TOKEN: undefined } });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/^Credentials\tstored by `auth login`$/m);
    expect(status.stdout).toMatch(/^Valid\tyes$/m);
  });

  it('Ctrl-C at the token prompt exits 130 and stores nothing', async () => {
    const r = await b.pty(['auth', 'login', '--profile', 'other'], [{ expect: 'API token:', send: CTRL_C }], { env: { SPICE_API_TOKEN: undefined } });
    expect(r.code, plain(r.output)).toBe(130);
    const stored = JSON.parse(readFileSync(join(b.home, 'config', 'spice-cloud', 'config.json'), 'utf8')) as { profiles: Record<string, unknown> };
    expect(Object.keys(stored.profiles)).toEqual(['default']);
  });

  it('apps create offers the enabled regions (default first); arrow down + enter picks us-west-2', async () => {
    const r = await b.pty(
      ['apps', 'create', 'picked-app'],
      [
        { expect: 'Region', send: DOWN },
        { expect: '❯ us-west-2', send: ENTER },
      ],
    );
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/us-east-1 — US East \(N\. Virginia\) \(default\)/);
    expect(out).not.toContain('eu-west-1'); // disabled regions are not offered
    expect(out).toMatch(/Created app picked-app \(id 2\)/);
    expect(snapshot(b.emu).apps.find((a) => a.name === 'picked-app')?.region).toBe('us-west-2');
  });

  it('Ctrl-C in the region picker exits 130 and creates nothing', async () => {
    const from = b.emu.requests().length;
    const r = await b.pty(['apps', 'create', 'never-app'], [{ expect: 'Region', send: CTRL_C }]);
    expect(r.code, plain(r.output)).toBe(130);
    expect(mutations(b.emu, from)).toEqual([]);
  });

  it('secrets set asks for the value without echoing it and stores it byte for byte', async () => {
    const value = 'pa55-w0rd with spaces';
    const r = await b.pty(['secrets', 'set', 'DB_PASSWORD', '-a', 'sales-data'], [{ expect: 'Value for DB_PASSWORD', send: `${value}${ENTER}` }]);
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).not.toContain('pa55-w0rd');
    expect(out).toContain('Set secret DB_PASSWORD on app sales-data');
    expect(snapshot(b.emu).secrets).toEqual([expect.objectContaining({ name: 'DB_PASSWORD', value: sha256(value) })]);
  });

  it('Ctrl-C at the secret value prompt exits 130 and sends nothing', async () => {
    const from = b.emu.requests().length;
    const r = await b.pty(['secrets', 'set', 'OTHER', '-a', 'sales-data'], [{ expect: 'Value for OTHER', send: `half${CTRL_C}` }]);
    expect(r.code, plain(r.output)).toBe(130);
    expect(mutations(b.emu, from)).toEqual([]);
    expect(snapshot(b.emu).secrets.map((s) => s.name)).toEqual(['DB_PASSWORD']);
  });
});

/** The confirmation each destructive command shows, and what it should do on "y". */
interface Case {
  name: string;
  args: string[];
  question: string;
  /** Extra answers after the first confirmation (keys rotate asks twice). */
  more?: PtyStep[];
  /** Extra answers after declining it (secrets import --prune then offers the import alone). */
  afterNo?: PtyStep[];
  done: (b: Bed) => void;
}

// Six terminals at once: generous time limits for a loaded machine.
describe('confirmations of destructive commands on a terminal', () => {
  let b: Bed;
  /** The emulator's state without its clock reading. */
  const state = () => {
    const { now: _now, ...rest } = b.emu.snapshot() as Record<string, unknown>;
    return rest;
  };
  const keysOf = (name: string) => {
    const a = snapshot(b.emu).apps.find((x) => x.name === name)!;
    return [a.api_key, a.api_key_2];
  };
  let initialKeys: Record<string, Array<string | null>>;

  const cases: Case[] = [
    {
      name: 'apps delete',
      args: ['apps', 'delete', 'del-app'],
      question: 'Delete app del-app \\(id 1\\) and stop its deployments\\?',
      done: (bb) => expect(snapshot(bb.emu).apps.find((a) => a.name === 'del-app')?.deleted_at).not.toBeNull(),
    },
    {
      name: 'secrets delete',
      args: ['secrets', 'delete', 'GONE', '-a', 'sec-app'],
      question: 'Delete secret GONE from app sec-app\\?',
      done: (bb) => expect(snapshot(bb.emu).secrets.filter((s) => s.app_id === 2).map((s) => s.name)).toEqual(['KEEP']),
    },
    {
      name: 'secrets import --prune',
      args: ['secrets', 'import', 'keep.env', '--prune', '-a', 'imp-app'],
      question: 'Delete 1 secret of app imp-app that keep.env does not name \\(STALE\\)\\?',
      afterNo: [{ expect: 'Import the secrets of keep.env without deleting any\\?', send: `n${ENTER}` }],
      done: (bb) => expect(snapshot(bb.emu).secrets.filter((s) => s.app_id === 3).map((s) => s.name)).toEqual(['KEEP']),
    },
    {
      name: 'keys regenerate',
      args: ['keys', 'regenerate', '--secondary', '-a', 'regen-app'],
      question: 'Regenerate the secondary API key of app "regen-app"',
      done: () => {
        const [primary, secondary] = keysOf('regen-app');
        expect(primary).toBe(initialKeys['regen-app']![0]);
        expect(secondary).not.toBe(initialKeys['regen-app']![1]);
      },
    },
    {
      name: 'keys rotate',
      args: ['keys', 'rotate', '-a', 'rot-app'],
      question: 'Rotate both API keys of app "rot-app"\\?',
      more: [{ expect: 'Have all clients switched', send: `y${ENTER}` }],
      done: () => {
        const [primary, secondary] = keysOf('rot-app');
        expect(primary).not.toBe(initialKeys['rot-app']![0]);
        expect(secondary).not.toBe(initialKeys['rot-app']![1]);
      },
    },
    {
      name: 'members remove',
      args: ['members', 'remove', 'grace'],
      question: 'Remove "grace" \\(user 2\\) from the organization\\?',
      done: (bb) => expect(snapshot(bb.emu).members.map((m) => m.user_id)).toEqual([1]),
    },
  ];

  beforeAll(async () => {
    b = await bed();
    for (const name of ['del-app', 'sec-app', 'imp-app', 'regen-app', 'rot-app']) await b.call('POST', '/v1/apps', { name, region: 'us-east-1' });
    for (const [app, secret] of [[2, 'KEEP'], [2, 'GONE'], [3, 'KEEP'], [3, 'STALE']] as const) {
      await b.call('POST', `/v1/apps/${app}/secrets`, { name: secret, value: `${secret}-value` });
    }
    writeFileSync(join(b.home, 'keep.env'), 'KEEP=KEEP-value\n');
    initialKeys = Object.fromEntries(snapshot(b.emu).apps.map((a) => [a.name, [a.api_key, a.api_key_2]]));
  });
  afterAll(() => b.close());

  it('answering "n" declines each of them: exit 10, the line "Nothing was changed.", no check mark, no mutating request', async () => {
    const before = state();
    const from = b.emu.requests().length;
    const results = await Promise.all(cases.map((c) => b.pty(c.args, [{ expect: c.question, send: `n${ENTER}` }, ...(c.afterNo ?? [])], { timeoutS: 20 })));
    results.forEach((r, i) => {
      const out = plain(r.output);
      expect(r.code, `${cases[i]!.name}: ${out}`).toBe(10);
      expect(out, cases[i]!.name).toMatch(/^Nothing was changed\.$/m);
      expect(out, cases[i]!.name).not.toMatch(/error:/);
      expect(out, cases[i]!.name).not.toMatch(/✔.*No$/m);
    });
    expect(mutations(b.emu, from)).toEqual([]);
    expect(state()).toEqual(before);
  }, 60_000);

  it('Ctrl-C at each confirmation exits 130 and changes nothing', async () => {
    const before = state();
    const from = b.emu.requests().length;
    const results = await Promise.all(cases.map((c) => b.pty(c.args, [{ expect: c.question, send: CTRL_C }], { timeoutS: 20 })));
    results.forEach((r, i) => expect(r.code, `${cases[i]!.name}: ${plain(r.output)}`).toBe(130));
    expect(mutations(b.emu, from)).toEqual([]);
    expect(state()).toEqual(before);
  }, 60_000);

  it('keys rotate answered "n" at the second question stops with the secondary rotated and says how to finish', async () => {
    const r = await b.pty(['keys', 'rotate', '-a', 'rot-app'], [
      { expect: 'Rotate both API keys', send: `y${ENTER}` },
      { expect: 'Have all clients switched', send: `n${ENTER}` },
    ]);
    const out = plain(r.output);
    expect(r.code, out).toBe(1);
    expect(out).toMatch(/error: stopped: the secondary API key of app "rot-app" was regenerated; the primary key was not/);
    expect(out).toMatch(/hint: .*spice-cloud keys regenerate --primary -a rot-app/);
    const [primary, secondary] = keysOf('rot-app');
    expect(primary).toBe(initialKeys['rot-app']![0]);
    expect(secondary).not.toBe(initialKeys['rot-app']![1]);
    initialKeys['rot-app'] = [primary!, secondary!];
  });

  it('answering "y" carries each of them out', async () => {
    const results = await Promise.all(
      cases.map((c) => b.pty(c.args, [{ expect: c.question, send: `y${ENTER}` }, ...(c.more ?? [])], { timeoutS: 20 })),
    );
    results.forEach((r, i) => expect(r.code, `${cases[i]!.name}: ${plain(r.output)}`).toBe(0));
    for (const c of cases) c.done(b);
    // On a terminal the keys are shown as a masked table.
    const rotated = plain(results[4]!.output);
    expect(rotated).toMatch(/KEY\s+VALUE/);
    expect(rotated).toMatch(/primary\s+••••[0-9a-f]{4}/);
  }, 60_000);
});
