/**
 * The runtime's HTTP API client (`RuntimeHttp`): what src/api/http.ts is for the
 * Management API, for the data plane. It owns the base URL, `X-API-Key`, User-Agent,
 * timeouts, retries, redirects, body size limits, the verbose trace, and turning every
 * failure into one typed error (src/errors.ts) with a one-line message:
 *
 *   401 → exit 4 (hint: the key may have been regenerated)   403 → 4 (read-only key)
 *   400 → exit 2 with the runtime's message (plain text or JSON `{message|error}`)
 *   404 → 3   409 → 5   413 → 1   429 → 8 after retries   503 → 1 after retries
 *   504 or our own timeout → 7 (hint: the runtime's query timeout, Spice Cloud's 90 s limit)
 *
 * Timeouts: `timeoutMs` bounds the wait for the response head of each attempt; a buffered
 * body (`text()`, `json()`) must also arrive within it. A streamed body (`body`) has no
 * whole-request timeout, only an optional `idleTimeoutMs` between chunks.
 *
 * Retries: only requests that can safely run twice (GET, or `idempotent: true`) on 429,
 * 503 and connection errors, with capped backoff and `Retry-After` honoured (up to 60 s);
 * any request whose connection was never made (refused, DNS) is retried too.
 *
 * Redirects: the Management API transport's policy (`nextHop` in src/api/transport.ts):
 * within the origin they are followed; the key and a SQL body never go to another origin.
 *
 * Requests leave through node:http(s) with keep-alive, or through `fetch` with an undici
 * dispatcher when the context has one (tests' MockAgent, proxies), like src/api/transport.ts.
 */
import type { IncomingMessage } from 'node:http';
import { Canceller, onAbort } from '../abort.js';
import type { Clock } from '../api/http.js';
import { errorCode, parseRetryAfter } from '../api/http.js';
import { abortOn, limitConnect, nextHop, type ResponseHeaders, type WireRequest } from '../api/transport.js';
import {
  ApiError,
  AuthError,
  CliError,
  ConflictError,
  ExitCode,
  InterruptedError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
} from '../errors.js';
import type { Redactor } from '../output/mask.js';
import { safeText } from '../output/sanitize.js';
import * as builtin from '../builtins.js';

export interface RuntimeHttpOptions {
  baseUrl: string;
  apiKey: string;
  userAgent: string;
  /** An undici Dispatcher (MockAgent, EnvHttpProxyAgent): requests then go through fetch with it. */
  dispatcher?: unknown;
  /** Default wait for a response head, per attempt. */
  requestTimeoutMs: number;
  maxRetries: number;
  clock: Clock;
  redactor: Redactor;
  trace?: ((line: string) => void) | undefined;
  /** Ctrl-C (the command's signal). */
  signal?: AbortSignal | undefined;
  /** Hint for a 401 (where the key came from; see endpoint.ts keyHint). */
  authHint?: string | undefined;
  random?: () => number;
}

export interface RuntimeRequest {
  method?: 'GET' | 'POST';
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: string | undefined;
  /** Content-Type of the body (default text/plain for a string body). */
  contentType?: string | undefined;
  accept?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** A POST that is safe to repeat (a read-only query). */
  idempotent?: boolean;
  /** Send X-API-Key (default true; /health and /v1/ready need none). */
  auth?: boolean;
  /** Names the operation in messages: `query the runtime`. */
  what: string;
  /** Wait for the response head, per attempt (default: the client's requestTimeoutMs). */
  timeoutMs?: number | undefined;
  /** For streamed bodies: the longest pause between two chunks (default: none). */
  idleTimeoutMs?: number | undefined;
  /** Statuses returned as responses instead of errors (e.g. 503 from /v1/ready). */
  okStatuses?: readonly number[];
  hints?: Partial<Record<number, string>>;
  /** Aborts this request only (the REPL's Ctrl-C); the client's signal aborts it too. */
  signal?: AbortSignal | undefined;
}

export interface RuntimeResponse {
  status: number;
  headers: ResponseHeaders;
  /** The body as it arrives; read it once, or call `cancel()`. Errors are typed CliErrors. */
  body: AsyncIterable<Uint8Array>;
  /** The whole body as UTF-8, at most `maxBytes` (default 16 MiB). */
  text(maxBytes?: number): Promise<string>;
  json<T>(maxBytes?: number): Promise<T>;
  /** Stop reading and release the connection. */
  cancel(): void;
}

