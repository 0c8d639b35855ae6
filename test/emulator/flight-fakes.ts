/**
 * Fakes for the Flight service tests: an Arrow engine that answers a few SQL shapes
 * lazily (no DuckDB), and a runtime host with a key → app map, the emulator's real
 * fault rules and an in-memory request log.
 */
import * as arrow from 'apache-arrow';
import { SqlError, type Engine, type QueryResult, type SqlParams } from '../../src/emulator/runtime/engine.js';
import type { FlightApp, FlightHost } from '../../src/emulator/runtime/flight.js';
import { FaultSet } from '../../src/emulator/faults.js';

/**
 * - `SELECT * FROM range(N)` → N rows of `value` (Int64), produced batch by batch;
 * - `SELECT 1 AS x` → one row;
 * - `SELECT $1 …` / `… $name …` → one row echoing the parameters (columns p1…, or the names);
 * - anything else → SqlError, as DuckDB would refuse it.
 */
export class FakeEngine implements Engine {
  produced = 0;
  open = 0;
  seen: Array<{ sql: string; params: SqlParams | undefined }> = [];

  async query(sql: string, params?: SqlParams, opts: { signal?: AbortSignal; batchRows?: number } = {}): Promise<QueryResult> {
    this.seen.push({ sql, params });
    const schema = await this.describeWith(sql, params);
    const rows = this.rowsOf(sql);
    const batchRows = opts.batchRows ?? 8192;
    this.open++;
    let closed = false;
    const self = this;
    return {
      schema,
      batches: () => ({
        async *[Symbol.asyncIterator]() {
          if (rows === undefined) {
            const values = paramValues(params);
            const children = values.map((v, i) => arrow.vectorFromArray([v], (schema.fields[i] as arrow.Field).type).data[0]!);
            yield new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: 1, nullCount: 0, children }));
            return;
          }
          for (let start = 0; start < rows && !closed; start += batchRows) {
            if (opts.signal?.aborted) throw new SqlError('Query cancelled');
            const n = Math.min(batchRows, rows - start);
            const data = new BigInt64Array(n);
            for (let i = 0; i < n; i++) data[i] = BigInt(rows === 1 ? 1 : start + i);
            self.produced += n;
            const column = arrow.makeData({ type: new arrow.Int64(), length: n, data });
            yield new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: n, nullCount: 0, children: [column] }));
            await new Promise((r) => setImmediate(r));
          }
        },
      }),
      close: async () => {
        if (!closed) self.open--;
        closed = true;
      },
    };
  }

  async describe(sql: string): Promise<arrow.Schema> {
    return this.describeWith(sql, undefined);
  }

  private async describeWith(sql: string, params: SqlParams | undefined): Promise<arrow.Schema> {
    const s = sql.trim();
    if (/^select \* from range\(\d+\)$/i.test(s)) return new arrow.Schema([new arrow.Field('value', new arrow.Int64(), false)]);
    if (/^select 1 as x$/i.test(s)) return new arrow.Schema([new arrow.Field('x', new arrow.Int64(), false)]);
    if (/^select .*\$/i.test(s)) {
      if (params === undefined) throw new SqlError('Error during planning: parameters are not bound');
      const values = paramValues(params);
      const names = Array.isArray(params) ? values.map((_, i) => `p${i + 1}`) : Object.keys(params);
      return new arrow.Schema(values.map((v, i) => new arrow.Field(names[i] as string, typeOf(v), true)));
    }
    throw new SqlError(`SQL error: ParserError("Expected: an SQL statement, found: ${s.split(/\s+/)[0]}")`);
  }

  private rowsOf(sql: string): number | undefined {
    const m = /range\((\d+)\)/i.exec(sql);
    if (m) return Number(m[1]);
    if (/^select 1 as x$/i.test(sql.trim())) return 1;
    return undefined;
  }

  async register(): Promise<void> {}
  async drop(): Promise<void> {}
  async tables() {
    return [];
  }
  async close(): Promise<void> {}
}

function paramValues(params: SqlParams | undefined): unknown[] {
  if (params === undefined) return [];
  return Array.isArray(params) ? [...params] : Object.values(params);
}

function typeOf(v: unknown): arrow.DataType {
  if (typeof v === 'bigint') return new arrow.Int64();
  if (typeof v === 'number') return new arrow.Float64();
  if (typeof v === 'boolean') return new arrow.Bool();
  return new arrow.Utf8();
}

export interface LogLine {
  method: string;
  path: string;
  status: number;
  ms: number;
  app?: string;
}

export class FakeHost implements FlightHost {
  readonly log: LogLine[] = [];
  readonly faults = new FaultSet();
  readonly keys = new Map<string, FlightApp>();
  /** Keys whose app has no succeeded deployment yet (503). */
  readonly undeployed = new Set<string>();

  constructor(readonly engine: Engine = new FakeEngine()) {}

  addApp(id: number, name: string, ...keys: string[]): FlightApp {
    const app = { id, name, engine: this.engine };
    for (const k of keys) this.keys.set(k, app);
    return app;
  }

  async authenticate(apiKey: string | undefined) {
    if (apiKey !== undefined && this.undeployed.has(apiKey)) return { ok: false as const, status: 503 as const, message: 'app has no successful deployment yet' };
    const app = apiKey === undefined ? undefined : this.keys.get(apiKey);
    return app ? { ok: true as const, app } : { ok: false as const, status: 401 as const, message: 'Unauthorized' };
  }

  record(entry: LogLine): void {
    this.log.push(entry);
  }

  fault(method: string, path: string) {
    return this.faults.pick(method, path) ?? undefined;
  }
}
