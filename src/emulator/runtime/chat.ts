/**
 * POST /v1/chat/completions (dataplane.md §4.5) for the models the spicepod declares,
 * answered by an emulated, deterministic model (no network, no LLM):
 *
 * - a SQL statement in backticks (`SELECT …` or a ```sql block) is run against the app's
 *   datasets and the answer is the result as a Markdown table (first 20 rows);
 * - a question about datasets/tables lists them with their status and columns;
 * - a message containing `#error` fails mid-stream with `event: error` (for clients' tests);
 * - anything else gets a fixed answer saying what the model can do.
 *
 * Streaming (`"stream": true`) sends the answer word by word as `chat.completion.chunk`
 * events, then a chunk with `finish_reason: "stop"`, then (with
 * `stream_options.include_usage`) a usage chunk with empty `choices`. Keep-alive
 * comments (`:`) go out every 30 s. The stream ends at EOF like the runtime, or with
 * `data: [DONE]` when the model's params say `sse_done: true` (or the runtime's
 * `chatDone` option). Model param `token_delay_ms` (or the `chatTokenDelayMs` option)
 * spaces the tokens, for benchmarks.
 */
import { createHash } from 'node:crypto';
import { jsonBody, shapeError, Shape } from './body.js';
import { SqlError } from './engine.js';
import { batchRowsPlain, stringifyExact } from './format.js';
import type { AppRuntime } from './host.js';
import { drained, jsonReply, RtError, text, type RtCtx, type RtReply, type Streamed } from './http.js';
import type { ModelSpec } from './spicepod.js';

interface Message {
  role: string;
  content: string;
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);
const SQL_ROWS = 20;

