import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { appFromFlagOrEnv, withApp, type AppRef } from '../shared/app.js';
import { appFlag, showKeys, warnReveal, type KeyName } from './show.js';

export interface GetOptions {
  app: AppRef | undefined;
  /** Print just this key, bare, for `$(...)` capture. */
  only: KeyName | undefined;
  reveal: boolean;
}

export function parse(raw: RawInput): GetOptions {
  const { primary, secondary } = raw.opts;
  const reveal = raw.opts.reveal === true;
  if (primary === true && secondary === true) throw new UsageError('--primary and --secondary cannot be combined: pick one key, or neither for both');
  const only: KeyName | undefined = primary === true ? 'primary' : secondary === true ? 'secondary' : undefined;
  // A masked value captured by `$(...)` would look like a key and fail later, far from here.
  if (only && !reveal) throw new UsageError(`--${only} prints the key itself for scripts: add --reveal (or drop --${only} to see both keys masked)`);
  return { app: appFromFlagOrEnv(raw.opts.app, raw.env), only, reveal };
}

export async function run(opts: GetOptions, ctx: Context): Promise<void> {
  await withApp(ctx, opts.app, async (app) => {
    const keys = await (await ctx.api()).keys.get(app.id);
    if (opts.reveal) warnReveal(ctx, app.name);
    if (!opts.only) return showKeys(ctx, keys, opts.reveal);

    const field = opts.only === 'primary' ? 'api_key' : 'api_key_2';
    const value = keys[field];
    if (!value) {
      throw new NotFoundError(`app "${app.name}" has no ${opts.only} API key`, {
        hint: `Create one with \`spice-cloud keys regenerate --${opts.only} ${appFlag(app.name)}\`.`,
      });
    }
    if (ctx.out.jsonMode) ctx.out.json({ [field]: value }, { reveal: true });
    else ctx.out.line(value);
  });
}
