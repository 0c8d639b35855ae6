/**
 * Authentication and authorisation:
 *  - static bearer tokens (personal access tokens) from the options, acting as the owner;
 *  - OAuth client-credentials clients and the tokens they mint at POST /api/oauth/token;
 *  - scope checks with the documented implications.
 *
 * Token values are never stored: minted tokens are remembered by sha256 only.
 */
import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { ApiError } from './errors.js';
import { isObject, json, type Reply } from './http.js';
import { ORG_ID, ORG_NAME, OWNER_EMAIL } from './seed.js';
import { sha256 } from './state.js';
import type { Store } from './store.js';

export interface Principal {
  kind: 'token' | 'oauth';
  /** created_by of deployments: the owner's email for tokens, the client id for OAuth. */
  subject: string;
  scopes: Set<string>;
}

/** `write` implies `read`; `*` implies everything; the two delete scopes imply read+write. */
export function expandScopes(scopes: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const s of scopes) {
    out.add(s);
    const [res, verb] = s.split(':');
    if (verb === 'write') out.add(`${res}:read`);
    if (verb === 'delete' && (res === 'apps' || res === 'members')) {
      out.add(`${res}:read`);
      out.add(`${res}:write`);
    }
  }
  return out;
}

export const hasScope = (granted: Set<string>, required: string): boolean => granted.has('*') || granted.has(required);

function parseScopeList(text: string | undefined, known: string[], what: string): string[] {
  if (text === undefined || text.trim() === '') return ['*'];
  const scopes = text.split(/[\s,+]+/).filter(Boolean);
  for (const s of scopes) if (!known.includes(s)) throw new Error(`unknown scope "${s}" in ${what}`);
  return scopes;
}

/** 'value' or 'value:scope,scope' (split at the first colon: scope names contain colons). */
export function parseTokenSpec(spec: string, known: string[]): { value: string; scopes: string[] } {
  const i = spec.indexOf(':');
  const value = i < 0 ? spec : spec.slice(0, i);
  if (value.trim() === '' || /\s/.test(value)) throw new Error('token value must be non-empty and contain no spaces');
  return { value, scopes: parseScopeList(i < 0 ? undefined : spec.slice(i + 1), known, 'token spec') };
}

/** 'id:secret' or 'id:secret:scope,scope'. */
export function parseClientSpec(spec: string, known: string[]): { id: string; secret: string; scopes: string[] } {
  const a = spec.indexOf(':');
  const b = a < 0 ? -1 : spec.indexOf(':', a + 1);
  if (a <= 0) throw new Error('client must look like id:secret[:scopes]');
  const id = spec.slice(0, a);
  const secret = b < 0 ? spec.slice(a + 1) : spec.slice(a + 1, b);
  if (secret === '') throw new Error('client secret must be non-empty');
  return { id, secret, scopes: parseScopeList(b < 0 ? undefined : spec.slice(b + 1), known, 'client spec') };
}

const bearerChallenge = { 'www-authenticate': 'Bearer realm="spice-cloud-emulator"' };
const unauthorized = (message: string): ApiError => new ApiError(401, message, undefined, undefined, bearerChallenge);

export interface AuthOptions {
  tokens: Array<{ value: string; scopes: string[] }>;
  clients: Array<{ id: string; secret: string; scopes: string[] }>;
  tokenTtlSeconds: number;
}

export class Auth {
  private readonly tokens = new Map<string, Set<string>>();
  private readonly clients = new Map<string, { secret: string; scopes: string[] }>();
  /** Signs minted tokens so they are well-formed JWTs; validation is by sha256 lookup. */
  private readonly jwtKey = randomBytes(32);

  constructor(
    private readonly opts: AuthOptions,
    private readonly store: Store,
  ) {
    for (const t of opts.tokens) this.tokens.set(t.value, expandScopes(t.scopes));
    for (const c of opts.clients) this.clients.set(c.id, { secret: c.secret, scopes: c.scopes });
  }

  /** A browser-login session token (device flow): all scopes, in memory only. */
  issueSessionToken(): string {
    const token = `spice-session-${randomBytes(24).toString('hex')}`;
    this.tokens.set(token, expandScopes(['*']));
    return token;
  }

