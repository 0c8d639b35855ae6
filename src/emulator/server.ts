/**
 * The HTTP server and the request pipeline:
 *
 *   request target and Host header (shared/request.ts): malformed ▶ 400, foreign Host ▶ 421
 *   admin route? ──▶ admin token (401), JSON bodies only (415) ▶ admin.ts (no faults/limits/log)
 *   fault pick ──▶ drop | delay | canned answer
 *   latency
 *   rate limit (429 + X-RateLimit-* on every response when enabled)
 *   route match (404 / 405)
 *   auth: bearer token (401) ▶ X-Org-Name (400/403) ▶ x-scope from the spec (403)
 *   body (413 / 400 malformed JSON)  ▶  handler  ▶  persist state
 *   drop-after? destroy the socket instead of answering
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { handleAdmin } from './admin.js';
import { DeviceFlow, identity } from './device.js';
import { adminAuthorized, allowedHosts, hostAllowed, isProblem, parseTarget, type Problem } from './shared/request.js';
import { Auth, hasScope, parseClientSpec, parseTokenSpec, type Principal } from './auth.js';
import type { Ctx, EmulatorEnv, Handler } from './context.js';
import { ApiError } from './errors.js';
import { FaultSet } from './faults.js';
import { parseJson, readBody, sendReply, type Reply } from './http.js';
import { deploymentView } from './lifecycle.js';
import { RateLimiter } from './ratelimit.js';
import { Router } from './router.js';
import { registerAlertRoutes } from './routes/alerts.js';
import { registerAppRoutes } from './routes/apps.js';
import { registerDeploymentRoutes } from './routes/deployments.js';
import { registerForkRoutes } from './routes/forks.js';
import { registerMemberRoutes } from './routes/members.js';
import { registerMetaRoutes } from './routes/meta.js';
import { registerSecretRoutes } from './routes/secrets.js';
import { ORG_NAME } from './seed.js';
import { knownScopes, loadSpec, operationSecurity } from './spec.js';
import { sha256 } from './state.js';
import { Store } from './store.js';
import type { EmulatorOptions, FaultRule, RequestLogEntry } from './types.js';

const LOG_CAP = 10_000;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Query keys whose values never reach the request log. */
const SENSITIVE_QUERY_KEY = /secret|token|key|password|auth|code|value/i;

export const DEFAULT_TOKEN = 'spice-emulator-token';
export const DEFAULT_CLIENT = 'emulator-client:emulator-secret';

export class EmulatorServer {
  private readonly server: Server;
  private readonly router = new Router<Ctx>();
  readonly store: Store;
  private readonly auth: Auth;
  private readonly limiter: RateLimiter | undefined;
  readonly faults = new FaultSet();
  device!: DeviceFlow;
  readonly log: RequestLogEntry[] = [];
  private readonly env: EmulatorEnv;
  private readonly latencyMs: number;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private closed = false;
  private hosts: ReadonlySet<string> = allowedHosts('127.0.0.1');
  private readonly adminToken: string | undefined;

