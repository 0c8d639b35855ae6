/**
 * Reads a deployed spicepod (the object the Management API stores) into what the
 * emulated runtime serves: datasets with their connector, search columns and
 * acceleration, and models. Pure functions; the host loads the result into an engine.
 *
 * Connectors the emulator can serve offline:
 *   file:<path> | file://<path>   CSV, Parquet, JSON (format from params.file_format or the extension)
 *   memory:<anything>             an empty in-memory table (columns from `columns`, else id/value)
 *   duckdb:<table>                a table of the DuckDB file in params.duckdb_open, read-only
 *   duckdb:<table function(...)>  e.g. duckdb:read_csv('x.csv') or duckdb:range(10)
 * Everything else (postgres:, s3:, databricks:, spice.ai:, …) is listed with status Error.
 */
import type { DatasetSource } from './engine.js';

export type ComponentStatus = 'Initializing' | 'Ready' | 'Disabled' | 'Error' | 'Refreshing';

export interface SearchColumn {
  column: string;
  kind: 'full_text' | 'embeddings';
  /** Primary-key columns (`row_id`), reported in `primary_key` of search results. */
  rowId: string[];
}

export interface DatasetSpec {
  name: string;
  from: string;
  /** The connector prefix (`file`, `postgres`, …). */
  connector: string;
  description: string | null;
  accelerated: boolean;
  acceleration: Record<string, unknown> | null;
  search: SearchColumn[];
  /** What to register in the engine; null when the dataset cannot be served. */
  source: DatasetSource | null;
  /** Set when the dataset cannot load (connector, missing secret, unreadable file). */
  error: string | null;
}

export interface ModelSpec {
  name: string;
  from: string;
  datasets: string[] | null;
  params: Record<string, unknown>;
}

export interface LoadedSpicepod {
  name: string;
  datasets: DatasetSpec[];
  models: ModelSpec[];
  embeddings: ModelSpec[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/**
 * `${secrets:NAME}` (spaces allowed inside the braces) resolved from the app's secrets.
 * Returns the text, or the name of the first missing secret.
 */
export function resolveSecrets(text: string, secrets: ReadonlyMap<string, string>): { value: string } | { missing: string } {
  let missing: string | null = null;
  const value = text.replace(/\$\{\s*secrets?:\s*([A-Za-z0-9_.-]+)\s*\}/g, (_m, name: string) => {
    const v = secrets.get(name);
    if (v === undefined) {
      missing ??= name;
      return '';
    }
    return v;
  });
  return missing !== null ? { missing } : { value };
}

function fileFormat(path: string, params: Record<string, unknown>): 'csv' | 'parquet' | 'json' | null {
  const declared = str(params['file_format'])?.toLowerCase();
  if (declared === 'csv' || declared === 'parquet' || declared === 'json') return declared;
  if (declared === 'jsonl' || declared === 'ndjson') return 'json';
  const lower = path.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.tsv') || lower.endsWith('.csv.gz')) return 'csv';
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.json') || lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'json';
  return null;
}

function rowIds(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  return list(v).filter((x): x is string => typeof x === 'string');
}

function searchColumns(ds: Record<string, unknown>): SearchColumn[] {
  const out: SearchColumn[] = [];
  for (const c of list(ds['columns'])) {
    if (!isObj(c) || typeof c['name'] !== 'string') continue;
    const fts = c['full_text_search'];
    if (isObj(fts) && fts['enabled'] === true) out.push({ column: c['name'], kind: 'full_text', rowId: rowIds(fts['row_id'] ?? fts['primary_key']) });
    const emb = list(c['embeddings']).find(isObj);
    if (emb && !out.some((s) => s.column === c['name'])) out.push({ column: c['name'], kind: 'embeddings', rowId: rowIds(emb['row_id']) });
  }
  // Older spicepods: dataset-level `embeddings: [{column, use}]`.
  for (const e of list(ds['embeddings'])) {
    if (isObj(e) && typeof e['column'] === 'string' && !out.some((s) => s.column === e['column'])) {
      out.push({ column: e['column'], kind: 'embeddings', rowId: rowIds(e['row_id'] ?? e['primary_key']) });
    }
  }
  return out;
}

const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;

function datasetSpec(raw: Record<string, unknown>, secrets: ReadonlyMap<string, string>): DatasetSpec | null {
  const name = str(raw['name']);
  const fromRaw = str(raw['from']);
  if (!name || fromRaw === null) return null;
  const params = isObj(raw['params']) ? raw['params'] : {};
  const accel = isObj(raw['acceleration']) ? raw['acceleration'] : null;
  const base = {
    name,
    from: fromRaw,
    connector: /^([A-Za-z0-9_.-]+):/.exec(fromRaw)?.[1]?.toLowerCase() ?? fromRaw,
    description: str(raw['description']),
    accelerated: accel?.['enabled'] === true,
    acceleration: accel ? structuredClone(accel) : null,
    search: searchColumns(raw),
  };
  const fail = (error: string): DatasetSpec => ({ ...base, source: null, error });

  // Secrets first: the runtime resolves them before it connects.
  const resolved: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v !== 'string') continue;
    const r = resolveSecrets(v, secrets);
    if ('missing' in r) return fail(`Failed to load dataset ${name}: secret '${r.missing}' (referenced by params.${k}) was not found in the app's secrets`);
    resolved[k] = r.value;
  }
  const fromResolved = resolveSecrets(fromRaw, secrets);
  if ('missing' in fromResolved) return fail(`Failed to load dataset ${name}: secret '${fromResolved.missing}' was not found in the app's secrets`);
  const from = fromResolved.value;

