/**
 * The emulator is a server on a real socket: no request may crash it, a web page may
 * not drive it (foreign Host headers, text/plain admin bodies), fault patterns cannot
 * block its event loop, and SIGTERM stops it under load.
 */
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { globMatch } from '../../src/emulator/faults.js';
import { hostAllowed, allowedHosts, parseTarget } from '../../src/emulator/shared/request.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { BIN } from '../e2e/harness.js';
import { start } from './helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

/** Sends raw bytes, returns what came back before the server closed or 2 s passed. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      sock.destroy();
      resolve(got);
    };
    sock.on('data', (c) => {
      got += c.toString('latin1');
      if (/\r\n\r\n/.test(got)) setTimeout(done, 20);
    });
    sock.on('error', done);
    sock.on('close', done);
    setTimeout(done, 2000);
    sock.write(bytes, 'latin1');
  });
}

/** Malformed request lines and targets. */
export const MALFORMED_REQUEST_LINES = [
  'GET //// HTTP/1.1',
  'GET //%zz HTTP/1.1',
  'GET http://[ HTTP/1.1',
  'GET //[::1 HTTP/1.1',
  'GET * HTTP/1.1',
  'GET % HTTP/1.1',
  'GET /%zz%/..%2f../__emulator/state HTTP/1.1',
  'GET /v1/apps/%E0%A4%A HTTP/1.1',
  'GET /v1/apps/%ff HTTP/1.1',
  'GET //evil.example/v1/apps HTTP/1.1',
  'GET http://user:pass@[::1/ HTTP/1.1',
  'GET http:// HTTP/1.1',
  'GET ?x=%zz HTTP/1.1',
  'POST /v1/apps/1/secrets/%zz HTTP/1.1',
  'GET /v1/apps?limit=%zz&limit=1e400 HTTP/1.1',
  'GET /\u0000 HTTP/1.1',
  'GET /a b HTTP/1.1',
  'G\u00e9T / HTTP/1.1',
  'GET / HTTP/9.9',
  '  ',
  'GET',
  `GET /${'a'.repeat(20_000)} HTTP/1.1`,
];

describe('malformed requests', () => {
  it('every malformed request line gets a 4xx/5xx answer (or a closed socket) and the emulator keeps serving', async () => {
    emu = await start();
    for (const line of MALFORMED_REQUEST_LINES) {
      const answer = await rawExchange(emu.port, `${line}\r\nhost: 127.0.0.1\r\nauthorization: Bearer ${emu.token}\r\ncontent-length: 0\r\n\r\n`);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      // An answer (a 4xx/5xx for the broken ones) or a closed socket; never a dead server.
      expect(answer === '' || status >= 100, `${JSON.stringify(line.slice(0, 60))} → ${answer.slice(0, 80)}`).toBe(true);
      if (/^GET (\/\/\/\/|\/\/%zz|http:\/\/\[) /.test(line)) expect(status, line).toBeGreaterThanOrEqual(400);
      // Still alive after each one.
      const health = await fetch(`${emu.url}/v1/health`);
      expect(health.status).toBe(200);
    }
  });

  it('parseTarget never throws, and keeps //-paths as paths', () => {
    expect(parseTarget('////')).toMatchObject({ pathname: '////' });
    expect(parseTarget('//%zz')).toMatchObject({ pathname: '//%zz' });
    expect(parseTarget('http://[')).toMatchObject({ status: 400 });
    expect(parseTarget('*')).toMatchObject({ status: 400 });
  });
});

describe('web pages cannot drive the emulator', () => {
  it('a foreign Host header (DNS rebinding) is refused with 421, on the API and admin routes', async () => {
    emu = await start();
    for (const path of ['/__emulator/state', '/v1/apps']) {
      const answer = await rawExchange(emu.port, `GET ${path} HTTP/1.1\r\nhost: attacker.example:${emu.port}\r\nauthorization: Bearer ${emu.token}\r\n\r\n`);
      expect(answer).toMatch(/^HTTP\/1\.1 421/);
      expect(answer).not.toContain('"apps"');
    }
    const ok = await rawExchange(emu.port, `GET /v1/health HTTP/1.1\r\nhost: localhost:${emu.port}\r\n\r\n`);
    expect(ok).toMatch(/^HTTP\/1\.1 200/);
  });

  it('hostAllowed takes loopback names and the bound address only', () => {
    const hosts = allowedHosts('127.0.0.1');
    for (const h of ['localhost:8787', '127.0.0.1', '127.1.2.3:1', '[::1]:8787', 'emu.localhost', 'LOCALHOST.']) expect(hostAllowed(h, hosts), h).toBeUndefined();
    for (const h of ['evil.example', 'localhost.evil.example', '10.0.0.1', '[::1', '']) expect(hostAllowed(h, hosts), h).toMatchObject({ status: 421 });
    expect(hostAllowed('192.0.2.5:80', allowedHosts('192.0.2.5'))).toBeUndefined();
  });

  it('admin routes accept only JSON bodies: a text/plain POST (no preflight) installs nothing', async () => {
    emu = await start();
    const res = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ action: 'drop' }) });
    expect(res.status).toBe(415);
    const form = await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'spec=*=drop' });
    expect(form.status).toBe(415);
    expect(((await (await fetch(`${emu.url}/__emulator/faults`)).json()) as { faults: unknown[] }).faults).toEqual([]);
  });

  it('with an admin token, admin routes need it', async () => {
    emu = await start({ adminToken: 'admin-secret-1234' });
    expect((await fetch(`${emu.url}/__emulator/state`)).status).toBe(401);
    expect((await fetch(`${emu.url}/__emulator/state`, { headers: { 'x-emulator-admin-token': 'wrong' } })).status).toBe(401);
    expect((await fetch(`${emu.url}/__emulator/state`, { headers: { 'x-emulator-admin-token': 'admin-secret-1234' } })).status).toBe(200);
    expect((await fetch(`${emu.url}/__emulator/state`, { headers: { authorization: 'Bearer admin-secret-1234' } })).status).toBe(200);
  });
});

