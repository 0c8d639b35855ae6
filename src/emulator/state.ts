/**
 * The emulator's mutable state and its persistence.
 *
 * Everything a client can change lives in one plain JSON-able object (`StateData`), so
 * persisting is "serialise, write a temp file, rename" after each mutating request.
 * Deployment status is NOT stored: it is derived from the clock (see lifecycle.ts), so
 * the file only holds creation times and timings.
 *
 * The state file holds secret values and API keys in clear (the emulator must know
 * them); it is written with mode 0600. OAuth access tokens are stored only as sha256.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EmulatorStateError } from './errors.js';
import { DIRECTORY } from './seed.js';

export interface AppConfigRecord {
  spicepod: Record<string, unknown> | null;
  registry: string | null;
  image: string | null;
  image_tag: string | null;
  update_channel: string;
  version: string | null;
  replicas: number;
  resources: Record<string, unknown> | null;
  executor: Record<string, unknown> | null;
  node_group: string | null;
  storage_size_gb: number | null;
  storage_claim_size_gb: number | null;
}

export interface AppRecord {
  id: number;
  name: string;
  description: string | null;
  visibility: 'public' | 'private';
  tags: Record<string, string>;
  region: string | null;
  cname: string | null;
  cluster_name: string | null;
  cluster_id: string | null;
  endpoint: string | null;
  /** Strict mode: created without cname/cluster_name, a Cloud Connect project (no endpoint). */
  connect?: boolean;
  production_branch: string | null;
  api_key: string | null;
  api_key_2: string | null;
  forked_from: { id: number; name: string } | null;
  config: AppConfigRecord;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface DeploymentRecord {
  id: number;
  app_id: number;
  /** Epoch ms; with queued_ms/running_ms this fixes the whole lifecycle. */
  created_ms: number;
  queued_ms: number;
  running_ms: number;
  /** Set when the deployment was torn down explicitly (app deleted). */
  stopped_ms: number | null;
  /** Failure marker captured at creation (the app's `emulator-fail` tag). */
  fail_code: string | null;
  image: string | null;
  image_tag: string | null;
  replicas: number;
  branch: string | null;
  commit_sha: string | null;
  commit_message: string | null;
  channel: string | null;
  debug: boolean;
  created_by: string;
  creation_source: string;
  /**
   * The app's spicepod when the deployment was created: what the emulated runtime serves
   * once this deployment succeeds. Absent in state files written before the runtime.
   */
  spicepod?: Record<string, unknown> | null;
}

export interface SecretRecord {
  id: number;
  app_id: number;
  name: string;
  value: string;
  created_at: string;
  updated_at: string;
}

export interface MemberRecord {
  user_id: number;
  username: string;
  roles: string[];
  is_owner: boolean;
  created_at: string;
}

export interface IssuedTokenRecord {
  sha256: string;
  client_id: string;
  scopes: string[];
  expires_ms: number;
}

/** Project monitor, data reaction or cluster monitor (projects-era monitoring). */
export interface AlertRecord {
  id: string;
  kind: 'monitors' | 'reactions';
  /** `project:<id>` or `cluster:<name>`. */
  owner: string;
  name: string;
  description: string | null;
  status: 'active' | 'disabled';
  template_id: string | null;
  spec: Record<string, unknown>;
  targets: Array<Record<string, unknown>>;
  recipient_user_ids: number[];
  created_at: string;
  updated_at: string;
}

export interface StateData {
  version: 1;
  next_ids: { app: number; deployment: number; secret: number };
  apps: AppRecord[];
  deployments: DeploymentRecord[];
  secrets: SecretRecord[];
  members: MemberRecord[];
  tokens: IssuedTokenRecord[];
  alerts: AlertRecord[];
}

export function freshState(nowIso: string): StateData {
  return {
    version: 1,
    next_ids: { app: 1, deployment: 1, secret: 1 },
    apps: [],
    deployments: [],
    secrets: [],
    members: DIRECTORY.filter((u) => u.member).map((u) => ({
      user_id: u.user_id,
      username: u.username,
      roles: [u.member as string],
      is_owner: u.member === 'owner',
      created_at: nowIso,
    })),
    tokens: [],
    alerts: [],
  };
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Loads the state file; a missing file yields null, anything unusable throws. */
export function loadStateFile(file: string): StateData | null {
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new EmulatorStateError(file, (err as Error).message);
  }
  const problem = checkShape(parsed);
  if (problem) throw new EmulatorStateError(file, problem);
  return parsed as StateData;
}

/** A shallow structural check: enough to refuse foreign or truncated files. */
function checkShape(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'not a JSON object';
  const o = v as Record<string, unknown>;
  if (o['version'] !== 1) return `unsupported version ${JSON.stringify(o['version'])}`;
  const ids = o['next_ids'] as Record<string, unknown> | undefined;
  if (typeof ids !== 'object' || ids === null) return 'next_ids missing';
  for (const k of ['app', 'deployment', 'secret']) {
    if (!Number.isSafeInteger(ids[k])) return `next_ids.${k} is not an integer`;
  }
  for (const k of ['apps', 'deployments', 'secrets', 'members', 'tokens', 'alerts']) {
    if (!Array.isArray(o[k])) return `${k} is not an array`;
    for (const item of o[k] as unknown[]) {
      if (typeof item !== 'object' || item === null) return `${k} holds a non-object`;
    }
  }
  return null;
}

/** Atomic write: temp file in the same directory, then rename over the target. */
export function saveStateFile(file: string, data: StateData): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}
