/**
 * Shapes the CLI reads from the API. Where sources disagree (api-contract.md §11),
 * fields are optional and typed as the union of what is documented; the resource
 * modules normalise envelopes (`apps` vs `projects`) before commands see them.
 */

export interface App {
  id: number;
  name: string;
  description?: string | null;
  visibility?: 'public' | 'private' | string;
  created_at?: string;
  region?: string | null;
  cname?: string | null;
  cluster_id?: string | null;
  cluster_name?: string | null;
  endpoint?: string | null;
  /** Deprecated runtime key; always masked before output. */
  api_key?: string | null;
  tags?: Record<string, string> | null;
  org?: string;
  forked_from?: { id: number; name: string } | null;
}

export interface AppConfig {
  spicepod?: Record<string, unknown> | string | null;
  registry?: string | null;
  image?: string | null;
  image_tag?: string | null;
  update_channel?: string | null;
  version?: string | null;
  replicas?: number;
  region?: string | null;
  node_group?: string | null;
  storage_size_gb?: number | null;
  storage_claim_size_gb?: number | null;
  resources?: Resources | null;
  executor?: Executor | null;
  [extra: string]: unknown;
}

/** Kubernetes-style quantities: cpu `500m`/`2`, memory and storage `4Gi`. */
export interface ResourceList {
  cpu?: string;
  memory?: string;
  'ephemeral-storage'?: string;
}

export interface Resources {
  limits?: ResourceList;
  requests?: ResourceList;
}

/** Distributed query executors (Terraform provider, Rust client). */
export interface Executor {
  replicas?: number;
  resources?: Resources;
  storage_size_gb?: number;
}

/** Placement and sizing shared by create and update. */
export interface SizingInput {
  replicas?: number;
  resources?: Resources;
  executor?: Executor;
  /** Newer name; sent together with the deprecated storage_claim_size_gb. */
  storage_size_gb?: number;
  storage_claim_size_gb?: number;
}

export interface AppWithConfig extends App {
  production_branch?: string | null;
  warning?: string | null;
  config?: AppConfig | null;
}

export interface CreateAppInput extends SizingInput {
  name: string;
  region?: string;
  cname?: string;
  cluster_name?: string;
  description?: string;
  visibility?: 'public' | 'private';
  tags?: Record<string, string>;
}

export interface UpdateAppInput extends SizingInput {
  description?: string;
  visibility?: 'public' | 'private';
  production_branch?: string;
  tags?: Record<string, string>;
  spicepod?: Record<string, unknown> | string;
  image_tag?: string | null;
  image?: string;
  registry?: string;
  update_channel?: string;
  region?: string;
  cluster_name?: string;
  node_group?: string;
}

export const DEPLOYMENT_STATUSES = ['queued', 'in_progress', 'succeeded', 'failed', 'created'] as const;
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];
/** Finished for good. */
export const FINAL_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed']);
/**
 * `created` is ambiguous: the newest docs call it a superseded historical record, the
 * Terraform spec "record created". Only a deployment a newer one replaced is superseded;
 * a fresh one reported `created` is still pending (see deployments/wait.ts).
 */
export const CREATED_STATUS = 'created';
export const DEPLOY_CHANNELS = ['stable', 'preview', 'nightly'] as const;

export interface Deployment {
  id: number;
  status: DeploymentStatus | string;
  created_at?: string;
  started_at?: string | null;
  updated_at?: string | null;
  finished_at?: string | null;
  image?: string | null;
  image_tag?: string | null;
  replicas?: number;
  branch?: string | null;
  commit_sha?: string | null;
  commit_message?: string | null;
  error_code?: string | null;
  error_message?: string | null;
  creation_source?: string | null;
  created_by?: number | string | null;
}

export interface CreateDeploymentInput {
  image_tag?: string;
  /** Full image reference (Rust client). */
  image?: string;
  /** stable, preview or nightly (Terraform, Rust client, deploy action). */
  channel?: string;
  replicas?: number;
  branch?: string;
  commit_sha?: string;
  commit_message?: string;
  debug?: boolean;
}

export interface LogEntry {
  timestamp?: string | null;
  level?: string | null;
  message: string;
  source?: string | null;
}

/** A secret as listed. The API masks `value`; the CLI masks it again. */
export interface Secret {
  id?: number;
  name: string;
  value?: string;
  created_at?: string;
  updated_at?: string;
}

export interface ApiKeys {
  api_key: string | null;
  api_key_2: string | null;
  regenerated_key?: 0 | 1 | 2;
}

export interface Member {
  user_id: number;
  username: string;
  roles: string[];
  is_owner?: boolean;
  created_at?: string;
}

export interface Region {
  name?: string;
  region: string;
  cname?: string | null;
  provider?: string;
  providerName?: string;
  isDefault?: boolean;
  disabled?: boolean;
}

export interface ContainerImage {
  name: string;
  tag: string;
  channel?: string;
}

export interface Health {
  status: string;
  timestamp?: string;
}

export interface OAuthToken {
  access_token: string;
  token_type: string;
  expires_in?: number;
  scope?: string;
}
