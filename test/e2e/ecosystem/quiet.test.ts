/**
 * Quiet by design: every read command with --json prints exactly one JSON document on
 * stdout and nothing on stderr, asks the API only for the routes it needs, contacts no
 * other host (no update check, no telemetry) and writes no file but the name → ID cache
 * (src/config/app-ids.ts), which is what lets a read addressed by name skip the listing.
 *
 * Proof of "no other host": the CLI runs with HTTP_PROXY and HTTPS_PROXY pointing at a
 * recording proxy (which refuses non-loopback targets), and with a preload that logs
 * every socket the process opens: each one must be a connection to that proxy.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, requestLines, type Bed } from '../harness.js';
import { readSocketLog, recordingProxy, writeSocketLogger, type RecordingProxy } from './net-helpers.js';

let b: Bed;
let proxy: RecordingProxy;
let dir: string;
let logger: string;
let configHome: string;
let runs = 0;

beforeAll(async () => {
  [b, proxy] = await Promise.all([bed(), recordingProxy()]);
  dir = mkdtempSync(join(tmpdir(), 'spice-cloud-quiet-'));
  logger = writeSocketLogger(dir);
  configHome = join(dir, 'config');
  // Fixture made outside the observed runs: an app with a deployment and a secret.
  const token = { authorization: `Bearer ${b.emu.token}`, 'content-type': 'application/json' };
  const post = (path: string, body: unknown) => fetch(`${b.emu.url}${path}`, { method: 'POST', headers: token, body: JSON.stringify(body) });
  expect((await post('/v1/apps', { name: 'quiet-app', region: 'us-east-1' })).status).toBe(201);
  expect((await post('/v1/apps/1/secrets', { name: 'DB_URL', value: 'postgres://x' })).status).toBe(200);
});
afterAll(async () => {
  await Promise.all([b?.close(), proxy?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

// In this order: `apps list` teaches the name → ID cache "quiet-app", so the reads by name after it send only their own request.
const READS: Array<[string, string[], string[]]> = [
  ['apps list', ['apps', 'list'], ['GET /v1/apps?limit=100 200']],
  ['deployments list', ['deployments', 'list', '-a', 'quiet-app'], ['GET /v1/apps/1/deployments 200']],
  ['secrets list', ['secrets', 'list', '-a', 'quiet-app'], ['GET /v1/apps/1/secrets?limit=100 200']],
  ['members list', ['members', 'list'], ['GET /v1/members?limit=100 200']],
  ['regions list', ['regions', 'list'], ['GET /v1/regions 200']],
  ['images list', ['images', 'list'], ['GET /v1/container-images 200']],
  ['keys get', ['keys', 'get', '-a', 'quiet-app'], ['GET /v1/apps/1/api-keys 200']],
  ['auth status', ['auth', 'status'], ['GET /v1/orgs?limit=100 200']],
  ['doctor', ['doctor'], ['GET /v1/health 200', 'GET /v1/apps?limit=100 200']],
  ['help exit-codes', ['help', 'exit-codes'], []],
  ['help environment', ['help', 'environment'], []],
  ['link --status', ['link', '--status'], []],
];

describe('every read command with --json', () => {
  it.each(READS)('%s: one JSON document on stdout, only its own API routes, no other host', async (_name, args, routes) => {
    const socketLog = join(dir, `sockets-${++runs}.jsonl`);
    proxy.reset();
    const before = b.emu.requests().length;
    const r = await b.run([...args, '--json'], {
      env: {
        HTTP_PROXY: proxy.url,
        HTTPS_PROXY: proxy.url,
        XDG_CONFIG_HOME: configHome,
        NODE_OPTIONS: `--import=${logger}`,
        SPICE_E2E_SOCKET_LOG: socketLog,
      },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(() => JSON.parse(r.stdout)).not.toThrow(); // one document, nothing else

    // The API saw exactly the routes the command needs...
    expect(requestLines(b.emu).slice(before)).toEqual(routes);
    // ...all of them through the proxy, which was asked for no other host...
    const emuHost = new URL(b.emu.url).host;
    expect(proxy.requests).toEqual(routes.map((l) => l.replace(/^(\w+) (\S+) \d+$/, `$1 ${emuHost} $2`)));
    expect(proxy.hosts().filter((h) => h !== emuHost)).toEqual([]);
    // ...and the process opened no socket but to the proxy.
    const proxyPort = Number(new URL(proxy.url).port);
    const sockets = readSocketLog(socketLog);
    expect(sockets.filter((s) => !(s.port === proxyPort && (s.host === '127.0.0.1' || s.host === 'localhost')))).toEqual([]);
    if (routes.length === 0) expect(sockets).toEqual([]);
    else expect(sockets.length).toBeGreaterThan(0);
  });

  it('writes no file but the name → ID cache: no config, no token cache, no update-check state', () => {
    expect(runs).toBe(READS.length);
    expect(existsSync(configHome) ? readdirSync(configHome, { recursive: true }).sort() : []).toEqual(['spice-cloud', join('spice-cloud', 'app-ids.json')]);
    expect(readdirSync(b.home)).toEqual([]);
  });
});

describe('the socket logger', () => {
  it('sees a direct connection when no proxy is set (so the checks above can fail)', async () => {
    const socketLog = join(dir, 'sockets-direct.jsonl');
    const r = await b.run(['regions', 'list', '--json'], { env: { NODE_OPTIONS: `--import=${logger}`, SPICE_E2E_SOCKET_LOG: socketLog } });
    expect(r.code).toBe(0);
    expect(readSocketLog(socketLog)).toEqual([{ host: '127.0.0.1', port: b.emu.port }]);
  });
});