  switch (base.connector) {
    case 'file': {
      const path = from.replace(/^file:(\/\/)?/, '');
      const format = fileFormat(path, params);
      if (path === '') return fail(`Failed to load dataset ${name}: file: needs a path`);
      if (!format) return fail(`Failed to load dataset ${name}: cannot tell the file format of '${path}'; set params.file_format to csv, parquet or json`);
      return { ...base, source: { kind: 'file', path, format, materialize: base.accelerated }, error: null };
    }
    case 'memory': {
      const cols = list(raw['columns'])
        .filter(isObj)
        .map((c) => str(c['name']))
        .filter((c): c is string => c !== null);
      const select = cols.length > 0 ? cols.map((c) => `NULL::VARCHAR AS ${quoteIdent(c)}`).join(', ') : 'NULL::VARCHAR AS id, NULL::VARCHAR AS value';
      return { ...base, source: { kind: 'sql', sql: `SELECT ${select} WHERE false` }, error: null };
    }
    case 'duckdb': {
      const target = from.replace(/^duckdb:/, '').trim();
      if (target === '') return fail(`Failed to load dataset ${name}: duckdb: needs a table name or table function`);
      if (target.includes('(')) return { ...base, source: { kind: 'sql', sql: `SELECT * FROM ${target}` }, error: null };
      const open = resolved['duckdb_open'];
      if (!open) return fail(`Failed to load dataset ${name}: duckdb:${target} needs params.duckdb_open (a DuckDB file under the data directory)`);
      return { ...base, source: { kind: 'duckdb-file', file: open, table: target }, error: null };
    }
    default:
      return fail(
        `Failed to load dataset ${name}: the '${base.connector}' connector is not available in the emulated runtime (it runs offline); ` +
          `only file:, memory: and duckdb: datasets load`,
      );
  }
}

function modelSpecs(v: unknown): ModelSpec[] {
  return list(v)
    .filter(isObj)
    .map((m) => ({
      name: str(m['name']) ?? '',
      from: str(m['from']) ?? '',
      datasets: Array.isArray(m['datasets']) ? m['datasets'].filter((d): d is string => typeof d === 'string') : null,
      params: isObj(m['params']) ? structuredClone(m['params']) : {},
    }))
    .filter((m) => m.name !== '');
}

export function loadSpicepod(pod: Record<string, unknown>, secrets: ReadonlyMap<string, string>): LoadedSpicepod {
  return {
    name: str(pod['name']) ?? 'spicepod',
    datasets: list(pod['datasets'])
      .filter(isObj)
      .map((d) => datasetSpec(d, secrets))
      .filter((d): d is DatasetSpec => d !== null),
    models: modelSpecs(pod['models']),
    embeddings: modelSpecs(pod['embeddings']),
  };
}
