/**
 * Fitting text to the terminal: tables narrower than the screen, single views whose long
 * values wrap under themselves, and help text wrapped between words.
 *
 * Tables (`fitTable`), the way `gh` does it:
 *   1. every column at its natural width (widest cell or header);
 *   2. too wide: shorten the widest column that may shrink (`overflow: 'truncate'` cuts
 *      with `…`, `overflow: 'wrap'` wraps the cell onto more lines), one character at a
 *      time, never below its header or MIN_SHRINK characters;
 *   3. still too wide: drop the column with the lowest `priority` (ties: the rightmost),
 *      give the others their natural width back and go to 2. `required` columns (IDs,
 *      names, statuses) are never dropped, and never shortened since they cannot shrink.
 * Only the terminal table path uses this: piped, CSV and JSON output are never shortened.
 *
 * Cells may carry ANSI colour: widths are measured without escapes, and cutting keeps
 * them (closing with a reset). The API is plain strings in and out, so the streaming
 * table preview (stream.ts) can use it too.
 */

export interface FitColumn {
  /** May this column get narrower? Absent: it keeps its natural width. */
  overflow?: 'truncate' | 'wrap' | undefined;
  /** Lower is dropped first when shortening is not enough (default 0; ties: rightmost first). */
  priority?: number | undefined;
  /** Never dropped (IDs, names, statuses). */
  required?: boolean | undefined;
}

export interface FittedTable {
  /** Indexes (into the input columns) of the columns kept, in order. */
  kept: number[];
  /** Output lines, without trailing spaces or newlines. */
  lines: string[];
}

/** Spaces between columns. */
export const GAP = 2;
/** A shrinkable column keeps at least this many characters (or its header, or its natural width if smaller). */
export const MIN_SHRINK = 10;

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Display width: ANSI colour ignored, combining marks 0, East Asian wide and emoji 2. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s.replace(ANSI, '')) w += charWidth(ch.codePointAt(0)!);
  return w;
}

function charWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f)) return 0;
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** Cuts `s` to at most `width` display columns, ending in `…` when cut. Colour codes are kept. */
export function truncate(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 0) return '';
  let out = '';
  let w = 0;
  let coloured = false;
  for (const part of s.split(/(\x1b\[[0-9;]*m)/)) {
    if (part.startsWith('\x1b[')) {
      out += part;
      coloured = true;
      continue;
    }
    for (const ch of part) {
      const cw = charWidth(ch.codePointAt(0)!);
      if (w + cw > width - 1) return `${out}…${coloured ? '\x1b[0m' : ''}`;
      out += ch;
      w += cw;
    }
  }
  return out;
}

/**
 * Wraps one line of text at `width` between words; a word longer than the width is cut
 * across lines. Returns at least one line. Colour codes count as zero width.
 */
export function wrapText(s: string, width: number): string[] {
  if (width <= 0 || displayWidth(s) <= width) return [s];
  const lines: string[] = [];
  let line = '';
  let lineW = 0;
  for (const word of s.split(/ +/)) {
    if (word === '') continue;
    let wordW = displayWidth(word);
    if (lineW > 0 && lineW + 1 + wordW <= width) {
      line += ` ${word}`;
      lineW += 1 + wordW;
      continue;
    }
    if (lineW > 0) lines.push(line);
    let rest = word;
    while (wordW > width) {
      const head = sliceWidth(rest, width);
      lines.push(head);
      rest = rest.slice(head.length);
      wordW = displayWidth(rest);
    }
    line = rest;
    lineW = wordW;
  }
  lines.push(line);
  return lines;
}

