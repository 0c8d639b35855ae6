import type { Command } from 'commander';
import { examples, type Verb } from '../../cli.js';
import { collect } from '../shared/parse.js';
import { addRuntimeOptions } from '../shared/runtime-options.js';

export function registerNsql(program: Command, verb: Verb): void {
  const nsql = addRuntimeOptions(
    program
      .command('nsql')
      .argument('<question...>')
      .description("ask a question in plain words: the app's model writes SQL, the runtime runs it")
      .option('-m, --model <name>', 'the model that writes the SQL (default: the runtime\'s only one)')
      .option('-d, --dataset <name>', 'show the model sample rows of this dataset (repeatable; does not limit what it queries)', collect)
      .option('--sample-data', 'let the model see sample rows of the datasets'),
  );
  nsql.addHelpText(
    'after',
    `
The generated SQL is printed on stderr; the result goes to stdout like \`sql\`'s:
a table on a terminal, tab-separated when piped, --json for an array of rows,
--format csv|ndjson|tsv|table for the others.`,
  );
  examples(verb(nsql, () => import('./nsql.js')), [
    'spice-cloud nsql "how many orders shipped late last week?" -a sales-data',
    'spice-cloud nsql "top 5 customers by revenue" --dataset orders --sample-data',
    '# CI: the answer as JSON, the SQL kept in a file',
    'SPICE_APP=sales-data spice-cloud nsql "daily order count for May" --json 2> sql.txt > result.json',
  ]);
}
