/**
 * Masking: the one place that decides what a secret looks like on screen.
 *
 * - Secret values are never shown; they print as a fixed `********` (no length hint).
 * - API keys and tokens show at most their last 4 characters (`••••abcd`), and only
 *   when they are long enough that 4 characters reveal nothing useful.
 * - `redactKnown` is the safety net: every secret the process has seen (the token,
 *   secret values it sent, API keys it received) is registered with a Redactor, and
 *   every line written to stdout/stderr by the writer, the verbose trace and the error
 *   printer passes through it.
 */

export const SECRET_MASK = '********';

export function maskKey(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return value ?? null;
  if (value.length < 12) return '••••';
  return `••••${value.slice(-4)}`;
}

/** Field names whose values are credentials wherever they appear in API output. */
const CREDENTIAL_FIELDS = new Set([
  'api_key',
  'api_key_2',
  'access_token',
  'refresh_token',
  'client_secret',
  'token',
  'password',
  'authorization',
  'x-api-key',
]);

/**
 * Deep-copies `data`, masking credential fields. `secretValues` also masks a `value`
 * field (used for secret resources, whose `value` the API already masks; we never
 * trust that).
 */
export function maskDeep<T>(data: T, opts: { secretValues?: boolean } = {}): T {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
        const key = k.toLowerCase();
        if (CREDENTIAL_FIELDS.has(key) && (typeof val === 'string' || val === null)) out[k] = maskKey(val);
        else if (opts.secretValues && key === 'value' && typeof val === 'string') out[k] = SECRET_MASK;
        else out[k] = walk(val);
      }
      return out;
    }
    return v;
  };
  return walk(data) as T;
}

/** Remembers secrets seen by this process and scrubs them from any text. */
export class Redactor {
  private readonly secrets = new Set<string>();

  add(secret: string | null | undefined): void {
    // Very short strings would scrub ordinary words; real secrets are longer.
    if (secret && secret.length >= 4) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.secrets) {
      if (out.includes(s)) out = out.split(s).join('[REDACTED]');
    }
    return out;
  }
}
