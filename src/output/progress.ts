/**
 * Progress on stderr: an ora spinner when stderr is a real terminal with a width
 * (ora loops forever on a 0-column TTY), otherwise plain lines, one per change, so CI
 * logs read like a transcript.
 *
 * `note(line)` prints a line that stays (a status change, a retry, a warning): above the
 * spinner on a terminal, as a plain line elsewhere. With `transient`, `update` texts are
 * for the spinner only (a ticking "in progress for 9s") and never printed as lines.
 */
import type { IO } from '../io.js';
import type { Redactor } from './mask.js';

export interface Progress {
  update(text: string): void;
  /** A line that stays on screen, printed above the spinner. */
  note(line: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Updates are shown only on a live spinner, not printed as lines when there is none. */
  transient?: boolean;
}

/** Whether progress on this stderr is a live spinner (a terminal with a width). */
export function liveProgress(io: IO): boolean {
  return io.isStderrTTY && io.columns > 0;
}

export async function startProgress(io: IO, redactor: Redactor, text: string, o: ProgressOptions = {}): Promise<Progress> {
  if (liveProgress(io)) {
    const { default: ora } = await import('ora');
    const spinner = ora({ text: redactor.redact(text), stream: io.stderr as NodeJS.WritableStream, isEnabled: true, discardStdin: false, color: io.colorStderr ? 'cyan' : false }).start();
    return {
      update: (t) => void (spinner.text = redactor.redact(t)),
      note: (line) => {
        spinner.clear();
        io.stderr.write(`${redactor.redact(line)}\n`);
        spinner.render();
      },
      succeed: (t) => void spinner.succeed(redactor.redact(t)),
      fail: (t) => void spinner.fail(redactor.redact(t)),
      stop: () => void spinner.stop(),
    };
  }
  let last = '';
  const say = (t: string) => {
    if (t !== last && t !== '') io.stderr.write(`${redactor.redact(t)}\n`);
    last = t;
  };
  if (!o.transient) say(text);
  return {
    update: o.transient ? () => {} : say,
    note: (line) => void io.stderr.write(`${redactor.redact(line)}\n`),
    succeed: say,
    fail: say,
    stop: () => {},
  };
}
