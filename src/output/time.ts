/** "3 minutes ago" for tables on a terminal; piped output keeps RFC 3339 as sent. */
export function relativeTime(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.round((now - t) / 1000);
  const future = s < 0;
  const a = Math.abs(s);
  const [n, unit] =
    a < 45 ? [a, 'second'] : a < 2700 ? [Math.round(a / 60), 'minute'] : a < 79200 ? [Math.round(a / 3600), 'hour'] : a < 2592000 ? [Math.round(a / 86400), 'day'] : a < 31536000 ? [Math.round(a / 2592000), 'month'] : [Math.round(a / 31536000), 'year'];
  if (unit === 'second' && a < 5) return 'just now';
  const phrase = `${n} ${unit}${n === 1 ? '' : 's'}`;
  return future ? `in ${phrase}` : `${phrase} ago`;
}

/** Parses durations like 90s, 10m, 1h30m, 500ms or a bare number of seconds. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let consumed = 0;
  for (const m of t.matchAll(re)) {
    if (m.index !== consumed) return undefined;
    consumed += m[0].length;
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n * 3_600_000;
  }
  return consumed === t.length && consumed > 0 ? total : undefined;
}
