/**
 * How one HTTP exchange leaves the process; `HttpClient` (http.ts) owns everything else
 * (headers, timeouts, retries, errors).
 *
 * By default requests go through node:http / node:https with one keep-alive agent per
 * protocol, so a command reuses its connections (a bulk import at --concurrency 8 opens
 * at most 8). Node's built-in `fetch` is not used there on purpose: its first use loads
 * the bundled undici, which costs ~90 ms and ~40 MB of memory in Node 20, more than the
 * whole of a short command (see docs/bench.md).
 *
 * When a dispatcher is given, the request goes through `fetch` with it instead: that is
 * the seam for tests (undici MockAgent) and for proxies (EnvHttpProxyAgent, chosen in
 * context.ts when HTTPS_PROXY/HTTP_PROXY is set).
 *
 * Both paths behave alike: redirects are followed (at most 20; 303, and 301/302 after a
 * POST, continue as GET without a body; the Authorization header is not sent to another
 * origin), the body is read whole as UTF-8 text, and network errors keep their `code`
 * (ECONNREFUSED, ECONNRESET, …) for http.ts to classify.
 */
import type { Agent, IncomingHttpHeaders, IncomingMessage } from 'node:http';

export interface WireRequest {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
}

/** The subset of fetch's `Headers` the client reads. */
export interface ResponseHeaders {
  /** A header's value (repeated headers joined with ", "), or null. Names are case-insensitive. */
  get(name: string): string | null;
}

export interface WireResponse {
  status: number;
  statusText: string;
  headers: ResponseHeaders;
  /** The whole body, decoded as UTF-8. */
  text: string;
}

const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Like undici's connect timeout: a connection not made by then was never sent. */
export const CONNECT_TIMEOUT_MS = 10_000;

export async function send(url: string, req: WireRequest, dispatcher?: unknown): Promise<WireResponse> {
  if (dispatcher !== undefined) return viaFetch(url, req, dispatcher);
  let target = new URL(url);
  let current = req;
  for (let redirects = 0; ; redirects++) {
    const res = await viaNode(target, current);
    const location = REDIRECT_STATUSES.has(res.status) ? res.headers.get('location') : null;
    if (location === null) return res;
    if (redirects === MAX_REDIRECTS) throw Object.assign(new Error('too many redirects'), { code: 'ETOOMANYREDIRECTS' });
    const next = new URL(location, target);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new Error(`redirected to an unsupported URL scheme (${next.protocol})`);
    current = redirectedRequest(current, res.status, next.origin === target.origin);
    target = next;
  }
}

/** The request to send to a redirect's Location, as fetch would. */
export function redirectedRequest(req: WireRequest, status: number, sameOrigin: boolean): WireRequest {
  const headers = { ...req.headers };
  if (!sameOrigin) delete headers.authorization;
  const toGet = (status === 303 && req.method !== 'GET' && req.method !== 'HEAD') || ((status === 301 || status === 302) && req.method === 'POST');
  if (!toGet) return { ...req, headers };
  delete headers['content-type'];
  return { ...req, method: 'GET', headers, body: undefined };
}

async function viaFetch(url: string, req: WireRequest, dispatcher: unknown): Promise<WireResponse> {
  const res = await globalThis.fetch(url, { method: req.method, headers: req.headers, body: req.body, signal: req.signal, dispatcher } as RequestInit);
  return { status: res.status, statusText: res.statusText, headers: res.headers, text: await res.text() };
}

const agents = new Map<string, Agent>();

async function viaNode(url: URL, req: WireRequest): Promise<WireResponse> {
  const https = url.protocol === 'https:';
  const { Agent, request } = https ? await import('node:https') : await import('node:http');
  let agent = agents.get(url.protocol);
  if (!agent) agents.set(url.protocol, (agent = new Agent({ keepAlive: true })));
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));

  return new Promise<WireResponse>((resolve, reject) => {
    const r = request(url, { method: req.method, headers, agent, signal: req.signal }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('aborted', () => reject(Object.assign(new Error('the connection closed before the whole response arrived'), { code: 'ECONNRESET' })));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? '',
          headers: nodeHeaders(res.headers),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    r.on('error', reject);
    // A socket reused from the pool is already connected; only a new one can time out.
    r.on('socket', (socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(
        () => r.destroy(Object.assign(new Error(`could not connect within ${CONNECT_TIMEOUT_MS / 1000}s`), { code: 'ECONNECT_TIMEOUT' })),
        CONNECT_TIMEOUT_MS,
      );
      socket.once('connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    r.end(req.body);
  });
}

function nodeHeaders(h: IncomingHttpHeaders): ResponseHeaders {
  return {
    get(name) {
      const v = h[name.toLowerCase()];
      if (v === undefined) return null;
      return Array.isArray(v) ? v.join(', ') : v;
    },
  };
}
