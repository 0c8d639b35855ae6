/**
 * One small class per API resource. Each method is one request: it names the operation
 * for error messages, attaches the hints that fit its statuses, encodes path segments
 * with `path`, and normalises response envelopes. Commands call these, never `http`.
 */
import { ApiError, NetworkError, NotFoundError, TimeoutError } from '../errors.js';
import type { HttpClient, HttpResponse, Method } from './http.js';
import { path } from './path.js';
import { checkItem, checkItems, SHAPES, type Shape } from './validate.js';
import type {
  ApiKeys,
  App,
  AppWithConfig,
  ContainerImage,
  CreateAppInput,
  CreateDeploymentInput,
  Deployment,
  Health,
  LogEntry,
  Member,
  Region,
  Secret,
  UpdateAppInput,
} from './types.js';

/**
 * Accepts `{key: [...]}`, a legacy alias key, or a bare array; every item must have the
 * fields the commands use (`shape`, validate.ts), else one line, exit 1.
 */
function listFrom<T>(data: unknown, shape: Shape, what: string, ...keys: string[]): T[] {
  if (Array.isArray(data)) return checkItems<T>(data, shape, what);
  if (data && typeof data === 'object') {
    for (const k of keys) {
      const v = (data as Record<string, unknown>)[k];
      if (Array.isArray(v)) return checkItems<T>(v, shape, what);
    }
  }
  throw new ApiError(`${what} failed: unexpected answer from the API (expected a list under "${keys[0]}")`, { code: 'unexpected_response' });
}

/** Page size asked for: the documented maximum ("max 100"), as Terraform reads deployments. */
export const PAGE_SIZE = 100;
/** A list longer than this is not read further (a server that ignores `offset` stops sooner). */
const MAX_PAGES = 200;

/**
 * Reads a whole list page by page until a short page. Every request asks for the
 * largest documented page (`limit=100`; later ones add `offset`), so a list of up to
 * 99 items costs one request, and an API that does not page answers the first in full.
 * A page that adds nothing new (a server ignoring `offset`) also ends the walk, so it
 * never loops.
 */
export async function allPages<T>(fetchPage: (q: { limit?: number; offset?: number }) => Promise<T[]>, key: (item: T) => unknown): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<unknown>();
  let page = await fetchPage({ limit: PAGE_SIZE });
  for (let n = 1; ; n++) {
    let fresh = 0;
    for (const item of page) {
      const k = key(item);
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(item);
      fresh++;
    }
    if (page.length < PAGE_SIZE || fresh === 0 || n >= MAX_PAGES) return out;
    page = await fetchPage({ limit: PAGE_SIZE, offset: out.length });
  }
}

const APP_404 = 'Check the app with `spice-cloud apps list`.';

/** `--region us-west-2` or `--region us-west-2-prod-aws-data`: the region ID. */
export function regionId(regionOrCname: string): string {
  return regionOrCname.replace(/-prod-aws-data$/i, '');
}

/** The legacy `cname` the create endpoint reads the region from (Terraform, Rust client). */
export function legacyCname(region: string): string {
  return `${regionId(region)}-prod-aws-data`;
}

/** Both storage spellings: `storage_size_gb` (newer, Rust client) and `storage_claim_size_gb` (Terraform, older OpenAPI). */
export function storageFields(gb: number | undefined): { storage_size_gb?: number; storage_claim_size_gb?: number } {
  return gb === undefined ? {} : { storage_size_gb: gb, storage_claim_size_gb: gb };
}

/** The storage size of a config, whichever spelling the API used. */
export function storageOf(c: { storage_size_gb?: number | null; storage_claim_size_gb?: number | null } | null | undefined): number | undefined {
  return c?.storage_size_gb ?? c?.storage_claim_size_gb ?? undefined;
}

/**
 * An app the API answers with `endpoint` null and no placement has no hosted runtime: a
 * Cloud Connect project. An older API that sends no `endpoint` field at all says nothing.
 */
export function isConnectProject(a: App): boolean {
  return 'endpoint' in a && !a.endpoint && !a.cname && !a.cluster_name && !a.region && !(a as AppWithConfig).config?.region;
}

