import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFromFlagOrEnv, resolveApp } from '../../../../src/commands/shared/app.js';
import { UsageError } from '../../../../src/errors.js';
import { json, testContext } from '../../../helpers/context.js';
import { tempDir, writeLinkFile } from './tmp.js';

/** A tree: root linked to app 1, root/svc linked to app 2, root/svc/deep unlinked. */
function tree() {
  const root = tempDir();
  writeLinkFile(root, { app_id: 1, app_name: 'root-app' });
  const svc = join(root, 'svc');
  mkdirSync(svc);
  writeLinkFile(svc, { app_id: 2, app_name: 'svc-app' });
  const deep = join(svc, 'deep');
  mkdirSync(deep);
  return { root, svc, deep };
}

describe('which app a per-app command uses: --app > SPICE_APP > nearest link file', () => {
  it('uses --app over SPICE_APP and the link', async () => {
    const { deep } = tree();
    const t = await testContext({ cwd: deep, env: { SPICE_APP: '8' } });
    expect(await resolveApp(t.ctx, appFromFlagOrEnv('9', t.ctx.env))).toMatchObject({ id: 9 });
    t.done();
  });

  it('uses SPICE_APP over the link', async () => {
    const { deep } = tree();
    const t = await testContext({ cwd: deep, env: { SPICE_APP: '8' } });
    expect(await resolveApp(t.ctx, appFromFlagOrEnv(undefined, t.ctx.env))).toMatchObject({ id: 8 });
  });

  it('uses the nearest link file up the tree', async () => {
    const { root, svc, deep } = tree();
    for (const [cwd, id] of [
      [deep, 2],
      [svc, 2],
      [root, 1],
    ] as const) {
      const t = await testContext({ cwd });
      const name = id === 1 ? 'root-app' : 'svc-app';
      t.api.intercept({ path: `/v1/apps/${id}`, method: 'GET' }).reply(200, { id, name }, json);
      expect(await resolveApp(t.ctx, appFromFlagOrEnv(undefined, t.ctx.env))).toMatchObject({ id, name });
      t.done();
    }
  });

  it('fails with a usage error naming all three ways when nothing applies', async () => {
    const t = await testContext({ cwd: tempDir() });
    const err = await resolveApp(t.ctx, appFromFlagOrEnv(undefined, t.ctx.env)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).hint).toMatch(/--app.*SPICE_APP.*link/);
  });
});