/** Buffered bodies larger than this are refused unless the caller asks for more. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
const MAX_ERROR_BODY_BYTES = 64 * 1024;
const RETRY_STATUSES = new Set([429, 503]);
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'ECONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const RETRY_CONNECTION_CODES = new Set([...NOT_SENT_CODES, 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE']);
const MAX_RETRY_AFTER_MS = 60_000;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export class RuntimeHttp {
  constructor(private readonly opts: RuntimeHttpOptions) {}

  get baseUrl(): string {
    return this.opts.baseUrl;
  }

  /** GET a JSON document (listing routes). */
  async getJson<T>(path: string, o: Omit<RuntimeRequest, 'method'>): Promise<{ data: T; headers: ResponseHeaders; status: number }> {
    const res = await this.request(path, { accept: 'application/json', ...o, method: 'GET' });
    return { data: await res.json<T>(), headers: res.headers, status: res.status };
  }

  /** Sends a request; resolves when the response head has arrived (2xx or `okStatuses`), else throws the typed error. */
  async request(path: string, o: RuntimeRequest): Promise<RuntimeResponse> {
    const method = o.method ?? (o.body === undefined ? 'GET' : 'POST');
    const url = this.url(path, o.query);
    const retriable = method === 'GET' || o.idempotent === true;
    for (let attempt = 0; ; attempt++) {
      this.checkAborted(o);
      let outcome: Outcome;
      try {
        outcome = await this.attempt(method, url, o);
      } catch (e) {
        if (e instanceof CliError) throw e;
        throw new NetworkError(`${o.what} failed: ${describeNetworkError(e)}`);
      }
      if (outcome.kind === 'ok') return outcome.response;
      const canRetry = attempt < this.opts.maxRetries && (outcome.notSent || (retriable && outcome.retriable));
      if (!canRetry) throw outcome.error;
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > MAX_RETRY_AFTER_MS) throw outcome.error;
      const wait = outcome.retryAfterMs ?? this.backoff(attempt);
      this.trace(`* retrying in ${Math.round(wait)} ms (${outcome.error.message})`);
      try {
        await this.opts.clock.sleep(wait, anySignal(this.opts.signal, o.signal));
      } catch {
        throw new InterruptedError();
      }
    }
  }

  private url(path: string, query: RuntimeRequest['query']): string {
    const u = new URL(this.opts.baseUrl.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  private async attempt(method: string, url: string, o: RuntimeRequest): Promise<Outcome> {
    const headers: Record<string, string> = { accept: o.accept ?? 'application/json', 'user-agent': this.opts.userAgent, ...o.headers };
    if (o.auth !== false) headers['x-api-key'] = this.opts.apiKey;
    if (o.body !== undefined) headers['content-type'] = o.contentType ?? 'text/plain';
    this.traceRequest(method, url, headers, o.body);

    const started = this.opts.clock.now();
    const timeoutMs = o.timeoutMs ?? this.opts.requestTimeoutMs;
    const controller = new Canceller();
    const outer = anySignal(this.opts.signal, o.signal);
    const stopListening = outer ? onAbort(outer, (reason) => controller.abort(reason)) : undefined;
    let timedOut = false;
    let idleTimedOut = false;
    let timer: NodeJS.Timeout | undefined = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, timeoutMs);
    const clear = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      stopListening?.();
    };

    let wire: Wire;
    try {
      wire = await this.follow(method, url, headers, o.body, controller.signal, o.what);
    } catch (e) {
      clear();
      if (e instanceof CliError) throw e;
      if (outer?.aborted) throw new InterruptedError();
      const code = errorCode(e);
      this.trace(`< ${timedOut ? 'timeout' : `network error ${code ?? ''}`.trim()} after ${this.opts.clock.now() - started} ms`);
      if (timedOut) {
        return { kind: 'error', notSent: false, retriable: false, error: this.timeoutError(o, timeoutMs) };
      }
      if (code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/.test(code)) {
        throw new NetworkError(`${o.what} failed: the runtime's TLS certificate was not accepted (${code})`, {
          hint: 'Behind a TLS-inspecting proxy, point NODE_EXTRA_CA_CERTS at its CA certificate (PEM).',
        });
      }
      const error = new NetworkError(`${o.what} failed: ${describeNetworkError(e, this.opts.baseUrl)}`);
      return { kind: 'error', error, notSent: code !== undefined && NOT_SENT_CODES.has(code), retriable: code !== undefined && RETRY_CONNECTION_CODES.has(code) };
    }
    this.trace(`< ${wire.status} ${wire.statusText} (${this.opts.clock.now() - started} ms)`);

    const body = this.guardBody(wire.chunks, o, () => ({ timedOut, idleTimedOut, outer }), timeoutMs, (idle) => {
      // Called when the head has arrived and the caller streams: only the idle limit remains.
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (idle === undefined) return undefined;
      let t: NodeJS.Timeout | undefined;
      return {
        touch: () => {
          if (t) clearTimeout(t);
          t = setTimeout(() => {
            idleTimedOut = true;
            controller.abort(new Error('idle timeout'));
          }, idle);
        },
        stop: () => t && clearTimeout(t),
      };
    });
    const ok = (wire.status >= 200 && wire.status < 300) || o.okStatuses?.includes(wire.status) === true;
    if (ok) {
      let consumed = false;
      const response: RuntimeResponse = {
        status: wire.status,
        headers: wire.headers,
        body: {
          [Symbol.asyncIterator]: () => {
            consumed = true;
            return body.stream(clear)[Symbol.asyncIterator]();
          },
        },
        text: async (maxBytes = DEFAULT_MAX_BODY_BYTES) => {
          consumed = true;
          try {
            return await body.text(maxBytes);
          } finally {
            clear();
          }
        },
        json: async <T>(maxBytes?: number) => {
          const text = await response.text(maxBytes);
          try {
            return JSON.parse(text) as T;
          } catch {
            throw new ApiError(`${o.what} failed: the runtime answered ${wire.status} with malformed JSON`, { status: wire.status });
          }
        },
        cancel: () => {
          clear();
          if (!consumed) wire.destroy();
          else controller.abort(new Error('cancelled'));
        },
      };
      return { kind: 'ok', response };
    }

    let text = '';
    try {
      text = await body.text(MAX_ERROR_BODY_BYTES, true);
    } catch (e) {
      if (e instanceof InterruptedError) throw e;
    } finally {
      clear();
    }
    if (this.opts.trace && text) this.trace(`< ${truncate(text)}`);
    const error = runtimeError(wire.status, text, wire.headers.get('content-type'), { ...o, authHint: this.opts.authHint });
    return {
      kind: 'error',
      error,
      notSent: false,
      retriable: RETRY_STATUSES.has(wire.status),
      retryAfterMs: parseRetryAfter(wire.headers.get('retry-after'), this.opts.clock.now()),
    };
  }

  /** Follows redirects within the origin; another origin never gets the key. */
  private async follow(method: string, url: string, headers: Record<string, string>, body: string | undefined, signal: AbortSignal, what: string): Promise<Wire> {
    let target = new URL(url);
    let req: WireRequest = { method, headers, body, signal };
    for (let redirects = 0; ; redirects++) {
      const wire = this.opts.dispatcher !== undefined ? await viaFetch(target, req, this.opts.dispatcher) : await viaNode(target, req);
      const location = REDIRECT_STATUSES.has(wire.status) ? wire.headers.get('location') : null;
      if (location === null) return wire;
      wire.destroy();
      if (redirects === MAX_REDIRECTS) throw new NetworkError(`${what} failed: too many redirects`);
      let hop: { url: URL; req: WireRequest };
      try {
        hop = nextHop(req, wire.status, target, location);
      } catch (e) {
        // The house policy (src/api/transport.ts): the key and the SQL never go to another origin.
        throw new NetworkError(`${what} failed: ${e instanceof Error ? e.message : String(e)}`, { hint: 'Point --endpoint (or SPICE_RUNTIME_URL) at the runtime itself.' });
      }
      this.trace(`< ${wire.status} → ${hop.url.toString()}`);
      req = hop.req;
      target = hop.url;
    }
  }

  private guardBody(
    chunks: AsyncIterable<Uint8Array>,
    o: RuntimeRequest,
    state: () => { timedOut: boolean; idleTimedOut: boolean; outer: AbortSignal | undefined },
    timeoutMs: number,
    streaming: (idle: number | undefined) => { touch(): void; stop(): void } | undefined,
  ) {
    const translate = (e: unknown): CliError => {
      if (e instanceof CliError) return e;
      const s = state();
      if (s.outer?.aborted) return new InterruptedError();
      if (s.timedOut) return this.timeoutError(o, timeoutMs);
      if (s.idleTimedOut) return new TimeoutError(`${o.what} failed: the runtime sent nothing for ${Math.round((o.idleTimeoutMs ?? 0) / 1000)}s`);
      return new NetworkError(`${o.what} failed: the connection closed before the whole response arrived`);
    };
    return {
      stream: async function* (onEnd: () => void): AsyncGenerator<Uint8Array> {
        const idle = streaming(o.idleTimeoutMs);
        try {
          idle?.touch();
          for await (const c of chunks) {
            idle?.touch();
            yield c;
          }
        } catch (e) {
          throw translate(e);
        } finally {
          idle?.stop();
          onEnd();
        }
      },
      text: async (maxBytes: number, lenient = false): Promise<string> => {
        const parts: Buffer[] = [];
        let size = 0;
        try {
          for await (const c of chunks) {
            size += c.byteLength;
            if (size > maxBytes) {
              if (lenient) break;
              throw new ApiError(`${o.what} failed: the runtime's answer is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB`, {
                hint: 'Add a LIMIT, or query over Arrow Flight (the default without --http), which streams.',
              });
            }
            parts.push(Buffer.from(c));
          }
        } catch (e) {
          throw translate(e);
        }
        return Buffer.concat(parts).toString('utf8');
      },
    };
  }

  private timeoutError(o: RuntimeRequest, timeoutMs: number): TimeoutError {
    return new TimeoutError(`${o.what} failed: no answer from the runtime within ${Math.round(timeoutMs / 1000)}s`, {
      hint: o.hints?.[504] ?? 'The runtime may be busy or unreachable; try again, or allow longer with --timeout.',
    });
  }

  private checkAborted(o: RuntimeRequest): void {
    if (this.opts.signal?.aborted || o.signal?.aborted) throw new InterruptedError();
  }

  private backoff(attempt: number): number {
    const base = Math.min(8000, 250 * 2 ** attempt);
    return base / 2 + ((this.opts.random ?? Math.random)() * base) / 2;
  }

  private trace(line: string): void {
    if (this.opts.trace) this.opts.trace(this.opts.redactor.redact(line));
  }

  private traceRequest(method: string, url: string, headers: Record<string, string>, body: string | undefined): void {
    if (!this.opts.trace) return;
    this.trace(`> ${method} ${url}`);
    for (const [k, v] of Object.entries(headers)) this.trace(`> ${k}: ${k === 'x-api-key' || k === 'authorization' ? '[REDACTED]' : v}`);
    if (body !== undefined) this.trace(`> ${truncate(body)}`);
  }
}

