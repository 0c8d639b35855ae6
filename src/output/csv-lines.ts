/**
 * CSV lines that need no parsing to be printed as CSV (`sql --http --format csv` reads the
 * runtime's text/csv answer): the writer's streaming path (stream.ts) prints them as they
 * are with its CRLF line ends, and splits them into rows for every other format. Loaded
 * only by the CSV reader (runtime/csv-stream.ts), not on every command's startup path.
 */

/**
 * Whether whole CSV lines (each ending in LF) would come out of a read and csvField as
 * they went in: no quote and no CR (so each line is its fields joined by commas), and no
 * field that starts or ends with whitespace (so csvField quotes none of them). Whitespace
 * other than LF and space is refused anywhere, which keeps the test one scan: the class
 * is JavaScript's `\s` spelled out (WhiteSpace and LineTerminator), twice as fast as `[^\S\n ]`.
 */
const NOT_PLAIN = /["\t\v\f\r\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]|(?:^|[,\n]) | [,\n]/;
export function isPlainCsv(lines: string): boolean {
  return !NOT_PLAIN.test(lines);
}

/** Rows as the CSV lines that carried them, kept as text because isPlainCsv holds for them. */
export class CsvLines {
  /** The number of lines (rows). */
  readonly length: number;

  private constructor(readonly text: string) {
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    this.length = n;
  }

  /** Whole lines, each ending in LF, if they are plain CSV. */
  static of(text: string): CsvLines | undefined {
    return text.endsWith('\n') && isPlainCsv(text) ? new CsvLines(text) : undefined;
  }

  toRows(): string[][] {
    const lines = this.text.split('\n');
    lines.pop(); // after the last LF
    return lines.map((l) => l.split(','));
  }
}
