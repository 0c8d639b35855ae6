/**
 * How one HTTP exchange leaves the process; `HttpClient` (http.ts) owns everything else
 * (headers, timeouts, retries, errors). The runtime client (src/runtime/http.ts) sends
 * through here too, so every protection below applies to both.
 *
 * By default requests go through node:http / node:https with one keep-alive agent per
 * protocol, so a command reuses its connections (a bulk import at --concurrency 8 opens
 * at most 8). Node's built-in `fetch` is not used there on purpose: its first use loads
 * the bundled undici, which costs ~90 ms and ~40 MB of memory in Node 20, more than the
 * whole of a short command (see docs/bench.md).
 *
 * When a dispatcher is given, the request goes through `fetch` with it instead: that is
 * the seam for tests (undici MockAgent) and for proxies (EnvHttpProxyAgent, chosen in
 * context.ts when HTTPS_PROXY/HTTP_PROXY is set). Redirects are never left to fetch:
 * both paths follow them here, under one policy (`nextHop`).
 *
 * The guarantees (README "Reliability and security"), each a `TransportError` with
 * `final: true`, which http.ts never retries:
 * - plain http only to loopback: a literal 127.0.0.0/8 or ::1 address, or a name whose
 *   address, looked up when the connection is made (the `lookup` hook), is loopback.
 *   This holds for every hop, not only the first (EPLAINHTTP);
 * - redirects: never from https to http; never to another origin for a request that
 *   carries a body or credentials (Authorization, X-Org-Name, X-API-Key); a 301/302/303
 *   answer to a write (POST/PUT/PATCH/DELETE) is an error naming the status and the
 *   location, never a silent GET (EREDIRECT); a loop or more than 20 hops (ETOOMANYREDIRECTS);
 * - every body is capped (`maxBodyBytes`, default 16 MiB), counting decompressed bytes,
 *   and reading stops the moment the cap is crossed (EBODYTOOLARGE);
 * - HTTP parser failures (header overflow, invalid characters) keep their HPE_/UND_ERR_
 *   codes, which http.ts classifies as final.
 * Network errors keep their `code` (ECONNREFUSED, ECONNRESET, …) for http.ts to classify.
 */