type Outcome =
  | { kind: 'ok'; response: RuntimeResponse }
  | { kind: 'error'; error: CliError; notSent: boolean; retriable: boolean; retryAfterMs?: number | undefined };

interface Wire {
  status: number;
  statusText: string;
  headers: ResponseHeaders;
  chunks: AsyncIterable<Uint8Array>;
  destroy(): void;
}

async function viaFetch(url: URL, req: WireRequest, dispatcher: unknown): Promise<Wire> {
  const res = await globalThis.fetch(url, { method: req.method, headers: req.headers, body: req.body, signal: req.signal, dispatcher, redirect: 'manual' } as RequestInit);
  const body = res.body;
  return {
    status: res.status,
    statusText: res.statusText,
    headers: res.headers,
    chunks: body ? (body as unknown as AsyncIterable<Uint8Array>) : emptyChunks(),
    destroy: () => void body?.cancel().catch(() => {}),
  };
}

async function* emptyChunks(): AsyncGenerator<Uint8Array> {}

const agents = new Map<string, import('node:http').Agent>();

async function viaNode(url: URL, req: WireRequest): Promise<Wire> {
  const https = url.protocol === 'https:';
  const { Agent, request } = https ? builtin.https() : builtin.http();
  let agent = agents.get(url.protocol);
  if (!agent) agents.set(url.protocol, (agent = new Agent({ keepAlive: true })));
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));
  return new Promise<Wire>((resolve, reject) => {
    // The signal through abortOn, as the Management API's requests (api/transport.ts).
    const r = request(url, { method: req.method, headers, agent }, (res: IncomingMessage) => {
      resolve({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        headers: {
          get(name) {
            const v = res.headers[name.toLowerCase()];
            if (v === undefined) return null;
            return Array.isArray(v) ? v.join(', ') : v;
          },
        },
        chunks: readChunks(res),
        destroy: () => res.destroy(),
      });
    });
    r.on('error', reject);
    abortOn(r, req.signal);
    limitConnect(r);
    r.end(req.body);
  });
}

