/**
 * The SQL engine behind the emulated runtime, as one small interface. The HTTP routes
 * (`/v1/sql`, search, nsql, chat's SQL answers) and the Flight service both execute
 * through it; the DuckDB implementation lives in `duckdb.ts` and is the only module
 * that imports `@duckdb/node-api` (loaded when the runtime starts, never by the CLI).
 *
 * Results are Arrow record batches (`apache-arrow`), produced lazily: a consumer that
 * stops iterating (client gone, Ctrl-C, dropped stream) must call `close()`, and a
 * million-row result is never held in memory at once.
 */
import type { RecordBatch, Schema } from 'apache-arrow';

/** Positional (`$1`, `$2`…) or named (`$name`) parameters, scalars only. */
export type SqlParams = ReadonlyArray<SqlScalar> | Readonly<Record<string, SqlScalar>>;
export type SqlScalar = string | number | bigint | boolean | null;

export interface QueryResult {
  /** Known before the first batch (Flight's GetFlightInfo and the vnd+json schema need it). */
  readonly schema: Schema;
  /** Record batches of at most `batchRows` rows, pulled on demand. */
  batches(): AsyncIterable<RecordBatch>;
  /** Stop early and free the engine's resources; idempotent. */
  close(): Promise<void>;
}

/** An error the runtime reports as a SQL error (HTTP 400 text, Flight INVALID_ARGUMENT). */
export class SqlError extends Error {
  override readonly name = 'SqlError';
}

export interface TableInfo {
  name: string;
  columns: Array<{ name: string; type: string; nullable: boolean }>;
}

export interface Engine {
  /** Plan and start a query; rejects with SqlError for parse, plan or bind errors. */
  query(sql: string, params?: SqlParams, opts?: { signal?: AbortSignal; batchRows?: number }): Promise<QueryResult>;
  /** Only the schema (Flight GetFlightInfo, prepared statements' dataset schema). */
  describe(sql: string): Promise<Schema>;
  /** Register (or replace) a dataset as a table or view under `name`. */
  register(name: string, source: DatasetSource): Promise<void>;
  drop(name: string): Promise<void>;
  tables(): Promise<TableInfo[]>;
  close(): Promise<void>;
}

export type DatasetSource =
  /** `path` relative to the engine's data directory; `materialize` loads it once (acceleration). */
  | { kind: 'file'; path: string; format: 'csv' | 'parquet' | 'json'; materialize?: boolean }
  /** A view over a query (table functions such as `range(10)` or `read_csv(...)`). */
  | { kind: 'sql'; sql: string }
  /** `table` of a database file (relative to the data directory), attached read-only. */
  | { kind: 'duckdb-file'; file: string; table: string };
