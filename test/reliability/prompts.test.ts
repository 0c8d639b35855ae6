/**
 * Never hangs: every command that could prompt, run without --yes and without a
 * terminal (stdin an ended pipe, /dev/null, or no fd 0 at all), exits at once with 9
 * naming the flag to use (or proceeds where stdin itself is the input), sending nothing
 * that changes state. On a real terminal (runPty) the prompts work, hide what is typed,
 * and Ctrl-C at any of them exits 130 with nothing changed.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, plain, runPty, type Bed } from '../e2e/harness.js';
import { clearLog, figure, median, pool, seedApp, seedSecret, sha256, show, snap, spawnCli, type StdinMode } from './helpers.js';

let b: Bed;
let app: number;
let cwd: string;
beforeAll(async () => {
  b = await bed();
  app = await seedApp(b.emu, 'prompt-app');
  await seedSecret(b.emu, app, 'KEEP_ME', 'keep-this-value');
  await seedApp(b.emu, 'doomed-app');
  await seedApp(b.emu, 'ctrl-c-app');
  cwd = join(b.home, 'work');
  mkdirSync(cwd);
  writeFileSync(join(cwd, 'only-one.env'), 'ONLY_ONE=1\n');
  await clearLog(b.emu);
});
afterAll(async () => {
  await b?.close();
});

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const mutations = (filter: RegExp = /./) => b.emu.requests().filter((r) => MUTATING.has(r.method) && filter.test(r.path));

/** Commands that prompt on a terminal, and what they must do without one. */
const PROMPTING: Array<{ args: string[]; code: number; says: RegExp }> = [
  { args: ['auth', 'login'], code: 9, says: /--with-token/ },
  { args: ['apps', 'create', 'new-app-here'], code: 9, says: /--region/ },
  { args: ['apps', 'delete', 'prompt-app'], code: 9, says: /--yes/ },
  // The value's non-interactive source is stdin itself: an empty stdin is refused as such.
  { args: ['secrets', 'set', 'NEW_SECRET', '-a', 'prompt-app'], code: 2, says: /empty/ },
  { args: ['secrets', 'delete', 'KEEP_ME', '-a', 'prompt-app'], code: 9, says: /--yes/ },
  { args: ['secrets', 'import', 'only-one.env', '-a', 'prompt-app', '--prune'], code: 9, says: /--yes/ },
  { args: ['keys', 'regenerate', '-a', 'prompt-app'], code: 9, says: /--yes/ },
  { args: ['keys', 'rotate', '-a', 'prompt-app'], code: 9, says: /--yes/ },
  { args: ['members', 'remove', 'grace'], code: 9, says: /--yes/ },
  { args: ['link'], code: 9, says: /Name the app after `spice-cloud link`/ },
];

