import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { parse, run, type ImportOptions } from '../../../../src/commands/secrets/import.js';
import { ExitCode, InputRequiredError, InterruptedError, SilentExit, UsageError } from '../../../../src/errors.js';
import type { Api } from '../../../../src/api/resources.js';
import { failure, instantClock, json, type TestContext, testContext, type TestContextOptions } from '../../../helpers/context.js';
import { upsert } from './fixtures.js';

const APP = { text: '7', id: 7 };
const EXISTING = { secrets: [{ id: 1, name: 'B', value: '********' }, { id: 2, name: 'STALE', value: '********' }] };
const opts = (o: Partial<ImportOptions> = {}): ImportOptions => ({ app: APP, source: '.env', dryRun: false, prune: false, yes: false, concurrency: 8, ...o });

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'secrets-import-'));
  await writeFile(join(dir, '.env'), '# app secrets\nA=alpha-value\nexport B="bravo\\nvalue" # comment\n');
});

async function ctxFor(o: TestContextOptions = {}): Promise<TestContext> {
  return testContext({ cwd: dir, ...o });
}

function listed(t: TestContext, body: object = EXISTING): void {
  t.api.intercept({ path: '/v1/apps/7/secrets?limit=100', method: 'GET' }).reply(200, body, json);
}

describe('secrets import parse', () => {
  it('reads the flags with a default concurrency of 8', () => {
    expect(parse({ args: ['.env'], opts: { app: '7', dryRun: true, prune: true, yes: true }, env: {} })).toEqual(opts({ dryRun: true, prune: true, yes: true }));
    expect(parse({ args: ['-'], opts: { concurrency: '32' }, env: { SPICE_APP: '7' } })).toMatchObject({ source: '-', concurrency: 32, app: APP });
  });

  it.each([['0'], ['33'], ['two'], ['1.5']])('rejects --concurrency %s', (c) => {
    expect(() => parse({ args: ['.env'], opts: { concurrency: c }, env: {} })).toThrow(/--concurrency/);
  });

  it('requires a file argument', () => {
    expect(() => parse({ args: [''], opts: {}, env: {} })).toThrow(UsageError);
  });
});

describe('secrets import run', () => {
  it('creates new names and updates existing ones, with progress and a summary on a terminal', async () => {
    const t = await ctxFor({ tty: true });
    listed(t);
    const a = upsert(t, 'A');
    const b = upsert(t, 'B');
    await run(opts(), t.ctx);
    expect(a.value).toBe('alpha-value');
    expect(b.value).toBe('bravo\nvalue');
    expect(t.io.err()).toContain('Importing 2 secrets to app 7');
    expect(t.io.err()).toContain('2 of 2 done');
    expect(t.io.err()).toContain('✓ Imported 2 secrets to app 7 (1 created, 1 updated)');
    expect(t.io.out()).toBe('');
    t.done();
  });

  it('prints no progress lines when stderr is not a terminal', async () => {
    const t = await ctxFor();
    listed(t);
    upsert(t, 'A');
    upsert(t, 'B');
    await run(opts(), t.ctx);
    expect(t.io.err()).toBe('Imported 2 secrets to app 7 (1 created, 1 updated)\n');
    t.done();
  });

  it('prints per-name results as JSON', async () => {
    const t = await ctxFor({ globals: { json: true } });
    listed(t);
    upsert(t, 'A');
    upsert(t, 'B');
    await run(opts(), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual([
      { name: 'A', action: 'create', ok: true },
      { name: 'B', action: 'update', ok: true },
    ]);
    t.done();
  });

  it('reads a JSON object from stdin with -', async () => {
    const t = await ctxFor({ stdin: '{"A": "from-json"}' });
    listed(t, { secrets: [] });
    const a = upsert(t, 'A');
    await run(opts({ source: '-' }), t.ctx);
    expect(a.value).toBe('from-json');
    t.done();
  });

  it('detects JSON by the .json extension', async () => {
    await writeFile(join(dir, 'secrets.json'), 'A=not-json');
    const t = await ctxFor();
    const e = await failure(run(opts({ source: 'secrets.json' }), t.ctx));
    expect(e.message).toMatch(/^secrets\.json is not valid JSON/);
  });

  it('refuses - when stdin is a terminal instead of waiting for it', async () => {
    const t = await ctxFor({ tty: true });
    const e = await failure(run(opts({ source: '-' }), t.ctx));
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.hint).toMatch(/< \.env/);
  });
});

