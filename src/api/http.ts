/**
 * The HTTP layer. It owns everything about talking to the API: base URL, auth header,
 * org header, User-Agent, per-attempt timeouts, the overall deadline, retries, the
 * verbose trace, and turning every failure into a typed CliError.
 *
 * Retry policy (see README "Reliability"):
 * - GET/PUT/DELETE/PATCH and requests marked `idempotent` are retried on network errors,
 *   408, 429, 500, 502, 503 and 504, with capped exponential backoff and jitter, and
 *   `Retry-After` (seconds or HTTP date) honoured.
 * - Any other POST is retried only when the connection was never made (refused, DNS),
 *   because a POST that may have reached the server must not run twice.
 * - Nothing waits past the deadline: if `Retry-After` would cross it, we stop now.
 * - Nothing deterministic is retried: a refused redirect, a redirect loop, an oversize
 *   body, plain http to a remote host (transport.ts TransportError), a header overflow or
 *   invalid characters in the answer (HPE_* / UND_ERR_HEADERS_OVERFLOW), a TLS failure.
 *
 * Every response body is capped (`maxResponseBytes`, default 16 MiB; `api --max-response`
 * raises it) and every JSON answer passes `checkJson` (validate.ts): depth, finite
 * numbers, no `__proto__` keys. Server text reaching a message or the trace is redacted
 * first, then collapsed and cut (never inside a secret), then made terminal-safe.
 *
 * Requests leave through transport.ts: node:http(s) with keep-alive connections, or
 * `fetch` with an undici dispatcher, the seam for tests (undici MockAgent) and for
 * proxies (EnvHttpProxyAgent).
 */
import {
  ApiError,
  AuthError,
  CliError,
  ConflictError,
  InterruptedError,
  NetworkError,
  NotFoundError,
  RateLimitError,
  TimeoutError,
  UsageError,
} from '../errors.js';
import { Canceller, onAbort } from '../abort.js';
import { maskDeep, type Redactor } from '../output/mask.js';
import { safeText } from '../output/sanitize.js';
import { DEFAULT_MAX_BODY_BYTES, send, TransportError, type ResponseHeaders, type WireResponse } from './transport.js';
import { checkJson } from './validate.js';
import { hintForCode, scopeOf } from './hints.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Resolves the bearer token; undefined = send no Authorization header. */
  token?: (() => Promise<string>) | undefined;
  org?: string | undefined;
  userAgent: string;
  /** An undici Dispatcher (EnvHttpProxyAgent, MockAgent): requests then go through fetch with it. */
  dispatcher?: unknown;
  /** Per-attempt limit: connect + headers + body. */
  requestTimeoutMs: number;
  /** Absolute time (clock ms) after which no attempt starts and no retry waits. */
  deadline?: number | undefined;
  maxRetries: number;
  clock: Clock;
  redactor: Redactor;
  /** Verbose trace sink (stderr); lines are already redacted. */
  trace?: ((line: string) => void) | undefined;
  /** Ctrl-C. */
  signal?: AbortSignal | undefined;
  /** Told before each retry's wait, so the CLI can say so on a terminal; this layer never prints. */
  onRetry?: ((notice: RetryNotice) => void) | undefined;
  random?: () => number;
  /** Largest response body accepted (decompressed bytes); default 16 MiB. */
  maxResponseBytes?: number | undefined;
}

/** A request about to be retried: the retry number (1-based), the wait, and why. */
export interface RetryNotice {
  what: string;
  retry: number;
  maxRetries: number;
  waitMs: number;
  reason: 'unreachable' | 'unavailable' | 'rate_limited' | 'timeout';
  error: CliError;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined> | undefined;
  body?: unknown;
  /** application/x-www-form-urlencoded body instead of JSON. */
  form?: Record<string, string> | undefined;
  /** Safe to repeat even though the method is POST (e.g. the secrets upsert). */
  idempotent?: boolean;
  /** Send the bearer token (default true). */
  auth?: boolean;
  /** Names the operation in error messages: `create app "x"`. */
  what: string;
  /** Hints by HTTP status, added to the error. */
  hints?: Partial<Record<number, string>>;
  /** Mask `value` fields of bodies in the trace (secrets). */
  secretBodies?: boolean;
  /** Extra request headers (`api -H`); they cannot replace authorization, host or the body framing. */
  headers?: Record<string, string> | undefined;
  /**
   * The CLI needs nothing from the answer (deletes): any 2xx is success, and an empty or
   * non-JSON body reads as `undefined` instead of an error (Terraform accepts 200 on
   * deletes; the Rust client any 2xx).
   */
  bodyOptional?: boolean;
}