function readMessages(raw: unknown): Message[] {
  if (raw === undefined) throw shapeError('missing field `messages`');
  if (!Array.isArray(raw)) throw shapeError('messages: invalid type, expected a sequence');
  return raw.map((m, i) => {
    if (typeof m !== 'object' || m === null) throw shapeError(`messages[${i}]: invalid type, expected a message object`);
    const o = m as Record<string, unknown>;
    const role = o['role'];
    if (typeof role !== 'string' || !ROLES.has(role)) throw shapeError(`messages[${i}]: unknown variant \`${String(role)}\`, expected one of \`system\`, \`developer\`, \`user\`, \`assistant\`, \`tool\``);
    const c = o['content'];
    let content = '';
    if (typeof c === 'string') content = c;
    else if (Array.isArray(c)) content = c.map((p) => (typeof p === 'object' && p !== null && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
    return { role, content };
  });
}

const countTokens = (s: string): number => (s.match(/\S+/g) ?? []).length;

export async function postChat(ctx: RtCtx): Promise<RtReply | Streamed> {
  const body = jsonBody(ctx);
  const shape = new Shape(body);
  const modelName = shape.string('model', true);
  const messages = readMessages(body['messages']);
  const stream = shape.bool('stream') ?? false;
  const so = body['stream_options'];
  const includeUsage = typeof so === 'object' && so !== null && (so as Record<string, unknown>)['include_usage'] === true;
  const model = ctx.app.pod.models.find((m) => m.name === modelName);
  if (!model) return text(404, `model '${modelName}' not found`);

  const last = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const fail = /#error\b/.test(last);
  const answer = fail ? 'Let me think about that' : await answerFor(ctx.app, model, last);
  const id = `chatcmpl-emu-${createHash('sha256').update(JSON.stringify(messages)).digest('hex').slice(0, 24)}`;
  const created = Math.floor(Date.now() / 1000);
  const tokens = answer.match(/\s*\S+/g) ?? [];
  const usage = {
    prompt_tokens: messages.reduce((n, m) => n + countTokens(m.content), 0),
    completion_tokens: tokens.length,
    total_tokens: 0,
  };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;

  if (!stream) {
    if (fail) throw new RtError(500, 'Emulated model failure (#error in the message)');
    return jsonReply(200, {
      id,
      object: 'chat.completion',
      created,
      model: model.name,
      system_fingerprint: null,
      choices: [{ index: 0, message: { role: 'assistant', content: answer }, logprobs: null, finish_reason: 'stop' }],
      usage,
    });
  }

  const delay = numberParam(model, 'token_delay_ms') ?? ctx.settings.chatTokenDelayMs;
  const done = boolParam(model, 'sse_done') ?? ctx.settings.chatDone;
  const res = ctx.res;
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const keepAlive = setInterval(() => res.write(':\n\n'), ctx.settings.keepAliveMs);
  const send = async (data: string, event?: string) => {
    if (res.destroyed) return;
    if (!res.write(`${event ? `event: ${event}\n` : ''}data: ${data}\n\n`)) await drained(res);
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null) =>
    stringifyExact({
      id,
      object: 'chat.completion.chunk',
      created,
      model: model.name,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(includeUsage ? { usage: null } : {}),
    });
  try {
    await send(chunk({ role: 'assistant', content: '' }, null));
    for (const t of tokens) {
      if (ctx.signal.aborted) return { streamed: true, status: 200 };
      if (delay > 0) await sleep(delay, ctx.signal);
      await send(chunk({ content: t }, null));
    }
    if (fail) {
      await send(JSON.stringify({ type: 'error', error: { message: 'Emulated model failure (#error in the message)' } }), 'error');
      res.end();
      return { streamed: true, status: 200 };
    }
    await send(chunk({}, 'stop'));
    if (includeUsage) await send(JSON.stringify({ id, object: 'chat.completion.chunk', created, model: model.name, choices: [], usage }));
    if (done) await send('[DONE]');
    res.end();
  } finally {
    clearInterval(keepAlive);
  }
  return { streamed: true, status: 200 };
}

function numberParam(m: ModelSpec, key: string): number | undefined {
  const v = m.params[key];
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0 ? n : undefined;
}

function boolParam(m: ModelSpec, key: string): boolean | undefined {
  const v = m.params[key];
  if (v === true || v === 'true') return true;
  if (v === false || v === 'false') return false;
  return undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The SQL of a message: a ```sql fenced block or the first `inline` code span. */
export function sqlInMessage(message: string): string | null {
  const fenced = /```(?:sql)?\s*\n?([\s\S]*?)```/i.exec(message);
  if (fenced?.[1]?.trim()) return fenced[1].trim();
  const inline = /`([^`]+)`/.exec(message);
  return inline?.[1]?.trim() || null;
}

async function answerFor(app: AppRuntime, model: ModelSpec, message: string): Promise<string> {
  const sql = sqlInMessage(message);
  if (sql) return answerSql(app, sql);
  if (/\b(datasets?|tables?|data)\b/i.test(message)) return answerDatasets(app, model);
  const first = app.datasets.find((d) => d.status === 'Ready')?.name ?? 'my_dataset';
  return (
    `I am ${model.name}, an emulated model (spice-cloud emulator; no language model runs here). ` +
    `Ask me which datasets exist, or give me a SQL statement in backticks, for example \`SELECT count(*) FROM ${first}\`, and I will run it.`
  );
}

function answerDatasets(app: AppRuntime, model: ModelSpec): string {
  const visible = model.datasets ? app.datasets.filter((d) => model.datasets?.includes(d.name)) : app.datasets;
  if (visible.length === 0) return 'This app has no datasets.';
  const lines = visible.map((d) => `- ${d.name} (${d.from}): ${d.status}${d.error ? ` — ${d.error}` : ''}`);
  return `This app has ${visible.length} dataset(s):\n${lines.join('\n')}`;
}

async function answerSql(app: AppRuntime, sql: string): Promise<string> {
  let result;
  try {
    result = await app.engine.query(sql);
  } catch (err) {
    if (err instanceof SqlError) return `That query failed: ${err.message}`;
    throw err;
  }
  const rows: Record<string, unknown>[] = [];
  let total = 0;
  try {
    for await (const b of result.batches()) {
      total += b.numRows;
      if (rows.length < SQL_ROWS) rows.push(...batchRowsPlain(b).slice(0, SQL_ROWS - rows.length));
      if (total > 10_000) break;
    }
  } catch (err) {
    if (err instanceof SqlError) return `That query failed: ${err.message}`;
    throw err;
  } finally {
    await result.close();
  }
  const cols = result.schema.fields.map((f) => f.name);
  const cell = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? stringifyExact(v) : String(v)).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const table = [`| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${cols.map((c) => cell(r[c])).join(' | ')} |`)].join('\n');
  const more = total > rows.length ? ` (showing the first ${rows.length})` : '';
  return `I ran \`${sql}\`: ${total > 10_000 ? 'more than 10000' : total} row(s)${more}.\n\n${table}`;
}
