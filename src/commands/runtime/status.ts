import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { ApiError } from '../../errors.js';
import type { Column } from '../../output/writer.js';
import { parseRuntimeOptions, type RuntimeOptions } from '../shared/runtime-options.js';

export interface StatusOptions {
  runtime: RuntimeOptions;
}

export interface Component {
  name: string;
  endpoint: string | null;
  status: string | null;
}

const COLUMNS: Column<Component>[] = [
  { header: 'Component', get: (c) => c.name },
  { header: 'Endpoint', get: (c) => c.endpoint },
  { header: 'Status', get: (c) => c.status, kind: 'status' },
];

export function parse(raw: RawInput): StatusOptions {
  return { runtime: parseRuntimeOptions(raw) };
}

/** `/v1/status` (components) and `/v1/ready`; exits 1 unless the runtime says it is ready. */
export async function run(opts: StatusOptions, ctx: Context): Promise<void> {
  const rt = await ctx.runtime(opts.runtime);
  const [ready, status] = await Promise.all([
    rt.http.request('/v1/ready', { what: 'check runtime readiness', accept: 'text/plain', okStatuses: [503] }).then(async (r) => ({ status: r.status, text: (await r.text(64 * 1024)).trim() })),
    rt.http.getJson<unknown>('/v1/status', { what: 'get runtime status' }),
  ]);
  const components = normaliseComponents(status.data);
  const isReady = ready.status === 200;
  const where = `${rt.target.httpBase}${rt.target.app ? ` (app ${rt.target.app.name})` : ''}`;
  if (ctx.out.jsonMode) {
    ctx.out.json({ endpoint: rt.target.httpBase, app: rt.target.app ?? null, ready: isReady, components });
  } else {
    ctx.out.info(`Runtime ${where}: ${isReady ? 'ready' : `not ready (${ready.text || ready.status})`}`);
    await ctx.out.list(components, COLUMNS);
  }
  if (!isReady) throw new ApiError(`the runtime at ${rt.target.httpBase} is not ready`, { code: 'not_ready', hint: 'Datasets may still be loading; try again shortly, or see `spice-cloud datasets list`.' });
}

/** G1–G3 answer an array of `{name, endpoint, status}`; tolerate `{components: […]}` too. */
export function normaliseComponents(data: unknown): Component[] {
  const list = Array.isArray(data) ? data : Array.isArray((data as { components?: unknown })?.components) ? (data as { components: unknown[] }).components : [];
  return list.map((c) => {
    const o = (c ?? {}) as Record<string, unknown>;
    return { name: String(o.name ?? ''), endpoint: typeof o.endpoint === 'string' ? o.endpoint : null, status: typeof o.status === 'string' ? o.status : null };
  });
}
