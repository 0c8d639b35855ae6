/**
 * Projects-era extras: forks (copy a project's configuration, not deployed) and resume
 * (redeploy). Served under both prefixes per the alias rule.
 */
import { addAppRoute, appParam, type Ctx, type RouteAdder } from '../context.js';
import { ApiError, validationError } from '../errors.js';
import { bodyObject, json } from '../http.js';
import { CREATE_REGION_ENUM } from '../seed.js';
import type { AppRecord } from '../state.js';
import { newApiKey } from '../store.js';
import { Fields, page } from '../validate.js';
import { appView, appWithConfig, liveByName, NAME_RE, nameTaken, resolvePlacement } from './apps.js';
import { startDeployment } from './deployments.js';

const FORK_KEYS = ['name', 'region', 'cluster_name', 'scheduler_state_location'];

function forkProject(ctx: Ctx) {
  const store = ctx.store;
  const source = store.app(appParam(ctx));
  const body = bodyObject(ctx.json());
  const unknown = Object.keys(body).filter((k) => !FORK_KEYS.includes(k));
  if (unknown.length > 0) throw validationError(Object.fromEntries(unknown.map((k) => [k, ['Unrecognized key']])));
  const f = new Fields(body);
  const name = f.string('name', { min: 4, max: 38, pattern: NAME_RE, patternMessage: 'Name may only contain letters, numbers and hyphens' });
  const region = f.string('region', { enum: CREATE_REGION_ENUM });
  const cluster = f.string('cluster_name');
  const stateLocation = f.string('scheduler_state_location');
  f.done();

  if (source.config.spicepod === null) throw new ApiError(422, 'The source project has no spicepod to fork', 'fork_source_has_no_spicepod');
  // A distributed (executor) source needs its own scheduler state location.
  const distributed = source.config.executor !== null;
  if (distributed && !stateLocation) throw new ApiError(400, 'scheduler_state_location is required to fork a distributed project', 'scheduler_state_location_required');
  if (!distributed && stateLocation) throw new ApiError(400, 'scheduler_state_location only applies to distributed projects', 'scheduler_state_location_not_applicable');
  if (stateLocation && !stateLocation.startsWith('s3://')) throw new ApiError(400, 'scheduler_state_location must be an s3:// URI', 'scheduler_state_location_unsupported');

  let forkName = name ?? `${source.name}-fork`;
  if (name) {
    if (liveByName(store, name)) throw nameTaken(name);
  } else {
    for (let i = 2; liveByName(store, forkName); i++) forkName = `${source.name}-fork-${i}`;
  }
  const placement = resolvePlacement(region, undefined, cluster) ?? {
    region: source.region,
    cname: source.cname,
    cluster_name: source.cluster_name,
    cluster_id: source.cluster_id,
    endpoint: source.endpoint,
  };
  const now = store.iso();
  const fork: AppRecord = {
    ...structuredClone(source),
    ...placement,
    id: store.nextId('app'),
    name: forkName,
    api_key: newApiKey(),
    api_key_2: newApiKey(),
    forked_from: { id: source.id, name: source.name },
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  store.data.apps.push(fork);
  store.changed();
  return json(201, { ...appWithConfig(fork, ctx.env.runtimeUrl), shared_state: stateLocation ? [{ scheduler_state_location: stateLocation }] : [] });
}

function listForks(ctx: Ctx) {
  const source = ctx.store.app(appParam(ctx));
  const forks = ctx.store.data.apps.filter((a) => a.deleted_at === null && a.forked_from?.id === source.id).map((a) => appView(a, ctx.env.runtimeUrl));
  return json(200, { forks: page(ctx.query, forks, ctx.env.strict) });
}

/** Resume = redeploy with the stored configuration. */
function resumeProject(ctx: Ctx) {
  const app = ctx.store.app(appParam(ctx));
  const d = startDeployment(ctx, app, {});
  return json(200, { deployment_id: d.id });
}

export function registerForkRoutes(add: RouteAdder): void {
  addAppRoute(add, 'GET', '/forks', listForks);
  addAppRoute(add, 'POST', '/forks', forkProject);
  addAppRoute(add, 'POST', '/resume', resumeProject);
}
