/**
 * The emulated runtime's HTTP server (the data plane, `dataplane.md` §3–4):
 *
 *   fault pick ──▶ drop | delay | canned answer (plain text) | truncated stream
 *   route match (404 empty body / 405 with Allow, as axum)
 *   auth: X-API-Key → the app (401 `Unauthorized`, 503 before the first successful deployment)
 *   body (413 above 128 MiB)  ▶  handler (plain-text errors)  ▶  request log (never the key)
 *
 * Handlers either return a reply or stream into `ctx.res` themselves (SQL rows, SSE).
 * Nothing a client sends can crash the server: every handler error becomes a 4xx/5xx.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setMaxListeners } from 'node:events';
import type { Socket } from 'node:net';
import { Router } from '../router.js';
import type { AppRuntime, EmulatedRuntimeHost, FaultAction } from './host.js';

export const MAX_RUNTIME_BODY = 128 * 1024 * 1024;

/** Thrown by handlers: answered as plain text with this status. */
export class RtError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'RtError';
  }
}

export interface RuntimeSettings {
  /** `--cloud-limits`: 500 rows and 90 s on /v1/sql. */
  cloudLimits: boolean;
  /** Emulated chat models: delay between streamed tokens (benchmarks). */
  chatTokenDelayMs: number;
  /** Whether chat SSE streams end with `data: [DONE]` (a request's model param can override). */
  chatDone: boolean;
  /** SSE keep-alive comment interval. */
  keepAliveMs: number;
  /** Cloud gateway limits. */
  rowCap: number;
  timeoutMs: number;
}

export interface RtCtx {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  params: Record<string, string>;
  /** The app the API key selected; set on every authenticated route. */
  app: AppRuntime;
  body: Buffer;
  /** Aborted when the client goes away (or the server closes). */
  signal: AbortSignal;
  settings: RuntimeSettings;
  /** Addresses for /v1/status. */
  addresses: () => { http: string; flight: string | null };
  /** The fault rule of this request, for handlers that can cut a stream ('truncated'). */
  fault: FaultAction | undefined;
}

export interface RtReply {
  status: number;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

/** Returned by handlers that wrote the response themselves. */
export interface Streamed {
  streamed: true;
  status: number;
}

export type RtHandler = (ctx: RtCtx) => Promise<RtReply | Streamed> | RtReply | Streamed;

export const text = (status: number, body: string, contentType = 'text/plain; charset=utf-8'): RtReply => ({
  status,
  body,
  headers: { 'content-type': contentType },
});

export const jsonReply = (status: number, value: unknown, headers: Record<string, string> = {}): RtReply => ({
  status,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', ...headers },
});

export interface RouteDef {
  method: string;
  path: string;
  auth: boolean;
  handler: RtHandler;
}

export class RuntimeHttpServer {
  private readonly server: Server;
  private readonly router = new Router<RtCtx>();
  private readonly sockets = new Set<Socket>();
  private readonly closing = new AbortController();
  private flightAddress: string | null = null;
  private url = '';

