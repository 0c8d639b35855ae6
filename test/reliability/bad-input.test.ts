/**
 * The bad-input corpus (bad-input.corpus.ts): each case exits 2 with one line naming the
 * input and the rule (plus at most one hint), prints nothing on stdout, and sends
 * nothing (its emulator's request log is cleared before and empty after). Four
 * emulators, one per worker, so the cases run four at a time. Then: user input that is
 * allowed reaches only the route it names, because path segments are percent-encoded.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, type Bed } from '../e2e/harness.js';
import { HttpClient } from '../../src/api/http.js';
import { Api } from '../../src/api/resources.js';
import { systemClock } from '../../src/context.js';
import { Redactor } from '../../src/output/mask.js';
import { CASES, FIXTURES, type Stdin } from './bad-input.corpus.js';
import { clearLog, errorShapeProblems, figure, log, median, pool, seedApp, show, spawnCli } from './helpers.js';

const WORKERS = 4;
let beds: Bed[] = [];
let cwd: string;

beforeAll(async () => {
  beds = await Promise.all(Array.from({ length: WORKERS }, () => bed()));
  cwd = mkdtempSync(join(tmpdir(), 'spice-cloud-bad-input-'));
  for (const [name, make] of Object.entries(FIXTURES)) {
    mkdirSync(dirname(join(cwd, name)), { recursive: true });
    writeFileSync(join(cwd, name), make());
  }
});
afterAll(async () => {
  await Promise.all(beds.map((b) => b.close()));
  if (cwd) rmSync(cwd, { recursive: true, force: true });
});

function stdinOf(s: Stdin | undefined): string | Buffer {
  if (s === undefined) return 'eof';
  if (typeof s === 'string') return s === '' ? 'eof' : s;
  if ('hex' in s) return Buffer.from(s.hex, 'hex');
  return Buffer.from(s.fill.repeat(Math.ceil(s.bytes / s.fill.length)).slice(0, s.bytes));
}

describe('bad input is refused locally', () => {
  it(`has at least 100 cases with unique names`, () => {
    expect(CASES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it(`every corpus case: exit 2, one line naming the input and the rule, nothing sent (${CASES.length} cases, ${WORKERS} at a time)`, async () => {
    const free = [...beds];
    const times: number[] = [];
    const failures = await pool(CASES, WORKERS, async (c) => {
      const b = free.pop()!;
      try {
        await clearLog(b.emu);
        const r = await spawnCli(c.args, { env: { ...b.env, ...c.env }, cwd, stdin: stdinOf(c.stdin) });
        times.push(r.ms);
        const problems = [...errorShapeProblems(r.stderr)];
        if (r.code !== 2) problems.push(`exit ${r.code}, expected 2`);
        if (r.stdout !== '') problems.push(`stdout not empty: ${JSON.stringify(r.stdout.slice(0, 200))}`);
        if (!c.says.test(r.stderr.split('\n')[0] ?? '')) problems.push(`error line does not match ${c.says}`);
        const sent = log(b.emu);
        if (sent.length > 0) problems.push(`sent ${sent.length} request(s): ${sent.join(', ')}`);
        return problems.length ? `✗ ${c.name}\n    ${problems.join('\n    ')}\n    stderr: ${JSON.stringify(r.stderr.slice(0, 300))}` : undefined;
      } finally {
        free.push(b);
      }
    });
    figure('bad-input', 'corpus', { cases: CASES.length, medianMs: median(times), totalCpuMs: times.reduce((a, x) => a + x, 0) });
    const failed = failures.filter(Boolean);
    expect(failed, `${failed.length} of ${CASES.length} cases failed:\n${failed.join('\n')}`).toEqual([]);
  }, 120_000);

  it('with --json, bad input is one JSON error line on stderr (code "usage"), for a sample of the corpus', async () => {
    const sample = CASES.filter((c, i) => i % 12 === 0 || /^unknown|^missing|^too many/.test(c.name));
    const free = [...beds];
    const failures = await pool(sample, WORKERS, async (c) => {
      const b = free.pop()!;
      try {
        const r = await spawnCli([...c.args, '--json'], { env: { ...b.env, ...c.env }, cwd, stdin: stdinOf(c.stdin) });
        const ls = r.stderr.split('\n').filter((l) => l.trim() !== '');
        let err: { code?: string; message?: string } | undefined;
        try {
          err = (JSON.parse(ls[0] ?? '') as { error?: typeof err }).error;
        } catch {
          /* reported below */
        }
        const problems: string[] = [];
        if (r.code !== 2) problems.push(`exit ${r.code}`);
        if (ls.length !== 1) problems.push(`${ls.length} lines on stderr`);
        if (err?.code !== 'usage') problems.push('the first stderr line is not a JSON error with code "usage"');
        else if (!c.says.test(err.message ?? '')) problems.push(`message does not match ${c.says}`);
        return problems.length ? `✗ ${c.name}: ${problems.join('; ')}\n    stderr: ${JSON.stringify(r.stderr.slice(0, 300))}` : undefined;
      } finally {
        free.push(b);
      }
    });
    const failed = failures.filter(Boolean);
    expect(failed, `${failed.length} of ${sample.length} cases failed:\n${failed.join('\n')}`).toEqual([]);
  }, 60_000);
});

