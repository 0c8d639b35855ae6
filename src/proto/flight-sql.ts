/**
 * The Flight SQL messages of FlightSql.proto (and Flight's BasicAuth), encoded and
 * decoded by hand: each is one to three length-delimited fields, and the Flight
 * service carries them as opaque bytes (descriptor `cmd`, ticket, action body,
 * `app_metadata`), usually inside a `google.protobuf.Any`. A generic reader skips
 * fields it does not know (transaction ids, newer additions), as protobuf requires.
 *
 * Shared by the emulator's Flight server and the CLI's Flight client. No dependencies.
 */

export const SQL_TYPE_PREFIX = 'type.googleapis.com/arrow.flight.protocol.sql.';
export const TypeUrl = {
  CommandStatementQuery: `${SQL_TYPE_PREFIX}CommandStatementQuery`,
  TicketStatementQuery: `${SQL_TYPE_PREFIX}TicketStatementQuery`,
  CommandPreparedStatementQuery: `${SQL_TYPE_PREFIX}CommandPreparedStatementQuery`,
  ActionCreatePreparedStatementRequest: `${SQL_TYPE_PREFIX}ActionCreatePreparedStatementRequest`,
  ActionCreatePreparedStatementResult: `${SQL_TYPE_PREFIX}ActionCreatePreparedStatementResult`,
  ActionClosePreparedStatementRequest: `${SQL_TYPE_PREFIX}ActionClosePreparedStatementRequest`,
  DoPutPreparedStatementResult: `${SQL_TYPE_PREFIX}DoPutPreparedStatementResult`,
  /** The Spice runtime's G3 ticket wrapper: 32 hex characters of trace id, then the ticket. */
  TracedTicket: 'type.googleapis.com/spiceai.flight.TracedTicket',
} as const;

export class ProtoDecodeError extends Error {
  override readonly name = 'ProtoDecodeError';
}

// ─── wire primitives ─────────────────────────────────────────────────────────

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** Encodes length-delimited fields (wire type 2), in the given order, skipping undefined. */
export function encodeFields(fields: ReadonlyArray<readonly [number, Uint8Array | string | undefined]>): Buffer {
  const parts: Buffer[] = [];
  for (const [no, value] of fields) {
    if (value === undefined) continue;
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    parts.push(Buffer.from([...varint((no << 3) | 2), ...varint(bytes.length)]), bytes);
  }
  return Buffer.concat(parts);
}

function readVarint(buf: Uint8Array, pos: number): [number, number] {
  let value = 0;
  let mul = 1;
  for (let i = pos; i < buf.length && i < pos + 10; i++) {
    const b = buf[i] as number;
    value += (b & 0x7f) * mul;
    mul *= 128;
    if ((b & 0x80) === 0) return [value, i + 1];
  }
  throw new ProtoDecodeError('truncated varint');
}

/** The length-delimited fields of a message by number (last one wins); other wire types skipped. */
export function decodeFields(buf: Uint8Array): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  let pos = 0;
  while (pos < buf.length) {
    const [tag, next] = readVarint(buf, pos);
    pos = next;
    const no = Math.floor(tag / 8);
    const wire = tag & 7;
    if (no === 0) throw new ProtoDecodeError('field number 0');
    if (wire === 0) {
      pos = readVarint(buf, pos)[1];
    } else if (wire === 1) {
      pos += 8;
    } else if (wire === 5) {
      pos += 4;
    } else if (wire === 2) {
      const [len, start] = readVarint(buf, pos);
      if (start + len > buf.length) throw new ProtoDecodeError('truncated field');
      out.set(no, Buffer.from(buf.buffer, buf.byteOffset + start, len));
      pos = start + len;
    } else {
      throw new ProtoDecodeError(`unsupported wire type ${wire}`);
    }
    if (pos > buf.length) throw new ProtoDecodeError('truncated message');
  }
  return out;
}

// ─── google.protobuf.Any ─────────────────────────────────────────────────────

export interface AnyMessage {
  typeUrl: string;
  value: Buffer;
}

export function encodeAny(typeUrl: string, value: Uint8Array): Buffer {
  return encodeFields([
    [1, typeUrl],
    [2, value],
  ]);
}

/**
 * Decodes an Any, or returns undefined when the bytes are not one (a raw SQL text is
 * not: its first byte is not the tag 0x0a, or its type_url is not a type URL).
 */
export function decodeAny(buf: Uint8Array): AnyMessage | undefined {
  if (buf.length < 2 || buf[0] !== 0x0a) return undefined;
  try {
    const f = decodeFields(buf);
    const url = f.get(1)?.toString('utf8');
    if (url === undefined || !/^[\w.-]+(\.[\w-]+)*\/[\w.]+$/.test(url)) return undefined;
    return { typeUrl: url, value: f.get(2) ?? Buffer.alloc(0) };
  } catch {
    return undefined;
  }
}

// ─── the messages ────────────────────────────────────────────────────────────

/** CommandStatementQuery, ActionCreatePreparedStatementRequest: `string query = 1`. */
export const encodeQuery = (typeUrl: string, sql: string): Buffer => encodeAny(typeUrl, encodeFields([[1, sql]]));
export const decodeQuery = (value: Uint8Array): string => decodeFields(value).get(1)?.toString('utf8') ?? '';

/** TicketStatementQuery, CommandPreparedStatementQuery, ActionClosePreparedStatementRequest: `bytes handle = 1`. */
export const encodeHandle = (typeUrl: string, handle: Uint8Array): Buffer => encodeAny(typeUrl, encodeFields([[1, handle]]));
export const decodeHandle = (value: Uint8Array): Buffer => decodeFields(value).get(1) ?? Buffer.alloc(0);

export interface PreparedStatementResult {
  handle: Buffer;
  datasetSchema?: Uint8Array | undefined;
  parameterSchema?: Uint8Array | undefined;
}

export function encodePreparedStatementResult(r: PreparedStatementResult): Buffer {
  return encodeAny(
    TypeUrl.ActionCreatePreparedStatementResult,
    encodeFields([
      [1, r.handle],
      [2, r.datasetSchema],
      [3, r.parameterSchema],
    ]),
  );
}

/** Accepts the result Any-wrapped (the spec) or bare (some servers). */
export function decodePreparedStatementResult(buf: Uint8Array): PreparedStatementResult {
  const any = decodeAny(buf);
  const f = decodeFields(any?.typeUrl === TypeUrl.ActionCreatePreparedStatementResult ? any.value : buf);
  const handle = f.get(1);
  if (handle === undefined || handle.length === 0) throw new ProtoDecodeError('prepared statement result without a handle');
  return { handle, datasetSchema: f.get(2), parameterSchema: f.get(3) };
}

/** Flight's BasicAuth (`string username = 2; string password = 3`), a Handshake payload of older clients. */
export function decodeBasicAuth(buf: Uint8Array): { username: string; password: string } | undefined {
  try {
    const f = decodeFields(buf);
    const password = f.get(3)?.toString('utf8');
    if (password === undefined) return undefined;
    return { username: f.get(2)?.toString('utf8') ?? '', password };
  } catch {
    return undefined;
  }
}
