/**
 * Deployments: list (newest first, limit/offset/status), create (202 queued), get by id, logs.
 * Statuses are computed from the clock by lifecycle.ts.
 */
import { addAppRoute, appParam, type Ctx, type RouteAdder } from '../context.js';
import { ApiError, validationError } from '../errors.js';
import { bodyObject, json } from '../http.js';
import { deploymentLogs, deploymentView, failCodeFromMarker, timeline } from '../lifecycle.js';
import type { AppRecord, DeploymentRecord } from '../state.js';
import { parseId, type Store } from '../store.js';
import { Fields, queryEnum, queryInt } from '../validate.js';

const STATUSES = ['queued', 'in_progress', 'succeeded', 'failed', 'created'] as const;
const CHANNELS = ['stable', 'preview', 'nightly', 'internal'] as const;

/** App tag whose value (an error code) makes new deployments of the app fail. */
export const FAIL_MARKER_TAG = 'emulator-fail';

const siblingsOf = (store: Store, appId: number): DeploymentRecord[] => store.data.deployments.filter((d) => d.app_id === appId);

function listDeployments(ctx: Ctx) {
  const store = ctx.store;
  const app = store.app(appParam(ctx));
  const limit = queryInt(ctx.query, 'limit', 20, 1, 100);
  // Offset paging as tf-spec and docs-readme describe it (api-contract §8).
  const offset = queryInt(ctx.query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  const status = queryEnum(ctx.query, 'status', STATUSES);
  const now = store.now();
  const siblings = siblingsOf(store, app.id);
  const views = siblings
    .map((d) => deploymentView(d, siblings, now))
    .filter((v) => status === undefined || v['status'] === status)
    .sort((a, b) => (b['id'] as number) - (a['id'] as number))
    .slice(offset, offset + limit);
  return json(200, { deployments: views });
}

/**
 * Creates a queued deployment. Shared with POST /resume. Refused with 409 while an
 * earlier deployment of the app is still queued; an in-progress one is superseded when
 * this one starts.
 */
export function startDeployment(ctx: Ctx, app: AppRecord, body: Record<string, unknown>): DeploymentRecord {
  const f = new Fields(body);
  const imageTag = f.string('image_tag', { nullable: true });
  const image = f.string('image', { nullable: true });
  const channel = f.string('channel', { enum: CHANNELS, nullable: true });
  const replicas = f.int('replicas', { min: 1, max: 10, nullable: true });
  const branch = f.string('branch', { nullable: true });
  const commitSha = f.string('commit_sha', { nullable: true });
  const commitMessage = f.string('commit_message', { nullable: true });
  const debug = f.bool('debug', { nullable: true });
  f.done();

  if (app.config.spicepod === null) {
    throw new ApiError(400, 'This app has no spicepod; set one with PUT before deploying', 'spicepod_missing');
  }
  const store = ctx.store;
  const now = store.now();
  const siblings = siblingsOf(store, app.id);
  if (siblings.some((d) => timeline(d, siblings, now).status === 'queued')) {
    throw new ApiError(409, 'A deployment is already in progress for this project');
  }
  const record: DeploymentRecord = {
    id: store.nextId('deployment'),
    app_id: app.id,
    created_ms: now,
    queued_ms: ctx.env.queuedMs,
    running_ms: ctx.env.runningMs,
    stopped_ms: null,
    fail_code: failCodeFromMarker(app.tags[FAIL_MARKER_TAG]),
    image: image ?? app.config.image,
    image_tag: imageTag ?? app.config.image_tag,
    replicas: replicas ?? app.config.replicas,
    branch: branch ?? app.production_branch,
    commit_sha: commitSha ?? null,
    commit_message: commitMessage ?? null,
    channel: channel ?? null,
    debug: debug ?? false,
    created_by: ctx.principal?.subject ?? 'unknown',
    creation_source: 'api',
    spicepod: structuredClone(app.config.spicepod),
  };
  store.data.deployments.push(record);
  store.changed();
  return record;
}

function createDeployment(ctx: Ctx) {
  const app = ctx.store.app(appParam(ctx));
  const record = startDeployment(ctx, app, bodyObject(ctx.json()));
  return json(202, deploymentView(record, [], ctx.store.now(), true));
}

function findDeployment(ctx: Ctx): { app: AppRecord; d: DeploymentRecord; siblings: DeploymentRecord[] } {
  const app = ctx.store.app(appParam(ctx));
  const raw = ctx.params['deploymentId'];
  const id = parseId(raw, 'Invalid deployment ID');
  const siblings = siblingsOf(ctx.store, app.id);
  const d = siblings.find((x) => x.id === id);
  if (!d) throw new ApiError(404, `Deployment with ID ${raw} not found`);
  return { app, d, siblings };
}

function getDeployment(ctx: Ctx) {
  const { d, siblings } = findDeployment(ctx);
  return json(200, deploymentView(d, siblings, ctx.store.now()));
}

/** `since` (RFC 3339) returns lines strictly after it; `limit` caps the count, oldest first. */
function getLogs(ctx: Ctx) {
  const { app, d, siblings } = findDeployment(ctx);
  const limit = queryInt(ctx.query, 'limit', 1000, 1, 1000);
  const sinceRaw = ctx.query.get('since');
  let since = -Infinity;
  if (sinceRaw !== null) {
    since = Date.parse(sinceRaw);
    if (Number.isNaN(since)) throw validationError({ since: ['Must be an RFC 3339 timestamp'] }, 'Invalid query parameter: since');
  }
  const logs = deploymentLogs(d, siblings, app.name, app.config.spicepod, ctx.store.now())
    .filter((l) => Date.parse(l.timestamp) > since)
    .slice(0, limit);
  return json(200, { logs });
}

export function registerDeploymentRoutes(add: RouteAdder): void {
  addAppRoute(add, 'GET', '/deployments', listDeployments);
  addAppRoute(add, 'POST', '/deployments', createDeployment);
  addAppRoute(add, 'GET', '/deployments/{deploymentId}', getDeployment);
  addAppRoute(add, 'GET', '/deployments/{deploymentId}/logs', getLogs);
}
