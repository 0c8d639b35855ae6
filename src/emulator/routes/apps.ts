/**
 * Apps (legacy name) / projects (canonical): list, create, get, update, soft delete,
 * metrics. Also the shared views and placement rules used by forks.
 */
import { parse as parseYaml } from 'yaml';
import { addAppRoute, appParam, isProjects, type Ctx, type RouteAdder } from '../context.js';
import { ApiError, validationError } from '../errors.js';
import { bodyObject, isObject, json, noContent } from '../http.js';
import { timeline } from '../lifecycle.js';
import {
  CLUSTERS,
  CREATE_REGION_ENUM,
  ORG_NAME,
  clusterIdFor,
  endpointFor,
  findRegion,
} from '../seed.js';
import type { AppConfigRecord, AppRecord } from '../state.js';
import { newApiKey, type Store } from '../store.js';
import { Fields, page } from '../validate.js';

export const NAME_RE = /^[a-zA-Z0-9-]+$/;
export const UPDATE_CHANNELS = ['stable', 'preview', 'nightly', 'internal', 'internal-sandbox'] as const;
const VISIBILITY = ['public', 'private'] as const;

// ---------------------------------------------------------------- views

/**
 * `runtimeUrl`: when the emulated runtime runs, every app's `endpoint` points at it
 * (one multi-tenant runtime; the API key selects the app), so endpoint discovery works.
 */
export function appView(app: AppRecord, runtimeUrl: string | null = null): Record<string, unknown> {
  return {
    id: app.id,
    name: app.name,
    org: ORG_NAME,
    description: app.description,
    visibility: app.visibility,
    created_at: app.created_at,
    region: app.region,
    cname: app.cname,
    cluster_id: app.cluster_id,
    cluster_name: app.cluster_name,
    // A Cloud Connect project (strict create without placement) has no hosted runtime.
    endpoint: app.connect ? null : (runtimeUrl ?? app.endpoint),
    api_key: app.api_key,
    tags: { ...app.tags },
    forked_from: app.forked_from ? { ...app.forked_from } : null,
  };
}

export function appWithConfig(app: AppRecord, runtimeUrl: string | null = null): Record<string, unknown> {
  const c = app.config;
  return {
    ...appView(app, runtimeUrl),
    production_branch: app.production_branch,
    warning: null,
    config: structuredClone({ ...c, region: app.region }),
  };
}

// ---------------------------------------------------------------- placement

export interface Placement {
  region: string | null;
  cname: string | null;
  cluster_name: string | null;
  cluster_id: string | null;
  endpoint: string | null;
}

/** A 400 about placement, with a code the CLI's hint table knows (the real codes are undocumented). */
const placementError = (code: string, fieldErrors: Record<string, string[]>, message: string): ApiError => new ApiError(400, message, code, fieldErrors);

export const STANDALONE: Placement = { region: null, cname: null, cluster_name: null, cluster_id: null, endpoint: null };

/**
 * Resolves the placement fields of create/update/fork. `region` must already be
 * validated; `cname` may be a region cname or id from either environment; `cluster`
 * names a dedicated cluster. Returns null when none is given.
 */
export function resolvePlacement(region: string | null | undefined, cname: string | null | undefined, cluster: string | null | undefined): Placement | null {
  let byCname;
  if (cname !== undefined && cname !== null) {
    byCname = findRegion(cname);
    if (!byCname) throw placementError('invalid_region', { cname: [`Unknown region '${cname}'`] }, `Region '${cname}' not found`);
    if (byCname.disabled) throw placementError('region_disabled', { cname: [`Region '${cname}' is disabled`] }, `Region '${cname}' is disabled`);
    if (region && byCname.region !== region) {
      throw placementError('region_mismatch', { region: [`Region '${region}' does not match cname '${cname}'`] }, `Region '${region}' does not match cname '${cname}'`);
    }
  }
  if (cluster !== undefined && cluster !== null) {
    const c = CLUSTERS.find((x) => x.cluster_name === cluster);
    if (!c) throw placementError('cluster_not_found', { cluster_name: [`Cluster '${cluster}' not found`] }, `Cluster '${cluster}' not found`);
    const wanted = region ?? byCname?.region;
    if (wanted && wanted !== c.region) {
      throw placementError('region_mismatch', { cluster_name: [`Cluster '${cluster}' is in region '${c.region}', not '${wanted}'`] }, `Cluster '${cluster}' is in region '${c.region}', not '${wanted}'`);
    }
    const r = findRegion(c.region);
    return { region: c.region, cname: r?.cname ?? null, cluster_name: c.cluster_name, cluster_id: `dedicated-${c.cluster_name}`, endpoint: c.endpoint };
  }
  const r = byCname ?? (region ? findRegion(region) : undefined);
  if (!r) return null;
  return { region: r.region, cname: r.cname, cluster_name: null, cluster_id: clusterIdFor(r), endpoint: endpointFor(r) };
}

