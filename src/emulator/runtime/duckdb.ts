/**
 * The emulated runtime's SQL engine: DuckDB (`@duckdb/node-api`) behind the `Engine`
 * interface of engine.ts. This is the only module that imports DuckDB; the runtime host
 * loads it with `await import()` when an app's runtime first needs an engine.
 *
 * Why DuckDB: the real runtime runs DataFusion, but no DataFusion binding for Node 20
 * installs from the npm registry; DuckDB is embedded, streams results and reads CSV,
 * Parquet and JSON. Its SQL dialect differs from DataFusion's in places (docs/emulator.md).
 *
 * - One in-memory DuckDB instance per engine (per app deployment), two threads.
 * - File access is sandboxed by DuckDB's own configuration: only `dataDir` is reachable
 *   (`allowed_directories` + `enable_external_access=false` + `lock_configuration`), so a
 *   query cannot read `/etc/passwd`, install extensions or change the settings back.
 * - Only read statements run (SELECT, EXPLAIN, DESCRIBE/SHOW, …); writes are refused.
 * - Each query gets its own connection and a streaming result: chunks (2048 rows) are
 *   pulled only when the consumer asks for the next Arrow batch, so a million-row result
 *   is never held in memory.
 */
import { resolve } from 'node:path';
import {
  DuckDBInstance,
  DuckDBTypeId,
  type DuckDBConnection,
  type DuckDBDecimalType,
  type DuckDBListType,
  type DuckDBPreparedStatement,
  type DuckDBResult,
  type DuckDBStructType,
  type DuckDBArrayType,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import * as arrow from 'apache-arrow';
import { SqlError, type DatasetSource, type Engine, type QueryResult, type SqlParams, type TableInfo } from './engine.js';

export interface DuckDbEngineOptions {
  /** The only directory file datasets and queries may read (default: the process cwd). */
  dataDir?: string;
  /** DuckDB worker threads (default 2: the emulator shares small machines). */
  threads?: number;
  /** Default Arrow batch size in rows (default 8192). */
  batchRows?: number;
}

/** Statement types (DuckDB's StatementType enum) a read-only runtime executes. */
const READ_STATEMENTS = new Set([1 /* SELECT */, 4 /* EXPLAIN */, 17 /* PRAGMA (SHOW/DESCRIBE) */, 22 /* RELATION */]);
const DEFAULT_BATCH_ROWS = 8192;

export async function createDuckDbEngine(opts: DuckDbEngineOptions = {}): Promise<Engine> {
  const dataDir = resolve(opts.dataDir ?? process.cwd());
  const instance = await DuckDBInstance.create(':memory:');
  const setup = await instance.connect();
  const dir = dataDir.endsWith('/') ? dataDir : `${dataDir}/`;
  for (const stmt of [
    `SET threads = ${Math.max(1, Math.floor(opts.threads ?? 2))}`,
    `SET allowed_directories = [${sqlString(dir)}]`,
    `SET file_search_path = ${sqlString(dataDir)}`,
    `SET enable_external_access = false`,
    `SET autoinstall_known_extensions = false`,
    `SET autoload_known_extensions = false`,
    `SET lock_configuration = true`,
  ]) {
    await setup.run(stmt);
  }
  return new DuckDbEngine(instance, setup, dataDir, opts.batchRows ?? DEFAULT_BATCH_ROWS);
}

class DuckDbEngine implements Engine {
  private readonly open = new Set<{ close(): Promise<void> }>();
  private closed = false;
  private attached = 0;

  constructor(
    private readonly instance: DuckDBInstance,
    /** Used for DDL (register/drop) and catalog queries; never for streaming. */
    private readonly ddl: DuckDBConnection,
    private readonly dataDir: string,
    private readonly batchRows: number,
  ) {}

  async query(sql: string, params?: SqlParams, opts: { signal?: AbortSignal; batchRows?: number } = {}): Promise<QueryResult> {
    this.assertOpen();
    if (opts.signal?.aborted) throw new SqlError('Query cancelled');
    const conn = await this.instance.connect();
    let stmt: DuckDBPreparedStatement | undefined;
    // Blocking operators (aggregates, sorts) run inside stream(): interrupt them too.
    const interrupt = () => {
      try {
        conn.interrupt();
      } catch {
        // already closed
      }
    };
    opts.signal?.addEventListener('abort', interrupt, { once: true });
    try {
      stmt = await prepareRead(conn, sql);
      bindParams(stmt, params);
      const result = await stmt.stream().catch(rethrowSql);
      if (opts.signal?.aborted) throw new SqlError('Query cancelled');
      const handle = new DuckDbResult(conn, stmt, result, Math.max(1, opts.batchRows ?? this.batchRows), opts.signal, () => this.open.delete(handle));
      this.open.add(handle);
      return handle;
    } catch (err) {
      stmt?.destroySync();
      conn.closeSync();
      throw err;
    } finally {
      opts.signal?.removeEventListener('abort', interrupt);
    }
  }

  async describe(sql: string): Promise<arrow.Schema> {
    this.assertOpen();
    const conn = await this.instance.connect();
    try {
      const stmt = await prepareRead(conn, sql);
      try {
        const fields: arrow.Field[] = [];
        for (let i = 0; i < stmt.columnCount; i++) fields.push(new arrow.Field(stmt.columnName(i), arrowType(stmt.columnType(i)), true));
        return new arrow.Schema(fields);
      } finally {
        stmt.destroySync();
      }
    } finally {
      conn.closeSync();
    }
  }

  async register(name: string, source: DatasetSource): Promise<void> {
    this.assertOpen();
    const ident = qualifiedIdent(name);
    let select: string;
    if (source.kind === 'file') {
      const path = resolve(this.dataDir, source.path);
      const reader = { csv: 'read_csv_auto', parquet: 'read_parquet', json: 'read_json_auto' }[source.format];
      select = `SELECT * FROM ${reader}(${sqlString(path)})`;
    } else if (source.kind === 'duckdb-file') {
      const alias = `db_${this.attached++}`;
      await this.ddl.run(`ATTACH ${sqlString(resolve(this.dataDir, source.file))} AS ${alias} (READ_ONLY)`).catch(rethrowSql);
      select = `SELECT * FROM ${alias}.${qualifiedIdent(source.table)}`;
    } else {
      select = source.sql;
    }
    const schema = schemaOf(name);
    if (schema) await this.ddl.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`).catch(rethrowSql);
    const kind = source.kind === 'file' && source.materialize ? 'TABLE' : 'VIEW';
    await this.ddl.run(`DROP VIEW IF EXISTS ${ident}`).catch(() => undefined);
    await this.ddl.run(`DROP TABLE IF EXISTS ${ident}`).catch(() => undefined);
    await this.ddl.run(`CREATE ${kind} ${ident} AS ${select}`).catch(rethrowSql);
    // Surface unreadable files at registration rather than at the first query.
    if (kind === 'VIEW') await this.ddl.run(`SELECT * FROM ${ident} LIMIT 0`).catch(rethrowSql);
  }

  async drop(name: string): Promise<void> {
    this.assertOpen();
    const ident = qualifiedIdent(name);
    await this.ddl.run(`DROP VIEW IF EXISTS ${ident}`).catch(() => undefined);
    await this.ddl.run(`DROP TABLE IF EXISTS ${ident}`).catch(() => undefined);
  }

  async tables(): Promise<TableInfo[]> {
    this.assertOpen();
    const reader = await this.ddl
      .runAndReadAll(
        `SELECT table_schema, table_name, column_name, data_type, is_nullable FROM information_schema.columns
         WHERE table_catalog = current_database() ORDER BY table_schema, table_name, ordinal_position`,
      )
      .catch(rethrowSql);
    const byName = new Map<string, TableInfo>();
    for (const row of reader.getRows()) {
      const [schema, table, column, type, nullable] = row.map((v) => String(v));
      const name = schema === 'main' ? (table as string) : `${schema}.${table}`;
      let info = byName.get(name);
      if (!info) byName.set(name, (info = { name, columns: [] }));
      info.columns.push({ name: column as string, type: type as string, nullable: nullable === 'YES' });
    }
    return [...byName.values()];
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.open].map((r) => r.close()));
    this.ddl.closeSync();
    this.instance.closeSync();
  }

  private assertOpen(): void {
    if (this.closed) throw new SqlError('The runtime is shutting down');
  }
}

/** A streaming result: DuckDB chunks pulled on demand and turned into Arrow batches. */
class DuckDbResult implements QueryResult {
  readonly schema: arrow.Schema;
  private readonly types: DuckDBType[];
  private done = false;
  private released = false;
  private iterating = false;
  /** Interrupts DuckDB; a pending fetch then fails and the iteration closes the result. */
  private readonly onAbort = () => {
    try {
      this.conn.interrupt();
    } catch {
      // already closed
    }
    if (!this.iterating) void this.close();
  };

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly stmt: DuckDBPreparedStatement,
    private readonly result: DuckDBResult,
    private readonly batchRows: number,
    private readonly signal: AbortSignal | undefined,
    private readonly onClose: () => void,
  ) {
    this.types = result.columnTypes();
    const names = result.columnNames();
    this.schema = new arrow.Schema(names.map((n, i) => new arrow.Field(n, arrowType(this.types[i] as DuckDBType), true)));
    signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  batches(): AsyncIterable<arrow.RecordBatch> {
    if (this.iterating) throw new Error('QueryResult.batches() can be iterated only once');
    this.iterating = true;
    return { [Symbol.asyncIterator]: () => this.iterate() };
  }

  private async *iterate(): AsyncGenerator<arrow.RecordBatch> {
    try {
      while (!this.done) {
        const builders = this.schema.fields.map((f, i) => columnBuilder(f.type, this.types[i] as DuckDBType));
        let rows = 0;
        while (rows < this.batchRows) {
          if (this.signal?.aborted) throw new SqlError('Query cancelled');
          const chunk = await this.result.fetchChunk().catch(rethrowSql);
          if (this.done) return; // closed while waiting
          if (!chunk || chunk.rowCount === 0) {
            this.done = true;
            break;
          }
          for (let c = 0; c < builders.length; c++) (builders[c] as ColumnBuilder).appendAll(chunk.getColumnValues(c));
          rows += chunk.rowCount;
        }
        if (rows === 0) break;
        const children = builders.map((b) => b.finish());
        yield new arrow.RecordBatch(
          this.schema,
          arrow.makeData({ type: new arrow.Struct(this.schema.fields), length: rows, nullCount: 0, children }),
        );
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    this.done = true;
    if (this.released) return;
    this.released = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    try {
      this.stmt.destroySync();
      this.conn.closeSync();
    } catch {
      // already released by DuckDB
    }
    this.onClose();
  }
}

// ---------------------------------------------------------------------- statements

async function prepareRead(conn: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
  const text = sql.trim().replace(/;\s*$/, '');
  if (text === '') throw new SqlError('SQL error: no statement to execute');
  const stmt = await conn.prepare(text).catch(rethrowSql);
  if (!READ_STATEMENTS.has(stmt.statementType as number)) {
    stmt.destroySync();
    throw new SqlError('This feature is not implemented: the emulated runtime is read-only; only queries (SELECT, EXPLAIN, DESCRIBE, SHOW) run');
  }
  return stmt;
}

/**
 * Binds JSON-ish parameters the way the runtime maps them: integer → Int64, other
 * number → Float64, string → Utf8, boolean → Boolean, null → NULL. An array binds
 * `$1, $2…`; an object binds `$name` placeholders.
 */
function bindParams(stmt: DuckDBPreparedStatement, params: SqlParams | undefined): void {
  if (params === undefined) return;
  if (Array.isArray(params)) {
    const list = params as ReadonlyArray<unknown>;
    if (list.length > stmt.parameterCount) {
      throw new SqlError(`Error during planning: expected ${stmt.parameterCount} parameter(s), got ${list.length}`);
    }
    list.forEach((v, i) => bindOne(stmt, i + 1, v, `$${i + 1}`));
    return;
  }
  for (const [key, value] of Object.entries(params as Record<string, unknown>)) {
    const name = key.replace(/^[$:]/, '');
    let index: number;
    try {
      index = stmt.parameterIndex(name);
    } catch {
      index = 0;
    }
    if (!(index > 0)) throw new SqlError(`Error during planning: no placeholder named $${name} in the statement`);
    bindOne(stmt, index, value, `$${name}`);
  }
}

function bindOne(stmt: DuckDBPreparedStatement, index: number, v: unknown, label: string): void {
  try {
    if (v === null || v === undefined) stmt.bindNull(index);
    else if (typeof v === 'boolean') stmt.bindBoolean(index, v);
    else if (typeof v === 'bigint') stmt.bindBigInt(index, v);
    else if (typeof v === 'number' && Number.isSafeInteger(v)) stmt.bindBigInt(index, BigInt(v));
    else if (typeof v === 'number') stmt.bindDouble(index, v);
    else if (typeof v === 'string') stmt.bindVarchar(index, v);
    else throw new SqlError(`Invalid parameter ${label}: nested arrays or objects are not supported`);
  } catch (err) {
    rethrowSql(err);
  }
}

function rethrowSql(err: unknown): never {
  if (err instanceof SqlError) throw err;
  throw new SqlError(err instanceof Error ? err.message : String(err));
}

// ---------------------------------------------------------------------- identifiers

const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** `name` or `schema.name` (a leading catalog such as `spice.` is ignored). */
function splitName(name: string): { schema: string | null; table: string } {
  const parts = name.split('.');
  if (parts.length >= 2) return { schema: parts[parts.length - 2] as string, table: parts[parts.length - 1] as string };
  return { schema: null, table: name };
}
const schemaOf = (name: string): string | null => splitName(name).schema;
function qualifiedIdent(name: string): string {
  const { schema, table } = splitName(name);
  return schema ? `${quoteIdent(schema)}.${quoteIdent(table)}` : quoteIdent(table);
}

// ---------------------------------------------------------------------- types

/** DuckDB type → Arrow type, choosing what DataFusion would answer where they differ. */
export function arrowType(t: DuckDBType): arrow.DataType {
  switch (t.typeId) {
    case DuckDBTypeId.BOOLEAN:
      return new arrow.Bool();
    case DuckDBTypeId.TINYINT:
      return new arrow.Int8();
    case DuckDBTypeId.SMALLINT:
      return new arrow.Int16();
    case DuckDBTypeId.INTEGER:
      return new arrow.Int32();
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.HUGEINT: // DuckDB's sum(bigint); DataFusion answers Int64
      return new arrow.Int64();
    case DuckDBTypeId.UTINYINT:
      return new arrow.Uint8();
    case DuckDBTypeId.USMALLINT:
      return new arrow.Uint16();
    case DuckDBTypeId.UINTEGER:
      return new arrow.Uint32();
    case DuckDBTypeId.UBIGINT:
      return new arrow.Uint64();
    case DuckDBTypeId.FLOAT:
      return new arrow.Float32();
    case DuckDBTypeId.DOUBLE:
      return new arrow.Float64();
    case DuckDBTypeId.DECIMAL: {
      const d = t as DuckDBDecimalType;
      return new arrow.Decimal(d.scale, d.width, 128);
    }
    case DuckDBTypeId.DATE:
      return new arrow.DateDay();
    case DuckDBTypeId.TIME:
      return new arrow.TimeMicrosecond();
    case DuckDBTypeId.TIMESTAMP:
      return new arrow.TimestampMicrosecond();
    case DuckDBTypeId.TIMESTAMP_TZ:
      return new arrow.TimestampMicrosecond('UTC');
    case DuckDBTypeId.TIMESTAMP_S:
      return new arrow.TimestampSecond();
    case DuckDBTypeId.TIMESTAMP_MS:
      return new arrow.TimestampMillisecond();
    case DuckDBTypeId.TIMESTAMP_NS:
      return new arrow.TimestampNanosecond();
    case DuckDBTypeId.BLOB:
      return new arrow.Binary();
    case DuckDBTypeId.SQLNULL:
      return new arrow.Null();
    case DuckDBTypeId.LIST:
      return new arrow.List(new arrow.Field('item', arrowType((t as DuckDBListType).valueType), true));
    case DuckDBTypeId.ARRAY:
      return new arrow.List(new arrow.Field('item', arrowType((t as DuckDBArrayType).valueType), true));
    case DuckDBTypeId.STRUCT: {
      const s = t as DuckDBStructType;
      return new arrow.Struct(s.entryNames.map((n, i) => new arrow.Field(n, arrowType(s.entryTypes[i] as DuckDBType), true)));
    }
    default:
      // VARCHAR, ENUM, UUID, INTERVAL, TIME_TZ, MAP, UNION, BIT, … travel as text.
      return new arrow.Utf8();
  }
}

/** DuckDB value → the value an Arrow builder of `type` accepts. */
function toArrowValue(v: DuckDBValue, type: arrow.DataType, duck: DuckDBType): unknown {
  if (v === null || v === undefined) return null;
  switch (type.typeId) {
    case arrow.Type.Int:
      if ((type as arrow.Int).bitWidth === 64) {
        const n = typeof v === 'bigint' ? v : BigInt(v as number);
        if (duck.typeId === DuckDBTypeId.HUGEINT && (n > 9223372036854775807n || n < -9223372036854775808n)) {
          throw new SqlError('Arithmetic overflow: value does not fit Int64');
        }
        return n;
      }
      return typeof v === 'bigint' ? Number(v) : v;
    case arrow.Type.Decimal:
      return decimalWords((v as { value: bigint }).value);
    case arrow.Type.Date:
      return (v as { days: number }).days * 86_400_000;
    case arrow.Type.Time:
      return (v as { micros: bigint }).micros;
    case arrow.Type.Binary:
      return (v as { bytes: Uint8Array }).bytes;
    case arrow.Type.List: {
      const child = (type as arrow.List).children[0] as arrow.Field;
      const childDuck = (duck as DuckDBListType).valueType;
      return (v as { items: readonly DuckDBValue[] }).items.map((x) => toArrowValue(x, child.type, childDuck));
    }
    case arrow.Type.Struct: {
      const s = duck as DuckDBStructType;
      const entries = (v as { entries: Record<string, DuckDBValue> }).entries;
      const out: Record<string, unknown> = {};
      (type as arrow.Struct).children.forEach((f, i) => {
        out[f.name] = toArrowValue(entries[f.name] ?? null, f.type, s.entryTypes[i] as DuckDBType);
      });
      return out;
    }
    case arrow.Type.Utf8:
      return typeof v === 'string' ? v : String(v);
    default:
      return v;
  }
}

/** Two's complement 128-bit little-endian words, as apache-arrow's Decimal wants. */
function decimalWords(value: bigint): Uint32Array {
  const u = BigInt.asUintN(128, value);
  return new Uint32Array([Number(u & 0xffffffffn), Number((u >> 32n) & 0xffffffffn), Number((u >> 64n) & 0xffffffffn), Number((u >> 96n) & 0xffffffffn)]);
}

interface ColumnBuilder {
  appendAll(values: DuckDBValue[]): void;
  finish(): arrow.Data;
}

function columnBuilder(type: arrow.DataType, duck: DuckDBType): ColumnBuilder {
  if (type.typeId === arrow.Type.Timestamp) return new TimestampBuilder(type as arrow.Timestamp);
  const b = arrow.makeBuilder({ type, nullValues: [null, undefined] });
  return {
    appendAll(values) {
      for (const v of values) b.append(toArrowValue(v, type, duck));
    },
    finish: () => b.finish().flush(),
  };
}

/**
 * Timestamps are built directly from DuckDB's integer epoch values: apache-arrow's
 * builder takes milliseconds, which would drop microseconds.
 */
class TimestampBuilder implements ColumnBuilder {
  private values: bigint[] = [];
  private valid: boolean[] = [];

  constructor(private readonly type: arrow.Timestamp) {}

  appendAll(values: DuckDBValue[]): void {
    for (const v of values) {
      if (v === null || v === undefined) {
        this.values.push(0n);
        this.valid.push(false);
        continue;
      }
      const o = v as unknown as { micros?: bigint; millis?: bigint; seconds?: bigint; nanos?: bigint };
      const raw = o.micros ?? o.millis ?? o.seconds ?? o.nanos ?? 0n;
      this.values.push(raw);
      this.valid.push(true);
    }
  }

  finish(): arrow.Data {
    const length = this.values.length;
    const nullBitmap = new Uint8Array(Math.ceil(length / 8));
    let nullCount = 0;
    this.valid.forEach((ok, i) => {
      if (ok) nullBitmap[i >> 3] = (nullBitmap[i >> 3] as number) | (1 << (i & 7));
      else nullCount++;
    });
    return arrow.makeData({ type: this.type, length, nullCount, nullBitmap: nullCount > 0 ? nullBitmap : null, data: BigInt64Array.from(this.values) });
  }
}
