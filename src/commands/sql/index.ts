import { Option, type Command } from 'commander';
import { examples, type Verb } from '../../cli.js';
import { addRuntimeOptions } from '../shared/runtime-options.js';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerSql(program: Command, verb: Verb): void {
  examples(
    verb(
      addRuntimeOptions(
        program
          .command('sql')
          .argument('[query]', 'the SQL to run (default: --file, then piped stdin, then the interactive prompt on a terminal)')
          .description("query the app's runtime with SQL (Arrow Flight by default; results stream to stdout)")
          .option('-f, --file <path>', 'read the SQL from a file (- for stdin); several statements run in order')
          .option('--http', 'query over HTTP /v1/sql instead of Arrow Flight (Spice Cloud caps HTTP results at 500 rows)')
          .addOption(new Option('--param <value>', 'a query parameter, repeatable: positional ($1, $2…) or name=value ($name); JSON scalars are typed (42, true, null, "text")').argParser(collect))
          .option('--no-cache', "bypass the runtime's results cache (Cache-Control: no-cache)"),
        { flight: true },
      ),
      () => import('./query.js'),
    ),
    [
      'spice-cloud sql --app sales-data',
      'spice-cloud sql "SELECT region, count(*) FROM orders GROUP BY region"',
      "spice-cloud sql 'SELECT * FROM orders WHERE id = $1' --param 42",
      '# CI: a file, streamed as CSV (every row, bounded memory)',
      'spice-cloud sql -f report.sql --format csv > report.csv',
      "echo 'SELECT count(*) AS n FROM orders' | spice-cloud sql --json | jq '.[0].n'",
      '# a local runtime, no Management API call',
      'SPICE_APP_API_KEY=... spice-cloud sql --endpoint http://127.0.0.1:8090 "SELECT 1"',
    ],
  );
}
