/**
 * The multi-tenant runtime host: one emulated runtime serves every app, and the API key
 * selects the app (as on Spice.ai's shared regional hosts). HTTP routes (http.ts) and the
 * Flight service (flight.ts) code against `RuntimeHost`.
 *
 * - A key is the app's primary or secondary key **as the state holds it now**, so a
 *   regenerated key fails at once (401) and a deleted app's keys fail too.
 * - An app serves the spicepod of its latest **succeeded** deployment (snapshotted on
 *   the deployment record when it was created); before the first success → 503.
 * - Each served deployment gets its own engine (one DuckDB instance), built on first use
 *   with the datasets of that spicepod and the app's secrets as they are at that moment.
 *   When a newer deployment succeeds the next request builds its engine, and the old one
 *   is closed after a grace period so queries already streaming can finish.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FaultSet } from '../faults.js';
import { timeline } from '../lifecycle.js';
import type { AppRecord, DeploymentRecord } from '../state.js';
import type { Store } from '../store.js';
import type { FaultRule, RequestLogEntry } from '../types.js';
import type { Engine } from './engine.js';
import { loadSpicepod, type ComponentStatus, type DatasetSpec, type LoadedSpicepod } from './spicepod.js';

/**
 * The fault rule that matched a runtime request or Flight call: `action` is one of the
 * emulator's fault actions ('status', 'drop', 'drop-after', 'delay', 'truncated', …) and
 * the rule carries its options (`status`, `delayMs`, `retryAfter`). One use is consumed.
 */
export type FaultAction = FaultRule;

export interface RuntimeHost {
  authenticate(apiKey: string | undefined): Promise<{ ok: true; app: AppRuntime } | { ok: false; status: 401 | 503; message: string }>;
  /** Request log (shared with the Management API's log); never pass a key. */
  record(entry: { method: string; path: string; status: number; ms: number; app?: string }): void;
  /** The emulator's fault rules, e.g. fault('FLIGHT', '/DoGet') or fault('POST', '/v1/sql'). */
  fault(method: string, path: string): FaultAction | undefined;
}

export interface DatasetState extends DatasetSpec {
  status: ComponentStatus;
}

export interface AppRuntime {
  id: number;
  name: string;
  engine: Engine;
  /** `--cloud-limits`: HTTP SQL results capped at 500 rows, 90 s per request. */
  cloudLimits: boolean;
  /** The deployment whose spicepod this runtime serves. */
  deploymentId: number;
  /** The deployed spicepod as stored (served by /v1/spicepods). */
  spicepod: Record<string, unknown>;
  pod: LoadedSpicepod;
  datasets: DatasetState[];
}

export interface RuntimeHostOptions {
  store: Store;
  faults: FaultSet;
  log: (entry: RequestLogEntry) => void;
  dataDir: string;
  cloudLimits: boolean;
  /** How engines are made (tests may inject); default: DuckDB, imported lazily. */
  createEngine?: (dataDir: string) => Promise<Engine>;
  /** How long a replaced deployment's engine stays open for queries in flight. */
  retireAfterMs?: number;
}

interface Slot {
  deploymentId: number;
  ready: Promise<AppRuntime>;
}

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

export class EmulatedRuntimeHost implements RuntimeHost {
  private readonly slots = new Map<number, Slot>();
  private readonly retiring = new Set<NodeJS.Timeout>();
  private readonly retired = new Set<Promise<AppRuntime>>();
  private closed = false;

  constructor(private readonly opts: RuntimeHostOptions) {}

  get cloudLimits(): boolean {
    return this.opts.cloudLimits;
  }

  async authenticate(apiKey: string | undefined): Promise<{ ok: true; app: AppRuntime } | { ok: false; status: 401 | 503; message: string }> {
    if (this.closed) return { ok: false, status: 503, message: 'Runtime is shutting down' };
    const app = apiKey ? this.appForKey(apiKey) : undefined;
    if (!app) return { ok: false, status: 401, message: 'Unauthorized' };
    const deployment = this.servedDeployment(app);
    if (!deployment) {
      return {
        ok: false,
        status: 503,
        message: `App ${app.name} has no successful deployment yet; its runtime starts when a deployment succeeds (spice-cloud deploy --wait)`,
      };
    }
    try {
      return { ok: true, app: await this.runtimeFor(app, deployment) };
    } catch (err) {
      return { ok: false, status: 503, message: `Runtime for app ${app.name} failed to start: ${(err as Error).message}` };
    }
  }