export class AppsApi {
  constructor(private readonly http: HttpClient) {}

  async list(): Promise<App[]> {
    return allPages(async (query) => {
      const { data } = await this.http.get<unknown>('/v1/apps', { what: 'list apps', query });
      return listFrom<App>(data, SHAPES.app, 'list apps', 'apps', 'projects');
    }, (a) => a.id);
  }

  async get(id: number): Promise<AppWithConfig> {
    const what = `get app ${id}`;
    return checkItem<AppWithConfig>((await this.http.get<unknown>(path`/v1/apps/${id}`, { what, hints: { 404: APP_404 } })).data, SHAPES.app, what);
  }

  async create(input: CreateAppInput): Promise<App> {
    const res = await this.http.post<App>('/v1/apps', {
      what: `create app "${input.name}"`,
      body: input,
      hints: {
        409: 'The name is taken (names are unique per organization, ignoring case); choose another.',
        400: 'App names are 4–38 letters, digits or hyphens.',
      },
    });
    return res.data;
  }

  async update(id: number, patch: UpdateAppInput): Promise<AppWithConfig> {
    return (await this.http.put<AppWithConfig>(path`/v1/apps/${id}`, { what: `update app ${id}`, body: patch, hints: { 404: APP_404 } })).data;
  }

  async delete(id: number): Promise<void> {
    await this.http.delete(path`/v1/apps/${id}`, { what: `delete app ${id}`, bodyOptional: true, hints: { 404: APP_404 } });
  }

  /** Per-pod CPU, memory and disk figures (Rust CLI `spice cloud metrics`); `window` turns counters into rates. */
  async metrics(id: number, window?: string): Promise<AppMetrics> {
    const { data } = await this.http.get<AppMetrics>(path`/v1/apps/${id}/metrics`, {
      what: `get metrics of app ${id}`,
      query: { window },
      hints: { 404: APP_404, 503: 'Metrics are unavailable right now; try again shortly.' },
    });
    return { metrics: data?.metrics ?? {}, ingestion: data?.ingestion ?? null, cluster: data?.cluster ?? null };
  }

  /** Projects-era forks (helper script `fork-project`): a copy of the config, not deployed. */
  async fork(id: number, input: { name?: string; region?: string; cluster_name?: string }): Promise<AppWithConfig> {
    const res = await this.http.post<AppWithConfig>(path`/v1/projects/${id}/forks`, {
      what: `fork app ${id}`,
      body: input,
      hints: { 404: APP_404, 409: 'The fork name is taken: choose another.' },
    });
    return res.data;
  }

  async forks(id: number): Promise<App[]> {
    return allPages(async (query) => {
      const { data } = await this.http.get<unknown>(path`/v1/projects/${id}/forks`, { what: `list forks of app ${id}`, query, hints: { 404: APP_404 } });
      return listFrom<App>(data, SHAPES.app, `list forks of app ${id}`, 'forks', 'projects', 'apps');
    }, (a) => a.id);
  }
}

/** `GET /v1/apps/{id}/metrics` (api-contract.md §4.4); partial results allowed. */
export interface PodMetrics {
  cpu_usage_percent?: number | null;
  memory_usage_bytes?: number | null;
  disk_read_bytes?: number | null;
  disk_read_operations?: number | null;
  disk_write_bytes?: number | null;
  disk_write_operations?: number | null;
}

export interface AppMetrics {
  metrics: Record<string, PodMetrics>;
  ingestion: { rows_ingested?: number; bytes_ingested?: number } | null;
  cluster: { active_executors_count?: number } | null;
}

export interface ListDeploymentsQuery {
  limit?: number | undefined;
  offset?: number | undefined;
  status?: string | undefined;
}

export class DeploymentsApi {
  constructor(private readonly http: HttpClient) {}

  async list(appId: number, q: ListDeploymentsQuery = {}): Promise<Deployment[]> {
    const { data } = await this.http.get<unknown>(path`/v1/apps/${appId}/deployments`, {
      what: `list deployments of app ${appId}`,
      query: { limit: q.limit, offset: q.offset, status: q.status },
      hints: { 404: APP_404 },
    });
    return listFrom<Deployment>(data, SHAPES.deployment, `list deployments of app ${appId}`, 'deployments');
  }

