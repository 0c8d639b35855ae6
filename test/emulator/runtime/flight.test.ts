/**
 * Arrow Flight against the whole emulated runtime: a deployed app's spicepod served by
 * the DuckDB engine, keys from the Management API, the runtime's /v1/status naming the
 * Flight address, and the shared request log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { connectFlight } from '../../../src/runtime/flight.js';
import { CliError } from '../../../src/errors.js';
import { call } from '../helpers.js';
import { deployedApp, rt, startWithRuntime, type DeployedApp } from './helpers.js';

let emu: RunningEmulator;
let app: DeployedApp;
let flightAddress: string;

beforeAll(async () => {
  emu = await startWithRuntime({}, { flight: true });
  app = await deployedApp(emu);
  flightAddress = (emu.runtime?.flightAddress ?? '').replace(/^grpc:\/\//, '');
});
afterAll(() => emu?.close());

const client = (apiKey: string) => connectFlight({ address: flightAddress, tls: false, apiKey, userAgent: 'test', attempts: 1 });

async function rows(apiKey: string, sql: string, params?: unknown[] | Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  const c = await client(apiKey);
  try {
    const res = await c.query(sql, params);
    const out: Array<Record<string, unknown>> = [];
    for await (const b of res.batches) for (const r of b) out.push(r!.toJSON() as Record<string, unknown>);
    return out;
  } finally {
    c.close();
  }
}

describe('Flight on the emulated runtime', () => {
  it('/v1/status names the Flight address the client dials', async () => {
    const r = await rt(emu, 'GET', '/v1/status', { key: app.key });
    expect(r.status).toBe(200);
    const flight = (JSON.parse(r.text) as Array<{ name: string; endpoint: string }>).find((c) => c.name === 'flight');
    expect(flight?.endpoint).toBe(flightAddress);
  });

  it("queries the deployed spicepod's file dataset with either key", async () => {
    for (const key of [app.key, app.key2]) {
      const got = await rows(key, 'SELECT id, product FROM reviews WHERE rating >= 4 ORDER BY id');
      expect(got).toEqual([
        { id: 1n, product: 'kettle' },
        { id: 3n, product: 'toaster' },
        { id: 5n, product: 'blender' },
      ]);
    }
  });

  it('binds positional and named parameters', async () => {
    expect(await rows(app.key, 'SELECT product FROM reviews WHERE id = $1 AND rating > $2', [5, 4])).toEqual([{ product: 'blender' }]);
    expect(await rows(app.key, 'SELECT count(*) AS n FROM reviews WHERE product = $product', { product: 'kettle' })).toEqual([{ n: 2n }]);
  });

  it("reports the engine's SQL error as exit 2 with its text", async () => {
    const c = await client(app.key);
    const err = (await c.query('SELECT nope FROM reviews').catch((e: unknown) => e)) as CliError;
    expect(err).toBeInstanceOf(CliError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(/nope/);
    c.close();
  });

  it('a regenerated key stops working at once (exit 4), the other key keeps working', async () => {
    const regen = await call(emu, 'POST', `/v1/apps/${app.id}/api-keys`, { body: { key_number: 1 } });
    expect(regen.status).toBeLessThan(300);
    const c = await client(app.key);
    const err = (await c.query('SELECT 1').catch((e: unknown) => e)) as CliError;
    expect(err.exitCode).toBe(4);
    c.close();
    expect(await rows(app.key2, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
    app.key = regen.body.api_key as string;
  });

  it('records Flight calls in the emulator request log with the app, never the key', async () => {
    await rows(app.key2, 'SELECT 1 AS one');
    const flight = emu.requests().filter((r) => r.method === 'FLIGHT');
    expect(flight.slice(-2).map((r) => `${r.path} ${r.status}`)).toEqual(['/GetFlightInfo 200', '/DoGet 200']);
    expect(JSON.stringify(emu.requests())).not.toContain(app.key2);
  });
});
