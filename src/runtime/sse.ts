/**
 * Server-sent events (text/event-stream), as the runtime streams chat answers and nsql.
 *
 * `SseDecoder` is the pure part: feed it bytes in whatever pieces the network delivers
 * and it returns whole events, following the WHATWG event-stream rules:
 * - lines end in `\n`, `\r\n` or `\r` (a `\r` at the end of one chunk and a `\n` at the
 *   start of the next are one line break), a UTF-8 character may be split across chunks,
 *   a leading BOM is dropped;
 * - `data:` lines accumulate (joined by `\n`), `event:` names the event, `id:` is kept,
 *   `retry:` and unknown fields are ignored, one space after the colon is dropped;
 * - a blank line dispatches the event (an event without data is not dispatched);
 * - lines starting with `:` are comments: the runtime's keep-alives (every 30 s), counted
 *   but never returned.
 * Two deliberate departures: at end of stream a last event that lacks its blank line is
 * still delivered (the spec drops it; a server that closes right after its final `data:`
 * line should not lose it), and an event (or a line) larger than `maxEventBytes`
 * characters is refused, so a broken or hostile server cannot grow memory without bound.
 *
 * `readSse` drives a decoder over a response body and adds the two deadlines a stream
 * needs instead of a whole-request timeout: a stall deadline (no data event for
 * `stallMs`; keep-alive comments prove the connection, not progress, so they do not
 * reset it) and Ctrl-C (`signal`).
 */
import { onAbort } from '../abort.js';
import { ApiError, TimeoutError } from '../errors.js';

export interface SseEvent {
  /** `event:` field; "message" when absent. */
  event: string;
  /** The `data:` lines joined by `\n`. */
  data: string;
  /** The last `id:` seen (the spec's last event ID), if any. */
  id: string | undefined;
}

/** 4 MiB: far above any chat chunk or nsql result the runtime sends in one event. */
export const DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024;

export class SseDecoder {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly maxEventBytes: number;
  /** The current line, not yet terminated. */
  private line = '';
  /** Data lines of the event being built, each followed by `\n`. */
  private data = '';
  private eventType = '';
  private lastId: string | undefined;
  private hasData = false;
  /** The previous chunk ended in `\r`: a `\n` starting the next one belongs to it. */
  private skipLf = false;
  private started = false;
  /** Comment lines seen (keep-alives). */
  comments = 0;

  constructor(opts: { maxEventBytes?: number } = {}) {
    this.maxEventBytes = opts.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
  }

  /** Feeds one chunk; returns the events it completed, in order. */
  push(chunk: Uint8Array | string): SseEvent[] {
    let text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    return this.feed(text);
  }

  /** End of stream: flushes a split character and a last line or event left without its terminator. */
  end(): SseEvent[] {
    const out = this.feed(this.decoder.decode());
    if (this.line.length > 0) {
      this.processLine(this.line, out);
      this.line = '';
    }
    this.dispatch(out);
    return out;
  }

  private feed(text: string): SseEvent[] {
    const out: SseEvent[] = [];
    let i = 0;
    if (this.skipLf && text.length > 0) {
      if (text.charCodeAt(0) === 0x0a) i = 1;
      this.skipLf = false;
    }
    while (i < text.length) {
      const nl = nextBreak(text, i);
      if (nl === -1) {
        this.line += text.slice(i);
        this.checkSize();
        break;
      }
      const line = this.line + text.slice(i, nl);
      this.line = '';
      this.processLine(line, out);
      i = nl + 1;
      if (text.charCodeAt(nl) === 0x0d) {
        if (i === text.length) this.skipLf = true;
        else if (text.charCodeAt(i) === 0x0a) i++;
      }
    }
    return out;
  }

  private processLine(line: string, out: SseEvent[]): void {
    if (line === '') return this.dispatch(out);
    if (line.charCodeAt(0) === 0x3a /* : */) {
      this.comments++;
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    switch (field) {
      case 'data':
        this.data += `${value}\n`;
        this.hasData = true;
        this.checkSize();
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastId = value;
        break;
      default:
      // `retry:` and unknown fields: ignored, as the spec says.
    }
  }

  private dispatch(out: SseEvent[]): void {
    if (this.hasData) out.push({ event: this.eventType || 'message', data: this.data.slice(0, -1), id: this.lastId });
    this.data = '';
    this.hasData = false;
    this.eventType = '';
  }

  private checkSize(): void {
    if (this.data.length + this.line.length > this.maxEventBytes) {
      throw new ApiError(`the runtime sent an event larger than ${formatSize(this.maxEventBytes)}; stopped reading`, { code: 'event_too_large' });
    }
  }
}

function nextBreak(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) return i;
  }
  return -1;
}

function formatSize(n: number): string {
  return n >= 1024 * 1024 && n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : n >= 1024 && n % 1024 === 0 ? `${n / 1024} KiB` : `${n} bytes`;
}

export interface ReadSseOptions {
  /** Longest wait for the next data event (the first one included); comments do not count. */
  stallMs: number;
  maxEventBytes?: number;
  /** Ctrl-C: rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Names the stream in the stall error: "the chat answer". */
  what: string;
  /** Hint on the stall error. */
  stallHint?: string;
}

/**
 * The events of a response body, stopping at its end. Throws TimeoutError (exit 7) when no
 * data event arrives for `stallMs`, the signal's reason on abort, ApiError for an oversize
 * event. Leaving early (break, throw) closes the body.
 */
export async function* readSse(body: AsyncIterable<Uint8Array | string>, o: ReadSseOptions): AsyncGenerator<SseEvent, void, undefined> {
  const decoder = new SseDecoder({ maxEventBytes: o.maxEventBytes });
  const it = body[Symbol.asyncIterator]();
  let finished = false;
  // The stall deadline runs from the last data event: a stream of keep-alive comments still stalls.
  let deadline = Date.now() + o.stallMs;
  try {
    for (;;) {
      const next = await nextBefore(it, deadline, o);
      if (next.done) {
        finished = true;
        for (const ev of decoder.end()) yield ev;
        return;
      }
      const events = decoder.push(next.value);
      if (events.length > 0) deadline = Date.now() + o.stallMs;
      for (const ev of events) yield ev;
    }
  } finally {
    // Closing the body also releases the connection; don't wait for a server that stalled.
    if (!finished) void Promise.resolve(it.return?.()).catch(() => {});
  }
}

/** `it.next()`, bounded by the stall deadline and the signal. */
function nextBefore<T>(it: AsyncIterator<T>, deadline: number, o: ReadSseOptions): Promise<IteratorResult<T>> {
  return new Promise((resolve, reject) => {
    if (o.signal?.aborted) return reject(o.signal.reason);
    const timer = setTimeout(
      () => {
        cleanup();
        reject(
          new TimeoutError(`${o.what} stalled: no data for ${formatSeconds(o.stallMs)}`, {
            hint: o.stallHint ?? 'The runtime is connected but sent nothing; try again, or allow longer with --stall-timeout.',
          }),
        );
      },
      Math.max(0, deadline - Date.now()),
    );
    const cleanup = () => {
      clearTimeout(timer);
      stop?.();
    };
    const stop = o.signal
      ? onAbort(o.signal, (reason) => {
          cleanup();
          reject(reason);
        })
      : undefined;
    it.next().then(
      (r) => {
        cleanup();
        resolve(r);
      },
      (e: unknown) => {
        cleanup();
        reject(e);
      },
    );
  });
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
