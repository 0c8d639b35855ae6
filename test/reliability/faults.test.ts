/**
 * Fault tolerance of the HTTP layer, seen from the built CLI against the emulator's
 * fault injection: transient faults are retried within budget (honouring Retry-After),
 * persistent ones fail with the documented exit code and one line, a POST that may have
 * reached the server is never sent twice, and unreadable answers give a clean error.
 * Each test has its own emulator, so they run concurrently.
 */
import { afterAll, describe, it } from 'vitest';
import { bed, type Bed } from '../e2e/harness.js';
import type { FaultRule } from '../../src/emulator/index.js';
import { clearLog, errorShapeProblems, figure, hits, log, seedApp, seedSecret, sha256, show, snap } from './helpers.js';

const beds: Bed[] = [];
afterAll(async () => {
  await Promise.all(beds.map((b) => b.close()));
});

async function fresh(): Promise<{ b: Bed; app: number }> {
  const b = await bed();
  beds.push(b);
  const app = await seedApp(b.emu, 'fault-app');
  await seedSecret(b.emu, app, 'OLD_SECRET', 'old-value-1234');
  await clearLog(b.emu);
  return { b, app };
}

const FIG = 'faults';

/** The three idempotent operations under test: one CLI command each, the route it uses, and a check of the end state. */
const OPS = {
  GET: {
    args: (app: number) => ['apps', 'get', String(app), '--json'],
    rule: { method: 'GET', path: '/v1/apps/*' },
    route: /^\/v1\/apps\/\d+$/,
    check: (b: Bed, r: { stdout: string }) => (JSON.parse(r.stdout) as { name: string }).name === 'fault-app',
  },
  PUT: {
    args: (app: number) => ['apps', 'update', String(app), '--description', 'after the fault'],
    rule: { method: 'PUT', path: '/v1/apps/*' },
    route: /^\/v1\/apps\/\d+$/,
    check: (b: Bed) => snap(b.emu).apps[0]?.description === 'after the fault',
  },
  DELETE: {
    args: (app: number) => ['secrets', 'delete', 'OLD_SECRET', '-a', String(app), '--yes'],
    rule: { method: 'DELETE', path: '/v1/apps/*/secrets/*' },
    route: /^\/v1\/apps\/\d+\/secrets\/OLD_SECRET$/,
    check: (b: Bed) => snap(b.emu).secrets.length === 0,
  },
} as const;

const TRANSIENT: Array<{ label: string; fault: Omit<FaultRule, 'method' | 'path'>; failures: number; minMs?: number }> = [
  { label: '500 twice', fault: { action: 'status', status: 500, count: 2 }, failures: 2 },
  { label: '502 twice', fault: { action: 'status', status: 502, count: 2 }, failures: 2 },
  { label: '503 twice', fault: { action: 'status', status: 503, count: 2 }, failures: 2 },
  { label: 'a dropped connection twice', fault: { action: 'drop', count: 2 }, failures: 2 },
  { label: '429 with Retry-After: 1', fault: { action: 'status', status: 429, retryAfter: 1, count: 1 }, failures: 1, minMs: 1000 },
];

describe.concurrent('transient faults are retried within the budget', () => {
  for (const [method, op] of Object.entries(OPS)) {
    for (const t of TRANSIENT) {
      it(`${method} succeeds after ${t.label}${t.minMs ? ', waiting as long as Retry-After says' : ''}`, async ({ expect }) => {
        const { b, app } = await fresh();
        b.emu.addFault({ ...op.rule, ...t.fault } as FaultRule);
        const r = await b.run(op.args(app));
        expect(r.code, show(r)).toBe(0);
        const attempts = hits(b.emu, method, op.route);
        expect(attempts.map((a) => a.status).slice(-1)[0], log(b.emu).join('\n')).toBeGreaterThanOrEqual(200);
        expect(attempts.length, log(b.emu).join('\n')).toBe(t.failures + 1);
        expect(op.check(b, r)).toBe(true);
        if (t.minMs) {
          expect(r.ms).toBeGreaterThanOrEqual(t.minMs);
          // Measured on the server: the retry arrived at least Retry-After after the 429.
          expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(t.minMs - 5);
        }
        figure(FIG, `transient ${method} ${t.label}`, { attempts: attempts.length, ms: r.ms });
      });
    }
  }

  it('GET honours Retry-After on a 503 too (2 s asked, ≥ 2 s waited)', async ({ expect }) => {
    const { b } = await fresh();
    b.emu.addFault({ method: 'GET', path: '/v1/apps', action: 'status', status: 503, retryAfter: 2, count: 1 });
    const r = await b.run(['apps', 'list']);
    expect(r.code, show(r)).toBe(0);
    const a = hits(b.emu, 'GET', /^\/v1\/apps(\?|$)/);
    expect(a).toHaveLength(2);
    expect(a[1]!.at - a[0]!.at).toBeGreaterThanOrEqual(1995);
    figure(FIG, 'transient GET 503 Retry-After 2', { attempts: a.length, ms: r.ms });
  });
});

