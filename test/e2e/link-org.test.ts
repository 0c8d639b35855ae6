/** The org recorded by `link` applies in that directory, below --org and SPICE_ORG. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, type Bed } from './harness.js';

let b: Bed;
let dir: string;

beforeAll(async () => {
  b = await bed();
  expect((await b.run(['apps', 'create', 'org-linked', '--region', 'us-east-1'])).code).toBe(0);
  dir = join(b.home, 'project');
  mkdirSync(join(dir, '.spice'), { recursive: true });
});
afterAll(() => b.close());

const link = (org: string) => writeFileSync(join(dir, '.spice', 'cloud.json'), JSON.stringify({ app_id: 1, app_name: 'org-linked', org }));

describe('linked org', () => {
  it('sends the linked org as X-Org-Name (the emulator refuses an org it does not know: exit 4)', async () => {
    link('someone-else');
    const r = await b.run(['deployments', 'list', '--json'], { cwd: dir });
    expect(r.code).toBe(4);
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { status: 403, code: 'org_forbidden' } });
  });

  it('works when the linked org is the right one', async () => {
    link('emulator');
    const r = await b.run(['deployments', 'list', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });

  it('lets SPICE_ORG and --org override the linked org', async () => {
    link('someone-else');
    expect((await b.run(['deployments', 'list', '--json'], { cwd: dir, env: { SPICE_ORG: 'emulator' } })).code).toBe(0);
    expect((await b.run(['deployments', 'list', '--json', '--org', 'emulator'], { cwd: dir })).code).toBe(0);
  });
});
