/** POST /v1/sql and the small routes of the emulated runtime (dataplane.md §3, §4.1–4.3, 4.10–4.13). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { deployedApp, rt, sqlCall, startWithRuntime, type DeployedApp } from './helpers.js';

let emu: RunningEmulator;
let app: DeployedApp;
beforeAll(async () => {
  emu = await startWithRuntime();
  app = await deployedApp(emu, 'sql-app');
});
afterAll(() => emu.close());

const envelope = (sql: string, parameters: unknown, contentType = 'application/json') =>
  rt(emu, 'POST', '/v1/sql', { key: app.key, body: JSON.stringify({ sql, parameters }), headers: { 'content-type': contentType } });

describe('/v1/sql formats', () => {
  const q = 'SELECT id, product, price, reviewed_at FROM reviews ORDER BY id LIMIT 2';

  it('answers a JSON rows array by default, with nulls explicit and ISO timestamps', async () => {
    const r = await rt(emu, 'POST', '/v1/sql', { key: app.key, body: `${q};` });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(r.text)).toEqual([
      { id: 1, product: 'kettle', price: 39.9, reviewed_at: '2026-01-03T10:00:00' },
      { id: 2, product: 'kettle', price: 39.9, reviewed_at: '2026-01-04T11:30:00' },
    ]);
    expect((await sqlCall(emu, app.key, 'SELECT NULL::VARCHAR AS a, 1 AS b')).text).toBe('[{"a":null,"b":1}]');
    expect((await sqlCall(emu, app.key, 'SELECT * FROM reviews WHERE false')).text).toBe('[]');
  });

  it('writes Int64 beyond 2^53 as exact JSON numbers', async () => {
    const r = await sqlCall(emu, app.key, 'SELECT 9223372036854775807 AS big, -9007199254740993 AS neg, 12.50::DECIMAL(6,2) AS d');
    expect(r.text).toBe('[{"big":9223372036854775807,"neg":-9007199254740993,"d":12.50}]');
  });

  it('answers vnd+json with the Arrow serde schema', async () => {
    const r = await sqlCall(emu, app.key, q, 'application/vnd.spiceai.sql.v1+json');
    expect(r.headers.get('content-type')).toBe('application/vnd.spiceai.sql.v1+json');
    const body = JSON.parse(r.text);
    expect(body.row_count).toBe(2);
    expect(body.schema.fields.map((f: { name: string; data_type: unknown }) => [f.name, f.data_type])).toEqual([
      ['id', 'Int64'],
      ['product', 'Utf8'],
      ['price', 'Float64'],
      ['reviewed_at', { Timestamp: ['Microsecond', null] }],
    ]);
    expect(body.schema.fields[0]).toEqual({ name: 'id', data_type: 'Int64', nullable: true, dict_id: 0, dict_is_ordered: false, metadata: {} });
    expect(body.data[1]).toEqual({ id: 2, product: 'kettle', price: 39.9, reviewed_at: '2026-01-04T11:30:00' });
    const empty = JSON.parse((await sqlCall(emu, app.key, 'SELECT * FROM reviews WHERE false', 'application/vnd.spiceai.sql.v1+json')).text);
    expect(empty).toEqual({ row_count: 0, schema: {}, data: [] });
  });

  it('answers CSV and the pretty table, picking the first recognised Accept type', async () => {
    const csv = await sqlCall(emu, app.key, q, 'image/png, text/csv, application/json');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.text).toBe('id,product,price,reviewed_at\n1,kettle,39.9,2026-01-03T10:00:00\n2,kettle,39.9,2026-01-04T11:30:00\n');
    const table = await sqlCall(emu, app.key, 'SELECT id, product FROM reviews ORDER BY id LIMIT 1', 'text/plain');
    expect(table.text).toBe('+----+---------+\n| id | product |\n+----+---------+\n| 1  | kettle  |\n+----+---------+\n');
    expect((await sqlCall(emu, app.key, 'SELECT 1 AS x', '*/*')).headers.get('content-type')).toBe('application/json');
  });

  it('streams a large JSON result', async () => {
    const r = await sqlCall(emu, app.key, 'SELECT range AS n FROM range(200000)');
    const rows = JSON.parse(r.text) as Array<{ n: number }>;
    expect(rows.length).toBe(200000);
    expect(rows[199999]).toEqual({ n: 199999 });
  });
});