// ---------------------------------------------------------------- helpers

export function liveByName(store: Store, name: string): AppRecord | undefined {
  const lower = name.toLowerCase();
  return store.data.apps.find((a) => a.deleted_at === null && a.name.toLowerCase() === lower);
}

export const nameTaken = (name: string): ApiError => new ApiError(409, `App "${name}" already exists in this organization`);

export function defaultConfig(): AppConfigRecord {
  return {
    spicepod: null,
    registry: null,
    image: null,
    image_tag: null,
    update_channel: 'stable',
    version: null,
    replicas: 1,
    resources: null,
    executor: null,
    node_group: null,
    storage_size_gb: null,
    storage_claim_size_gb: null,
  };
}

/** spicepod given as YAML/JSON text or an object; stored as an object. */
function parseSpicepod(value: unknown, f: Fields): Record<string, unknown> | null | undefined {
  if (value === null) return null;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      try {
        parsed = parseYaml(value);
      } catch (err) {
        f.add('spicepod', `Invalid spicepod YAML: ${String((err as Error).message).split('\n')[0]}`);
        return undefined;
      }
    }
  } else if (!isObject(value)) {
    f.add('spicepod', 'Expected a YAML/JSON string or an object');
    return undefined;
  }
  if (!isObject(parsed)) {
    f.add('spicepod', 'Spicepod must be a YAML/JSON mapping');
    return undefined;
  }
  return parsed;
}

/** Light structural check of ContainerResources ({limits:{...}, requests:{...}} of strings). */
function checkResources(field: string, v: Record<string, unknown> | null | undefined, f: Fields): void {
  if (!v) return;
  for (const [k, sub] of Object.entries(v)) {
    if (k !== 'limits' && k !== 'requests') continue;
    if (!isObject(sub) || !Object.values(sub).every((x) => typeof x === 'string')) {
      f.add(field, `${k} must be an object of quantity strings (e.g. cpu: "2", memory: "16Gi")`);
    }
  }
}

/** Reads the config fields shared by create and update into `into`. */
function readConfigFields(f: Fields, into: Partial<AppConfigRecord>): void {
  const replicas = f.int('replicas', { min: 1, max: 10 });
  if (replicas !== undefined && replicas !== null) into.replicas = replicas;
  const channel = f.string('update_channel', { enum: UPDATE_CHANNELS });
  if (channel) into.update_channel = channel;
  const resources = f.object('resources', { nullable: true });
  checkResources('resources', resources, f);
  if (resources !== undefined) into.resources = resources;
  const executor = f.object('executor', { nullable: true });
  if (executor) {
    const ef = new Fields(executor);
    ef.int('replicas', { min: 0, max: 100 });
    ef.number('storage_size_gb', { positive: true, nullable: true });
    checkResources('resources', ef.object('resources', { nullable: true }), ef);
    for (const [k, msgs] of Object.entries(ef.errors)) for (const m of msgs) f.add(`executor.${k}`, m);
  }
  if (executor !== undefined) into.executor = executor;
  // storage_claim_size_gb is the deprecated spelling; both are kept in step.
  for (const key of ['storage_size_gb', 'storage_claim_size_gb'] as const) {
    const v = f.number(key, { positive: true, nullable: true });
    if (v !== undefined) {
      into.storage_size_gb = v;
      into.storage_claim_size_gb = v;
    }
  }
}

// ---------------------------------------------------------------- handlers

