/**
 * Sizing flags shared by `apps create` and `apps update`, as the Terraform provider and
 * the Rust client send them: `replicas`, `resources {limits, requests}`, `executor
 * {replicas, resources, storage_size_gb}` and the storage size under both its names.
 * Quantities are checked here, before anything is sent.
 */
import type { Command } from 'commander';
import { storageFields } from '../../api/resources.js';
import type { AppConfig, Executor, ResourceList, Resources, SizingInput } from '../../api/types.js';
import { UsageError } from '../../errors.js';
import { intInRange, numberInRange } from '../shared/parse.js';

/** CPU: cores (`2`, `0.5`) or millicores (`500m`). */
const CPU = /^(\d+(\.\d+)?|\d+m)$/;
/** Memory and storage: bytes with an optional Kubernetes suffix (`4Gi`, `512Mi`, `1G`). */
const BYTES = /^\d+(\.\d+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E)?$/;

export function quantity(v: unknown, flag: string, kind: 'cpu' | 'bytes'): string | undefined {
  if (v === undefined) return undefined;
  const s = String(v).trim();
  const ok = kind === 'cpu' ? CPU.test(s) : BYTES.test(s);
  if (!ok || Number.parseFloat(s) <= 0) {
    const example = kind === 'cpu' ? 'cores such as 2 or 0.5, or millicores such as 500m' : 'a size such as 4Gi, 512Mi or 1G';
    throw new UsageError(`invalid ${flag} ${JSON.stringify(String(v))}: use ${example}`);
  }
  return s;
}

/** Adds the sizing options to `apps create` or `apps update`. */
export function sizingOptions(cmd: Command): Command {
  return cmd
    .option('--replicas <n>', 'number of replicas, 1 to 10')
    .option('--cpu <cores>', 'CPU per replica, limit and request (e.g. 2, 500m)')
    .option('--memory <size>', 'memory per replica, limit and request (e.g. 4Gi)')
    .option('--ephemeral-storage <size>', 'ephemeral storage limit per replica (e.g. 10Gi)')
    .option('--storage-size <gb>', 'storage size in GB (sent as storage_size_gb and storage_claim_size_gb)')
    .option('--executor-replicas <n>', 'distributed query executors, 0 to 100')
    .option('--executor-cpu <cores>', 'CPU per executor (e.g. 4)')
    .option('--executor-memory <size>', 'memory per executor (e.g. 16Gi)')
    .option('--executor-storage-size <gb>', 'storage per executor in GB');
}

export interface Sizing {
  replicas?: number;
  /** Only the keys given; merged into the current config on update. */
  resources?: Resources;
  executor?: Executor;
  storageGb?: number;
}

function resourceList(cpu: string | undefined, memory: string | undefined, ephemeral?: string): { limits?: ResourceList; requests?: ResourceList } | undefined {
  if (cpu === undefined && memory === undefined && ephemeral === undefined) return undefined;
  const limits: ResourceList = {};
  const requests: ResourceList = {};
  if (cpu !== undefined) limits.cpu = requests.cpu = cpu;
  if (memory !== undefined) limits.memory = requests.memory = memory;
  if (ephemeral !== undefined) limits['ephemeral-storage'] = ephemeral;
  return Object.keys(requests).length ? { limits, requests } : { limits };
}

export function parseSizing(o: Record<string, unknown>): Sizing {
  const out: Sizing = {};
  const replicas = intInRange(o.replicas, '--replicas', 1, 10);
  if (replicas !== undefined) out.replicas = replicas;
  const resources = resourceList(quantity(o.cpu, '--cpu', 'cpu'), quantity(o.memory, '--memory', 'bytes'), quantity(o.ephemeralStorage, '--ephemeral-storage', 'bytes'));
  if (resources) out.resources = resources;
  const storage = numberInRange(o.storageSize, '--storage-size', 1, 65536);
  if (storage !== undefined) out.storageGb = storage;
  const executor: Executor = {};
  const er = intInRange(o.executorReplicas, '--executor-replicas', 0, 100);
  if (er !== undefined) executor.replicas = er;
  const eres = resourceList(quantity(o.executorCpu, '--executor-cpu', 'cpu'), quantity(o.executorMemory, '--executor-memory', 'bytes'));
  if (eres) executor.resources = eres;
  const es = numberInRange(o.executorStorageSize, '--executor-storage-size', 1, 65536);
  if (es !== undefined) executor.storage_size_gb = es;
  if (Object.keys(executor).length) out.executor = executor;
  return out;
}

export function hasSizing(s: Sizing): boolean {
  return Object.keys(s).length > 0;
}

function mergeResources(current: Resources | null | undefined, next: Resources | undefined): Resources | undefined {
  if (!next) return undefined;
  return {
    limits: { ...(current?.limits ?? {}), ...(next.limits ?? {}) },
    ...(current?.requests || next.requests ? { requests: { ...(current?.requests ?? {}), ...(next.requests ?? {}) } } : {}),
  };
}

/**
 * The body fields for these flags. `current` (update only) is the app's config: the
 * API replaces `resources` and `executor` as a whole, so the keys not given are kept.
 */
export function sizingBody(s: Sizing, current?: AppConfig | null): SizingInput {
  const body: SizingInput = {};
  if (s.replicas !== undefined) body.replicas = s.replicas;
  const resources = mergeResources(current?.resources, s.resources);
  if (resources) body.resources = resources;
  if (s.executor) {
    const cur = current?.executor ?? {};
    const executor: Executor = { ...cur, ...s.executor };
    const er = mergeResources(cur.resources, s.executor.resources);
    if (er) executor.resources = er;
    body.executor = executor;
  }
  Object.assign(body, storageFields(s.storageGb));
  return body;
}

/** True when the update must read the current config first (to merge resources/executor). */
export function needsCurrent(s: Sizing): boolean {
  return s.resources !== undefined || s.executor !== undefined;
}
