/**
 * Listening to cancellation (Ctrl-C, a request's timeout) without EventTarget.
 *
 * The CLI's own signals are made by a `Canceller`: an AbortController whose signal is a
 * real AbortSignal (fetch, prompts and tests use it as usual), and which also keeps a
 * plain list of callbacks that `onAbort` adds to. Node compiles its EventTarget listener
 * code on the first `addEventListener` of a process, ~2 M instructions (0.6 ms here):
 * more than a list command spends on its output, and every command that sends a request
 * listened to two signals. A signal made elsewhere (a library's, a test's) is listened
 * to with addEventListener, as before.
 */
type Callback = (reason: unknown) => void;

const callbacks = new WeakMap<AbortSignal, Set<Callback>>();

export class Canceller extends AbortController {
  constructor() {
    super();
    callbacks.set(this.signal, new Set());
  }

  /** Aborts the signal (its event listeners run first), then the `onAbort` callbacks, each once. */
  override abort(reason?: unknown): void {
    if (this.signal.aborted) return;
    super.abort(reason);
    const list = callbacks.get(this.signal)!;
    const pending = [...list];
    list.clear();
    for (const fn of pending) fn(this.signal.reason);
  }
}

/**
 * Calls `fn` with the signal's reason once it aborts (at once when it already has) and
 * returns what stops listening. The request paths (api/, runtime/http.ts, SSE) and the
 * clock's sleep listen with it; the rest (stdin reads, jq, Flight calls, the emulator)
 * still use addEventListener, which a Canceller's signal serves as any AbortSignal does.
 */
export function onAbort(signal: AbortSignal, fn: Callback): () => void {
  if (signal.aborted) {
    fn(signal.reason);
    return () => {};
  }
  const list = callbacks.get(signal);
  if (list) {
    const entry: Callback = (reason) => fn(reason); // its own entry, should the same fn listen twice
    list.add(entry);
    return () => list.delete(entry);
  }
  const listener = () => fn(signal.reason);
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}
