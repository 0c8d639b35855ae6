/** Deployment columns, the deployment-ID argument and the commands we suggest in hints. */
import type { Deployment } from '../../api/types.js';
import type { Context } from '../../context.js';
import type { Api } from '../../api/resources.js';
import { NotFoundError, UsageError } from '../../errors.js';
import type { Column } from '../../output/writer.js';
import type { ResolvedApp } from '../shared/app.js';

export function branchCommit(d: Deployment): string | undefined {
  const sha = d.commit_sha ? d.commit_sha.slice(0, 7) : undefined;
  if (d.branch && sha) return `${d.branch}@${sha}`;
  return d.branch ?? sha;
}

export const DEPLOYMENT_COLUMNS: Column<Deployment>[] = [
  { header: 'ID', get: (d) => d.id },
  { header: 'Status', get: (d) => d.status, kind: 'status' },
  { header: 'Created', get: (d) => d.created_at, kind: 'time', priority: 2 },
  { header: 'Branch/Commit', get: branchCommit, overflow: 'truncate', priority: 1 },
  { header: 'Image tag', get: (d) => d.image_tag ?? d.image, overflow: 'truncate' },
  { header: 'Error', get: (d) => d.error_code ?? d.error_message, overflow: 'truncate', priority: 3 },
];

// Field names are the JSON keys, so piped `field\tvalue` lines read like the --json object.
const DEPLOYMENT_FIELDS: Column<Deployment>[] = [
  { header: 'id', get: (d) => d.id },
  { header: 'status', get: (d) => d.status, kind: 'status' },
  { header: 'created_at', get: (d) => d.created_at, kind: 'time' },
  { header: 'started_at', get: (d) => d.started_at, kind: 'time' },
  { header: 'updated_at', get: (d) => d.updated_at, kind: 'time' },
  { header: 'finished_at', get: (d) => d.finished_at, kind: 'time' },
  { header: 'image_tag', get: (d) => d.image_tag },
  { header: 'image', get: (d) => d.image },
  { header: 'replicas', get: (d) => d.replicas },
  { header: 'branch', get: (d) => d.branch },
  { header: 'commit_sha', get: (d) => d.commit_sha },
  { header: 'commit_message', get: (d) => d.commit_message },
  { header: 'creation_source', get: (d) => d.creation_source },
  { header: 'created_by', get: (d) => d.created_by },
  { header: 'error_code', get: (d) => d.error_code },
  { header: 'error_message', get: (d) => d.error_message },
];

/** One deployment: --json object; terminal: the fields that are set; piped: every field. */
export async function showDeployment(ctx: Context, d: Deployment): Promise<void> {
  const set = (f: Column<Deployment>) => ![undefined, null, ''].includes(f.get(d) as never);
  await ctx.out.item(d, ctx.io.isStdoutTTY ? DEPLOYMENT_FIELDS.filter(set) : DEPLOYMENT_FIELDS);
}

/** A deployment ID, or `latest` (the app's newest deployment). */
export type DeploymentRef = number | 'latest';

export function deploymentId(v: unknown): DeploymentRef {
  const s = typeof v === 'string' ? v.trim() : String(v ?? '');
  if (s.toLowerCase() === 'latest') return 'latest';
  const n = Number(s);
  if (!/^\d+$/.test(s) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`invalid deployment ID ${JSON.stringify(String(v ?? ''))}: must be a positive whole number or "latest"`, 'List them with `spice-cloud deployments list`.');
  }
  return n;
}

/**
 * The deployment a command names: by ID (a 404 for it says `no deployment 12 in
 * sales-data`), or `latest`, the newest one (`app sales-data has no deployments` if none).
 */
export async function findDeployment(api: Api, app: ResolvedApp, ref: DeploymentRef): Promise<Deployment> {
  if (ref === 'latest') {
    const [latest] = await api.deployments.list(app.id, { limit: 1 });
    if (!latest) throw new NotFoundError(`app ${app.name} has no deployments`, { hint: `Deploy it with \`spice-cloud deploy -a ${app.name}\`.` });
    return latest;
  }
  try {
    return await api.deployments.get(app.id, ref);
  } catch (e) {
    if (e instanceof NotFoundError && /deployment/i.test(e.message) && !/app with id/i.test(e.message)) {
      throw new NotFoundError(`no deployment ${ref} in ${app.name}`, { status: e.status, hint: `List them with \`spice-cloud deployments list -a ${app.name}\`.` });
    }
    throw e;
  }
}

export function watchCommand(app: ResolvedApp, id: number): string {
  return `spice-cloud deployments watch -a ${app.name} ${id}`;
}

export function logsCommand(app: ResolvedApp, id: number): string {
  return `spice-cloud deployments logs -a ${app.name} ${id}`;
}

/** 42s, 3m, 3m5s, 1h2m: for "succeeded in …" and "still … after …". */
export function formatDuration(ms: number): string {
  if (ms > 0 && ms < 1000) return `${Math.round(ms)}ms`;
  const total = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return m > 0 ? `${h}h${m}m` : `${h}h`;
  if (m > 0) return s > 0 ? `${m}m${s}s` : `${m}m`;
  return `${s}s`;
}
