import type { Command } from 'commander';
import { examples, type Verb } from '../../cli.js';
import { addRuntimeOptions } from '../shared/runtime-options.js';

export function registerChat(program: Command, verb: Verb): void {
  const chat = addRuntimeOptions(
    program
      .command('chat')
      .argument('[message...]')
      .description("ask an app's model a question; the answer streams as it is written (no message on a terminal: a conversation)")
      .option('-m, --model <name>', 'the model to ask (default: the only Ready one; a picker on a terminal when there are several)')
      .option('-s, --system <prompt>', 'a system prompt that sets how the model answers')
      .option('-t, --temperature <t>', 'sampling temperature, 0-2 (default: the model\'s)')
      .option('--stall-timeout <duration>', 'give up when the answer pauses this long (default 2m); there is no limit on the whole answer'),
  );
  chat.addHelpText(
    'after',
    `
The message is the argument, stdin when piped, or both (the argument first). stdout gets
the answer only; time to first token, tokens and tokens per second go to stderr.
With --json: one object {model, content, usage, first_token_ms, duration_ms}.
With --format ndjson: every chunk the runtime streams, one JSON object per line.
In the conversation: .clear forgets it, .help lists commands, Ctrl-C stops an answer,
Ctrl-D quits; lines are remembered in the config directory (chat_history).`,
  );
  examples(verb(chat, () => import('./chat.js')), [
    'spice-cloud chat -a support-bot',
    'spice-cloud chat "Which datasets do you know about?" --model assistant',
    'git diff | spice-cloud chat "Write a commit message for this change" -s "Be brief."',
    '# CI: the answer as JSON',
    'SPICE_APP=support-bot spice-cloud chat "Summarise yesterday\'s incidents" --model assistant --json | jq -r .content',
  ]);
}
