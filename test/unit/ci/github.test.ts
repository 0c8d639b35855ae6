/** GitHub Actions: workflow-command escaping, and step summaries of deploy --wait / watch / secrets import. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorAnnotation, escapeData, escapeProperty, mdCell } from '../../../src/ci/github.js';
import { run as watch, parse as parseWatch } from '../../../src/commands/deployments/watch.js';
import { run as importSecrets } from '../../../src/commands/secrets/import.js';
import { DeploymentFailedError, SilentExit, TimeoutError } from '../../../src/errors.js';
import { failure, instantClock, json, testContext } from '../../helpers/context.js';
import { upsert } from '../commands/secrets/fixtures.js';

describe('workflow commands', () => {
  it('escapes %, CR and LF in data, and also : and , in properties', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeProperty('a: b, c%')).toBe('a%3A b%2C c%25');
  });

  it('cannot be cut short or forged by a message: one line, one command', () => {
    const line = errorAnnotation('spice-cloud deploy failed (exit 6)', 'boom\n::warning::forged');
    expect(line).toBe('::error title=spice-cloud deploy failed (exit 6)::boom%0A::warning::forged\n');
    expect(line.trimEnd().split('\n')).toHaveLength(1);
  });

  it('markdown cells stay in their cell and render no HTML', () => {
    expect(mdCell('a|b\n<script>`x`')).toBe('a\\|b &lt;script&gt;\'x\'');
    expect(mdCell(undefined)).toBe('–');
  });
});

async function summaryFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gh-summary-'));
  const file = join(dir, 'summary.md');
  await writeFile(file, '# earlier step\n');
  return file;
}

const GET = { path: '/v1/apps/5/deployments/42', method: 'GET' } as const;
const dep = (status: string, extra: Record<string, unknown> = {}) => ({ id: 42, status, image_tag: 'v1.2.3', created_at: '2026-11-26T11:58:00Z', ...extra });
const watchOpts = () => parseWatch({ args: ['42'], opts: { app: '5' }, env: {} });

describe('step summary of deployments watch / deploy --wait', () => {
  it('appends id, status, duration and image tag when the deployment succeeds, keeping what was there', async () => {
    const file = await summaryFile();
    const t = await testContext({ env: { GITHUB_STEP_SUMMARY: file } });
    t.api.intercept(GET).reply(200, dep('in_progress'), json);
    t.api.intercept(GET).reply(200, dep('succeeded', { finished_at: '2026-11-26T12:00:00Z' }), json);
    await watch(watchOpts(), t.ctx);
    const md = await readFile(file, 'utf8');
    expect(md).toMatch(/^# earlier step\n### ✅ spice-cloud: deployment 42 of 5 succeeded\n/);
    expect(md).toContain('| Deployment | 42 |');
    expect(md).toContain('| Status | succeeded |');
    expect(md).toContain('| Duration | 2m |');
    expect(md).toContain('| Image tag | v1.2.3 |');
  });

  it('records a failed deployment with its error, and the command still fails (exit 6)', async () => {
    const file = await summaryFile();
    const t = await testContext({ env: { GITHUB_STEP_SUMMARY: file } });
    t.api.intercept(GET).reply(200, dep('failed', { error_code: 'insufficient_cpu', error_message: 'no CPU | left' }), json);
    const e = await failure(watch(watchOpts(), t.ctx));
    expect(e).toBeInstanceOf(DeploymentFailedError);
    const md = await readFile(file, 'utf8');
    expect(md).toContain('| Status | failed |');
    expect(md).toContain('| Error | insufficient_cpu: no CPU \\| left |');
  });

  it('records a timeout with the last status seen', async () => {
    const file = await summaryFile();
    const clock = instantClock();
    const t = await testContext({ env: { GITHUB_STEP_SUMMARY: file }, clock, globals: { timeoutMs: 5_000 } });
    t.api.intercept(GET).reply(200, dep('queued'), json).persist();
    const e = await failure(watch(watchOpts(), t.ctx));
    expect(e).toBeInstanceOf(TimeoutError);
    expect(await readFile(file, 'utf8')).toContain('| Status | timed out (still queued) |');
  });

  it('writes nothing when GITHUB_STEP_SUMMARY is not set', async () => {
    const t = await testContext();
    t.api.intercept(GET).reply(200, dep('succeeded'), json);
    await watch(watchOpts(), t.ctx);
    expect(t.ctx.summary.enabled).toBe(false);
  });
});

describe('step summary of secrets import', () => {
  it('counts created, updated and failed secrets by name, never a value', async () => {
    const file = await summaryFile();
    const dir = await mkdtemp(join(tmpdir(), 'gh-import-'));
    await writeFile(join(dir, '.env'), 'NEW_ONE=value-never-in-summary-1\nOLD_ONE=value-never-in-summary-2\nBROKEN=value-never-in-summary-3\n');
    const t = await testContext({ cwd: dir, env: { GITHUB_STEP_SUMMARY: file } });
    t.api.intercept({ path: '/v1/apps/7/secrets?limit=100', method: 'GET' }).reply(200, { secrets: [{ id: 1, name: 'OLD_ONE', value: '********' }] }, json);
    upsert(t, 'NEW_ONE');
    upsert(t, 'OLD_ONE');
    upsert(t, 'BROKEN', 400, { message: 'invalid value' });
    const e = await failure(importSecrets({ app: { text: '7', id: 7 }, source: '.env', dryRun: false, prune: false, yes: false, concurrency: 1 }, t.ctx));
    expect(e).toBeInstanceOf(SilentExit);
    const md = await readFile(file, 'utf8');
    expect(md).toContain('### ❌ spice-cloud: secrets import from .env to 7');
    expect(md).toContain('| Created | 1: NEW_ONE |');
    expect(md).toContain('| Updated | 1: OLD_ONE |');
    expect(md).toContain('| Failed | 1: BROKEN |');
    expect(md).not.toContain('value-never-in-summary');
  });
});
