/**
 * Tokens off the disk: against a real Secret Service (gnome-keyring under
 * dbus-run-session; .ci/run installs it), `auth login` stores the token in the keychain
 * and not in config.json, `auth status` names the storage, commands use the token, and
 * `auth logout` removes it. Without a keychain (no session bus) the token goes to the
 * 0600 file with one warning, shown once. Skipped where gnome-keyring is not installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, BIN, type Bed } from '../e2e/harness.js';

const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const secretService = has('gnome-keyring-daemon') && has('dbus-run-session');

let b: Bed;
beforeAll(async () => {
  b = await bed();
});
afterAll(async () => b?.close());

/** Runs CLI commands one after another inside a fresh D-Bus session with an unlocked gnome-keyring; returns each result. */
async function inKeyringSession(runs: Array<{ args: string[]; stdin?: string }>, home: string) {
  const dir = mkdtempSync(join(tmpdir(), 'spice-keyring-'));
  // The daemon in the foreground (its PID known, stopped at the end), unlocked with a throwaway password (creates the login collection).
  const lines = [
    'set -u',
    'gnome-keyring-daemon --foreground --unlock --components=secrets <<< "throwaway" >/dev/null 2>&1 & daemon=$!',
    'sleep 1',
  ];
  runs.forEach((r, i) => {
    if (r.stdin !== undefined) writeFileSync(join(dir, `in${i}`), r.stdin);
    const args = r.args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    lines.push(`"${process.execPath}" "${BIN}" ${args} < ${r.stdin !== undefined ? `"${dir}/in${i}"` : '/dev/null'} > "${dir}/out${i}" 2> "${dir}/err${i}"; echo $? > "${dir}/code${i}"`);
  });
  // Stop what this session started: the keyring daemon, then the session bus itself
  // (dbus-run-session otherwise waits on services the bus activated).
  lines.push(
    'kill $daemon 2>/dev/null; wait 2>/dev/null',
    'bus=$(timeout 2 gdbus call --session -d org.freedesktop.DBus -o /org/freedesktop/DBus -m org.freedesktop.DBus.GetConnectionUnixProcessID org.freedesktop.DBus 2>/dev/null | tr -dc 0-9)',
    '[ -n "$bus" ] && kill "$bus" 2>/dev/null; true',
  );
  writeFileSync(join(dir, 'run.sh'), lines.join('\n'));
  // Asynchronously: the emulator answering the CLI runs in this process.
  await new Promise<void>((resolve) => {
    const child = spawn('dbus-run-session', ['--', 'bash', join(dir, 'run.sh')], {
      env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), SPICE_API_URL: b.emu.url, LANG: 'C.UTF-8' },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return runs.map((_, i) => ({
    code: Number(readFileSync(join(dir, `code${i}`), 'utf8')),
    stdout: readFileSync(join(dir, `out${i}`), 'utf8'),
    stderr: readFileSync(join(dir, `err${i}`), 'utf8'),
  }));
}

describe('the token in the OS keychain', () => {
  it.skipIf(!secretService)('login stores it in the Secret Service, not the file; status names it; commands use it; logout removes it', async () => {
    const home = mkdtempSync(join(tmpdir(), 'spice-keyring-home-'));
    const [login, status, list, logout, after] = await inKeyringSession(
      [
        { args: ['auth', 'login', '--with-token'], stdin: b.emu.token },
        { args: ['auth', 'status', '--json'] },
        { args: ['apps', 'list', '--json'] },
        { args: ['auth', 'logout'] },
        { args: ['auth', 'status', '--json'] },
      ],
      home,
    );
    expect(login!.code, login!.stderr).toBe(0);
    expect(login!.stderr).toMatch(/saved in the OS keychain \(Secret Service\)/);
    expect(login!.stderr).not.toMatch(/warning/);
    const config = readFileSync(join(home, 'config', 'spice-cloud', 'config.json'), 'utf8');
    expect(config).not.toContain(b.emu.token);
    expect(status!.code, status!.stderr).toBe(0);
    expect(JSON.parse(status!.stdout)).toMatchObject({ source: 'store', token_storage: 'keychain', valid: true });
    expect(list!.code, list!.stderr).toBe(0);
    expect(logout!.code, logout!.stderr).toBe(0);
    expect(logout!.stderr).toMatch(/from the OS keychain/);
    expect(JSON.parse(after!.stdout)).toMatchObject({ source: 'none' });
  }, 120_000);

  it('with no keychain (no session bus): the 0600 file, one warning shown once; status says file; --insecure-storage chooses the file', async () => {
    const env = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    const first = await b.run(['auth', 'login', '--with-token'], { stdin: b.emu.token, env: { ...env, SPICE_API_TOKEN: undefined } });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/^warning: no OS keychain available \(.*\): the token is stored in .*config\.json \(mode 0600\) instead$/m);
    const second = await b.run(['auth', 'login', '--with-token'], { stdin: b.emu.token, env: { ...env, SPICE_API_TOKEN: undefined } });
    expect(second.code).toBe(0);
    expect(second.stderr).not.toMatch(/warning/);
    const status = await b.run(['auth', 'status', '--json'], { env: { ...env, SPICE_API_TOKEN: undefined } });
    expect(JSON.parse(status.stdout)).toMatchObject({ token_storage: 'file' });
    const human = await b.run(['auth', 'status'], { env: { ...env, SPICE_API_TOKEN: undefined } });
    expect(human.stdout).toMatch(/Token storage\s+file \(.*config\.json\)/);
    const insecure = await b.run(['auth', 'login', '--with-token', '--insecure-storage'], { stdin: b.emu.token, env: { SPICE_API_TOKEN: undefined } });
    expect(insecure.stderr).toMatch(/saved in .*config\.json \(readable only by you\)/);
  }, 60_000);

  it('doctor reports keychain availability', async () => {
    const r = await b.run(['doctor', '--json'], { env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' } });
    const check = (JSON.parse(r.stdout) as { checks: Array<{ name: string; status: string; detail: string }> }).checks.find((c) => c.name === 'keychain');
    expect(check).toMatchObject({ status: 'warn' });
    expect(check!.detail).toMatch(/no Secret Service available/);
  });
});