describe('fault patterns', () => {
  it('match in time bounded by pattern × path, even for patterns built to backtrack', () => {
    const evil = `/${Array.from({ length: 40 }, () => '**').join('/')}/x`;
    const evilSeg = `/${'*a'.repeat(60)}b`;
    const path = `/${Array.from({ length: 200 }, () => 'a').join('/')}`;
    const started = Date.now();
    expect(globMatch(evil, path)).toBe(false);
    expect(globMatch(evilSeg, `/${'a'.repeat(5000)}`)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(globMatch('/v1/apps/**', '/v1/apps/1/secrets')).toBe(true);
    expect(globMatch('/v1/*/1', '/v1/apps/1')).toBe(true);
    expect(globMatch('/v1/ap*s', '/v1/apps')).toBe(true);
    expect(globMatch('/v1/ap*s', '/v1/apps/1')).toBe(false);
  });

  it('a pathological pattern installed over HTTP does not stop the emulator answering', async () => {
    emu = await start();
    const res = await fetch(`${emu.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'status', status: 503, path: `/${'*a'.repeat(100)}b` }),
    });
    expect(res.status).toBe(201);
    const r = await fetch(`${emu.url}/${'a'.repeat(8000)}`, { headers: { authorization: `Bearer ${emu.token}` } });
    expect(r.status).toBe(404);
  });
});

describe('emulator serve', () => {
  it('with --host 0.0.0.0 prints a URL the CLI accepts and warns about the admin routes; SIGTERM under load stops it', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator', '--host', '0.0.0.0', '--port', '0', '--runtime-port', '0', '--flight-port', '0', '--queued', '0', '--running', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // stdout and stderr are two pipes: the warnings may arrive after the token line.
    for (let i = 0; i < 100 && !(/SPICE_API_TOKEN=/.test(out) && /set --admin-token/.test(err)); i++) await new Promise((r) => setTimeout(r, 100));
    const url = /SPICE_API_URL=(\S+)/.exec(out)?.[1] ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(err).toMatch(/admin routes .* exposed too: set --admin-token/);
    // Load: a steady stream of requests while SIGTERM arrives.
    let stop = false;
    const load = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (!stop) await fetch(`${url}/v1/apps`, { headers: { authorization: 'Bearer spice-emulator-token' } }).catch(() => undefined);
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const code = await exited;
    clearTimeout(timer);
    stop = true;
    await load;
    expect(code).not.toBeNull();
  }, 30_000);
});
