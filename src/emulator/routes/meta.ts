/**
 * Organisation-level read-only routes: health, the OpenAPI document, regions, container
 * images, limits, orgs and dedicated clusters.
 */
import type { RouteAdder } from '../context.js';
import { json } from '../http.js';
import { CLUSTERS, IMAGES, LIMITS, ORG_ID, ORG_NAME, REGIONS } from '../seed.js';
import { page, queryEnum } from '../validate.js';

export function registerMetaRoutes(add: RouteAdder): void {
  add('GET', '/v1/health', (ctx) => json(200, { status: 'ok', timestamp: ctx.store.iso() }));

  for (const p of ['/v1/docs', '/v1/docs/openapi.json', '/openapi.json']) {
    add('GET', p, (ctx) => ({ status: 200, raw: ctx.env.specText, headers: { 'content-type': 'application/json' } }));
  }

  add('GET', '/v1/regions', (ctx) => {
    const env = queryEnum(ctx.query, 'env', ['prod', 'dev'] as const, 'prod') ?? 'prod';
    const r = REGIONS[env];
    return json(200, { regions: r.regions.map((x) => ({ ...x })), default: r.default });
  });

  add('GET', '/v1/container-images', (ctx) => {
    const channel = queryEnum(ctx.query, 'channel', ['stable', 'enterprise'] as const, 'stable') ?? 'stable';
    const c = IMAGES[channel];
    return json(200, { images: c.images.map((x) => ({ ...x })), default: c.default });
  });

  add('GET', '/v1/limits', (ctx) => json(200, { ...LIMITS, api_rps: ctx.env.rateLimit ?? 1000 }));

  // Every principal acts as the owner of the single org (OAuth clients see their org as owner).
  add('GET', '/v1/orgs', (ctx) => json(200, { orgs: page(ctx.query, [{ id: ORG_ID, name: ORG_NAME, role: 'owner' }], ctx.env.strict) }));

  add('GET', '/v1/clusters', () => json(200, { clusters: CLUSTERS.map((c) => ({ ...c })) }));
}
