/**
 * Deployment lifecycle, computed from the clock rather than driven by timers:
 *
 *   created ──queued_ms──▶ start ──running_ms──▶ finish
 *   [queued)               [in_progress)          succeeded | failed
 *
 * Superseding (portal deployments doc): when a newer deployment of the same app starts,
 * every older one still queued/in progress at that instant becomes `created` and stays
 * so. Deleting the app stops in-flight deployments the same way (`stopped_ms`).
 *
 * Failure marker: `fail_code` (captured from the app's `emulator-fail` tag when the
 * deployment was created). Terminal codes end in `failed`; the retriable
 * `insufficient_*` codes keep the deployment `in_progress` with the error set, since
 * "elapsed time alone never fails a deployment".
 */
import type { DeploymentRecord } from './state.js';

export const TERMINAL_ERROR_CODES = ['pod_exceeds_node_capacity', 'unable_to_start', 'internal_error'];
export const RETRIABLE_ERROR_CODES = ['insufficient_cpu', 'insufficient_memory', 'insufficient_storage', 'insufficient_instances'];

const ERROR_MESSAGES: Record<string, string> = {
  unable_to_start: 'Failed to start the Spice runtime: container exited with code 1 (emulated failure)',
  pod_exceeds_node_capacity: 'Requested resources exceed the capacity of any node (emulated failure)',
  internal_error: 'Internal error while deploying (emulated failure)',
  insufficient_cpu: 'Waiting for capacity: insufficient CPU (emulated)',
  insufficient_memory: 'Waiting for capacity: insufficient memory (emulated)',
  insufficient_storage: 'Waiting for capacity: insufficient storage (emulated)',
  insufficient_instances: 'Waiting for capacity: no instance available (emulated)',
};

/** Maps a marker tag value to a documented error code (unknown values -> unable_to_start). */
export function failCodeFromMarker(value: string | undefined): string | null {
  if (value === undefined) return null;
  const v = value.trim().toLowerCase();
  return TERMINAL_ERROR_CODES.includes(v) || RETRIABLE_ERROR_CODES.includes(v) ? v : 'unable_to_start';
}

export type DeploymentStatus = 'queued' | 'in_progress' | 'succeeded' | 'failed' | 'created';

export interface Timeline {
  status: DeploymentStatus;
  startMs: number;
  finishMs: number;
  /** When it was superseded/stopped, if that happened before it finished. */
  supersededMs: number | null;
  supersededBy: number | null;
}

const startOf = (d: DeploymentRecord): number => d.created_ms + d.queued_ms;
const finishOf = (d: DeploymentRecord): number => startOf(d) + d.running_ms;

/** True if `d` actually reached its start (was not stopped while queued). */
function didStart(d: DeploymentRecord): boolean {
  return d.stopped_ms === null || d.stopped_ms > startOf(d);
}

