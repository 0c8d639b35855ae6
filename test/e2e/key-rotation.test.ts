/**
 * The key-rotation proof (issue 9): clients query a deployed app in a loop, over Arrow
 * Flight and over HTTP, while the built CLI's `keys rotate` runs in a real terminal. The
 * clients start on the primary key; when step 1 has regenerated the secondary key they
 * switch to the new secondary, and only then is step 2 answered, so that step 3
 * regenerates a primary nobody uses any more. Not one query may fail, and the old
 * primary must be dead at the end (the rotation really happened).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectFlight, type FlightClient } from '../../src/runtime/flight.js';
import { bed, plain, type Bed } from './harness.js';

const ENTER = '\r';

let b: Bed;
let appId: number;

const keysOf = async (): Promise<{ api_key: string; api_key_2: string }> => (await b.call<{ api_key: string; api_key_2: string }>('GET', `/v1/apps/${appId}/api-keys`)).data;

beforeAll(async () => {
  b = await bed();
  appId = (await b.call<{ id: number }>('POST', '/v1/apps', { name: 'rot-live', region: 'us-east-1' })).data.id;
  await b.call('PUT', `/v1/apps/${appId}`, { spicepod: { version: 'v1', kind: 'Spicepod', name: 'rot-live' } });
  const dep = (await b.call<{ id: number }>('POST', `/v1/apps/${appId}/deployments`, {})).data;
  for (let i = 0; i < 200; i++) {
    if ((await b.call<{ status: string }>('GET', `/v1/apps/${appId}/deployments/${dep.id}`)).data.status === 'succeeded') break;
    await new Promise((r) => setTimeout(r, 20));
  }
});
afterAll(() => b?.close());

describe('keys rotate with clients querying throughout', () => {
  it('loses no query over Flight or HTTP when clients switch to the new secondary key at step 2', async () => {
    const initial = await keysOf();
    const flightAddress = (b.emu.runtime?.flightAddress ?? '').replace(/^grpc:\/\//, '');
    const httpBase = b.emu.runtime!.url;
    let key = initial.api_key;
    let stop = false;
    const failures: string[] = [];
    const counts = { flight: 0, http: 0 };

    const flightLoop = async (): Promise<void> => {
      let clientKey = '';
      let client: FlightClient | undefined;
      while (!stop) {
        if (clientKey !== key) {
          client?.close();
          clientKey = key;
          client = await connectFlight({ address: flightAddress, tls: false, apiKey: clientKey, userAgent: 'rotation-test', attempts: 1 });
        }
        try {
          const res = await client!.query('SELECT 42 AS answer');
          let n = 0;
          for await (const batch of res.batches) n += batch.numRows;
          if (n !== 1) failures.push(`flight: ${n} rows`);
          counts.flight++;
        } catch (e) {
          failures.push(`flight: ${(e as Error).message}`);
        }
      }
      client?.close();
    };
    const httpLoop = async (): Promise<void> => {
      while (!stop) {
        const res = await fetch(`${httpBase}/v1/sql`, { method: 'POST', headers: { 'x-api-key': key, 'content-type': 'text/plain' }, body: 'SELECT 42 AS answer' });
        const text = await res.text();
        if (res.status !== 200) failures.push(`http: ${res.status} ${text}`);
        else counts.http++;
      }
    };
    // Step 1 regenerates the secondary key: switch every client to it as soon as it exists.
    let switchedAt = { flight: 0, http: 0 };
    const watcher = (async () => {
      while (!stop) {
        const now = await keysOf();
        if (now.api_key_2 !== initial.api_key_2) {
          switchedAt = { ...counts };
          key = now.api_key_2;
          return;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    })();

    const loops = [flightLoop(), httpLoop()];
    // Both clients answer on the old primary before the rotation starts (no fixed wait:
    // the first Flight query also loads gRPC and starts the app's engine).
    for (let i = 0; i < 600 && (counts.flight === 0 || counts.http === 0) && failures.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const r = await b.pty(
      ['keys', 'rotate', '-a', 'rot-live'],
      [
        { expect: 'Rotate both API keys', send: `y${ENTER}` },
        // Answer step 2 only well after the clients have switched (the watcher polls every 20 ms).
        { expect: 'Have all clients switched', send: `y${ENTER}`, delay: 2 },
      ],
      { timeoutS: 30 },
    );
    const atRotation = { ...counts };
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await Promise.all([...loops, watcher]);

    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/Rotated both API keys/);
    expect(failures).toEqual([]);
    // Queries ran in every phase: on the old primary, on the new secondary, after step 3.
    expect(switchedAt.flight).toBeGreaterThan(0);
    expect(switchedAt.http).toBeGreaterThan(0);
    expect(counts.flight).toBeGreaterThan(atRotation.flight);
    expect(counts.http).toBeGreaterThan(atRotation.http);
    expect(atRotation.flight).toBeGreaterThan(switchedAt.flight);

    const final = await keysOf();
    expect(final.api_key).not.toBe(initial.api_key);
    expect(final.api_key_2).toBe(key);
    const stale = await fetch(`${httpBase}/v1/sql`, { method: 'POST', headers: { 'x-api-key': initial.api_key, 'content-type': 'text/plain' }, body: 'SELECT 1' });
    expect(stale.status).toBe(401);
    const staleFlight = await connectFlight({ address: flightAddress, tls: false, apiKey: initial.api_key, userAgent: 'rotation-test', attempts: 1 });
    await expect(staleFlight.query('SELECT 1')).rejects.toMatchObject({ exitCode: 4 });
    staleFlight.close();
  }, 90_000);
});