function listApps(ctx: Ctx) {
  const apps = page(ctx.query, ctx.store.data.apps.filter((a) => a.deleted_at === null), ctx.env.strict).map((a) => appView(a, ctx.env.runtimeUrl));
  return json(200, isProjects(ctx) ? { projects: apps } : { apps });
}

function createApp(ctx: Ctx) {
  const body = bodyObject(ctx.json());
  const f = new Fields(body);
  const name = f.string('name', { required: true, min: 4, max: 38, pattern: NAME_RE, patternMessage: 'Name may only contain letters, numbers and hyphens' });
  const region = f.string('region', { enum: CREATE_REGION_ENUM, nullable: true });
  const cname = f.string('cname', { nullable: true });
  const clusterName = f.string('cluster_name', { nullable: true });
  const description = f.string('description', { nullable: true });
  const visibility = f.string('visibility', { enum: VISIBILITY });
  const tags = f.stringMap('tags', { nullable: true });
  f.bool('default_alerts');
  const config: Partial<AppConfigRecord> = {};
  readConfigFields(f, config);
  f.done();
  // Strict: the create endpoint reads the region from the legacy `cname` (Rust client's
  // description); `region` alone, or nothing, makes a standalone Cloud Connect project.
  const placed = !ctx.env.strict || (cname ?? null) !== null || (clusterName ?? null) !== null;
  const placement = (placed ? resolvePlacement(region, cname, clusterName) : null) ?? STANDALONE;
  const store = ctx.store;
  if (name === undefined || name === null) throw new ApiError(400, 'Invalid request body');
  if (liveByName(store, name)) throw nameTaken(name);

  const now = store.iso();
  const common = {
    name,
    description: description ?? null,
    visibility: (visibility ?? 'private') as AppRecord['visibility'],
    tags: tags ?? {},
    ...placement,
    connect: !placed,
    updated_at: now,
    deleted_at: null,
  };
  // Re-creating a soft-deleted name reactivates that app (same id, keys, config, secrets).
  const lower = name.toLowerCase();
  const deleted = store.data.apps.filter((a) => a.deleted_at !== null && a.name.toLowerCase() === lower).pop();
  let app: AppRecord;
  if (deleted) {
    Object.assign(deleted, common);
    Object.assign(deleted.config, config);
    app = deleted;
  } else {
    app = {
      id: store.nextId('app'),
      ...common,
      production_branch: null,
      api_key: newApiKey(),
      api_key_2: newApiKey(),
      forked_from: null,
      config: { ...defaultConfig(), ...config },
      created_at: now,
    };
    store.data.apps.push(app);
  }
  store.changed();
  return json(201, appWithConfig(app, ctx.env.runtimeUrl));
}

function getApp(ctx: Ctx) {
  return json(200, appWithConfig(ctx.store.app(appParam(ctx)), ctx.env.runtimeUrl));
}

function updateApp(ctx: Ctx) {
  const store = ctx.store;
  const app = store.app(appParam(ctx));
  const body = bodyObject(ctx.json());
  const f = new Fields(body);
  const description = f.string('description', { nullable: true });
  const visibility = f.string('visibility', { enum: VISIBILITY });
  const branch = f.string('production_branch', { nullable: true });
  const tags = f.stringMap('tags', { nullable: true });
  const spicepod = body['spicepod'] !== undefined ? parseSpicepod(body['spicepod'], f) : undefined;
  const config: Partial<AppConfigRecord> = {};
  for (const key of ['image_tag', 'image', 'registry', 'version', 'node_group'] as const) {
    const v = f.string(key, { nullable: true });
    if (v !== undefined) config[key] = v;
  }
  readConfigFields(f, config);
  const region = f.string('region', { nullable: true });
  const clusterName = f.string('cluster_name', { nullable: true });
  f.done();
  // `region` on update may be a region id or cname; `cluster_name` moves to a dedicated cluster.
  const placement = region || clusterName ? resolvePlacement(undefined, region ?? undefined, clusterName ?? undefined) : null;

  if (description !== undefined) app.description = description;
  if (visibility) app.visibility = visibility as AppRecord['visibility'];
  if (branch !== undefined) app.production_branch = branch;
  if (tags !== undefined) app.tags = tags ?? {};
  if (spicepod !== undefined) app.config.spicepod = spicepod;
  Object.assign(app.config, config);
  if (placement) Object.assign(app, placement, { connect: false });
  app.updated_at = store.iso();
  store.changed();
  return json(200, appWithConfig(app, ctx.env.runtimeUrl));
}

