/**
 * Which log lines are new, for `logs --follow`. Each poll asks for lines `since` the
 * newest timestamp printed so far. Whether the API treats `since` as inclusive is not
 * documented, so lines at exactly that instant may come back: we remember how many of
 * each (level, message, source) we printed at that instant and skip only those, so two
 * genuinely identical lines with the same timestamp both print (the official CLI's
 * equal-timestamp rule drops them).
 */
import type { LogEntry } from '../../api/types.js';

const key = (e: LogEntry) => JSON.stringify([e.level ?? null, e.message, e.source ?? null]);
const timeOf = (e: LogEntry) => Date.parse(e.timestamp ?? '');

export class LogCursor {
  private lastMs = Number.NEGATIVE_INFINITY;
  /** Lines printed at `lastMs`, by key. */
  private atLast = new Map<string, number>();
  /** Lines without a readable timestamp, by key: they cannot be placed, only recognised. */
  private untimed = new Map<string, number>();

  constructor(public since: string | undefined) {}

  /** Returns the lines of `batch` not yet printed, oldest first, and advances `since`. */
  take(batch: LogEntry[]): LogEntry[] {
    const sorted = batch
      .map((e, i) => ({ e, i, t: timeOf(e) }))
      .sort((a, b) => (Number.isNaN(a.t) ? -Infinity : a.t) - (Number.isNaN(b.t) ? -Infinity : b.t) || a.i - b.i);
    const skipAtLast = new Map(this.atLast);
    const skipUntimed = new Map(this.untimed);
    const fresh: LogEntry[] = [];
    for (const { e, t } of sorted) {
      const k = key(e);
      if (Number.isNaN(t)) {
        if (consume(skipUntimed, k)) continue;
        bump(this.untimed, k);
      } else if (t < this.lastMs) {
        continue;
      } else if (t === this.lastMs) {
        if (consume(skipAtLast, k)) continue;
        bump(this.atLast, k);
      } else {
        this.lastMs = t;
        this.since = e.timestamp ?? undefined;
        this.atLast = new Map([[k, 1]]);
        skipAtLast.clear();
      }
      fresh.push(e);
    }
    return fresh;
  }
}

function consume(m: Map<string, number>, k: string): boolean {
  const n = m.get(k) ?? 0;
  if (n > 0) m.set(k, n - 1);
  return n > 0;
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}
