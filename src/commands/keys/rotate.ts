/**
 * Zero-downtime rotation, assuming clients use the primary key:
 *   1. regenerate the secondary key (nobody should be using it);
 *   2. wait while the user switches every client to the new secondary key;
 *   3. regenerate the primary key.
 * Each POST invalidates a key, so nothing here is retried; a failure after step 1 says
 * exactly what was rotated and how to finish.
 */
import type { ApiKeys } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { CliError, ExitCode, InputRequiredError, InterruptedError } from '../../errors.js';
import { maskKey } from '../../output/mask.js';
import { appFromFlagOrEnv, resolveApp, type AppRef } from '../shared/app.js';
import { confirmDestructive, whyNotInteractive } from '../shared/confirm.js';
import { appFlag, guardKeys, showKeys, warnReveal } from './show.js';

export interface RotateOptions {
  app: AppRef | undefined;
  reveal: boolean;
  yes: boolean;
}

export function parse(raw: RawInput): RotateOptions {
  return { app: appFromFlagOrEnv(raw.opts.app, raw.env), reveal: raw.opts.reveal === true, yes: raw.opts.yes === true };
}

export async function run(opts: RotateOptions, ctx: Context): Promise<void> {
  if (!opts.yes && !ctx.canPrompt) {
    throw new InputRequiredError(
      `keys rotate waits for you to switch clients between its steps, but ${whyNotInteractive(ctx)}; nothing was changed`,
      'Pass --yes to run all three steps unattended (clients still on the old primary key fail after step 3).',
    );
  }
  const app = await resolveApp(ctx, opts.app);
  const name = `app "${app.name}"`;
  const finish = `spice-cloud keys regenerate --primary ${appFlag(app.name)}`;
  await confirmDestructive(
    ctx,
    `Rotate both API keys of ${name}? Your clients must be using the primary key: the current secondary key stops working now`,
    opts.yes,
  );
  if (opts.reveal) warnReveal(ctx, app.name);
  const api = await ctx.api();

  ctx.out.info(`Step 1/3: regenerating the secondary API key of ${name}…`);
  let first: ApiKeys;
  try {
    first = await api.keys.regenerate(app.id, 2);
  } catch (e) {
    // An HTTP status proves the server answered (and refused); otherwise the outcome is unknown.
    if (e instanceof CliError && e.status === undefined) {
      e.hint = `The secondary key may or may not have been regenerated; check with \`spice-cloud keys get ${appFlag(app.name)}\` before running rotate again.`;
    }
    throw e;
  }
  guardKeys(ctx, first, opts.reveal);
  const newSecondary = maskKey(first.api_key_2) ?? '-';
  ctx.out.success(`Step 1/3: secondary key regenerated (now ${newSecondary}); the primary key (${maskKey(first.api_key) ?? '-'}) still works`);

  const halfDone = `the secondary API key of ${name} was regenerated; the primary key was not`;
  if (opts.yes) {
    ctx.out.info('Step 2/3: --yes given, not waiting for clients to switch to the new secondary key');
  } else {
    ctx.out.info(`Step 2/3: switch every client of ${name} to the new secondary key, then answer below.`);
    if (opts.reveal && first.api_key_2) ctx.out.info(`  new secondary key: ${first.api_key_2}`);
    else ctx.out.info(`  print it with: spice-cloud keys get --secondary --reveal ${appFlag(app.name)}`);
    let switched: boolean;
    try {
      switched = await ctx.prompter.confirm(`Have all clients switched to the secondary key (${newSecondary})? The primary key is regenerated next`, false);
    } catch (e) {
      if (!(e instanceof InterruptedError)) throw e;
      const err = new InterruptedError(`interrupted: ${halfDone}`);
      err.hint = `When every client uses the new secondary key, finish with \`${finish}\`.`;
      throw err;
    }
    if (!switched) {
      throw new CliError(`stopped: ${halfDone}`, ExitCode.error, {
        code: 'cancelled',
        hint: `When every client uses the new secondary key, finish with \`${finish}\`.`,
      });
    }
  }

  ctx.out.info(`Step 3/3: regenerating the primary API key of ${name}…`);
  let final: ApiKeys;
  try {
    final = await api.keys.regenerate(app.id, 1);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    const known = e.status !== undefined;
    throw new CliError(
      `${e.message}; the secondary key was already rotated, the primary key ${known ? 'was not' : 'may not have been'}`,
      e.exitCode,
      {
        status: e.status,
        code: e.code,
        hint: known
          ? `Finish with \`${finish}\`.`
          : `Check with \`spice-cloud keys get ${appFlag(app.name)}\` whether the primary still ends in ${maskKey(first.api_key)}; if so, finish with \`${finish}\`.`,
      },
    );
  }
  ctx.out.success(`Rotated both API keys of ${name}. Clients now use the secondary key; move them back to the primary before the next rotation (both keys work).`);
  await showKeys(ctx, final, opts.reveal);
}
