/**
 * What a terminal shows after some output: a small screen model that applies carriage
 * returns, newlines, backspaces, cursor moves (up, down, column) and line erases, and
 * drops colours. Enough to tell a line that stayed on screen from a spinner frame that
 * was redrawn over. Long lines are not wrapped (tests check widths separately).
 */
export function screen(output: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let col = 0;
  const put = (ch: string) => {
    const line = lines[row] ?? '';
    lines[row] = line.padEnd(col, ' ').slice(0, col) + ch + line.slice(col + 1);
    col++;
  };
  // eslint-disable-next-line no-control-regex
  const token = /\x1b\[([0-9;?]*)([A-Za-z])|\x1b\][^\x07]*\x07|\r|\n|\x08|[^\x1b\r\n\x08]/gu;
  for (const m of output.matchAll(token)) {
    const t = m[0];
    if (m[2] !== undefined) {
      const n = Number(m[1]?.split(';')[0] || '1') || 1;
      switch (m[2]) {
        case 'A':
          row = Math.max(0, row - n);
          break;
        case 'B':
          row += n;
          while (lines.length <= row) lines.push('');
          break;
        case 'G':
          col = n - 1;
          break;
        case 'K':
          lines[row] = m[1] === '2' ? '' : (lines[row] ?? '').slice(0, col);
          break;
        case 'J':
          lines.splice(row + 1);
          lines[row] = (lines[row] ?? '').slice(0, col);
          break;
        default:
          break; // colours, cursor visibility
      }
    } else if (t === '\r') {
      col = 0;
    } else if (t === '\n') {
      row++;
      col = 0;
      while (lines.length <= row) lines.push('');
    } else if (t === '\b') {
      col = Math.max(0, col - 1);
    } else if (!t.startsWith('\x1b')) {
      put(t);
    }
  }
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  return lines.map((l) => l.trimEnd());
}