  record(entry: { method: string; path: string; status: number; ms: number; app?: string }): void {
    const out: RequestLogEntry = {
      method: entry.method,
      path: entry.path,
      status: entry.status,
      at: this.opts.store.iso(),
      plane: 'runtime',
      ms: Math.round(entry.ms),
    };
    if (entry.app !== undefined) out.app = entry.app;
    this.opts.log(out);
  }

  fault(method: string, path: string): FaultAction | undefined {
    return this.opts.faults.pick(method, path) ?? undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.retiring) clearTimeout(t);
    this.retiring.clear();
    const all = [...[...this.slots.values()].map((s) => s.ready), ...this.retired];
    this.slots.clear();
    this.retired.clear();
    await Promise.all(all.map((p) => p.then((rt) => rt.engine.close()).catch(() => undefined)));
  }

  // ---------------------------------------------------------------- internals

  /** Constant-time comparison against every live app's two keys. */
  private appForKey(key: string): AppRecord | undefined {
    const given = digest(key);
    let found: AppRecord | undefined;
    for (const app of this.opts.store.data.apps) {
      if (app.deleted_at !== null) continue;
      for (const k of [app.api_key, app.api_key_2]) {
        if (k !== null && timingSafeEqual(digest(k), given)) found ??= app;
      }
    }
    return found;
  }

  /** The newest deployment that has succeeded (by the emulator clock), if any. */
  private servedDeployment(app: AppRecord): DeploymentRecord | undefined {
    const now = this.opts.store.now();
    const siblings = this.opts.store.data.deployments.filter((d) => d.app_id === app.id);
    let best: DeploymentRecord | undefined;
    for (const d of siblings) {
      if (timeline(d, siblings, now).status !== 'succeeded') continue;
      if (!best || d.id > best.id) best = d;
    }
    return best;
  }

  private runtimeFor(app: AppRecord, deployment: DeploymentRecord): Promise<AppRuntime> {
    const slot = this.slots.get(app.id);
    if (slot && slot.deploymentId === deployment.id) return slot.ready;
    if (slot) this.retire(slot.ready);
    const ready = this.build(app, deployment);
    this.slots.set(app.id, { deploymentId: deployment.id, ready });
    ready.catch(() => {
      if (this.slots.get(app.id)?.ready === ready) this.slots.delete(app.id);
    });
    return ready;
  }

  private retire(old: Promise<AppRuntime>): void {
    this.retired.add(old);
    const t = setTimeout(() => {
      this.retiring.delete(t);
      this.retired.delete(old);
      void old.then((rt) => rt.engine.close()).catch(() => undefined);
    }, this.opts.retireAfterMs ?? 60_000);
    t.unref();
    this.retiring.add(t);
  }

  private async build(app: AppRecord, deployment: DeploymentRecord): Promise<AppRuntime> {
    const spicepod = structuredClone(deployment.spicepod ?? app.config.spicepod ?? {});
    const secrets = new Map(this.opts.store.data.secrets.filter((s) => s.app_id === app.id).map((s) => [s.name, s.value] as const));
    const pod = loadSpicepod(spicepod, secrets);
    const createEngine = this.opts.createEngine ?? (async (dataDir: string) => (await import('./duckdb.js')).createDuckDbEngine({ dataDir }));
    const engine = await createEngine(this.opts.dataDir);
    const datasets: DatasetState[] = [];
    for (const ds of pod.datasets) {
      if (ds.error !== null || ds.source === null) {
        datasets.push({ ...ds, status: 'Error' });
        // A query that reads it fails with the load error instead of "table not found".
        const message = (ds.error ?? `Dataset ${ds.name} is not available`).replace(/'/g, "''");
        await engine
          .register(ds.name, { kind: 'sql', sql: `SELECT NULL::VARCHAR AS unavailable FROM range(1) WHERE error('${message}') IS NULL` })
          .catch(() => undefined);
        continue;
      }
      try {
        await engine.register(ds.name, ds.source);
        datasets.push({ ...ds, status: 'Ready' });
      } catch (err) {
        datasets.push({ ...ds, status: 'Error', error: `Failed to load dataset ${ds.name}: ${(err as Error).message}` });
      }
    }
    if (this.closed) {
      await engine.close();
      throw new Error('Runtime is shutting down');
    }
    return { id: app.id, name: app.name, engine, cloudLimits: this.opts.cloudLimits, deploymentId: deployment.id, spicepod, pod, datasets };
  }
}
