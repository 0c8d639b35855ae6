/**
 * JSON request bodies the way axum's `Json` extractor treats them (the runtime's chat,
 * search and nsql routes): Content-Type not JSON → 415; unparsable → 400; wrong shape →
 * 422; each with axum's plain-text rejection message.
 */
import { RtError, type RtCtx } from './http.js';

export function jsonBody(ctx: RtCtx): Record<string, unknown> {
  const ct = String(ctx.req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (!ct || !(ct === 'application/json' || (ct.startsWith('application/') && ct.endsWith('+json')))) {
    throw new RtError(415, 'Expected request with `Content-Type: application/json`');
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(ctx.body));
  } catch (err) {
    throw new RtError(400, `Failed to parse the request body as JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw shapeError(`invalid type: ${describe(value)}, expected a map`);
  }
  return value as Record<string, unknown>;
}

export const shapeError = (message: string): RtError => new RtError(422, `Failed to deserialize the JSON body into the target type: ${message}`);

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'sequence';
  if (typeof v === 'string') return `string ${JSON.stringify(v)}`;
  if (typeof v === 'number') return Number.isInteger(v) ? `integer \`${v}\`` : `floating point \`${v}\``;
  if (typeof v === 'boolean') return `boolean \`${v}\``;
  return typeof v;
}

/** Field readers producing serde-like 422 messages. */
export class Shape {
  constructor(private readonly o: Record<string, unknown>) {}

  string(key: string, required: true): string;
  string(key: string, required?: false): string | undefined;
  string(key: string, required = false): string | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) {
      if (required) throw shapeError(`missing field \`${key}\``);
      return undefined;
    }
    if (typeof v !== 'string') throw shapeError(`${key}: invalid type: ${describe(v)}, expected a string`);
    return v;
  }

  strings(key: string): string[] | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw shapeError(`${key}: invalid type: ${describe(v)}, expected a sequence`);
    for (const x of v) if (typeof x !== 'string') throw shapeError(`${key}: invalid type: ${describe(x)}, expected a string`);
    return v as string[];
  }

  uint(key: string): number | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw shapeError(`${key}: invalid type: ${describe(v)}, expected usize`);
    return v;
  }

  bool(key: string): boolean | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw shapeError(`${key}: invalid type: ${describe(v)}, expected a boolean`);
    return v;
  }

  number(key: string): number | undefined {
    const v = this.o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number') throw shapeError(`${key}: invalid type: ${describe(v)}, expected f32`);
    return v;
  }

  raw(key: string): unknown {
    return this.o[key];
  }
}
