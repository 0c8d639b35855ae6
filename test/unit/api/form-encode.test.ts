import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formEncode } from '../../../src/api/http.js';

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.nat(0xffff).map((n) => String.fromCharCode(n));

describe('formEncode', () => {
  it('encodes a query key or value byte for byte as URLSearchParams does, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: codeUnit }), (key, value) => {
        expect(`${formEncode(key)}=${formEncode(value)}`).toBe(new URLSearchParams([[key, value]]).toString());
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the characters URLSearchParams keeps and writes a space as +', () => {
    expect(formEncode("a-b_c.d*e f!g'h(i)j~k")).toBe('a-b_c.d*e+f%21g%27h%28i%29j%7Ek');
    expect(formEncode('\ud800x')).toBe('%EF%BF%BDx');
  });
});
