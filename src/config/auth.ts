/**
 * Where the API URL, org and credentials come from. The precedence, documented in the
 * README ("Credentials") and `help environment`, is:
 *
 *   credentials: SPICE_API_TOKEN > SPICE_CLOUD_PAT
 *                > SPICE_CLIENT_ID + SPICE_CLIENT_SECRET > SPICE_CLOUD_CLIENT_ID + SPICE_CLOUD_CLIENT_SECRET
 *                > SPICEAI_CLIENT_ID + SPICEAI_CLIENT_SECRET  >  stored profile token
 *   API URL:     --api-url  >  SPICE_API_URL  >  SPICE_CLOUD_API_URL  >  stored profile  >  https://api.spice.ai
 *
 * The SPICE_CLOUD_* names are the Rust `spice cloud` CLI's, SPICEAI_* the Terraform
 * provider's: accepted as aliases, always after ours. A client ID and secret are taken
 * as a pair from one family, never mixed.
 *   token URL:   SPICE_OAUTH_URL  >  derived from the API URL (deriveOAuthUrl)
 *   org:         --org  >  SPICE_ORG  >  linked directory's org  >  stored profile
 *   profile:     --profile  >  SPICE_PROFILE  >  "default"
 *
 * An env token never reads the store (CI must not depend on local state).
 */
import { AuthError, UsageError } from '../errors.js';
import type { ConfigStore, Profile } from './store.js';

export const DEFAULT_API_URL = 'https://api.spice.ai';

/** The precedence above, for `help environment` (keep the two in step). */
export const PRECEDENCE: ReadonlyArray<readonly [string, string]> = [
  ['credentials', 'SPICE_API_TOKEN > SPICE_CLOUD_PAT > SPICE_CLIENT_ID + SPICE_CLIENT_SECRET > SPICE_CLOUD_CLIENT_ID + SPICE_CLOUD_CLIENT_SECRET > SPICEAI_CLIENT_ID + SPICEAI_CLIENT_SECRET > token stored by `auth login`'],
  ['API URL', '--api-url > SPICE_API_URL > SPICE_CLOUD_API_URL > stored profile > https://api.spice.ai'],
  ['token URL', 'SPICE_OAUTH_URL > /api/oauth/token on the API\'s web host (api.spice.ai -> spice.ai; the emulator serves it itself)'],
  ['org', '--org > SPICE_ORG > org of the linked directory (.spice/cloud.json) > stored profile'],
  ['profile', '--profile > SPICE_PROFILE > "default"'],
  ['app', '--app > SPICE_APP > nearest .spice/cloud.json up the directory tree'],
  ['runtime URL', "--endpoint > SPICE_RUNTIME_URL > the app's endpoint (Management API)"],
  ['Flight address', '--flight-endpoint > derived from a *.spiceai.io endpoint (-data -> -flight, port 443) > the runtime\'s /v1/status'],
  ['runtime API key', "SPICE_APP_API_KEY > SPICE_API_KEY > the app's key via the Management API (--key primary|secondary; memory only)"],
];

export type CredentialSource = 'env' | 'client-credentials' | 'store' | 'none';

/** Token variables, first wins: ours, then the Rust CLI's. */
export const TOKEN_VARS = ['SPICE_API_TOKEN', 'SPICE_CLOUD_PAT'] as const;
/** Client-credential pairs, first complete pair wins: ours, the Rust CLI's, Terraform's. */
export const CLIENT_VARS = [
  ['SPICE_CLIENT_ID', 'SPICE_CLIENT_SECRET'],
  ['SPICE_CLOUD_CLIENT_ID', 'SPICE_CLOUD_CLIENT_SECRET'],
  ['SPICEAI_CLIENT_ID', 'SPICEAI_CLIENT_SECRET'],
] as const;
export const API_URL_VARS = ['SPICE_API_URL', 'SPICE_CLOUD_API_URL'] as const;

type AnyEnv = Readonly<Record<string, string | undefined>>;

