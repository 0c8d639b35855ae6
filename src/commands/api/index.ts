import type { Command } from 'commander';
import { examples, type Verb, notes } from '../../cli.js';
import { collect } from '../shared/parse.js';

export function registerApi(program: Command, verb: Verb): void {
  const api = program
    .command('api')
    .description('send an authenticated request to the Management API and print the JSON answer')
    .argument('<path>', 'route under /v1: "/v1/apps", "v1/apps" and "apps" are the same')
    .option('-X, --method <method>', 'GET, POST, PUT, PATCH or DELETE (default: GET, or POST with fields or --input)')
    .option('-f, --raw-field <key=value>', 'add a string field (repeatable; key[sub] nests, key[] appends)', collect)
    .option('-F, --field <key=value>', 'add a typed field: numbers, true, false, null become JSON; @file and @- read the value (repeatable)', collect)
    .option('--input <file>', 'send this JSON file as the body ("-" reads stdin); fields then go to the query string')
    .option('-q, --query <key=value>', 'add a query-string parameter (repeatable)', collect)
    .option('--max-response <size>', 'largest answer accepted, e.g. 64MiB or 1GB (default 16MiB)')
    .option('-H, --header <name:value>', 'add a request header, e.g. -H "Accept: application/json" (repeatable)', collect)
    .option('--paginate', 'GET every page (limit/offset until a short page) and print one merged array')
    .option('--slurp', 'with --paginate: print an array of the pages as they came instead')
    .option('-i, --include', 'print the HTTP status and response headers on stderr (credentials redacted)');
  notes(api, `
Uses the same credentials, org, retries (only for GET, PUT, PATCH and DELETE), --timeout,
--verbose trace and exit codes as every other command. Fields form the JSON body, or the
query string for GET. -F values: numbers, true, false and null become JSON values;
@file reads the value from a file and @- from stdin (byte-exact text). Credential fields
in the answer (api_key, token, ...) are masked, and secret values on /secrets routes.
The global --jq filters the answer with the built-in jq. A 204 answer prints nothing.
Answers larger than 16 MiB are refused unless --max-response allows them.
\`spice-cloud api list\` lists every route of the bundled OpenAPI document.`);
  verb(api, () => import('./request.js'));
  examples(api, [
    'spice-cloud api apps',
    'spice-cloud api apps/42/deployments -q limit=5 -q status=failed',
    'spice-cloud api -X PUT apps/42 -f description="Sales data" -F replicas=2 -F "tags[team]=data"',
    'spice-cloud api -X DELETE apps/42/secrets/OLD_TOKEN',
    '# every deployment of an app, all pages, names only (no jq binary needed)',
    "spice-cloud api apps/42/deployments --paginate --jq '.[] | \"\\(.id) \\(.status)\"'",
    '# a secret value from a file, never on the command line',
    'spice-cloud api -X POST apps/42/secrets -f name=DB_PASSWORD -F value=@db-password.txt',
    '# CI: send a JSON body from stdin, read one field',
    'jq -n \'{name: "sales-data", region: "us-east-1"}\' | spice-cloud api apps --input - --jq .id',
    'spice-cloud api regions -i --jq \'.regions[].region\'',
    'spice-cloud api apps/42/deployments -q limit=1000 --max-response 64MiB',
  ]);

  examples(
    verb(
      api
        .command('list')
        .argument('[filter]', 'only routes whose path contains this text')
        .description('list every operation of the bundled OpenAPI document: method, path, scope, summary'),
      () => import('./list.js'),
    ),
    ['spice-cloud api list', 'spice-cloud api list deployments', "spice-cloud api list --jq '.[] | select(.scope == \"apps:write\") | .path'"],
  );
}
