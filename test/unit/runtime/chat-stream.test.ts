import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/errors.js';
import { errorMessage, interpretChatEvent } from '../../../src/runtime/chat-stream.js';
import type { SseEvent } from '../../../src/runtime/sse.js';

const ev = (data: string, event = 'message'): SseEvent => ({ event, data, id: undefined });

describe('interpretChatEvent', () => {
  it('reads the content, model and finish reason of a chunk', () => {
    const c = interpretChatEvent(ev('{"id":"c1","object":"chat.completion.chunk","model":"gpt","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null}'));
    expect(c).toMatchObject({ content: 'Hi', model: 'gpt', finishReason: undefined, usage: undefined });
  });

  it('a role-only first chunk adds no text', () => {
    expect(interpretChatEvent(ev('{"choices":[{"delta":{"role":"assistant"}}]}'))).toMatchObject({ content: '' });
  });

  it('the usage chunk (empty choices) carries usage and no text', () => {
    const c = interpretChatEvent(ev('{"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":7,"total_tokens":12}}'));
    expect(c).toMatchObject({ content: '', usage: { prompt_tokens: 5, completion_tokens: 7, total_tokens: 12 } });
  });

  it('the finish reason of the last content chunk', () => {
    expect(interpretChatEvent(ev('{"choices":[{"delta":{},"finish_reason":"stop"}]}'))).toMatchObject({ finishReason: 'stop' });
  });

  it('[DONE] ends the stream, with or without surrounding spaces', () => {
    expect(interpretChatEvent(ev('[DONE]'))).toBe('done');
    expect(interpretChatEvent(ev(' [DONE] '))).toBe('done');
  });

  it('an error event of the runtime shape {"type":"error","error":{"message"}}', () => {
    expect(() => interpretChatEvent(ev('{"type":"error","error":{"message":"upstream exploded"}}', 'error'))).toThrow('the model failed mid-answer: upstream exploded');
  });

  it('an error event of the flat shape {"type","message"}', () => {
    expect(() => interpretChatEvent(ev('{"type":"internal_error","message":"rate limited upstream"}', 'error'))).toThrow('the model failed mid-answer: rate limited upstream');
  });

  it('an error event with plain text keeps its first line', () => {
    expect(() => interpretChatEvent(ev('boom\nstack trace', 'error'))).toThrow(/mid-answer: boom$/);
  });

  it('an OpenAI-style error object in a data event (no event name) is an error too', () => {
    expect(() => interpretChatEvent(ev('{"error":{"message":"quota exceeded","type":"insufficient_quota"}}'))).toThrow(/quota exceeded/);
    expect(() => interpretChatEvent(ev('{"type":"error","error":{"message":"nested"}}'))).toThrow(/nested/);
  });

  it('data that is not JSON is a bad response naming it', () => {
    const e = (() => {
      try {
        interpretChatEvent(ev('not json at all'));
      } catch (err) {
        return err as ApiError;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(ApiError);
    expect(e?.message).toBe('the runtime sent a chat chunk that is not JSON: not json at all');
  });

  it('errorMessage reads every documented shape', () => {
    expect(errorMessage('{"error":{"message":"a"}}')).toBe('a');
    expect(errorMessage('{"message":"b"}')).toBe('b');
    expect(errorMessage('{"error":"c"}')).toBe('c');
    expect(errorMessage('  d  ')).toBe('d');
    expect(errorMessage('')).toBe('unknown error');
  });
});
