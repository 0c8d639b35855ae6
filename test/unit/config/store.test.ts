import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configDir, openConfigStore } from '../../../src/config/store.js';
import { ConfigError } from '../../../src/errors.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'spice-store-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('configDir', () => {
  it('uses SPICE_CONFIG_DIR first', () => {
    expect(configDir({ SPICE_CONFIG_DIR: '/a/b', XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe('/a/b');
  });
  it('uses $XDG_CONFIG_HOME/spice-cloud when SPICE_CONFIG_DIR is unset', () => {
    expect(configDir({ XDG_CONFIG_HOME: '/x', HOME: '/h' })).toBe(join('/x', 'spice-cloud'));
  });
  it('falls back to ~/.config/spice-cloud', () => {
    expect(configDir({ HOME: '/h' })).toBe(join('/h', '.config', 'spice-cloud'));
  });
});

describe('openConfigStore (real files)', () => {
  it('creates the directory 0700 and the file 0600 under XDG_CONFIG_HOME', async () => {
    const base = tempDir();
    const dir = configDir({ XDG_CONFIG_HOME: base });
    const store = await openConfigStore(dir);
    store.setProfile('default', { token: 'tok-0123456789abcdef' });
    expect(store.path).toBe(join(base, 'spice-cloud', 'config.json'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(store.path).mode & 0o777).toBe(0o600);
  });

  it('tightens an existing group/world-readable directory given by SPICE_CONFIG_DIR to 0700', async () => {
    const dir = join(tempDir(), 'cfg');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const store = await openConfigStore(configDir({ SPICE_CONFIG_DIR: dir }));
    store.setProfile('p', { token: 'x' });
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'config.json')).mode & 0o777).toBe(0o600);
  });

  it('answers the first read from the file read at open, and reads the file again for every read after it', async () => {
    const dir = tempDir();
    const other = await openConfigStore(dir);
    other.setProfile('default', { token: 't1' });
    const store = await openConfigStore(dir);
    other.setProfile('default', { token: 't2' }); // another process, between the open and the command's read
    expect(store.getProfile('default')).toEqual({ token: 't1' });
    expect(store.getProfile('default')).toEqual({ token: 't2' });
  });

  it('reads the file under the lock for a change, even as the first access after open: a write made since is kept', async () => {
    const dir = tempDir();
    const store = await openConfigStore(dir);
    const other = await openConfigStore(dir);
    other.setProfile('staging', { token: 't2' });
    store.setProfile('default', { token: 't1' });
    expect((await openConfigStore(dir)).profileNames().sort()).toEqual(['default', 'staging']);
  });

  it('persists profiles across opens and deletes them', async () => {
    const dir = tempDir();
    const a = await openConfigStore(dir);
    a.setProfile('default', { token: 't1', apiUrl: 'http://localhost:8090', org: 'acme' });
    a.setProfile('staging', { token: 't2' });
    const b = await openConfigStore(dir);
    expect(b.getProfile('default')).toEqual({ token: 't1', apiUrl: 'http://localhost:8090', org: 'acme' });
    expect(b.profileNames().sort()).toEqual(['default', 'staging']);
    expect(b.deleteProfile('staging')).toBe(true);
    expect(b.deleteProfile('staging')).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')).profiles).toEqual({ default: { token: 't1', apiUrl: 'http://localhost:8090', org: 'acme' } });
  });

  it('reports a corrupt config file as a ConfigError naming the file, not a stack trace', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), '{"profiles": {garbage', { mode: 0o600 });
    const err = await openConfigStore(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.message).toContain(join(dir, 'config.json'));
    expect(e.message).toMatch(/not valid JSON/);
    expect(e.message).not.toContain('\n');
    expect(e.exitCode).toBe(1);
    expect(e.hint).toMatch(/auth login/);
  });

  it('a corrupt config file is reported by line, never quoting what it holds (V8 quotes a slice of the input)', async () => {
    const dir = tempDir();
    const token = 'tok_CANARY0123456789';
    writeFileSync(join(dir, 'config.json'), `{\n  "profiles": {\n    "default": { "token": ${token} }\n  }\n}\n`, { mode: 0o600 });
    const err = (await openConfigStore(dir).catch((e: unknown) => e)) as ConfigError;
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/config\.json is not valid JSON( \(line 3\))?$/);
    for (const piece of ['CANARY', 'tok_', '0123']) expect(`${err.message} ${err.hint}`).not.toContain(piece);
  });

  it('an empty config file is an empty store; a JSON value that is not an object is reported', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), '\n', { mode: 0o600 });
    const store = await openConfigStore(dir);
    expect(store.profileNames()).toEqual([]);
    store.setProfile('default', { token: 't' });
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({ profiles: { default: { token: 't' } } });
    writeFileSync(join(dir, 'config.json'), '["not", "an", "object"]');
    await expect(openConfigStore(dir)).rejects.toThrow(/config\.json is not valid JSON \(not a JSON object\)/);
  });

  it('keeps what it does not know about, and deletes only an own profile name', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ profiles: { a: { token: 'x' } }, future: { kept: 1 } }), { mode: 0o600 });
    const store = await openConfigStore(dir);
    expect(store.deleteProfile('constructor')).toBe(false);
    store.markNoticeShown('keychain');
    expect(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'))).toEqual({ profiles: { a: { token: 'x' } }, future: { kept: 1 }, notices: { keychain: true } });
  });

  it('reports a config directory that cannot be created as a ConfigError naming it', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const err = await openConfigStore(join(file, 'sub')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(join(file, 'sub'));
  });
});

describe('the store refuses files it does not own', () => {
  const isRoot = process.getuid?.() === 0;
  const fresh = () => mkdtempSync(join(tmpdir(), 'spice-store-trust-'));

  it('refuses a config file that is a symlink, and leaves its target alone', async () => {
    const base = fresh();
    const dir = join(base, 'spice-cloud');
    mkdirSync(dir, { mode: 0o700 });
    const target = join(base, 'victim.txt');
    writeFileSync(target, 'do not touch', { mode: 0o644 });
    symlinkSync(target, join(dir, 'config.json'));
    await expect(openConfigStore(dir)).rejects.toThrow(/refusing to use the config file .*config\.json: it is a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('do not touch');
    expect(statSync(target).mode & 0o777).toBe(0o644);
  });

  it('refuses a config directory that is a symlink', async () => {
    const base = fresh();
    mkdirSync(join(base, 'real'));
    symlinkSync(join(base, 'real'), join(base, 'spice-cloud'));
    await expect(openConfigStore(join(base, 'spice-cloud'))).rejects.toThrow(/config directory .*: it is a symbolic link/);
  });

  it.skipIf(!isRoot)('refuses a config directory owned by another user (chown needs root)', async () => {
    const dir = join(fresh(), 'spice-cloud');
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, 4242, 4242);
    await expect(openConfigStore(dir)).rejects.toThrow(/belongs to another user \(uid 4242\)/);
  });

  it.skipIf(isRoot)('an unreadable config file is "permission denied", not "not valid JSON"', async () => {
    const dir = join(fresh(), 'spice-cloud');
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(join(dir, 'config.json'), '{}', { mode: 0o000 });
    await expect(openConfigStore(dir)).rejects.toThrow(/cannot read config file .*: permission denied/);
  });
});
