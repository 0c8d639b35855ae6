/**
 * `sql` over Arrow Flight with TLS (grpc+tls): against the emulator serving Flight with a
 * self-signed certificate, trusted through NODE_EXTRA_CA_CERTS, which grpc-js does not
 * read by itself (the CLI hands the file to its Flight client). Without it the
 * certificate is refused, as it must be.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, type Bed } from './harness.js';

let b: Bed;
let dir: string;
let port: string;
const APP = 'flight-tls';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'spice-flight-tls-'));
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
    { stdio: 'ignore' },
  );
  b = await bed({ runtime: { flightTls: { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) } } });
  port = /:(\d+)$/.exec(b.emu.runtime?.flightAddress ?? '')?.[1] ?? '';
  const app = await b.call<{ id: number }>('POST', '/v1/apps', { name: APP, region: 'us-east-1' });
  await b.call('PUT', `/v1/apps/${app.data.id}`, { spicepod: { version: 'v1', kind: 'Spicepod', name: APP } });
  const d = await b.call<{ id: number }>('POST', `/v1/apps/${app.data.id}/deployments`, {});
  for (let i = 0; i < 200; i++) {
    if ((await b.call<{ status: string }>('GET', `/v1/apps/${app.data.id}/deployments/${d.data.id}`)).data.status === 'succeeded') break;
    await new Promise((r) => setTimeout(r, 10));
  }
});
afterAll(async () => {
  await b?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('sql over grpc+tls', () => {
  it('trusts the CA in NODE_EXTRA_CA_CERTS', async () => {
    const r = await b.run(['sql', 'SELECT 41 + 1 AS answer', '-a', APP, '--flight-endpoint', `grpc+tls://localhost:${port}`, '--json'], {
      env: { NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ answer: 42 }]);
  });

  it('refuses an untrusted certificate (exit 1, no query sent)', async () => {
    const before = b.emu.requests().filter((e) => e.method === 'FLIGHT').length;
    const r = await b.run(['sql', 'SELECT 1', '-a', APP, '--flight-endpoint', `grpc+tls://localhost:${port}`], { timeoutMs: 30_000 });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/certificate/);
    expect(b.emu.requests().filter((e) => e.method === 'FLIGHT').length).toBe(before);
  }, 30_000);
});