  /** Every deployment, newest first, paged 100 at a time until a short page (rollback looks back). */
  async listAll(appId: number, status?: string): Promise<Deployment[]> {
    const out: Deployment[] = [];
    const seen = new Set<number>();
    for (let offset = 0, n = 0; n < MAX_PAGES; n++) {
      const page = await this.list(appId, { limit: PAGE_SIZE, offset: offset || undefined, status });
      const fresh = page.filter((d) => !seen.has(d.id));
      for (const d of fresh) seen.add(d.id);
      out.push(...fresh);
      if (page.length < PAGE_SIZE || fresh.length === 0) break;
      offset += page.length;
    }
    return out;
  }

  async create(appId: number, input: CreateDeploymentInput): Promise<Deployment> {
    try {
      const res = await this.http.post<Deployment>(path`/v1/apps/${appId}/deployments`, {
        what: `deploy app ${appId}`,
        body: input,
        hints: {
          409: 'A deployment is already queued for this app; wait for it (`spice-cloud deployments watch`) and try again.',
          400: 'Check the deploy flags; the app also needs a spicepod (`spice-cloud apps update <app> --spicepod spicepod.yaml`).',
          404: APP_404,
        },
      });
      return res.data;
    } catch (e) {
      // The POST is never repeated; if its answer was lost it may still have been created.
      if ((e instanceof NetworkError || e instanceof TimeoutError) && !e.hint) {
        e.hint = 'The request may have reached the API: check `spice-cloud deployments list` before deploying again.';
      }
      throw e;
    }
  }

  /** By id; where the API has no by-id route (legacy surface), scan the newest 100. */
  async get(appId: number, id: number): Promise<Deployment> {
    try {
      return (await this.http.get<Deployment>(path`/v1/apps/${appId}/deployments/${id}`, { what: `get deployment ${id}` })).data;
    } catch (e) {
      if (!(e instanceof NotFoundError) && !(e instanceof ApiError && e.status === 405)) throw e;
    }
    const found = (await this.list(appId, { limit: 100 })).find((d) => d.id === id);
    if (!found) throw new NotFoundError(`get deployment ${id} failed: no deployment ${id} in app ${appId}`, { hint: 'List them with `spice-cloud deployments list`.' });
    return found;
  }

  async logs(appId: number, id: number, q: { limit?: number | undefined; since?: string | undefined } = {}): Promise<LogEntry[]> {
    const { data } = await this.http.get<unknown>(path`/v1/apps/${appId}/deployments/${id}/logs`, {
      what: `get logs of deployment ${id}`,
      query: { limit: q.limit, since: q.since },
    });
    return listFrom<LogEntry>(data, SHAPES.log, `get logs of deployment ${id}`, 'logs');
  }
}

const SECRET_NAME_HINT = 'Secret names start with a letter or underscore and contain only letters, digits and underscores.';

export class SecretsApi {
  constructor(
    private readonly http: HttpClient,
    private readonly onSecret: (value: string) => void,
  ) {}

  async list(appId: number): Promise<Secret[]> {
    return allPages(async (query) => {
      const { data } = await this.http.get<unknown>(path`/v1/apps/${appId}/secrets`, { what: `list secrets of app ${appId}`, query, secretBodies: true, hints: { 404: APP_404 } });
      return listFrom<Secret>(data, SHAPES.secret, `list secrets of app ${appId}`, 'secrets');
    }, (s) => s.name);
  }

  async get(appId: number, name: string): Promise<Secret> {
    return (await this.http.get<Secret>(path`/v1/apps/${appId}/secrets/${name}`, { what: `get secret ${name}`, secretBodies: true })).data;
  }

