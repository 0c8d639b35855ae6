/**
 * Help text wrapped at the terminal's width, between words. Commander renders help
 * unwrapped (cli.ts gives it an unlimited width) and every help text goes through here:
 * the full CLI's, and the root help pre-rendered at build time that bin/spice-cloud.cjs
 * serves for a lone `--help` (this module is also built as dist/wrap-help.cjs for it, so
 * that fast path loads a few hundred lines, not the command tree).
 *
 * A line too long for the screen continues under itself:
 * - `  term   description` (an option, a command, a topic): under the description, when
 *   that leaves room for at least MIN_DESCRIPTION characters, else the term stays alone
 *   on its line and the description follows four spaces in;
 * - `  $ command` (an example): four spaces past the `$`; `  # comment`: under its text;
 * - `Usage: …`: under what follows `Usage: `;
 * - anything else (paragraphs, written as one long line each): at its own indentation.
 */
import { displayWidth, wrapText } from './fit.js';

/** The width of help when it is piped and COLUMNS is not set. */
export const DEFAULT_HELP_WIDTH = 80;
const MIN_DESCRIPTION = 20;

export function wrapHelp(text: string, width: number): string {
  if (width <= 0) return text;
  return text
    .split('\n')
    .map((line) => wrapHelpLine(line, width))
    .join('\n');
}

// Printable ASCII is one column a character: most lines are measured by their length.
const ASCII = /^[\x20-\x7e]*$/;

function wrapHelpLine(line: string, width: number): string {
  if (line.length <= width ? ASCII.test(line) || displayWidth(line) <= width : displayWidth(line) <= width) return line;
  const leading = /^ */.exec(line)![0].length;
  const item = /^( *\S(?:.*?\S)?)( {2,})(?=\S)/.exec(line);
  let start: number; // where the wrapped part begins on the first line
  let hang: number; // indentation of the continuation lines
  if (item && item[0].length <= width - MIN_DESCRIPTION) {
    start = hang = item[0].length;
  } else if (item) {
    // The term alone on its line, the description below it, four spaces in.
    const below = ' '.repeat(leading + 4) + line.slice(item[0].length);
    return `${item[1]}\n${wrapHelpLine(below, width)}`;
  } else if (line.startsWith('$ ', leading)) {
    start = leading + 2;
    hang = leading + 4;
  } else if (line.startsWith('# ', leading)) {
    start = hang = leading + 2;
  } else if (line.startsWith('Usage: ')) {
    start = hang = 'Usage: '.length;
  } else {
    start = hang = leading;
  }
  hang = Math.min(hang, Math.max(0, width - MIN_DESCRIPTION));
  const head = line.slice(0, start);
  const pieces = wrapText(line.slice(start).replace(/^ +/, ''), Math.max(MIN_DESCRIPTION, width - hang));
  // The first piece may use the room between `start` and `hang`.
  return [head + pieces[0], ...pieces.slice(1).map((p) => ' '.repeat(hang) + p)].map((l) => l.trimEnd()).join('\n');
}

/** The help width: `COLUMNS`, else the terminal's, else DEFAULT_HELP_WIDTH (same rule in bin/spice-cloud.cjs). */
export function helpWidth(terminalWidth: number | undefined): number {
  return terminalWidth && terminalWidth > 0 ? terminalWidth : DEFAULT_HELP_WIDTH;
}