describe.concurrent('persistent faults fail within the budget with the documented exit code and one line', () => {
  it('persistent 503 on GET: exit 1 after 5 attempts (1 + 4 retries) with capped backoff', async ({ expect }) => {
    const { b } = await fresh();
    b.emu.addFault({ method: 'GET', path: '/v1/apps', action: 'status', status: 503 });
    const r = await b.run(['apps', 'list']);
    expect(r.code, show(r)).toBe(1);
    expect(errorShapeProblems(r.stderr), r.stderr).toEqual([]);
    expect(r.stderr).toMatch(/^error: list apps failed: .*Service Unavailable/);
    expect(hits(b.emu, 'GET', /^\/v1\/apps(\?|$)/)).toHaveLength(5);
    expect(r.ms).toBeLessThan(7000);
    figure(FIG, 'persistent GET 503 (default budget)', { attempts: 5, ms: r.ms, exit: r.code });
  });

  it('persistent 500 on DELETE: exit 1, and nothing deleted', async ({ expect }) => {
    const { b, app } = await fresh();
    b.emu.addFault({ method: 'DELETE', action: 'status', status: 500 });
    const r = await b.run(['secrets', 'delete', 'OLD_SECRET', '-a', String(app), '--yes']);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).toMatch(/OLD_SECRET/);
    expect(snap(b.emu).secrets).toHaveLength(1);
    figure(FIG, 'persistent DELETE 500', { attempts: hits(b.emu, 'DELETE', /secrets/).length, ms: r.ms, exit: r.code });
  });

  it('persistent dropped connections on PUT: exit 1 naming the lost connection', async ({ expect }) => {
    const { b, app } = await fresh();
    b.emu.addFault({ method: 'PUT', action: 'drop' });
    const r = await b.run(['apps', 'update', String(app), '--description', 'never']);
    expect(r.code, show(r)).toBe(1);
    expect(errorShapeProblems(r.stderr), r.stderr).toEqual([]);
    expect(r.stderr).toMatch(/connection was closed/);
    expect(hits(b.emu, 'PUT', /^\/v1\/apps\/\d+$/)).toHaveLength(5);
    figure(FIG, 'persistent PUT drop', { attempts: 5, ms: r.ms, exit: r.code });
  });

  it('persistent 429 without Retry-After: exit 8 (rate-limited) after 5 attempts', async ({ expect }) => {
    const { b } = await fresh();
    b.emu.addFault({ method: 'GET', path: '/v1/apps', action: 'status', status: 429 });
    const r = await b.run(['apps', 'list']);
    expect(r.code, show(r)).toBe(8);
    expect(errorShapeProblems(r.stderr), r.stderr).toEqual([]);
    expect(hits(b.emu, 'GET', /^\/v1\/apps(\?|$)/)).toHaveLength(5);
    figure(FIG, 'persistent GET 429 no Retry-After', { attempts: 5, ms: r.ms, exit: r.code });
  });

  it('persistent 429 with Retry-After: 1 and --timeout 3s: exit 8 within the budget, each wait ≥ 1 s', async ({ expect }) => {
    const { b } = await fresh();
    b.emu.addFault({ method: 'GET', path: '/v1/apps', action: 'status', status: 429, retryAfter: 1 });
    const r = await b.run(['apps', 'list', '--timeout', '3s']);
    expect(r.code, show(r)).toBe(8);
    expect(errorShapeProblems(r.stderr), r.stderr).toEqual([]);
    const a = hits(b.emu, 'GET', /^\/v1\/apps(\?|$)/);
    expect(a.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < a.length; i++) expect(a[i]!.at - a[i - 1]!.at).toBeGreaterThanOrEqual(995);
    expect(r.ms).toBeLessThan(3500);
    figure(FIG, 'persistent GET 429 Retry-After 1, --timeout 3s', { attempts: a.length, ms: r.ms, exit: r.code });
  });

  it('--timeout 2s with persistent 503: exit 1 in under 2.5 s (stops before a retry would cross the deadline; the last error is the 503)', async ({ expect }) => {
    const { b } = await fresh();
    b.emu.addFault({ method: 'GET', path: '/v1/apps', action: 'status', status: 503 });
    const r = await b.run(['apps', 'list', '--timeout', '2s']);
    expect(r.code, show(r)).toBe(1);
    expect(errorShapeProblems(r.stderr), r.stderr).toEqual([]);
    expect(r.ms).toBeLessThan(2500);
    figure(FIG, 'persistent GET 503, --timeout 2s', { attempts: hits(b.emu, 'GET', /^\/v1\/apps(\?|$)/).length, ms: r.ms, exit: r.code });
  });

  it('--timeout 2s with a server that never answers in time: exit 7 (timed out) in under 2.5 s', async ({ expect }) => {
    const { b } = await fresh();
    b.emu.addFault({ method: 'GET', path: '/v1/apps', action: 'delay', delayMs: 10_000 });
    const r = await b.run(['apps', 'list', '--timeout', '2s']);
    expect(r.code, show(r)).toBe(7);
    expect(errorShapeProblems(r.stderr), r.stderr).toEqual([]);
    expect(r.ms).toBeLessThan(2500);
    figure(FIG, 'GET delayed 10 s, --timeout 2s', { ms: r.ms, exit: r.code });
  });
});

