/**
 * Fixed reference data of the emulated organisation `emulator`: regions, container
 * images, dedicated clusters and the user directory members are added from.
 */

export const ORG_NAME = 'emulator';
export const ORG_ID = 1;

export interface RegionInfo {
  name: string;
  region: string;
  cname: string;
  provider: 'aws' | 'azure' | 'teraswitch';
  providerName: string;
  isDefault: boolean;
  disabled: boolean;
}

const aws = { provider: 'aws', providerName: 'AWS' } as const;

export const REGIONS: Record<'prod' | 'dev', { regions: RegionInfo[]; default: string }> = {
  prod: {
    default: 'us-east-1',
    regions: [
      { name: 'US East (N. Virginia)', region: 'us-east-1', cname: 'us-east-1-prod-aws-data', ...aws, isDefault: true, disabled: false },
      { name: 'US West (Oregon)', region: 'us-west-2', cname: 'us-west-2-prod-aws-data', ...aws, isDefault: false, disabled: false },
      { name: 'EU (Ireland)', region: 'eu-west-1', cname: 'eu-west-1-prod-aws-data', ...aws, isDefault: false, disabled: true },
    ],
  },
  dev: {
    default: 'us-west-2',
    regions: [
      { name: 'Dev (US West)', region: 'us-west-2', cname: 'dev-data', ...aws, isDefault: true, disabled: false },
      { name: 'Dev (US East)', region: 'us-east-1', cname: 'us-east-1-dev-aws-data', ...aws, isDefault: false, disabled: true },
    ],
  },
};

/** Region ids the create-app `region` field accepts (the spec's enum). */
export const CREATE_REGION_ENUM = ['us-east-1', 'us-west-2'];

/** Finds a region by cname or id, production list first (older clients send either). */
export function findRegion(value: string): RegionInfo | undefined {
  const all = [...REGIONS.prod.regions, ...REGIONS.dev.regions];
  return all.find((r) => r.cname === value) ?? all.find((r) => r.region === value);
}

export const endpointFor = (r: RegionInfo): string => `https://${r.cname}.spiceai.io`;
export const clusterIdFor = (r: RegionInfo): string => r.cname.replace(/-data$/, '');

export interface ImageInfo {
  name: string;
  tag: string;
  channel: 'stable' | 'enterprise';
}

const image = (tag: string, channel: 'stable' | 'enterprise'): ImageInfo => ({ name: `spiceai/spiceai:${tag}`, tag, channel });

export const IMAGES: Record<'stable' | 'enterprise', { images: ImageInfo[]; default: string }> = {
  stable: {
    default: '2.0.1',
    images: ['2.0.1', '2.0.0', '1.11.4', '1.10.2'].map((t) => image(t, 'stable')),
  },
  enterprise: {
    default: '2.0.1-enterprise',
    images: ['2.0.1-enterprise', '2.0.0-enterprise', '1.11.4-enterprise'].map((t) => image(t, 'enterprise')),
  },
};

export interface ClusterInfo {
  cluster_name: string;
  region: string;
  cloud_provider: string;
  endpoint: string;
  created_at: string;
  updated_at: string;
}

export const CLUSTERS: ClusterInfo[] = [
  {
    cluster_name: 'emulator-dedicated',
    region: 'us-east-1',
    cloud_provider: 'aws',
    endpoint: 'https://emulator-dedicated.us-east-1.spiceai.io',
    created_at: '2026-01-15T12:00:00.000Z',
    updated_at: '2026-01-15T12:00:00.000Z',
  },
];

/** Users known to the platform. `member` = already in the org when the state is fresh. */
export const DIRECTORY: Array<{ user_id: number; username: string; email: string; member?: 'owner' | 'member' }> = [
  { user_id: 1, username: 'ada', email: 'ada@example.com', member: 'owner' },
  { user_id: 2, username: 'grace', email: 'grace@example.com', member: 'member' },
  { user_id: 3, username: 'linus', email: 'linus@example.com' },
  { user_id: 4, username: 'margaret', email: 'margaret@example.com' },
  { user_id: 5, username: 'ken', email: 'ken@example.com' },
  { user_id: 6, username: 'barbara', email: 'barbara@example.com' },
  { user_id: 7, username: 'dennis', email: 'dennis@example.com' },
];

/** The user every static (personal-access) token acts as. */
export const OWNER_EMAIL = 'ada@example.com';

export const MEMBER_ROLES = ['owner', 'admin', 'member', 'viewer', 'billing'];

export const LIMITS = {
  apps: 100,
  replicas: 10,
  spicepods: 1,
  users: -1,
  request_timeout_secs: 30,
  sql_query_timeout_secs: 300,
};
