/**
 * OAuth 2.0 client credentials (machine credentials for CI). The access token is cached
 * in the OS keychain, or the store (0600) where there is none, and reused until 60 s before it expires, then fetched again. A
 * command that outlives its token (deploy --wait) exchanges again transparently, and an
 * API 401 for a token (the API forgot it, e.g. a restarted emulator) drops it and
 * exchanges once more before giving up.
 */
import { crypto } from '../builtins.js';
import { ApiError, AuthError } from '../errors.js';
import type { CachedAccessToken } from '../config/store.js';

/** Where access tokens are cached: the OS keychain when there is one, else the config file (context.ts). */
export interface TokenCache {
  getCachedToken(key: string): CachedAccessToken | undefined | Promise<CachedAccessToken | undefined>;
  setCachedToken(key: string, token: CachedAccessToken): void | Promise<void>;
}
import { HttpClient, type HttpClientOptions, type HttpResponse, type Method, type RequestOptions } from './http.js';
import type { OAuthToken } from './types.js';

const REFRESH_MARGIN_MS = 60_000;

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  oauthUrl: string;
}

/**
 * Token endpoint, client ID and a fingerprint of the secret: a token minted for one
 * secret is never handed to a caller holding another (a rotated or mistyped secret
 * exchanges, and fails, instead of silently riding on the old token).
 */
export function cacheKey(c: ClientCredentials): string {
  const fingerprint = crypto().createHash('sha256').update(c.clientSecret).digest('hex').slice(0, 16);
  return `${c.oauthUrl}#${c.clientId}#${fingerprint}`;
}

export async function exchangeClientCredentials(http: HttpClient, c: ClientCredentials): Promise<OAuthToken> {
  const { data } = await http.post<OAuthToken>(new URL(c.oauthUrl).pathname, {
    what: 'get an access token with SPICE_CLIENT_ID/SPICE_CLIENT_SECRET',
    auth: false,
    body: { grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret },
    // The exchange has no side effect but minting a token: safe to retry.
    idempotent: true,
    hints: {
      400: 'Check SPICE_CLIENT_ID and SPICE_CLIENT_SECRET, and SPICE_OAUTH_URL if set.',
      401: 'Check SPICE_CLIENT_ID and SPICE_CLIENT_SECRET (a regenerated secret invalidates the old one).',
    },
  });
  if (!data || typeof data.access_token !== 'string' || !/^bearer$/i.test(String(data.token_type))) {
    throw new ApiError('the token endpoint answered without a bearer access_token');
  }
  return data;
}

interface Held {
  token: string;
  /** Clock ms after which this token is not used for a new request. */
  refreshAt: number;
}

/**
 * The access token of one API client: from the cache while fresh, else exchanged (once,
 * however many requests ask at the same time) and cached.
 */
export class ClientCredentialsSession {
  private held: Promise<Held> | undefined;
  private renewed = false;

  constructor(
    private readonly http: HttpClient,
    private readonly creds: ClientCredentials,
    private readonly now: () => number,
    private readonly store: () => Promise<TokenCache | undefined>,
    private readonly onToken: (t: string) => void,
    private readonly trace?: ((line: string) => void) | undefined,
  ) {}

  async token(): Promise<string> {
    const current = (this.held ??= this.load(true));
    const h = await current; // an exchange failure rejects here, for every caller
    if (h.refreshAt > this.now()) return h.token;
    if (this.held === current) this.held = this.load(false);
    return (await this.held).token;
  }

  /**
   * The API answered 401 to a request made with `used`. True when retrying may help:
   * another request already replaced the token, or this one does now (once per session).
   */
  async renew(used: string): Promise<boolean> {
    const h = await this.held?.catch(() => undefined);
    if (h && h.token !== used) return true;
    if (this.renewed) return false;
    this.renewed = true;
    this.trace?.('* the API rejected the access token; exchanging the client credentials again');
    this.held = this.load(false);
    return true;
  }

  private async load(useCache: boolean): Promise<Held> {
    const store = await this.store().catch(() => undefined);
    const key = cacheKey(this.creds);
    if (useCache) {
      const cached = await Promise.resolve(store?.getCachedToken(key)).catch(() => undefined);
      if (cached && cached.expiresAt - REFRESH_MARGIN_MS > this.now()) {
        this.onToken(cached.accessToken);
        return { token: cached.accessToken, refreshAt: cached.expiresAt - REFRESH_MARGIN_MS };
      }
    }
    const token = await exchangeClientCredentials(this.http, this.creds);
    this.onToken(token.access_token);
    const ttlMs = (token.expires_in ?? 3600) * 1000;
    const now = this.now();
    try {
      await store?.setCachedToken(key, { accessToken: token.access_token, expiresAt: now + ttlMs });
    } catch {
      /* a read-only store only costs a token exchange next time */
    }
    // A token shorter-lived than the margin is still used, for half its life.
    return { token: token.access_token, refreshAt: now + ttlMs - Math.min(REFRESH_MARGIN_MS, ttlMs / 2) };
  }
}

/** An HttpClient whose requests get one more try, with a new token, after a 401. */
export class RenewingHttpClient extends HttpClient {
  constructor(
    opts: HttpClientOptions,
    private readonly session: ClientCredentialsSession,
  ) {
    super({ ...opts, token: () => session.token() });
  }

  override async request<T>(method: Method, path: string, o: RequestOptions): Promise<HttpResponse<T>> {
    if (o.auth === false) return super.request<T>(method, path, o);
    // A failed exchange surfaces here as it is; only the API's 401 is worth a renewal.
    const used = await this.session.token();
    try {
      return await super.request<T>(method, path, o);
    } catch (e) {
      // A 401 means the request was not processed, so repeating even a POST is safe.
      if (!(e instanceof AuthError) || e.status !== 401 || !(await this.session.renew(used))) throw e;
      return super.request<T>(method, path, o);
    }
  }
}
