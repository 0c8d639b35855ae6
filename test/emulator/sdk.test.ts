/**
 * The official JavaScript SDK, @spiceai/spice 3.2.0, unchanged, against the emulated
 * runtime: over Arrow Flight and over HTTP, with a query, parameters, a large result
 * and a wrong key.
 *
 * Over Flight the SDK attaches its `authorization` metadata only on a TLS channel (with
 * `flightTlsEnabled: false` it sends none, and a runtime with auth refuses it), so the
 * emulator serves Flight over TLS here (`runtime.flightTls`, a throw-away self-signed
 * certificate) and the SDK trusts it with `tlsRootCertFile`. docs/emulator.md shows the
 * same configuration.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SpiceClient } from '@spiceai/spice';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { deployedApp, startWithRuntime, type DeployedApp } from './runtime/helpers.js';

let emu: RunningEmulator;
let app: DeployedApp;
let certDir: string;
let flightPort: number;

/** A self-signed certificate for localhost and 127.0.0.1 (openssl). */
function selfSigned(dir: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  return { cert, key };
}

beforeAll(async () => {
  certDir = mkdtempSync(join(tmpdir(), 'spice-sdk-tls-'));
  const pem = selfSigned(certDir);
  emu = await startWithRuntime({}, { flight: true, flightTls: { cert: readFileSync(pem.cert), key: readFileSync(pem.key) } });
  app = await deployedApp(emu);
  flightPort = Number(/:(\d+)$/.exec(emu.runtime?.flightAddress ?? '')?.[1]);
});
afterAll(async () => {
  await emu?.close();
  rmSync(certDir, { recursive: true, force: true });
});

const overFlight = (apiKey: string) =>
  new SpiceClient({
    apiKey,
    flightUrl: `localhost:${flightPort}`,
    httpUrl: emu.runtime!.url,
    flightTlsEnabled: true,
    tlsRootCertFile: join(certDir, 'cert.pem'),
    flightOnly: true,
    logging: false,
  });

const overHttp = (apiKey: string) => new SpiceClient({ apiKey, httpUrl: emu.runtime!.url, httpOnly: true, logging: false });

const flightCalls = () => emu.requests().filter((r) => r.method === 'FLIGHT').length;
const sqlPosts = () => emu.requests().filter((r) => r.method === 'POST' && r.path.startsWith('/v1/sql')).length;

describe('@spiceai/spice over Arrow Flight', () => {
  it('runs a query', async () => {
    const before = sqlPosts();
    const table = await overFlight(app.key).sql('SELECT id, product FROM reviews WHERE rating >= 4 ORDER BY id');
    expect(table.toArray().map((r) => ({ ...r }))).toEqual([
      { id: 1n, product: 'kettle' },
      { id: 3n, product: 'toaster' },
      { id: 5n, product: 'blender' },
    ]);
    expect(sqlPosts()).toBe(before); // Flight, not a silent fallback to HTTP
  });

  it('binds positional and named parameters through prepared statements', async () => {
    const c = overFlight(app.key2);
    const pos = await c.sql('SELECT product, rating FROM reviews WHERE id = $1 AND rating > $2', { parameters: [5, 4] });
    expect(pos.toArray().map((r) => ({ ...r }))).toEqual([{ product: 'blender', rating: 5n }]);
    const named = await c.sql('SELECT count(*) AS n FROM reviews WHERE product = $product', { parameters: { product: 'kettle' } });
    expect(Number(named.get(0)?.n)).toBe(2);
    const paths = emu.requests().filter((r) => r.method === 'FLIGHT').map((r) => r.path);
    expect(paths).toEqual(expect.arrayContaining(['/DoAction', '/DoPut', '/GetFlightInfo', '/DoGet']));
  });

  it('streams a large result in many batches', async () => {
    let chunks = 0;
    const table = await overFlight(app.key).sql('SELECT range AS n FROM range(300000)', () => chunks++);
    expect(table.numRows).toBe(300_000);
    expect(chunks).toBeGreaterThan(10);
    expect(table.get(299_999)?.n).toBe(299_999n);
  });

  it('fails with UNAUTHENTICATED for a wrong key', async () => {
    const err = (await overFlight('not-a-key-at-all').sql('SELECT 1').catch((e: unknown) => e)) as { code?: number; details?: string };
    expect(err.code).toBe(16);
    expect(err.details).toBe('Invalid credentials');
  });

  it('documented quirk: with TLS off the SDK sends no authorization, and the runtime refuses it', async () => {
    const plain = await startWithRuntime({}, { flight: true });
    try {
      const other = await deployedApp(plain);
      const port = /:(\d+)$/.exec(plain.runtime?.flightAddress ?? '')?.[1];
      const c = new SpiceClient({ apiKey: other.key, flightUrl: `127.0.0.1:${port}`, httpUrl: plain.runtime!.url, flightOnly: true, logging: false });
      const err = (await c.sql('SELECT 1').catch((e: unknown) => e)) as { code?: number; details?: string };
      expect(err).toMatchObject({ code: 16, details: 'Missing authorization header' });
    } finally {
      await plain.close();
    }
  });
});

describe('@spiceai/spice over HTTP', () => {
  it('runs a query', async () => {
    const before = flightCalls();
    const table = await overHttp(app.key).sql('SELECT id, product FROM reviews WHERE rating >= 4 ORDER BY id');
    expect(table.toArray().map((r) => ({ id: Number(r.id), product: r.product }))).toEqual([
      { id: 1, product: 'kettle' },
      { id: 3, product: 'toaster' },
      { id: 5, product: 'blender' },
    ]);
    expect(flightCalls()).toBe(before);
  });

  it('sends positional and named parameters in the JSON envelope', async () => {
    const c = overHttp(app.key);
    const pos = await c.sql('SELECT product FROM reviews WHERE id = $1 AND rating > $2', { parameters: [5, 4] });
    expect(pos.toArray().map((r) => r.product)).toEqual(['blender']);
    const named = await c.sql('SELECT count(*) AS n FROM reviews WHERE product = $product', { parameters: { product: 'kettle' } });
    expect(Number(named.get(0)?.n)).toBe(2);
  });

  it('reads a large result', async () => {
    const table = await overHttp(app.key).sql('SELECT range AS n FROM range(100000)');
    expect(table.numRows).toBe(100_000);
  });

  it('fails with 401 for a wrong key', async () => {
    const err = (await overHttp('not-a-key-at-all').sql('SELECT 1').catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/status 401/);
  });
});
