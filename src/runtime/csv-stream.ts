/**
 * RFC 4180 CSV read as it arrives: `/v1/sql` answers `text/csv` (arrow-csv: a header
 * line, then rows), and `sql --http --format csv` streams it row by row instead of
 * buffering a JSON document. Quoted fields may hold commas, quotes ("") and line breaks,
 * and may be split across chunks anywhere, a multi-byte character included.
 */
import { StringDecoder } from 'node:string_decoder';

/** Rows of fields, in batches of at most `batchRows`; the first row is the header. */
export async function* csvRows(body: AsyncIterable<Uint8Array>, batchRows = 1000): AsyncGenerator<string[][]> {
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
