import type { RawInput } from '../../cli.js';
import type { Context } from '../../context.js';
import { InputRequiredError, UsageError } from '../../errors.js';
import { readAll } from '../../io.js';
import type { ChatMessage } from '../../runtime/chat.js';
import { duration, numberInRange, str } from '../shared/parse.js';
import { whyNotInteractive } from '../shared/confirm.js';
import { parseRuntimeOptions, type RuntimeOptions } from '../shared/runtime-options.js';
import { answer, type AnswerMode } from './answer.js';
import type { RuntimeHttp } from '../../runtime/http.js';
import { isReady, listModels, type Model } from '../../runtime/models.js';
import { chooseModel, explainModel404 } from './model.js';

/** Longest silence between two pieces of an answer (and before the first) before giving up. */
export const DEFAULT_STALL_MS = 120_000;
/** Piped input larger than this is refused (a model's context is far smaller anyway). */
const MAX_STDIN_BYTES = 4 * 1024 * 1024;

export interface ChatOptions {
  runtime: RuntimeOptions;
  /** The message argument, if given. */
  message: string | undefined;
  model: string | undefined;
  system: string | undefined;
  temperature: number | undefined;
  stallMs: number;
}

export function parse(raw: RawInput): ChatOptions {
  const words = (raw.args[0] as string[] | undefined) ?? [];
  const message = words.length > 0 ? words.join(' ') : undefined;
  const model = str(raw.opts.model)?.trim();
  if (model === '') throw new UsageError('invalid --model "": give a model name (see `spice-cloud models list`)');
  return {
    runtime: parseRuntimeOptions(raw),
    message,
    model,
    system: str(raw.opts.system),
    temperature: numberInRange(raw.opts.temperature, '--temperature', 0, 2),
    stallMs: duration(raw.opts.stallTimeout, '--stall-timeout') ?? DEFAULT_STALL_MS,
  };
}

export async function run(opts: ChatOptions, ctx: Context): Promise<void> {
  // --format ndjson also sets globals.json (as --jq and --fields do): ask for ndjson first.
  const mode: AnswerMode = ctx.globals.format === 'ndjson' ? 'ndjson' : ctx.globals.json ? 'json' : 'text';
  const piped = !ctx.io.stdinIsNull && !ctx.io.isStdinTTY ? (await readAll(ctx.io.stdin, MAX_STDIN_BYTES, ctx.signal).catch(tooLarge)).toString('utf8') : '';
  const message = [opts.message, piped.trim() === '' ? undefined : piped.replace(/\s+$/, '')].filter((m) => m !== undefined && m.trim() !== '').join('\n\n');

  if (message === '') {
    if (!ctx.canPrompt) {
      throw new InputRequiredError(`no message to send, and the interactive chat needs a terminal (${whyNotInteractive(ctx)})`, 'Give the message as an argument, or pipe it on stdin: echo "hello" | spice-cloud chat');
    }
    if (mode !== 'text') throw new UsageError(`--${mode === 'json' ? 'json' : 'format ndjson'} needs a message (argument or stdin); the interactive chat prints text`);
    const rt = await ctx.runtime(opts.runtime);
    const { model, models } = await chooseModel(ctx, rt.http, opts.model);
    const { chatRepl } = await import('./repl.js');
    return chatRepl(ctx, rt.http, { model, models, system: opts.system, temperature: opts.temperature, stallMs: opts.stallMs });
  }

  const rt = await ctx.runtime(opts.runtime);
  const { model, models } = opts.model !== undefined ? { model: opts.model, models: undefined } : await chooseModel(ctx, rt.http, undefined);
  const messages: ChatMessage[] = [...(opts.system ? [{ role: 'system' as const, content: opts.system }] : []), { role: 'user', content: message }];
  // The question goes first. A named model is then checked against the listing while the
  // answer is on its way (the first token comes a round trip sooner, and the runtime sees
  // the question before the listing); an unknown one gets the runtime's 404, explained
  // with the models that exist.
  const asking = answer(ctx, rt.http, { model, messages, temperature: opts.temperature }, { stallMs: opts.stallMs, mode });
  const checked = opts.model !== undefined ? checkModel(ctx, rt.http, opts.model) : undefined;
  try {
    const result = await asking;
    await checked;
    if (mode === 'json') ctx.out.json(result);
  } catch (e) {
    throw explainModel404(e, model, models ?? (await checked) ?? []);
  }
}

/** The listing for a named model: warns when it is not Ready; never fails the question itself. */
async function checkModel(ctx: Context, http: RuntimeHttp, name: string): Promise<Model[] | undefined> {
  const models = await listModels(http).catch(() => undefined);
  const hit = models?.find((m) => m.id === name);
  if (hit && !isReady(hit)) ctx.out.warn(`model "${name}" is ${hit.status}, not Ready; asking it anyway`);
  return models;
}

function tooLarge(e: unknown): never {
  if (e instanceof RangeError) throw new UsageError(`the message on stdin is larger than ${MAX_STDIN_BYTES / 1024 / 1024} MiB`);
  throw e;
}
