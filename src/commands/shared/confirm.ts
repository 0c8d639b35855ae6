/**
 * Confirmation for destructive actions: `--yes` skips it; on a terminal we ask; anywhere
 * else we refuse at once (exit 9) naming the flag, and send nothing.
 */
import type { Context } from '../../context.js';
import { DeclinedError, InputRequiredError } from '../../errors.js';

export async function confirmDestructive(ctx: Context, question: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (!ctx.canPrompt) {
    throw new InputRequiredError(
      `confirmation needed, but ${whyNotInteractive(ctx)}: ${question.split(/(?<=[?.])\s/)[0]}`,
      'Pass --yes to confirm without a prompt.',
    );
  }
  if (!(await ctx.prompter.confirm(question, false))) throw new DeclinedError();
}

/** Why a prompt cannot be shown, for error messages (workers-sdk#2730 asked for this). */
export function whyNotInteractive(ctx: Context): string {
  if (!ctx.globals.input) return '--no-input (or SPICE_NO_INPUT) forbids prompts';
  if (!ctx.io.isStdinTTY) return 'stdin is not a terminal';
  return 'stdout is not a terminal';
}

/** For prompts that ask for a value: fail with the flag that supplies it. */
export function requirePrompt(ctx: Context, what: string, flagHint: string): void {
  if (!ctx.canPrompt) throw new InputRequiredError(`${what} is needed, but ${whyNotInteractive(ctx)}`, flagHint);
}