/** A response stream as chunks; an early close (`aborted`) is an error, not a short body. */
async function* readChunks(res: IncomingMessage): AsyncGenerator<Uint8Array> {
  let aborted = false;
  res.once('aborted', () => (aborted = true));
  try {
    for await (const c of res) yield c as Buffer;
  } finally {
    if (!res.complete) res.destroy();
  }
  if (aborted || !res.complete) throw Object.assign(new Error('the connection closed before the whole response arrived'), { code: 'ECONNRESET' });
}

/** Maps a runtime error status and body (plain text or JSON) to the CLI's typed error, once. */
export function runtimeError(
  status: number,
  text: string,
  contentType: string | null,
  o: Pick<RuntimeRequest, 'what' | 'hints'> & { authHint?: string | undefined },
): CliError {
  const detail = runtimeMessage(text, contentType) ?? `HTTP ${status}`;
  const message = `${o.what} failed: ${detail}`;
  const info = { status, hint: o.hints?.[status] };
  switch (true) {
    case status === 400 || status === 422:
      return new CliError(message, ExitCode.usage, { ...info, code: 'invalid_query' });
    case status === 401:
      return new AuthError(message, { ...info, hint: info.hint ?? o.authHint ?? 'The runtime refused the API key; it may have been regenerated.' });
    case status === 403:
      return new AuthError(message, { ...info, code: 'forbidden', hint: info.hint ?? 'This API key may be read-only for this operation; use a key with write access.' });
    case status === 404:
      return new NotFoundError(message, info);
    case status === 409:
      return new ConflictError(message, info);
    case status === 413:
      return new ApiError(message, { ...info, code: 'too_large', hint: info.hint ?? 'The request is larger than the runtime accepts.' });
    case status === 429:
      return new RateLimitError(message, { ...info, hint: info.hint ?? 'The runtime is rate-limiting this key; wait and try again.' });
    case status === 499:
      return new ApiError(message, { ...info, code: 'cancelled' });
    case status === 504:
      return new TimeoutError(message, {
        ...info,
        hint: info.hint ?? "The runtime's query timeout (on Spice Cloud, the 90 s HTTP limit) was reached: narrow the query, add a LIMIT, or use Arrow Flight (drop --http).",
      });
    case status === 503:
      return new ApiError(message, { ...info, code: 'unavailable', hint: info.hint ?? 'The runtime is not ready or is out of resources; try again shortly.' });
    default:
      return new ApiError(message, { ...info, code: 'runtime_error' });
  }
}

