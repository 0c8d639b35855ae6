/**
 * Network fixtures for the ecosystem end-to-end tests: a recording HTTP forward proxy,
 * a TLS front for the (plain http) emulator, certificates made with openssl at test
 * time, and a preload that logs every socket the CLI process opens.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface RecordingProxy {
  url: string;
  /** Targets asked for, in order: "CONNECT host:port" or "GET http://host:port/path". */
  seen: string[];
  /** Requests read inside plain-http tunnels and absolute-form requests: "METHOD host:port /path". */
  requests: string[];
  /** Proxy-Authorization headers received (decoded "user:password"), one per CONNECT or absolute-form request that had one. */
  credentials: string[];
  /** Distinct target hosts (host:port). */
  hosts(): string[];
  reset(): void;
  close(): Promise<void>;
}

/**
 * A forward proxy (absolute-form requests and CONNECT) on loopback. It relays only to
 * loopback targets and refuses the rest with 502 (so nothing leaves this machine), and
 * records everything it was asked for.
 */
export async function recordingProxy(): Promise<RecordingProxy> {
  const seen: string[] = [];
  const requests: string[] = [];
  const credentials: string[] = [];
  const noteCredentials = (req: http.IncomingMessage) => {
    const m = /^Basic\s+(\S+)$/i.exec(req.headers['proxy-authorization'] ?? '');
    if (m?.[1]) credentials.push(Buffer.from(m[1], 'base64').toString('utf8'));
  };
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    noteCredentials(req);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end();
      return;
    }
    requests.push(`${req.method} ${target.host} ${target.pathname}${target.search}`);
    if (!LOOPBACK.has(target.hostname)) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end('proxy: refusing a non-loopback target');
      return;
    }
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const authority = req.url ?? '';
    seen.push(`CONNECT ${authority}`);
    noteCredentials(req);
    const i = authority.lastIndexOf(':');
    const host = authority.slice(0, i);
    const port = Number(authority.slice(i + 1));
    client.on('error', () => client.destroy());
    if (!LOOPBACK.has(host) || !port) {
      client.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const upstream = net.connect(port, host.replace(/^\[|\]$/g, ''), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      // Plain http inside the tunnel: note each request line (TLS bytes never match).
      let carry = '';
      client.on('data', (chunk: Buffer) => {
        const text = carry + chunk.toString('latin1');
        for (const m of text.matchAll(/(?:^|\r\n)(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\/\S*) HTTP\/1\.[01]\r\n/g)) {
          requests.push(`${m[1]} ${authority} ${m[2]}`);
        }
        carry = text.slice(-200);
      });
      client.pipe(upstream);
      upstream.pipe(client);
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    requests,
    credentials,
    hosts: () => [...new Set(seen.map((s) => (s.startsWith('CONNECT ') ? s.slice(8) : new URL(s.split(' ')[1] ?? '').host)))],
    reset: () => {
      seen.length = 0;
      requests.length = 0;
      credentials.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Whether `openssl` can be run (certificates are made with it). */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface Certificates {
  /** PEM file of the test CA (for NODE_EXTRA_CA_CERTS). */
  caFile: string;
  key: Buffer;
  cert: Buffer;
}

/** A throwaway CA and a server certificate for localhost and 127.0.0.1, valid for a day. */
export function makeCertificates(dir: string): Certificates {
  const f = (n: string) => join(dir, n);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  ssl('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '1', '-subj', '/CN=spice-cloud e2e test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  ssl('req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(f('server.ext'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
  ssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial',
    '-out', f('server.pem'), '-days', '1', '-extfile', f('server.ext'));
  return { caFile: f('ca.pem'), key: readFileSync(f('server.key')), cert: readFileSync(f('server.pem')) };
}

/** Terminates TLS on a free loopback port and relays the bytes to 127.0.0.1:`targetPort`. */
export interface TlsFront {
  port: number;
  /** Handshakes that completed, and ones the client broke off (e.g. it did not trust the certificate). */
  handshakes: { ok: number; failed: number };
  close(): Promise<void>;
}

export async function tlsFront(targetPort: number, c: Certificates): Promise<TlsFront> {
  const sockets = new Set<net.Socket>();
  const handshakes = { ok: 0, failed: 0 };
  const server = tls.createServer({ key: c.key, cert: c.cert }, (client) => {
    handshakes.ok++;
    const upstream = net.connect(targetPort, '127.0.0.1');
    client.pipe(upstream).on('error', () => client.destroy());
    upstream.pipe(client).on('error', () => upstream.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {
    handshakes.failed++; // the client refused our certificate: expected in the negative test
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    handshakes,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A Node preload (`NODE_OPTIONS=--import <file>`) that appends one JSON line per socket
 * the process connects ({host, port} or {path}) to $SPICE_E2E_SOCKET_LOG. Every TCP and
 * TLS connection goes through net.Socket.prototype.connect, whatever library opens it.
 */
export function writeSocketLogger(dir: string): string {
  const file = join(dir, 'socket-logger.mjs');
  writeFileSync(
    file,
    `import net from 'node:net';
import { appendFileSync } from 'node:fs';
const log = process.env.SPICE_E2E_SOCKET_LOG;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  let o = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof o !== 'object' || o === null) o = typeof o === 'string' && Number.isNaN(Number(o)) ? { path: o } : { port: o, host: typeof args[1] === 'string' ? args[1] : undefined };
  if (log) appendFileSync(log, JSON.stringify(o.path ? { path: String(o.path) } : { host: o.host ?? 'localhost', port: Number(o.port) }) + '\\n');
  return connect.apply(this, args);
};
`,
  );
  return file;
}

/** The lines the socket logger wrote (empty when none). */
export function readSocketLog(file: string): Array<{ host?: string; port?: number; path?: string }> {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { host?: string; port?: number; path?: string });
}
