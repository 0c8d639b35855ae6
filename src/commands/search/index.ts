import type { Command } from 'commander';
import { examples, type Verb } from '../../cli.js';
import { collect } from '../shared/parse.js';
import { addRuntimeOptions } from '../shared/runtime-options.js';

export function registerSearch(program: Command, verb: Verb): void {
  const search = addRuntimeOptions(
    program
      .command('search')
      .argument('<text...>')
      .description("search an app's datasets by meaning (vector and full-text search on its runtime)")
      .option('-d, --dataset <name>', 'search only this dataset (repeatable; default: every searchable dataset)', collect)
      .option('-l, --limit <n>', 'how many results in all, 1-1000 (default: the runtime\'s, 3)')
      .option('-w, --where <predicate>', "filter rows first with one SQL condition, e.g. \"year > 2020 AND lang = 'en'\"")
      .option('-c, --column <name>', 'also return this column of each hit (repeatable; shown with --json)', collect)
      .option('-k, --keyword <word>', 'only consider rows containing this word (repeatable)', collect),
  );
  search.addHelpText(
    'after',
    `
On a terminal: a table of rank, score, dataset, primary key and the matched text,
shortened to the width. Piped: the same columns tab-separated, with the whole text.
With --json: an array of {rank, score, dataset, primary_key, matches, data, metadata},
the same shape whatever the runtime's version (see README "search").`,
  );
  examples(verb(search, () => import('./search.js')), [
    'spice-cloud search "refund policy" -a support-bot',
    'spice-cloud search kubernetes outage --dataset incidents --limit 10 --where "severity >= 2"',
    '# CI: the best hit\'s primary key and score',
    "SPICE_APP=support-bot spice-cloud search \"refund policy\" --column title --json | jq '.[0] | {primary_key, score}'",
  ]);
}
