/**
 * Zero-downtime rotation. Clients use one key (the "active" one, --active, default the
 * primary); the other is the standby:
 *   1. regenerate the standby key (nobody should be using it);
 *   2. wait while the user switches every client to the new standby key;
 *   3. regenerate the key the clients used before.
 * The roles then alternate: clients are on the other key, so the next rotation is
 * `--active secondary` and needs one client switch, not two (no moving back).
 *
 * `--yes` answers the confirmation only. On a terminal step 2 still waits for the user
 * unless `--no-wait`; unattended (no terminal) `--yes` cannot wait, so it goes straight on.
 * Without the wait, clients on the old active key stop working at step 3, and the summary
 * says so plainly. Each POST invalidates a key, so nothing here is retried; a failure after
 * step 1 says exactly what was rotated and how to finish.
 */
import type { ApiKeys } from '../../api/types.js';
import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { CliError, ExitCode, InputRequiredError, InterruptedError } from '../../errors.js';
import { maskKey } from '../../output/mask.js';
import { appFromFlagOrEnv, resolveApp, type AppRef } from '../shared/app.js';
import { confirmDestructive, whyNotInteractive } from '../shared/confirm.js';
import { oneOf } from '../shared/parse.js';
import { appFlag, guardKeys, showKeys, warnReveal } from './show.js';

type Role = 'primary' | 'secondary';

export interface RotateOptions {
  app: AppRef | undefined;
  reveal: boolean;
  yes: boolean;
  /** false with --no-wait: do not wait for clients to switch at step 2. */
  wait: boolean;
  /** The key clients use now. */
  active: Role;
}

export function parse(raw: RawInput): RotateOptions {
  return {
    app: appFromFlagOrEnv(raw.opts.app, raw.env),
    reveal: raw.opts.reveal === true,
    yes: raw.opts.yes === true,
    wait: raw.opts.wait !== false,
    active: oneOf(raw.opts.active, '--active', ['primary', 'secondary'] as const) ?? 'primary',
  };
}

const NUMBER: Record<Role, 1 | 2> = { primary: 1, secondary: 2 };
const other = (r: Role): Role => (r === 'primary' ? 'secondary' : 'primary');
const keyOf = (keys: ApiKeys, r: Role) => (r === 'primary' ? keys.api_key : keys.api_key_2);

export async function run(opts: RotateOptions, ctx: Context): Promise<void> {
  if (!opts.yes && !ctx.canPrompt) {
    throw new InputRequiredError(
      `keys rotate waits for you to switch clients between its steps, but ${whyNotInteractive(ctx)}; nothing was changed`,
      `Pass --yes to run all three steps unattended (clients still on the ${opts.active} key fail after step 3).`,
    );
  }
  const active = opts.active;
  const standby = other(active);
  const app = await resolveApp(ctx, opts.app);
  const name = `app "${app.name}"`;
  const flag = appFlag(app.name);
  const finish = `spice-cloud keys regenerate --${active} ${flag}`;
  // On a terminal the user is there to switch clients; only --no-wait skips that.
  const waits = opts.wait && ctx.canPrompt;
  await confirmDestructive(
    ctx,
    `Rotate both API keys of ${name}? Your clients must be using the ${active} key: the current ${standby} key stops working now`,
    opts.yes,
  );
  if (opts.reveal) warnReveal(ctx, app.name);
  const api = await ctx.api();

  ctx.out.info(`Step 1/3: regenerating the ${standby} API key of ${name}…`);
  let first: ApiKeys;
  try {
    first = await api.keys.regenerate(app.id, NUMBER[standby]);
  } catch (e) {
    // An HTTP status proves the server answered (and refused); otherwise the outcome is unknown.
    if (e instanceof CliError && e.status === undefined) {
      e.hint = `The ${standby} key may or may not have been regenerated; check with \`spice-cloud keys get ${flag}\` before running rotate again.`;
    }
    throw e;
  }
  guardKeys(ctx, first, opts.reveal);
  const newStandby = maskKey(keyOf(first, standby)) ?? '-';
  ctx.out.success(`Step 1/3: ${standby} key regenerated (now ${newStandby}); the ${active} key (${maskKey(keyOf(first, active)) ?? '-'}) still works`);

  const halfDone = `the ${standby} API key of ${name} was regenerated; the ${active} key was not`;
  const showNew = `spice-cloud keys get --${standby} --reveal ${flag}`;
  if (!waits) {
    ctx.out.info(`Step 2/3: not waiting for clients to switch to the new ${standby} key (${opts.wait ? 'no terminal' : '--no-wait'})`);
  } else {
    ctx.out.info(`Step 2/3: switch every client of ${name} to the new ${standby} key, then answer below.`);
    const shown = keyOf(first, standby);
    if (opts.reveal && shown) ctx.out.info(`  new ${standby} key: ${shown}`);
    else ctx.out.info(`  print it with: ${showNew}`);
    let switched: boolean;
    try {
      switched = await ctx.prompter.confirm(`Have all clients switched to the ${standby} key (${newStandby})? The ${active} key is regenerated next`, false);
    } catch (e) {
      if (!(e instanceof InterruptedError)) throw e;
      const err = new InterruptedError(`interrupted: ${halfDone}`);
      err.hint = `When every client uses the new ${standby} key, finish with \`${finish}\`.`;
      throw err;
    }
    if (!switched) {
      throw new CliError(`stopped: ${halfDone}`, ExitCode.error, {
        code: 'cancelled',
        hint: `When every client uses the new ${standby} key, finish with \`${finish}\`.`,
      });
    }
  }

  ctx.out.info(`Step 3/3: regenerating the ${active} API key of ${name}…`);
  let final: ApiKeys;
  try {
    final = await api.keys.regenerate(app.id, NUMBER[active]);
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    const known = e.status !== undefined;
    throw new CliError(
      `${e.message}; the ${standby} key was already rotated, the ${active} key ${known ? 'was not' : 'may not have been'}`,
      e.exitCode,
      {
        status: e.status,
        code: e.code,
        hint: known
          ? `Finish with \`${finish}\`.`
          : `Check with \`spice-cloud keys get ${flag}\` whether the ${active} key still ends in ${maskKey(keyOf(first, active))}; if so, finish with \`${finish}\`.`,
      },
    );
  }
  const next = `spice-cloud keys rotate ${flag} --active ${standby}`;
  if (waits) {
    ctx.out.success(
      `Rotated both API keys of ${name}. Clients now use the ${standby} key; the new ${active} key is the standby. Next time rotate with \`${next}\` (one switch per rotation).`,
    );
  } else {
    // Nobody switched: say what that means, without a success mark.
    ctx.out.warn(
      `rotated both API keys of ${name} without waiting: clients still on the old ${active} key have stopped working. Give them the new ${standby} key (\`${showNew}\`); next time rotate with \`${next}\`.`,
    );
  }
  await showKeys(ctx, final, opts.reveal);
}
