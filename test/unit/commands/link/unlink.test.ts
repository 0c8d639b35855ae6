import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/link/unlink.js';
import { testContext } from '../../../helpers/context.js';
import { tempDir, writeLinkFile } from './tmp.js';

describe('unlink', () => {
  it('takes no arguments', () => {
    expect(parse({ args: [], opts: {}, env: {} })).toEqual({});
  });

  it('removes the link file and the then-empty .spice directory', async () => {
    const cwd = tempDir();
    const file = writeLinkFile(cwd, { app_id: 1, app_name: 'sales-data' });
    const t = await testContext({ cwd });
    await run({}, t.ctx);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(cwd, '.spice'))).toBe(false);
    expect(t.io.err()).toContain(`Unlinked ${cwd}`);
    t.done();
  });

  it('keeps other files in .spice', async () => {
    const cwd = tempDir();
    writeLinkFile(cwd, { app_id: 1, app_name: 'sales-data' });
    writeFileSync(join(cwd, '.spice', 'other.json'), '{}');
    const t = await testContext({ cwd });
    await run({}, t.ctx);
    expect(existsSync(join(cwd, '.spice', 'other.json'))).toBe(true);
  });

  it('succeeds saying there was nothing to remove, and points at a parent link that still applies', async () => {
    const root = tempDir();
    const parentFile = writeLinkFile(root, { app_id: 1, app_name: 'sales-data' });
    const cwd = join(root, 'sub');
    mkdirSync(cwd);
    const t = await testContext({ cwd });
    await run({}, t.ctx);
    expect(existsSync(parentFile)).toBe(true);
    expect(t.io.err()).toContain('has no link file; nothing to remove');
    expect(t.io.err()).toContain(`The link at ${parentFile} (app sales-data) still applies here`);
  });

  it('prints a JSON object under --json', async () => {
    const cwd = tempDir();
    writeLinkFile(cwd, { app_id: 1, app_name: 'sales-data' });
    const t = await testContext({ cwd, globals: { json: true } });
    await run({}, t.ctx);
    expect(JSON.parse(t.io.out())).toEqual({ removed: true, path: join(cwd, '.spice', 'cloud.json'), still_linked: null });
  });
});
