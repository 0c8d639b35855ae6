/**
 * The name → ID cache (src/config/app-ids.ts): a read addressed by a known name costs no
 * extra request; a cached ID is checked by the command's own 404; the cache is scoped by
 * API URL and org; writes never trust it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bed, type Bed } from './harness.js';

let b: Bed;
beforeEach(async () => {
  b = await bed();
});
afterEach(async () => {
  await b.close();
});

const requests = () => b.emu.requests().map((r) => `${r.method} ${r.path.split('?')[0]}`);
async function create(name: string): Promise<number> {
  const r = await b.call<{ id: number }>('POST', '/v1/apps', { name, region: 'us-east-1' });
  return r.data.id;
}
async function sent(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const before = b.emu.requests().length;
  const r = await b.run(args, { env });
  expect(r, r.stderr).toMatchObject({ code: 0 });
  return requests().slice(before);
}

describe('name → ID cache', () => {
  it('resolves a name by listing once, then sends only the command’s own request', async () => {
    const id = await create('cache-me');
    expect(await sent(['secrets', 'list', '-a', 'cache-me', '--json'])).toEqual(['GET /v1/apps', `GET /v1/apps/${id}/secrets`]);
    expect(await sent(['secrets', 'list', '-a', 'cache-me', '--json'])).toEqual([`GET /v1/apps/${id}/secrets`]);
    const file = join(b.home, 'config', 'spice-cloud', 'app-ids.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('an `apps list` teaches it every name', async () => {
    const id = await create('listed-app');
    await sent(['apps', 'list', '--json']);
    expect(await sent(['deployments', 'list', '-a', 'listed-app', '--json'])).toEqual([`GET /v1/apps/${id}/deployments`]);
  });

  it('a cached ID the API no longer knows (404) is dropped and the name resolved again', async () => {
    const old = await create('gone-app');
    await sent(['apps', 'list', '--json']);
    await b.call('DELETE', `/v1/apps/${old}`);
    const r = await b.run(['secrets', 'list', '-a', 'gone-app', '--json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('gone-app');
    expect(requests().slice(-2)).toEqual([`GET /v1/apps/${old}/secrets`, 'GET /v1/apps']);
    const file = join(b.home, 'config', 'spice-cloud', 'app-ids.json');
    expect(readFileSync(file, 'utf8')).not.toContain('gone-app');
  });

  it('`apps get` by a cached name checks the name the API returns (an app renamed since is not it)', async () => {
    const id = await create('first-name');
    await sent(['apps', 'list', '--json']);
    await b.call('PUT', `/v1/apps/${id}`, { name: 'second-name' });
    if ((await b.call<{ name: string }>('GET', `/v1/apps/${id}`)).data.name !== 'second-name') return; // this API cannot rename: nothing to check
    const r = await b.run(['apps', 'get', 'first-name', '--json']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('first-name');
  });

  it('is never trusted across organizations or API URLs', async () => {
    const id = await create('scoped-app');
    await sent(['apps', 'list', '--json']);
    expect(await sent(['secrets', 'list', '-a', 'scoped-app', '--json', '--org', 'emulator'])).toEqual(['GET /v1/apps', `GET /v1/apps/${id}/secrets`]);
    const other = b.emu.url.replace('127.0.0.1', 'localhost');
    expect(await sent(['secrets', 'list', '-a', 'scoped-app', '--json'], { SPICE_API_URL: other })).toEqual(['GET /v1/apps', `GET /v1/apps/${id}/secrets`]);
  });

  it('writes resolve the name afresh', async () => {
    const id = await create('write-app');
    await sent(['apps', 'list', '--json']);
    const before = b.emu.requests().length;
    const r = await b.run(['secrets', 'delete', 'NOPE', '-a', 'write-app', '--yes']);
    expect(r.code).not.toBe(0); // no such secret; what matters is how the app was found
    expect(requests().slice(before)[0]).toBe('GET /v1/apps');
    expect(requests().slice(before)).toContain(`DELETE /v1/apps/${id}/secrets/NOPE`);
  });

  it('a corrupt cache file is an empty cache, never an error', async () => {
    const id = await create('corrupt-cache');
    await sent(['apps', 'list', '--json']);
    const file = join(b.home, 'config', 'spice-cloud', 'app-ids.json');
    expect(existsSync(file)).toBe(true);
    (await import('node:fs')).writeFileSync(file, '{not json');
    expect(await sent(['secrets', 'list', '-a', 'corrupt-cache', '--json'])).toEqual(['GET /v1/apps', `GET /v1/apps/${id}/secrets`]);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toBeTypeOf('object');
  });
});
