/**
 * The interactive chat (`chat` on a terminal with no message): a loop around the same
 * `answer()` that `chat <message>` runs, keeping the conversation between turns.
 *
 *   chat> how many orders shipped late?      a question; the answer streams below it
 *   chat> first line \                      a trailing backslash continues the message
 *   .clear                                   forget the conversation (the system prompt stays)
 *   .model  .help  .exit                     show the model, the commands; quit
 *
 * Ctrl-C while an answer streams cancels that answer (the REPL goes on); on the prompt it
 * clears the line, and twice on an empty line quits, as does Ctrl-D. Lines are kept in
 * `<config dir>/chat_history` (0600). node:readline only: no line-editing library.
 */
import { createInterface } from 'node:readline';
import { historyFile, openHistory } from '../../config/history.js';
import type { Context } from '../../context.js';
import { CliError, InterruptedError } from '../../errors.js';
import type { ChatMessage } from '../../runtime/chat.js';
import type { RuntimeHttp } from '../../runtime/http.js';
import type { Model } from '../../runtime/models.js';
import { answer } from './answer.js';
import { explainModel404 } from './model.js';

export interface ReplOptions {
  model: string;
  models: Model[];
  system: string | undefined;
  temperature: number | undefined;
  stallMs: number;
}

const HELP = `Commands:
  .clear   forget the conversation so far
  .model   show which model answers
  .help    this list
  .exit    quit (also Ctrl-D)
End a line with \\ to continue the message on the next line.
Ctrl-C stops an answer; on an empty line, press it twice to quit.`;

export async function chatRepl(ctx: Context, http: RuntimeHttp, o: ReplOptions): Promise<void> {
  const history = openHistory(historyFile(ctx.env, 'chat'), { onError: (e) => ctx.out.warn(`chat history is not saved: ${e.message}`) });
  const rl = createInterface({
    input: ctx.io.stdin,
    output: ctx.io.stderr,
    terminal: true,
    history: history.lines(),
    historySize: 1000,
    removeHistoryDuplicates: true,
    prompt: 'chat> ',
  });
  const start = (): ChatMessage[] => (o.system ? [{ role: 'system', content: o.system }] : []);
  let messages = start();
  let turn: AbortController | undefined;
  let armedToQuit = false;
  let byCommand = false;
  /** Lines of a message continued with a trailing backslash. */
  let pending: string[] = [];

  rl.on('SIGINT', () => {
    if (turn) return turn.abort(new InterruptedError('answer cancelled'));
    if (pending.length > 0) {
      // Drop the message being continued, as a shell drops a half-typed command.
      pending = [];
      rl.setPrompt('chat> ');
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      ctx.out.info('');
      rl.prompt();
      return;
    }
    if (rl.line.length > 0) {
      // Clear the typed line, as a shell does.
      rl.write(null, { ctrl: true, name: 'e' });
      rl.write(null, { ctrl: true, name: 'u' });
      armedToQuit = false;
      return;
    }
    if (armedToQuit) return rl.close();
    armedToQuit = true;
    ctx.out.info('\n(press Ctrl-C again, Ctrl-D or type .exit to quit)');
    rl.prompt();
  });

  ctx.out.info(`Chatting with ${o.model}. Type .help for commands; Ctrl-C stops an answer, Ctrl-D quits.`);
  rl.prompt();
  for await (const typed of rl) {
    armedToQuit = false;
    // A line ending in a backslash continues on the next one (a message of several lines).
    if (typed.endsWith('\\')) {
      pending.push(typed.slice(0, -1));
      rl.setPrompt('  ... ');
      rl.prompt();
      continue;
    }
    const line = [...pending, typed].join('\n');
    const continued = pending.length > 0;
    pending = [];
    rl.setPrompt('chat> ');
    const text = line.trim();
    if (text === '') {
      rl.prompt();
      continue;
    }
    history.add(line);
    // Dot-commands are single lines; a continued message is sent as typed.
    if (!continued && text.startsWith('.') && !text.startsWith('..')) {
      const word = text.split(/\s+/)[0];
      if (word === '.exit' || word === '.quit') {
        byCommand = true;
        break;
      }
      if (word === '.clear') {
        messages = start();
        ctx.out.info('Conversation cleared.');
      } else if (word === '.model') ctx.out.info(`Model: ${o.model}`);
      else if (word === '.help') ctx.out.info(HELP);
      else ctx.out.info(`unknown command ${word}; type .help for the list (start a message with .. to send a dot)`);
      rl.prompt();
      continue;
    }
    const content = !continued && text.startsWith('..') ? text.slice(1) : line;
    messages.push({ role: 'user', content });
    turn = new AbortController();
    try {
      const r = await answer(ctx, http, { model: o.model, messages, temperature: o.temperature }, { stallMs: o.stallMs, mode: 'text', signal: turn.signal });
      messages.push({ role: 'assistant', content: r.content });
    } catch (caught) {
      const e = explainModel404(caught, o.model, o.models);
      messages.pop(); // an unanswered question does not stay in the conversation
      if (ctx.signal.aborted) throw e;
      if (e instanceof InterruptedError) ctx.out.info('(answer cancelled; that question is not kept in the conversation)');
      else if (e instanceof CliError) {
        ctx.out.info(`error: ${e.message.split('\n')[0]}`);
        if (e.hint) ctx.out.info(`hint: ${e.hint}`);
      } else throw e;
    } finally {
      turn = undefined;
    }
    rl.prompt();
  }
  rl.close();
  // Ctrl-D or Ctrl-C left the cursor after the prompt: the shell's prompt starts on a line of its own.
  if (!byCommand) ctx.out.info('');
}
