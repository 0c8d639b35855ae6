/**
 * Small text graphics for figures people would rather look at than read: a gauge
 * (`██████░░░░`) of a value against its limit, a sparkline (`▁▂▄▆█▅`) of samples so
 * far, and human units for bytes (IEC: KiB, MiB, GiB).
 */

const SPARKS = '▁▂▃▄▅▆▇█';

/** `fraction` (0..1, clamped) of `width` cells filled. */
export function gauge(fraction: number, width = 10): string {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const full = Math.round(f * width);
  return '█'.repeat(full) + '░'.repeat(width - full);
}

/** One character per sample, scaled between `min` and `max` (default: the samples' own range). */
export function sparkline(samples: number[], o: { min?: number; max?: number; width?: number } = {}): string {
  const xs = samples.filter(Number.isFinite).slice(-(o.width ?? 30));
  if (xs.length === 0) return '';
  const lo = o.min ?? Math.min(...xs);
  const hi = o.max ?? Math.max(...xs);
  const span = hi - lo;
  return xs.map((x) => SPARKS[span <= 0 ? 0 : Math.min(SPARKS.length - 1, Math.max(0, Math.round(((x - lo) / span) * (SPARKS.length - 1))))]).join('');
}

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** 1536 → "1.5 KiB"; 536870912 → "512 MiB". */
export function bytes(n: number): string {
  if (!Number.isFinite(n)) return '-';
  let v = Math.abs(n);
  let u = 0;
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  const text = u === 0 ? String(Math.round(v)) : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return `${n < 0 ? '-' : ''}${text.replace(/\.0+$|(\.\d*[1-9])0+$/, '$1')} ${UNITS[u]}`;
}

/** Kubernetes quantity → bytes ("4Gi", "512Mi", "1G"); undefined when unreadable. */
export function quantityBytes(q: unknown): number | undefined {
  const m = typeof q === 'string' ? /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|K|M|G|T|P|E)?$/.exec(q.trim()) : null;
  if (!m) return undefined;
  const mult: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
  return Number(m[1]) * (m[2] ? mult[m[2]]! : 1);
}

/** Kubernetes CPU quantity → cores ("500m" → 0.5, "2" → 2). */
export function quantityCores(q: unknown): number | undefined {
  const m = typeof q === 'string' ? /^(\d+(?:\.\d+)?)(m)?$/.exec(q.trim()) : null;
  if (!m) return undefined;
  return Number(m[1]) / (m[2] ? 1000 : 1);
}
