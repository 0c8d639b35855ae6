import type { Org } from '../../api/resources.js';
import type { RawInput } from '../../cli.js';
import type { ResolvedAuth } from '../../config/auth.js';
import type { Context } from '../../context.js';
import { AuthError, CliError, NetworkError, TimeoutError } from '../../errors.js';
import type { Column } from '../../output/writer.js';
import { checkToken, describeOrgs, type TokenCheck } from './verify.js';

export type StatusOptions = Record<string, never>;

export interface AuthStatus {
  source: ResolvedAuth['source'];
  profile: string;
  store_path: string | null;
  /** Where the stored token lives: "keychain" (the OS keychain) or "file" (store_path); null for env and client credentials. */
  token_storage: 'keychain' | 'file' | null;
  api_url: string;
  api_url_source: ResolvedAuth['apiUrlSource'];
  org: string | null;
  /** Masked on output (maskDeep masks `token` fields; the item column is kind `key`). */
  token: string | null;
  client_id?: string;
  /** true accepted, false rejected, null not checked or API unreachable. */
  valid: boolean | null;
  orgs: Org[] | null;
  error: string | null;
}

const SOURCE_LABEL: Record<ResolvedAuth['source'], string> = {
  env: 'SPICE_API_TOKEN (environment)',
  'client-credentials': 'SPICE_CLIENT_ID + SPICE_CLIENT_SECRET (OAuth client credentials)',
  store: 'stored by `auth login`',
  none: 'none: not logged in',
};

const fields = (credentials: string): Column<AuthStatus>[] => [
  { header: 'Credentials', get: () => credentials },
  { header: 'Profile', get: (s) => s.profile },
  { header: 'Store', get: (s) => s.store_path },
  { header: 'Token storage', get: (s) => (s.token_storage === 'keychain' ? 'OS keychain' : s.token_storage === 'file' ? `file (${s.store_path})` : undefined) },
  { header: 'Token', get: (s) => s.token, kind: 'key' },
  { header: 'Client ID', get: (s) => s.client_id },
  { header: 'API URL', get: (s) => `${s.api_url} (${s.api_url_source})` },
  { header: 'Org', get: (s) => s.org },
  { header: 'Orgs visible', get: (s) => (s.orgs ? describeOrgs(s.orgs) || 'none' : undefined) },
  { header: 'Valid', get: (s) => (s.valid === null ? 'unknown' : s.valid ? 'yes' : 'no') },
];

export function sourceLabel(auth: ResolvedAuth): string {
  if (auth.source === 'env' && auth.credentialVars) return `${auth.credentialVars} (environment)`;
  if (auth.source === 'client-credentials' && auth.credentialVars) return `${auth.credentialVars} (OAuth client credentials)`;
  return SOURCE_LABEL[auth.source];
}

export function parse(_raw: RawInput): StatusOptions {
  return {};
}

export async function run(_opts: StatusOptions, ctx: Context): Promise<void> {
  const auth = await ctx.auth();
  // An env token never opens the store; every other source already has.
  const storePath = auth.source === 'env' ? null : (await ctx.config()).path;
  let check: TokenCheck | undefined;
  let failure: CliError | undefined;
  if (auth.source !== 'none') {
    try {
      check = await checkToken(await ctx.api());
    } catch (e) {
      if (!(e instanceof CliError)) throw e;
      failure = e;
    }
  }
  const status: AuthStatus = {
    source: auth.source,
    profile: auth.profile,
    store_path: storePath,
    token_storage: auth.source === 'store' ? (auth.tokenStorage ?? 'file') : null,
    api_url: auth.apiUrl,
    api_url_source: auth.apiUrlSource,
    org: auth.org ?? null,
    token: auth.token ?? null,
    ...(auth.clientId ? { client_id: auth.clientId } : {}),
    valid: check ? true : failure instanceof AuthError ? false : null,
    orgs: check?.orgs ?? null,
    error: failure ? failure.message : null,
  };
  await ctx.out.item(status, fields(sourceLabel(auth)).filter((f) => f.header !== 'Client ID' || status.client_id));

  if (auth.source === 'none') {
    throw new AuthError('not logged in: no API token found', {
      code: 'no_token',
      hint: 'Run `spice-cloud auth login`, set SPICE_API_TOKEN, or set SPICE_CLIENT_ID and SPICE_CLIENT_SECRET.',
    });
  }
  if (failure instanceof AuthError) {
    throw new AuthError(`the API rejected the credentials from ${sourceLabel(auth)}: ${failure.message}`, {
      status: failure.status,
      code: failure.code,
      hint: failure.hint,
    });
  }
  if (failure instanceof NetworkError || failure instanceof TimeoutError) {
    throw new CliError(`could not reach the API at ${auth.apiUrl}, so the token was not checked: ${failure.message}`, failure.exitCode, {
      status: failure.status,
      code: failure.code,
      hint: failure.hint ?? 'Check --api-url/SPICE_API_URL, your network and HTTPS_PROXY; `spice-cloud health` checks reachability without a token.',
    });
  }
  if (failure) throw failure;
}
