import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { ApiError } from '../../errors.js';
import type { Health } from '../../api/types.js';
import type { Column } from '../../output/writer.js';

export type HealthOptions = Record<string, never>;

type Row = Health & { api_url: string };

const FIELDS: Column<Row>[] = [
  { header: 'status', get: (h) => h.status, kind: 'status' },
  { header: 'timestamp', get: (h) => h.timestamp },
  { header: 'api_url', get: (h) => h.api_url },
];

export function parse(_raw: RawInput): HealthOptions {
  return {};
}

/** Needs no credentials. Prints the answer, then exits 1 unless the status is "ok". */
export async function run(_opts: HealthOptions, ctx: Context): Promise<void> {
  const api = await ctx.api({ anonymous: true });
  const health = await api.meta.health();
  await ctx.out.item({ ...health, api_url: api.http.baseUrl }, FIELDS);
  if (String(health?.status).toLowerCase() !== 'ok') {
    throw new ApiError(`the API at ${api.http.baseUrl} reports status ${JSON.stringify(health?.status ?? null)}`, { code: 'unhealthy' });
  }
}
