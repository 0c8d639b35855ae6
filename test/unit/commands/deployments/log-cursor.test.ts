import { describe, expect, it } from 'vitest';
import { LogCursor } from '../../../../src/commands/deployments/log-cursor.js';

const line = (timestamp: string | null, message: string, level = 'info') => ({ timestamp, level, message, source: 'runtime' });
const T1 = '2026-11-26T12:00:01Z';
const T2 = '2026-11-26T12:00:02Z';
const T3 = '2026-11-26T12:00:03Z';

describe('LogCursor', () => {
  it('advances since to the newest timestamp', () => {
    const c = new LogCursor(undefined);
    expect(c.take([line(T1, 'a'), line(T2, 'b')]).map((e) => e.message)).toEqual(['a', 'b']);
    expect(c.since).toBe(T2);
  });

  it('skips lines at the since instant that were already printed (inclusive since)', () => {
    const c = new LogCursor(undefined);
    c.take([line(T1, 'a'), line(T2, 'b')]);
    expect(c.take([line(T2, 'b'), line(T3, 'c')]).map((e) => e.message)).toEqual(['c']);
  });

  it('prints nothing twice when the API ignores since and resends everything', () => {
    const c = new LogCursor(undefined);
    c.take([line(T1, 'a'), line(T2, 'b')]);
    expect(c.take([line(T1, 'a'), line(T2, 'b')])).toEqual([]);
  });

  it('keeps genuinely repeated lines that share a timestamp', () => {
    const c = new LogCursor(undefined);
    expect(c.take([line(T2, 'retry'), line(T2, 'retry')])).toHaveLength(2);
    // The next poll returns both again plus a third identical one at the same instant.
    expect(c.take([line(T2, 'retry'), line(T2, 'retry'), line(T2, 'retry')])).toHaveLength(1);
  });

  it('prints a new, different line at the since instant (exclusive or late writes)', () => {
    const c = new LogCursor(undefined);
    c.take([line(T2, 'first')]);
    expect(c.take([line(T2, 'first'), line(T2, 'second', 'error')]).map((e) => e.message)).toEqual(['second']);
  });

  it('orders a batch by time, keeping the API order for equal times', () => {
    const c = new LogCursor(undefined);
    expect(c.take([line(T3, 'c'), line(T1, 'a'), line(T3, 'd')]).map((e) => e.message)).toEqual(['a', 'c', 'd']);
  });

  it('recognises untimestamped lines it already printed', () => {
    const c = new LogCursor(undefined);
    expect(c.take([line(null, 'x')])).toHaveLength(1);
    expect(c.take([line(null, 'x'), line(T1, 'a')]).map((e) => e.message)).toEqual(['a']);
  });

  it('starts from the given since', () => {
    expect(new LogCursor(T1).since).toBe(T1);
  });
});