  constructor(opts: EmulatorOptions) {
    const now = opts.now ?? Date.now;
    const spec = loadSpec();
    const known = knownScopes(spec.doc);
    const nonNeg = (v: number | undefined, name: string, dflt: number): number => {
      if (v === undefined) return dflt;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new TypeError(`${name} must be a non-negative number`);
      return v;
    };
    if (opts.rateLimit !== undefined && !(opts.rateLimit > 0 && Number.isInteger(opts.rateLimit))) {
      throw new TypeError('rateLimit must be a positive integer');
    }
    this.env = {
      queuedMs: nonNeg(opts.queuedMs, 'queuedMs', 1500),
      runningMs: nonNeg(opts.runningMs, 'runningMs', 3000),
      rateLimit: opts.rateLimit,
      specText: spec.text,
      runtimeUrl: null,
      strict: opts.strict === true,
    };
    this.latencyMs = nonNeg(opts.latencyMs, 'latencyMs', 0);
    this.adminToken = opts.adminToken || undefined;
    const ttl = nonNeg(opts.tokenTtlSeconds, 'tokenTtlSeconds', 3600);

    this.store = new Store(now, opts.stateFile);
    this.auth = new Auth(
      {
        tokens: [{ value: opts.defaultToken ?? DEFAULT_TOKEN, scopes: ['*'] }, ...(opts.tokens ?? []).map((t) => parseTokenSpec(t, known))],
        clients: (opts.clients ?? [DEFAULT_CLIENT]).map((c) => parseClientSpec(c, known)),
        tokenTtlSeconds: ttl,
      },
      this.store,
    );
    this.limiter = opts.rateLimit !== undefined ? new RateLimiter(opts.rateLimit, now) : undefined;
    for (const rule of opts.faults ?? []) this.faults.add(rule);

    // Every route takes its auth requirement and scope from the spec operation.
    const add = (method: string, template: string, handler: Handler) =>
      this.router.add({ method, template, handler, auth: operationSecurity(spec.doc, method, template) });
    registerMetaRoutes(add);
    registerAppRoutes(add);
    registerDeploymentRoutes(add);
    registerSecretRoutes(add);
    registerMemberRoutes(add);
    registerForkRoutes(add);
    registerAlertRoutes(add);
    // The browser login (Rust CLI) and identity endpoints, on the web host in production.
    this.device = new DeviceFlow(() => this.auth.issueSessionToken());
    this.router.add({ method: 'GET', template: '/auth/token', auth: { kind: 'none' }, handler: (ctx) => this.device.page(ctx.query) });
    this.router.add({ method: 'POST', template: '/auth/token/exchange', auth: { kind: 'none' }, handler: (ctx) => this.device.exchange(ctx.json()) });
    this.router.add({ method: 'GET', template: '/api/spice-cli/auth', auth: { kind: 'bearer', scope: null }, handler: (ctx) => identity(ctx.principal!) });
    // The OAuth token endpoint lives on another host in production (spice.ai); here it
    // shares the emulator's origin. No bearer token.
    this.router.add({
      method: 'POST',
      template: '/api/oauth/token',
      auth: { kind: 'none' },
      handler: (ctx) => this.auth.issueToken(ctx.req.headers['content-type'], ctx.raw, ctx.req.headers.authorization),
    });

    this.server = createServer((req, res) =>
      // Whatever a request does, the emulator answers (500) and keeps running.
      this.onRequest(req, res).catch(() => this.send(res, { status: 500, body: { error: 'Internal server error' } })),
    );
    // A request line the HTTP parser rejects: 400 on that socket, never a crash.
    this.server.on('clientError', (_err, socket: Socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      else socket.destroy();
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.hosts = allowedHosts(host);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [t, wake] of this.timers) {
      clearTimeout(t);
      wake();
    }
    this.timers.clear();
    const done = new Promise<void>((r) => this.server.close(() => r()));
    this.server.closeAllConnections();
    for (const s of this.sockets) s.destroy();
    await done;
    this.store.flush(true);
  }

  /** Points every app's `endpoint` at the emulated runtime (null: the cloud-style endpoints). */
  setRuntimeUrl(url: string | null): void {
    this.env.runtimeUrl = url;
  }

  /** Appends to the request log (the runtime's routes and Flight calls log here too). */
  appendLog(entry: RequestLogEntry): void {
    this.log.push(entry);
    if (this.log.length > LOG_CAP) this.log.splice(0, this.log.length - LOG_CAP);
  }

  addFault(rule: FaultRule): void {
    this.faults.add(rule);
  }

  /** Test view of the state: secret values, API keys and token hashes as sha256 only. */
  snapshot(): unknown {
    const d = this.store.data;
    const now = this.store.now();
    const hash = (v: string | null) => (v === null ? null : sha256(v));
    return {
      org: ORG_NAME,
      now: this.store.iso(now),
      next_ids: { ...d.next_ids },
      apps: d.apps.map((a) => ({ ...structuredClone(a), api_key: hash(a.api_key), api_key_2: hash(a.api_key_2) })),
      deployments: d.deployments.map((dep) => {
        const siblings = d.deployments.filter((x) => x.app_id === dep.app_id);
        return { app_id: dep.app_id, fail_code: dep.fail_code, ...deploymentView(dep, siblings, now) };
      }),
      secrets: d.secrets.map((s) => ({ ...s, value: sha256(s.value) })),
      members: structuredClone(d.members),
      alerts: structuredClone(d.alerts),
      tokens: d.tokens.map((t) => ({ sha256: t.sha256, client_id: t.client_id, scopes: [...t.scopes], expires_at: this.store.iso(t.expires_ms) })),
    };
  }

  // ------------------------------------------------------------------ pipeline

  private sleep(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      this.timers.set(t, resolve);
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A client hanging up must never crash the emulator.
    req.on('error', () => {});
    res.on('error', () => {});
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const target = parseTarget(rawUrl);
    const refused: Problem | undefined = isProblem(target) ? target : hostAllowed(req.headers.host, this.hosts);
    if (refused || isProblem(target)) {
      const p = refused ?? { status: 400, message: 'Malformed request target', code: 'bad_request' };
      this.send(res, { status: p.status, body: { error: p.message, code: p.code }, headers: { connection: 'close' } });
      return;
    }
    const url = target;
    if (url.pathname === '/__emulator' || url.pathname.startsWith('/__emulator/')) {
      let reply: Reply;
      try {
        const problem = adminAuthorized(req, this.adminToken);
        if (problem) throw new ApiError(problem.status, problem.message, problem.code);
        reply = await handleAdmin(req, method, url.pathname, this);
      } catch (err) {
        reply = errorReply(err);
      }
      this.send(res, reply);
      return;
    }

    const entry: RequestLogEntry = { method, path: redactQuery(rawUrl), status: 0, at: this.store.iso() };
    const finish = (status: number): void => {
      entry.status = status;
      this.appendLog(entry);
    };

    const fault = this.faults.pick(method, url.pathname);
    if (fault?.action === 'drop') {
      req.socket.destroy();
      finish(0);
      return;
    }
    if (fault?.action === 'delay') await this.sleep(fault.delayMs ?? 1000);
    await this.sleep(this.latencyMs);
    if (this.closed) return;
    if (fault && fault.action !== 'delay' && fault.action !== 'drop-after' && fault.action !== 'empty-200') {
      finish(this.sendCanned(res, fault));
      return;
    }

    const reply = await this.handleApi(req, method, url);
    try {
      this.store.flush();
    } catch {
      // Persisting failed (disk full, permissions): answer anyway; close() retries.
    }
    if (this.closed) return;
    if (fault?.action === 'drop-after') {
      req.socket.destroy();
      finish(0);
      return;
    }
    if (fault?.action === 'empty-200' && reply.status >= 200 && reply.status < 300) {
      // The operation happened; only its answer is an empty 2xx.
      const status = fault.status ?? 200;
      this.send(res, { status, raw: '' });
      finish(status);
      return;
    }
    this.send(res, reply);
    finish(reply.status);
  }

  private async handleApi(req: IncomingMessage, method: string, url: { pathname: string; searchParams: URLSearchParams }): Promise<Reply> {
    let rateHeaders: Record<string, string> = {};
    let reply: Reply;
    try {
      if (this.limiter) {
        const decision = this.limiter.hit(bearerOf(req));
        rateHeaders = decision.headers;
        if (!decision.allowed) throw new ApiError(429, 'Too many requests');
      }
      const m = this.router.match(method, url.pathname);
      if (m.kind === 'not-found') throw new ApiError(404, 'Not found');
      if (m.kind === 'method-not-allowed') throw new ApiError(405, 'Method not allowed', undefined, undefined, { allow: m.allowed.join(', ') });
      const { route, params } = m;
      let principal: Principal | null = null;
      if (route.auth.kind === 'bearer') {
        principal = this.auth.authenticate(req.headers.authorization);
        checkOrg(req.headers['x-org-name'], principal);
        const scope = route.auth.scope;
        if (scope !== null && !hasScope(principal.scopes, scope)) {
          throw new ApiError(403, `Insufficient scope. Required: ${scope}`, 'insufficient_scope');
        }
      }
      const raw = BODY_METHODS.has(method) ? await readBody(req) : Buffer.alloc(0);
      let parsed: { v: unknown } | undefined;
      const ctx: Ctx = {
        req,
        method,
        params,
        query: url.searchParams,
        raw,
        json: () => (parsed ??= { v: parseJson(raw) }).v,
        principal,
        store: this.store,
        env: this.env,
      };
      reply = await route.handler(ctx);
    } catch (err) {
      reply = errorReply(err);
    }
    if (Object.keys(rateHeaders).length > 0) reply = { ...reply, headers: { ...rateHeaders, ...reply.headers } };
    return reply;
  }

  private send(res: ServerResponse, reply: Reply): void {
    if (res.destroyed || res.headersSent) return;
    sendReply(res, reply);
  }

  /** Canned fault answers; none of them touches the state. Returns the status sent. */
  private sendCanned(res: ServerResponse, fault: FaultRule): number {
    const json = { 'content-type': 'application/json' };
    switch (fault.action) {
      case 'status': {
        const status = fault.status ?? 500;
        const headers: Record<string, string> = {};
        if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
        this.send(res, { status, headers, body: status === 204 ? undefined : { error: `${STATUS_CODES[status] ?? 'Error'} (injected fault)` } });
        return status;
      }
      case 'html': {
        const status = fault.status ?? 502;
        const text = `<!DOCTYPE html>\n<html><head><title>${status} ${STATUS_CODES[status] ?? ''}</title></head><body><h1>${status} ${STATUS_CODES[status] ?? ''}</h1><p>injected fault</p></body></html>\n`;
        this.send(res, { status, raw: text, headers: { 'content-type': 'text/html; charset=utf-8' } });
        return status;
      }
      case 'malformed-json':
        this.send(res, { status: 200, raw: '{"broken":', headers: json });
        return 200;
      case 'empty':
        this.send(res, { status: 200, raw: '', headers: json });
        return 200;
      case 'wrong-content-type':
        this.send(res, { status: 200, raw: '{"message":"injected wrong-content-type fault"}', headers: { 'content-type': 'text/plain; charset=utf-8' } });
        return 200;
      case 'truncated': {
        // Promise 4 KiB, send a fragment, then cut the connection.
        const part = '{"apps":[{"id":1,"name":"trunc';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '4096' });
        res.write(part, () => res.socket?.destroy());
        return 200;
      }
      default:
        return 0;
    }
  }
}

