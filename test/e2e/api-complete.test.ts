/** `spice-cloud api` as gh api does it, end to end: -H, -F @file/@-, --paginate/--slurp, -i, --jq, api list. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, snapshot, type Bed } from './harness.js';

describe('api', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
    const { data } = await b.call<{ id: number }>('POST', '/v1/apps', { name: 'sales-data', region: 'us-east-1' });
    await b.call('PUT', `/v1/apps/${data.id}`, { spicepod: 'version: v1\nkind: Spicepod\nname: d\n' });
    // Instant deployments: each finishes before the next is created.
    for (let i = 1; i <= 5; i++) expect((await b.call('POST', `/v1/apps/${data.id}/deployments`, { image_tag: `v${i}` })).status).toBe(202);
  });
  afterAll(() => b.close());

  it('--paginate follows limit/offset and prints one merged array; --jq reads it', async () => {
    const r = await b.run(['api', 'apps/1/deployments', '--paginate', '-q', 'limit=2', '--jq', '[.[].id]']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([5, 4, 3, 2, 1]);
    const pages = b.emu.requests().filter((q) => q.path === '/v1/apps/1/deployments');
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  it('--slurp prints the pages', async () => {
    const r = await b.run(['api', 'apps/1/deployments', '--paginate', '--slurp', '-q', 'limit=2']);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Array<{ deployments: unknown[] }>).map((p) => p.deployments.length)).toEqual([2, 2, 1]);
  });

  it('-i prints the status and headers on stderr; stdout stays JSON', async () => {
    const r = await b.run(['api', 'apps', '-i']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^HTTP 200 OK\ncontent-type: application\/json/);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
    const missing = await b.run(['api', 'apps/999', '-i']);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/^HTTP 404 Not Found\n/);
    expect(missing.stderr).toMatch(/^error: /m);
  });

  it('-F key=@file sends the file text and -F key=@- stdin; typed fields stay typed', async () => {
    writeFileSync(join(b.home, 'desc.txt'), 'Sales, from a file\n');
    const r = await b.run(['api', '-X', 'PUT', 'apps/1', '-F', 'description=@desc.txt', '-F', 'replicas=2', '--jq', '.description']);
    expect(r.code, r.stderr).toBe(0);
    expect(snapshot(b.emu).apps[0]).toMatchObject({ description: 'Sales, from a file\n', config: expect.objectContaining({ replicas: 2 }) });
    const s = await b.run(['api', 'apps/1/secrets', '-f', 'name=DB_PASSWORD', '-F', 'value=@-'], { stdin: 'hunter2-from-stdin' });
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).not.toContain('hunter2-from-stdin');
    expect(snapshot(b.emu).secrets).toContainEqual(expect.objectContaining({ name: 'DB_PASSWORD' }));
  });

  it('-H sends a header; Authorization cannot be replaced (exit 2, nothing sent)', async () => {
    const ok = await b.run(['api', 'apps', '-H', 'X-Request-Id: e2e-123', '--verbose']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toContain('> x-request-id: e2e-123');
    const before = b.emu.requests().length;
    const bad = await b.run(['api', 'apps', '-H', 'Authorization: Bearer other']);
    expect(bad.code).toBe(2);
    expect(b.emu.requests().length).toBe(before);
  });

  it('api list prints every operation of the bundled spec; --json too', async () => {
    const r = await b.run(['api', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^GET\t\/v1\/apps\tapps:read\tList apps/m);
    const j = await b.run(['api', 'list', 'deployments', '--json']);
    const ops = JSON.parse(j.stdout) as Array<{ method: string; path: string; scope: string }>;
    expect(ops.every((o) => o.path.includes('deployments'))).toBe(true);
    expect(ops).toContainEqual(expect.objectContaining({ method: 'POST', path: '/v1/apps/{appId}/deployments', scope: 'deployments:write' }));
  });
});