/** Headers the client sets itself; `api -H` may not replace them. */
export const RESERVED_HEADERS = new Set(['authorization', 'host', 'content-length', 'transfer-encoding', 'connection', 'x-org-name']);

export interface HttpResponse<T> {
  status: number;
  statusText?: string;
  headers: ResponseHeaders;
  data: T;
}

const RETRY_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Connection errors that prove the request never left this machine. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'ECONNECT_TIMEOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
const MAX_RETRY_AFTER_MS = 60_000;
/** TLS verification failures: retrying cannot help, and the fix is local. */
const CERT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/;
/** Malformed answers (HTTP parser errors): the same server sends the same bytes again. */
const MALFORMED_CODES = /^HPE_|^UND_ERR_HEADERS_OVERFLOW$|^UND_ERR_RES_EXCEEDED_MAX_SIZE$|^ERR_INVALID_CHAR$|^UND_ERR_INVALID_ARG$/;
const MAX_MESSAGE = 500;
const MAX_TRACE = 2000;

export class HttpClient {
  /** Until when the API said its rate-limit window is used up (X-RateLimit-Remaining: 0): no request goes out before. */
  private pausedUntil = 0;

  constructor(private readonly opts: HttpClientOptions) {}

  get baseUrl(): string {
    return this.opts.baseUrl;
  }

  get<T>(path: string, o: RequestOptions) {
    return this.request<T>('GET', path, o);
  }
  post<T>(path: string, o: RequestOptions) {
    return this.request<T>('POST', path, o);
  }
  put<T>(path: string, o: RequestOptions) {
    return this.request<T>('PUT', path, o);
  }
  patch<T>(path: string, o: RequestOptions) {
    return this.request<T>('PATCH', path, o);
  }
  delete<T>(path: string, o: RequestOptions) {
    return this.request<T>('DELETE', path, o);
  }

  async request<T>(method: Method, path: string, o: RequestOptions): Promise<HttpResponse<T>> {
    const url = this.url(path, o.query);
    const retriable = method !== 'POST' || o.idempotent === true;
    const { clock } = this.opts;
    for (let attempt = 0; ; attempt++) {
      this.checkBudget(o.what);
      let outcome: Outcome<T>;
      try {
        outcome = await this.attempt<T>(method, url, o);
      } catch (e) {
        if (e instanceof CliError) throw e;
        throw new NetworkError(`${o.what} failed: ${describeNetworkError(e)}`);
      }
      if (outcome.kind === 'ok') return outcome.response;
      const canRetry = !outcome.final && attempt < this.opts.maxRetries && (retriable || outcome.notSent);
      if (!canRetry) throw outcome.error;
      const wait = outcome.retryAfterMs ?? this.backoff(attempt);
      if (outcome.retryAfterMs !== undefined && outcome.retryAfterMs > MAX_RETRY_AFTER_MS) throw outcome.error;
      if (this.opts.deadline !== undefined && clock.now() + wait >= this.opts.deadline) throw outcome.error;
      this.trace(`* retrying in ${Math.round(wait)} ms (${outcome.error.message})`);
      this.opts.onRetry?.({ what: o.what, retry: attempt + 1, maxRetries: this.opts.maxRetries, waitMs: wait, reason: retryReason(outcome.error), error: outcome.error });
      await this.sleep(wait);
    }
  }

