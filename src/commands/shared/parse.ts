/**
 * Validators for flags and arguments. Each returns the typed value or throws a one-line
 * UsageError naming the input and the rule (exit 2; nothing is sent).
 */
import { UsageError } from '../../errors.js';
import { parseDuration } from '../../output/time.js';

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function requiredString(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`${what} is required`);
  return v;
}

export function intInRange(v: unknown, flag: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v).trim();
  if (!/^-?\d+$/.test(s) || Number(s) < min || Number(s) > max) {
    throw new UsageError(`invalid ${flag} ${JSON.stringify(String(v))}: must be a whole number from ${min} to ${max}`);
  }
  return Number(s);
}

export function numberInRange(v: unknown, flag: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const s = String(v).trim();
  const n = Number(s);
  if (s === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`invalid ${flag} ${JSON.stringify(String(v))}: must be a number from ${min} to ${max}`);
  }
  return n;
}

export function oneOf<T extends string>(v: unknown, flag: string, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`invalid ${flag} ${JSON.stringify(String(v))}: must be one of ${allowed.join(', ')}`);
  }
  return v as T;
}

export function duration(v: unknown, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const ms = typeof v === 'string' ? parseDuration(v) : undefined;
  if (ms === undefined || ms <= 0) throw new UsageError(`invalid ${flag} ${JSON.stringify(String(v))}: use a duration such as 90s, 10m or 1h`);
  return ms;
}

/** `--tag key=value` (repeatable) into a map; keys must be non-empty. */
export function keyValues(v: unknown, flag: string): Record<string, string> | undefined {
  if (v === undefined) return undefined;
  const items = Array.isArray(v) ? v : [v];
  const out: Record<string, string> = {};
  for (const item of items) {
    const s = String(item);
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid ${flag} ${JSON.stringify(s)}: expected key=value`);
    out[s.slice(0, eq)] = s.slice(eq + 1);
  }
  return out;
}

/** Commander collector for repeatable options. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function secretName(v: unknown): string {
  const s = typeof v === 'string' ? v : '';
  if (!SECRET_NAME.test(s) || s.length > 256) {
    throw new UsageError(
      `invalid secret name ${JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)}: must start with a letter or underscore and contain only letters, digits and underscores`,
    );
  }
  return s;
}

export const APP_NAME = /^[A-Za-z0-9-]{4,38}$/;

export function appName(v: unknown): string {
  const s = typeof v === 'string' ? v : '';
  if (!APP_NAME.test(s)) {
    throw new UsageError(`invalid app name ${JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)}: use 4–38 letters, digits or hyphens`);
  }
  return s;
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** "64MiB", "500KB", "1g", "1048576" -> bytes (1 byte to 64 GiB); undefined when unreadable. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = BYTE_UNITS[m[2]!.toLowerCase()];
  if (unit === undefined) return undefined;
  const n = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(n) && n >= 1 && n <= 64 * 1024 ** 3 ? n : undefined;
}
