/**
 * Progress and retries on a real terminal (python3 pty, screen model): the history of a
 * wait stays on screen with elapsed times and statuses in words, the spinner is gone at
 * the end, a timeout names the last status and its reason; retried requests say so on a
 * terminal (and not when piped); TLS spoken to the plain-HTTP emulator is one clear line.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { screen } from '../helpers/screen.js';
import { bed, plain, type Bed } from './harness.js';

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
const SPICEPOD = { version: 'v1', kind: 'Spicepod', name: 'sales' };

describe('progress keeps its history on a terminal', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed({ queuedMs: 800, runningMs: 1000 });
    await b.call('POST', '/v1/apps', { name: 'slow-app', region: 'us-east-1', tags: { 'emulator-fail': 'insufficient_memory' } });
    await b.call('PUT', '/v1/apps/1', { spicepod: SPICEPOD });
  });
  afterAll(() => b.close());

  for (const width of [50, 80, 120]) {
    it(`deploy --wait at ${width} columns: each status a line with its elapsed time, the timeout names status and reason`, async () => {
      const r = await b.pty(['deploy', '-a', 'slow-app', '--wait', '--timeout', '4s', '--interval', '300ms'], [], { env: { PTY_COLS: String(width) }, timeoutS: 20 });
      const shown = screen(r.output);
      expect(r.code, shown.join('\n')).toBe(7);
      const queued = shown.findIndex((l) => /^Deployment \d+: queued 0s$/.test(l));
      const progress = shown.findIndex((l) => /^Deployment \d+: in progress \d+s \(waiting for capacity: insufficient memory/.test(l));
      expect(queued, shown.join('\n')).toBeGreaterThanOrEqual(0);
      expect(progress, shown.join('\n')).toBeGreaterThan(queued);
      expect(shown.join('\n')).toMatch(/error: deployment \d+ is still in progress after 4s \(waiting for capacity: insufficient memory/);
      expect(shown.join('\n')).not.toContain('in_progress');
      for (const l of shown) expect(l, shown.join('\n')).not.toMatch(SPINNER);
    }, 30_000);
  }

  it('deployments watch shows the same history; --json keeps the API status values', async () => {
    const r = await b.pty(['deployments', 'watch', '-a', 'slow-app', '--timeout', '2s', '--interval', '300ms'], [], { timeoutS: 20 });
    const shown = screen(r.output);
    expect(r.code, shown.join('\n')).toBe(7);
    expect(shown.some((l) => /^Deployment \d+: in progress \d+s \(waiting for capacity/.test(l)), shown.join('\n')).toBe(true);
    const table = screen((await b.pty(['deployments', 'list', '-a', 'slow-app'])).output);
    expect(table[1]).toMatch(/^\d+ +in progress /);
    const json = await b.run(['deployments', 'list', '-a', 'slow-app', '--json']);
    expect(JSON.parse(json.stdout)[0].status).toBe('in_progress');
  }, 30_000);
});

describe('retries are visible on a terminal', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
  });
  afterAll(() => b.close());

  it('a 503 being retried says so on a terminal, with the wait and the attempt', async () => {
    b.emu.addFault({ method: 'GET', path: '/v1/apps', action: 'status', status: 503, count: 2 });
    const r = await b.pty(['apps', 'list']);
    const text = screen(r.output).join('\n');
    expect(r.code, text).toBe(0);
    expect(text).toMatch(/^API unavailable \(HTTP 503\), retrying in [\d.]+s \(1\/4\)…$/m);
    expect(text).toMatch(/^API unavailable \(HTTP 503\), retrying in [\d.]+s \(2\/4\)…$/m);
  });

  it('piped, retries stay quiet (the --verbose trace has them)', async () => {
    b.emu.addFault({ method: 'GET', path: '/v1/apps', action: 'status', status: 503, count: 1 });
    const r = await b.run(['apps', 'list']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('a refused connection is "API unreachable" while retrying', async () => {
    const port = await closedPort();
    const r = await b.pty(['apps', 'list', '--api-url', `http://127.0.0.1:${port}`], [], { timeoutS: 20 });
    const text = screen(r.output).join('\n');
    expect(r.code, text).toBe(1);
    expect(text).toMatch(/^API unreachable, retrying in [\d.]+s \(1\/4\)…$/m);
    expect(text).toMatch(/^API unreachable, retrying in [\d.]+s \(4\/4\)…$/m);
  }, 30_000);

  it('TLS spoken to the plain-HTTP emulator is one clear line, not OpenSSL\'s "wrong version number"', async () => {
    const r = await b.run(['apps', 'list', '--api-url', b.emu.url.replace('http:', 'https:')]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/wrong version number|ssl3_get_record/i);
    expect(r.stderr).toMatch(/^error: list apps failed: 127\.0\.0\.1:\d+ speaks plain HTTP, not HTTPS$/m);
    expect(r.stderr).toMatch(/^hint: Use an http:\/\/ URL for it, e\.g\. --api-url http:\/\/127\.0\.0\.1:\d+/m);
    expect(plain(r.stderr).trim().split('\n')).toHaveLength(2);
  });
});

/** A local port with nothing listening on it. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
