/**
 * Link files the user did not write are not followed: the search stops at the
 * repository root or home, skips files that are not the user's own regular files or
 * that sit in directories others can write (saying so), and commands name the app the
 * API returns for the stored ID.
 */
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveApp } from '../../../../src/commands/shared/app.js';
import { findLink, whyUntrusted } from '../../../../src/commands/shared/link-file.js';
import { json, testContext } from '../../../helpers/context.js';
import { tempDir, writeLinkFile } from './tmp.js';

const APP = { app_id: 1, app_name: 'planted-app' };

describe('link lookup boundaries', () => {
  it('stops at the repository root: a link file above it is not used', async () => {
    const root = tempDir();
    writeLinkFile(root, APP);
    const repo = join(root, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    const deep = join(repo, 'src', 'deep');
    mkdirSync(deep, { recursive: true });
    expect(await findLink(deep, { home: '/nonexistent-home' })).toBeUndefined();
    writeLinkFile(repo, { app_id: 2, app_name: 'repo-app' });
    expect((await findLink(deep, { home: '/nonexistent-home' }))?.data.app_id).toBe(2);
  });

  it('stops at the home directory', async () => {
    const root = tempDir();
    writeLinkFile(root, APP);
    const home = join(root, 'home');
    mkdirSync(join(home, 'project'), { recursive: true });
    expect(await findLink(join(home, 'project'), { home })).toBeUndefined();
  });
});

describe('untrusted link files are ignored, with the reason', () => {
  it('inside a world-writable directory (like /tmp)', async () => {
    const shared = tempDir();
    chmodSync(shared, 0o777);
    writeLinkFile(shared, APP);
    const mine = join(shared, 'me');
    mkdirSync(mine);
    const ignored: string[] = [];
    expect(await findLink(mine, { home: '/nonexistent-home', onIgnored: (p, why) => ignored.push(`${p}: ${why}`) })).toBeUndefined();
    expect(ignored).toEqual([`${join(shared, '.spice', 'cloud.json')}: ${shared} is writable by every user`]);
  });

  it('owned by another user, a symlink, or a FIFO', async () => {
    const dir = tempDir();
    const file = writeLinkFile(dir, APP);
    const ignored: string[] = [];
    const onIgnored = (_p: string, why: string) => ignored.push(why);
    expect(await findLink(dir, { home: dir, uid: (process.getuid?.() ?? 0) + 1, onIgnored })).toBeUndefined();
    const other = tempDir();
    mkdirSync(join(other, '.spice'));
    symlinkSync(file, join(other, '.spice', 'cloud.json'));
    expect(await findLink(other, { home: other, onIgnored })).toBeUndefined();
    expect(ignored[0]).toMatch(/belongs to another user/);
    expect(ignored[1]).toBe('it is a symbolic link');
  });

  it('a FIFO as the link file is skipped without blocking', async () => {
    const { execFileSync } = await import('node:child_process');
    const dir = tempDir();
    mkdirSync(join(dir, '.spice'));
    execFileSync('mkfifo', [join(dir, '.spice', 'cloud.json')]);
    const ignored: string[] = [];
    expect(await findLink(dir, { home: dir, onIgnored: (_p, why) => ignored.push(why) })).toBeUndefined();
    expect(ignored).toEqual(['it is not a regular file']);
  });

  it('commands say so on stderr', async () => {
    const shared = tempDir();
    chmodSync(shared, 0o777);
    writeLinkFile(shared, APP);
    const t = await testContext({ cwd: shared, env: { HOME: shared } });
    await expect(resolveApp(t.ctx, undefined)).rejects.toThrow(/no app given/);
    expect(t.io.err()).toMatch(/^warning: ignoring .*cloud\.json: .* is writable by every user$/m);
    expect(whyUntrusted).toBeTypeOf('function');
  });
});

describe('the app named is the one the API returns', () => {
  it('warns when the file names another app than the API has under that ID', async () => {
    const dir = tempDir();
    writeLinkFile(dir, { app_id: 7, app_name: 'staging-app' });
    writeFileSync(join(dir, 'x'), '');
    const t = await testContext({ cwd: dir, env: { HOME: dir } });
    t.api.intercept({ path: '/v1/apps/7', method: 'GET' }).reply(200, { id: 7, name: 'production-app' }, json);
    expect(await resolveApp(t.ctx, undefined)).toMatchObject({ id: 7, name: 'production-app' });
    expect(t.io.err()).toMatch(/names the app "staging-app", but app 7 is "production-app"; using app 7 \("production-app"\)/);
  });
});