  /** Upsert: repeating it with the same value changes nothing, so it is safe to retry. */
  async set(appId: number, name: string, value: string): Promise<Secret> {
    this.onSecret(value);
    const res = await this.http.post<Secret>(path`/v1/apps/${appId}/secrets`, {
      what: `set secret ${name}`,
      body: { name, value },
      idempotent: true,
      secretBodies: true,
      hints: { 400: SECRET_NAME_HINT, 404: APP_404 },
    });
    return res.data;
  }

  async delete(appId: number, name: string): Promise<void> {
    await this.http.delete(path`/v1/apps/${appId}/secrets/${name}`, { what: `delete secret ${name}`, bodyOptional: true });
  }
}

export class KeysApi {
  constructor(private readonly http: HttpClient) {}

  async get(appId: number): Promise<ApiKeys> {
    return (await this.http.get<ApiKeys>(path`/v1/apps/${appId}/api-keys`, { what: `get API keys of app ${appId}`, hints: { 404: APP_404 } })).data;
  }

  /**
   * key_number: 1 primary, 2 secondary, 0 both. Never retried: each call invalidates a key.
   * A 2xx without the keys in its body still succeeded; the new keys are then read back.
   */
  async regenerate(appId: number, keyNumber: 0 | 1 | 2): Promise<ApiKeys> {
    const res = await this.http.post<ApiKeys | undefined>(path`/v1/apps/${appId}/api-keys`, {
      what: `regenerate API key ${keyNumber === 0 ? 'pair' : keyNumber} of app ${appId}`,
      body: { key_number: keyNumber },
      bodyOptional: true,
      hints: { 404: APP_404 },
    });
    if (res.data && typeof res.data === 'object' && ('api_key' in res.data || 'api_key_2' in res.data)) return res.data;
    return { ...(await this.get(appId)), regenerated_key: keyNumber };
  }
}

const MEMBER_404 = 'List members with `spice-cloud members list`.';

export class MembersApi {
  constructor(private readonly http: HttpClient) {}

  async list(): Promise<Member[]> {
    return allPages(async (query) => {
      const { data } = await this.http.get<unknown>('/v1/members', { what: 'list members', query });
      return listFrom<Member>(data, SHAPES.member, 'list members', 'members');
    }, (m) => m.user_id);
  }

  async get(userId: number): Promise<Member> {
    return (await this.http.get<Member>(path`/v1/members/${userId}`, { what: `get member ${userId}`, hints: { 404: MEMBER_404 } })).data;
  }

  async add(username: string, roles: string[]): Promise<Member> {
    const res = await this.http.post<Member>('/v1/members', {
      what: `add member "${username}"`,
      body: { username, roles },
      hints: { 404: 'No such user: they must have signed in to Spice.ai once.', 409: 'That user is already a member.' },
    });
    return res.data;
  }

  async update(userId: number, roles: string[]): Promise<Member> {
    return (await this.http.patch<Member>(path`/v1/members/${userId}`, { what: `update member ${userId}`, body: { roles }, hints: { 404: MEMBER_404 } })).data;
  }

  async remove(userId: number): Promise<void> {
    await this.http.delete(path`/v1/members/${userId}`, { what: `remove member ${userId}`, bodyOptional: true, hints: { 404: MEMBER_404 } });
  }
}

/** An organization the caller belongs to (`GET /v1/orgs`). */
export interface Org {
  id: number | string;
  name: string;
  role?: string;
}

export class MetaApi {
  constructor(private readonly http: HttpClient) {}

  /** The caller's organizations; an OAuth client sees only its own. 404 on APIs that predate the route. */
  async orgs(): Promise<{ orgs: Org[] }> {
    const orgs = await allPages(async (query) => {
      const { data } = await this.http.get<unknown>('/v1/orgs', { what: 'list organizations', query });
      return listFrom<Org>(data, SHAPES.org, 'list organizations', 'orgs');
    }, (o) => o.id ?? o.name);
    return { orgs };
  }

  async health(): Promise<Health> {
    return (await this.http.get<Health>('/v1/health', { what: 'health check', auth: false })).data;
  }

  /** Health plus the server's `Date` header (doctor's clock-skew check). */
  async healthWithDate(): Promise<{ health: Health; date: string | undefined }> {
    const res = await this.http.get<Health>('/v1/health', { what: 'health check', auth: false });
    return { health: res.data, date: res.headers.get('date') ?? undefined };
  }

