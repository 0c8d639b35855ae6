import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../../../src/commands/link/link.js';
import { ConfigError } from '../../../../src/errors.js';
import { testContext } from '../../../helpers/context.js';
import { tempDir, writeLinkFile } from './tmp.js';

const status = { status: true, app: undefined };

describe('link --status', () => {
  it('shows the nearest link up the tree, without any request', async () => {
    const root = tempDir();
    const file = writeLinkFile(root, { app_id: 1, app_name: 'sales-data', org: 'acme' });
    const cwd = join(root, 'a', 'b');
    mkdirSync(cwd, { recursive: true });
    const t = await testContext({ cwd, globals: { json: true } });
    await run(status, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({
      linked: true,
      path: file,
      app_id: 1,
      app_name: 'sales-data',
      org: 'acme',
      api_url: null,
      spice_app: null,
      effective_app: 'sales-data',
      effective_source: 'link',
    });
    t.done();
  });

  it('says SPICE_APP overrides the link', async () => {
    const cwd = tempDir();
    writeLinkFile(cwd, { app_id: 1, app_name: 'sales-data' });
    const t = await testContext({ cwd, tty: true, env: { SPICE_APP: 'web-logs' } });
    await run(status, t.ctx);
    expect(t.io.out()).toMatch(/Linked app\s+sales-data \(1\)/);
    expect(t.io.out()).toMatch(/Uses\s+web-logs \(SPICE_APP overrides the link\)/);
    expect(t.io.err()).toContain('--app flag on a command overrides both');
  });

  it('reports an unlinked directory and exits 0', async () => {
    const t = await testContext({ cwd: tempDir(), tty: false });
    await run(status, t.ctx);
    expect(t.io.out()).toContain('Link file\t\n');
    expect(t.io.err()).toContain('Not linked');
  });

  it('names a corrupt link file', async () => {
    const cwd = tempDir();
    const file = writeLinkFile(cwd, '{oops');
    const t = await testContext({ cwd });
    const err = await run(status, t.ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toContain(file);
  });
});
