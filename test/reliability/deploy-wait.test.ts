/**
 * `deploy --wait` through an API that rate-limits (emulator rateLimit) and drops or
 * fails status checks (fault rules with counts and probabilities) while the deployment
 * moves through queued → in_progress → final in about two seconds: the final status is
 * still reported correctly, and a wait whose every check fails ends with exit 7.
 */
import { afterAll, describe, it } from 'vitest';
import { bed, type Bed } from '../e2e/harness.js';
import { clearLog, emuApi, figure, hits, log, show, snap, SPICEPOD } from './helpers.js';

const SEED = 'seed-token-for-setup';
const beds: Bed[] = [];
afterAll(async () => {
  await Promise.all(beds.map((b) => b.close()));
});

const POLL = /^\/v1\/apps\/\d+\/deployments\/\d+$/;

/** A rate-limited emulator (3 requests/s for the CLI's token) with an app; set-up uses its own token and bucket. */
async function flakyBed(tags: Record<string, string> = {}): Promise<{ b: Bed; app: number }> {
  const b = await bed({ queuedMs: 1000, runningMs: 1000, rateLimit: 3, tokens: [SEED] });
  beds.push(b);
  const { id } = await emuApi<{ id: number }>(b.emu, 'POST', '/v1/apps', { name: 'wait-app', region: 'us-east-1' }, SEED);
  await emuApi(b.emu, 'PUT', `/v1/apps/${id}`, { spicepod: SPICEPOD, tags }, SEED);
  // The first status check fails five times in a row (more than one request's retries),
  // then one poll in four is dropped and one in four answers 503, on top of the 429s.
  const poll = { method: 'GET', path: '/v1/apps/*/deployments/*' };
  b.emu.addFault({ ...poll, action: 'status', status: 429, retryAfter: 1, count: 1 });
  b.emu.addFault({ ...poll, action: 'drop', count: 2 });
  b.emu.addFault({ ...poll, action: 'status', status: 503, count: 2 });
  b.emu.addFault({ ...poll, action: 'drop', probability: 0.25 });
  b.emu.addFault({ ...poll, action: 'status', status: 503, probability: 0.25 });
  await clearLog(b.emu);
  return { b, app: id };
}

function pollStats(b: Bed): Record<string, number> {
  const stats: Record<string, number> = {};
  for (const h of hits(b.emu, 'GET', POLL)) stats[h.status] = (stats[h.status] ?? 0) + 1;
  return stats;
}

describe.concurrent('deploy --wait through rate limits and dropped connections', () => {
  it('reports success (exit 0, final object on stdout) although status checks fail and are rate-limited', async ({ expect }) => {
    const { b, app } = await flakyBed();
    const r = await b.run(['deploy', '-a', String(app), '--wait', '--interval', '200ms', '--timeout', '30s', '--json']);
    expect(r.code, show(r)).toBe(0);
    expect((JSON.parse(r.stdout) as { status: string }).status).toBe('succeeded');
    expect(r.stderr).toMatch(/status check failed \(.*\); still waiting/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    const stats = pollStats(b);
    // The faults were really met: dropped (0), 503 and 429 answers to the polls.
    expect(stats['0'], JSON.stringify(stats)).toBeGreaterThanOrEqual(2);
    expect(stats['503'], JSON.stringify(stats)).toBeGreaterThanOrEqual(2);
    expect(stats['429'], JSON.stringify(stats)).toBeGreaterThanOrEqual(1);
    expect(hits(b.emu, 'POST', /deployments$/)).toHaveLength(1);
    expect(snap(b.emu).deployments.map((d) => d.status)).toEqual(['succeeded']);
    figure('deploy-wait', 'success through faults', { ms: r.ms, polls: stats });
  });

  it('reports failure (exit 6 naming the error code) through the same faults when the deployment fails', async ({ expect }) => {
    const { b, app } = await flakyBed({ 'emulator-fail': 'unable_to_start' });
    const r = await b.run(['deploy', '-a', String(app), '--wait', '--interval', '200ms', '--timeout', '30s', '--json']);
    expect(r.code, show(r)).toBe(6);
    expect(r.stderr).toMatch(/deployment \d+ failed: .*unable_to_start/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect((JSON.parse(r.stdout) as { status: string }).status).toBe('failed');
    const stats = pollStats(b);
    expect(stats['0'], JSON.stringify(stats)).toBeGreaterThanOrEqual(2);
    expect(snap(b.emu).deployments.map((d) => d.status)).toEqual(['failed']);
    figure('deploy-wait', 'failure through faults', { ms: r.ms, polls: stats });
  });

  it('gives up with exit 7 within --timeout when every status check fails, saying why', async ({ expect }) => {
    const b = await bed({ queuedMs: 1000, runningMs: 1000 });
    beds.push(b);
    const { id } = await emuApi<{ id: number }>(b.emu, 'POST', '/v1/apps', { name: 'wait-app', region: 'us-east-1' });
    await emuApi(b.emu, 'PUT', `/v1/apps/${id}`, { spicepod: SPICEPOD });
    b.emu.addFault({ method: 'GET', path: '/v1/apps/*/deployments/*', action: 'status', status: 503 });
    await clearLog(b.emu);
    const r = await b.run(['deploy', '-a', String(id), '--wait', '--interval', '200ms', '--timeout', '3s']);
    expect(r.code, show(r)).toBe(7);
    expect(r.stderr).toMatch(/^error: deployment \d+ is still queued after 3s \(the last status check failed: .*\)$/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.ms).toBeLessThan(4000);
    expect(log(b.emu).filter((l) => l.startsWith('POST'))).toHaveLength(1);
    figure('deploy-wait', 'every status check fails, --timeout 3s', { ms: r.ms, exit: r.code });
  });
});
