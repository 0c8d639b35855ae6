/** The DuckDB engine behind the emulated runtime: Arrow types, parameters, streaming, errors, sandbox. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordBatch } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDuckDbEngine } from '../../../src/emulator/runtime/duckdb.js';
import { SqlError, type Engine, type QueryResult } from '../../../src/emulator/runtime/engine.js';

let engine: Engine;
let dir: string;

async function rows(r: QueryResult): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const b of r.batches()) out.push(...b.toArray().map((x: { toJSON(): Record<string, unknown> }) => x.toJSON()));
  return out;
}
const types = (r: QueryResult) => Object.fromEntries(r.schema.fields.map((f) => [f.name, String(f.type)]));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'engine-test-'));
  writeFileSync(join(dir, 'people.csv'), 'id,name,score,born\n1,Ada,9.5,1815-12-10\n2,Grace,8.25,1906-12-09\n3,Linus,7,1969-12-28\n');
  writeFileSync(join(dir, 'events.json'), '[{"id":1,"kind":"click"},{"id":2,"kind":"view"}]');
  engine = await createDuckDbEngine({ dataDir: dir });
  await engine.register('people', { kind: 'file', path: 'people.csv', format: 'csv' });
  await engine.register('events', { kind: 'file', path: 'events.json', format: 'json', materialize: true });
});
afterAll(() => engine.close());

describe('DuckDB engine', () => {
  it('reads a CSV dataset with Int64, Utf8, Float64 and Date columns', async () => {
    const r = await engine.query('SELECT * FROM people ORDER BY id');
    expect(types(r)).toEqual({ id: 'Int64', name: 'Utf8', score: 'Float64', born: 'Date32<DAY>' });
    const got = await rows(r);
    expect(got[0]).toMatchObject({ id: 1n, name: 'Ada', score: 9.5 });
    expect(new Date(got[0]?.['born'] as number).toISOString().slice(0, 10)).toBe('1815-12-10');
  });

  it('reads a JSON dataset loaded into a table (acceleration)', async () => {
    expect(await rows(await engine.query('SELECT kind FROM events ORDER BY id'))).toEqual([{ kind: 'click' }, { kind: 'view' }]);
  });

  it('maps decimals, timestamps, booleans, lists and sums to Arrow types', async () => {
    const r = await engine.query(
      "SELECT 12.34::DECIMAL(10,2) AS d, TIMESTAMP '2024-01-01 10:00:00.123456' AS ts, TIMESTAMPTZ '2024-01-01 00:00:00+00' AS tz, true AS b, [1, 2] AS l, sum(x) AS s, 9223372036854775807::BIGINT AS big FROM range(3) t(x)",
    );
    expect(types(r)).toEqual({
      d: 'Decimal[10e+2]',
      ts: 'Timestamp<MICROSECOND>',
      tz: 'Timestamp<MICROSECOND, UTC>',
      b: 'Bool',
      l: 'List<Int32>',
      s: 'Int64',
      big: 'Int64',
    });
    const batches: RecordBatch[] = [];
    for await (const b of r.batches()) batches.push(b);
    const batch = batches[0] as RecordBatch;
    expect(String(batch.getChild('d')?.get(0))).toBe('1234');
    expect(batch.getChild('ts')?.data[0]?.values[0]).toBe(1704103200123456n);
    expect(batch.getChild('big')?.get(0)).toBe(9223372036854775807n);
    expect(batch.getChild('s')?.get(0)).toBe(3n);
    expect([...(batch.getChild('l')?.get(0) ?? [])]).toEqual([1, 2]);
  });

  it('binds positional parameters as Int64, Float64, Utf8, Boolean and NULL', async () => {
    const r = await engine.query('SELECT $1 + 1 AS a, $2 AS b, $3 AS c, $4 AS d, $5 AS e', [41, 1.5, 'x', true, null]);
    expect(types(r)).toMatchObject({ a: 'Int64', b: 'Float64', c: 'Utf8', d: 'Bool' });
    expect(await rows(r)).toEqual([{ a: 42n, b: 1.5, c: 'x', d: true, e: null }]);
  });

  it('binds named $name parameters (with or without the $ in the key)', async () => {
    const r = await engine.query('SELECT name FROM people WHERE id = $id OR name = $who ORDER BY id', { id: 1, $who: 'Linus' });
    expect(await rows(r)).toEqual([{ name: 'Ada' }, { name: 'Linus' }]);
  });

  it('rejects unknown named parameters and missing values with SqlError', async () => {
    await expect(engine.query('SELECT $a', { b: 1 })).rejects.toThrow(SqlError);
    await expect(engine.query('SELECT $1, $2', [1])).rejects.toThrow(/not provided|parameter/i);
  });

  it('reports parse and catalog errors with the engine message', async () => {
    await expect(engine.query('SELEC 1')).rejects.toThrow(/syntax error/);
    await expect(engine.query('SELECT * FROM nope')).rejects.toThrow(/nope/);
  });

  it('is read-only and sandboxed to the data directory', async () => {
    await expect(engine.query('CREATE TABLE t (a INT)')).rejects.toThrow(/read-only/);
    await expect(engine.query("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(/disabled by configuration/);
    await expect(engine.query(`SELECT count(*) AS n FROM read_csv('${join(dir, 'people.csv')}')`)).resolves.toBeDefined();
  });

  it('describes a query without running it', async () => {
    const schema = await engine.describe('SELECT id, name FROM people');
    expect(schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual(['id:Int64', 'name:Utf8']);
  });

  it('lists tables with their columns', async () => {
    const t = await engine.tables();
    expect(t.map((x) => x.name).sort()).toEqual(['events', 'people']);
    expect(t.find((x) => x.name === 'people')?.columns[1]).toEqual({ name: 'name', type: 'VARCHAR', nullable: true });
  });

  it('streams a million rows in bounded batches with RSS growth under 100 MB', async () => {
    const before = process.memoryUsage().rss;
    const r = await engine.query('SELECT * FROM range(1000000)', undefined, { batchRows: 10_000 });
    expect(types(r)).toEqual({ range: 'Int64' });
    let total = 0;
    let batches = 0;
    let maxRows = 0;
    let peak = 0;
    for await (const b of r.batches()) {
      total += b.numRows;
      batches++;
      maxRows = Math.max(maxRows, b.numRows);
      peak = Math.max(peak, process.memoryUsage().rss - before);
    }
    expect(total).toBe(1_000_000);
    expect(batches).toBeGreaterThan(50);
    expect(maxRows).toBeLessThanOrEqual(12_288);
    expect(peak).toBeLessThan(100 * 1024 * 1024);
  });

  it('stops a query early on close() and on abort', async () => {
    const r = await engine.query('SELECT * FROM range(1000000)');
    for await (const _ of r.batches()) break;
    await r.close();
    const ac = new AbortController();
    const r2 = await engine.query('SELECT * FROM range(1000000)', undefined, { signal: ac.signal });
    ac.abort();
    await expect(rows(r2)).resolves.toBeDefined();
  });
});
