import { describe, expect, it } from 'vitest';
import { parse, run, type NsqlOptions } from '../../../../src/commands/nsql/nsql.js';
import { ExitCode } from '../../../../src/errors.js';
import { parseSqlBody } from '../../../../src/runtime/shapes.js';
import { failure } from '../../../helpers/context.js';
import { jsonReply, KEY, runtimeContext } from '../chat/fixtures.js';

const RT = { app: undefined, endpoint: undefined, flightEndpoint: undefined, key: undefined };
const opts = (request: NsqlOptions['request']): NsqlOptions => ({ runtime: RT, request });

const VND = {
  row_count: 2,
  schema: { fields: [{ name: 'region', data_type: 'Utf8', nullable: false }, { name: 'late', data_type: 'Int64', nullable: false }], metadata: {} },
  data: [
    { late: 3, region: 'eu' },
    { late: 1, region: 'us' },
  ],
  sql: 'SELECT region, count(*) AS late FROM orders WHERE shipped > due GROUP BY region',
};

function expectNsql(t: Awaited<ReturnType<typeof runtimeContext>>, reply: unknown, status = 200): { body?: unknown; accept?: string } {
  const sent: { body?: unknown; accept?: string } = {};
  t.rt
    .intercept({
      path: '/v1/nsql',
      method: 'POST',
      headers: (h: Record<string, string>) => {
        sent.accept = h.accept;
        return h['x-api-key'] === KEY;
      },
      body: (b: string) => {
        sent.body = JSON.parse(b);
        return true;
      },
    })
    .reply(status, typeof reply === 'string' ? reply : JSON.stringify(reply), status === 200 ? jsonReply : { headers: { 'content-type': 'text/plain' } });
  return sent;
}

describe('nsql parse', () => {
  it('joins the question and takes --model, --dataset and --sample-data', () => {
    expect(parse({ args: [['late', 'orders?']], opts: { model: 'sqlgen', dataset: ['orders'], sampleData: true }, env: {} }).request).toEqual({
      query: 'late orders?',
      model: 'sqlgen',
      datasets: ['orders'],
      sample_data_enabled: true,
    });
  });

  it('refuses an empty question', () => {
    expect(() => parse({ args: [[]], opts: {}, env: {} })).toThrow(/no question/);
  });
});

describe('nsql run', () => {
  it('prints the generated SQL on stderr and the rows in schema order on stdout', async () => {
    const t = await runtimeContext();
    const sent = expectNsql(t, VND);
    await run(opts({ query: 'late orders by region' }), t.ctx);
    expect(sent.body).toEqual({ query: 'late orders by region' });
    expect(sent.accept).toMatch(/^application\/vnd\.spiceai\.nsql\.v1\+json/);
    expect(t.io.out()).toBe('eu\t3\nus\t1\n');
    expect(t.io.err()).toMatch(/^SELECT region, count\(\*\) AS late FROM orders WHERE shipped > due GROUP BY region\n2 rows in \d+ ms\n$/);
    t.done();
  });

  it('--json prints the rows as an array of objects', async () => {
    const t = await runtimeContext({ globals: { json: true } });
    expectNsql(t, VND);
    await run(opts({ query: 'q', model: 'sqlgen', datasets: ['orders'], sample_data_enabled: true }), t.ctx);
    expect(JSON.parse(t.io.out())).toEqual(VND.data);
  });

  it('a 64-bit count stays exact in --json (a string, never rounded)', async () => {
    const t = await runtimeContext({ globals: { json: true } });
    expectNsql(t, '{"row_count":1,"schema":{"fields":[{"name":"n","data_type":"Int64"}]},"data":[{"n":9007199254740993}],"sql":"SELECT count(*) AS n FROM big"}');
    await run(opts({ query: 'how many?' }), t.ctx);
    expect(t.io.out()).toContain('9007199254740993');
    expect(t.io.err()).toMatch(/^SELECT count\(\*\) AS n FROM big\n/);
  });

  it('a 400 (the model could not produce working SQL) is exit 2 with the message', async () => {
    const t = await runtimeContext();
    expectNsql(t, 'Model sqlgen not found', 400);
    const e = await failure(run(opts({ query: 'q', model: 'sqlgen' }), t.ctx));
    expect(e.exitCode).toBe(ExitCode.usage);
    expect(e.message).toMatch(/Model sqlgen not found/);
  });
});

describe('nsql answers through the shared SQL shapes', () => {
  it('the vnd.nsql answer carries the SQL; columns keep the schema order', () => {
    const r = parseSqlBody(JSON.stringify(VND));
    expect(r.sql).toBe(VND.sql);
    expect(r.columns.map((c) => c.name)).toEqual(['region', 'late']);
    expect(r.rows).toEqual([
      ['eu', 3],
      ['us', 1],
    ]);
  });

  it('a plain rows array (application/json runtimes) has no SQL', () => {
    expect(parseSqlBody('[{"a":1},{"b":2,"a":3}]').sql).toBeUndefined();
  });
});
