/**
 * `POST /v1/chat/completions` with `stream: true` (dataplane.md §4.5): the answer as an
 * async sequence of chunks. There is no whole-request timeout (an answer may take
 * minutes); the wait for the response head and the gap between two data events are each
 * bounded by `stallMs`, and Ctrl-C (`signal`) stops it at once.
 *
 * A server that ignores `stream` and answers one `chat.completion` JSON object is
 * accepted too: its message comes back as a single chunk.
 */
import { ApiError } from '../errors.js';
import { interpretChatEvent, type ChatChunk, type ChatMessage } from './chat-stream.js';
import type { RuntimeHttp } from './http.js';
import { readSse } from './sse.js';

export type { ChatChunk, ChatMessage, ChatUsage } from './chat-stream.js';

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  temperature?: number | undefined;
}

export interface ChatStreamOptions {
  stallMs: number;
  /** Stops this answer only (the REPL's Ctrl-C); the command's signal stops it too. */
  signal?: AbortSignal | undefined;
}

export async function* streamChat(http: RuntimeHttp, req: ChatRequest, o: ChatStreamOptions): AsyncGenerator<ChatChunk, void, undefined> {
  const body = {
    model: req.model,
    messages: req.messages,
    stream: true,
    stream_options: { include_usage: true },
    ...(req.temperature === undefined ? {} : { temperature: req.temperature }),
  };
  const res = await http.request('/v1/chat/completions', {
    method: 'POST',
    body: JSON.stringify(body),
    contentType: 'application/json',
    accept: 'text/event-stream',
    what: `ask model "${req.model}"`,
    timeoutMs: o.stallMs,
    hints: { 504: 'The model may be busy; try again, or allow longer with --stall-timeout.' },
    signal: o.signal,
  });
  const type = (res.headers.get('content-type') ?? '').toLowerCase();
  if (type.startsWith('application/json')) {
    yield completionAsChunk(await res.json<unknown>());
    return;
  }
  for await (const ev of readSse(res.body, { stallMs: o.stallMs, signal: o.signal, what: 'the answer' })) {
    const chunk = interpretChatEvent(ev);
    if (chunk === 'done') return;
    yield chunk;
  }
}

/** A non-streamed `chat.completion` (or an error object) as one chunk. */
function completionAsChunk(v: unknown): ChatChunk {
  const data = JSON.stringify(v);
  const chunk = interpretChatEvent({ event: 'message', data, id: undefined });
  if (chunk === 'done') throw new ApiError('the runtime answered [DONE] without an answer', { code: 'bad_response' });
  return chunk;
}
