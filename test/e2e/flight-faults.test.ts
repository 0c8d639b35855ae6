/**
 * The built CLI's `sql` over Arrow Flight when the emulated runtime misbehaves: a
 * connection cut in the middle of a result is an error (exit 1), never a short success;
 * UNAVAILABLE before any data is retried; a refused key is exit 4 without the key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, type Bed } from './harness.js';

let b: Bed;
const APP = 'flight-faults';

beforeAll(async () => {
  b = await bed();
  const app = await b.call<{ id: number }>('POST', '/v1/apps', { name: APP, region: 'us-east-1' });
  await b.call('PUT', `/v1/apps/${app.data.id}`, { spicepod: { version: 'v1', kind: 'Spicepod', name: APP } });
  const d = await b.call<{ id: number }>('POST', `/v1/apps/${app.data.id}/deployments`, {});
  for (let i = 0; i < 200; i++) {
    if ((await b.call<{ status: string }>('GET', `/v1/apps/${app.data.id}/deployments/${d.data.id}`)).data.status === 'succeeded') break;
    await new Promise((r) => setTimeout(r, 10));
  }
});
afterAll(() => b?.close());

const doGets = () => b.emu.requests().filter((r) => r.method === 'FLIGHT' && r.path === '/DoGet');

describe('sql over Arrow Flight with faults', () => {
  it('a connection cut mid-result exits 1 with an error, not a short result', async () => {
    // Every attempt is cut (a cut before the schema would rightly be retried).
    b.emu.addFault({ method: 'FLIGHT', path: '/DoGet', action: 'drop-after' });
    const r = await b.run(['sql', 'SELECT range AS n FROM range(300000)', '-a', APP, '--format', 'csv'], { timeoutMs: 60_000 });
    b.emu.clearFaults();
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/error: (the result stream broke after \d+ rows|.*unavailable)/);
    expect(r.stderr).not.toMatch(/300,000 rows/);
    expect(r.stdout.trim().split('\n').length).toBeLessThan(300_001);
    expect(doGets().at(-1)?.status).toBe(0);
  }, 60_000);

  it('UNAVAILABLE before any data is retried, then the whole result arrives', async () => {
    b.emu.addFault({ method: 'FLIGHT', path: '/DoGet', action: 'status', status: 503, count: 1 });
    const before = doGets().length;
    const r = await b.run(['sql', 'SELECT range AS n FROM range(1000)', '-a', APP, '--format', 'csv', '--no-headers'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1000);
    expect(doGets().slice(before).map((e) => e.status)).toEqual([503, 200]);
  }, 60_000);

  it('a refused key exits 4 with a hint, and the key is nowhere in the output', async () => {
    const bogus = 'bogus-key-5f0c2d9e7a41';
    const r = await b.run(['sql', 'SELECT 1', '-a', APP], { env: { SPICE_APP_API_KEY: bogus } });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/regenerated/);
    expect(r.stdout + r.stderr).not.toContain(bogus);
  });
});
