/**
 * `--param` values: `--param 42 --param active` are positional ($1, $2…); `--param
 * id=42 --param status=active` are named ($id, $status). A value that reads as a JSON
 * scalar is that scalar (42, 4.5, true, false, null, "quoted text"); anything else is text.
 * Integers beyond 2^53 stay exact (bigint).
 */
import { UsageError } from '../../errors.js';
import type { QueryParams } from '../../runtime/connection.js';

type Scalar = string | number | bigint | boolean | null;

export function parseParams(values: readonly string[]): QueryParams | undefined {
  if (values.length === 0) return undefined;
  const named = values.map((v) => /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(v));
  if (named.every((m) => m !== null)) {
    const out: Record<string, Scalar> = {};
    for (const m of named) {
      if (Object.hasOwn(out, m![1]!)) throw new UsageError(`--param ${m![1]} is given twice`);
      out[m![1]!] = scalar(m![2]!);
    }
    return out;
  }
  if (named.some((m) => m !== null) && named.some((m) => m === null)) {
    throw new UsageError('--param values are either all positional (--param 42) or all named (--param id=42), not a mix', 'A positional value that contains "=" can be quoted as JSON: --param \'"a=b"\'.');
  }
  return values.map(scalar);
}

export function scalar(text: string): Scalar {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t === 'null') return null;
  if (/^-?\d+$/.test(t)) {
    const n = Number(t);
    return Number.isSafeInteger(n) ? n : BigInt(t);
  }
  if (/^-?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/.test(t) && Number.isFinite(Number(t))) return Number(t);
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) {
    try {
      const s: unknown = JSON.parse(t);
      if (typeof s === 'string') return s;
    } catch {
      /* not JSON: the text as given */
    }
  }
  return text;
}
