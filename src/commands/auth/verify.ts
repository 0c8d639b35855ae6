/**
 * One authenticated request that tells whether the API accepts a token, and what it can
 * see: `GET /v1/orgs`, or `GET /v1/apps` where the API predates the orgs route. A 403
 * for a missing scope still proves the token valid (a bad token gets 401): a narrowly
 * scoped token (say, deployments only) is accepted, and the checks it could not pass are
 * listed instead.
 */
import type { Api, Org } from '../../api/resources.js';
import { scopeOf } from '../../api/hints.js';
import { ApiError, AuthError, NotFoundError } from '../../errors.js';

export interface TokenCheck {
  /** null when the API has no /v1/orgs, or the token may not read it. */
  orgs: Org[] | null;
  /** Number of apps visible, when orgs were not available. */
  apps?: number;
  /** What could not be checked, and why ("organizations (needs apps:read)"). */
  unchecked?: string[];
}

/** A refusal for lack of scope or role: the token authenticated, it just may not do this. */
export function isScopeRefusal(e: unknown): e is AuthError {
  return e instanceof AuthError && e.status === 403 && (e.code === 'insufficient_scope' || e.code === 'forbidden');
}

function why(e: AuthError): string {
  const scope = scopeOf(e.message);
  return scope ? `needs ${scope}` : 'not allowed for this token';
}

export async function checkToken(api: Api): Promise<TokenCheck> {
  try {
    return { orgs: (await api.meta.orgs()).orgs };
  } catch (e) {
    if (isScopeRefusal(e)) return { orgs: null, unchecked: [`organizations (${why(e)})`] };
    if (!(e instanceof NotFoundError) && !(e instanceof ApiError && e.status === 405)) throw e;
  }
  try {
    return { orgs: null, apps: (await api.apps.list()).length };
  } catch (e) {
    if (isScopeRefusal(e)) return { orgs: null, unchecked: [`apps (${why(e)})`] };
    throw e;
  }
}

/** "acme (owner), beta (member)", for messages. */
export function describeOrgs(orgs: Org[]): string {
  return orgs.map((o) => (o.role ? `${o.name} (${o.role})` : o.name)).join(', ');
}

/** What the check saw, as one sentence for stderr. */
export function describeAccess(check: TokenCheck): string {
  if (check.unchecked?.length) {
    return `The API accepts the token, but these checks could not be made with its scopes: ${check.unchecked.join(', ')}.`;
  }
  if (check.orgs && check.orgs.length) return `The token sees ${check.orgs.length === 1 ? 'organization' : 'organizations'} ${describeOrgs(check.orgs)}.`;
  if (check.orgs) return 'The token belongs to no organization.';
  return `The token sees ${check.apps ?? 0} app${check.apps === 1 ? '' : 's'} (this API does not list organizations).`;
}
