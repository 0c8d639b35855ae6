/**
 * Prompts, behind an interface so tests can script answers. The real one loads
 * @inquirer/prompts only when a prompt is actually shown, draws on stderr (stdout
 * carries data only), and turns Ctrl-C into InterruptedError (exit 130).
 *
 * Whether a prompt may be shown at all is the caller's question (`ctx.canPrompt`):
 * only when stdin and stdout are terminals and --no-input is not set.
 */
import { InterruptedError } from './errors.js';
import type { IO } from './io.js';

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
}

export interface Prompter {
  confirm(message: string, defaultValue?: boolean): Promise<boolean>;
  password(message: string): Promise<string>;
  input(message: string, opts?: { default?: string; validate?: (v: string) => true | string }): Promise<string>;
  select<T>(message: string, choices: Choice<T>[], defaultValue?: T): Promise<T>;
}

export function inquirerPrompter(io: IO, signal: AbortSignal): Prompter {
  // Getters: stdin and stderr are opened when a prompt runs, not when the prompter is made (io.ts).
  const context = {
    get input() {
      return io.stdin;
    },
    get output() {
      return io.stderr;
    },
    signal,
    clearPromptOnDone: false,
  };
  const guard = async <T>(p: () => Promise<T>): Promise<T> => {
    try {
      return await p();
    } catch (e) {
      const name = (e as Error)?.name;
      if (name === 'ExitPromptError' || name === 'AbortPromptError' || signal.aborted) throw new InterruptedError('cancelled at the prompt');
      throw e;
    }
  };
  const load = () => import('@inquirer/prompts');
  return {
    // A neutral mark once answered: a green check next to "No" would read as success.
    confirm: (message, def = false) => guard(async () => (await load()).confirm({ message, default: def, theme: { prefix: { idle: '?', done: '?' } } }, context)),
    password: (message) => guard(async () => (await load()).password({ message, mask: true }, context)),
    input: (message, o = {}) =>
      guard(async () => (await load()).input({ message, default: o.default, validate: o.validate }, context)),
    select: <T>(message: string, choices: Choice<T>[], def?: T) =>
      guard(async () => (await load()).select<T>({ message, choices, default: def }, context)),
  };
}
