import { describe, expect, it } from 'vitest';
import { parse, run, type ChatOptions } from '../../../../src/commands/chat/chat.js';
import { statsLine, tokensPerSecond } from '../../../../src/commands/chat/answer.js';
import { ExitCode, UsageError } from '../../../../src/errors.js';
import { failure } from '../../../helpers/context.js';
import { expectChat, expectModels, jsonReply, KEY, MODELS, runtimeContext, sseAnswer } from './fixtures.js';

const opts = (o: Partial<ChatOptions> = {}): ChatOptions => ({
  runtime: { app: undefined, endpoint: undefined, flightEndpoint: undefined, key: undefined },
  message: 'hello',
  model: undefined,
  system: undefined,
  temperature: undefined,
  stallMs: 5_000,
  ...o,
});

describe('chat parse', () => {
  it('joins the message words, reads --model, --system, --temperature and --stall-timeout', () => {
    const o = parse({ args: [['how', 'are', 'you']], opts: { model: 'assistant', system: 'Be brief.', temperature: '0.2', stallTimeout: '30s' }, env: {} });
    expect(o).toMatchObject({ message: 'how are you', model: 'assistant', system: 'Be brief.', temperature: 0.2, stallMs: 30_000 });
  });

  it('no message words means none (stdin or the conversation)', () => {
    expect(parse({ args: [[]], opts: {}, env: {} }).message).toBeUndefined();
  });

  it.each([['-1'], ['2.5'], ['hot'], ['']])('refuses --temperature %j before sending anything', (t) => {
    expect(() => parse({ args: [['x']], opts: { temperature: t }, env: {} })).toThrow(UsageError);
  });

  it('refuses an empty --model and a bad --stall-timeout', () => {
    expect(() => parse({ args: [['x']], opts: { model: ' ' }, env: {} })).toThrow(/--model/);
    expect(() => parse({ args: [['x']], opts: { stallTimeout: 'soon' }, env: {} })).toThrow(/--stall-timeout/);
  });
});

