/**
 * Running many secret requests: a bounded worker pool that stops starting work on
 * Ctrl-C, and the bookkeeping shared by `delete` and `import` (per-name failure lines,
 * one exit code for the whole batch).
 */
import type { Context } from '../../context.js';
import { CliError, ExitCode, InterruptedError } from '../../errors.js';

export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

/**
 * Runs `work` over `items`, at most `limit` at a time, in order of start. Once `signal`
 * aborts no new item starts; the result for an item never started is `undefined`.
 */
export async function runBounded<T, R>(items: readonly T[], limit: number, signal: AbortSignal, work: (item: T) => Promise<R>): Promise<Array<Settled<R> | undefined>> {
  const results: Array<Settled<R> | undefined> = new Array<Settled<R> | undefined>(items.length).fill(undefined);
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal.aborted) {
      const i = next++;
      try {
        results[i] = { ok: true, value: await work(items[i]!) };
      } catch (error) {
        results[i] = { ok: false, error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** The error message without the "set secret X failed: " prefix the API layer adds. */
export function reason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/^(?:set|delete) secret \S+ failed: /, '');
}

/** One exit code for a batch: the failures' own code when they all share it, else 1. */
export function batchExitCode(errors: unknown[]): number {
  const codes = new Set(errors.map((e) => (e instanceof CliError ? e.exitCode : ExitCode.error)));
  return codes.size === 1 ? [...codes][0]! : ExitCode.error;
}

/** `✗ NAME: reason` on stderr, one line per failure (interruptions are reported apart). */
export function reportFailures(ctx: Context, failures: Array<{ name: string; error: unknown }>): void {
  for (const f of failures) if (!(f.error instanceof InterruptedError)) ctx.out.info(`✗ ${f.name}: ${reason(f.error)}`);
}

/** "A, B, C, … (12 more)" for messages that name secrets. */
export function nameList(names: string[], max = 20): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … (${names.length - max} more)`;
}
