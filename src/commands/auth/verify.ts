/**
 * One authenticated request that tells whether the API accepts a token, and what it can
 * see: `GET /v1/orgs`, or `GET /v1/apps` where the API predates the orgs route.
 */
import type { Api, Org } from '../../api/resources.js';
import { ApiError, NotFoundError } from '../../errors.js';

export interface TokenCheck {
  /** null when the API has no /v1/orgs. */
  orgs: Org[] | null;
  /** Number of apps visible, when orgs were not available. */
  apps?: number;
}

export async function checkToken(api: Api): Promise<TokenCheck> {
  try {
    return { orgs: (await api.meta.orgs()).orgs };
  } catch (e) {
    if (!(e instanceof NotFoundError) && !(e instanceof ApiError && e.status === 405)) throw e;
  }
  return { orgs: null, apps: (await api.apps.list()).length };
}

/** "acme (owner), beta (member)", for messages. */
export function describeOrgs(orgs: Org[]): string {
  return orgs.map((o) => (o.role ? `${o.name} (${o.role})` : o.name)).join(', ');
}

/** What the check saw, as one sentence for stderr. */
export function describeAccess(check: TokenCheck): string {
  if (check.orgs && check.orgs.length) return `The token sees ${check.orgs.length === 1 ? 'organization' : 'organizations'} ${describeOrgs(check.orgs)}.`;
  if (check.orgs) return 'The token belongs to no organization.';
  return `The token sees ${check.apps ?? 0} app${check.apps === 1 ? '' : 's'} (this API does not list organizations).`;
}