  async regions(env?: string): Promise<{ regions: Region[]; default?: string }> {
    const { data } = await this.http.get<{ regions?: Region[]; default?: string }>('/v1/regions', { what: 'list regions', query: { env } });
    return { regions: listFrom<Region>(data, SHAPES.region, 'list regions', 'regions'), default: data?.default };
  }

  async images(channel?: string): Promise<{ images: ContainerImage[]; default?: string }> {
    const { data } = await this.http.get<{ images?: ContainerImage[]; default?: string }>('/v1/container-images', { what: 'list container images', query: { channel } });
    return { images: listFrom<ContainerImage>(data, SHAPES.image, 'list container images', 'images'), default: data?.default };
  }
}

/** Who a token is (`GET /api/spice-cli/auth` on the web host, Rust CLI). */
export interface Identity {
  username?: string | null;
  email?: string | null;
  client_id?: string | null;
  org?: { name?: string } | null;
  scopes?: string[] | null;
}

export type ExchangeResult = { kind: 'pending' } | { kind: 'token'; token: string } | { kind: 'denied' };

/**
 * The web host's routes (spice.ai, not api.spice.ai) the Rust CLI uses: the browser
 * login's exchange and the identity of a token. Only meaningful on an Api built with
 * `ctx.api({ web: true })`.
 */
export class WebApi {
  constructor(private readonly http: HttpClient) {}

  /** `POST /auth/token/exchange {code}`: 202 while the browser has not approved yet. */
  async exchange(code: string): Promise<ExchangeResult> {
    const res = await this.http.post<{ access_token?: unknown; access_denied?: unknown } | undefined>('/auth/token/exchange', {
      what: 'check the browser login',
      auth: false,
      body: { code },
      bodyOptional: true,
    });
    if (res.status === 202) return { kind: 'pending' };
    if (res.data?.access_denied === true) return { kind: 'denied' };
    if (typeof res.data?.access_token === 'string' && res.data.access_token !== '') return { kind: 'token', token: res.data.access_token };
    return { kind: 'pending' };
  }

  async identity(): Promise<Identity> {
    const { data } = await this.http.get<Identity>('/api/spice-cli/auth', { what: 'get the identity of the token' });
    return data ?? {};
  }
}

export class Api {
  readonly apps: AppsApi;
  readonly deployments: DeploymentsApi;
  readonly secrets: SecretsApi;
  readonly keys: KeysApi;
  readonly members: MembersApi;
  readonly meta: MetaApi;
  readonly web: WebApi;

  constructor(
    readonly http: HttpClient,
    private readonly onSecret: (value: string) => void = () => {},
  ) {
    this.apps = new AppsApi(http);
    this.deployments = new DeploymentsApi(http);
    this.secrets = new SecretsApi(http, onSecret);
    this.keys = new KeysApi(http);
    this.members = new MembersApi(http);
    this.meta = new MetaApi(http);
    this.web = new WebApi(http);
  }

  /**
   * `spice-cloud api`: one request to any route under /v1, through the same client (auth,
   * retries of idempotent methods, trace redaction, typed errors). On secret routes a
   * body `value` is registered for redaction and masked in the trace.
   */
  async raw(
    method: Method,
    route: string,
    o: { query?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<HttpResponse<unknown>> {
    if (!/^\/v1(\/|$)/.test(route) || /(^|\/)\.\.?(\/|$)/.test(route)) throw new TypeError(`invalid API route ${JSON.stringify(route)}`);
    const secrets = /\/secrets(\/|$)/.test(route);
    const value = (o.body as { value?: unknown } | null | undefined)?.value;
    if (secrets && typeof value === 'string') this.onSecret(value);
    return this.http.request<unknown>(method, route, {
      what: `${method} ${route}`,
      query: o.query,
      body: o.body,
      headers: o.headers,
      secretBodies: secrets,
      hints: { 404: 'Check the path: the routes are listed in spec/openapi.json.', 405: 'The route exists but not for this method; check -X.' },
    });
  }
}