  private url(path: string, query: RequestOptions['query']): string {
    const base = this.opts.baseUrl.replace(/\/+$/, '') + path;
    const pairs = Object.entries(query ?? {}).filter(([, v]) => v !== undefined);
    if (base.includes('?')) {
      // A path that has a query of its own (`spice-cloud api '/v1/apps?limit=5'`): ours replaces its keys.
      const u = new URL(base);
      for (const [k, v] of pairs) u.searchParams.set(k, String(v));
      return u.toString();
    }
    // The query is encoded as URLSearchParams would, without building one (its first use
    // costs ~0.3 ms). Checked here, before the retry loop: a URL that cannot parse is no
    // network error to retry (transport.ts parses it again to send it).
    const url = pairs.length === 0 ? base : `${base}?${pairs.map(([k, v]) => `${formEncode(k)}=${formEncode(String(v))}`).join('&')}`;
    if (!URL.canParse(url)) throw new UsageError(`invalid request URL ${JSON.stringify(url.slice(0, 200))}`);
    return url;
  }

  private async attempt<T>(method: Method, url: string, o: RequestOptions): Promise<Outcome<T>> {
    const headers: Record<string, string> = { accept: 'application/json', 'user-agent': this.opts.userAgent };
    if (o.auth !== false && this.opts.token) headers.authorization = `Bearer ${await this.opts.token()}`;
    if (this.opts.org) headers['x-org-name'] = this.opts.org;
    let body: string | undefined;
    if (o.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(o.form).toString();
    } else if (o.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.body);
    }
    for (const [k, v] of Object.entries(o.headers ?? {})) if (!RESERVED_HEADERS.has(k.toLowerCase())) headers[k.toLowerCase()] = v;
    this.traceRequest(method, url, headers, o);

    // Pace bulk commands to the API's window instead of spending a 429 (and its whole-second Retry-After) per worker.
    const paused = this.pausedUntil - this.opts.clock.now();
    if (paused > 0) await this.sleep(paused);
    const started = this.opts.clock.now();
    const timeoutMs = this.attemptTimeout();
    const { signal, done } = attemptSignal(timeoutMs, this.opts.signal);
    let res: WireResponse;
    try {
      res = await send(url, { method, headers, body, signal, maxBodyBytes: this.opts.maxResponseBytes ?? DEFAULT_MAX_BODY_BYTES }, this.opts.dispatcher);
      done();
    } catch (e) {
      done();
      if (this.opts.signal?.aborted) throw new InterruptedError();
      const timedOut = signal.aborted;
      const code = errorCode(e);
      const transport = transportError(e);
      if (transport) {
        this.trace(`< refused: ${transport.message}`);
        const error =
          transport.code === 'EBODYTOOLARGE'
            ? new ApiError(`${o.what} failed: ${transport.message}`, { code: 'response_too_large', hint: 'For `spice-cloud api`, --max-response <size> raises the limit.' })
            : transport.code === 'EREDIRECT' || transport.code === 'ETOOMANYREDIRECTS'
              ? new ApiError(`${o.what} failed: ${this.clean(transport.message)}`, { code: 'redirect_refused', hint: 'Check --api-url (or SPICE_API_URL): point it at the API itself, over https.' })
              : new NetworkError(`${o.what} failed: ${this.clean(transport.message)}`, { code: 'insecure_transport' });
        return { kind: 'error', error, notSent: false, final: true };
      }
      if (!timedOut && code && MALFORMED_CODES.test(code)) {
        const error = new NetworkError(`${o.what} failed: the server sent a malformed HTTP answer (${code})`, {
          hint: 'A proxy or server in the way answers with broken headers; check --api-url and HTTPS_PROXY.',
        });
        return { kind: 'error', error, notSent: false, final: true };
      }
      this.trace(`< ${timedOut ? 'timeout' : `network error ${code ?? ''}`.trim()} after ${this.opts.clock.now() - started} ms`);
      if (!timedOut && isPlainHttpAnswer(e, code)) {
        const host = new URL(url).host;
        const error = new NetworkError(`${o.what} failed: ${host} speaks plain HTTP, not HTTPS`, {
          code: 'not_https',
          hint: `Use an http:// URL for it, e.g. --api-url http://${host} (the emulator serves plain HTTP on localhost).`,
        });
        return { kind: 'error', error, notSent: false, final: true };
      }
      if (!timedOut && code && CERT_CODES.test(code)) {
        const error = new NetworkError(`${o.what} failed: the server's TLS certificate was not accepted (${code})`, {
          hint: 'Behind a TLS-inspecting proxy, point NODE_EXTRA_CA_CERTS at its CA certificate (PEM).',
        });
        return { kind: 'error', error, notSent: false, final: true };
      }
      const error = timedOut
        ? new TimeoutError(`${o.what} failed: no response within ${Math.round(timeoutMs / 1000)}s`)
        : new NetworkError(`${o.what} failed: ${describeNetworkError(e)}`);
      return { kind: 'error', error, notSent: code !== undefined && NOT_SENT_CODES.has(code) };
    }
    this.trace(`< ${res.status} ${res.statusText} (${this.opts.clock.now() - started} ms)`);
    const { text } = res;
    const windowEnd = rateWindowEnd(res.headers, this.opts.clock.now());
    if (windowEnd !== undefined) this.pausedUntil = Math.max(this.pausedUntil, windowEnd);