describe('allowed input reaches only the route it names (path segments are percent-encoded)', () => {
  let b: Bed;
  let app: number;
  beforeAll(async () => {
    b = beds[0]!;
    app = await seedApp(b.emu, 'route-app', { spicepod: false });
  });

  const CASES_API: Array<{ arg: string[]; route: string }> = [
    { arg: ['api', '-X', 'DELETE', 'apps/APP/secrets/A%3FB'], route: 'DELETE /v1/apps/APP/secrets/A%3FB' },
    { arg: ['api', 'apps/APP/secrets/x%23y'], route: 'GET /v1/apps/APP/secrets/x%23y' },
    { arg: ['api', 'apps/APP%3Fname=x'], route: 'GET /v1/apps/APP%3Fname%3Dx' },
    { arg: ['api', 'apps/ünï'], route: 'GET /v1/apps/%C3%BCn%C3%AF' },
    { arg: ['api', 'apps/%2e%2e.'], route: 'GET /v1/apps/...' },
    { arg: ['api', 'apps/a;b=c'], route: 'GET /v1/apps/a%3Bb%3Dc' },
    { arg: ['api', 'apps', '-q', 'x=a&id=../members'], route: 'GET /v1/apps?x=a%26id%3D..%2Fmembers' },
  ];
  for (const c of CASES_API) {
    it(`spice-cloud ${c.arg.join(' ')} sends exactly ${c.route}`, async () => {
      await clearLog(b.emu);
      const args = c.arg.map((a) => a.replace('APP', String(app)));
      const r = await b.run(args);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      // Whatever the API answers (these routes mostly do not exist: 400/404), the request went only there.
      expect([0, 1, 3].includes(r.code ?? -1), show(r)).toBe(true);
      expect(log(b.emu).map((l) => l.replace(/ \d+$/, ''))).toEqual([c.route.replace('APP', String(app))]);
    });
  }

  it('the API layer encodes names the CLI would refuse (../members/1, a/b, %2F, .., ?, #) into one segment each', async () => {
    const http = new HttpClient({
      baseUrl: b.emu.url,
      token: async () => b.emu.token,
      userAgent: 'reliability-test',
      requestTimeoutMs: 5000,
      maxRetries: 0,
      clock: systemClock,
      redactor: new Redactor(),
    });
    const api = new Api(http);
    const names = ['../members/1', 'a/b', 'x%2Fy', '..%2F..', 'q?x=1', 'h#frag', ' spaced '];
    await clearLog(b.emu);
    for (const n of names) await api.secrets.get(app, n).catch(() => undefined);
    await api.secrets.delete(app, '../../members/2').catch(() => undefined);
    const paths = b.emu.requests().map((r) => `${r.method} ${r.path}`);
    expect(paths).toEqual([
      ...names.map((n) => `GET /v1/apps/${app}/secrets/${encodeURIComponent(n)}`),
      `DELETE /v1/apps/${app}/secrets/..%2F..%2Fmembers%2F2`,
    ]);
    // Nothing reached the members routes, and the members are unchanged.
    expect(paths.some((p) => /\/v1\/members/.test(p))).toBe(false);
    // `.` and `..` on their own are refused before sending.
    await expect(api.secrets.get(app, '..')).rejects.toThrow(/invalid path segment/);
    await expect(api.secrets.get(app, '.')).rejects.toThrow(/invalid path segment/);
  });
});