  constructor(
    private readonly host: EmulatedRuntimeHost,
    private readonly settings: RuntimeSettings,
    routes: RouteDef[],
  ) {
    for (const r of routes) {
      // The shared Router is typed for the Management API's replies; runtime handlers are stored as-is.
      this.router.add({ method: r.method, template: r.path, handler: r.handler as unknown as Parameters<Router<RtCtx>['add']>[0]['handler'], auth: r.auth ? { kind: 'bearer', scope: null } : { kind: 'none' } });
    }
    // One listener per request in flight (removed when it ends): not a leak.
    setMaxListeners(0, this.closing.signal);
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      else socket.destroy();
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        const p = typeof addr === 'object' && addr ? addr.port : port;
        const h = reachableHost(host);
        this.url = `http://${h.includes(':') ? `[${h}]` : h}:${p}`;
        resolve(p);
      });
    });
  }

  setFlightAddress(address: string | null): void {
    this.flightAddress = address;
  }

  async close(): Promise<void> {
    this.closing.abort();
    const done = new Promise<void>((r) => this.server.close(() => r()));
    this.server.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    await done;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    req.on('error', () => {});
    res.on('error', () => {});
    const started = performance.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://runtime.invalid');
    let appName: string | undefined;
    const finish = (status: number) => this.host.record({ method, path: logPath(url), status, ms: performance.now() - started, ...(appName ? { app: appName } : {}) });

    // Aborted when the client hangs up before the response is complete, or on close.
    const ac = new AbortController();
    const onGone = () => ac.abort();
    res.on('close', () => {
      if (!res.writableFinished) onGone();
    });
    this.closing.signal.addEventListener('abort', onGone, { once: true });
    res.on('close', () => this.closing.signal.removeEventListener('abort', onGone));

    const fault = this.host.fault(method, url.pathname);
    if (fault?.action === 'drop') {
      req.socket.destroy();
      finish(0);
      return;
    }
    if (fault?.action === 'delay') await sleep(fault.delayMs ?? 1000, ac.signal);
    if (ac.signal.aborted) return finish(0);
    if (fault && fault.action !== 'delay' && fault.action !== 'drop-after' && fault.action !== 'truncated') {
      finish(sendCanned(res, fault));
      return;
    }

    let status: number;
    try {
      status = await this.dispatch(req, res, method, url, ac.signal, fault, (name) => (appName = name));
    } catch (err) {
      status = sendError(res, err);
    }
    if (fault?.action === 'drop-after') {
      req.socket.destroy();
      finish(0);
      return;
    }
    finish(status);
  }

  private async dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    method: string,
    url: URL,
    signal: AbortSignal,
    fault: FaultAction | undefined,
    setApp: (name: string) => void,
  ): Promise<number> {
    // axum answers HEAD on GET routes (headers, no body).
    const m = this.router.match(method === 'HEAD' ? 'GET' : method, url.pathname);
    if (m.kind === 'not-found') return send(res, { status: 404 });
    if (m.kind === 'method-not-allowed') return send(res, { status: 405, headers: { allow: m.allowed.join(',') } });
    let app: AppRuntime | null = null;
    if (m.route.auth.kind === 'bearer') {
      const header = req.headers['x-api-key'];
      const key = Array.isArray(header) ? header[0] : header;
      const auth = await this.host.authenticate(key?.trim() === '' ? undefined : key);
      if (!auth.ok) return send(res, text(auth.status, auth.message));
      app = auth.app;
      setApp(app.name);
    }
    const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req, MAX_RUNTIME_BODY);
    const ctx: RtCtx = {
      req,
      res,
      method,
      url,
      params: m.params,
      app: app as AppRuntime,
      body,
      signal,
      settings: this.settings,
      addresses: () => ({ http: this.url, flight: this.flightAddress }),
      fault,
    };
    const out = await (m.route.handler as unknown as RtHandler)(ctx);
    if ('streamed' in out) return out.status;
    if (fault?.action === 'truncated') return sendTruncated(res, out);
    return send(res, out);
  }
}

/** The address to dial from this machine when bound to every interface (loopback, which the CLI accepts over http). */
export const reachableHost = (host: string): string => (host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host);

/** The logged path: query values are dropped entirely (a key could be passed as ?api_key=). */
function logPath(url: URL): string {
  const keys = [...new Set([...url.searchParams.keys()])];
  return keys.length > 0 ? `${url.pathname}?${keys.map((k) => `${k}=***`).join('&')}` : url.pathname;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}

/** Resolves when a streamed response can take more (drain) or is gone (close); no listeners left behind. */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function send(res: ServerResponse, reply: RtReply): number {
  if (res.headersSent || res.destroyed) return reply.status;
  const headers: Record<string, string> = { ...reply.headers };
  const body = reply.body ?? '';
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(reply.status, headers);
  res.end(res.req?.method === 'HEAD' ? undefined : body);
  return reply.status;
}

function sendError(res: ServerResponse, err: unknown): number {
  if (err instanceof RtError) return send(res, { ...text(err.status, err.message), headers: { 'content-type': 'text/plain; charset=utf-8', ...err.headers } });
  if (res.headersSent) {
    // Mid-stream failure: the status cannot change; cut the body so the client sees it.
    res.destroy();
    return res.statusCode;
  }
  return send(res, text(500, 'Internal Server Error'));
}

/** Fault 'truncated' on a buffered route: half the body, then the connection is cut. */
function sendTruncated(res: ServerResponse, reply: RtReply): number {
  const body = Buffer.from(reply.body ?? '');
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length + 4096) });
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
  return reply.status;
}

/** Canned fault answers in the runtime's style (plain-text bodies). */
function sendCanned(res: ServerResponse, fault: FaultAction): number {
  switch (fault.action) {
    case 'status': {
      const status = fault.status ?? 500;
      const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      return send(res, { status, headers, body: status === 204 ? '' : `${STATUS_CODES[status] ?? 'Error'} (injected fault)` });
    }
    case 'html': {
      const status = fault.status ?? 502;
      const title = `${status} ${STATUS_CODES[status] ?? ''}`;
      return send(res, { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: `<!DOCTYPE html>\n<html><head><title>${title}</title></head><body><h1>${title}</h1><p>injected fault</p></body></html>\n` });
    }
    case 'malformed-json':
      return send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: '[{"broken":' });
    case 'empty':
      return send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: '' });
    case 'wrong-content-type':
      return send(res, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '[{"injected":"wrong-content-type"}]' });
    default:
      return send(res, text(500, 'Internal Server Error (injected fault)'));
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > limit * 2) req.destroy();
    });
    req.on('end', () => (size > limit ? reject(new RtError(413, 'length limit exceeded')) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('close', () => reject(new RtError(400, 'request aborted')));
  });
}
