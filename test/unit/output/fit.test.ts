import { describe, expect, it } from 'vitest';
import { displayWidth, fitTable, hangingWrap, truncate, wrapText } from '../../../src/output/fit.js';

const header = ['ID', 'STATUS', 'BRANCH/COMMIT', 'IMAGE TAG', 'ERROR'];
const row = ['12', 'in progress', 'feature/a-very-long-branch-name-for-the-quarterly-report@abc1234', '1.0.0-models', 'insufficient_memory'];
const cols = [{ required: true }, { required: true }, { overflow: 'truncate' as const, priority: 1 }, { overflow: 'truncate' as const }, { overflow: 'truncate' as const, priority: 3 }];

describe('fitTable', () => {
  it('leaves a table that fits alone', () => {
    const { lines, kept } = fitTable(['ID', 'NAME'], [['1', 'a']], [{}, {}], 80);
    expect(kept).toEqual([0, 1]);
    expect(lines).toEqual(['ID  NAME', '1   a']);
  });

  it('never shortens anything when the width is unknown (0)', () => {
    const { lines } = fitTable(header, [row], cols, 0);
    expect(lines[1]).toContain(row[2]);
  });

  for (const width of [50, 80, 120]) {
    it(`fits ${width} columns: free text cut with … first, IDs and statuses whole`, () => {
      const { lines } = fitTable(header, [row], cols, width);
      for (const l of lines) expect(displayWidth(l), l).toBeLessThanOrEqual(width);
      expect(lines[1]).toMatch(/^12 +in progress/);
    });
  }

  it('shortens the widest shrinkable column before dropping any column', () => {
    const { lines, kept } = fitTable(header, [row], cols, 80);
    expect(kept).toEqual([0, 1, 2, 3, 4]);
    expect(lines[1]).toContain('…');
    expect(lines[1]).toContain('insufficient_memory');
  });

  it('drops the lowest-priority column (rightmost among equals) when shortening is not enough', () => {
    const { kept } = fitTable(header, [row], cols, 50);
    expect(kept).not.toContain(3); // image tag: priority 0
    expect(kept).toContain(0);
    expect(kept).toContain(1);
  });

  it('keeps required columns even when they alone are wider than the screen', () => {
    const { lines } = fitTable(['ID', 'NAME'], [['1', 'x'.repeat(60)]], [{ required: true }, { required: true }], 30);
    expect(lines[1]).toContain('x'.repeat(60));
  });

  it('wraps a column marked wrap onto more lines, aligned under itself', () => {
    const { lines } = fitTable(['CODE', 'MEANING'], [['9', 'input needed but the session is not interactive']], [{ required: true }, { overflow: 'wrap' }], 30);
    expect(lines.slice(1)).toEqual(['9     input needed but the', '      session is not', '      interactive']);
  });

  it('measures colour codes as zero width and keeps them when cutting', () => {
    const red = '\u001b[31mfailed-with-a-long-reason\u001b[39m';
    expect(displayWidth(red)).toBe(25);
    const cut = truncate(red, 10);
    expect(displayWidth(cut)).toBe(10);
    expect(cut.startsWith('\u001b[31m')).toBe(true);
    expect(cut.endsWith('\u001b[0m')).toBe(true);
  });
});

describe('wrapText and hangingWrap', () => {
  it('wraps between words and cuts a word longer than the line', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('x'.repeat(12), 5)).toEqual(['xxxxx', 'xxxxx', 'xx']);
  });

  it('indents continuation lines under the value, never at column 0', () => {
    const lines = hangingWrap('description', 11, 'one two three four five six seven eight nine ten', 30);
    expect(lines[0]).toBe('description  one two three');
    for (const l of lines.slice(1)) expect(l.startsWith(' '.repeat(13))).toBe(true);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(30);
  });
});
