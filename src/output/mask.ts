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
  const tail = value.slice(-4);
  // Only printable characters may show: a control character in the tail hides it all.
  // eslint-disable-next-line no-control-regex
  if (value.length < 12 || /[\u0000-\u001f\u007f-\u009f]/.test(tail)) return '••••';
  return `••••${tail}`;
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
  // The same keys come in every item of a list: each is lower-cased once.
  const lowered = new Map<string, string>();
  const lower = (k: string) => {
    let l = lowered.get(k);
    if (l === undefined) lowered.set(k, (l = k.toLowerCase()));
    return l;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      // A copy by spread keeps the shape of the object the API's JSON gave (no property is
      // added one at a time), and defines a `__proto__` key as a plain key, never the prototype.
      const out: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      const keys = Object.keys(out);
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        const val = out[k];
        const key = lower(k);
        const masked =
          CREDENTIAL_FIELDS.has(key) && (typeof val === 'string' || val === null)
            ? maskKey(val)
            : opts.secretValues && key === 'value' && typeof val === 'string'
              ? SECRET_MASK
              : val !== null && typeof val === 'object'
                ? walk(val)
                : val;
        if (masked === val) continue;
        // Assigning to a `__proto__` key would set the prototype: defined, the slow path, only for it.
        if (k === '__proto__') Object.defineProperty(out, k, { value: masked, enumerable: true, writable: true, configurable: true });
        else out[k] = masked;
      }
      return out;
    }
    return v;
  };
  return walk(data) as T;
}

export const REDACTED = '[REDACTED]';

/**
 * Remembers secrets seen by this process and scrubs them from any text.
 *
 * A secret is matched in every form it can take on the way out: as is, JSON-escaped
 * (a trace of a body, a `--json` error), whitespace-collapsed (a one-line message), with
 * its control characters shown escaped (the terminal-safe form, sanitize.ts), and each
 * of those combined. Callers redact before they collapse or cut; `cut` shortens text
 * without ever leaving part of a secret at the edge.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** Every form of every secret, longest first (a longer form is replaced before a shorter one it contains). */
  private forms: string[] = [];

  add(secret: string | null | undefined): void {
    // Very short strings would scrub ordinary words; real secrets are longer.
    if (!secret || secret.length < 4 || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    const variants = new Set<string>();
    if (ONE_FORM.test(secret)) {
      variants.add(secret); // every form below is the secret itself: JWTs and API keys
    } else {
      const base = [secret, secret.trim(), collapse(secret)];
      for (const b of base) {
        const json = JSON.stringify(b).slice(1, -1);
        for (const v of [b, json, escapeControls(b), escapeControls(json), collapse(json)]) if (v.length >= 4) variants.add(v);
      }
    }
    this.forms = [...new Set([...this.forms, ...variants])].sort((x, y) => y.length - x.length);
  }

  redact(text: string): string {
    let out = text;
    for (const s of this.forms) {
      if (out.includes(s)) out = out.split(s).join(REDACTED);
    }
    return out;
  }

  /**
   * How many characters at the end of `text` could be the start of a secret (0 usually).
   * Streamed text holds them back until the next piece shows whether a secret follows,
   * so a secret split across two pieces is still redacted (Output.text).
   */
  partialAt(text: string): number {
    let held = 0;
    for (const f of this.forms) {
      for (let k = Math.min(f.length - 1, text.length); k > held; k--) {
        if (text.endsWith(f.slice(0, k))) {
          held = k;
          break;
        }
      }
    }
    return held;
  }

  /**
   * Redacts, then shortens to at most about `max` characters (plus a marker). The cut
   * never falls inside a secret: secrets are gone before cutting, and a cut through
   * the `[REDACTED]` marker moves back before it.
   */
  cut(text: string, max: number): string {
    const out = this.redact(text);
    if (out.length <= max) return out;
    let end = max;
    const marker = out.lastIndexOf(REDACTED, end);
    if (marker >= 0 && marker + REDACTED.length > end) end = marker;
    return `${out.slice(0, end)}… (${out.length} characters)`;
  }
}

/** Printable ASCII but for space, `"` and `\`: what neither JSON, collapsing nor escaping changes. */
const ONE_FORM = /^[!#-[\]-~]+$/;

const collapse = (s: string): string => s.replace(/\s+/g, ' ').trim();

// eslint-disable-next-line no-control-regex
const escapeControls = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