describe('secrets import: bad files are refused before any request', () => {
  it.each([
    ['a malformed line', 'A=1\nB=2\noops\n', '.env: line 3: expected NAME=value'],
    ['a duplicate name', 'A=1\nA=2\n', '.env: line 2: A is defined twice (first on line 1)'],
    ['an invalid name', 'A=1\n../x=2\n', '.env: line 2: invalid secret name'],
    ['an empty value', 'A=\n', '.env: line 1: A has an empty value'],
    ['no secrets at all', '# empty\n', '.env defines no secrets'],
  ])('%s', async (_, content, message) => {
    await writeFile(join(dir, '.env'), content);
    const t = await ctxFor();
    const e = await failure(run(opts({ prune: true, yes: true }), t.ctx));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toContain(message);
    t.done();
  });

  it('refuses binary files, files over 1 MiB and missing files with exit 2', async () => {
    await writeFile(join(dir, 'bin'), Buffer.from([0x41, 0x3d, 0x31, 0x00]));
    await writeFile(join(dir, 'big'), `A=${'x'.repeat(1024 * 1024)}`);
    const t = await ctxFor();
    expect((await failure(run(opts({ source: 'bin' }), t.ctx))).message).toBe('bin looks like a binary file (it contains NUL bytes)');
    expect((await failure(run(opts({ source: 'big' }), t.ctx))).message).toBe('big is larger than 1 MiB');
    expect((await failure(run(opts({ source: 'nope' }), t.ctx))).exitCode).toBe(ExitCode.usage);
  });
});

