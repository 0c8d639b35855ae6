/**
 * What the events of a streamed `/v1/chat/completions` answer mean (dataplane.md §4.5):
 * - `data: {"object":"chat.completion.chunk","choices":[{"delta":{"content":"…"}}],…}`:
 *   a piece of the answer; with `stream_options.include_usage` the last chunk carries
 *   `usage` (its `choices` may be empty);
 * - `data: [DONE]` (OpenAI) ends it; the Spice runtime just closes the stream instead,
 *   and both are accepted;
 * - `event: error` with `{"type":"error","error":{"message":"…"}}` (the runtime) or
 *   `{"type":"…","message":"…"}` (what the official Rust CLI also reads), or a data
 *   event that holds an `error` object (OpenAI-compatible servers): the model failed
 *   mid-answer. Both are thrown as one-line ApiErrors.
 */
import { ApiError } from '../errors.js';
import type { SseEvent } from './sse.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  total_tokens?: number;
  [more: string]: unknown;
}

export interface ChatChunk {
  /** The chunk exactly as parsed (what `--format ndjson` prints). */
  raw: Record<string, unknown>;
  /** Text added to the answer by this chunk ('' for role-only and usage chunks). */
  content: string;
  model: string | undefined;
  finishReason: string | undefined;
  usage: ChatUsage | undefined;
}

/** `done` for the end marker, a chunk otherwise; throws on error events and unreadable data. */
export function interpretChatEvent(ev: SseEvent): ChatChunk | 'done' {
  if (ev.event === 'error') throw streamError(errorMessage(ev.data));
  const data = ev.data.trim();
  if (data === '[DONE]') return 'done';
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new ApiError(`the runtime sent a chat chunk that is not JSON: ${preview(data)}`, { code: 'bad_response' });
  }
  if (!isObject(parsed)) throw new ApiError(`the runtime sent a chat chunk that is not an object: ${preview(data)}`, { code: 'bad_response' });
  if (parsed.type === 'error' || (parsed.error !== undefined && parsed.error !== null && parsed.choices === undefined)) {
    throw streamError(errorMessage(data));
  }
  const choices = Array.isArray(parsed.choices) ? parsed.choices : [];
  const first = choices.find(isObject);
  const delta = first && isObject(first.delta) ? first.delta : first && isObject(first.message) ? first.message : undefined;
  const content = delta && typeof delta.content === 'string' ? delta.content : '';
  return {
    raw: parsed,
    content,
    model: typeof parsed.model === 'string' && parsed.model !== '' ? parsed.model : undefined,
    finishReason: first && typeof first.finish_reason === 'string' ? first.finish_reason : undefined,
    usage: isObject(parsed.usage) ? (parsed.usage as ChatUsage) : undefined,
  };
}

/** The message of an error payload, in any of the documented shapes; the text itself when it is not JSON. */
export function errorMessage(data: string): string {
  try {
    const v: unknown = JSON.parse(data);
    if (isObject(v)) {
      if (isObject(v.error) && typeof v.error.message === 'string') return v.error.message;
      if (typeof v.error === 'string') return v.error;
      if (typeof v.message === 'string') return v.message;
    }
  } catch {
    // plain text
  }
  return data.trim() || 'unknown error';
}

function streamError(message: string): ApiError {
  return new ApiError(`the model failed mid-answer: ${firstLine(message)}`, { code: 'stream_error' });
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

function preview(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > 80 ? `${one.slice(0, 77)}...` : one;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
