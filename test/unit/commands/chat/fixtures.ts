import type { TestContext, TestContextOptions } from '../../../helpers/context.js';
import { testContext } from '../../../helpers/context.js';

export const RUNTIME = 'https://runtime.test';
export const KEY = 'sk-runtime-canary-5f3e2d1c0b9a8776';

/** A context that talks to RUNTIME with KEY from the environment: no Management API call. */
export async function runtimeContext(o: TestContextOptions = {}): Promise<TestContext & { rt: ReturnType<TestContext['mock']['get']> }> {
  const t = await testContext({ ...o, env: { SPICE_RUNTIME_URL: RUNTIME, SPICE_APP_API_KEY: KEY, ...o.env } });
  return { ...t, rt: t.mock.get(RUNTIME) };
}

export const MODELS = (...models: Array<[string, string | null]>) => ({
  object: 'list',
  data: models.map(([id, status]) => ({ id, object: 'model', owned_by: `openai:${id}`, datasets: null, status })),
});

export const jsonReply = { headers: { 'content-type': 'application/json' } };
export const sseReply = { headers: { 'content-type': 'text/event-stream' } };

/** An SSE body of chat chunks with the given pieces of text, a usage chunk, and optionally [DONE]. */
export function sseAnswer(pieces: string[], o: { done?: boolean; usage?: object | null; model?: string } = {}): string {
  const chunk = (delta: object, extra: object = {}) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: o.model ?? 'assistant', choices: [{ index: 0, delta, finish_reason: null }], ...extra })}\n\n`;
  let s = chunk({ role: 'assistant' });
  for (const p of pieces) s += chunk({ content: p });
  s += `: keep-alive\n\n`;
  const usage = o.usage === undefined ? { prompt_tokens: 8, completion_tokens: pieces.length, total_tokens: 8 + pieces.length } : o.usage;
  if (usage) s += `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', model: 'assistant', choices: [], usage })}\n\n`;
  if (o.done ?? true) s += 'data: [DONE]\n\n';
  return s;
}

/** Intercepts `GET /v1/models?status=true&format=json`. */
export function expectModels(t: { rt: ReturnType<TestContext['mock']['get']> }, body: object): void {
  t.rt.intercept({ path: '/v1/models?status=true&format=json', method: 'GET', headers: { 'x-api-key': KEY } }).reply(200, body, jsonReply);
}

/** Intercepts one chat request, recording its body. */
export function expectChat(t: { rt: ReturnType<TestContext['mock']['get']> }, reply: string, o: { status?: number; headers?: Record<string, string> } = {}): { body?: Record<string, unknown>; headers?: Record<string, string> } {
  const sent: { body?: Record<string, unknown>; headers?: Record<string, string> } = {};
  t.rt
    .intercept({
      path: '/v1/chat/completions',
      method: 'POST',
      headers: (h: Record<string, string>) => {
        sent.headers = h;
        return h['x-api-key'] === KEY && h['content-type'] === 'application/json';
      },
      body: (b: string) => {
        sent.body = JSON.parse(b) as Record<string, unknown>;
        return true;
      },
    })
    .reply(o.status ?? 200, reply, { headers: o.headers ?? sseReply.headers });
  return sent;
}
