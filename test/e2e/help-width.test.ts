/**
 * Help at 50, 80 and 120 columns (real pseudo-terminal): every line fits, lines break
 * only between words, and the fast path of a lone --help (bin/ with the pre-rendered
 * text) prints exactly what the command tree prints at that width.
 */
import { describe, expect, it } from 'vitest';
import { plain, runCli, runPtyExact } from './harness.js';

const WIDTHS = [50, 80, 120] as const;
const lines = (s: string) => plain(s).split('\n');
/** The words of a text, in order (line breaks and indentation ignored). */
const words = (s: string) => plain(s).split(/\s+/).filter(Boolean);

const CASES: string[][] = [['--help'], ['--no-color', '--help'], ['apps', 'create', '--help'], ['deployments', 'watch', '--help'], ['keys', 'rotate', '--help'], ['help', 'environment'], ['help', 'exit-codes']];

describe('help fits the terminal', () => {
  for (const width of WIDTHS) {
    it(`at ${width} columns every help line fits and breaks only between words`, async () => {
      const results = await Promise.all(CASES.map((args) => runPtyExact(args, [], { env: { PTY_COLS: String(width), SPICE_API_URL: 'http://127.0.0.1:9' } })));
      const wide = await Promise.all(CASES.map((args) => runCli(args, { env: { COLUMNS: '100000' } })));
      results.forEach((r, i) => {
        const name = `${CASES[i]!.join(' ')} @${width}`;
        expect(r.code, `${name}: ${plain(r.output)}`).toBe(0);
        for (const l of lines(r.output)) expect(l.length, `${name}: ${l}`).toBeLessThanOrEqual(width);
        // The same words in the same order as the unwrapped text: no word was split.
        if (CASES[i]![0] !== 'help') expect(words(r.output), name).toEqual(words(wide[i]!.stdout));
      });
    }, 60_000);

    it(`a lone --help at ${width} columns prints what the command tree prints`, async () => {
      const [fast, full] = await Promise.all([runPtyExact(['--help'], [], { env: { PTY_COLS: String(width) } }), runPtyExact(['--no-color', '--help'], [], { env: { PTY_COLS: String(width) } })]);
      expect(fast.output).toBe(full.output);
    });
  }

  it('piped help is wrapped at 80 columns, or at COLUMNS', async () => {
    const [piped, narrow] = await Promise.all([runCli(['--help']), runCli(['--help'], { env: { COLUMNS: '60' } })]);
    for (const l of piped.stdout.split('\n')) expect(l.length, l).toBeLessThanOrEqual(80);
    expect(piped.stdout.split('\n').some((l) => l.length > 70)).toBe(true);
    for (const l of narrow.stdout.split('\n')) expect(l.length, l).toBeLessThanOrEqual(60);
  });
});