/** The token from the environment and the variable it came from. */
export function envToken(env: AnyEnv): { name: string; value: string } | undefined {
  for (const name of TOKEN_VARS) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/** The first client-credential pair set; a half-set pair is a usage error (unless a token wins anyway). */
export function envClient(env: AnyEnv, strict = true): { id: string; secret: string; names: readonly [string, string] } | undefined {
  for (const names of CLIENT_VARS) {
    const id = env[names[0]]?.trim();
    const secret = env[names[1]]?.trim();
    if (id && secret) return { id, secret, names };
    if ((id || secret) && strict) throw new UsageError(`${names[0]} and ${names[1]} must be set together`);
  }
  return undefined;
}

export function envApiUrl(env: AnyEnv): { name: string; value: string } | undefined {
  for (const name of API_URL_VARS) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

export interface AuthEnv {
  [alias: string]: string | undefined;
  SPICE_API_TOKEN?: string | undefined;
  SPICE_CLIENT_ID?: string | undefined;
  SPICE_CLIENT_SECRET?: string | undefined;
  SPICE_OAUTH_URL?: string | undefined;
  SPICE_API_URL?: string | undefined;
  SPICE_ORG?: string | undefined;
  SPICE_PROFILE?: string | undefined;
  SPICE_KEYRING?: string | undefined;
}

export interface AuthFlags {
  apiUrl?: string | undefined;
  org?: string | undefined;
  profile?: string | undefined;
}

export interface ResolvedAuth {
  profile: string;
  apiUrl: string;
  apiUrlSource: 'flag' | 'env' | 'profile' | 'default';
  org: string | undefined;
  source: CredentialSource;
  /** The environment variable(s) the credentials came from (env and client-credentials). */
  credentialVars?: string | undefined;
  /** Static token (env or store); undefined for client credentials and none. */
  token?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  oauthUrl: string;
  /** Where a stored token lives (source 'store'). */
  tokenStorage?: 'keychain' | 'file' | undefined;
}

/** Reads a stored token from the OS keychain (keychain.ts); injected so tests need no native module. */
export type KeychainReader = (profile: string, env: { SPICE_KEYRING?: string | undefined }) => Promise<{ ok: true; token: string | undefined } | { ok: false; reason: string }>;

export const readKeychainToken: KeychainReader = async (profile, env) => {
  const { openKeychain, tokenAccount } = await import('./keychain.js');
  const probe = await openKeychain(env, { probe: false });
  if (!probe.ok) return probe;
  try {
    return { ok: true, token: await probe.keychain.get(tokenAccount(profile)) };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
};

/**
 * `linkedOrg` reads the org recorded by `spice-cloud link` for this directory: an app
 * linked in one organization keeps working when the profile's default org is another.
 */
export async function resolveAuth(
  flags: AuthFlags,
  env: AuthEnv,
  openStore: () => Promise<ConfigStore>,
  linkedOrg: () => Promise<string | undefined> = async () => undefined,
  keychain: KeychainReader = readKeychainToken,
): Promise<ResolvedAuth> {
  const name = profileName(flags, env);
  const explicitProfile = Boolean(flags.profile || env.SPICE_PROFILE);
  const tokenVar = envToken(env);
  const token = tokenVar?.value;
  const client = envClient(env, !token);
  const clientId = client?.id;
  const clientSecret = client?.secret;
  const store = token && !explicitProfile ? undefined : await openStore();
  const profile: Profile = store?.getProfile(name) ?? {};
  if (store && explicitProfile && !store.getProfile(name) && !token && !clientId) {
    throw new UsageError(`no profile named "${name}" in ${store.path}`, `Create it with \`spice-cloud auth login --profile ${name}\`.`);
  }

  const endpoint = resolveEndpoint(flags, env, profile);
  if (!flags.org && !env.SPICE_ORG) endpoint.org = (await linkedOrg()) ?? endpoint.org;
  const base = {
    profile: name,
    ...endpoint,
    oauthUrl: env.SPICE_OAUTH_URL || deriveOAuthUrl(endpoint.apiUrl),
  };
  if (token) return { ...base, source: 'env', token, credentialVars: tokenVar.name };
  if (clientId && clientSecret) return { ...base, source: 'client-credentials', clientId, clientSecret, credentialVars: client.names.join(' + ') };
  if (profile.tokenStorage === 'keychain') {
    const got = await keychain(name, env);
    if (!got.ok) {
      throw new AuthError(`the token of profile "${name}" is in the OS keychain, which is not available: ${got.reason}`, {
        code: 'keychain_unavailable',
        hint: 'Unlock the keychain, or log in again with `spice-cloud auth login --insecure-storage` (or set SPICE_API_TOKEN).',
      });
    }
    if (got.token) return { ...base, source: 'store', token: got.token, tokenStorage: 'keychain' };
    throw new AuthError(`the token of profile "${name}" was not found in the OS keychain (locked, removed, or no keychain in this session)`, {
      code: 'keychain_token_missing',
      hint: 'Log in again with `spice-cloud auth login` (or --insecure-storage where there is no keychain), or set SPICE_API_TOKEN.',
    });
  }
  if (profile.token) return { ...base, source: 'store', token: profile.token, tokenStorage: 'file' };
  return { ...base, source: 'none' };
}

export function profileName(flags: AuthFlags, env: AuthEnv): string {
  return flags.profile || env.SPICE_PROFILE || 'default';
}

/** API URL (normalized) and org, without credentials: `auth login` needs them for a profile that may not exist yet. */
export function resolveEndpoint(
  flags: AuthFlags,
  env: AuthEnv,
  profile: Profile,
): Pick<ResolvedAuth, 'apiUrl' | 'apiUrlSource' | 'org'> {
  const urlVar = envApiUrl(env);
  const [apiUrl, apiUrlSource] = flags.apiUrl
    ? [flags.apiUrl, 'flag' as const]
    : urlVar
      ? [urlVar.value, 'env' as const]
      : profile.apiUrl
        ? [profile.apiUrl, 'profile' as const]
        : [DEFAULT_API_URL, 'default' as const];
  return { apiUrl: normalizeApiUrl(apiUrl), apiUrlSource, org: flags.org || env.SPICE_ORG || profile.org || undefined };
}

export function normalizeApiUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`invalid API URL ${JSON.stringify(raw)}: expected something like https://api.spice.ai`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new UsageError(`invalid API URL ${JSON.stringify(raw)}: only http and https are supported`);
  return u.origin + u.pathname.replace(/\/+$/, '');
}

/**
 * Plausibly this machine, by name: a literal loopback address, `localhost` or a
 * `*.localhost` name. Names are only a first filter: the transport (api/transport.ts)
 * checks, when it connects, that the name really resolves to loopback.
 */
export function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Refuses to put a credential on plain http anywhere but this machine. */
export function assertSafeTransport(url: string): void {
  const u = new URL(url);
  if (u.protocol === 'http:' && !isLoopback(u.hostname)) {
    throw new UsageError(
      `refusing to send credentials over plain http to ${u.host}`,
      'Use an https:// API URL; plain http is allowed only for loopback addresses (the emulator).',
    );
  }
}

/**
 * The token endpoint lives on the web host, not the API host: api.spice.ai -> spice.ai,
 * dev-api.spice.ai -> dev.spice.ai. Any other host (the emulator) serves it itself.
 */
export function deriveOAuthUrl(apiUrl: string): string {
  const u = new URL(apiUrl);
  const labels = u.hostname.split('.');
  if (labels[0] === 'api' && labels.length > 2) labels.shift();
  else if (labels[0]?.endsWith('-api')) labels[0] = labels[0].slice(0, -4);
  u.hostname = labels.join('.');
  return `${u.origin}/api/oauth/token`;
}