describe.concurrent('a POST whose answer is lost is never sent twice', () => {
  it('deploy: one POST reaches the server, one deployment exists, exit 1 with one line', async ({ expect }) => {
    const { b, app } = await fresh();
    b.emu.addFault({ method: 'POST', path: '/v1/apps/*/deployments', action: 'drop-after', count: 1 });
    const r = await b.run(['deploy', '-a', String(app)]);
    expect(r.code, show(r)).toBe(1);
    expect(errorShapeProblems(r.stderr), r.stderr).toEqual([]);
    expect(hits(b.emu, 'POST', /deployments/)).toHaveLength(1);
    expect(snap(b.emu).deployments).toHaveLength(1);
    expect(r.stderr).toContain('hint: The request may have reached the API: check `spice-cloud deployments list`');
  });

  it('deploy: a 503 answer to the POST is not retried either', async ({ expect }) => {
    const { b, app } = await fresh();
    b.emu.addFault({ method: 'POST', path: '/v1/apps/*/deployments', action: 'status', status: 503, count: 1 });
    const r = await b.run(['deploy', '-a', String(app)]);
    expect(r.code, show(r)).toBe(1);
    expect(hits(b.emu, 'POST', /deployments/)).toHaveLength(1);
    expect(snap(b.emu).deployments).toHaveLength(0);
  });

  it('apps create: after a lost answer the CLI finds the new app by name and reports it (exit 0, one POST)', async ({ expect }) => {
    const { b } = await fresh();
    b.emu.addFault({ method: 'POST', path: '/v1/apps', action: 'drop-after', count: 1 });
    const r = await b.run(['apps', 'create', 'lost-answer', '--region', 'us-east-1', '--json']);
    expect(r.code, show(r)).toBe(0);
    expect(hits(b.emu, 'POST', /^\/v1\/apps(\?|$)/)).toHaveLength(1);
    expect(snap(b.emu).apps.filter((a) => a.name === 'lost-answer')).toHaveLength(1);
    expect((JSON.parse(r.stdout) as { name: string }).name).toBe('lost-answer');
    expect(r.stderr).toMatch(/response to the create request was lost.*exists now/);
  });

  it('apps create: a POST dropped before the server acted is not resent, and the CLI says it failed (exit 1)', async ({ expect }) => {
    const { b } = await fresh();
    b.emu.addFault({ method: 'POST', path: '/v1/apps', action: 'drop', count: 1 });
    const r = await b.run(['apps', 'create', 'never-made', '--region', 'us-east-1']);
    expect(r.code, show(r)).toBe(1);
    expect(errorShapeProblems(r.stderr), r.stderr).toEqual([]);
    expect(hits(b.emu, 'POST', /^\/v1\/apps(\?|$)/)).toHaveLength(1);
    expect(snap(b.emu).apps.filter((a) => a.name === 'never-made')).toHaveLength(0);
  });

  it('secrets set (an idempotent upsert) is retried and ends with the right value', async ({ expect }) => {
    const { b, app } = await fresh();
    b.emu.addFault({ method: 'POST', path: '/v1/apps/*/secrets', action: 'drop-after', count: 1 });
    const r = await b.run(['secrets', 'set', 'RETRIED', '-a', String(app)], { stdin: 'the-right-value' });
    expect(r.code, show(r)).toBe(0);
    expect(hits(b.emu, 'POST', /secrets$/)).toHaveLength(2);
    expect(snap(b.emu).secrets.find((s) => s.name === 'RETRIED')?.value).toBe(sha256('the-right-value'));
  });

  it('keys regenerate: one POST only (each one invalidates a key), exit 1', async ({ expect }) => {
    const { b, app } = await fresh();
    b.emu.addFault({ method: 'POST', path: '/v1/apps/*/api-keys', action: 'drop-after', count: 1 });
    const r = await b.run(['keys', 'regenerate', '-a', String(app), '--yes']);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(hits(b.emu, 'POST', /api-keys/)).toHaveLength(1);
  });

  it('members add: one POST only, exit 1', async ({ expect }) => {
    const { b } = await fresh();
    b.emu.addFault({ method: 'POST', path: '/v1/members', action: 'drop-after', count: 1 });
    const r = await b.run(['members', 'add', 'linus']);
    expect(r.code, show(r)).toBe(1);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(hits(b.emu, 'POST', /^\/v1\/members$/)).toHaveLength(1);
    expect(snap(b.emu).members.some((m) => m.username === 'linus')).toBe(true);
  });
});

