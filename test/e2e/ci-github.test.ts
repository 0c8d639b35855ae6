/** GitHub Actions behaviour of the built binary: ::error annotations and $GITHUB_STEP_SUMMARY. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, type Bed } from './harness.js';

describe('GitHub Actions', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
    const { data } = await b.call<{ id: number }>('POST', '/v1/apps', { name: 'ci-app', region: 'us-east-1' });
    await b.call('PUT', `/v1/apps/${data.id}`, { spicepod: 'version: v1\nkind: Spicepod\nname: d\n' });
  });
  afterAll(() => b.close());
  const GHA = { GITHUB_ACTIONS: 'true' };

  it('a failure prints one ::error annotation after the error, with the exit code in the title', async () => {
    const r = await b.run(['apps', 'get', 'no-such-app'], { env: GHA });
    expect(r.code).toBe(3);
    const annotations = r.stderr.split('\n').filter((l) => l.startsWith('::'));
    expect(annotations).toEqual([expect.stringMatching(/^::error title=spice-cloud apps get failed \(exit 3\)::no app named "no-such-app"%0A/)]);
    expect(r.stderr).toMatch(/^error: no app named "no-such-app"\n/);
    expect(r.stdout).toBe('');
  });

  it('masks secrets in the annotation', async () => {
    const r = await b.run(['api', 'apps/1/secrets/NOPE', '-H', 'X-Api-Key: super-secret-header-value'], { env: { ...GHA, SPICE_DEBUG: '' } });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^::error /m);
    expect(r.stderr).not.toContain(b.env.SPICE_API_TOKEN);
    expect(r.stderr).not.toContain('super-secret-header-value');
  });

  it('no annotation outside GitHub Actions', async () => {
    const r = await b.run(['apps', 'get', 'no-such-app']);
    expect(r.stderr).not.toContain('::error');
  });

  it('deploy --wait and secrets import append Markdown summaries to $GITHUB_STEP_SUMMARY', async () => {
    const file = join(b.home, 'step-summary.md');
    writeFileSync(file, '');
    const env = { ...GHA, GITHUB_STEP_SUMMARY: file };
    const d = await b.run(['deploy', '-a', 'ci-app', '--wait', '--image-tag', 'v7', '--interval', '50ms'], { env });
    expect(d.code, d.stderr).toBe(0);
    writeFileSync(join(b.home, 'ci.env'), 'API_TOKEN=value-that-must-not-appear\nOTHER=another-hidden-value\n');
    const s = await b.run(['secrets', 'import', 'ci.env', '-a', 'ci-app'], { env });
    expect(s.code, s.stderr).toBe(0);
    const md = readFileSync(file, 'utf8');
    expect(md).toMatch(/### ✅ spice-cloud: deployment 1 of ci-app succeeded/);
    expect(md).toContain('| Image tag | v7 |');
    expect(md).toContain('| Created | 2: API_TOKEN, OTHER |');
    expect(md).not.toContain('value-that-must-not-appear');
    expect(md).not.toContain('another-hidden-value');
  });
});