import type { LookupAddress } from 'node:dns';
import type { Agent, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { onAbort } from '../abort.js';
import * as builtin from '../builtins.js';

export interface WireRequest {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  signal: AbortSignal;
  /** Refuse a response body larger than this (decompressed). Default DEFAULT_MAX_BODY_BYTES. */
  maxBodyBytes?: number | undefined;
}

/** The subset of fetch's `Headers` the client reads. */
export interface ResponseHeaders {
  /** A header's value (repeated headers joined with ", "), or null. Names are case-insensitive. */
  get(name: string): string | null;
  /** Every header as [lowercase name, value] (`api -i`). */
  entries?(): Iterable<[string, string]>;
}

export interface WireResponse {
  status: number;
  statusText: string;
  headers: ResponseHeaders;
  /** The whole body, decoded as UTF-8. */
  text: string;
}

/** A failure that a second try cannot fix (a refused redirect, an oversize body, plain http to a remote host). */
export class TransportError extends Error {
  readonly final = true;
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_REDIRECTS = 20;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Request headers that identify the caller: a cross-origin redirect never carries them. */
const CREDENTIAL_HEADERS = ['authorization', 'x-org-name', 'x-api-key', 'cookie', 'proxy-authorization'];
/** Like undici's connect timeout: a connection not made by then was never sent. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Ends a request when `signal` aborts (Ctrl-C, the attempt's timeout), as http.request's
 * own `signal` option does: destroyed with an AbortError whose cause is the signal's
 * reason, its response with it. The listener goes when the request closes.
 */
export function abortOn(r: import('node:http').ClientRequest, signal: AbortSignal): void {
  const stop = onAbort(signal, (reason) =>
    r.destroy(Object.assign(new Error('The operation was aborted', { cause: reason }), { name: 'AbortError', code: 'ABORT_ERR' })),
  );
  r.once('close', stop);
}

/** A new connection must be made within CONNECT_TIMEOUT_MS (a socket reused from the pool is already connected). */
export function limitConnect(r: import('node:http').ClientRequest): void {
  r.on('socket', (socket) => {
    if (!socket.connecting) return;
    const timer = setTimeout(
      () => r.destroy(Object.assign(new Error(`could not connect within ${CONNECT_TIMEOUT_MS / 1000}s`), { code: 'ECONNECT_TIMEOUT' })),
      CONNECT_TIMEOUT_MS,
    );
    socket.once('connect', () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
  });
}

export async function send(url: string, req: WireRequest, dispatcher?: unknown): Promise<WireResponse> {
  let target = new URL(url);
  let current = req;
  const seen = new Set<string>();
  for (let redirects = 0; ; redirects++) {
    seen.add(target.href);
    await checkPlainHttp(target, dispatcher !== undefined);
    const res = dispatcher !== undefined ? await viaFetch(target, current, dispatcher) : await viaNode(target, current);
    const location = REDIRECT_STATUSES.has(res.status) ? res.headers.get('location') : null;
    if (location === null) return res;
    const hop = nextHop(current, res.status, target, location);
    if (seen.has(hop.url.href)) throw new TransportError(`redirect loop (${res.status} to ${hop.url.href})`, 'ETOOMANYREDIRECTS');
    if (redirects === MAX_REDIRECTS) throw new TransportError(`too many redirects (more than ${MAX_REDIRECTS})`, 'ETOOMANYREDIRECTS');
    current = hop.req;
    target = hop.url;
  }
}

/**
 * The redirect policy: the request to send to a redirect's Location, or a
 * TransportError saying which redirect was refused and why.
 */
export function nextHop(req: WireRequest, status: number, from: URL, location: string): { url: URL; req: WireRequest } {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw new TransportError(`refused a ${status} redirect to an invalid URL (${JSON.stringify(location.slice(0, 200))})`, 'EREDIRECT');
  }
  const where = `${status} redirect from ${from.origin} to ${next.href}`;
  if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new TransportError(`refused a ${where}: unsupported URL scheme ${next.protocol}`, 'EREDIRECT');
  if (from.protocol === 'https:' && next.protocol === 'http:') throw new TransportError(`refused a ${where}: from https down to plain http`, 'EREDIRECT');
  const write = WRITE_METHODS.has(req.method.toUpperCase());
  if (write && status !== 307 && status !== 308) {
    throw new TransportError(`the ${req.method} was answered with a ${status} redirect to ${next.href}; the write was not carried out`, 'EREDIRECT');
  }
  if (next.origin !== from.origin) {
    const credential = CREDENTIAL_HEADERS.find((h) => req.headers[h] !== undefined);
    if (req.body !== undefined || credential) {
      throw new TransportError(`refused a ${where}: the request carries ${req.body !== undefined ? 'a body' : 'credentials'}, which never go to another origin`, 'EREDIRECT');
    }
  }
  return { url: next, req: redirectedRequest(req, status) };
}

/** The request to send to a redirect's Location: a 303 after a GET/HEAD stays as is; anything else keeps method and body (307/308). */
export function redirectedRequest(req: WireRequest, status: number): WireRequest {
  if (status === 303 && req.method !== 'GET' && req.method !== 'HEAD') {
    const headers = { ...req.headers };
    delete headers['content-type'];
    return { ...req, method: 'GET', headers, body: undefined };
  }
  return { ...req, headers: { ...req.headers } };
}

// ------------------------------------------------------------------ plain http

/** 127.0.0.0/8, ::1 and IPv4-mapped 127.x, as literals (brackets allowed). */
export function isLoopbackAddress(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

const plainHttpError = (host: string, why: string) =>
  new TransportError(`refusing plain http to ${host}: ${why}; plain http is allowed only to loopback (use https)`, 'EPLAINHTTP');

/**
 * A plain-http hop must reach this machine. Literal addresses are checked here; names
 * are checked when the connection is made (`loopbackLookup`), so what DNS answers is
 * what counts. Through a dispatcher (proxy, tests) there is no connect hook: the name is
 * looked up here instead.
 */
async function checkPlainHttp(url: URL, viaDispatcher: boolean): Promise<void> {
  if (url.protocol !== 'http:') return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) {
    if (!isLoopbackAddress(host)) throw plainHttpError(url.host, 'not a loopback address');
    return;
  }
  if (!viaDispatcher) return; // loopbackLookup decides at connect time
  const { lookup } = builtin.dns().promises;
  const addrs = await lookup(host, { all: true }).catch(() => []);
  if (addrs.length === 0 || !addrs.every((a) => isLoopbackAddress(a.address))) throw plainHttpError(url.host, 'the name does not resolve to loopback');
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;
type Resolver = (hostname: string, options: { all: true }, cb: (err: NodeJS.ErrnoException | null, addrs: LookupAddress[]) => void) => void;

/** A net.connect `lookup` that resolves with `resolve` (dns.lookup), then refuses any non-loopback answer. */
export function makeLoopbackLookup(resolve?: Resolver) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    const go = (r: Resolver) =>
      r(hostname, { ...options, all: true }, (err, addrs) => {
        if (err) return callback(err, []);
        const bad = addrs.find((a) => !isLoopbackAddress(a.address));
        if (bad || addrs.length === 0) {
          return callback(plainHttpError(hostname, `the name resolves to ${bad?.address ?? 'nothing'}, not loopback`) as unknown as NodeJS.ErrnoException, []);
        }
        if ((options as { all?: boolean }).all) return callback(null, addrs);
        return callback(null, addrs[0]!.address, addrs[0]!.family);
      });
    if (resolve) go(resolve);
    else go(builtin.dns().lookup as unknown as Resolver);
  };
}

/** The lookup every plain-http connection uses. */
export const loopbackLookup = makeLoopbackLookup();

// ------------------------------------------------------------------ body limit

const tooLarge = (limit: number) => new TransportError(`the response body is larger than ${formatBytes(limit)}`, 'EBODYTOOLARGE');

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

function checkDeclaredLength(headers: ResponseHeaders, limit: number): void {
  const declared = Number(headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
}

// ------------------------------------------------------------------ the two paths

async function viaFetch(url: URL, req: WireRequest, dispatcher: unknown): Promise<WireResponse> {
  const limit = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const res = await globalThis.fetch(url, { method: req.method, headers: req.headers, body: req.body, signal: req.signal, dispatcher, redirect: 'manual' } as RequestInit);
  const done = { status: res.status, statusText: res.statusText, headers: res.headers };
  if (REDIRECT_STATUSES.has(res.status) && res.headers.get('location') !== null) {
    await res.body?.cancel().catch(() => undefined);
    return { ...done, text: '' };
  }
  // fetch decompresses: what is counted here is what would be held in memory.
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done: end, value } = await reader.read();
      if (end) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  }
  return { ...done, text: Buffer.concat(chunks).toString('utf8') };
}

