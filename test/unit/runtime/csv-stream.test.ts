import fc from 'fast-check';
import { StringDecoder } from 'node:string_decoder';
import { describe, expect, it } from 'vitest';
import { csvLine } from '../../../src/output/encode.js';
import { CsvLines } from '../../../src/output/csv-lines.js';
import { csvBatches, csvRows } from '../../../src/runtime/csv-stream.js';

async function read(chunks: string[], batch = 2): Promise<string[][]> {
  const out: string[][] = [];
  for await (const rows of csvRows((async function* () { for (const c of chunks) yield Buffer.from(c); })(), batch)) out.push(...rows);
  return out;
}

/** The text's bytes cut at the given offsets (taken modulo its length): a body split anywhere, inside a UTF-8 character too. */
function pieces(text: string, cuts: number[]): () => AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text);
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let prev = 0;
  for (const c of [...at, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return async function* () {
    yield* out;
  };
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
          const out: string[][] = [];
          for await (const batch of csvRows(pieces(rows.map(csvLine).join(''), cuts)(), 3)) out.push(...batch);
          expect(out).toEqual(rows);
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('reads any text exactly as the plain character-by-character reader does, split into chunks anywhere', async () => {
    const collect = async (gen: AsyncGenerator<string[][]>) => {
      const out: string[][] = [];
      try {
        for await (const batch of gen) out.push(...batch);
      } catch (e) {
        return { out, error: (e as Error).message };
      }
      return { out };
    };
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', 'é', '€'), { maxLength: 60 }).map((cs) => cs.join('')),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (text, cuts) => {
          const chunks = pieces(text, cuts);
          // The same rows, or the same error (how many rows came before an error depends on batching).
          const got = await collect(csvRows(chunks(), 2));
          const want = await collect(referenceRows(chunks(), 2));
          expect(got.error).toEqual(want.error);
          if (want.error === undefined) expect(got.out).toEqual(want.out);
        },
      ),
      { seed: 7, numRuns: 2000 },
    );
  });
});

describe('csvBatches', () => {
  it('gives lines after the header that need no parsing as text, and parses the header and every other line', async () => {
    const body = 'id,label\n1,a\n2,b\n3," quoted"\n4,c\n';
    const batches: Array<string[][] | CsvLines> = [];
    for await (const b of csvBatches(pieces(body, [13, 17])(), 1000)) batches.push(b);
    expect(batches.map((b) => (b instanceof CsvLines ? { text: b.text, rows: b.length } : b))).toEqual([
      [['id', 'label'], ['1', 'a']], // the first piece holds the header: parsed
      { text: '2,b\n', rows: 1 },
      [['3', ' quoted'], ['4', 'c']], // a quote, and a field that starts with a space: parsed
    ]);
  });

  it('reads any text with LF line ends as the character-by-character reader does, however it is cut, and takes plain lines as text', async () => {
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', '1', 'b', 'é', 'a', '1', ',', ',', '\n', '\n', ' ', '\u00a0', '"'), { minLength: 20, maxLength: 80 }).map((cs) => cs.join('')),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        async (text, cuts) => {
          const chunks = pieces(text, cuts);
          const read = async (gen: AsyncGenerator<string[][] | CsvLines>) => {
            const rows: string[][] = [];
            try {
              for await (const b of gen) {
                if (b instanceof CsvLines) taken++;
                rows.push(...(b instanceof CsvLines ? b.toRows() : b));
              }
            } catch (e) {
              return { error: (e as Error).message };
            }
            return { rows };
          };
          expect(await read(csvBatches(chunks(), 3))).toEqual(await read(referenceRows(chunks(), 3)));
        },
      ),
      { seed: 11, numRuns: 2000 },
    );
    expect(taken).toBeGreaterThan(200); // the fast path was exercised, not only the parser
  });
});

/**
 * The reader as it was first written, one character at a time: the oracle the indexOf
 * reader in src/runtime/csv-stream.ts must agree with on any input.
 */
async function* referenceRows(body: AsyncIterable<Uint8Array>, batchRows = 1000): AsyncGenerator<string[][]> {
  const decoder = new StringDecoder('utf8');
  let field = '';
  let row: string[] = [];
  let rows: string[][] = [];
  let quoted = false; // inside a quoted field
  let quote = false; // just read a quote inside a quoted field (closing, or the first of "")
  let cr = false; // just read a CR outside quotes
  const endRow = () => {
    row.push(field);
    field = '';
    rows.push(row);
    row = [];
  };
  const feed = (text: string) => {
    let start = 0; // plain run of field characters not yet copied into `field`
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (quoted) {
        if (quote) {
          quote = false;
          if (c === 34) {
            field += '"';
            start = i + 1;
            continue;
          }
          quoted = false; // the quote closed the field: fall through to the unquoted rules
          start = i;
        } else if (c === 34) {
          field += text.slice(start, i);
          quote = true;
          start = i + 1;
          continue;
        } else continue;
      }
      if (cr) {
        cr = false;
        if (c === 10) {
          start = i + 1;
          continue;
        }
      }
      if (c === 44) {
        row.push(field + text.slice(start, i));
        field = '';
        start = i + 1;
      } else if (c === 10 || c === 13) {
        field += text.slice(start, i);
        endRow();
        cr = c === 13;
        start = i + 1;
      } else if (c === 34 && i === start && field === '') {
        quoted = true;
        start = i + 1;
      }
    }
    field += text.slice(start);
  };
  for await (const chunk of body) {
    feed(decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    if (rows.length >= batchRows) {
      yield rows;
      rows = [];
    }
  }
  feed(decoder.end());
  if (quoted && !quote) throw new Error('the CSV answer ends inside a quoted field (cut short?)');
  if (field !== '' || row.length > 0) endRow();
  if (rows.length > 0) yield rows;
}
