/**
 * A tiny router. Route templates use the OpenAPI spelling (`/v1/apps/{appId}`), so a
 * route's template is also its key into `spec.paths` (used to look up `x-scope`).
 */
import type { Reply } from './http.js';

export interface Route<C> {
  method: string;
  template: string;
  handler: (ctx: C) => Reply | Promise<Reply>;
  /** Required scope (null = any valid token) or 'none' for unauthenticated routes. */
  auth: { kind: 'none' } | { kind: 'bearer'; scope: string | null };
}

export type MatchResult<C> =
  | { kind: 'route'; route: Route<C>; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

interface Compiled<C> {
  route: Route<C>;
  segments: string[];
}

export class Router<C> {
  private readonly routes: Compiled<C>[] = [];

  add(route: Route<C>): void {
    this.routes.push({ route, segments: route.template.split('/').slice(1) });
  }

  all(): Route<C>[] {
    return this.routes.map((r) => r.route);
  }

  match(method: string, pathname: string): MatchResult<C> {
    let segments: string[];
    try {
      segments = pathname.split('/').slice(1).map((s) => decodeURIComponent(s));
    } catch {
      return { kind: 'not-found' };
    }
    const allowed: string[] = [];
    for (const { route, segments: tpl } of this.routes) {
      const params = matchSegments(tpl, segments);
      if (!params) continue;
      if (route.method === method) return { kind: 'route', route, params };
      allowed.push(route.method);
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}

function matchSegments(tpl: string[], actual: string[]): Record<string, string> | null {
  if (tpl.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < tpl.length; i++) {
    const t = tpl[i] as string;
    const a = actual[i] as string;
    if (t.startsWith('{') && t.endsWith('}')) {
      if (a === '') return null;
      params[t.slice(1, -1)] = a;
    } else if (t !== a) {
      return null;
    }
  }
  return params;
}