/** The runtime's own words, on one line and terminal-safe: JSON `{message|error}`, else the text. */
export function runtimeMessage(text: string, contentType: string | null): string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (t.startsWith('<')) return `an HTML page${contentType ? ` (${contentType.split(';')[0]})` : ''} instead of the runtime's answer`;
  if (t.startsWith('{') || /\bjson\b/i.test(contentType ?? '')) {
    try {
      const body = JSON.parse(t) as { message?: unknown; error?: unknown };
      const inner = typeof body.error === 'object' && body.error ? (body.error as { message?: unknown }).message : undefined;
      const m = typeof body.message === 'string' ? body.message : typeof body.error === 'string' ? body.error : typeof inner === 'string' ? inner : undefined;
      if (m) return oneLine(m);
    } catch {
      /* not JSON after all: use the text */
    }
  }
  return oneLine(t);
}

export function oneLine(s: string, max = 500): string {
  const line = safeText(s.replace(/\s+/g, ' ').trim());
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const list = signals.filter((s): s is AbortSignal => s !== undefined);
  if (list.length <= 1) return list[0];
  return AbortSignal.any(list);
}

function truncate(s: string, max = 2000): string {
  return s.length > max ? `${s.slice(0, max)}… (${s.length} bytes)` : s;
}

function describeNetworkError(e: unknown, base?: string): string {
  const code = errorCode(e);
  const where = base ? ` at ${new URL(base).host}` : '';
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by the runtime${where} (is it running, and is the endpoint right?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the runtime's host name${where ? ` ${new URL(base!).hostname}` : ''} could not be resolved`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was closed before a complete response arrived';
    default: {
      const cause = (e as { cause?: { message?: string } })?.cause?.message;
      return oneLine(cause ?? (e instanceof Error ? e.message : String(e))) + (code ? ` (${code})` : '');
    }
  }
}
