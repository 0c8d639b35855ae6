/**
 * A streamed result's message buffers live a few milliseconds, yet enough of them
 * outlive two scavenges to be promoted; dead, their memory (outside the JS heap) then
 * waits for a full collection, which V8 starts only after ~64 MB of such growth. So a
 * million rows raised the peak RSS by ~30 MB although nothing was kept (docs/bench.md).
 * `released(bytes)` is told how much the stream has handed over, and every
 * RELEASE_EVERY bytes asks V8 for one full collection (~20 ms on this heap), which keeps
 * the peak flat whatever the size of the result.
 *
 * V8's `gc` is reached the way jest's leak detector reaches it: the flag is set at run
 * time and the function read from a fresh context. Where that is not possible, nothing
 * is collected early and the result still streams.
 */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** 4 MiB: a million rows peaked at 115 MB against 117–119 MB at 8 MiB, for ~2 % more time (docs/bench.md, round four). */
export const RELEASE_EVERY = 4 * 1024 * 1024;

let collect: (() => void) | null | undefined;

function collector(): (() => void) | null {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as unknown;
      collect = typeof gc === 'function' ? () => (gc as () => void)() : null;
    } catch {
      collect = null;
    }
  }
  return collect;
}

/** Counts the bytes a stream has passed on; returns a function to call with each message's size. */
export function releaser(every = RELEASE_EVERY, collect: () => void = () => collector()?.()): (bytes: number) => void {
  let since = 0;
  return (bytes) => {
    since += bytes;
    if (since < every) return;
    since = 0;
    collect();
  };
}
