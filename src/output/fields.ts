/**
 * `--fields a,b,c`: choose which fields a JSON result carries (gh's `--json a,b` idea,
 * under its own flag so that `--json` keeps meaning what scripts rely on today).
 * Applied to the masked value `--json` would print: a list keeps its order and each
 * element keeps only the named fields, in the order named; a single object likewise.
 * A name no result carries is a usage error (exit 2) that lists the names that exist.
 */
import { UsageError } from '../errors.js';

/** Parses the flag: comma-separated names, no empty ones, no repeats. */
export function parseFieldList(value: string): string[] {
  const names = value.split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new UsageError(`invalid --fields ${JSON.stringify(value)}: give field names separated by commas, e.g. --fields id,name`);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new UsageError(`invalid --fields: ${JSON.stringify(n)} is named twice`);
    seen.add(n);
  }
  return names;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The field names a result carries, in first-seen order. */
export function availableFields(value: unknown): string[] {
  const names = new Set<string>();
  for (const v of Array.isArray(value) ? value : [value]) if (isRecord(v)) for (const k of Object.keys(v)) names.add(k);
  return [...names];
}

/**
 * Keeps only `fields`. Lists of objects are filtered element by element; a field missing
 * from one element but present in another becomes `null` there, so every element has
 * the same keys. An empty list has nothing to check against and stays empty.
 */
export function selectFields(value: unknown, fields: readonly string[]): unknown {
  if (Array.isArray(value) && value.length === 0) return value;
  const known = availableFields(value);
  if (known.length === 0) throw new UsageError('--fields needs a result made of objects; this command prints something else', 'Leave out --fields, or use --jq.');
  const unknown = fields.filter((f) => !known.includes(f));
  if (unknown.length > 0) {
    const which = unknown.map((f) => JSON.stringify(f)).join(', ');
    throw new UsageError(`unknown field${unknown.length === 1 ? '' : 's'} ${which} for --fields; this result has: ${known.join(', ')}`);
  }
  const pick = (v: unknown) => {
    if (!isRecord(v)) return v;
    const out: Record<string, unknown> = {};
    for (const f of fields) out[f] = Object.hasOwn(v, f) ? v[f] : null;
    return out;
  };
  return Array.isArray(value) ? value.map(pick) : pick(value);
}
