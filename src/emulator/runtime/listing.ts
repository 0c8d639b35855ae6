/**
 * The runtime's small read routes (dataplane.md §4.1, 4.2, 4.10–4.13): /health,
 * /v1/ready, /v1/datasets, /v1/models, /v1/status, /v1/spicepods. JSON by default,
 * `?format=csv` where the runtime offers it.
 */
import { jsonReply, RtError, text, type RtCtx, type RtReply } from './http.js';

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

function csv(rows: Array<Record<string, unknown>>, columns: string[]): RtReply {
  const lines = [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))];
  return text(200, `${lines.join('\n')}\n`, 'text/csv; charset=utf-8');
}

function format(ctx: RtCtx): 'json' | 'csv' {
  const f = ctx.url.searchParams.get('format') ?? 'json';
  if (f !== 'json' && f !== 'csv') throw new RtError(400, `Invalid format '${f}': expected json or csv`);
  return f;
}

const flag = (ctx: RtCtx, name: string): boolean => ['true', '1'].includes((ctx.url.searchParams.get(name) ?? '').toLowerCase());

export const health = (): RtReply => text(200, 'ok\n');
export const ready = (): RtReply => text(200, 'ready');

export function datasets(ctx: RtCtx): RtReply {
  const withStatus = flag(ctx, 'status');
  const source = ctx.url.searchParams.get('source');
  const rows = ctx.app.datasets
    .filter((d) => source === null || d.connector === source)
    .map((d) => {
      const row: Record<string, unknown> = {
        from: d.from,
        name: d.name,
        replication_enabled: false,
        acceleration_enabled: d.accelerated,
      };
      if (withStatus) row['status'] = d.status;
      if (withStatus && d.error) row['error'] = d.error;
      row['properties'] = {
        vector_search: d.search.some((s) => s.kind === 'embeddings') ? 'supported' : 'unsupported',
        search: d.search.map((s) => ({ column: s.column, kind: s.kind })),
      };
      return row;
    });
  if (format(ctx) === 'csv') return csv(rows, ['from', 'name', 'replication_enabled', 'acceleration_enabled', ...(withStatus ? ['status'] : [])]);
  return jsonReply(200, rows);
}

export function models(ctx: RtCtx): RtReply {
  const withStatus = flag(ctx, 'status');
  const rows = ctx.app.pod.models.map((m) => ({
    id: m.name,
    object: 'model',
    owned_by: m.from,
    datasets: m.datasets,
    status: withStatus ? 'Ready' : null,
  }));
  if (format(ctx) === 'csv') return csv(rows, ['id', 'object', 'owned_by', 'datasets', 'status']);
  return jsonReply(200, { object: 'list', data: rows });
}

/** The addresses a client can dial (how it finds Flight on a host outside spiceai.io). */
export function status(ctx: RtCtx): RtReply {
  const { http, flight } = ctx.addresses();
  const rows = [{ name: 'http', endpoint: http.replace(/^https?:\/\//, ''), status: 'Ready' }];
  if (flight) rows.push({ name: 'flight', endpoint: flight.replace(/^grpc(\+tls)?:\/\//, ''), status: 'Ready' });
  if (format(ctx) === 'csv') return csv(rows, ['name', 'endpoint', 'status']);
  return jsonReply(200, rows);
}

export function spicepods(ctx: RtCtx): RtReply {
  const pod = ctx.app.spicepod;
  if (format(ctx) === 'csv') {
    const count = (k: string) => (Array.isArray(pod[k]) ? (pod[k] as unknown[]).length : 0);
    return csv([{ name: ctx.app.pod.name, version: pod['version'] ?? 'v1', datasets_count: count('datasets'), models_count: count('models'), dependencies_count: count('dependencies') }], [
      'name',
      'version',
      'datasets_count',
      'models_count',
      'dependencies_count',
    ]);
  }
  return jsonReply(200, [pod]);
}
