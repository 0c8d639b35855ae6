/**
 * The node:http transport (the default path, used whenever no dispatcher is given),
 * against real servers on loopback, and HttpClient's error mapping over it.
 */
import { getEventListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/api/http.js';
import { makeLoopbackLookup, nextHop, redirectedRequest, send, type WireRequest } from '../../../src/api/transport.js';
import { systemClock } from '../../../src/context.js';
import { NetworkError, TimeoutError } from '../../../src/errors.js';
import { Redactor } from '../../../src/output/mask.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const servers: Server[] = [];

/** A loopback server that records each request and answers with `handler`. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const seen: Seen[] = [];
  let connections = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, connections: () => connections };
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => (s.closeAllConnections(), s.close(resolve)))));
});

const req = (o: Partial<WireRequest> = {}): WireRequest => ({ method: 'GET', headers: {}, body: undefined, signal: new AbortController().signal, ...o });

describe('send over node:http', () => {
  it('sends the method, headers and body, and returns status, headers (any case) and the UTF-8 text', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(201, 'Created', { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
      // A multi-byte character split across two chunks must decode whole.
      const bytes = Buffer.from('{"name":"café"}');
      res.write(bytes.subarray(0, 13));
      res.end(bytes.subarray(13));
    });
    const res = await send(`${s.url}/v1/apps?x=1`, req({ method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"a":"é"}' }));
    expect(res).toMatchObject({ status: 201, statusText: 'Created', text: '{"name":"café"}' });
    expect(res.headers.get('Content-Type')).toBe('application/json');
    expect(res.headers.get('x-multi')).toBe('a, b');
    expect(res.headers.get('absent')).toBeNull();
    expect(s.seen).toEqual([
      expect.objectContaining({ method: 'POST', url: '/v1/apps?x=1', body: '{"a":"é"}', headers: expect.objectContaining({ authorization: 'Bearer t', 'content-length': '10' }) }),
    ]);
  });

  it('reuses one keep-alive connection for requests made one after another', async () => {
    const s = await serve((_req, res) => res.end('ok'));
    for (let i = 0; i < 5; i++) expect((await send(`${s.url}/v1/health`, req())).text).toBe('ok');
    expect(s.connections()).toBe(1);
  });

  it('opens no more connections than requests in flight', async () => {
    const s = await serve((_req, res) => setTimeout(() => res.end('ok'), 5));
    const batch = () => Promise.all(Array.from({ length: 4 }, () => send(`${s.url}/x`, req())));
    await batch();
    await batch();
    expect(s.connections()).toBe(4);
  });

  it('follows a same-origin 307 with the same method and body', async () => {
    const s = await serve((r, res) => {
      if (r.url === '/old') return res.writeHead(307, { location: '/new' }).end();
      res.end(`${r.method}`);
    });
    const post = req({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer t' }, body: '{}' });
    expect((await send(`${s.url}/old`, post)).text).toBe('POST');
    expect(s.seen.map((x) => `${x.method} ${x.url} ${x.body} ${x.headers.authorization ?? '-'}`)).toEqual(['POST /old {} Bearer t', 'POST /new {} Bearer t']);
  });

  it('follows a same-origin 302 after a GET', async () => {
    const s = await serve((r, res) => (r.url === '/moved' ? res.writeHead(302, { location: '/new' }).end() : res.end(`${r.method} ${r.url}`)));
    expect((await send(`${s.url}/moved`, req({ headers: { authorization: 'Bearer t' } }))).text).toBe('GET /new');
  });

  for (const [method, status] of [['POST', 302], ['POST', 301], ['PUT', 303], ['PATCH', 302], ['DELETE', 301]] as const) {
    it(`refuses a ${status} answer to a ${method}, naming status and location, and sends no GET`, async () => {
      const s = await serve((r, res) => (r.url === '/w' ? res.writeHead(status, { location: '/elsewhere' }).end() : res.end('ok')));
      const err = await send(`${s.url}/w`, req({ method, body: '{}' })).catch((e) => e);
      expect(err).toMatchObject({ code: 'EREDIRECT', final: true });
      expect(err.message).toContain(String(status));
      expect(err.message).toContain(`${s.url}/elsewhere`);
      expect(err.message).toMatch(/not carried out/);
      expect(s.seen.map((x) => x.method)).toEqual([method]);
    });
  }

  it('never follows a redirect to another origin with a body or credentials, and says which', async () => {
    const other = await serve((_r, res) => res.end('reached'));
    const s = await serve((_r, res) => res.writeHead(308, { location: `${other.url}/there` }).end());
    for (const r of [req({ headers: { authorization: 'Bearer t' } }), req({ headers: { 'x-org-name': 'acme' } }), req({ method: 'POST', body: '{"client_secret":"s"}' })]) {
      const err = await send(`${s.url}/here`, r).catch((e) => e);
      expect(err).toMatchObject({ code: 'EREDIRECT', final: true });
      expect(err.message).toContain(`${other.url}/there`);
    }
    expect(other.seen).toHaveLength(0);
  });

  it('follows a cross-origin redirect of a GET that carries nothing', async () => {
    const other = await serve((r, res) => res.end(r.headers.authorization ?? 'none'));
    const s = await serve((_r, res) => res.writeHead(308, { location: `${other.url}/there` }).end());
    expect((await send(`${s.url}/here`, req())).text).toBe('none');
  });

  it('refuses a redirect from https down to http, and plain http to a non-loopback host on any hop', () => {
    const from = new URL('https://api.test/v1/apps');
    expect(() => nextHop(req(), 302, from, 'http://api.test/v1/apps')).toThrow(/https down to plain http/);
    expect(() => nextHop(req(), 302, from, 'ftp://api.test/x')).toThrow(/unsupported URL scheme/);
  });

  it('refuses a plain-http hop to a non-loopback address', async () => {
    const s = await serve((_r, res) => res.writeHead(302, { location: 'http://192.0.2.1/x' }).end());
    await expect(send(`${s.url}/here`, req())).rejects.toMatchObject({ code: 'EPLAINHTTP', final: true });
    await expect(send('http://192.0.2.1/x', req())).rejects.toMatchObject({ code: 'EPLAINHTTP' });
  });

  it('checks at connect time that a plain-http name resolves to loopback', async () => {
    const s = await serve((_r, res) => res.end('ok'));
    const port = new URL(s.url).port;
    expect((await send(`http://localhost:${port}/x`, req())).text).toBe('ok');
    const fake = (address: string) => makeLoopbackLookup((_h, _o, cb) => cb(null, [{ address, family: 4 }]));
    const ask = (lookup: ReturnType<typeof makeLoopbackLookup>, host: string) =>
      new Promise<{ err: Error | null; addr: unknown }>((resolve) => lookup(host, {}, (err, addr) => resolve({ err, addr })));
    expect(await ask(fake('127.0.0.1'), 'emu.localhost')).toEqual({ err: null, addr: '127.0.0.1' });
    const refused = await ask(fake('203.0.113.7'), 'evil.localhost');
    expect(refused.err).toMatchObject({ code: 'EPLAINHTTP', final: true });
    expect(refused.err!.message).toMatch(/evil\.localhost: the name resolves to 203\.0\.113\.7, not loopback/);
  });

  it('gives up on a redirect loop at once, and after 20 redirects', async () => {
    const s = await serve((r, res) => {
      if (r.url === '/loop') return res.writeHead(302, { location: '/loop' }).end();
      const n = Number(r.url!.slice(1)) + 1;
      res.writeHead(302, { location: `/${n}` }).end();
    });
    await expect(send(`${s.url}/loop`, req())).rejects.toMatchObject({ code: 'ETOOMANYREDIRECTS', final: true });
    expect(s.seen).toHaveLength(1);
    await expect(send(`${s.url}/0`, req())).rejects.toMatchObject({ code: 'ETOOMANYREDIRECTS' });
    expect(s.seen).toHaveLength(22);
  });

  it('caps the body: a declared length, an endless stream and a gzip bomb stop at the limit', async () => {
    const { gzipSync } = await import('node:zlib');
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    let streamed = 0;
    const s = await serve((r, res) => {
      if (r.url === '/declared') return res.writeHead(200, { 'content-length': String(1 << 30) }).end();
      if (r.url === '/gzip') return res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' }).end(bomb);
      res.writeHead(200);
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = () => {
        while (!res.destroyed && res.write(chunk)) if ((streamed += chunk.length) > 256 * 1024 * 1024) return res.end();
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const limit = { maxBodyBytes: 1024 * 1024 };
    await expect(send(`${s.url}/declared`, req(limit))).rejects.toMatchObject({ code: 'EBODYTOOLARGE', final: true });
    await expect(send(`${s.url}/endless`, req(limit))).rejects.toThrow(/larger than 1 MiB/);
    expect(streamed).toBeLessThan(64 * 1024 * 1024);
    await expect(send(`${s.url}/gzip`, req(limit))).rejects.toMatchObject({ code: 'EBODYTOOLARGE' });
    expect((await send(`${s.url}/gzip`, req({ maxBodyBytes: 16 * 1024 * 1024 }))).text).toHaveLength(8 * 1024 * 1024);
  });

  it('caps the body through a dispatcher too, counting decompressed bytes', async () => {
    const { gzipSync } = await import('node:zlib');
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock.get('https://api.test').intercept({ path: '/big', method: 'GET' }).reply(200, gzipSync(Buffer.alloc(4 * 1024 * 1024)), { headers: { 'content-encoding': 'gzip' } });
    await expect(send('https://api.test/big', req({ maxBodyBytes: 1024 * 1024 }), mock)).rejects.toMatchObject({ code: 'EBODYTOOLARGE' });
    await mock.close();
  });

  it('applies the redirect policy through a dispatcher (fetch never follows on its own)', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    const pool = mock.get('https://api.test');
    pool.intercept({ path: '/v1/secrets', method: 'POST' }).reply(307, '', { headers: { location: 'https://evil.test/steal' } });
    pool.intercept({ path: '/v1/x', method: 'POST' }).reply(302, '', { headers: { location: '/v1/y' } });
    const post = req({ method: 'POST', headers: { authorization: 'Bearer t' }, body: '{"value":"s3cret"}' });
    await expect(send('https://api.test/v1/secrets', post, mock)).rejects.toThrow(/refused a 307 redirect .*evil\.test/);
    await expect(send('https://api.test/v1/x', post, mock)).rejects.toThrow(/302 redirect to https:\/\/api\.test\/v1\/y; the write was not carried out/);
    await mock.close();
  });

  it('rejects with ECONNRESET when the connection closes before the whole body arrived', async () => {
    const s = await serve((_r, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 5);
    });
    await expect(send(`${s.url}/x`, req())).rejects.toMatchObject({ code: 'ECONNRESET' });
  });

  it('rejects as soon as the signal aborts', async () => {
    const s = await serve(() => undefined); // never answers
    const ctl = new AbortController();
    const pending = send(`${s.url}/slow`, req({ signal: ctl.signal }));
    setTimeout(() => ctl.abort(), 10);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('sends nothing when the signal has already aborted', async () => {
    let seen = 0;
    const s = await serve((_r, res) => {
      seen++;
      res.end('{}');
    });
    const ctl = new AbortController();
    ctl.abort(new Error('cancelled'));
    await expect(send(`${s.url}/x`, req({ signal: ctl.signal }))).rejects.toMatchObject({ name: 'AbortError', cause: ctl.signal.reason });
    await new Promise((r) => setTimeout(r, 50));
    expect(seen).toBe(0);
  });

  it('stops reading a body that is still arriving when the signal aborts', async () => {
    const s = await serve((_r, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":'); // and never the rest
    });
    const ctl = new AbortController();
    const pending = send(`${s.url}/x`, req({ signal: ctl.signal }));
    setTimeout(() => ctl.abort(), 30);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('leaves no listener on the signal once the request is done', async () => {
    const s = await serve((_r, res) => res.end('{}'));
    const ctl = new AbortController();
    for (let i = 0; i < 3; i++) await send(`${s.url}/x`, req({ signal: ctl.signal }));
    await new Promise((r) => setImmediate(r));
    expect(getEventListeners(ctl.signal, 'abort')).toHaveLength(0);
  });

  it('goes through fetch with the dispatcher when one is given', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    mock.get('https://api.test').intercept({ path: '/v1/health', method: 'GET' }).reply(200, 'fine', { headers: { date: 'Tue, 01 Jan 2030 00:00:00 GMT' } });
    const res = await send('https://api.test/v1/health', req(), mock);
    expect(res.text).toBe('fine');
    expect(res.headers.get('Date')).toBe('Tue, 01 Jan 2030 00:00:00 GMT');
    await mock.close();
  });
});

describe('redirectedRequest', () => {
  const post = req({ method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{}' });
  it('turns a 303 after PUT into a GET, and keeps a 308 POST as is', () => {
    expect(redirectedRequest({ ...post, method: 'PUT' }, 303)).toMatchObject({ method: 'GET', body: undefined, headers: { authorization: 'Bearer t' } });
    expect(redirectedRequest(post, 308)).toMatchObject({ method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
  });
});

describe('HttpClient over node:http', () => {
  const client = (baseUrl: string, o: { requestTimeoutMs?: number; maxRetries?: number } = {}) =>
    new HttpClient({ baseUrl, userAgent: 'test', requestTimeoutMs: o.requestTimeoutMs ?? 2000, maxRetries: o.maxRetries ?? 0, clock: systemClock, redactor: new Redactor() });

  it('parses JSON and exposes response headers', async () => {
    const s = await serve((_r, res) => res.writeHead(200, { 'content-type': 'application/json', date: 'Tue, 01 Jan 2030 00:00:00 GMT' }).end('{"ok":true}'));
    const res = await client(s.url).get('/v1/health', { what: 'check health' });
    expect(res.data).toEqual({ ok: true });
    expect(res.headers.get('date')).toBe('Tue, 01 Jan 2030 00:00:00 GMT');
  });

  it('reports a refused connection as a network error', async () => {
    const s = await serve(() => undefined);
    servers.pop()!.close();
    await new Promise((r) => setTimeout(r, 10));
    await expect(client(s.url).get('/v1/apps', { what: 'list apps' })).rejects.toThrow(NetworkError);
    await expect(client(s.url).get('/v1/apps', { what: 'list apps' })).rejects.toThrow(/connection refused/);
  });

  it('reports a dropped connection as closed before a complete response', async () => {
    const s = await serve((_r, res) => res.socket?.destroy());
    await expect(client(s.url).get('/v1/apps', { what: 'list apps' })).rejects.toThrow(/list apps failed: the connection was closed before a complete response arrived/);
  });

  it('times out an attempt that gets no answer', async () => {
    const s = await serve(() => undefined);
    await expect(client(s.url, { requestTimeoutMs: 50 }).get('/v1/apps', { what: 'list apps' })).rejects.toThrow(TimeoutError);
  });
});

const tcpServers: import('node:net').Server[] = [];
afterEach(() => {
  for (const s of tcpServers.splice(0)) s.close();
});

describe('HttpClient retries only what a second try can fix', () => {
  const client = (baseUrl: string, o: { maxResponseBytes?: number } = {}) =>
    new HttpClient({ baseUrl, userAgent: 'test', requestTimeoutMs: 2000, maxRetries: 4, clock: { now: Date.now, sleep: async () => undefined }, redactor: new Redactor(), ...o });

  /** A raw TCP server answering every request with `answer` (bytes), counting requests. */
  async function raw(answer: string) {
    const { createServer: tcp } = await import('node:net');
    let count = 0;
    const server = tcp((sock) => {
      sock.on('data', () => {
        count++;
        sock.end(Buffer.from(answer, 'latin1'));
      });
      sock.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    tcpServers.push(server);
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => count };
  }

  it('a redirect loop is one request and one line, exit 1', async () => {
    const s = await serve((_r, res) => res.writeHead(302, { location: '/v1/apps' }).end());
    const err = await client(s.url).get('/v1/apps', { what: 'list apps' }).catch((e) => e);
    expect(err.message).toMatch(/^list apps failed: redirect loop/);
    expect(err.exitCode).toBe(1);
    expect(s.seen).toHaveLength(1);
  });

  it('a redirected write is exit 1 naming status and location, sent once', async () => {
    const s = await serve((_r, res) => res.writeHead(303, { location: '/v1/apps/9' }).end());
    const err = await client(s.url).put('/v1/apps/1', { what: 'update app 1', body: { description: 'x' } }).catch((e) => e);
    expect(err.message).toBe(`update app 1 failed: the PUT was answered with a 303 redirect to ${s.url}/v1/apps/9; the write was not carried out`);
    expect(err.exitCode).toBe(1);
    expect(s.seen.map((x) => x.method)).toEqual(['PUT']);
  });

  it('an oversize body fails in one line, without retrying', async () => {
    const s = await serve((_r, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(`"${'x'.repeat(4096)}"`));
    const err = await client(s.url, { maxResponseBytes: 1024 }).get('/v1/apps', { what: 'list apps' }).catch((e) => e);
    expect(err.message).toBe('list apps failed: the response body is larger than 1 KiB');
    expect(s.seen).toHaveLength(1);
  });

  it('a header overflow and invalid header characters are not retried', async () => {
    const overflow = await raw(`HTTP/1.1 200 OK\r\nx-big: ${'a'.repeat(20_000)}\r\n\r\n`);
    const e1 = await client(overflow.url).get('/v1/apps', { what: 'list apps' }).catch((e) => e);
    expect(e1.message).toMatch(/malformed HTTP answer \(HPE_HEADER_OVERFLOW\)/);
    expect(overflow.count()).toBe(1);
    const invalid = await raw('HTTP/1.1 200 OK\r\nx-bad\u0001: y\r\ncontent-length: 0\r\n\r\n');
    const e2 = await client(invalid.url).get('/v1/apps', { what: 'list apps' }).catch((e) => e);
    expect(e2.message).toMatch(/malformed HTTP answer \(HPE_/);
    expect(invalid.count()).toBe(1);
  });

  it('a network fault is still retried', async () => {
    let n = 0;
    const s = await serve((_r, res) => (n++ === 0 ? res.socket?.destroy() : res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":1}')));
    expect((await client(s.url).get('/v1/health', { what: 'health' })).data).toEqual({ ok: 1 });
  });

  it('the reason phrase in the trace is terminal-safe', async () => {
    // 0x9b is the 8-bit CSI; HTTP allows it in a reason phrase (obs-text).
    const s = await raw(`HTTP/1.1 200 OK \x9b2J\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`);
    const trace: string[] = [];
    await new HttpClient({ baseUrl: s.url, userAgent: 't', requestTimeoutMs: 2000, maxRetries: 0, clock: systemClock, redactor: new Redactor(), trace: (l) => trace.push(l) }).get('/x', { what: 'x' });
    expect(trace.join('\n')).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(trace.join('\n')).toContain('< 200 OK \\x9b2J');
  });
});