describe.concurrent('unreadable answers give one clear line, exit 1, no stack trace', () => {
  const CASES: Array<{ action: FaultRule['action']; message: RegExp }> = [
    { action: 'malformed-json', message: /malformed JSON/ },
    { action: 'html', message: /HTML page instead of JSON/ },
    { action: 'empty', message: /empty body/ },
    { action: 'truncated', message: /closed before a complete response/ },
    { action: 'wrong-content-type', message: /text\/plain.*not JSON/ },
  ];
  for (const c of CASES) {
    it(`${c.action} on GET`, async ({ expect }) => {
      const { b } = await fresh();
      b.emu.addFault({ method: 'GET', path: '/v1/apps', action: c.action });
      const r = await b.run(['apps', 'list']);
      expect(r.code, show(r)).toBe(1);
      expect(errorShapeProblems(r.stderr), r.stderr).toEqual([]);
      expect(r.stderr).toMatch(c.message);
      expect(r.stdout).toBe('');
      figure(FIG, `unreadable GET ${c.action}`, { attempts: hits(b.emu, 'GET', /^\/v1\/apps(\?|$)/).length, ms: r.ms });
    });
    it(`${c.action} on POST (deploy), once, with --json errors`, async ({ expect }) => {
      const { b, app } = await fresh();
      b.emu.addFault({ method: 'POST', path: '/v1/apps/*/deployments', action: c.action });
      const r = await b.run(['deploy', '-a', String(app), '--json']);
      expect(r.code, show(r)).toBe(1);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      const ls = r.stderr.trim().split('\n');
      expect(ls, r.stderr).toHaveLength(1);
      const err = (JSON.parse(ls[0]!) as { error: { message: string } }).error;
      expect(err.message).toMatch(c.message);
      expect(hits(b.emu, 'POST', /deployments/)).toHaveLength(1);
    });
  }
});
