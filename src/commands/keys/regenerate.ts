import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { appFromFlagOrEnv, resolveApp, type AppRef } from '../shared/app.js';
import { confirmDestructive } from '../shared/confirm.js';
import { showKeys, warnReveal } from './show.js';

const WHICH = ['primary', 'secondary', 'both'] as const;
export type Which = (typeof WHICH)[number];

/** The API's key_number. */
export const KEY_NUMBER: Record<Which, 0 | 1 | 2> = { primary: 1, secondary: 2, both: 0 };

export interface RegenerateOptions {
  app: AppRef | undefined;
  which: Which;
  reveal: boolean;
  yes: boolean;
}

export function parse(raw: RawInput): RegenerateOptions {
  const picked = WHICH.filter((w) => raw.opts[w] === true);
  if (picked.length > 1) {
    throw new UsageError(`${picked.map((w) => `--${w}`).join(' and ')} cannot be combined: pick one of --primary (the default), --secondary or --both`);
  }
  return {
    app: appFromFlagOrEnv(raw.opts.app, raw.env),
    which: picked[0] ?? 'primary',
    reveal: raw.opts.reveal === true,
    yes: raw.opts.yes === true,
  };
}

function question(which: Which, appName: string): string {
  const what = which === 'both' ? 'both API keys' : `the ${which} API key`;
  const old = which === 'both' ? 'the current keys stop' : 'the current one stops';
  return `Regenerate ${what} of app "${appName}" (${old} working immediately)?`;
}

export async function run(opts: RegenerateOptions, ctx: Context): Promise<void> {
  // Without a way to confirm, refuse before any request (even an app-name lookup).
  if (!opts.yes && !ctx.canPrompt) await confirmDestructive(ctx, question(opts.which, opts.app?.text ?? 'the linked app'), false);
  const app = await resolveApp(ctx, opts.app);
  await confirmDestructive(ctx, question(opts.which, app.name), opts.yes);

  const keys = await (await ctx.api()).keys.regenerate(app.id, KEY_NUMBER[opts.which]);
  const what = opts.which === 'both' ? 'both API keys' : `the ${opts.which} API key`;
  ctx.out.success(`Regenerated ${what} of app "${app.name}"; the old ${opts.which === 'both' ? 'keys no longer work' : 'key no longer works'}`);
  if (opts.reveal) warnReveal(ctx, app.name);
  await showKeys(ctx, keys, opts.reveal, { regenerated_key: keys.regenerated_key ?? KEY_NUMBER[opts.which] });
  if (!opts.reveal && !ctx.out.jsonMode) {
    const which = opts.which === 'both' ? '' : ` --${opts.which}`;
    ctx.out.info(`See the new key${opts.which === 'both' ? 's' : ''} with \`spice-cloud keys get${which} --reveal -a ${app.name}\`.`);
  }
}