/** `siblings`: all deployments of the same app (may include `d`). */
export function timeline(d: DeploymentRecord, siblings: DeploymentRecord[], now: number): Timeline {
  const start = startOf(d);
  const finish = finishOf(d);
  // Earliest moment something ended this deployment before it could finish.
  let cut: number | null = d.stopped_ms;
  let by: number | null = null;
  for (const e of siblings) {
    if (e.id <= d.id || !didStart(e)) continue;
    const s = startOf(e);
    if (cut === null || s < cut) {
      cut = s;
      by = e.id;
    }
  }
  const retriable = d.fail_code !== null && RETRIABLE_ERROR_CODES.includes(d.fail_code);
  const supersededMs = cut !== null && (cut < finish || retriable) ? cut : null;
  if (supersededMs === null) by = null;

  let status: DeploymentStatus;
  if (supersededMs !== null && now >= supersededMs) status = 'created';
  else if (now < start) status = 'queued';
  else if (now < finish || retriable) status = 'in_progress';
  else status = d.fail_code !== null ? 'failed' : 'succeeded';
  return { status, startMs: start, finishMs: finish, supersededMs, supersededBy: by };
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * The Deployment object of the API at time `now`. `justCreated` renders the record as
 * the POST answers it: always `queued` (as documented), even when the configured
 * timings are 0 and later reads already show it finished.
 */
export function deploymentView(d: DeploymentRecord, siblings: DeploymentRecord[], now: number, justCreated = false): Record<string, unknown> {
  if (justCreated) return { ...deploymentView(d, [], d.created_ms - 1), status: 'queued' };
  const t = timeline(d, siblings, now);
  const started = now >= t.startMs && (t.supersededMs === null || t.supersededMs > t.startMs);
  const finished = t.status === 'succeeded' || t.status === 'failed';
  // The error is visible once the deployment reaches its finish point (or fails then).
  const errorVisible = d.fail_code !== null && now >= t.finishMs && t.status !== 'created';
  let updated = d.created_ms;
  if (started) updated = t.startMs;
  if (finished || (errorVisible && t.status === 'in_progress')) updated = t.finishMs;
  if (t.status === 'created' && t.supersededMs !== null) updated = t.supersededMs;
  return {
    id: d.id,
    status: t.status,
    created_at: iso(d.created_ms),
    started_at: started ? iso(t.startMs) : null,
    updated_at: iso(updated),
    finished_at: finished ? iso(t.finishMs) : null,
    image: d.image,
    image_tag: d.image_tag,
    replicas: d.replicas,
    branch: d.branch,
    commit_sha: d.commit_sha,
    commit_message: d.commit_message,
    error_code: errorVisible ? d.fail_code : null,
    error_message: errorVisible && d.fail_code ? (ERROR_MESSAGES[d.fail_code] ?? 'Deployment failed') : null,
    creation_source: d.creation_source,
    created_by: d.created_by,
  };
}

export interface LogLine {
  timestamp: string;
  level: string;
  message: string;
  source: string;
}

/**
 * Synthesised runtime/control-plane log of a deployment: the lines whose time has come
 * (by the emulator clock), oldest first.
 */
export function deploymentLogs(
  d: DeploymentRecord,
  siblings: DeploymentRecord[],
  appName: string,
  spicepod: Record<string, unknown> | null,
  now: number,
): LogLine[] {
  const t = timeline(d, siblings, now);
  const image = d.image ?? `spiceai/spiceai:${d.image_tag ?? 'latest'}`;
  const datasets = Array.isArray(spicepod?.['datasets']) ? (spicepod['datasets'] as unknown[]).length : 0;
  const span = t.finishMs - t.startMs;
  const at = (frac: number): number => t.startMs + Math.floor(span * frac);
  const lines: Array<{ ms: number; level: string; message: string; source: string }> = [
    { ms: d.created_ms, level: 'info', message: `Deployment ${d.id} of ${appName} queued`, source: 'control-plane' },
    { ms: t.startMs, level: 'info', message: `Deployment ${d.id} started; pulling image ${image}`, source: 'control-plane' },
    { ms: at(0.25), level: 'info', message: `Image ${image} pulled; starting ${d.replicas} replica(s)`, source: 'kubernetes' },
    { ms: at(0.5), level: 'info', message: 'Spice runtime starting', source: 'runtime' },
    { ms: at(0.75), level: 'info', message: `Loaded spicepod ${String(spicepod?.['name'] ?? appName)} (${datasets} dataset(s))`, source: 'runtime' },
  ];
  const code = d.fail_code;
  if (code !== null && RETRIABLE_ERROR_CODES.includes(code)) {
    lines.splice(2);
    lines.push({ ms: t.finishMs, level: 'warn', message: ERROR_MESSAGES[code] ?? code, source: 'kubernetes' });
  } else if (code !== null) {
    lines.splice(4);
    lines.push({ ms: t.finishMs, level: 'error', message: ERROR_MESSAGES[code] ?? code, source: 'runtime' });
    lines.push({ ms: t.finishMs, level: 'error', message: `Deployment ${d.id} failed (${code})`, source: 'control-plane' });
  } else {
    lines.push({ ms: t.finishMs, level: 'info', message: `Runtime ready; deployment ${d.id} succeeded`, source: 'control-plane' });
  }
  const cut = t.supersededMs;
  const visible = lines.filter((l) => l.ms <= now && (cut === null || l.ms < cut));
  if (cut !== null && cut <= now) {
    const why = t.supersededBy !== null ? `superseded by deployment ${t.supersededBy}` : 'stopped (app deleted)';
    visible.push({ ms: cut, level: 'warn', message: `Deployment ${d.id} ${why}`, source: 'control-plane' });
  }
  return visible.map((l) => ({ timestamp: iso(l.ms), level: l.level, message: l.message, source: l.source }));
}
