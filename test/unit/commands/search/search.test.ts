import { describe, expect, it } from 'vitest';
import { parse, run, type SearchOptions } from '../../../../src/commands/search/search.js';
import { ExitCode, UsageError } from '../../../../src/errors.js';
import { failure } from '../../../helpers/context.js';
import { jsonReply, KEY, runtimeContext } from '../chat/fixtures.js';

const RT = { app: undefined, endpoint: undefined, flightEndpoint: undefined, key: undefined };
const opts = (request: SearchOptions['request']): SearchOptions => ({ runtime: RT, request });

const G3 = {
  results: [
    { matches: { body: ['Refunds are issued within 14 days of a return.\nSee policy.'] }, data: { title: 'Refunds' }, primary_key: { id: 42 }, _score: 0.91234, dataset: 'docs' },
    { matches: { text: ['Returns policy for EU customers'] }, primary_key: { region: 'eu', id: 7 }, _score: 0.5, dataset: 'faq' },
  ],
  duration_ms: 12,
};

function expectSearch(t: Awaited<ReturnType<typeof runtimeContext>>, reply: unknown, o: { status?: number; headers?: Record<string, string> } = {}): { body?: unknown } {
  const sent: { body?: unknown } = {};
  t.rt
    .intercept({
      path: '/v1/search',
      method: 'POST',
      headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
      body: (b: string) => {
        sent.body = JSON.parse(b);
        return true;
      },
    })
    .reply(o.status ?? 200, typeof reply === 'string' ? reply : JSON.stringify(reply), { headers: { ...jsonReply.headers, ...o.headers } });
  return sent;
}

describe('search parse', () => {
  it('joins the words and takes every request field', () => {
    const o = parse({
      args: [['refund', 'policy']],
      opts: { dataset: ['docs', 'faq'], limit: '10', where: " lang = 'en' ", column: ['title'], keyword: ['refund'] },
      env: {},
    });
    expect(o.request).toEqual({ text: 'refund policy', datasets: ['docs', 'faq'], limit: 10, where: "lang = 'en'", additional_columns: ['title'], keywords: ['refund'] });
  });

  it('leaves unset fields out (the runtime has its own defaults)', () => {
    expect(parse({ args: [['x']], opts: {}, env: {} }).request).toEqual({ text: 'x' });
  });

  it.each([
    [{ limit: '0' }, /--limit/],
    [{ limit: 'ten' }, /--limit/],
    [{ where: '  ' }, /--where/],
    [{ dataset: [''] }, /--dataset/],
  ])('refuses %j before sending anything', (o, re) => {
    expect(() => parse({ args: [['x']], opts: o, env: {} })).toThrow(re);
  });

  it('refuses empty text', () => {
    expect(() => parse({ args: [['  ']], opts: {}, env: {} })).toThrow(UsageError);
  });
});

describe('search run', () => {
  it('piped: rank, score, dataset, key and the whole matched text, tab-separated; the count on stderr', async () => {
    const t = await runtimeContext();
    const sent = expectSearch(t, G3, { headers: { 'search-results-cache-status': 'HIT' } });
    await run(opts({ text: 'refund policy', datasets: ['docs'], limit: 2, where: 'id > 1', additional_columns: ['title'], keywords: ['refund'] }), t.ctx);
    expect(sent.body).toEqual({ text: 'refund policy', datasets: ['docs'], limit: 2, where: 'id > 1', additional_columns: ['title'], keywords: ['refund'] });
    expect(t.io.out()).toBe('1\t0.91234\tdocs\t42\tRefunds are issued within 14 days of a return. See policy.\n2\t0.5\tfaq\tregion=eu,id=7\tReturns policy for EU customers\n');
    expect(t.io.err()).toBe('2 results in 12 ms (cached)\n');
    t.done();
  });

  it('on a terminal: a table whose match column is cut to the width', async () => {
    const t = await runtimeContext({ tty: true });
    (t.io as { width?: number }).width = 60;
    expectSearch(t, G3);
    await run(opts({ text: 'refund' }), t.ctx);
    const lines = t.io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^RANK\s+SCORE\s+DATASET\s+KEY\s+MATCH$/);
    expect(lines[1]).toMatch(/^1\s+0\.9123\s+docs\s+42\s+Refunds are issued.*…$/);
    for (const l of lines) expect([...l].length).toBeLessThanOrEqual(60);
    t.done();
  });

  it('--json prints the normalised results, whatever the generation (here G1)', async () => {
    const t = await runtimeContext({ globals: { json: true } });
    expectSearch(t, { matches: [{ value: 'old style', score: 0.7, dataset: 'docs', primary_key: { id: 1 }, metadata: {} }], duration_ms: 3 });
    await run(opts({ text: 'x' }), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual([{ rank: 1, score: 0.7, dataset: 'docs', primary_key: { id: 1 }, matches: { value: ['old style'] }, data: {}, metadata: {} }]);
    expect(t.io.err()).toBe('');
    t.done();
  });

  it('a 64-bit primary key stays exact in --json and TSV', async () => {
    const t = await runtimeContext({ globals: { json: true } });
    expectSearch(t, '{"results":[{"matches":{"body":["x"]},"primary_key":{"id":9223372036854775807},"_score":0.5,"dataset":"d"}]}');
    await run(opts({ text: 'x' }), t.ctx);
    expect(t.io.out()).toContain('"primary_key":{"id":"9223372036854775807"}');
    const u = await runtimeContext();
    expectSearch(u, '{"results":[{"matches":{"body":["x"]},"primary_key":{"id":9223372036854775807},"_score":0.5,"dataset":"d"}]}');
    await run(opts({ text: 'x' }), u.ctx);
    expect(u.io.out()).toBe('1\t0.5\td\t9223372036854775807\tx\n');
  });

  it('a body that is not JSON is exit 1 naming it', async () => {
    const t = await runtimeContext();
    expectSearch(t, '{"results": [', {});
    const e = await failure(run(opts({ text: 'x' }), t.ctx));
    expect(e.exitCode).toBe(ExitCode.error);
    expect(e.message).toBe('search failed: the runtime answered with malformed JSON');
  });

  it('no results on a terminal says so', async () => {
    const t = await runtimeContext({ tty: true });
    expectSearch(t, { results: [], duration_ms: 1 });
    await run(opts({ text: 'nothing' }), t.ctx);
    expect(t.io.out()).toBe('');
    expect(t.io.err()).toBe('No results for "nothing".\n0 results in 1 ms\n');
  });

  it('a 400 from the runtime (bad --where) is exit 2 with its message', async () => {
    const t = await runtimeContext();
    expectSearch(t, 'Invalid where clause: trailing tokens', { status: 400, headers: { 'content-type': 'text/plain' } });
    const e = await failure(run(opts({ text: 'x', where: 'a b c' }), t.ctx));
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.message).toMatch(/Invalid where clause: trailing tokens/);
  });
});

