import * as A from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { count } from '../../../../src/commands/sql/execute.js';
import { parse, run, type SqlOptions } from '../../../../src/commands/sql/query.js';
import type { FlightClient, FlightModule } from '../../../../src/runtime/connection.js';
import { failure, json, testContext, type TestContextOptions } from '../../../helpers/context.js';

const LOCAL = 'http://127.0.0.1:8090';
const CLOUD = 'https://us-west-2-prod-aws-data.spiceai.io';
const KEY = 'sql-test-key-0123456789abcdef';
const VND = 'application/vnd.spiceai.sql.v1+json';
const raw = (args: unknown[], opts: Record<string, unknown> = {}) => ({ args, opts, env: {} });
const runtime = { app: undefined, endpoint: undefined, flightEndpoint: undefined, key: undefined };
const opts = (o: Partial<SqlOptions> = {}): SqlOptions => ({ runtime, query: 'SELECT 1 AS x', file: undefined, http: true, params: undefined, noCache: false, ...o });

async function ctx(o: TestContextOptions & { base?: string } = {}) {
  const t = await testContext({ ...o, env: { SPICE_RUNTIME_URL: o.base ?? LOCAL, SPICE_APP_API_KEY: KEY, ...o.env } });
  return { ...t, rt: t.mock.get(o.base ?? LOCAL) };
}

describe('row counts in the footer', () => {
  it('group thousands with commas, as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 100_000, 1_000_000, 1_234_567_890]) expect(count(n)).toBe(n.toLocaleString('en-US'));
  });
});

describe('sql parse', () => {
  it('takes the query, --file, --http, --param and --no-cache', () => {
    expect(parse(raw(['SELECT 1'], { http: true, param: ['42'], cache: false }))).toMatchObject({ query: 'SELECT 1', http: true, params: [42], noCache: true });
    expect(parse(raw([], { file: 'q.sql' }))).toMatchObject({ query: undefined, file: 'q.sql', http: false });
  });

  it('refuses a query and a file together, and an empty query', () => {
    expect(() => parse(raw(['SELECT 1'], { file: 'q.sql' }))).toThrow(/not both/);
    expect(() => parse(raw(['  ']))).toThrow(/empty/);
  });
});

describe('sql over HTTP', () => {
  it('asks for the vnd shape, sends the SQL as text/plain, prints TSV piped and the footer on stderr', async () => {
    const t = await ctx();
    t.rt
      .intercept({ path: '/v1/sql', method: 'POST', body: 'SELECT 1 AS x', headers: { 'x-api-key': KEY, 'content-type': 'text/plain', accept: `${VND}, application/json;q=0.9` } })
      .reply(200, { row_count: 1, schema: { fields: [{ name: 'x', data_type: 'Int64' }] }, data: [{ x: 1 }] }, { headers: { 'content-type': VND, 'results-cache-status': 'HIT' } });
    await run(opts(), t.ctx);
    expect(t.io.out()).toBe('1\n');
    expect(t.io.err()).toBe('1 row in 0 ms (cached)\n');
    t.done();
  });

  it('prints --json as one array with big integers and decimals as exact strings', async () => {
    const t = await ctx({ globals: { json: true } });
    t.rt.intercept({ path: '/v1/sql', method: 'POST' }).reply(200, '[{"id":9223372036854775807,"price":39.90,"exact":12345678901234567890.12}]', { headers: { 'content-type': 'application/json' } });
    await run(opts(), t.ctx);
    expect(t.io.out()).toBe('[{"id":"9223372036854775807","price":39.9,"exact":"12345678901234567890.12"}]\n');
  });

  it('prints a table on a terminal with names and types', async () => {
    const t = await ctx({ tty: true });
    t.rt.intercept({ path: '/v1/sql', method: 'POST' }).reply(200, { row_count: 2, schema: { fields: [{ name: 'region', data_type: 'Utf8' }, { name: 'n', data_type: 'Int64' }] }, data: [{ n: 3, region: 'us-east-1' }, { region: 'us-west-2', n: null }] }, json);
    await run(opts(), t.ctx);
    expect(t.io.out()).toBe('region     n\nUtf8       Int64\nus-east-1  3\nus-west-2  NULL\n');
    expect(t.io.err()).toBe('2 rows in 0 ms\n');
  });

  it('a SQL error is exit 2 with the runtime\'s message on one line', async () => {
    const t = await ctx();
    t.rt.intercept({ path: '/v1/sql', method: 'POST' }).reply(400, 'Error during planning: table \'nope\' not found\n\nhint', { headers: { 'content-type': 'text/plain' } });
    const e = await failure(run(opts({ query: 'SELECT * FROM nope' }), t.ctx));
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe("query failed: Error during planning: table 'nope' not found hint");
  });

  it('sends parameters in the JSON envelope to a self-hosted runtime', async () => {
    const t = await ctx();
    t.rt.intercept({ path: '/v1/sql', method: 'POST', body: '{"sql":"SELECT $1 AS a, $2 AS b","parameters":[42,"x"]}', headers: { 'content-type': 'application/json' } }).reply(200, '[{"a":42,"b":"x"}]');
    await run(opts({ query: 'SELECT $1 AS a, $2 AS b', params: [42, 'x'] }), t.ctx);
    expect(t.io.out()).toBe('42\tx\n');
    t.done();
  });

  it('refuses parameters over HTTP to Spice Cloud before sending anything', async () => {
    const t = await ctx({ base: CLOUD });
    const e = await failure(run(opts({ params: { id: 1 } }), t.ctx));
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/Spice Cloud does not take query parameters over HTTP/);
    expect(e.hint).toMatch(/prepared statement/);
    t.done();
  });

  it('notes the 500-row Spice Cloud cap on stderr and points at Flight', async () => {
    const t = await ctx({ base: CLOUD });
    const data = Array.from({ length: 500 }, (_, i) => ({ i }));
    t.rt.intercept({ path: '/v1/sql', method: 'POST' }).reply(200, { row_count: 500, schema: { fields: [{ name: 'i', data_type: 'Int64' }] }, data }, json);
    await run(opts(), t.ctx);
    expect(t.io.out().split('\n')).toHaveLength(501);
    expect(t.io.err()).toMatch(/warning: Spice Cloud returns at most 500 rows over HTTP.*Drop --http/);
  });

  it('runs each statement of a piped script in order', async () => {
    const t = await ctx({ stdin: 'SELECT 1;\nSELECT 2;\n' });
    t.rt.intercept({ path: '/v1/sql', method: 'POST', body: 'SELECT 1' }).reply(200, '[{"a":1}]');
    t.rt.intercept({ path: '/v1/sql', method: 'POST', body: 'SELECT 2' }).reply(200, '[{"a":2}]');
    await run(opts({ query: undefined }), t.ctx);
    expect(t.io.out()).toBe('1\n2\n');
    t.done();
  });

  it('with no query and no terminal, exits 9 naming the ways to give one', async () => {
    const t = await ctx({ stdinTTY: true });
    const e = await failure(run(opts({ query: undefined }), t.ctx));
    expect(e.exitCode).toBe(9);
    expect(e.hint).toMatch(/argument, with --file/);
  });

  it('never shows the API key, even when the runtime echoes it', async () => {
    const t = await ctx({ globals: { verbose: true } });
    t.rt.intercept({ path: '/v1/sql', method: 'POST' }).reply(400, `bad key ${KEY}`);
    const e = await failure(run(opts(), t.ctx));
    expect(`${t.io.out()}${t.io.err()}${t.ctx.redactor.redact(e.message)}`).not.toContain(KEY);
  });
});