describe('secrets import --dry-run', () => {
  it('lists create/update per name as TSV when piped and changes nothing', async () => {
    const t = await ctxFor();
    listed(t);
    await run(opts({ dryRun: true }), t.ctx);
    expect(t.io.out()).toBe('A\tcreate\nB\tupdate\n');
    expect(t.io.err()).toBe('Dry run: would create 1, update 1 on app 7; nothing was changed.\n');
    t.done();
  });

  it('adds deletes with --prune, needs no confirmation, and prints names and actions only as JSON', async () => {
    const t = await ctxFor({ globals: { json: true } });
    listed(t);
    await run(opts({ dryRun: true, prune: true }), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual([
      { name: 'A', action: 'create' },
      { name: 'B', action: 'update' },
      { name: 'STALE', action: 'delete' },
    ]);
    expect(t.io.out() + t.io.err()).not.toMatch(/alpha-value|bravo/);
    t.done();
  });

  it('prints a table with headers on a terminal', async () => {
    const t = await ctxFor({ tty: true });
    listed(t);
    await run(opts({ dryRun: true }), t.ctx);
    expect(t.io.out()).toMatch(/^NAME\s+ACTION\nA\s+create\nB\s+update\n$/);
  });
});

describe('secrets import --prune', () => {
  it('deletes secrets absent from the file after the upserts, with --yes', async () => {
    const t = await ctxFor({ globals: { json: true } });
    listed(t);
    upsert(t, 'A');
    upsert(t, 'B');
    t.api.intercept({ path: '/v1/apps/7/secrets/STALE', method: 'DELETE' }).reply(204, '');
    await run(opts({ prune: true, yes: true }), t.ctx);
    expect(JSON.parse(t.io.out())).toContainEqual({ name: 'STALE', action: 'delete', ok: true });
    expect(t.io.err()).toContain('(1 created, 1 updated, 1 deleted)');
    t.done();
  });

  it('exits 9 without --yes when not on a terminal, before any request', async () => {
    const t = await ctxFor();
    const e = await failure(run(opts({ prune: true }), t.ctx));
    expect(e).toBeInstanceOf(InputRequiredError);
    expect(e.hint).toMatch(/--yes/);
    t.done();
  });

  it('asks on a terminal, naming what would be deleted, and changes nothing when both questions are declined', async () => {
    const t = await ctxFor({ tty: true, prompts: [false, false] });
    listed(t);
    const e = await failure(run(opts({ prune: true }), t.ctx));
    expect(t.prompter.asked).toEqual(['Delete 1 secret of app 7 that .env does not name (STALE)? This cannot be undone.', 'Import the secrets of .env without deleting any?']);
    expect(e.message).toBe('Nothing was changed.');
    expect(e.exitCode).toBe(10);
    t.done();
  });

  it('does not ask when nothing would be deleted', async () => {
    const t = await ctxFor({ tty: true });
    listed(t, { secrets: [{ name: 'A' }] });
    upsert(t, 'A');
    upsert(t, 'B');
    await run(opts({ prune: true }), t.ctx);
    expect(t.prompter.asked).toEqual([]);
    t.done();
  });

  it('deletes nothing when an upsert failed', async () => {
    const t = await ctxFor({ globals: { json: true } });
    listed(t);
    upsert(t, 'A', 400, { error: 'Invalid value' });
    upsert(t, 'B');
    t.api.intercept({ path: '/v1/apps/7/secrets/STALE', method: 'DELETE' }).reply(204, '');
    const e = await failure(run(opts({ prune: true, yes: true }), t.ctx));
    expect(e.exitCode).toBe(ExitCode.error);
    expect(t.mock.pendingInterceptors().map((i) => `${i.method} ${i.path}`)).toEqual(['DELETE /v1/apps/7/secrets/STALE']);
    expect(JSON.parse(t.io.out())).toContainEqual({ name: 'STALE', action: 'delete', ok: false, error: 'skipped: not deleted because some secrets failed to set' });
    expect(t.io.err()).toContain('--prune skipped because some secrets failed to set; not deleted: STALE');
  });
});

describe('secrets import failures', () => {
  beforeEach(async () => {
    await writeFile(join(dir, '.env'), 'A=1111\nB=2222\nC=3333\n');
  });

  it('reports each failure by name, keeps the others and exits 1 with a summary', async () => {
    const t = await ctxFor();
    listed(t, { secrets: [] });
    upsert(t, 'A', 400, { error: 'Invalid secret' });
    upsert(t, 'B');
    upsert(t, 'C', 500, { error: 'Internal error' });
    const e = await failure(run(opts(), t.ctx));
    expect(e).toBeInstanceOf(SilentExit);
    expect(e.exitCode).toBe(ExitCode.error);
    expect(t.io.err()).toBe('✗ A: Invalid secret\n✗ C: Internal error\nimported 1, failed 2\n');
    t.done();
  });

  it('exits with the shared code when every failure is the same kind', async () => {
    const t = await ctxFor({ globals: { json: true } });
    listed(t, { secrets: [] });
    for (const n of ['A', 'B', 'C']) upsert(t, n, 403, { error: 'Insufficient scope. Required: secrets:write' });
    const e = await failure(run(opts(), t.ctx));
    expect(e.exitCode).toBe(ExitCode.auth);
    expect(JSON.parse(t.io.out())).toEqual(['A', 'B', 'C'].map((name) => ({ name, action: 'create', ok: false, error: 'Insufficient scope. Required: secrets:write' })));
  });

  it('leaves 429 retries to the HTTP layer, honouring Retry-After', async () => {
    const clock = instantClock();
    const t = await ctxFor({ maxRetries: 2, clock });
    listed(t, { secrets: [] });
    t.api.intercept({ path: '/v1/apps/7/secrets', method: 'POST' }).reply(429, { error: 'slow down' }, { headers: { 'content-type': 'application/json', 'retry-after': '3' } });
    for (const n of ['A', 'B', 'C']) upsert(t, n);
    await run(opts({ concurrency: 1 }), t.ctx);
    expect(clock.slept).toEqual([3000]);
    t.done();
  });

  it('stops starting upserts on Ctrl-C and names the secrets not set', async () => {
    const controller = new AbortController();
    const t = await ctxFor({ signal: controller.signal });
    listed(t, { secrets: [] });
    upsert(t, 'A');
    t.api.intercept({ path: '/v1/apps/7/secrets', method: 'POST' }).reply(200, { name: 'B' }, json).delay(300);
    setTimeout(() => controller.abort(), 60);
    const e = await failure(run(opts({ concurrency: 1 }), t.ctx));
    expect(e).toBeInstanceOf(InterruptedError);
    expect(e.exitCode).toBe(130);
    expect(e.message).toBe('interrupted: set 1 of 3 secrets; not set: B, C');
    expect(t.io.err()).not.toContain('✗');
  });
});

describe('secrets import concurrency', () => {
  it('never has more than --concurrency upserts in flight and finishes them all', async () => {
    await writeFile(join(dir, '.env'), Array.from({ length: 20 }, (_, i) => `S${i}=value-${i}`).join('\n'));
    const t = await ctxFor();
    let inFlight = 0;
    let peak = 0;
    const set: string[] = [];
    const fake = {
      secrets: {
        list: async () => [],
        set: async (_app: number, name: string) => {
          peak = Math.max(peak, ++inFlight);
          await new Promise((r) => setTimeout(r, 5));
          inFlight--;
          set.push(name);
          return { name };
        },
      },
    } as unknown as Api;
    t.ctx.api = async () => fake;
    await run(opts({ concurrency: 3 }), t.ctx);
    expect(peak).toBe(3);
    expect(set.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `S${i}`).sort());
  });
});