  authenticate(header: string | undefined): Principal {
    if (header === undefined || header.trim() === '') throw unauthorized('Missing Authorization header');
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m || m[1] === undefined) throw unauthorized('Invalid token format');
    const value = m[1];
    const pat = this.tokens.get(value);
    if (pat) return { kind: 'token', subject: OWNER_EMAIL, scopes: pat };
    const hash = sha256(value);
    const issued = this.store.data.tokens.find((t) => t.sha256 === hash);
    // A client removed from the configuration revokes its tokens (as deleting a client does).
    if (!issued || !this.clients.has(issued.client_id)) throw unauthorized('Invalid token');
    if (this.store.now() >= issued.expires_ms) throw unauthorized('Token expired');
    return { kind: 'oauth', subject: issued.client_id, scopes: expandScopes(issued.scopes) };
  }

  /**
   * POST /api/oauth/token (client credentials). Accepts JSON and form bodies, and HTTP
   * Basic client authentication (golang.org/x/oauth2, used by terraform, tries it first).
   * Errors use the RFC 6749 shape `{error, error_description}`.
   */
  issueToken(contentType: string | undefined, raw: Buffer, authorization: string | undefined): Reply {
    const params = this.readParams(contentType, raw);
    let clientId = params['client_id'];
    let clientSecret = params['client_secret'];
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (basic?.[1] !== undefined) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i > 0) {
        clientId = decodeURIComponent(decoded.slice(0, i));
        clientSecret = decodeURIComponent(decoded.slice(i + 1));
      }
    }
    const grant = params['grant_type'];
    if (grant === undefined || grant === '') return oauthError(400, 'invalid_request', 'grant_type is required');
    if (grant !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'only client_credentials is supported');
    const client = clientId !== undefined ? this.clients.get(clientId) : undefined;
    if (!client || clientSecret === undefined || !safeEqual(client.secret, clientSecret) || clientId === undefined) {
      return oauthError(401, 'invalid_client', 'client authentication failed');
    }
    const allowed = expandScopes(client.scopes);
    let granted = client.scopes;
    const requested = params['scope'];
    if (requested !== undefined && requested.trim() !== '') {
      granted = requested.split(/[\s,]+/).filter(Boolean);
      const refused = granted.filter((s) => !hasScope(allowed, s));
      if (refused.length > 0) return oauthError(400, 'invalid_scope', `scope not allowed for this client: ${refused.join(' ')}`);
    }

    const now = this.store.now();
    const ttl = this.opts.tokenTtlSeconds;
    const token = this.mintJwt(clientId, granted, now, ttl);
    const data = this.store.data;
    // Forget tokens that expired more than a day ago; keep recent ones for "Token expired".
    data.tokens = data.tokens.filter((t) => t.expires_ms > now - 86_400_000);
    data.tokens.push({ sha256: sha256(token), client_id: clientId, scopes: granted, expires_ms: now + ttl * 1000 });
    this.store.changed();
    return json(
      200,
      { access_token: token, token_type: 'Bearer', expires_in: ttl, scope: granted.join(' ') },
      { 'cache-control': 'no-store', pragma: 'no-cache' },
    );
  }

  private readParams(contentType: string | undefined, raw: Buffer): Record<string, string | undefined> {
    const text = raw.toString('utf8');
    if ((contentType ?? '').toLowerCase().includes('application/x-www-form-urlencoded')) {
      return Object.fromEntries(new URLSearchParams(text));
    }
    if (text.trim() === '') return {};
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(400, 'invalid_request');
    }
    if (!isObject(body)) throw new ApiError(400, 'invalid_request');
    const out: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') out[k] = v;
    return out;
  }

  private mintJwt(clientId: string, scopes: string[], now: number, ttl: number): string {
    const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const iat = Math.floor(now / 1000);
    const head = b64({ alg: 'HS256', typ: 'JWT' });
    const body = b64({ iss: 'spice-cloud-emulator', sub: clientId, client_id: clientId, org_id: ORG_ID, org: ORG_NAME, scopes, jti: randomUUID(), iat, exp: iat + ttl });
    const sig = createHmac('sha256', this.jwtKey).update(`${head}.${body}`).digest('base64url');
    return `${head}.${body}.${sig}`;
  }
}

function oauthError(status: number, error: string, description: string): Reply {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (status === 401) headers['www-authenticate'] = 'Basic realm="spice-cloud-emulator"';
  return json(status, { error, error_description: description }, headers);
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