function deleteApp(ctx: Ctx) {
  const store = ctx.store;
  const app = store.app(appParam(ctx));
  const now = store.now();
  app.deleted_at = store.iso(now);
  // Tear down whatever is still queued or running.
  const siblings = store.data.deployments.filter((d) => d.app_id === app.id);
  for (const d of siblings) {
    const s = timeline(d, siblings, now).status;
    if (s === 'queued' || s === 'in_progress') d.stopped_ms = now;
  }
  store.changed();
  return noContent();
}

/** Bytes of a Kubernetes quantity ("4Gi", "512Mi", "1G"); undefined when unreadable. */
function bytesOf(q: unknown): number | undefined {
  const m = typeof q === 'string' ? /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T)?$/.exec(q) : null;
  if (!m) return undefined;
  const unit: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(m[1]) * (m[2] ? unit[m[2]]! : 1);
}

/**
 * Synthetic metrics, deterministic for a given clock: one pod per replica of the live
 * (latest succeeded) deployment; CPU and memory wander smoothly in 5-second steps (a
 * function of the time, the pod and the deployment), memory below the app's limit; disk
 * figures are counters since the pod started, or per-second rates with `window`.
 */
function getMetrics(ctx: Ctx) {
  const store = ctx.store;
  const app = store.app(appParam(ctx));
  const window = ctx.query.get('window');
  if (window !== null && !/^\d+(ms|s|m|h|d|w|y)$/.test(window)) {
    throw validationError({ window: ['Must be a Prometheus duration such as 30s, 5m or 1h'] }, 'Invalid query parameter: window');
  }
  const now = store.now();
  const siblings = store.data.deployments.filter((d) => d.app_id === app.id);
  const live = siblings.filter((d) => timeline(d, siblings, now).status === 'succeeded').pop();
  const metrics: Record<string, unknown> = {};
  if (live) {
    const limits = (app.config.resources?.['limits'] ?? {}) as Record<string, unknown>;
    const memLimit = bytesOf(limits['memory']) ?? 4 * 2 ** 30;
    const up = Math.max(1, (now - timeline(live, siblings, now).finishMs) / 1000);
    const step = Math.floor(now / 5000);
    for (let i = 0; i < live.replicas; i++) {
      const phase = step * 0.7 + i * 1.9 + live.id;
      const wave = (1 + Math.sin(phase)) / 2;
      const wave2 = (1 + Math.sin(phase * 0.37 + 1)) / 2;
      const readRate = 40_960 + 8192 * i;
      const writeRate = 16_384 + 4096 * i;
      const per = window !== null ? 1 : up;
      metrics[`${app.name.toLowerCase()}-${live.id}-${i}`] = {
        cpu_usage_percent: Math.round((8 + 55 * wave + 4 * i) * 10) / 10,
        memory_usage_bytes: Math.round(memLimit * (0.25 + 0.45 * wave2)),
        disk_read_bytes: Math.round(readRate * per),
        disk_read_operations: Math.round(10 * per),
        disk_write_bytes: Math.round(writeRate * per),
        disk_write_operations: Math.round(4 * per),
      };
    }
  }
  const datasets = Array.isArray(app.config.spicepod?.['datasets']) ? (app.config.spicepod['datasets'] as unknown[]).length : 0;
  return json(200, {
    metrics,
    ingestion: live && datasets > 0 ? { rows_ingested: 1000 * datasets, bytes_ingested: 65_536 * datasets } : null,
    cluster: live && app.config.executor ? { active_executors_count: Number(app.config.executor['replicas'] ?? 0) } : null,
  });
}

export function registerAppRoutes(add: RouteAdder): void {
  for (const prefix of ['/v1/apps', '/v1/projects']) {
    add('GET', prefix, listApps);
    add('POST', prefix, createApp);
  }
  addAppRoute(add, 'GET', '', getApp);
  addAppRoute(add, 'PUT', '', updateApp);
  addAppRoute(add, 'DELETE', '', deleteApp);
  addAppRoute(add, 'GET', '/metrics', getMetrics);
}