describe('sql over Arrow Flight', () => {
  function fakeFlight(calls: unknown[], cached = false): FlightModule {
    return {
      connectFlight: async (o) => {
        calls.push({ connect: { address: o.address, tls: o.tls, hasKey: o.apiKey === KEY } });
        const client: FlightClient = {
          query: async (sql, params, q) => {
            calls.push({ sql, params, headers: q?.headers });
            const t = A.tableFromArrays({ id: BigInt64Array.from([1n, 2n, 9007199254740993n]), name: ['a', 'b', 'c'] });
            return {
              schema: t.schema,
              batches: (async function* () {
                for (const b of t.batches) yield b;
              })(),
              cached,
            };
          },
          close: () => {},
        };
        return client;
      },
    };
  }

  it('derives the Flight address of a Spice Cloud endpoint and streams the batches', async () => {
    const calls: unknown[] = [];
    const t = await ctx({ base: CLOUD, flightModule: fakeFlight(calls, true), globals: { format: 'ndjson', json: false } });
    await run(opts({ http: false, noCache: true }), t.ctx);
    expect(calls[0]).toEqual({ connect: { address: 'us-west-2-prod-aws-flight.spiceai.io:443', tls: true, hasKey: true } });
    expect(calls[1]).toEqual({ sql: 'SELECT 1 AS x', params: undefined, headers: { 'cache-control': 'no-cache' } });
    expect(t.io.out()).toBe('{"id":1,"name":"a"}\n{"id":2,"name":"b"}\n{"id":"9007199254740993","name":"c"}\n');
    expect(t.io.err()).toBe('3 rows in 0 ms (cached)\n');
    t.done();
  });

  it('asks a self-hosted runtime for its Flight address (/v1/status) and passes parameters to Flight', async () => {
    const calls: unknown[] = [];
    const t = await ctx({ flightModule: fakeFlight(calls) });
    t.rt.intercept({ path: '/v1/status', method: 'GET' }).reply(200, [{ name: 'flight', endpoint: '0.0.0.0:50051', status: 'Ready' }], json);
    await run(opts({ http: false, params: { id: 2 } }), t.ctx);
    expect(calls[0]).toEqual({ connect: { address: '127.0.0.1:50051', tls: false, hasKey: true } });
    expect(calls[1]).toMatchObject({ params: { id: 2 } });
    t.done();
  });
});