describe('/v1/sql parameters and errors', () => {
  it('binds positional parameters from the exact application/json envelope', async () => {
    const r = await envelope('SELECT product FROM reviews WHERE id = $1 AND rating = $2', [1, 5]);
    expect(r.text).toBe('[{"product":"kettle"}]');
  });

  it('binds named $name parameters from an object', async () => {
    const r = await envelope('SELECT $a + 1 AS x, $s AS s', { a: 41, s: 'hi' });
    expect(r.text).toBe('[{"x":42,"s":"hi"}]');
  });

  it('treats application/json with parameters (charset) as raw SQL', async () => {
    const r = await rt(emu, 'POST', '/v1/sql', { key: app.key, body: 'SELECT 1 AS x', headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(r.text).toBe('[{"x":1}]');
  });

  it('answers 400 plain text for envelope mistakes', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ sql: 'SELECT 1' }, /missing field `parameters`/],
      [{ parameters: [] }, /missing field `sql`/],
      [{ sql: 'SELECT $1', parameters: [[1]] }, /Nested arrays or objects are not supported/],
      [{ sql: 'SELECT 1', parameters: 5 }, /must be an array/],
    ];
    for (const [body, message] of cases) {
      const r = await rt(emu, 'POST', '/v1/sql', { key: app.key, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      expect([r.status, r.headers.get('content-type')]).toEqual([400, 'text/plain; charset=utf-8']);
      expect(r.text).toMatch(message);
    }
    const bad = await rt(emu, 'POST', '/v1/sql', { key: app.key, body: '{"sql":', headers: { 'content-type': 'application/json' } });
    expect([bad.status, bad.text.startsWith('Invalid JSON: ')]).toEqual([400, true]);
  });

  it('answers engine errors as 400 with the engine message; bad UTF-8 as 400', async () => {
    const r = await sqlCall(emu, app.key, 'SELEC 1');
    expect(r.status).toBe(400);
    expect(r.text).toMatch(/syntax error/);
    expect((await sqlCall(emu, app.key, 'SELECT * FROM missing_table')).text).toMatch(/missing_table/);
    expect((await sqlCall(emu, app.key, 'DROP TABLE reviews')).text).toMatch(/read-only/);
    const utf = await rt(emu, 'POST', '/v1/sql', { key: app.key, body: Buffer.from([0x53, 0xff, 0xfe]) });
    expect([utf.status, /utf-8/.test(utf.text)]).toEqual([400, true]);
  });
});

describe('routing', () => {
  it('answers 404 with an empty body for unknown paths and 405 for wrong methods', async () => {
    const nf = await rt(emu, 'GET', '/v1/nope', { key: app.key });
    expect([nf.status, nf.text]).toEqual([404, '']);
    const na = await rt(emu, 'GET', '/v1/sql', { key: app.key });
    expect([na.status, na.headers.get('allow')]).toEqual([405, 'POST']);
  });

  it('serves /health and /v1/ready without a key', async () => {
    expect(await rt(emu, 'GET', '/health').then((r) => [r.status, r.text])).toEqual([200, 'ok\n']);
    expect(await rt(emu, 'GET', '/v1/ready').then((r) => [r.status, r.text])).toEqual([200, 'ready']);
    expect(await rt(emu, 'HEAD', '/health').then((r) => [r.status, r.text])).toEqual([200, '']);
  });

  it('lists models, spicepods and status addresses', async () => {
    const models = JSON.parse((await rt(emu, 'GET', '/v1/models?status=true', { key: app.key })).text);
    expect(models).toEqual({ object: 'list', data: [{ id: 'assistant', object: 'model', owned_by: 'openai:gpt-4o-mini', datasets: null, status: 'Ready' }] });
    const pods = JSON.parse((await rt(emu, 'GET', '/v1/spicepods', { key: app.key })).text);
    expect(pods[0]).toMatchObject({ name: 'shop', kind: 'Spicepod' });
    const csv = await rt(emu, 'GET', '/v1/spicepods?format=csv', { key: app.key });
    expect(csv.text).toBe('name,version,datasets_count,models_count,dependencies_count\nshop,v1,4,1,0\n');
    const status = JSON.parse((await rt(emu, 'GET', '/v1/status', { key: app.key })).text) as Array<{ name: string; endpoint: string }>;
    expect(status.find((s) => s.name === 'http')?.endpoint).toBe(emu.runtime?.url.replace('http://', ''));
    if (emu.runtime?.flightAddress) expect(status.find((s) => s.name === 'flight')?.endpoint).toBe(emu.runtime.flightAddress.replace('grpc://', ''));
  });

  it('survives malformed requests', async () => {
    const { connect } = await import('node:net');
    const port = emu.runtime?.port as number;
    const answer = await new Promise<string>((resolve) => {
      let got = '';
      const s = connect(port, '127.0.0.1', () => s.write('GARBAGE \x00\x01 HTTP/9\r\n\r\n'));
      s.on('data', (d: Buffer) => (got += d.toString()));
      s.on('close', () => resolve(got));
      s.on('error', () => resolve(got));
      setTimeout(() => s.destroy(), 3000);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await rt(emu, 'GET', '/health')).status).toBe(200);
  });
});

describe('cloud limits', () => {
  it('caps HTTP SQL results at 500 rows with --cloud-limits', async () => {
    const limited = await startWithRuntime({}, { cloudLimits: true });
    try {
      const a = await deployedApp(limited, 'limited-app');
      const r = await sqlCall(limited, a.key, 'SELECT * FROM range(2000)');
      expect((JSON.parse(r.text) as unknown[]).length).toBe(500);
      const v = JSON.parse((await sqlCall(limited, a.key, 'SELECT * FROM range(2000)', 'application/vnd.spiceai.sql.v1+json')).text);
      expect(v.row_count).toBe(500);
    } finally {
      await limited.close();
    }
  });

  it('answers 504 when a query outlives the time limit, and interrupts it', async () => {
    const limited = await startWithRuntime({}, { cloudLimits: true, cloudTimeoutMs: 300 });
    try {
      const a = await deployedApp(limited, 'slow-app');
      const r = await sqlCall(limited, a.key, 'SELECT count(*) AS n FROM range(100000000000) t(x) WHERE x % 7 = 3', 'application/vnd.spiceai.sql.v1+json');
      expect([r.status, r.text]).toEqual([504, 'Query timed out: the request exceeded the 90 second limit']);
      expect((await sqlCall(limited, a.key, 'SELECT 1 AS x')).text).toBe('[{"x":1}]');
    } finally {
      await limited.close();
    }
  });
});
