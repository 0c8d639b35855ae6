import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiError, InterruptedError, TimeoutError } from '../../../src/errors.js';
import { readSse, SseDecoder, type SseEvent } from '../../../src/runtime/sse.js';

const enc = new TextEncoder();

/** Decodes `bytes` delivered in the given pieces (cut positions), then the end of stream. */
function decodeCut(bytes: Uint8Array, cuts: number[], o: { maxEventBytes?: number } = {}): SseEvent[] {
  const d = new SseDecoder(o);
  const out: SseEvent[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    out.push(...d.push(bytes.subarray(from, cut)));
    from = cut;
  }
  out.push(...d.push(bytes.subarray(from)));
  out.push(...d.end());
  return out;
}

const decodeAll = (text: string) => decodeCut(enc.encode(text), []);

/** Every way of cutting the stream once, and byte by byte: all must give the same events. */
function expectSplitInvariant(text: string, expected: SseEvent[]): void {
  const bytes = enc.encode(text);
  expect(decodeCut(bytes, [])).toEqual(expected);
  for (let at = 0; at <= bytes.length; at++) expect(decodeCut(bytes, [at]), `cut at byte ${at}`).toEqual(expected);
  for (let at = 0; at < bytes.length; at++) expect(decodeCut(bytes, [at, at + 1]), `cuts at ${at} and ${at + 1}`).toEqual(expected);
  expect(
    decodeCut(
      bytes,
      Array.from({ length: bytes.length }, (_, i) => i),
    ),
    'one byte at a time',
  ).toEqual(expected);
}

const ev = (data: string, event = 'message', id?: string): SseEvent => ({ event, data, id });

const CHAT_STREAM =
  'data: {"choices":[{"delta":{"role":"assistant"}}]}\n\n' +
  ': keep-alive\n\n' +
  'data: {"choices":[{"delta":{"content":"Héllo 🌶"}}]}\n\n' +
  ':\n\n' +
  'data: {"choices":[],"usage":{"total_tokens":3}}\n\n' +
  'data: [DONE]\n\n';
const CHAT_EVENTS = [
  ev('{"choices":[{"delta":{"role":"assistant"}}]}'),
  ev('{"choices":[{"delta":{"content":"Héllo 🌶"}}]}'),
  ev('{"choices":[],"usage":{"total_tokens":3}}'),
  ev('[DONE]'),
];

describe('SseDecoder reassembles events however the stream is cut', () => {
  it('LF line endings, with keep-alive comments and a multi-byte character, cut at every byte offset', () => {
    expectSplitInvariant(CHAT_STREAM, CHAT_EVENTS);
  });

  it('CRLF line endings, including a cut between the CR and the LF', () => {
    expectSplitInvariant(CHAT_STREAM.replace(/\n/g, '\r\n'), CHAT_EVENTS);
  });

  it('CR-only line endings', () => {
    expectSplitInvariant(CHAT_STREAM.replace(/\n/g, '\r'), CHAT_EVENTS);
  });

  it('mixed line endings in one stream', () => {
    expectSplitInvariant('data: a\r\n\rdata: b\n\r\ndata: c\r\r', [ev('a'), ev('b'), ev('c')]);
  });

  it('multi-line data is joined with \\n, event and id fields are kept, in any cut', () => {
    expectSplitInvariant('event: error\nid: 7\ndata: line one\ndata: line two\n\n', [ev('line one\nline two', 'error', '7')]);
    // A cut between CR and LF inside an event must not end the event early.
    expectSplitInvariant('event: error\r\nid: 7\r\ndata: line one\r\ndata: line two\r\n\r\n', [ev('line one\nline two', 'error', '7')]);
  });

  it('random cuts of random event streams give the events of the uncut stream (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'é', '🌶', ' ', ':', '{', '"') , maxLength: 12 });
    const block = fc.record({ event: fc.option(fc.constantFrom('error', 'message', 'delta')), data: fc.array(field, { minLength: 1, maxLength: 3 }), comment: fc.boolean() });
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), fc.constantFrom('\n', '\r\n', '\r'), fc.array(fc.nat(), { maxLength: 8 }), (blocks, eol, rawCuts) => {
        const text = blocks
          .map((b) => `${b.comment ? `: ping${eol}` : ''}${b.event ? `event: ${b.event}${eol}` : ''}${b.data.map((d) => `data: ${d}${eol}`).join('')}${eol}`)
          .join('');
        const bytes = enc.encode(text);
        const cuts = rawCuts.map((c) => c % (bytes.length + 1));
        expect(decodeCut(bytes, cuts)).toEqual(decodeCut(bytes, []));
        expect(decodeCut(bytes, []).map((e) => e.data)).toEqual(blocks.map((b) => b.data.join('\n')));
      }),
    );
  });
});

