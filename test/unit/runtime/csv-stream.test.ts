import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../../src/output/encode.js';
import { csvRows } from '../../../src/runtime/csv-stream.js';

async function read(chunks: string[], batch = 2): Promise<string[][]> {
  const out: string[][] = [];
  for await (const rows of csvRows((async function* () { for (const c of chunks) yield Buffer.from(c); })(), batch)) out.push(...rows);
  return out;
}

describe('csvRows', () => {
  it('reads the header and rows, quoted fields with commas, quotes and line breaks, CRLF or LF', async () => {
    expect(await read(['id,label\r\n1,"a, b"\r\n2,"say ""hi"""\n3,"two\nlines"\n'])).toEqual([
      ['id', 'label'],
      ['1', 'a, b'],
      ['2', 'say "hi"'],
      ['3', 'two\nlines'],
    ]);
  });
  it('a last row without a line break, and empty fields', async () => {
    expect(await read(['a,,c\n,,\nx'])).toEqual([['a', '', 'c'], ['', '', ''], ['x']]);
  });
  it('an answer cut inside a quoted field is an error, not a short result', async () => {
    await expect(read(['a\n"unfinished'])).rejects.toThrow(/quoted field/);
  });
  it('any table written as CSV reads back the same, split into chunks anywhere (also inside a UTF-8 character)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.string({ unit: 'binary', maxLength: 6 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 5 }),
        async (table, cuts) => {
          const width = table[0]!.length;
          const rows = table.map((r) => Array.from({ length: width }, (_, i) => (r[i] ?? '').replace(/\r/g, '')));
          // a lone empty field on a row of one is an empty line, which CSV cannot tell from no row
          fc.pre(!(width === 1 && rows.some((r) => r[0] === '')));
          const bytes = Buffer.from(rows.map(csvLine).join(''));
          const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const pieces: Buffer[] = [];
          let prev = 0;
          for (const c of [...at, bytes.length]) {
            pieces.push(bytes.subarray(prev, c));
            prev = c;
          }
          const out: string[][] = [];
          for await (const batch of csvRows((async function* () { yield* pieces; })(), 3)) out.push(...batch);
          expect(out).toEqual(rows);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});
