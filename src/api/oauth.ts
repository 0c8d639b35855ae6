/**
 * OAuth 2.0 client credentials (machine credentials for CI). The access token is cached
 * in the store (0600) and reused until 60 s before it expires, then fetched again.
 */
import { ApiError } from '../errors.js';
import type { ConfigStore } from '../config/store.js';
import type { HttpClient } from './http.js';
import type { OAuthToken } from './types.js';

const REFRESH_MARGIN_MS = 60_000;

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
  oauthUrl: string;
}

export function cacheKey(c: ClientCredentials): string {
  return `${c.oauthUrl}#${c.clientId}`;
}

export async function exchangeClientCredentials(http: HttpClient, c: ClientCredentials): Promise<OAuthToken> {
  const { data } = await http.post<OAuthToken>(new URL(c.oauthUrl).pathname, {
    what: 'get an access token with SPICE_CLIENT_ID/SPICE_CLIENT_SECRET',
    auth: false,
    body: { grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret },
    // The exchange has no side effect but minting a token: safe to retry.
    idempotent: true,
    hints: { 401: 'Check SPICE_CLIENT_ID and SPICE_CLIENT_SECRET (a regenerated secret invalidates the old one).' },
  });
  if (!data || typeof data.access_token !== 'string' || !/^bearer$/i.test(String(data.token_type))) {
    throw new ApiError('the token endpoint answered without a bearer access_token');
  }
  return data;
}

/** Returns a usable access token, from the cache when still fresh. */
export async function clientCredentialsToken(
  http: HttpClient,
  c: ClientCredentials,
  now: () => number,
  store: ConfigStore | undefined,
  onToken: (t: string) => void,
): Promise<string> {
  const key = cacheKey(c);
  const cached = store?.getCachedToken(key);
  if (cached && cached.expiresAt - REFRESH_MARGIN_MS > now()) {
    onToken(cached.accessToken);
    return cached.accessToken;
  }
  const token = await exchangeClientCredentials(http, c);
  onToken(token.access_token);
  const expiresAt = now() + (token.expires_in ?? 3600) * 1000;
  try {
    store?.setCachedToken(key, { accessToken: token.access_token, expiresAt });
  } catch {
    /* a read-only store only costs a token exchange next time */
  }
  return token.access_token;
}
