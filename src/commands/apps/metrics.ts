/**
 * `apps metrics [app] [--window 30s|5m|1h] [--watch [interval]]` over
 * `GET /v1/apps/{id}/metrics` (the Rust CLI's `spice cloud metrics`). One row per pod:
 * on a terminal CPU and memory as gauges against the app's limits in human units; piped,
 * TSV of the raw figures; --json, the API's answer. --watch samples every interval and
 * draws each figure as a sparkline of the samples so far (redrawn in place on a
 * terminal; piped, one TSV block per sample with its time). Ctrl-C ends it (130).
 * Partial answers (a pod without some figure) show what is there.
 */
import type { AppMetrics, PodMetrics } from '../../api/resources.js';
import type { AppConfig } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { InterruptedError, UsageError } from '../../errors.js';
import { bytes, gauge, quantityBytes, quantityCores, sparkline } from '../../output/gauge.js';
import { safeText } from '../../output/sanitize.js';
import type { Column } from '../../output/writer.js';
import { appFromFlagOrEnv, parseAppRef, resolveApp, type AppRef } from '../shared/app.js';
import { duration } from '../shared/parse.js';

export interface MetricsOptions {
  app: AppRef | undefined;
  window?: string | undefined;
  /** Sample interval with --watch; undefined: one sample. */
  watchMs?: number | undefined;
}

export const DEFAULT_WATCH_MS = 5_000;

export function parse(raw: RawInput): MetricsOptions {
  const w = raw.opts.window;
  if (w !== undefined && !/^\d+(s|m|h|d)$/.test(String(w))) throw new UsageError(`invalid --window ${JSON.stringify(String(w))}: use a duration such as 30s, 5m or 1h`);
  let watchMs: number | undefined;
  if (raw.opts.watch === true) watchMs = DEFAULT_WATCH_MS;
  else if (raw.opts.watch !== undefined) {
    watchMs = duration(raw.opts.watch, '--watch');
    if (watchMs !== undefined && watchMs < 1000) throw new UsageError('--watch interval must be at least 1s');
  }
  return { app: raw.args[0] === undefined ? appFromFlagOrEnv(undefined, raw.env) : parseAppRef(String(raw.args[0])), window: w === undefined ? undefined : String(w), watchMs };
}

interface Limits {
  cores?: number | undefined;
  memory?: number | undefined;
}

export function limitsOf(config: AppConfig | null | undefined): Limits {
  const l = config?.resources?.limits;
  return { cores: quantityCores(l?.cpu), memory: quantityBytes(l?.memory) };
}

interface Row {
  pod: string;
  m: PodMetrics;
}

const rowsOf = (a: AppMetrics): Row[] => Object.entries(a.metrics).sort(([x], [y]) => x.localeCompare(y)).map(([pod, m]) => ({ pod, m: m ?? {} }));
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function cpuCell(m: PodMetrics, limits: Limits): string {
  const pct = num(m.cpu_usage_percent);
  if (pct === undefined) return '-';
  return `${gauge(pct / 100)} ${pct.toFixed(1)}%${limits.cores !== undefined ? ` of ${limits.cores} CPU` : ''}`;
}

function memoryCell(m: PodMetrics, limits: Limits): string {
  const used = num(m.memory_usage_bytes);
  if (used === undefined) return '-';
  return limits.memory ? `${gauge(used / limits.memory)} ${bytes(used)} / ${bytes(limits.memory)}` : bytes(used);
}

function diskCell(b: unknown, ops: unknown, rate: boolean): string {
  const n = num(b);
  if (n === undefined) return '-';
  const o = num(ops);
  return `${bytes(n)}${rate ? '/s' : ''}${o !== undefined ? ` (${Math.round(o)} ops${rate ? '/s' : ''})` : ''}`;
}

function terminalColumns(limits: Limits, rate: boolean): Column<Row>[] {
  return [
    { header: 'Pod', get: (r) => r.pod },
    { header: 'CPU', get: (r) => cpuCell(r.m, limits) },
    { header: 'Memory', get: (r) => memoryCell(r.m, limits) },
    { header: 'Disk read', get: (r) => diskCell(r.m.disk_read_bytes, r.m.disk_read_operations, rate), priority: 1 },
    { header: 'Disk write', get: (r) => diskCell(r.m.disk_write_bytes, r.m.disk_write_operations, rate), priority: 1 },
  ];
}

const FIGURES = ['cpu_usage_percent', 'memory_usage_bytes', 'disk_read_bytes', 'disk_read_operations', 'disk_write_bytes', 'disk_write_operations'] as const;

/** Piped: pod and the raw figures, in the API's units. */
const TSV_COLUMNS: Column<Row>[] = [{ header: 'pod', get: (r) => r.pod }, ...FIGURES.map((f) => ({ header: f, get: (r: Row) => num(r.m[f]) }))];

