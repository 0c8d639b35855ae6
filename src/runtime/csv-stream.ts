/**
 * RFC 4180 CSV read as it arrives: `/v1/sql` answers `text/csv` (arrow-csv: a header
 * line, then rows), and `sql --http --format csv` streams it row by row instead of
 * buffering a JSON document. Quoted fields may hold commas, quotes ("") and line breaks,
 * and may be split across chunks anywhere, a multi-byte character included.
 */
import { StringDecoder } from 'node:string_decoder';
import { CsvLines } from '../output/csv-lines.js';
import { rowsOf } from '../output/stream.js';

/** Rows of fields, in batches of at most `batchRows`; the first row is the header. */
export async function* csvRows(body: AsyncIterable<Uint8Array>, batchRows = 1000): AsyncGenerator<string[][]> {
  for await (const batch of csvBatches(body, batchRows)) yield rowsOf(batch);
}

/**
 * As csvRows, but whole lines after the header that the writer would print as they are
 * (CsvLines: no quote, no CR, no field starting or ending with whitespace) come as their
 * text, unparsed: most of a million-row answer, which `--format csv` then prints without
 * making three million strings and re-encoding them (output/stream.ts).
 */
export async function* csvBatches(body: AsyncIterable<Uint8Array>, batchRows = 1000): AsyncGenerator<string[][] | CsvLines> {
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
  // Field contents are copied by slices between delimiters found with indexOf, not looked
  // at one character at a time: most of a million-row answer is plain unquoted fields.
  const feed = (text: string) => {
    const n = text.length;
    let i = 0;
    let start = 0; // plain run of field characters not yet copied into `field`
    // The next comma, LF and CR at or after i (-1: none left in this text; -2: not looked for yet).
    let comma = -2;
    let lf = -2;
    let crAt = -2;
    while (i < n) {
      if (quoted) {
        if (quote) {
          quote = false;
          if (text.charCodeAt(i) === 34) {
            field += '"';
            start = ++i;
            continue;
          }
          quoted = false; // the quote closed the field: the unquoted rules apply from here
          start = i;
        } else {
          const q = text.indexOf('"', i);
          if (q < 0) break; // the field goes on in the next chunk
          field += text.slice(start, q);
          quote = true;
          start = i = q + 1;
          continue;
        }
      }
      const c = text.charCodeAt(i);
      if (cr) {
        cr = false;
        if (c === 10) {
          start = ++i;
          continue;
        }
      }
      if (c === 34 && field === '' && i === start) {
        quoted = true;
        start = ++i;
        continue;
      }
      if (comma !== -1 && comma < i) comma = text.indexOf(',', i);
      if (lf !== -1 && lf < i) lf = text.indexOf('\n', i);
      if (crAt !== -1 && crAt < i) crAt = text.indexOf('\r', i);
      let d = n;
      if (comma >= 0 && comma < d) d = comma;
      if (lf >= 0 && lf < d) d = lf;
      if (crAt >= 0 && crAt < d) d = crAt;
      if (d === n) break; // the rest of the text is field content
      if (text.charCodeAt(d) === 44) {
        row.push(field + text.slice(start, d));
        field = '';
      } else {
        field += text.slice(start, d);
        endRow();
        cr = text.charCodeAt(d) === 13;
      }
      start = i = d + 1;
    }
    field += text.slice(start);
  };
  let parsed = 0; // rows parsed in earlier chunks (the first is the header, always parsed)
  // The end of the last chunk when it stopped inside a line and the reader was between rows:
  // it starts the next chunk's text, so that text begins at a line and can be taken whole.
  let rest = '';
  for await (const chunk of body) {
    let text = rest + decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    rest = '';
    if (!quoted && !cr && field === '' && row.length === 0) {
      const end = text.lastIndexOf('\n') + 1;
      if (end > 0) {
        rest = text.slice(end);
        text = text.slice(0, end);
        const lines = parsed + rows.length > 0 ? CsvLines.of(text) : undefined;
        if (lines) {
          if (rows.length > 0) yield rows;
          parsed += rows.length;
          rows = [];
          yield lines;
          continue;
        }
      }
    }
    feed(text);
    if (rows.length >= batchRows) {
      parsed += rows.length;
      yield rows;
      rows = [];
    }
  }
  feed(rest + decoder.end());
  if (quoted && !quote) throw new Error('the CSV answer ends inside a quoted field (cut short?)');
  if (field !== '' || row.length > 0) endRow();
  if (rows.length > 0) yield rows;
}
