/**
 * The linked directory and messages that tell the truth, on a real terminal (python3 pty)
 * against the emulator: linked-app defaults, `latest`, a stale link, keys rotate with
 * --yes/--no-wait, declined confirmations (exit 10), reactivated apps, re-asked tokens,
 * taken names, prune declined, Ctrl-C while following logs, NO_COLOR, typo suggestions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen } from '../helpers/screen.js';
import { ANSI, bed, plain, runPty, snapshot, type Bed } from './harness.js';

const ENTER = '\r';
const CTRL_C = '\u0003';
const SPICEPOD = { version: 'v1', kind: 'Spicepod', name: 'sales' };

describe('a linked directory', () => {
  let b: Bed;
  let proj: string;
  beforeAll(async () => {
    b = await bed({ queuedMs: 0, runningMs: 0 });
    await b.call('POST', '/v1/apps', { name: 'sales-data', region: 'us-east-1' });
    await b.call('POST', '/v1/apps', { name: 'gone-app', region: 'us-east-1' });
    await b.call('PUT', '/v1/apps/1', { spicepod: SPICEPOD });
    await b.call('POST', '/v1/apps/1/deployments', {});
    await b.call('POST', '/v1/apps/1/deployments', {});
    proj = join(b.home, 'proj');
    mkdirSync(proj);
    expect((await b.run(['link', 'sales-data'], { cwd: proj })).code).toBe(0);
  }, 30_000);
  afterAll(() => b.close());

  it('apps get without an app uses the linked one and says which on stderr', async () => {
    const r = await b.pty(['apps', 'get'], [], { cwd: proj });
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/^Using app sales-data, linked in .*\/proj\/\.spice\/cloud\.json\.$/m);
    expect(out).toMatch(/^name +sales-data$/m);
  });

  it('apps delete without an app still confirms, naming the linked app; "n" exits 10 with "Nothing was changed."', async () => {
    const r = await b.pty(['apps', 'delete'], [{ expect: 'Delete app sales-data \\(id 1\\)', send: `n${ENTER}` }], { cwd: proj });
    const out = plain(r.output);
    expect(r.code, out).toBe(10);
    expect(out).toMatch(/^Nothing was changed\.$/m);
    expect(out).not.toMatch(/✔/);
    expect(snapshot(b.emu).apps.find((a) => a.id === 1)?.deleted_at).toBeNull();
  });

  it('deployments logs without an ID reads the latest deployment; "latest" works wherever an ID does', async () => {
    const logs = await b.pty(['deployments', 'logs'], [], { cwd: proj });
    expect(logs.code, plain(logs.output)).toBe(0);
    expect(plain(logs.output)).toMatch(/^Logs of deployment 2, the latest of app sales-data\.$/m);
    const get = await b.run(['deployments', 'get', 'latest', '--json'], { cwd: proj });
    expect(JSON.parse(get.stdout).id).toBe(2);
    const missing = await b.run(['deployments', 'get', '12'], { cwd: proj });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^error: no deployment 12 in sales-data$/m);
  });

  it('a linked app that no longer exists names the link file and how to relink', async () => {
    const other = join(b.home, 'other');
    mkdirSync(other);
    expect((await b.run(['link', 'gone-app'], { cwd: other })).code).toBe(0);
    await b.call('DELETE', '/v1/apps/2');
    const r = await b.pty(['apps', 'get'], [], { cwd: other });
    const out = plain(r.output);
    expect(r.code, out).toBe(3);
    expect(out).toMatch(/^error: app gone-app \(ID 2\), which this directory is linked to, no longer exists$/m);
    expect(out).toMatch(/^hint: The link is .*\/other\/\.spice\/cloud\.json\. Link to another app with `spice-cloud link`/m);
    expect(out).not.toContain('App with ID 2 not found');
  });

  it('deployments logs --follow stopped with Ctrl-C exits 130, the message on a line of its own', async () => {
    const slow = await bed({ queuedMs: 0, runningMs: 60_000 });
    try {
      await slow.call('POST', '/v1/apps', { name: 'slow-logs', region: 'us-east-1' });
      await slow.call('PUT', '/v1/apps/1', { spicepod: SPICEPOD });
      await slow.call('POST', '/v1/apps/1/deployments', {});
      // runPty, not the exit-code-reporting shell of b.pty: a terminal's Ctrl-C interrupts that shell too.
      const r = await runPty(['deployments', 'logs', '-a', 'slow-logs', '--follow', '--interval', '200ms'], [{ expect: 'Following deployment 1', send: CTRL_C, delay: 0.8 }], {
        env: slow.env,
        cwd: slow.home,
        timeoutS: 20,
      });
      const shown = screen(r.output);
      expect(r.code, shown.join('\n')).toBe(130);
      // Not glued to the terminal's `^C`: the line starts with the message.
      expect(shown.some((l) => /^error: stopped following: deployment 1 is still in progress on the server$/.test(l)), shown.join('\n')).toBe(true);
    } finally {
      await slow.close();
    }
  }, 30_000);
});

describe('messages that tell the truth', () => {
  let b: Bed;
  // The emulator's clock, movable: an app deleted long ago and re-created now.
  let offsetMs = 0;
  beforeAll(async () => {
    b = await bed({ now: () => Date.now() + offsetMs });
    await b.call('POST', '/v1/apps', { name: 'key-app', region: 'us-east-1' });
    await b.call('POST', '/v1/apps', { name: 'bare-app', region: 'us-east-1' });
    await b.call('POST', '/v1/apps', { name: 'imp-app', region: 'us-east-1' });
    await b.call('POST', '/v1/apps/3/secrets', { name: 'STALE', value: 'x' });
    writeFileSync(join(b.home, 'new.env'), 'FRESH=1\n');
  });
  afterAll(() => b.close());

  it('keys rotate --yes --no-wait on a terminal says clients on the old primary key stopped working, without a success mark', async () => {
    const r = await b.pty(['keys', 'rotate', '-a', 'key-app', '--yes', '--no-wait']);
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/Step 2\/3: not waiting for clients to switch to the new secondary key \(--no-wait\)/);
    expect(out).toMatch(/warning: rotated both API keys of app "key-app" without waiting: clients still on the old primary key have stopped working/);
    expect(out).not.toMatch(/✓ Rotated|Clients now use/);
  });

  it('keys regenerate says how to see the new key', async () => {
    const r = await b.run(['keys', 'regenerate', '--secondary', '-a', 'key-app', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^See the new key with `spice-cloud keys get --secondary --reveal -a key-app`\.$/m);
  });

  it('deploying an app without a spicepod names the app and the command that fixes it', async () => {
    const r = await b.pty(['deploy', '-a', 'bare-app']);
    const out = plain(r.output);
    expect(r.code, out).toBe(1);
    expect(out).toMatch(/^error: deploy bare-app failed: the app has no spicepod$/m);
    expect(out).toMatch(/^hint: Give it one with `spice-cloud apps update bare-app --spicepod spicepod\.yaml`, then deploy again\.$/m);
    expect(out).not.toMatch(/<app>|PUT|app \d/);
  });

  it('re-creating a deleted app name says it reactivated the old app', async () => {
    offsetMs = -3_600_000; // created an hour ago
    await b.call('POST', '/v1/apps', { name: 'phoenix', region: 'us-east-1' });
    await b.call('DELETE', '/v1/apps/4');
    offsetMs = 0;
    const r = await b.run(['apps', 'create', 'phoenix', '--region', 'us-east-1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Reactivated app phoenix \(id 4\): the name belonged to a deleted app, which is back with its ID, API keys and secrets/);
    expect(r.stderr).not.toMatch(/Created app/);
  });

  it('apps create with a taken name fails before the region picker', async () => {
    const r = await b.pty(['apps', 'create', 'key-app']);
    const out = plain(r.output);
    expect(r.code, out).toBe(5);
    expect(out).not.toMatch(/Region/);
    expect(out).toMatch(/^error: an app named key-app already exists \(id 1\)$/m);
  });

  it('auth login asks again after an empty token', async () => {
    const r = await b.pty(['auth', 'login'], [
      { expect: 'API token:', send: ENTER },
      { expect: 'must not be empty', send: `${b.emu.token}${ENTER}` },
    ], { env: { SPICE_API_TOKEN: undefined } });
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/Logged in/);
  });

  it('declining the prune of secrets import offers the import alone', async () => {
    const r = await b.pty(['secrets', 'import', 'new.env', '--prune', '-a', 'imp-app'], [
      { expect: 'Delete 1 secret of app imp-app', send: `n${ENTER}` },
      { expect: 'Import the secrets of new.env without deleting any\\?', send: `y${ENTER}` },
    ]);
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(snapshot(b.emu).secrets.filter((s) => s.app_id === 3).map((s) => s.name).sort()).toEqual(['FRESH', 'STALE']);
  });
});

describe('colour, suggestions and usage hints', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'sales-data', region: 'us-east-1' });
  });
  afterAll(() => b.close());

  it('an empty NO_COLOR keeps colour; a non-empty one and --no-color turn it off', async () => {
    const [empty, set, flag] = await Promise.all([
      b.pty(['apps', 'list'], [], { env: { NO_COLOR: '' } }),
      b.pty(['apps', 'list'], [], { env: { NO_COLOR: '1' } }),
      b.pty(['apps', 'list', '--no-color']),
    ]);
    expect(empty.output).toMatch(ANSI);
    expect(set.output).not.toMatch(ANSI);
    expect(flag.output).not.toMatch(ANSI);
  });

  it('a typo suggests each command once, not once per alias; usage hints name the real command', async () => {
    const typo = await b.run(['apps', 'lst']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^hint: Did you mean list\?$/m);
    const flag = await b.run(['apps', 'list', '--jsn']);
    expect(flag.stderr).not.toContain('<command>');
    const bad = await b.run(['apps', 'get', 'sales-data', 'extra']);
    expect(bad.stderr).toMatch(/^hint: Run `spice-cloud apps get --help` for the usage\.$/m);
  });

  it('help exit-codes documents the exit code of a declined confirmation', async () => {
    const r = await b.pty(['help', 'exit-codes']);
    expect(plain(r.output)).toMatch(/^10 +declined at a confirmation prompt \(nothing was changed\)$/m);
  });
});
