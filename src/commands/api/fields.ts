/**
 * Input rules of `spice-cloud api`: the route (always under /v1, never a URL, never a
 * dot segment) and gh-style `key=value` fields (`-f` strings, `-F` typed, `a[b]` nests,
 * `a[]` appends). Every violation is a UsageError, before anything is sent.
 */
import { UsageError } from '../../errors.js';

export interface Route {
  /** Percent-encoded, starting with /v1. */
  path: string;
  /** From a `?query` written in the path. */
  query: Record<string, string>;
}

export function parseRoute(input: string): Route {
  const raw = input.trim();
  const shown = JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}…` : raw);
  if (raw === '') throw new UsageError('the API path must not be empty');
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(raw) || raw.startsWith('//')) {
    throw new UsageError(`invalid API path ${shown}: give a path such as /v1/apps, not a URL (choose the host with --api-url)`);
  }
  if (/[\s\\#\u0000-\u001f\u007f]/.test(raw)) throw new UsageError(`invalid API path ${shown}: no spaces, backslashes, '#' or control characters`);
  const q = raw.indexOf('?');
  const pathPart = q < 0 ? raw : raw.slice(0, q);
  const segments = pathPart.replace(/^\/+/, '').replace(/\/+$/, '').split('/');
  if (segments.length === 1 && segments[0] === '') segments.length = 0;
  const decoded = segments.map((s) => {
    let d: string;
    try {
      d = decodeURIComponent(s);
    } catch {
      throw new UsageError(`invalid API path ${shown}: bad percent-encoding in "${s}"`);
    }
    if (d === '' || d === '.' || d === '..' || /[/\\]/.test(d)) {
      throw new UsageError(`invalid API path ${shown}: empty, "." and ".." segments (or encoded slashes) are not allowed`);
    }
    return d;
  });
  if (decoded[0] !== 'v1') decoded.unshift('v1');
  const query: Record<string, string> = {};
  if (q >= 0) for (const [k, v] of new URLSearchParams(raw.slice(q + 1))) query[k] = v;
  return { path: `/${decoded.map(encodeURIComponent).join('/')}`, query };
}

export interface Field {
  key: string;
  value: unknown;
}

/** A typed field whose value is read when the command runs: `-F key=@file`, `-F key=@-` (stdin). */
export class FileValue {
  constructor(readonly source: string) {}
}

/**
 * `key=value` pairs; `typed` (-F) turns numbers, true, false and null into JSON values,
 * and `@file` / `@-` into the text of that file or of stdin (read by `run`, byte-exact).
 */
export function parseFields(v: unknown, flag: string, typed: boolean): Field[] {
  if (v === undefined) return [];
  const fields = (Array.isArray(v) ? v : [v]).map((item) => {
    const s = String(item);
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid ${flag} ${JSON.stringify(s)}: expected key=value`);
    const text = s.slice(eq + 1);
    return { key: s.slice(0, eq), value: typed ? typedValue(text) : text };
  });
  const stdin = fields.filter((f) => f.value instanceof FileValue && f.value.source === '-');
  if (stdin.length > 1) throw new UsageError(`only one ${flag} can read stdin (@-)`);
  return fields;
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

function typedValue(text: string): unknown {
  if (text.startsWith('@')) {
    if (text === '@') throw new UsageError('invalid -F/--field value "@": give a file name after @, or @- for stdin');
    return new FileValue(text.slice(1));
  }
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text === 'null') return null;
  if (NUMBER.test(text) && Number.isFinite(Number(text))) return Number(text);
  return text;
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Builds the JSON body: `a[b]=1` -> {a: {b: 1}}, `a[]=1 a[]=2` -> {a: [1, 2]}. */
export function buildBody(fields: Field[]): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const { key, value } of fields) {
    const m = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
    if (!m) throw new UsageError(`invalid field name ${JSON.stringify(key)}: use name, name[key] or name[]`);
    const parts = [m[1]!, ...[...m[2]!.matchAll(/\[([^[\]]*)\]/g)].map((x) => x[1]!)];
    if (parts.some((p) => FORBIDDEN_KEYS.has(p))) throw new UsageError(`invalid field name ${JSON.stringify(key)}`);
    if (parts.slice(0, -1).includes('')) throw new UsageError(`invalid field name ${JSON.stringify(key)}: "[]" may only come last`);
    const append = parts[parts.length - 1] === '';
    const keys = append ? parts.slice(0, -1) : parts;
    let cur = body;
    for (const k of keys.slice(0, -1)) {
      const next = cur[k];
      if (next === undefined) cur = cur[k] = {};
      else if (isObject(next)) cur = next;
      else throw new UsageError(`conflicting fields: ${JSON.stringify(key)} nests inside a value already set`);
    }
    const k = keys[keys.length - 1]!;
    const existing = Object.hasOwn(cur, k) ? cur[k] : undefined;
    if (append && existing === undefined) cur[k] = [value];
    else if (append && Array.isArray(existing)) existing.push(value);
    else if (!append && existing === undefined && !Object.hasOwn(cur, k)) cur[k] = value;
    else throw new UsageError(`conflicting fields: ${JSON.stringify(key)} is given twice or clashes with another field`);
  }
  return body;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof FileValue);
}

/** A header name as HTTP allows it (RFC 9110 token). */
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** `-H "Name: value"` (repeatable), checked before anything is sent. */
export function parseHeaders(v: unknown, reserved: ReadonlySet<string>): Record<string, string> {
  const headers: Record<string, string> = {};
  if (v === undefined) return headers;
  for (const item of Array.isArray(v) ? v : [v]) {
    const s = String(item);
    const colon = s.indexOf(':');
    const name = colon < 0 ? '' : s.slice(0, colon).trim();
    const value = colon < 0 ? '' : s.slice(colon + 1).trim();
    const shown = JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
    if (!TOKEN.test(name)) throw new UsageError(`invalid -H/--header ${shown}: expected "Name: value"`);
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new UsageError(`invalid -H/--header ${JSON.stringify(name)}: the value has a line break or control character`);
    if (reserved.has(name.toLowerCase())) {
      throw new UsageError(`-H/--header cannot set ${name}: the client sets it`, name.toLowerCase() === 'x-org-name' ? 'Choose the org with --org.' : undefined);
    }
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** Header names whose values are credentials: redacted in the trace and in `-i` output. */
export const SENSITIVE_HEADER = /^(set-cookie|cookie|authorization|proxy-authorization|www-authenticate)$|token|secret|key|password|session|credential/i;