function summary(a: AppMetrics): string | undefined {
  const parts: string[] = [];
  if (a.ingestion) parts.push(`ingested ${num(a.ingestion.rows_ingested) ?? '?'} rows, ${bytes(num(a.ingestion.bytes_ingested) ?? NaN)}`);
  if (a.cluster) parts.push(`${num(a.cluster.active_executors_count) ?? '?'} active executors`);
  return parts.length ? parts.join('; ') : undefined;
}

export async function run(opts: MetricsOptions, ctx: Context): Promise<void> {
  const app = await resolveApp(ctx, opts.app);
  const api = await ctx.api(opts.watchMs !== undefined ? { deadline: Number.POSITIVE_INFINITY } : {});
  const limits = ctx.io.isStdoutTTY && !ctx.out.jsonMode ? limitsOf((await api.apps.get(app.id)).config) : {};
  const rate = opts.window !== undefined;

  if (opts.watchMs === undefined) {
    const m = await api.apps.metrics(app.id, opts.window);
    if (ctx.out.jsonMode) return ctx.out.json(m);
    const rows = rowsOf(m);
    await ctx.out.list(rows, ctx.io.isStdoutTTY ? terminalColumns(limits, rate) : TSV_COLUMNS);
    if (rows.length === 0) ctx.out.info(`No pods report metrics for app ${app.name} (is it deployed? \`spice-cloud deploy -a ${app.name}\`).`);
    const s = summary(m);
    if (s) ctx.out.info(s);
    return;
  }
  await watch(ctx, opts.watchMs, async () => api.apps.metrics(app.id, opts.window), app.name, limits, rate);
}

/** Samples until Ctrl-C (which ends the command with 130 after the last frame). */
async function watch(ctx: Context, intervalMs: number, sample: () => Promise<AppMetrics>, appName: string, limits: Limits, rate: boolean): Promise<void> {
  const history = new Map<string, { cpu: number[]; mem: number[] }>();
  let previousLines = 0;
  let samples = 0;
  for (;;) {
    let m: AppMetrics;
    try {
      m = await sample();
    } catch (e) {
      if (e instanceof InterruptedError || ctx.signal.aborted) throw stopped(samples);
      throw e;
    }
    samples++;
    const at = new Date(ctx.clock.now()).toISOString();
    const rows = rowsOf(m);
    for (const r of rows) {
      const h = history.get(r.pod) ?? { cpu: [], mem: [] };
      h.cpu.push(num(r.m.cpu_usage_percent) ?? NaN);
      h.mem.push(num(r.m.memory_usage_bytes) ?? NaN);
      history.set(r.pod, h);
    }
    if (ctx.out.jsonMode) ctx.out.jsonLine({ at, ...m });
    else if (ctx.io.isStdoutTTY) {
      const frame = render(ctx, rows, history, limits, rate, appName, at, summary(m));
      ctx.out.frame(frame, previousLines);
      previousLines = frame.split('\n').length;
    } else {
      for (const r of rows) ctx.out.line([at, ...TSV_COLUMNS.map((c) => String(c.get(r) ?? ''))].join('\t'));
    }
    try {
      await ctx.clock.sleep(intervalMs, ctx.signal);
    } catch {
      throw stopped(samples);
    }
    if (ctx.signal.aborted) throw stopped(samples);
  }
}

const stopped = (samples: number) => new InterruptedError(`stopped watching metrics after ${samples} sample${samples === 1 ? '' : 's'}`);

/** The terminal frame: per pod, CPU and memory now, their gauges and sparklines so far. */
function render(ctx: Context, rows: Row[], history: Map<string, { cpu: number[]; mem: number[] }>, limits: Limits, rate: boolean, appName: string, at: string, extra: string | undefined): string {
  const { style } = ctx;
  const lines = [style.bold(`${safeText(appName)} metrics at ${at.slice(11, 19)}Z (Ctrl-C to stop)`)];
  if (rows.length === 0) lines.push('  no pods report metrics (is the app deployed?)');
  const width = Math.max(3, ...rows.map((r) => safeText(r.pod).length));
  for (const r of rows) {
    const h = history.get(r.pod)!;
    const pod = safeText(r.pod).padEnd(width);
    lines.push(`${style.bold(pod)}  cpu ${cpuCell(r.m, limits).padEnd(28)} ${style.cyan(sparkline(h.cpu, { min: 0, max: 100 }))}`);
    lines.push(`${' '.repeat(width)}  mem ${memoryCell(r.m, limits).padEnd(28)} ${style.cyan(sparkline(h.mem, { min: 0, ...(limits.memory ? { max: limits.memory } : {}) }))}`);
    lines.push(`${' '.repeat(width)}  disk read ${diskCell(r.m.disk_read_bytes, r.m.disk_read_operations, rate)}, write ${diskCell(r.m.disk_write_bytes, r.m.disk_write_operations, rate)}`);
  }
  if (extra) lines.push(style.dim(extra));
  return lines.join('\n');
}