describe('without a terminal, nothing waits for input', () => {
  it('every prompting command exits within 1.5 s with 9 (or 2 for an empty stdin value), for stdin at EOF, /dev/null and closed', async () => {
    const modes: StdinMode[] = ['eof', 'devnull', 'closed'];
    const jobs = modes.flatMap((stdin) => PROMPTING.map((c) => ({ stdin, c })));
    const results = await pool(jobs, 4, async ({ stdin, c }) => ({ stdin, c, r: await spawnCli(c.args, { env: b.env, cwd, stdin, timeoutMs: 10_000 }) }));
    const problems: string[] = [];
    for (const { stdin, c, r } of results) {
      const label = `[stdin ${stdin}] spice-cloud ${c.args.join(' ')}`;
      if (r.code !== c.code) problems.push(`${label}: exit ${r.code}, expected ${c.code}\n${show(r)}`);
      if (r.ms >= 1500) problems.push(`${label}: took ${r.ms} ms`);
      if (!c.says.test(r.stderr)) problems.push(`${label}: stderr does not mention ${c.says}: ${r.stderr}`);
      if (/^\s+at /m.test(r.stderr)) problems.push(`${label}: stack trace`);
    }
    const med = Object.fromEntries(modes.map((m) => [m, median(results.filter((x) => x.stdin === m).map((x) => x.r.ms))]));
    const max = Math.max(...results.map((x) => x.r.ms));
    figure('prompts', 'non-interactive exit times (ms)', { medians: med, max, runs: results.length });
    expect(problems, problems.join('\n')).toEqual([]);
    expect(mutations().map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(snap(b.emu).secrets.map((s) => s.name)).toEqual(['KEEP_ME']);
  }, 60_000);

  it('--no-input refuses the prompt even on a terminal (exit 9)', async () => {
    const r = await runPty(['apps', 'delete', 'prompt-app', '--no-input'], [], { env: b.env, cwd });
    expect(r.timedOut).toBe(false);
    expect(r.code, plain(r.output)).toBe(9);
    expect(plain(r.output)).toMatch(/--no-input/);
    expect(mutations(/prompt-app|\/v1\/apps\/\d+$/).filter((m) => m.method === 'DELETE')).toEqual([]);
  });
});

describe.concurrent('on a terminal, prompts work and Ctrl-C at any of them changes nothing', () => {
  const env = () => b.env;

  it('auth login: the token typed at the hidden prompt is stored and never echoed', async ({ expect }) => {
    const home = join(b.home, 'login-home');
    const r = await runPty(['auth', 'login'], [{ expect: 'API token', send: `${b.emu.token}\r` }], {
      env: { ...env(), SPICE_API_TOKEN: undefined, XDG_CONFIG_HOME: home },
      cwd,
    });
    expect(r.code, plain(r.output)).toBe(0);
    expect(plain(r.output)).toMatch(/Logged in/);
    expect(r.output).not.toContain(b.emu.token);
    expect(existsSync(join(home, 'spice-cloud', 'config.json'))).toBe(true);
  });

  it('auth login: Ctrl-C at the token prompt exits 130 and stores nothing', async ({ expect }) => {
    const home = join(b.home, 'login-ctrl-c');
    const r = await runPty(['auth', 'login'], [{ expect: 'API token', send: '\u0003' }], { env: { ...env(), SPICE_API_TOKEN: undefined, XDG_CONFIG_HOME: home }, cwd });
    expect(r.code, plain(r.output)).toBe(130);
    expect(existsSync(join(home, 'spice-cloud', 'config.json'))).toBe(false);
  });

  it('apps delete: answering no keeps the app (exit 10, "Nothing was changed."); yes deletes it', async ({ expect }) => {
    const no = await runPty(['apps', 'delete', 'doomed-app'], [{ expect: 'y/N', send: 'n\r' }], { env: env(), cwd });
    expect(no.code, plain(no.output)).toBe(10);
    expect(plain(no.output)).toMatch(/^Nothing was changed\.$/m);
    expect(snap(b.emu).apps.find((a) => a.name === 'doomed-app')?.deleted_at ?? null).toBeNull();
    const yes = await runPty(['apps', 'delete', 'doomed-app'], [{ expect: 'y/N', send: 'y\r' }], { env: env(), cwd });
    expect(yes.code, plain(yes.output)).toBe(0);
    expect(mutations(/^\/v1\/apps\/\d+$/).filter((m) => m.method === 'DELETE')).toHaveLength(1);
  });

  it('apps delete: Ctrl-C at the confirmation exits 130 and deletes nothing', async ({ expect }) => {
    const r = await runPty(['apps', 'delete', 'ctrl-c-app'], [{ expect: 'y/N', send: '\u0003' }], { env: env(), cwd });
    expect(r.code, plain(r.output)).toBe(130);
    const id = snap(b.emu).apps.find((a) => a.name === 'ctrl-c-app')!.id;
    expect(mutations(new RegExp(`^/v1/apps/${id}$`)).filter((m) => m.method === 'DELETE')).toEqual([]);
    expect(snap(b.emu).apps.find((a) => a.name === 'ctrl-c-app')?.deleted_at ?? null).toBeNull();
  });

  it('apps create: the region picker takes the default with Enter, another region with ↓ Enter', async ({ expect }) => {
    const first = await runPty(['apps', 'create', 'picked-default', '--json'], [{ expect: 'Region', send: '\r' }], { env: env(), cwd });
    expect(first.code, plain(first.output)).toBe(0);
    const second = await runPty(['apps', 'create', 'picked-second', '--json'], [{ expect: 'Region', send: '\u001b[B' }, { expect: 'us-west-2', send: '\r' }], { env: env(), cwd });
    expect(second.code, plain(second.output)).toBe(0);
    const apps = snap(b.emu).apps;
    expect(apps.find((a) => a.name === 'picked-default')?.region).toBe('us-east-1');
    expect(apps.find((a) => a.name === 'picked-second')?.region).toBe('us-west-2');
  });

  it('apps create: Ctrl-C at the region picker exits 130 and creates nothing', async ({ expect }) => {
    const r = await runPty(['apps', 'create', 'never-picked'], [{ expect: 'Region', send: '\u0003' }], { env: env(), cwd });
    expect(r.code, plain(r.output)).toBe(130);
    expect(snap(b.emu).apps.some((a) => a.name === 'never-picked')).toBe(false);
  });

  it('secrets set: the value typed at the hidden prompt is stored exactly and never echoed', async ({ expect }) => {
    const value = 'typed-at-the-prompt-5f2c';
    const r = await runPty(['secrets', 'set', 'TYPED', '-a', 'prompt-app'], [{ expect: 'Value for TYPED', send: `${value}\r` }], { env: env(), cwd });
    expect(r.code, plain(r.output)).toBe(0);
    expect(r.output).not.toContain(value);
    expect(snap(b.emu).secrets.find((s) => s.name === 'TYPED')?.value).toBe(sha256(value));
  });

  it('secrets set: Ctrl-C at the value prompt exits 130 and sets nothing', async ({ expect }) => {
    const r = await runPty(['secrets', 'set', 'NEVER_TYPED', '-a', 'prompt-app'], [{ expect: 'Value for', send: 'half\u0003' }], { env: env(), cwd });
    expect(r.code, plain(r.output)).toBe(130);
    expect(snap(b.emu).secrets.some((s) => s.name === 'NEVER_TYPED')).toBe(false);
  });

  it('secrets delete and keys rotate: Ctrl-C at the confirmation exits 130, secret and keys unchanged', async ({ expect }) => {
    const keysBefore = JSON.stringify(snap(b.emu).apps.find((a) => a.name === 'prompt-app'));
    const del = await runPty(['secrets', 'delete', 'KEEP_ME', '-a', 'prompt-app'], [{ expect: 'y/N', send: '\u0003' }], { env: env(), cwd });
    expect(del.code, plain(del.output)).toBe(130);
    const rot = await runPty(['keys', 'rotate', '-a', 'prompt-app'], [{ expect: 'y/N', send: '\u0003' }], { env: env(), cwd });
    expect(rot.code, plain(rot.output)).toBe(130);
    expect(snap(b.emu).secrets.some((s) => s.name === 'KEEP_ME')).toBe(true);
    expect(mutations(/api-keys/)).toEqual([]);
    expect(JSON.stringify(snap(b.emu).apps.find((a) => a.name === 'prompt-app'))).toBe(keysBefore);
  });

  it('link: Ctrl-C at the app picker exits 130 and writes no link file', async ({ expect }) => {
    const dir = join(b.home, 'link-ctrl-c');
    mkdirSync(dir);
    const r = await runPty(['link'], [{ expect: 'Link this directory', send: '\u0003' }], { env: env(), cwd: dir });
    expect(r.code, plain(r.output)).toBe(130);
    expect(existsSync(join(dir, '.spice'))).toBe(false);
  });
});
