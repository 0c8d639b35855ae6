/**
 * The hand-written Flight SQL codec (src/proto/flight-sql.ts) round-trips, skips what it
 * does not know, never mistakes SQL text for a command, and interoperates with the
 * encoders and decoders of the official SDK (@spiceai/spice 3.2.0, dist/node/adbc).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeAny,
  decodeBasicAuth,
  decodeFields,
  decodeHandle,
  decodePreparedStatementResult,
  decodeQuery,
  encodeAny,
  encodeFields,
  encodeHandle,
  encodePreparedStatementResult,
  encodeQuery,
  ProtoDecodeError,
  TypeUrl,
} from '../../../src/proto/flight-sql.js';

// Not an exported subpath: load the SDK's own module file next to its entry point.
const req = createRequire(import.meta.url);
const sdk = req(join(dirname(req.resolve('@spiceai/spice')), 'adbc', 'client.js')) as {
  encodeCreatePreparedStatementRequest(q: string): Buffer;
  encodeCommandPreparedStatementQuery(h: Buffer): Buffer;
  encodeClosePreparedStatementRequest(h: Buffer): Buffer;
  encodeCommandStatementQuery(q: string): Buffer;
  decodeCreatePreparedStatementResult(b: Buffer): { preparedStatementHandle: Buffer; datasetSchema?: Buffer };
};

describe('Flight SQL codec', () => {
  it('round-trips queries and handles of any length (multi-byte varints)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 3000 }), fc.uint8Array({ maxLength: 600 }), (sql, handle) => {
        const q = decodeAny(encodeQuery(TypeUrl.CommandStatementQuery, sql));
        expect(q?.typeUrl).toBe(TypeUrl.CommandStatementQuery);
        expect(decodeQuery(q!.value)).toBe(sql);
        const h = decodeAny(encodeHandle(TypeUrl.CommandPreparedStatementQuery, handle));
        expect([...decodeHandle(h!.value)]).toEqual([...handle]);
      }),
    );
  });

  it('never takes SQL text for an Any command', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 500 }).filter((s) => !s.startsWith('\n')), (sql) => {
        expect(decodeAny(Buffer.from(sql))).toBeUndefined();
      }),
    );
    expect(decodeAny(Buffer.from('\nSELECT 1'))).toBeUndefined();
  });

  it('skips varint, fixed and unknown length-delimited fields, and rejects truncation', () => {
    const withExtras = Buffer.concat([Buffer.from([0x08, 0x96, 0x01]), Buffer.from([0x11, 1, 2, 3, 4, 5, 6, 7, 8]), encodeFields([[1, 'SELECT 1'], [7, 'x']]), Buffer.from([0x1d, 1, 2, 3, 4])]);
    expect(decodeQuery(withExtras)).toBe('SELECT 1');
    expect(() => decodeFields(Buffer.from([0x0a, 0x05, 0x41]))).toThrow(ProtoDecodeError);
  });

  it("decodes what the SDK sends: CreatePreparedStatement, CommandPreparedStatementQuery, Close, CommandStatementQuery", () => {
    const create = decodeAny(sdk.encodeCreatePreparedStatementRequest('SELECT $1 AS a'));
    expect(create?.typeUrl).toBe(TypeUrl.ActionCreatePreparedStatementRequest);
    expect(decodeQuery(create!.value)).toBe('SELECT $1 AS a');
    const handle = Buffer.from('ps-0123456789abcdef01234567');
    for (const [bytes, url] of [
      [sdk.encodeCommandPreparedStatementQuery(handle), TypeUrl.CommandPreparedStatementQuery],
      [sdk.encodeClosePreparedStatementRequest(handle), TypeUrl.ActionClosePreparedStatementRequest],
    ] as const) {
      const any = decodeAny(bytes);
      expect(any?.typeUrl).toBe(url);
      expect(decodeHandle(any!.value).toString()).toBe(handle.toString());
    }
    expect(decodeQuery(sdk.encodeCommandStatementQuery('SELECT 2'))).toBe('SELECT 2');
  });

  it('answers in a form the SDK decodes: the prepared statement result, Any-wrapped or bare', () => {
    const handle = Buffer.from('ps-feedfacecafebeef00112233');
    const schema = Buffer.from([1, 2, 3, 4]);
    const got = sdk.decodeCreatePreparedStatementResult(encodePreparedStatementResult({ handle, datasetSchema: schema }));
    expect(got.preparedStatementHandle.toString()).toBe(handle.toString());
    expect([...got.datasetSchema!]).toEqual([...schema]);
    // The DoPut result (DoPutPreparedStatementResult, bare) decodes to the same handle.
    expect(sdk.decodeCreatePreparedStatementResult(encodeFields([[1, handle]])).preparedStatementHandle.toString()).toBe(handle.toString());
    expect(decodePreparedStatementResult(encodeFields([[1, handle]])).handle.toString()).toBe(handle.toString());
    expect(() => decodePreparedStatementResult(encodeAny(TypeUrl.ActionCreatePreparedStatementResult, Buffer.alloc(0)))).toThrow(ProtoDecodeError);
  });

  it('reads a BasicAuth handshake payload (username 2, password 3)', () => {
    expect(decodeBasicAuth(encodeFields([[2, 'appid'], [3, 'the-key']]))).toEqual({ username: 'appid', password: 'the-key' });
    expect(decodeBasicAuth(encodeFields([[2, 'only-user']]))).toBeUndefined();
  });
});
