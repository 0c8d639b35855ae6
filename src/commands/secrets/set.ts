import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { UsageError } from '../../errors.js';
import { appFromFlagOrEnv, resolveApp, type AppRef } from '../shared/app.js';
import { requirePrompt } from '../shared/confirm.js';
import { secretName, str } from '../shared/parse.js';
import { MAX_VALUE_BYTES, readFileLimited, readLimited, stripOneNewline, valueFromBytes } from './value.js';

export interface SetOptions {
  app: AppRef | undefined;
  name: string;
  fromFile: string | undefined;
}

const HOW = 'Pipe the value on stdin (`printf %s "$VALUE" | spice-cloud secrets set NAME`) or pass --from-file <path>.';

export function parse(raw: RawInput): SetOptions {
  const name = secretName(raw.args[0]);
  // Never echo what was given: it is the secret, and it is already in shell history.
  const extra = raw.args[1];
  if ((Array.isArray(extra) && extra.length > 0) || raw.opts.value !== undefined) {
    throw new UsageError('secret values are not accepted as arguments (they end up in shell history and process lists)', HOW);
  }
  const fromFile = raw.opts.fromFile;
  if (fromFile !== undefined && (typeof fromFile !== 'string' || fromFile === '')) throw new UsageError('--from-file needs a path');
  return { app: appFromFlagOrEnv(raw.opts.app, raw.env), name, fromFile: str(fromFile) };
}

export async function run(opts: SetOptions, ctx: Context): Promise<void> {
  const value = await readValue(opts, ctx);
  ctx.redactor.add(value);
  const app = await resolveApp(ctx, opts.app);
  const secret = await (await ctx.api()).secrets.set(app.id, opts.name, value);
  if (ctx.out.jsonMode) ctx.out.json(secret ?? { name: opts.name }, { secretValues: true });
  ctx.out.success(`Set secret ${opts.name} on app ${app.name}`);
  if (ctx.io.isStderrTTY) ctx.out.info('It reaches the running app with the next deployment (`spice-cloud deploy`).');
}

/** --from-file (as is), else piped stdin (one trailing newline removed), else a hidden prompt. */
async function readValue(opts: SetOptions, ctx: Context): Promise<string> {
  if (opts.fromFile !== undefined) {
    return valueFromBytes(opts.name, await readFileLimited(ctx.cwd, opts.fromFile, MAX_VALUE_BYTES, ctx.signal), opts.fromFile);
  }
  if (!ctx.io.isStdinTTY) {
    // +2 leaves room for the trailing newline that is removed below.
    const bytes = await readLimited(ctx.io.stdin, MAX_VALUE_BYTES + 2, `the value of ${opts.name} is larger than 64 KiB (stdin)`, ctx.signal);
    return valueFromBytes(opts.name, stripOneNewline(bytes), 'stdin');
  }
  requirePrompt(ctx, `a value for secret ${opts.name}`, HOW.replace('NAME', opts.name));
  const typed = await ctx.prompter.password(`Value for ${opts.name}`);
  return valueFromBytes(opts.name, Buffer.from(typed, 'utf8'), 'the prompt');
}