const agents = new Map<string, Agent>();

async function viaNode(url: URL, req: WireRequest): Promise<WireResponse> {
  const https = url.protocol === 'https:';
  const limit = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const { Agent, request } = https ? builtin.https() : builtin.http();
  let agent = agents.get(url.protocol);
  if (!agent) agents.set(url.protocol, (agent = new Agent({ keepAlive: true })));
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  const lookup = https ? undefined : loopbackLookup;

  return new Promise<WireResponse>((resolve, reject) => {
    // The signal is listened to here (abortOn) rather than passed as `signal`: Node's
    // stream abort helpers would load at every start for it (~3.5 M instructions, 2 % of a list).
    const r = request(url, { method: req.method, headers, agent, ...(lookup && { lookup }) }, (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      const resHeaders = nodeHeaders(res.headers);
      const redirect = REDIRECT_STATUSES.has(status) && res.headers.location !== undefined;
      try {
        if (!redirect) checkDeclaredLength(resHeaders, limit);
      } catch (e) {
        r.destroy();
        return reject(e);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let stream: NodeJS.ReadableStream = res;
      // We never ask for compression; a server that sends it anyway is decoded and counted decoded.
      const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
      if (!redirect && /^(gzip|x-gzip|deflate|br)$/.test(encoding)) {
        stream = res.pipe(decoder(encoding));
        stream.on('error', (e) => reject(Object.assign(new Error(`the response could not be decompressed (${(e as Error).message})`), { code: 'EDECOMPRESS' })));
      }
      stream.on('data', (c: Buffer) => {
        if (redirect) return; // a redirect's body is never kept
        size += c.length;
        if (size > limit) {
          r.destroy();
          reject(tooLarge(limit));
          return;
        }
        chunks.push(c);
      });
      res.on('error', reject);
      res.on('aborted', () => reject(Object.assign(new Error('the connection closed before the whole response arrived'), { code: 'ECONNRESET' })));
      stream.on('end', () => resolve({ status, statusText: res.statusMessage ?? '', headers: resHeaders, text: bodyText(chunks) }));
    });
    r.on('error', reject);
    abortOn(r, req.signal);
    limitConnect(r);
    r.end(req.body);
  });
}

/**
 * The body as text. A small answer arrives as one chunk, decoded as it is: Buffer.concat's
 * code is compiled at its first use (~0.3 M instructions) for a copy that changes nothing.
 */
function bodyText(chunks: Buffer[]): string {
  return chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
}

function decoder(encoding: string): NodeJS.ReadWriteStream {
  const z = builtin.zlib();
  return encoding === 'br' ? z.createBrotliDecompress() : encoding === 'deflate' ? z.createInflate() : z.createGunzip();
}

function nodeHeaders(h: IncomingHttpHeaders): ResponseHeaders {
  return {
    get(name) {
      const v = h[name.toLowerCase()];
      if (v === undefined) return null;
      return Array.isArray(v) ? v.join(', ') : v;
    },
    *entries() {
      for (const [k, v] of Object.entries(h)) if (v !== undefined) yield [k, Array.isArray(v) ? v.join(', ') : v];
    },
  };
}
