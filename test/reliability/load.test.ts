/**
 * Load: the emulator holds 2,000 requests from 20 concurrent clients made through the
 * CLI's own HTTP layer (HttpClient + Api, in-process, no retries so every failure shows),
 * a mix of GET, POST (the secrets upsert) and PUT, without a single error; and the CLI's
 * bulk `secrets import` of 200 secrets stays within a 50 requests/s rate limit (it meets
 * 429s, waits as told, and sets all 200).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../../src/api/http.js';
import { Api } from '../../src/api/resources.js';
import { systemClock } from '../../src/context.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { Redactor } from '../../src/output/mask.js';
import { bed, type Bed } from '../e2e/harness.js';
import { clearLog, emuApi, figure, hits, percentile, show, snap, SPICEPOD } from './helpers.js';

const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

describe('load', () => {
  it('2,000 requests from 20 concurrent clients (GET, POST, PUT) through HttpClient: no errors', async () => {
    const emu: RunningEmulator = await startEmulator({ port: 0, queuedMs: 0, runningMs: 0 });
    closers.push(() => emu.close());
    const apps = await Promise.all(
      Array.from({ length: 4 }, (_, i) => emuApi<{ id: number }>(emu, 'POST', '/v1/apps', { name: `load-app-${i}`, region: 'us-east-1' })),
    );
    const CLIENTS = 20;
    const PER_CLIENT = 100;
    const latencies: number[] = [];
    const errors: string[] = [];
    const counts: Record<string, number> = { GET: 0, POST: 0, PUT: 0 };
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, c) => {
        const api = new Api(
          new HttpClient({
            baseUrl: emu.url,
            token: async () => emu.token,
            userAgent: `reliability-load/${c}`,
            requestTimeoutMs: 10_000,
            maxRetries: 0,
            clock: systemClock,
            redactor: new Redactor(),
          }),
        );
        const app = apps[c % apps.length]!.id;
        for (let i = 0; i < PER_CLIENT; i++) {
          const kind = i % 4;
          const t0 = performance.now();
          try {
            if (kind === 0) await api.apps.list();
            else if (kind === 1) await api.secrets.list(app);
            else if (kind === 2) await api.secrets.set(app, `LOAD_${c}_${(i >> 2) % 10}`, `value-${c}-${i}`);
            else await api.apps.update(app, { description: `client ${c} request ${i}` });
            counts[kind < 2 ? 'GET' : kind === 2 ? 'POST' : 'PUT']! += 1;
          } catch (e) {
            errors.push(`client ${c} request ${i}: ${(e as Error).message}`);
          }
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const total = CLIENTS * PER_CLIENT;
    const result = {
      requests: total,
      clients: CLIENTS,
      seconds: Number(seconds.toFixed(2)),
      rps: Math.round(total / seconds),
      p50ms: Number(percentile(latencies, 50).toFixed(1)),
      p99ms: Number(percentile(latencies, 99).toFixed(1)),
      mix: counts,
      errors: errors.length,
    };
    figure('load', 'HttpClient 2000 requests / 20 clients', result);
    expect(errors.slice(0, 10), errors.slice(0, 10).join('\n')).toEqual([]);
    expect(latencies).toHaveLength(total);
    // The emulator saw every one of them, all answered 2xx.
    // Lists are read page by page until a short page (real-clients.md): a follow-up page
    // (`?limit=…&offset=…`) belongs to the call that asked for the first.
    const seen = emu.requests().filter((r) => !(r.method === 'POST' && r.path === '/v1/apps') && !/[?&]offset=[1-9]/.test(r.path));
    expect(seen).toHaveLength(total);
    expect(seen.filter((r) => r.status < 200 || r.status >= 300)).toEqual([]);
    expect((emu.snapshot() as { secrets: unknown[] }).secrets).toHaveLength(CLIENTS * 10);
  }, 60_000);

  it('secrets import of 200 secrets against a 50 requests/s limit: all 200 set, exit 0', async () => {
    const SEED = 'load-seed-token';
    const b: Bed = await bed({ rateLimit: 50, tokens: [SEED] });
    closers.push(() => b.close());
    const { id } = await emuApi<{ id: number }>(b.emu, 'POST', '/v1/apps', { name: 'rate-limited', region: 'us-east-1' }, SEED);
    await emuApi(b.emu, 'PUT', `/v1/apps/${id}`, { spicepod: SPICEPOD }, SEED);
    await clearLog(b.emu);
    const file = Array.from({ length: 200 }, (_, i) => `RATE_${i}=value-${i}`).join('\n');
    const r = await b.run(['secrets', 'import', '-', '-a', 'rate-limited'], { stdin: file, timeoutMs: 60_000 });
    expect(r.code, show(r)).toBe(0);
    expect(r.stderr).toMatch(/Imported 200 secrets/);
    expect(snap(b.emu).secrets).toHaveLength(200);
    const posts = hits(b.emu, 'POST', /secrets$/);
    const limited = posts.filter((p) => p.status === 429).length;
    // The limit was really met and waited out (200 requests cannot fit in 50/s otherwise).
    expect(limited).toBeGreaterThan(0);
    expect(posts.filter((p) => p.status === 200)).toHaveLength(200);
    expect(r.ms).toBeGreaterThanOrEqual(3000);
    figure('load', 'secrets import 200 at rateLimit 50', { ms: r.ms, posts: posts.length, answered429: limited });
  }, 60_000);
});