function bearerOf(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '');
  return m?.[1] ?? null;
}

/**
 * X-Org-Name selects the organisation. The emulator has exactly one (`emulator`).
 * Blank/malformed -> 400 invalid_org_assertion; another org -> 403 org_forbidden
 * (org_assertion_mismatch for OAuth clients, which are bound to their org).
 */
function checkOrg(header: string | string[] | undefined, principal: Principal): void {
  if (header === undefined) return;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '' || !/^[A-Za-z0-9._-]+$/.test(value)) {
    throw new ApiError(400, 'X-Org-Name must be a non-empty organization handle', 'invalid_org_assertion');
  }
  if (value.toLowerCase() === ORG_NAME) return;
  if (principal.kind === 'oauth') throw new ApiError(403, 'OAuth client cannot act outside its organization', 'org_assertion_mismatch');
  throw new ApiError(403, `Organization '${value}' not found or not accessible`, 'org_forbidden');
}

function errorReply(err: unknown): Reply {
  if (err instanceof ApiError) {
    return { status: err.status, body: err.toBody(), ...(err.headers ? { headers: { ...err.headers } } : {}) };
  }
  return { status: 500, body: { error: 'Internal server error' } };
}

/** Keeps the path and query shape but masks values of secret-looking query keys. */
export function redactQuery(rawUrl: string): string {
  const q = rawUrl.indexOf('?');
  if (q < 0) return rawUrl;
  const parts = rawUrl
    .slice(q + 1)
    .split('&')
    .map((kv) => {
      const eq = kv.indexOf('=');
      const key = eq < 0 ? kv : kv.slice(0, eq);
      return eq >= 0 && SENSITIVE_QUERY_KEY.test(key) ? `${key}=***` : kv;
    });
  return `${rawUrl.slice(0, q)}?${parts.join('&')}`;
}
