/**
 * Body validation that collects zod-style field errors, so one 400 lists every problem:
 * `{error, details: {fieldErrors: {field: [messages]}, formErrors: []}}`.
 *
 * Each reader returns `undefined` when the field is absent, the value when valid, and
 * records an error (returning undefined) otherwise. `null` is only accepted when the
 * reader is told `nullable`.
 */
import { validationError, type FieldErrors } from './errors.js';
import { isObject } from './http.js';

interface Common {
  required?: boolean;
  nullable?: boolean;
}

export class Fields {
  readonly errors: FieldErrors = {};

  constructor(private readonly body: Record<string, unknown>) {}

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  has(field: string): boolean {
    return this.body[field] !== undefined;
  }

  /** Throws the collected 400 if any field failed. */
  done(): void {
    if (Object.keys(this.errors).length > 0) throw validationError(this.errors);
  }

  private present(field: string, o: Common): { ok: false } | { ok: true; value: unknown } {
    const v = this.body[field];
    if (v === undefined) {
      if (o.required) this.add(field, 'Required');
      return { ok: false };
    }
    if (v === null && !o.nullable) {
      this.add(field, 'Expected a value, received null');
      return { ok: false };
    }
    return { ok: true, value: v };
  }

  string(
    field: string,
    o: Common & { min?: number; max?: number; pattern?: RegExp; patternMessage?: string; enum?: readonly string[] } = {},
  ): string | null | undefined {
    const p = this.present(field, o);
    if (!p.ok) return undefined;
    if (p.value === null) return null;
    if (typeof p.value !== 'string') return this.fail(field, `Expected string, received ${typeName(p.value)}`);
    const s = p.value;
    if (o.enum && !o.enum.includes(s)) {
      return this.fail(field, `Invalid enum value. Expected ${o.enum.map((e) => `'${e}'`).join(' | ')}, received '${s}'`);
    }
    if (o.min !== undefined && s.length < o.min) return this.fail(field, `String must contain at least ${o.min} character(s)`);
    if (o.max !== undefined && s.length > o.max) return this.fail(field, `String must contain at most ${o.max} character(s)`);
    if (o.pattern && !o.pattern.test(s)) return this.fail(field, o.patternMessage ?? 'Invalid format');
    return s;
  }

  int(field: string, o: Common & { min?: number; max?: number } = {}): number | null | undefined {
    const p = this.present(field, o);
    if (!p.ok) return undefined;
    if (p.value === null) return null;
    if (typeof p.value !== 'number' || !Number.isInteger(p.value)) return this.fail(field, `Expected integer, received ${typeName(p.value)}`);
    if (o.min !== undefined && p.value < o.min) return this.fail(field, `Number must be greater than or equal to ${o.min}`);
    if (o.max !== undefined && p.value > o.max) return this.fail(field, `Number must be less than or equal to ${o.max}`);
    return p.value;
  }

  number(field: string, o: Common & { positive?: boolean } = {}): number | null | undefined {
    const p = this.present(field, o);
    if (!p.ok) return undefined;
    if (p.value === null) return null;
    if (typeof p.value !== 'number' || !Number.isFinite(p.value)) return this.fail(field, `Expected number, received ${typeName(p.value)}`);
    if (o.positive && p.value <= 0) return this.fail(field, 'Number must be greater than 0');
    return p.value;
  }

  bool(field: string, o: Common = {}): boolean | null | undefined {
    const p = this.present(field, o);
    if (!p.ok) return undefined;
    if (p.value === null) return null;
    if (typeof p.value !== 'boolean') return this.fail(field, `Expected boolean, received ${typeName(p.value)}`);
    return p.value;
  }

  object(field: string, o: Common = {}): Record<string, unknown> | null | undefined {
    const p = this.present(field, o);
    if (!p.ok) return undefined;
    if (p.value === null) return null;
    if (!isObject(p.value)) return this.fail(field, `Expected object, received ${typeName(p.value)}`);
    return p.value;
  }

  /** A string -> string map (tags). */
  stringMap(field: string, o: Common = {}): Record<string, string> | null | undefined {
    const obj = this.object(field, o);
    if (!obj) return obj;
    for (const [k, v] of Object.entries(obj)) {
      if (typeof v !== 'string') return this.fail(field, `Value of "${k}" must be a string`);
    }
    return obj as Record<string, string>;
  }

  stringArray(field: string, o: Common & { allowed?: readonly string[]; nonEmpty?: boolean } = {}): string[] | null | undefined {
    const p = this.present(field, o);
    if (!p.ok) return undefined;
    if (p.value === null) return null;
    if (!Array.isArray(p.value) || !p.value.every((x) => typeof x === 'string')) return this.fail(field, 'Expected an array of strings');
    const arr = p.value as string[];
    if (o.nonEmpty && arr.length === 0) return this.fail(field, 'Array must contain at least 1 element(s)');
    const bad = o.allowed ? arr.filter((x) => !o.allowed?.includes(x)) : [];
    if (bad.length > 0) return this.fail(field, `Invalid value(s) ${bad.map((b) => `'${b}'`).join(', ')}. Expected ${o.allowed?.join(' | ')}`);
    return arr;
  }

  private fail(field: string, message: string): undefined {
    this.add(field, message);
    return undefined;
  }
}

export function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Validates a query parameter as an integer within bounds (400 with fieldErrors otherwise). */
export function queryInt(query: URLSearchParams, name: string, dflt: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null) return dflt;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw validationError({ [name]: [`Must be an integer between ${min} and ${max}`] }, `Invalid query parameter: ${name}`);
  }
  return Number(raw);
}

export function queryEnum<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[], dflt?: T): T | undefined {
  const raw = query.get(name);
  if (raw === null) return dflt;
  if (!allowed.includes(raw as T)) {
    throw validationError({ [name]: [`Invalid enum value. Expected ${allowed.map((a) => `'${a}'`).join(' | ')}, received '${raw}'`] }, `Invalid query parameter: ${name}`);
  }
  return raw as T;
}

/** The documented default page size of list endpoints (strict mode applies it). */
export const DEFAULT_PAGE_SIZE = 20;

/**
 * `limit`/`offset` paging of a list. Strict mode pages at the documented default of 20
 * when no `limit` is given; otherwise a list without `limit` is answered in full.
 */
export function page<T>(query: URLSearchParams, items: T[], strict: boolean): T[] {
  const limit = queryInt(query, 'limit', strict ? DEFAULT_PAGE_SIZE : Number.MAX_SAFE_INTEGER, 1, strict ? 100 : Number.MAX_SAFE_INTEGER);
  const offset = queryInt(query, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
  return items.slice(offset, offset + limit);
}
