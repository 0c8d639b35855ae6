/** /v1/search (BM25, G3 shape), /v1/chat/completions (emulated model, SSE) and /v1/nsql (question forms). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { bm25, tokenize } from '../../../src/emulator/runtime/search.js';
import { deployedApp, jsonCall, rt, startWithRuntime, SPICEPOD, type DeployedApp } from './helpers.js';

let emu: RunningEmulator;
let app: DeployedApp;
beforeAll(async () => {
  emu = await startWithRuntime();
  app = await deployedApp(emu, 'text-app');
});
afterAll(() => emu.close());

const search = (body: unknown) => jsonCall(emu, app.key, '/v1/search', body);
const chat = (body: unknown) => jsonCall(emu, app.key, '/v1/chat/completions', body);
const nsql = (body: unknown, accept?: string) =>
  rt(emu, 'POST', '/v1/nsql', { key: app.key, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...(accept ? { accept } : {}) } });

/** SSE frames: [{event?, data}] and comment count. */
function frames(text: string): Array<{ event?: string; data: string }> {
  return text
    .split('\n\n')
    .filter((f) => f.trim() !== '' && !f.startsWith(':'))
    .map((f) => {
      const lines = f.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
      return event ? { event, data } : { data };
    });
}

describe('BM25', () => {
  it('ranks documents with more and rarer query terms higher', () => {
    const docs = ['the kettle boils water', 'water water everywhere', 'toaster for bread'].map(tokenize);
    const [a, b, c] = bm25(tokenize('kettle water'), docs);
    expect(a).toBeGreaterThan(b as number);
    expect(c).toBe(0);
  });
});