describe('chat run: one answer', () => {
  it('streams the answer to stdout, sends a streaming request with usage, and prints the timing on stderr', async () => {
    const t = await runtimeContext();
    expectModels(t, MODELS(['assistant', 'Ready']));
    const sent = expectChat(t, sseAnswer(['Hel', 'lo ', 'there']));
    await run(opts({ system: 'Be brief.', temperature: 0.3 }), t.ctx);
    expect(t.io.out()).toBe('Hello there\n');
    expect(sent.body).toEqual({
      model: 'assistant',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'hello' },
      ],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.3,
    });
    expect(sent.headers?.accept).toBe('text/event-stream');
    expect(t.io.err()).toMatch(/^Time: \d+\.\d\d s \(first token \d+\.\d\d s\)\. Tokens: 11 \(prompt 8, completion 3\)/);
    t.done();
  });

  it('an answer that ends without [DONE] is complete at the end of the stream', async () => {
    const t = await runtimeContext();
    expectModels(t, MODELS(['assistant', 'Ready']));
    expectChat(t, sseAnswer(['no ', 'done marker'], { done: false }));
    await run(opts(), t.ctx);
    expect(t.io.out()).toBe('no done marker\n');
    t.done();
  });

  it('keeps newlines and escapes other control characters of the answer', async () => {
    const t = await runtimeContext();
    expectModels(t, MODELS(['assistant', 'Ready']));
    expectChat(t, sseAnswer(['line one\n', 'evil\u001b]0;title\u0007 ', 'end\n']));
    await run(opts(), t.ctx);
    expect(t.io.out()).toBe('line one\nevil\\x1b]0;title\\x07 end\n');
    t.done();
  });

  it('combines the argument and piped stdin (argument first)', async () => {
    const t = await runtimeContext({ stdin: 'diff --git a/x b/x\n+added\n\n' });
    expectModels(t, MODELS(['assistant', 'Ready']));
    const sent = expectChat(t, sseAnswer(['ok']));
    await run(opts({ message: 'Write a commit message' }), t.ctx);
    expect((sent.body?.messages as Array<{ content: string }>)[0]!.content).toBe('Write a commit message\n\ndiff --git a/x b/x\n+added');
    t.done();
  });

  it('takes the message from stdin alone', async () => {
    const t = await runtimeContext({ stdin: 'from stdin\n' });
    expectModels(t, MODELS(['assistant', 'Ready']));
    const sent = expectChat(t, sseAnswer(['ok']));
    await run(opts({ message: undefined }), t.ctx);
    expect(sent.body?.messages).toEqual([{ role: 'user', content: 'from stdin' }]);
    t.done();
  });

  it('no message and no terminal: exit 9 naming the ways to give one, nothing sent', async () => {
    const t = await runtimeContext({ stdin: '' });
    const e = await failure(run(opts({ message: undefined }), t.ctx));
    expect(e.exitCode).toBe(ExitCode.inputRequired);
    expect(e.message).toMatch(/no message to send/);
    expect(e.hint).toMatch(/argument, or pipe it on stdin/);
  });

  it('--json prints one object with model, content, usage and timings, and nothing else on stdout', async () => {
    const t = await runtimeContext({ globals: { json: true } });
    expectModels(t, MODELS(['assistant', 'Ready']));
    expectChat(t, sseAnswer(['4', '2']));
    await run(opts(), t.ctx);
    const out = JSON.parse(t.io.out()) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['model', 'content', 'usage', 'first_token_ms', 'duration_ms']);
    expect(out).toMatchObject({ model: 'assistant', content: '42', usage: { prompt_tokens: 8, completion_tokens: 2, total_tokens: 10 } });
    expect(typeof out.first_token_ms).toBe('number');
    expect(t.io.err()).toBe('');
    t.done();
  });

  it('--format ndjson prints every chunk as one JSON line', async () => {
    const t = await runtimeContext({ globals: { format: 'ndjson', json: true } });
    expectModels(t, MODELS(['assistant', 'Ready']));
    expectChat(t, sseAnswer(['a', 'b']));
    await run(opts(), t.ctx);
    const lines = t.io.out().trimEnd().split('\n').map((l) => JSON.parse(l) as { choices: Array<{ delta: { content?: string } }>; usage?: unknown });
    expect(lines).toHaveLength(4); // role, a, b, usage
    expect(lines.map((l) => l.choices[0]?.delta.content ?? null)).toEqual([null, 'a', 'b', null]);
    expect(lines[3]!.usage).toEqual({ prompt_tokens: 8, completion_tokens: 2, total_tokens: 10 });
    t.done();
  });

  it('a server that ignores stream and answers one JSON completion still works', async () => {
    const t = await runtimeContext();
    expectModels(t, MODELS(['assistant', 'Ready']));
    expectChat(t, JSON.stringify({ object: 'chat.completion', model: 'assistant', choices: [{ index: 0, message: { role: 'assistant', content: 'whole' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }), jsonReply);
    await run(opts(), t.ctx);
    expect(t.io.out()).toBe('whole\n');
    t.done();
  });
});

describe('chat run: errors', () => {
  it('an error event mid-answer: what arrived stays (its line ended), then exit 1 with the message', async () => {
    const t = await runtimeContext();
    expectModels(t, MODELS(['assistant', 'Ready']));
    const body = `${sseAnswer(['partial'], { done: false, usage: null })}event: error\ndata: {"type":"error","error":{"message":"provider overloaded"}}\n\n`;
    expectChat(t, body);
    const e = await failure(run(opts(), t.ctx));
    expect(e.exitCode).toBe(ExitCode.error);
    expect(e.message).toBe('the model failed mid-answer: provider overloaded');
    expect(t.io.out()).toBe('partial\n');
    t.done();
  });

  it('an error event of the flat {type, message} shape', async () => {
    const t = await runtimeContext();
    expectModels(t, MODELS(['assistant', 'Ready']));
    expectChat(t, 'event: error\ndata: {"type":"server_error","message":"no capacity"}\n\n');
    expect((await failure(run(opts(), t.ctx))).message).toBe('the model failed mid-answer: no capacity');
    expect(t.io.out()).toBe('');
  });

  it('--model that the runtime does not serve: exit 3 naming the models it has (the listing runs beside the question)', async () => {
    const t = await runtimeContext();
    expectModels(t, MODELS(['assistant', 'Ready'], ['summariser', 'Error']));
    expectChat(t, "model 'gpt-9' not found", { status: 404, headers: { 'content-type': 'text/plain' } });
    const e = await failure(run(opts({ model: 'gpt-9' }), t.ctx));
    expect(e.exitCode).toBe(ExitCode.notFound);
    expect(e.message).toBe('model "gpt-9" not found; the runtime serves: assistant, summariser');
    t.done();
  });

  it('the chat route answering 404 for the model: exit 3 naming the others', async () => {
    const t = await runtimeContext();
    expectModels(t, MODELS(['assistant', 'Ready'], ['other', 'Ready']));
    expectChat(t, "model 'assistant' not found", { status: 404, headers: { 'content-type': 'text/plain' } });
    const e = await failure(run(opts({ model: 'assistant' }), t.ctx));
    expect(e.exitCode).toBe(ExitCode.notFound);
    expect(e.message).toBe('model "assistant" not found; the runtime serves: other');
    t.done();
  });

  it('several Ready models and no terminal: exit 9 naming --model', async () => {
    const t = await runtimeContext();
    expectModels(t, MODELS(['assistant', 'Ready'], ['coder', 'Ready'], ['broken', 'Error']));
    const e = await failure(run(opts(), t.ctx));
    expect(e.exitCode).toBe(ExitCode.inputRequired);
    expect(e.message).toMatch(/several models are ready \(assistant, coder\)/);
    expect(e.hint).toBe('Pass --model <name>.');
    t.done();
  });

  it('several Ready models, stdout a terminal but stdin piped: no picker, exit 9', async () => {
    const t = await runtimeContext({ tty: true, stdinTTY: false });
    expectModels(t, MODELS(['assistant', 'Ready'], ['coder', 'Ready']));
    const e = await failure(run(opts(), t.ctx));
    expect(e.exitCode).toBe(ExitCode.inputRequired);
  });

  it('several Ready models with stdin and stdout on a terminal: the picker answers', async () => {
    const t = await runtimeContext({ tty: true, prompts: ['coder'] });
    expectModels(t, MODELS(['assistant', 'Ready'], ['coder', 'Ready']));
    const sent = expectChat(t, sseAnswer(['hi']));
    await run(opts(), t.ctx);
    expect(t.prompter.asked).toEqual(['Model']);
    expect(sent.body?.model).toBe('coder');
    t.done();
  });

  it('no model at all: exit 3; none Ready: exit 1 listing their states', async () => {
    const t = await runtimeContext();
    expectModels(t, MODELS());
    expect((await failure(run(opts(), t.ctx))).message).toBe('the runtime serves no models');
    const u = await runtimeContext();
    expectModels(u, MODELS(['assistant', 'Error'], ['coder', 'Initializing']));
    const e = await failure(run(opts(), u.ctx));
    expect(e.exitCode).toBe(ExitCode.error);
    expect(e.message).toBe('no model is ready: assistant (Error), coder (Initializing)');
  });

  it('a named model that is not Ready is asked anyway, with a warning', async () => {
    const t = await runtimeContext();
    expectModels(t, MODELS(['assistant', 'Refreshing']));
    expectChat(t, sseAnswer(['ok']));
    await run(opts({ model: 'assistant' }), t.ctx);
    expect(t.io.err()).toMatch(/^warning: model "assistant" is Refreshing, not Ready; asking it anyway$/m);
    t.done();
  });

  it('the API key is sent as X-API-Key and appears nowhere in the output, even with --verbose', async () => {
    const t = await runtimeContext({ globals: { verbose: true } });
    expectModels(t, MODELS(['assistant', 'Ready']));
    const sent = expectChat(t, sseAnswer([`echo ${KEY}`]));
    await run(opts(), t.ctx);
    expect(sent.headers?.['x-api-key']).toBe(KEY);
    expect(t.io.out() + t.io.err()).not.toContain(KEY);
    expect(t.io.err()).toMatch(/POST https:\/\/runtime\.test\/v1\/chat\/completions/);
    t.done();
  });
});

describe('chat run: a server that echoes the key', () => {
  it('a key split across two chunks is still redacted on stdout', async () => {
    const t = await runtimeContext();
    expectModels(t, MODELS(['assistant', 'Ready']));
    expectChat(t, sseAnswer([`your key is ${KEY.slice(0, 13)}`, `${KEY.slice(13)}, keep it safe`]));
    await run(opts(), t.ctx);
    expect(t.io.out()).toBe('your key is [REDACTED], keep it safe\n');
    t.done();
  });
});

describe('chat statistics', () => {
  const r = { model: 'm', content: 'x', usage: { prompt_tokens: 8, completion_tokens: 20, total_tokens: 28 }, first_token_ms: 500, duration_ms: 2500 };

  it('tokens per second counts from the first token', () => {
    expect(tokensPerSecond(r)).toBe(10);
    expect(statsLine(r)).toBe('Time: 2.50 s (first token 0.50 s). Tokens: 28 (prompt 8, completion 20), 10 tokens/s.');
  });

  it('without usage it says so, and without time it gives no rate', () => {
    expect(statsLine({ ...r, usage: null })).toBe('Time: 2.50 s (first token 0.50 s). Tokens: not reported by the runtime.');
    expect(tokensPerSecond({ ...r, first_token_ms: 0, duration_ms: 0 })).toBeUndefined();
  });
});
