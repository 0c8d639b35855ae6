/**
 * HTTP_PROXY / HTTPS_PROXY / NO_PROXY (either case) and NODE_EXTRA_CA_CERTS, end to end:
 * the built CLI talks to the emulator through a recording forward proxy, and to a TLS
 * front (certificate from a CA made with openssl at test time) in front of the emulator.
 *
 * undici's EnvHttpProxyAgent does not exempt loopback hosts: with a proxy variable set
 * and NO_PROXY empty, requests to 127.0.0.1 go through the proxy, so a local proxy sees
 * the emulator traffic; NO_PROXY=127.0.0.1 takes it off the proxy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bed, requestLines, type Bed } from '../harness.js';
import { hasOpenssl, makeCertificates, recordingProxy, tlsFront, type RecordingProxy, type TlsFront } from './net-helpers.js';

let b: Bed;
let proxy: RecordingProxy;
let emuHost: string;
const clientCredentials = { SPICE_API_TOKEN: undefined, SPICE_CLIENT_ID: 'emulator-client', SPICE_CLIENT_SECRET: 'emulator-secret' };

beforeAll(async () => {
  [b, proxy] = await Promise.all([bed(), recordingProxy()]);
  emuHost = new URL(b.emu.url).host;
});
afterAll(async () => {
  await Promise.all([b?.close(), proxy?.close()]);
});
beforeEach(() => proxy.reset());

describe('proxies', () => {
  it('sends the OAuth token exchange and the API requests through HTTP_PROXY', async () => {
    const r = await b.run(['apps', 'list', '--json'], { env: { ...clientCredentials, HTTP_PROXY: proxy.url } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(proxy.requests).toEqual([`POST ${emuHost} /api/oauth/token`, `GET ${emuHost} /v1/apps?limit=100`]);
    expect(proxy.hosts()).toEqual([emuHost]);
    // ...and they did reach the API, once each.
    expect(requestLines(b.emu).slice(-2)).toEqual(['POST /api/oauth/token 200', 'GET /v1/apps?limit=100 200']);
  });

  it('reads the lower-case http_proxy as well, which wins over HTTP_PROXY', async () => {
    const lower = await b.run(['regions', 'list', '--json'], { env: { http_proxy: proxy.url } });
    expect(lower.code).toBe(0);
    // HTTP_PROXY points at a closed port: the request only succeeds through http_proxy.
    const both = await b.run(['regions', 'list', '--json'], { env: { http_proxy: proxy.url, HTTP_PROXY: 'http://127.0.0.1:9' } });
    expect(both.code, both.stderr).toBe(0);
    expect(proxy.requests).toEqual([`GET ${emuHost} /v1/regions`, `GET ${emuHost} /v1/regions`]);
  });

  it('authenticates to a proxy with the credentials in its URL, and never prints them', async () => {
    const [scheme, rest] = proxy.url.split('//');
    const r = await b.run(['regions', 'list', '--json', '--verbose'], { env: { HTTP_PROXY: `${scheme}//ci-user:p%40ss-w0rd@${rest}` } });
    expect(r.code).toBe(0);
    expect(proxy.credentials).toEqual(['ci-user:p@ss-w0rd']);
    expect(r.stdout + r.stderr).not.toMatch(/p%40ss-w0rd|p@ss-w0rd/);
  });

  it('bypasses the proxy for hosts in NO_PROXY or no_proxy, and still succeeds', async () => {
    const upper = await b.run(['images', 'list', '--json'], { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
    const lower = await b.run(['images', 'list', '--json'], { env: { http_proxy: proxy.url, no_proxy: 'example.com,127.0.0.1' } });
    for (const r of [upper, lower]) {
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).length).toBeGreaterThan(0);
    }
    expect(proxy.seen).toEqual([]);
    expect(requestLines(b.emu).slice(-2)).toEqual(['GET /v1/container-images 200', 'GET /v1/container-images 200']);
  });

  it('sends the token exchange for the default API to https://spice.ai through HTTPS_PROXY', async () => {
    // No API URL: the default https://api.spice.ai, whose token endpoint is spice.ai. The
    // proxy refuses every non-loopback target, so nothing leaves this machine.
    const r = await b.run(['apps', 'list', '--timeout', '3s'], {
      env: { ...clientCredentials, SPICE_API_URL: undefined, HTTPS_PROXY: proxy.url },
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^error: get an access token with SPICE_CLIENT_ID\/SPICE_CLIENT_SECRET failed/m);
    expect(proxy.seen.length).toBeGreaterThan(0);
    expect(new Set(proxy.seen)).toEqual(new Set(['CONNECT spice.ai:443']));
  });
});

describe.skipIf(!hasOpenssl())('certificates (NODE_EXTRA_CA_CERTS; needs openssl)', () => {
  let dir: string;
  let front: TlsFront;
  let caFile: string;
  let httpsUrl: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spice-cloud-tls-'));
    const certs = makeCertificates(dir);
    caFile = certs.caFile;
    front = await tlsFront(b.emu.port, certs);
    httpsUrl = `https://localhost:${front.port}`;
  });
  afterAll(async () => {
    await front?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails with exit 1 and a one-line certificate error when the CA is not trusted', async () => {
    const r = await b.run(['apps', 'list'], { env: { SPICE_API_URL: httpsUrl } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('error:'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^error: list apps failed: .*certificate/i);
    expect(front.handshakes.ok).toBe(0);
  });

  it('trusts the CA from NODE_EXTRA_CA_CERTS, for the API and the token exchange', async () => {
    const before = front.handshakes.ok;
    const r = await b.run(['apps', 'list', '--json'], { env: { ...clientCredentials, SPICE_API_URL: httpsUrl, NODE_EXTRA_CA_CERTS: caFile } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(front.handshakes.ok).toBeGreaterThan(before);
    expect(requestLines(b.emu).slice(-2)).toEqual(['POST /api/oauth/token 200', 'GET /v1/apps?limit=100 200']);
  });

  it('tunnels https requests through HTTPS_PROXY with CONNECT', async () => {
    const r = await b.run(['members', 'list', '--json'], { env: { SPICE_API_URL: httpsUrl, NODE_EXTRA_CA_CERTS: caFile, HTTPS_PROXY: proxy.url } });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).map((m: { username: string }) => m.username)).toEqual(['ada', 'grace']);
    expect(proxy.seen).toEqual([`CONNECT localhost:${front.port}`]);
    // Inside the tunnel everything is TLS: the proxy cannot read the request.
    expect(proxy.requests).toEqual([]);
  });

  it('gives up on an untrusted certificate at once instead of retrying it', async () => {
    const failedBefore = front.handshakes.failed;
    const r = await b.run(['regions', 'list'], { env: { SPICE_API_URL: httpsUrl } });
    expect(r.code).toBe(1);
    expect(front.handshakes.failed - failedBefore).toBe(1);
    expect(r.stderr).toContain('hint: Behind a TLS-inspecting proxy, point NODE_EXTRA_CA_CERTS');
  });
});
