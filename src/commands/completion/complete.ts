/**
 * `__complete apps|regions` (hidden): candidates for the completion scripts, one per
 * line. A shell waits on this at every TAB, so it has its own 2-second budget and says
 * nothing at all when anything fails (no credentials, offline, bad answer): exit 0.
 */
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { DYNAMIC_SOURCES, type DynamicSource } from './spec.js';

export const COMPLETE_BUDGET_MS = 2000;

/** Candidates are pasted into shell code by the scripts: plain words only. */
const SAFE = /^[A-Za-z0-9._-]+$/;

export interface CompleteOptions {
  source: DynamicSource | undefined;
}

export function parse(raw: RawInput): CompleteOptions {
  const s = raw.args[0];
  return { source: DYNAMIC_SOURCES.find((d) => d === s) };
}

export async function run(opts: CompleteOptions, ctx: Context): Promise<void> {
  if (!opts.source) return;
  let names: string[];
  try {
    const api = await ctx.api({ deadline: ctx.clock.now() + COMPLETE_BUDGET_MS });
    names =
      opts.source === 'apps'
        ? (await api.apps.list()).map((a) => a.name)
        : (await api.meta.regions()).regions.filter((r) => !r.disabled).map((r) => r.region);
  } catch {
    return;
  }
  for (const name of new Set(names)) if (typeof name === 'string' && SAFE.test(name)) ctx.out.line(name);
}