    if (res.status >= 200 && res.status < 300) {
      const data = o.bodyOptional ? parseOptional<T>(res, text) : parseSuccess<T>(res, text, o.what);
      if (this.opts.trace && text) this.trace(`< ${JSON.stringify(maskDeep(data, { secretValues: o.secretBodies }))}`);
      return { kind: 'ok', response: { status: res.status, statusText: res.statusText, headers: res.headers, data } };
    }
    const error = errorFromResponse(res.status, text, res.headers.get('content-type'), o, this.opts.redactor);
    error.response = { status: res.status, statusText: res.statusText, headers: res.headers };
    if (this.opts.trace && text) this.trace(`< ${text}`);
    if (!RETRY_STATUSES.has(res.status)) return { kind: 'error', error, notSent: false, final: true };
    return { kind: 'error', error, notSent: false, retryAfterMs: retryWait(res.status, res.headers, this.opts.clock.now()) };
  }

  private attemptTimeout(): number {
    const { deadline, clock, requestTimeoutMs } = this.opts;
    if (deadline === undefined) return requestTimeoutMs;
    return Math.max(1, Math.min(requestTimeoutMs, deadline - clock.now()));
  }

  private checkBudget(what: string): void {
    if (this.opts.signal?.aborted) throw new InterruptedError();
    if (this.opts.deadline !== undefined && this.opts.clock.now() >= this.opts.deadline) {
      throw new TimeoutError(`${what} failed: gave up after the --timeout budget`);
    }
  }

  private backoff(attempt: number): number {
    const base = Math.min(8000, 250 * 2 ** attempt);
    return base / 2 + ((this.opts.random ?? Math.random)() * base) / 2;
  }

  private async sleep(ms: number): Promise<void> {
    try {
      await this.opts.clock.sleep(ms, this.opts.signal);
    } catch {
      throw new InterruptedError();
    }
  }

  /** Redact (whole), then cut (never inside a secret), then make terminal-safe. */
  private trace(line: string): void {
    if (this.opts.trace) this.opts.trace(safeText(this.opts.redactor.cut(line, MAX_TRACE)));
  }

  private clean(text: string): string {
    return this.opts.redactor.cut(this.opts.redactor.redact(text).replace(/\s+/g, ' ').trim(), MAX_MESSAGE);
  }

  private traceRequest(method: Method, url: string, headers: Record<string, string>, o: RequestOptions): void {
    if (!this.opts.trace) return;
    this.trace(`> ${method} ${url}`);
    for (const [k, v] of Object.entries(headers)) {
      this.trace(`> ${k}: ${k === 'authorization' ? 'Bearer [REDACTED]' : v}`);
    }
    if (o.form) this.trace(`> ${JSON.stringify(maskDeep(o.form))}`);
    else if (o.body !== undefined) this.trace(`> ${JSON.stringify(maskDeep(o.body, { secretValues: o.secretBodies }))}`);
  }
}

type Outcome<T> =
  | { kind: 'ok'; response: HttpResponse<T> }
  | { kind: 'error'; error: CliError; notSent: boolean; retryAfterMs?: number | undefined; final?: boolean };

function transportError(e: unknown): TransportError | undefined {
  for (let cur: unknown = e, i = 0; i < 4 && cur && typeof cur === 'object'; i++, cur = (cur as { cause?: unknown }).cause) {
    if (cur instanceof TransportError) return cur;
  }
  return undefined;
}

