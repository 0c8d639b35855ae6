/**
 * `GET /v1/models?status=true` (dataplane.md §4.10): the models a runtime serves, with
 * their status (`Ready`, `Initializing`, `Refreshing`, `Error`, `Disabled`), shared by
 * `models list` and `chat` (which checks --model against it and picks the Ready one).
 * A lowercase status (an older OpenAPI example says "ready") is capitalised. A runtime
 * that leaves `status` null has not reported it; such a model counts as usable.
 */
import type { RuntimeHttp } from './http.js';

/** One model as `GET /v1/models?status=true` describes it (OpenAI list shape, G1–G3). */
export interface Model {
  id: string;
  /** Where it comes from, e.g. `openai:gpt-4o`. */
  owned_by: string | null;
  datasets: string[] | null;
  status: string | null;
}

export async function listModels(http: RuntimeHttp, o: { signal?: AbortSignal | undefined } = {}): Promise<Model[]> {
  const { data } = await http.getJson<unknown>('/v1/models', { what: 'list models', query: { status: true, format: 'json' }, signal: o.signal });
  return normaliseModels(data);
}

/** `{object: "list", data: […]}`, or a bare array from older runtimes. */
export function normaliseModels(data: unknown): Model[] {
  const list = Array.isArray(data) ? data : Array.isArray((data as { data?: unknown })?.data) ? (data as { data: unknown[] }).data : [];
  return list.map((m) => {
    const o = (m ?? {}) as Record<string, unknown>;
    const status = typeof o.status === 'string' && o.status !== '' ? o.status[0]!.toUpperCase() + o.status.slice(1) : null;
    return {
      id: String(o.id ?? o.name ?? ''),
      owned_by: typeof o.owned_by === 'string' ? o.owned_by : null,
      datasets: Array.isArray(o.datasets) ? o.datasets.map(String) : null,
      status,
    };
  });
}

export function isReady(m: Model): boolean {
  return m.status === null || m.status === 'Ready';
}
