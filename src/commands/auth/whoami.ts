/**
 * `auth whoami`: who the credentials are. The identity endpoint the Rust CLI reads after
 * login (`GET /api/spice-cli/auth` on the web host) gives the user and org; the orgs
 * route adds the role; scopes come from that endpoint or, for a JWT, its claims. What is
 * not known is shown as unknown, never guessed.
 */
import type { Identity, Org } from '../../api/resources.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { ApiError, AuthError, CliError, NotFoundError } from '../../errors.js';
import type { Column } from '../../output/writer.js';
import { sourceLabel } from './status.js';
import { describeOrgs, isScopeRefusal } from './verify.js';

export type WhoamiOptions = Record<string, never>;

export interface Whoami {
  user: string | null;
  email: string | null;
  client_id: string | null;
  org: string | null;
  orgs: Org[] | null;
  scopes: string[] | null;
  credentials: string;
  api_url: string;
}

const FIELDS: Column<Whoami>[] = [
  { header: 'User', get: (w) => w.user ?? (w.client_id ? `OAuth client ${w.client_id}` : 'unknown') },
  { header: 'Email', get: (w) => w.email },
  { header: 'Org', get: (w) => w.org ?? 'unknown' },
  { header: 'Orgs', get: (w) => (w.orgs ? describeOrgs(w.orgs) || 'none' : 'unknown') },
  { header: 'Scopes', get: (w) => (w.scopes ? w.scopes.join(' ') : 'unknown') },
  { header: 'Credentials', get: (w) => w.credentials },
  { header: 'API URL', get: (w) => w.api_url },
];

export function parse(_raw: RawInput): WhoamiOptions {
  return {};
}

/** Scopes in a JWT's claims (`scopes` array or `scope` string); undefined when it is not a JWT. */
export function jwtScopes(token: string | undefined): string[] | undefined {
  const part = token?.split('.')[1];
  if (!part || token!.split('.').length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { scopes?: unknown; scope?: unknown };
    if (Array.isArray(claims.scopes)) return claims.scopes.map(String);
    if (typeof claims.scope === 'string') return claims.scope.split(/\s+/).filter(Boolean);
  } catch {
    /* not a JWT after all */
  }
  return undefined;
}

/** Routes an API may not have, or may refuse to this kind of credential: not an error for whoami. */
const unavailable = (e: unknown) => e instanceof NotFoundError || (e instanceof ApiError && e.status === 405) || isScopeRefusal(e) || (e instanceof AuthError && e.status === 401);

export async function run(_opts: WhoamiOptions, ctx: Context): Promise<void> {
  const auth = await ctx.auth();
  const api = await ctx.api();
  let identity: Identity = {};
  let orgs: Org[] | null = null;
  let rejected: CliError | undefined;
  try {
    orgs = (await api.meta.orgs()).orgs;
  } catch (e) {
    if (e instanceof AuthError && e.status === 401) rejected = e;
    else if (!unavailable(e)) throw e;
  }
  if (rejected) throw rejected;
  try {
    identity = await (await ctx.api({ web: true })).web.identity();
  } catch (e) {
    if (!unavailable(e) && !(e instanceof CliError && e.code === 'network_error')) throw e;
  }
  const org = auth.org ?? identity.org?.name ?? (orgs?.length === 1 ? orgs[0]!.name : undefined);
  const who: Whoami = {
    user: identity.username ?? null,
    email: identity.email ?? null,
    client_id: identity.client_id ?? auth.clientId ?? null,
    org: org ?? null,
    orgs,
    scopes: identity.scopes ?? jwtScopes(auth.token) ?? null,
    credentials: sourceLabel(auth),
    api_url: auth.apiUrl,
  };
  await ctx.out.item(who, FIELDS.filter((f) => f.header !== 'Email' || who.email));
}