/** The longest prefix of `s` at most `width` wide (at least one character). */
function sliceWidth(s: string, width: number): string {
  let w = 0;
  let i = 0;
  for (const part of s.split(/(\x1b\[[0-9;]*m)/)) {
    if (part.startsWith('\x1b[')) {
      i += part.length;
      continue;
    }
    for (const ch of part) {
      const cw = charWidth(ch.codePointAt(0)!);
      if (w + cw > width && i > 0) return s.slice(0, i);
      w += cw;
      i += ch.length;
    }
  }
  return s.slice(0, i);
}

/** Column widths for `kept`, shortened (shrinkable ones only) towards `width`. */
function layout(natural: number[], floor: number[], shrinkable: boolean[], kept: number[], width: number): number[] {
  const w = kept.map((i) => natural[i]!);
  let excess = w.reduce((a, b) => a + b, 0) + GAP * (kept.length - 1) - width;
  while (excess > 0) {
    let pick = -1;
    for (let k = 0; k < kept.length; k++) {
      const i = kept[k]!;
      if (shrinkable[i] && w[k]! > floor[i]! && (pick < 0 || w[k]! > w[pick]!)) pick = k;
    }
    if (pick < 0) break;
    w[pick]!--;
    excess--;
  }
  return w;
}

/**
 * Fits a table (header row + body rows of display strings) into `width` columns.
 * `width <= 0` means unknown: nothing is shortened. Cells must be single lines.
 */
export function fitTable(header: string[], rows: string[][], columns: FitColumn[], width: number): FittedTable {
  const n = header.length;
  const all = [header, ...rows];
  const natural = header.map((_, i) => Math.max(...all.map((r) => displayWidth(r[i] ?? ''))));
  const headerW = header.map(displayWidth);
  const floor = natural.map((nat, i) => Math.min(nat, Math.max(headerW[i]!, MIN_SHRINK)));
  const shrinkable = columns.map((c) => c?.overflow !== undefined);
  let kept = Array.from({ length: n }, (_, i) => i);
  let widths = natural.slice();
  if (width > 0) {
    // Drop order: lowest priority first, rightmost first among equals; required never.
    const dropOrder = kept
      .filter((i) => !columns[i]?.required)
      .sort((a, b) => (columns[a]?.priority ?? 0) - (columns[b]?.priority ?? 0) || b - a);
    for (;;) {
      widths = layout(natural, floor, shrinkable, kept, width);
      const total = widths.reduce((a, b) => a + b, 0) + GAP * (kept.length - 1);
      if (total <= width || dropOrder.length === 0 || kept.length === 1) break;
      const drop = dropOrder.shift()!;
      kept = kept.filter((i) => i !== drop);
    }
  } else {
    widths = kept.map((i) => natural[i]!);
  }
  const lines: string[] = [];
  for (const row of all) {
    const cells = kept.map((i, k) => {
      const text = row[i] ?? '';
      const w = widths[k]!;
      if (displayWidth(text) <= w) return [text];
      return columns[i]?.overflow === 'wrap' ? wrapText(text, w) : [truncate(text, w)];
    });
    const height = Math.max(...cells.map((c) => c.length));
    for (let l = 0; l < height; l++) {
      const parts = cells.map((c, k) => {
        const t = c[l] ?? '';
        return k === cells.length - 1 ? t : t + ' '.repeat(Math.max(0, widths[k]! - displayWidth(t)) + GAP);
      });
      lines.push(parts.join('').trimEnd());
    }
  }
  return { kept, lines };
}

/**
 * `label  value` with the value wrapped at `width`, continuation lines indented under the
 * value (a hanging indent), never back to column 0. `labelWidth` is the padded label's width.
 */
export function hangingWrap(label: string, labelWidth: number, value: string, width: number): string[] {
  const indent = labelWidth + GAP;
  const room = width > 0 ? Math.max(MIN_SHRINK, width - indent) : 0;
  const pad = ' '.repeat(Math.max(0, labelWidth - displayWidth(label)) + GAP);
  const parts = value.split('\n').flatMap((l) => wrapText(l, room));
  return parts.map((p, i) => (i === 0 ? `${label}${pad}${p}` : `${' '.repeat(indent)}${p}`).trimEnd());
}
