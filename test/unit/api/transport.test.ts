/**
 * The node:http transport (the default path, used whenever no dispatcher is given),
 * against real servers on loopback, and HttpClient's error mapping over it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/api/http.js';
import { redirectedRequest, send, type WireRequest } from '../../../src/api/transport.js';
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

  it('follows a 307 with the same method and body, and a 302 after POST as a GET without body', async () => {
    const s = await serve((r, res) => {
      if (r.url === '/old') return res.writeHead(307, { location: '/new' }).end();
      if (r.url === '/moved') return res.writeHead(302, { location: '/new' }).end();
      res.end(`${r.method}`);
    });
    const post = req({ method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer t' }, body: '{}' });
    expect((await send(`${s.url}/old`, post)).text).toBe('POST');
    expect((await send(`${s.url}/moved`, post)).text).toBe('GET');
    expect(s.seen.map((x) => `${x.method} ${x.url} ${x.body} ${x.headers['content-type'] ?? '-'} ${x.headers.authorization ?? '-'}`)).toEqual([
      'POST /old {} application/json Bearer t',
      'POST /new {} application/json Bearer t',
      'POST /moved {} application/json Bearer t',
      'GET /new  - Bearer t',
    ]);
  });

  it('does not send the Authorization header to another origin after a redirect', async () => {
    const other = await serve((r, res) => res.end(r.headers.authorization ?? 'none'));
    const s = await serve((_r, res) => res.writeHead(308, { location: `${other.url}/there` }).end());
    expect((await send(`${s.url}/here`, req({ headers: { authorization: 'Bearer t' } }))).text).toBe('none');
  });

  it('gives up after 20 redirects', async () => {
    const s = await serve((_r, res) => res.writeHead(302, { location: '/again' }).end());
    await expect(send(`${s.url}/again`, req())).rejects.toMatchObject({ code: 'ETOOMANYREDIRECTS' });
    expect(s.seen).toHaveLength(21);
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
    expect(redirectedRequest({ ...post, method: 'PUT' }, 303, true)).toMatchObject({ method: 'GET', body: undefined, headers: { authorization: 'Bearer t' } });
    expect(redirectedRequest(post, 308, true)).toMatchObject({ method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
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
