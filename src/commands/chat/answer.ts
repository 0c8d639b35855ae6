/**
 * One answer of the model, streamed: the function both `chat <message>` and each turn of
 * the REPL run. Text mode writes the tokens to stdout as they arrive (through the writer,
 * control characters escaped) and the timing on stderr afterwards; ndjson mode writes each
 * chunk as one JSON line; json mode only collects (the caller prints one object).
 */
import type { Context } from '../../context.js';
import { InterruptedError } from '../../errors.js';
import { ndjsonLine } from '../../output/encode.js';
import { liveProgress } from '../../output/progress.js';
import { streamChat, type ChatRequest, type ChatUsage } from '../../runtime/chat.js';
import type { RuntimeHttp } from '../../runtime/http.js';

export type AnswerMode = 'text' | 'ndjson' | 'json';

/** What `chat --json` prints. */
export interface AnswerResult {
  model: string;
  content: string;
  usage: ChatUsage | null;
  /** Time from sending to the first piece of text; null when no text came. */
  first_token_ms: number | null;
  duration_ms: number;
}

export interface AnswerOptions {
  stallMs: number;
  mode: AnswerMode;
  /** Stops this answer only (the REPL's Ctrl-C). */
  signal?: AbortSignal | undefined;
}

export async function answer(ctx: Context, http: RuntimeHttp, req: ChatRequest, o: AnswerOptions): Promise<AnswerResult> {
  const started = ctx.clock.now();
  let content = '';
  let firstTokenAt: number | undefined;
  let usage: ChatUsage | undefined;
  let endsWithNewline = true;
  const elapsed = () => ctx.clock.now() - started;
  // On a terminal, a spinner on stderr until the first token (cleared before it is written).
  let spinner = o.mode === 'text' && ctx.io.isStdoutTTY && liveProgress(ctx.io) ? await ctx.progress(`Asking ${req.model}…`) : undefined;
  const stopSpinner = () => {
    spinner?.stop();
    spinner = undefined;
  };
  try {
    for await (const chunk of streamChat(http, req, { stallMs: o.stallMs, signal: o.signal })) {
      if (chunk.usage) usage = chunk.usage;
      if (o.mode === 'ndjson') ctx.out.text(ndjsonLine(chunk.raw));
      if (chunk.content === '') continue;
      stopSpinner();
      firstTokenAt ??= ctx.clock.now();
      content += chunk.content;
      if (o.mode === 'text') {
        ctx.out.text(chunk.content);
        endsWithNewline = chunk.content.endsWith('\n');
      }
    }
  } catch (e) {
    stopSpinner();
    // Whatever was printed stays; end its line so the error (or the next prompt) starts clean.
    ctx.out.textEnd();
    if (o.mode === 'text' && !endsWithNewline) ctx.out.text('\n');
    ctx.out.textEnd();
    if (e instanceof InterruptedError || o.signal?.aborted || ctx.signal.aborted) {
      throw new InterruptedError(
        content === '' ? 'interrupted before the answer began' : `interrupted: the answer was cut off after ${seconds(elapsed())} (${content.length} characters shown)`,
      );
    }
    throw e;
  }
  stopSpinner();
  if (o.mode === 'text' && !endsWithNewline) ctx.out.text('\n');
  ctx.out.textEnd();
  const result: AnswerResult = {
    model: req.model,
    content,
    usage: usage ?? null,
    first_token_ms: firstTokenAt === undefined ? null : firstTokenAt - started,
    duration_ms: elapsed(),
  };
  if (o.mode !== 'json') ctx.out.info(statsLine(result));
  return result;
}

/** `Time: 2.1 s (first token 0.4 s). Tokens: 18 (prompt 8, completion 10), 5.9/s.` */
export function statsLine(r: AnswerResult): string {
  const time = `Time: ${seconds(r.duration_ms)}${r.first_token_ms === null ? '' : ` (first token ${seconds(r.first_token_ms)})`}.`;
  const u = r.usage;
  if (!u) return `${time} Tokens: not reported by the runtime.`;
  const total = u.total_tokens ?? (u.prompt_tokens ?? 0) + (u.completion_tokens ?? 0);
  const parts = [u.prompt_tokens === undefined ? undefined : `prompt ${u.prompt_tokens}`, u.completion_tokens === undefined ? undefined : `completion ${u.completion_tokens}`].filter(Boolean);
  let line = `${time} Tokens: ${total}${parts.length ? ` (${parts.join(', ')})` : ''}`;
  const rate = tokensPerSecond(r);
  if (rate !== undefined) line += `, ${rate < 10 ? rate.toFixed(1) : Math.round(rate)} tokens/s`;
  return `${line}.`;
}

/** Completion tokens over the time they took to arrive (after the first one); undefined when unmeasurable. */
export function tokensPerSecond(r: AnswerResult): number | undefined {
  const tokens = r.usage?.completion_tokens;
  if (tokens === undefined || tokens === 0) return undefined;
  const generating = r.first_token_ms === null ? r.duration_ms : r.duration_ms - r.first_token_ms;
  const ms = generating > 0 ? generating : r.duration_ms;
  return ms > 0 ? (tokens * 1000) / ms : undefined;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}