function parseSuccess<T>(res: WireResponse, text: string, what: string): T {
  if (res.status === 204 || text.length === 0) {
    if (res.status === 204) return undefined as T;
    throw new ApiError(`${what} failed: the API answered ${res.status} with an empty body`, { status: res.status });
  }
  const type = res.headers.get('content-type') ?? '';
  if (!/\bjson\b/i.test(type)) {
    throw new ApiError(`${what} failed: the API answered ${res.status} with ${type || 'no content type'}, not JSON`, {
      status: res.status,
      hint: 'Is a proxy or captive portal answering instead of the API? Check --api-url and HTTPS_PROXY.',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ApiError(`${what} failed: the API answered ${res.status} with malformed JSON`, { status: res.status });
  }
  const problem = checkJson(data);
  if (problem) throw new ApiError(`${what} failed: unexpected answer from the API (${problem})`, { status: res.status, code: 'unexpected_response' });
  return data as T;
}

/** A 2xx whose body is not needed: JSON when it is JSON, else undefined. */
function parseOptional<T>(res: WireResponse, text: string): T {
  if (text.trim() === '' || !/\bjson\b/i.test(res.headers.get('content-type') ?? '')) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined as T;
  }
}

interface ErrorBody {
  error?: unknown;
  message?: unknown;
  code?: unknown;
  details?: { fieldErrors?: Record<string, unknown>; formErrors?: unknown };
}

/** Maps an HTTP error status and body to the CLI's typed error, once. */
export function errorFromResponse(
  status: number,
  text: string,
  contentType: string | null,
  o: Pick<RequestOptions, 'what' | 'hints'>,
  redactor?: Redactor,
): CliError {
  let body: ErrorBody | undefined;
  // Redact before anything collapses or cuts the server's words.
  const tidy = (s: string) => (redactor ?? NO_REDACTOR).cut((redactor ? redactor.redact(s) : s).replace(/\s+/g, ' ').trim(), MAX_MESSAGE);
  if (contentType && /\bjson\b/i.test(contentType)) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && checkJson(parsed) === undefined) body = parsed as ErrorBody;
    } catch {
      /* fall through: described as a non-JSON answer */
    }
  }
  const apiMessage =
    typeof body?.error === 'string' ? body.error : typeof body?.message === 'string' ? body.message : undefined;
  const code = typeof body?.code === 'string' ? body.code : undefined;
  const fields = tidy(formatFieldErrors(body?.details?.fieldErrors));
  const detail = apiMessage
    ? `${tidy(apiMessage)}${fields ? ` (${fields})` : ''}`
    : body
      ? `HTTP ${status}`
      : `HTTP ${status} with a non-JSON body${contentType ? ` (${tidy(contentType.split(';')[0] ?? '').slice(0, 100)})` : ''}`;
  const message = `${o.what} failed: ${detail}`;
  // Each class has a default code; the API's own code, when it sends one, wins.
  // The hint follows the API's code (api/hints.ts) when it has one; the per-status hint is the fallback.
  const codeHint = hintForCode({ code, message: apiMessage, fields: body?.details?.fieldErrors });
  const info = { status, hint: codeHint ?? o.hints?.[status], ...(code !== undefined && { code }) };
  switch (true) {
    case status === 401:
      return new AuthError(message, { ...info, code: code ?? 'unauthorized', hint: info.hint ?? 'Check SPICE_API_TOKEN, or run `spice-cloud auth login`.' });
    case status === 403:
      return new AuthError(message, { ...info, code: code ?? (scopeOf(apiMessage) ? 'insufficient_scope' : 'forbidden') });
    case status === 404:
      return new NotFoundError(message, { ...info, hint: info.hint ?? 'Check the name or ID; `spice-cloud apps list` shows your apps.' });
    case status === 409:
      return new ConflictError(message, { ...info, code: code ?? 'conflict' });
    case status === 429:
      return new RateLimitError(message, { ...info, hint: info.hint ?? 'The API is rate-limiting this token; wait and try again.' });
    default:
      if (!body && status >= 500 && text.trimStart().startsWith('<')) {
        return new ApiError(`${o.what} failed: HTTP ${status} with an HTML page instead of JSON`, {
          ...info,
          hint: info.hint ?? 'A proxy or gateway answered instead of the API; try again, or check HTTPS_PROXY.',
        });
      }
      return new ApiError(message, { ...info, code: code ?? 'api_error' });
  }
}