describe('/v1/search', () => {
  it('answers the G3 shape: results with matches arrays, primary_key, _score, dataset, duration_ms', async () => {
    const r = await search({ text: 'bread' });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text);
    expect(body.results).toHaveLength(2);
    expect(body.results[0]).toEqual({
      matches: { body: [expect.stringMatching(/bread/i)] },
      primary_key: { id: expect.any(Number) },
      _score: expect.any(Number),
      dataset: 'reviews',
    });
    expect(body.results[0]).not.toHaveProperty('data');
    expect(typeof body.duration_ms).toBe('number');
  });

  it('ranks by BM25 and cuts the merged list to limit (default 3)', async () => {
    const all = JSON.parse((await search({ text: 'water motor bread kettle', limit: 10 })).text).results as Array<{ _score: number; primary_key: { id: number } }>;
    expect(all.length).toBeGreaterThan(3);
    expect([...all].sort((x, y) => y._score - x._score)).toEqual(all);
    expect(JSON.parse((await search({ text: 'water motor bread kettle' })).text).results).toEqual(all.slice(0, 3));
    const top = JSON.parse((await search({ text: 'kettle boils water fast', limit: 1 })).text).results;
    expect(top[0].primary_key).toEqual({ id: 1 });
  });

  it('applies where, additional_columns and keywords', async () => {
    const r = JSON.parse((await search({ text: 'water', where: 'WHERE rating >= 3', additional_columns: ['product', 'rating'] })).text).results;
    // "water" appears in reviews 1 (rating 5) and 6 (rating 3); the shorter text ranks first.
    expect(r.map((x: { primary_key: { id: number }; data: unknown }) => [x.primary_key.id, x.data]).sort()).toEqual([
      [1, { product: 'kettle', rating: 5 }],
      [6, { product: 'blender', rating: 3 }],
    ]);
    expect(JSON.parse((await search({ text: 'water', where: 'rating < 4' })).text).results.map((x: { primary_key: { id: number } }) => x.primary_key.id)).toEqual([6]);
    expect(r.every((x: { data: { rating: number } }) => x.data.rating >= 3)).toBe(true);
    const kw = JSON.parse((await search({ text: 'water bread', keywords: ['leaks'] })).text).results;
    expect(kw.map((x: { primary_key: { id: number } }) => x.primary_key.id)).toEqual([6]);
  });

  it('refuses what the runtime refuses with 400 plain text, and bad bodies as axum does', async () => {
    expect(await search({ text: 'x', datasets: [] }).then((r) => [r.status, r.text])).toEqual([400, 'No data sources provided']);
    expect(await search({ text: 'x', limit: 0 }).then((r) => [r.status, r.text])).toEqual([400, 'Limit must be greater than 0']);
    expect((await search({ text: 'x', datasets: ['lake'] })).status).toBe(400);
    expect((await search({ text: 'x', datasets: ['reviews_fast'] })).text).toMatch(/cannot be searched/);
    expect((await search({ text: 'x', where: 'rating > 1; DROP TABLE reviews' })).status).toBe(400);
    expect((await search({ text: 'x', additional_columns: ['nope'] })).text).toMatch(/nope/);
    expect((await rt(emu, 'POST', '/v1/search', { key: app.key, body: '{"text":"x"}', headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await rt(emu, 'POST', '/v1/search', { key: app.key, body: '{"text":', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect((await search({ limit: 2 })).status).toBe(422);
    expect((await search({ text: 5 })).status).toBe(422);
  });
});

describe('/v1/chat/completions', () => {
  it('answers a non-streaming chat.completion, running SQL given in backticks', async () => {
    const r = await chat({ model: 'assistant', messages: [{ role: 'user', content: 'Please run `SELECT count(*) AS n FROM reviews`' }] });
    expect(r.status).toBe(200);
    const body = JSON.parse(r.text);
    expect(body).toMatchObject({ object: 'chat.completion', model: 'assistant', choices: [{ index: 0, message: { role: 'assistant' }, finish_reason: 'stop' }] });
    expect(body.choices[0].message.content).toContain('| n |');
    expect(body.choices[0].message.content).toContain('| 6 |');
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
  });

  it('is deterministic and knows the datasets', async () => {
    const ask = () => chat({ model: 'assistant', messages: [{ role: 'user', content: 'What datasets are there?' }] }).then((r) => JSON.parse(r.text));
    const [a, b] = [await ask(), await ask()];
    expect(a.choices[0].message.content).toBe(b.choices[0].message.content);
    expect(a.id).toBe(b.id);
    expect(a.choices[0].message.content).toMatch(/reviews \(file:reviews\.csv\): Ready/);
  });

  it('streams token by token over SSE with a usage chunk and no [DONE] by default', async () => {
    const r = await chat({ model: 'assistant', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hello' }] });
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    const f = frames(r.text).map((x) => JSON.parse(x.data));
    expect(f[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const content = f.flatMap((c) => c.choices.map((ch: { delta: { content?: string } }) => ch.delta.content ?? '')).join('');
    expect(content).toMatch(/^I am assistant, an emulated model/);
    expect(f.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
    const stop = f.findIndex((c) => c.choices[0]?.finish_reason === 'stop');
    expect(stop).toBe(f.length - 2);
    expect(f[f.length - 1]).toMatchObject({ choices: [], usage: { completion_tokens: f.length - 2 - 1 } });
    expect(r.text).not.toContain('[DONE]');
  });

  it('ends with data: [DONE] when the model says sse_done, and sends keep-alive comments', async () => {
    const pod = { ...SPICEPOD, models: [{ from: 'openai:gpt-4o', name: 'slow', params: { sse_done: true, token_delay_ms: 30 } }] };
    const other = await startWithRuntime({}, { keepAliveMs: 10 });
    try {
      const a = await deployedApp(other, 'done-app', pod);
      const r = await jsonCall(other, a.key, '/v1/chat/completions', { model: 'slow', stream: true, messages: [{ role: 'user', content: 'hi' }] });
      expect(r.text.trimEnd().endsWith('data: [DONE]')).toBe(true);
      expect(r.text).toMatch(/^:\n\n/m);
    } finally {
      await other.close();
    }
  });

  it('fails mid-stream with event: error, and 404 for an unknown model', async () => {
    const r = await chat({ model: 'assistant', stream: true, messages: [{ role: 'user', content: 'please #error' }] });
    const f = frames(r.text);
    expect(f[f.length - 1]).toEqual({ event: 'error', data: '{"type":"error","error":{"message":"Emulated model failure (#error in the message)"}}' });
    const nf = await chat({ model: 'gpt-9', messages: [{ role: 'user', content: 'hi' }] });
    expect([nf.status, nf.text]).toEqual([404, "model 'gpt-9' not found"]);
    expect((await chat({ model: 'assistant' })).status).toBe(422);
  });
});

describe('/v1/nsql', () => {
  it('answers row counts, first rows and distinct values with the generated SQL', async () => {
    const count = JSON.parse((await nsql({ query: 'How many rows are in reviews?' }, 'application/vnd.spiceai.nsql.v1+json')).text);
    expect(count).toMatchObject({ row_count: 1, data: [{ count: 6 }], sql: 'SELECT COUNT(*) AS count FROM reviews' });
    expect(JSON.parse((await nsql({ query: 'show me the first 2 rows of reviews' })).text)).toHaveLength(2);
    expect(JSON.parse((await nsql({ query: 'What are the distinct values of product in reviews?' })).text)).toEqual([{ product: 'blender' }, { product: 'kettle' }, { product: 'toaster' }]);
  });

  it('answers only the SQL for Accept: application/sql', async () => {
    const r = await nsql({ query: 'first 5 rows of reviews' }, 'application/sql');
    expect([r.headers.get('content-type'), r.text]).toEqual(['application/sql', 'SELECT * FROM reviews LIMIT 5']);
  });

  it('streams one SSE data event with stream: true', async () => {
    const r = await nsql({ query: 'how many rows in reviews', stream: true });
    expect(frames(r.text)).toEqual([{ data: '[{"count":6}]' }]);
  });

  it("answers the runtime's error for a question it cannot turn into SQL, and 400 for an unknown model", async () => {
    expect(await nsql({ query: 'what is the meaning of life?' }).then((r) => [r.status, r.text])).toEqual([500, 'No query produced from NSQL model']);
    expect(await nsql({ query: 'how many rows in reviews', model: 'nope' }).then((r) => [r.status, r.text])).toEqual([400, 'Model nope not found']);
  });
});