describe('SseDecoder field rules', () => {
  it('comments are counted and never returned; an event with no data is not dispatched', () => {
    const d = new SseDecoder();
    expect(d.push(': keep-alive\n\n:\n\nevent: ping\n\n')).toEqual([]);
    expect(d.comments).toBe(2);
    expect(d.end()).toEqual([]);
  });

  it('the event type does not leak into the next event', () => {
    expect(decodeAll('event: error\ndata: x\n\ndata: y\n\n')).toEqual([ev('x', 'error'), ev('y')]);
  });

  it('drops exactly one space after the colon; no colon means an empty value', () => {
    expect(decodeAll('data:tight\n\ndata:  two\n\ndata\n\n')).toEqual([ev('tight'), ev(' two'), ev('')]);
  });

  it('ignores retry and unknown fields, and a BOM at the very start', () => {
    expect(decodeAll('\uFEFFretry: 10\nfoo: bar\ndata: ok\n\n')).toEqual([ev('ok')]);
  });

  it('a last event without its blank line is still delivered at the end of the stream', () => {
    expect(decodeAll('data: first\n\ndata: last')).toEqual([ev('first'), ev('last')]);
    expect(decodeAll('data: last\n')).toEqual([ev('last')]);
  });

  it('an empty stream has no events', () => {
    expect(decodeAll('')).toEqual([]);
  });

  it('refuses an event larger than the cap, split across chunks or not', () => {
    const big = `data: ${'x'.repeat(200)}\n\n`;
    expect(() => decodeCut(enc.encode(big), [], { maxEventBytes: 100 })).toThrow(ApiError);
    expect(() => decodeCut(enc.encode(big), [50, 120], { maxEventBytes: 100 })).toThrow(/larger than 100 bytes/);
    // Many data lines that add up past the cap.
    const many = `${'data: 0123456789\n'.repeat(20)}\n`;
    expect(() => decodeAll.call(null, many)).not.toThrow();
    expect(() => decodeCut(enc.encode(many), [], { maxEventBytes: 100 })).toThrow(/larger than/);
  });

  it('refuses a line that never ends once it passes the cap (no newline at all)', () => {
    const d = new SseDecoder({ maxEventBytes: 64 });
    expect(() => {
      for (let i = 0; i < 10; i++) d.push('data: 0123456789');
    }).toThrow(/larger than 64 bytes/);
  });

  it('events of exactly the cap pass', () => {
    expect(decodeCut(enc.encode(`data: ${'x'.repeat(94)}\n\n`), [], { maxEventBytes: 100 })).toHaveLength(1);
  });
});

/** An async body that yields the given pieces, then waits forever (or ends). */
function body(pieces: Array<string | { wait: number }>, o: { hang?: boolean; onReturn?: () => void } = {}): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]() {
      let i = 0;
      return {
        async next() {
          while (i < pieces.length) {
            const p = pieces[i++]!;
            if (typeof p === 'string') return { done: false, value: enc.encode(p) };
            await new Promise((r) => setTimeout(r, p.wait));
          }
          if (o.hang) await new Promise(() => {});
          return { done: true, value: undefined };
        },
        async return() {
          o.onReturn?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

async function collect(it: AsyncIterable<SseEvent>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

describe('readSse over a response body', () => {
  it('yields the events of the whole body and ends with it (no [DONE] needed)', async () => {
    const events = await collect(readSse(body(['data: a\n', '\ndata: b\n\n', 'data: c']), { stallMs: 5000, what: 'the answer' }));
    expect(events.map((e) => e.data)).toEqual(['a', 'b', 'c']);
  });

  it('a body that sends nothing stalls with a TimeoutError (exit 7) and is closed', async () => {
    let closed = false;
    const err = await collect(readSse(body([], { hang: true, onReturn: () => (closed = true) }), { stallMs: 30, what: 'the chat answer' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).exitCode).toBe(7);
    expect((err as Error).message).toBe('the chat answer stalled: no data for 30 ms');
    expect(closed).toBe(true);
  });

  it('keep-alive comments do not hold off the stall deadline', async () => {
    const pings = Array.from({ length: 20 }, () => [': ping\n\n', { wait: 10 }]).flat() as Array<string | { wait: number }>;
    const err = await collect(readSse(body(['data: first\n\n', ...pings], { hang: true }), { stallMs: 60, what: 'the answer' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
  });

  it('the deadline runs between data events, not over the whole stream', async () => {
    const slowButSteady = Array.from({ length: 6 }, (_, i) => [{ wait: 20 }, `data: ${i}\n\n`]).flat() as Array<string | { wait: number }>;
    const events = await collect(readSse(body(slowButSteady), { stallMs: 1000, what: 'the answer' }));
    expect(events).toHaveLength(6);
  });

  it('Ctrl-C rejects with the signal reason and closes the body', async () => {
    const ac = new AbortController();
    let closed = false;
    const it = readSse(body(['data: one\n\n'], { hang: true, onReturn: () => (closed = true) }), { stallMs: 60_000, what: 'the answer', signal: ac.signal });
    const seen: string[] = [];
    const done = (async () => {
      for await (const e of it) {
        seen.push(e.data);
        ac.abort(new InterruptedError('cancelled'));
      }
    })().catch((e: unknown) => e);
    const err = await done;
    expect(seen).toEqual(['one']);
    expect(err).toBeInstanceOf(InterruptedError);
    expect(closed).toBe(true);
  });

  it('breaking out early closes the body', async () => {
    let closed = false;
    for await (const e of readSse(body(['data: a\n\ndata: b\n\n'], { hang: true, onReturn: () => (closed = true) }), { stallMs: 60_000, what: 'x' })) {
      expect(e.data).toBe('a');
      break;
    }
    expect(closed).toBe(true);
  });

  it('an error from the body (connection reset) propagates', async () => {
    const broken: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          throw new Error('terminated');
        },
      }),
    };
    await expect(collect(readSse(broken, { stallMs: 1000, what: 'x' }))).rejects.toThrow('terminated');
  });
});
