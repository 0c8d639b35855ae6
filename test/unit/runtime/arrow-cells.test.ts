import { describe, expect, it } from 'vitest';
import * as A from 'apache-arrow';
import { batchRows, columnsOf, decimalCell, timestampText } from '../../../src/runtime/arrow-cells.js';

describe('Arrow batches to cells', () => {
  it('keeps 64-bit integers exact: numbers when safe, strings beyond 2^53', () => {
    const t = A.tableFromArrays({ i: BigInt64Array.from([1n, 9007199254740993n, -9223372036854775808n]), s: ['a', 'b', null] as unknown as string[] });
    expect(batchRows(t.batches[0]!)).toEqual([
      [1, 'a'],
      ['9007199254740993', 'b'],
      ['-9223372036854775808', null],
    ]);
    expect(columnsOf(t.schema)).toEqual([
      { name: 'i', type: 'Int64' },
      { name: 's', type: 'Dictionary(Int32, Utf8)' },
    ]);
  });

  it('formats decimals with their scale, never rounded', () => {
    expect(decimalCell(new Uint32Array([12345, 0, 0, 0]), 2)).toBe(123.45);
    expect(decimalCell(new Uint32Array([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff]), 2)).toBe(-0.01);
    const big = (1n << 100n) + 7n;
    const words = new Uint32Array(4);
    for (let i = 0; i < 4; i++) words[i] = Number((big >> BigInt(32 * i)) & 0xffffffffn);
    expect(decimalCell(words, 3)).toBe(`${big.toString().slice(0, -3)}.${big.toString().slice(-3)}`);
  });

  it('writes timestamps from the raw value, nanoseconds kept, Z only with a time zone', () => {
    expect(timestampText(1700000000123456789n, A.TimeUnit.NANOSECOND, true)).toBe('2023-11-14T22:13:20.123456789Z');
    expect(timestampText(1700000000000n, A.TimeUnit.MILLISECOND, false)).toBe('2023-11-14T22:13:20');
    expect(timestampText(-1n, A.TimeUnit.MICROSECOND, false)).toBe('1969-12-31T23:59:59.999999');
  });

  it('reads timestamp, date, bool and float columns', () => {
    const ts = A.makeVector(A.makeData({ type: new A.TimestampMicrosecond('UTC'), length: 1, data: BigInt64Array.from([1700000000123456n]) }));
    const day = A.makeVector(A.makeData({ type: new A.DateDay(), length: 1, data: Int32Array.from([19000]) }));
    const batch = new A.Table({ ts, day, ok: A.vectorFromArray([true]), f: A.makeVector(Float64Array.from([Number.NaN])) }).batches[0]!;
    expect(batchRows(batch)).toEqual([['2023-11-14T22:13:20.123456Z', '2022-01-08', true, 'NaN']]);
    expect(columnsOf(batch.schema)[0]).toEqual({ name: 'ts', type: 'Timestamp(Microsecond, UTC)' });
  });
});
