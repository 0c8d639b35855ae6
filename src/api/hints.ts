/**
 * What to try next, by the API's machine-readable error `code` (api-contract.md §6 and
 * the codes the deploy action and the Rust client see). One table for the whole CLI:
 * `errorFromResponse` asks here first and falls back to the per-operation, per-status
 * hint only when the body carries no code this table knows.
 */

export interface ErrorFacts {
  code?: string | undefined;
  /** The API's `error` (or `message`) text. */
  message?: string | undefined;
  /** `details.fieldErrors`, when the API sent them. */
  fields?: Record<string, unknown> | undefined;
}

const REGIONS = '`spice-cloud regions list` shows the regions';

/** code → hint. A function when the hint quotes the error (the missing scope). */
export const CODE_HINTS: Readonly<Record<string, string | ((f: ErrorFacts) => string)>> = {
  // Scopes and organizations
  insufficient_scope: (f) => `The token lacks the ${scopeOf(f.message) ?? 'required'} scope; create a token that has it (or ask an admin to add it to the OAuth client).`,
  org_forbidden: 'No access to that organization: check --org / SPICE_ORG (`spice-cloud orgs list` shows yours).',
  org_assertion_mismatch: 'OAuth client credentials act only in their own organization: drop --org / SPICE_ORG, or use a client of that organization.',
  invalid_org_assertion: '--org / SPICE_ORG must be an organization handle: letters, digits, ".", "_" or "-".',
  forbidden: 'Your role in this organization does not allow this; ask an owner or admin.',
  plan_limit: 'The plan limit is reached (apps, replicas or resources); see `spice-cloud api GET /v1/limits`.',
  // Images and deployments
  invalid_stable_image_tag: 'That image tag is not on the stable channel: pick one from `spice-cloud images list`, or deploy with --channel preview|nightly.',
  image_tag_requires_enterprise: 'Pinning an image tag needs an Enterprise plan: deploy without --image-tag, or pick a channel with --channel.',
  spicepod_paused: "The app's spicepod is paused or deleted: resume it in the portal, or set one with `spice-cloud apps update <app> --spicepod <file>`.",
  spicepod_missing: 'The app needs a spicepod before it can deploy: `spice-cloud apps update <app> --spicepod spicepod.yaml`.',
  github_connected: 'This app deploys from its GitHub repository: change spicepod.yaml there, not with --spicepod.',
  project_paused: 'The app is paused: resume it in the portal before this.',
  project_not_deployed: 'The app has no running deployment: `spice-cloud deploy -a <app> --wait` first.',
  instance_offline: 'The runtime is not reachable right now; check `spice-cloud deployments list` and try again.',
  // Placement (create, update, fork)
  fork_placement_required: `Say where the fork runs: --region <region> or --cluster <name> (${REGIONS}).`,
  invalid_region: `Use a region ID or cname; ${REGIONS}.`,
  region_disabled: `That region is disabled; ${REGIONS}.`,
  region_mismatch: 'The region and the cluster (or cname) name different regions: give one, or make them agree.',
  cluster_not_found: 'No dedicated cluster by that name in this organization: check --cluster (`spice-cloud api GET /v1/clusters`).',
  cluster_not_deployable: 'That cluster cannot take apps: pick another --cluster, or use --region.',
  // Forks
  fork_name_unavailable: 'The fork name is taken: choose another <new-name>.',
  fork_source_has_no_spicepod: 'Only an app with a spicepod can be forked: `spice-cloud apps update <app> --spicepod <file>` first.',
  fork_source_spicepod_invalid: "The source app's spicepod does not validate; fix it before forking.",
  fork_source_loads_repository_files: 'The source spicepod loads files from its repository, which a fork cannot copy.',
  scheduler_state_location_required: 'A distributed app needs its own scheduler state location to be forked (the API wants scheduler_state_location).',
  ai_credits_exhausted: 'The organization is out of AI credits.',
};

/** Field names of a 400 that mean "where the app runs" when the API sends no code. */
const PLACEMENT_FIELDS = ['region', 'cname', 'cluster_name'];

/** The hint for an error body, or undefined when nothing in it is known here. */
export function hintForCode(f: ErrorFacts): string | undefined {
  const entry = f.code !== undefined ? CODE_HINTS[f.code] : undefined;
  if (entry !== undefined) return typeof entry === 'function' ? entry(f) : entry;
  // Older APIs: "Insufficient scope. Required: apps:read" without a code.
  if (f.code === undefined && scopeOf(f.message)) return (CODE_HINTS.insufficient_scope as (f: ErrorFacts) => string)(f);
  if (f.fields && Object.keys(f.fields).some((k) => PLACEMENT_FIELDS.includes(k))) {
    return `Check --region / --cluster: ${REGIONS}; dedicated clusters are named by --cluster.`;
  }
  return undefined;
}

/** The scope a 403 names ("Insufficient scope. Required: apps:read"). */
export function scopeOf(message: string | undefined): string | undefined {
  return message?.match(/Required:\s*([\w:*-]+)/)?.[1];
}
