/**
 * Progress on stderr: an ora spinner when stderr is a real terminal with a width
 * (ora loops forever on a 0-column TTY), otherwise plain lines, one per change, so CI
 * logs read like a transcript.
 */
import type { IO } from '../io.js';
import type { Redactor } from './mask.js';

export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  stop(): void;
}

export async function startProgress(io: IO, redactor: Redactor, text: string): Promise<Progress> {
  if (io.isStderrTTY && io.columns > 0) {
    const { default: ora } = await import('ora');
    const spinner = ora({ text: redactor.redact(text), stream: io.stderr as NodeJS.WritableStream, isEnabled: true, discardStdin: false, color: io.colorStderr ? 'cyan' : false }).start();
    return {
      update: (t) => void (spinner.text = redactor.redact(t)),
      succeed: (t) => void spinner.succeed(redactor.redact(t)),
      fail: (t) => void spinner.fail(redactor.redact(t)),
      stop: () => void spinner.stop(),
    };
  }
  let last = '';
  const say = (t: string) => {
    if (t !== last) io.stderr.write(`${redactor.redact(t)}\n`);
    last = t;
  };
  say(text);
  return { update: say, succeed: say, fail: say, stop: () => {} };
}
