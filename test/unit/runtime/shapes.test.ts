import { describe, expect, it } from 'vitest';
import { arrowTypeText, parseJsonSafe, parseSqlBody } from '../../../src/runtime/shapes.js';

describe('SQL answer shapes', () => {
  it('reads a plain rows array, column order from the first row, missing keys as NULL', () => {
    expect(parseSqlBody('[{"b":1,"a":"x"},{"a":"y","c":true}]')).toEqual({
      shape: 'rows',
      columns: [{ name: 'b' }, { name: 'a' }, { name: 'c' }],
      rows: [
        [1, 'x', null],
        [null, 'y', true],
      ],
    });
  });

  it('reads the vnd shape with column order and types from the schema, not the row keys', () => {
    const body = JSON.stringify({
      row_count: 2,
      schema: {
        fields: [
          { name: 'customer_id', data_type: 'Utf8', nullable: false, dict_id: 0, dict_is_ordered: false, metadata: {} },
          { name: 'at', data_type: { Timestamp: ['Nanosecond', 'UTC'] }, nullable: true, dict_id: 0, dict_is_ordered: false, metadata: {} },
          { name: 'n', data_type: 'Int64', nullable: true, dict_id: 0, dict_is_ordered: false, metadata: {} },
        ],
        metadata: {},
      },
      data: [
        { n: 1, at: '2026-01-01T00:00:00Z', customer_id: 'c1' },
        { customer_id: 'c2' },
      ],
    });
    expect(parseSqlBody(body)).toEqual({
      shape: 'vnd',
      columns: [
        { name: 'customer_id', type: 'Utf8' },
        { name: 'at', type: 'Timestamp(Nanosecond, UTC)' },
        { name: 'n', type: 'Int64' },
      ],
      rows: [
        ['c1', '2026-01-01T00:00:00Z', 1],
        ['c2', null, null],
      ],
      reportedRows: 2,
    });
  });

  it('reads an empty vnd answer whose schema is {}', () => {
    expect(parseSqlBody('{"row_count":0,"schema":{},"data":[]}')).toMatchObject({ shape: 'vnd', columns: [], rows: [], reportedRows: 0 });
  });

  it('reads the legacy Spice Cloud shape', () => {
    expect(parseSqlBody('{"rowCount":1,"schema":[{"name":"EXPR$0","type":{"name":"BIGINT"}}],"rows":[{"EXPR$0":149}]}')).toEqual({
      shape: 'legacy',
      columns: [{ name: 'EXPR$0', type: 'BIGINT' }],
      rows: [[149]],
      reportedRows: 1,
    });
  });

  it('reads NDJSON rows', () => {
    expect(parseSqlBody('{"a":1}\n{"a":2}\n')).toMatchObject({ shape: 'ndjson', rows: [[1], [2]] });
  });

  it('sniffs the body whatever the Content-Type said (G1 sent text/plain)', () => {
    expect(parseSqlBody('  [{"x":1}]\n').rows).toEqual([[1]]);
  });

  it('treats an unterminated streamed array as a failure, not a short result', () => {
    expect(() => parseSqlBody('[{"x":1},{"x":2}')).toThrow(/ended early/);
  });

  it('refuses a body that is not a result', () => {
    expect(() => parseSqlBody('<html>')).toThrow(/not JSON/);
    expect(() => parseSqlBody('{"hello":1}')).toThrow(/unknown shape/);
  });
});

describe('big-int-safe JSON', () => {
  it('keeps integers beyond 2^53 as exact strings, and safe ones as numbers', () => {
    expect(parseJsonSafe('[9007199254740991, 9007199254740993, -9223372036854775808, 18446744073709551615]')).toEqual([
      9007199254740991,
      '9007199254740993',
      '-9223372036854775808',
      '18446744073709551615',
    ]);
  });

  it('keeps decimals a double cannot hold as strings, others as numbers', () => {
    expect(parseJsonSafe('[1.5, 0.1, 39.90, 12345678901234567890.123, 0.12345678901234567, 1e400, 2.5e-3]')).toEqual([
      1.5,
      0.1,
      39.9,
      '12345678901234567890.123',
      '0.12345678901234567',
      '1e400',
      0.0025,
    ]);
  });

  it('leaves digits inside strings alone', () => {
    expect(parseJsonSafe('{"s":"9007199254740993 \\" 123456789012345678901","n":12345678901234567890}')).toEqual({
      s: '9007199254740993 " 123456789012345678901',
      n: '12345678901234567890',
    });
  });
});

describe('Arrow type text', () => {
  it('renders serde data types', () => {
    expect(arrowTypeText('Int64')).toBe('Int64');
    expect(arrowTypeText({ Timestamp: ['Microsecond', null] })).toBe('Timestamp(Microsecond, None)');
    expect(arrowTypeText({ Decimal128: [38, 10] })).toBe('Decimal128(38, 10)');
    expect(arrowTypeText({ List: { name: 'item', data_type: 'Utf8' } })).toBe('List(Utf8)');
  });
});
