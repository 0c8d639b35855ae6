/**
 * A light check of what the API answers, before any command reads it. Not a schema
 * framework (nothing here loads on the startup path): two functions.
 *
 * - `checkJson`: every parsed JSON answer. At most 64 levels deep (deeper input
 *   overflows the stack of any recursive walk later), finite numbers only (`1e400`
 *   parses as Infinity), no `__proto__` keys (assigning one replaces a prototype and
 *   silently drops data).
 * - `checkItems`: the fields a command uses, per item of a list or for one resource:
 *   each item an object, each required field present with its type (`{id: 'number',
 *   name: 'string'}`), optional ones (`'string?'`) of that type or null when present.
 * A failure is one line: `unexpected answer from the API (item 3: "name" is missing)`.
 */
import { ApiError } from '../errors.js';

export const MAX_JSON_DEPTH = 64;

/**
 * Why `value` is not a sane JSON answer, or undefined. Recursive, but never deeper than
 * MAX_JSON_DEPTH frames: the depth is checked before a level is entered.
 */
export function checkJson(value: unknown, depth = 0): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : 'a number out of range';
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_JSON_DEPTH) return `nested deeper than ${MAX_JSON_DEPTH} levels`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = checkJson(value[i], depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  // Indexed loops, here and below: an iterator allocates a result per value, and this runs for every value of every answer.
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k === '__proto__') return 'a "__proto__" key';
    const problem = checkJson((value as Record<string, unknown>)[k], depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

export type FieldType = 'string' | 'number' | 'boolean' | 'object' | 'array';
export type Shape = Record<string, FieldType | `${FieldType}?`>;

function typeOf(v: unknown): FieldType | 'null' | 'undefined' | 'other' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  const t = typeof v;
  return t === 'string' || t === 'number' || t === 'boolean' || t === 'object' || t === 'undefined' ? t : 'other';
}

/** Why `item` does not have `shape`, or undefined. */
export function shapeProblem(item: unknown, shape: Shape): string | undefined {
  if (typeOf(item) !== 'object') return `${describe(item)} where an object was expected`;
  const o = item as Record<string, unknown>;
  const fields = Object.keys(shape);
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    const spec = shape[field]!;
    const optional = spec.endsWith('?');
    const want = (optional ? spec.slice(0, -1) : spec) as FieldType;
    const got = typeOf(o[field]);
    if (got === want) {
      if (want === 'string' && field === 'name' && (o[field] as string) === '') return `"${field}" is empty`;
      continue;
    }
    if (optional && (got === 'undefined' || got === 'null')) continue;
    return got === 'undefined' ? `"${field}" is missing` : `"${field}" is ${describe(o[field])}, not a ${want}`;
  }
  return undefined;
}

function describe(v: unknown): string {
  const t = typeOf(v);
  return t === 'null' ? 'null' : t === 'array' ? 'a list' : t === 'undefined' ? 'nothing' : t === 'object' ? 'an object' : `a ${t}`;
}

/** Throws one ApiError line when an item lacks what the command uses. */
export function checkItems<T>(items: unknown[], shape: Shape, what: string): T[] {
  for (let i = 0; i < items.length; i++) {
    const problem = shapeProblem(items[i], shape);
    if (problem) throw unexpected(what, items.length === 1 ? problem : `item ${i + 1}: ${problem}`);
  }
  return items as T[];
}

export function checkItem<T>(item: unknown, shape: Shape, what: string): T {
  const problem = shapeProblem(item, shape);
  if (problem) throw unexpected(what, problem);
  return item as T;
}

export function unexpected(what: string, problem: string): ApiError {
  return new ApiError(`${what} failed: unexpected answer from the API (${problem})`, { code: 'unexpected_response' });
}

/** The fields commands read, per resource. */
export const SHAPES = {
  app: { id: 'number', name: 'string', description: 'string?', created_at: 'string?' },
  deployment: { id: 'number', status: 'string', error_message: 'string?' },
  secret: { name: 'string' },
  member: { user_id: 'number', username: 'string', roles: 'array?' },
  log: { message: 'string' },
  org: { name: 'string' },
  region: { region: 'string' },
  image: {},
} satisfies Record<string, Shape>;