function formatFieldErrors(fe: Record<string, unknown> | undefined): string {
  if (!fe || typeof fe !== 'object') return '';
  return Object.entries(fe)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.map(String).join(', ') : String(v)}`)
    .join('; ');
}

/** Collapses and cuts text that never holds a secret we know (no redactor at hand). */
const NO_REDACTOR = { cut: (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s) };

function oneLine(s: string): string {
  return NO_REDACTOR.cut(s.replace(/\s+/g, ' ').trim(), MAX_MESSAGE);
}

/**
 * How long to wait before a retry the server asked for: `Retry-After` when it is there
 * (always honoured), else, for a 429, until `X-RateLimit-Reset` (Unix seconds: the header
 * the API documents; no source says it sends Retry-After).
 */
export function retryWait(status: number, headers: { get(name: string): string | null }, now: number): number | undefined {
  const after = parseRetryAfter(headers.get('retry-after'), now);
  if (after !== undefined || status !== 429) return after;
  return untilReset(headers, now);
}

/** When the rate-limit window the API reports is used up (X-RateLimit-Remaining: 0), the moment it opens again. */
export function rateWindowEnd(headers: { get(name: string): string | null }, now: number): number | undefined {
  if (headers.get('x-ratelimit-remaining')?.trim() !== '0') return undefined;
  const wait = untilReset(headers, now);
  return wait === undefined ? undefined : now + wait;
}

/** Milliseconds until X-RateLimit-Reset; undefined when absent, or from a clock that disagrees with ours (past, or over a minute away). */
function untilReset(headers: { get(name: string): string | null }, now: number): number | undefined {
  const reset = Number(headers.get('x-ratelimit-reset'));
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  const ms = reset * 1000 - now;
  return ms < 0 || ms > 60_000 ? undefined : ms + 10;
}

/** `Retry-After` as seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function retryReason(e: CliError): RetryNotice['reason'] {
  if (e instanceof RateLimitError) return 'rate_limited';
  if (e instanceof TimeoutError || e.status === 408) return 'timeout';
  if (e instanceof NetworkError) return 'unreachable';
  return 'unavailable';
}

/** OpenSSL's answer when a TLS client meets a plain-HTTP server: `wrong version number`. */
function isPlainHttpAnswer(e: unknown, code: string | undefined): boolean {
  if (code === 'ERR_SSL_WRONG_VERSION_NUMBER' || code === 'ERR_SSL_HTTP_REQUEST') return true;
  for (let cur: unknown = e, i = 0; i < 4 && cur && typeof cur === 'object'; i++, cur = (cur as { cause?: unknown }).cause) {
    if (/wrong version number|packet length too long|http request/i.test(String((cur as { message?: unknown }).message ?? ''))) return true;
  }
  return false;
}

/** The first `code` along an error's cause chain (Node's network and TLS errors nest it). */
export function errorCode(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let i = 0; i < 4 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeNetworkError(e: unknown): string {
  const code = errorCode(e);
  const cause = (e as { cause?: { message?: string } })?.cause?.message;
  const msg = cause ?? (e instanceof Error ? e.message : String(e));
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the API URL right, and is the server up?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the API host name could not be resolved';
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was closed before a complete response arrived';
    default:
      return oneLine(msg) + (code ? ` (${code})` : '');
  }
}

/** application/x-www-form-urlencoded, byte for byte as URLSearchParams serialises it (a lone surrogate as U+FFFD). */
export function formEncode(s: string): string {
  return encodeURIComponent(s.toWellFormed())
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/**
 * One attempt's signal: aborted by `parent` (Ctrl-C) or once `ms` have passed. A plain
 * controller and timer, not AbortSignal.timeout + AbortSignal.any, whose first use costs
 * about a millisecond in Node 20 (docs/bench.md); `done()` clears both once the answer is in.
 */
export function attemptSignal(ms: number, parent?: AbortSignal): { signal: AbortSignal; done(): void } {
  const controller = new Canceller();
  const timer = setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), ms);
  timer.unref();
  const stop = parent ? onAbort(parent, (reason) => controller.abort(reason)) : undefined;
  return {
    signal: controller.signal,
    done: () => {
      clearTimeout(timer);
      stop?.();
    },
  };
}
