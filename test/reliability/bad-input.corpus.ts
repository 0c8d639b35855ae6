/**
 * Bad input the CLI must refuse locally: exit 2, one `error:` line naming the input and
 * the rule (plus at most one `hint:` line), nothing on stdout, and no request sent.
 * Run by bad-input.test.ts. Only inputs the CLI can refuse without asking the API belong
 * here: a syntactically valid app name that does not exist is a 404 (exit 3), not bad input.
 *
 * Every case names a command, its arguments, optional stdin and environment, and `says`:
 * a pattern the error line must match (the input, or the rule it breaks).
 * Files named in arguments are the FIXTURES below, written to the run's working directory.
 */

export type Stdin = string | { hex: string } | { fill: string; bytes: number };

export interface BadInputCase {
  name: string;
  args: string[];
  stdin?: Stdin;
  env?: Record<string, string>;
  says: RegExp;
}

const MiB = 1024 * 1024;
const big = (n: number, unit = 'x') => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

/** Input files, by name (generated, so huge ones need no space in the repository). */
export const FIXTURES: Record<string, () => string | Buffer> = {
  'no-equals.env': () => 'GOOD=1\nTHIS LINE HAS NO EQUALS SIGN\n',
  'digit-name.env': () => '1BAD=value\n',
  'dash-name.env': () => 'BAD-NAME=value\n',
  'path-name.env': () => '../x=value\n',
  'unterminated.env': () => 'A="never closed\nB=2\n',
  'after-quote.env': () => 'A="quoted" trailing words\n',
  'duplicate.env': () => 'A=1\nB=2\nA=3\n',
  'empty-value.env': () => 'A=\n',
  'empty.env': () => '',
  'comments-only.env': () => '# nothing here\n\n   # still nothing\n',
  'nul.env': () => Buffer.from('A=1\nB=\u0000\n', 'utf8'),
  'latin1.env': () => Buffer.from([0x41, 0x3d, 0xe9, 0x74, 0xe9, 0x0a]),
  'huge.env': () => `A=${big(MiB + 10)}\n`,
  'big-value.env': () => `A=${big(64 * 1024 + 1)}\n`,
  'not-json.json': () => '{"A": "1", ',
  'array.json': () => '["A", "B"]',
  'number.json': () => '{"A": 1}',
  'null.json': () => '{"A": null}',
  'nested.json': () => '{"A": {"b": "c"}}',
  'bad-name.json': () => '{"a-b": "x"}',
  'duplicate.json': () => '{"A": "1", "A": "2"}',
  'empty-object.json': () => '{}',
  'not-yaml.txt': () => 'key: [unclosed\n  - what: {\n',
  'scalar.yaml': () => 'just a sentence, not a mapping\n',
  'list.yaml': () => '- one\n- two\n',
  'broken.json': () => '{"version": ',
  'huge.yaml': () => `version: v1\ncomment: "${big(MiB + 10)}"\n`,
  'empty.txt': () => '',
  'binary.bin': () => Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0x81]),
  'big-value.txt': () => big(64 * 1024 + 1),
  'huge-body.json': () => `{"description": "${big(MiB + 10)}"}`,
  'dir/placeholder': () => '',
};

const APP_RULE = /4–38 letters, digits or hyphens/;
const REF_RULE = /invalid app name .*letters, digits and hyphens/;
const SECRET_RULE = /invalid secret name .*must start with a letter or underscore/;
const MEMBER_RULE = /invalid member .*user ID \(digits\) or a username/;
const USERNAME_RULE = /invalid username .*up to 39 letters/;
const name39 = 'a'.repeat(39);
const name65 = 'b'.repeat(65);
const secret10k = `S${'x'.repeat(10 * 1024)}`;

export const CASES: BadInputCase[] = [
  // ---- app names given to `apps create` (4–38 letters, digits, hyphens)
  { name: 'create: 3-character name', args: ['apps', 'create', 'abc', '--region', 'us-east-1'], says: /"abc".*4–38/ },
  { name: 'create: empty name', args: ['apps', 'create', '', '--region', 'us-east-1'], says: /invalid app name ""/ },
  { name: 'create: 39-character name', args: ['apps', 'create', name39, '--region', 'us-east-1'], says: APP_RULE },
  { name: 'create: 300-character name', args: ['apps', 'create', 'c'.repeat(300), '--region', 'us-east-1'], says: APP_RULE },
  { name: 'create: accented letters', args: ['apps', 'create', 'café-data', '--region', 'us-east-1'], says: /"café-data".*4–38/ },
  { name: 'create: emoji', args: ['apps', 'create', 'rocket-🚀', '--region', 'us-east-1'], says: APP_RULE },
  { name: 'create: space', args: ['apps', 'create', 'my app', '--region', 'us-east-1'], says: /"my app"/ },
  { name: 'create: slashes', args: ['apps', 'create', 'a/b/c/d', '--region', 'us-east-1'], says: /"a\/b\/c\/d"/ },
  { name: 'create: dot-dot path', args: ['apps', 'create', '../etc', '--region', 'us-east-1'], says: /"\.\.\/etc"/ },
  { name: 'create: dot-dot alone', args: ['apps', 'create', '..', '--region', 'us-east-1'], says: /"\.\."/ },
  { name: 'create: underscore', args: ['apps', 'create', 'snake_case', '--region', 'us-east-1'], says: APP_RULE },
  { name: 'create: dot', args: ['apps', 'create', 'dotted.name', '--region', 'us-east-1'], says: APP_RULE },
  { name: 'create: percent-encoded slash', args: ['apps', 'create', 'aa%2Fbb', '--region', 'us-east-1'], says: /"aa%2Fbb"/ },
  { name: 'create: tab', args: ['apps', 'create', 'tab\tname', '--region', 'us-east-1'], says: APP_RULE },
  { name: 'create: newline', args: ['apps', 'create', 'new\nline', '--region', 'us-east-1'], says: APP_RULE },
  { name: 'create: region with a space', args: ['apps', 'create', 'good-name', '--region', 'us east 1'], says: /invalid --region "us east 1"/ },
  { name: 'create: tag without =', args: ['apps', 'create', 'good-name', '--region', 'us-east-1', '--tag', 'team'], says: /invalid --tag "team": expected key=value/ },
  { name: 'create: tag with empty key', args: ['apps', 'create', 'good-name', '--region', 'us-east-1', '--tag', '=data'], says: /invalid --tag "=data"/ },
  { name: 'create: unknown visibility', args: ['apps', 'create', 'good-name', '--region', 'us-east-1', '--visibility', 'secret'], says: /invalid --visibility "secret": must be one of public, private/ },

  // ---- app references (--app, positional <app>, SPICE_APP): an ID or letters, digits, hyphens
  { name: 'app ref: space', args: ['apps', 'get', 'my app'], says: /"my app"/ },
  { name: 'app ref: slash', args: ['apps', 'get', 'a/b'], says: REF_RULE },
  { name: 'app ref: dot-dot', args: ['apps', 'get', '..'], says: REF_RULE },
  { name: 'app ref: dot-dot path', args: ['apps', 'get', '../1'], says: REF_RULE },
  { name: 'app ref: unicode', args: ['apps', 'get', 'ünïcode'], says: REF_RULE },
  { name: 'app ref: 65 characters', args: ['apps', 'get', name65], says: REF_RULE },
  { name: 'app ref: ID 0', args: ['apps', 'get', '0'], says: /invalid app ID 0/ },
  { name: 'app ref: empty', args: ['apps', 'get', ''], says: /app must not be empty/ },
  { name: 'app ref: --app with a space', args: ['deploy', '-a', 'a b'], says: /"a b"/ },
  { name: 'app ref: --app with a path', args: ['deploy', '-a', '1/../2'], says: REF_RULE },
  { name: 'app ref: --app percent-encoded', args: ['secrets', 'list', '-a', 'x%2Fy'], says: REF_RULE },
  { name: 'app ref: keys --app dot-dot', args: ['keys', 'get', '-a', '..'], says: REF_RULE },
  { name: 'app ref: apps delete slash', args: ['apps', 'delete', 'a/b', '--yes'], says: REF_RULE },
  { name: 'app ref: apps update dot-dot path', args: ['apps', 'update', '../x', '--description', 'd'], says: REF_RULE },
  { name: 'app ref: link dot-dot path', args: ['link', '../other'], says: REF_RULE },
  { name: 'app ref: link with a space', args: ['link', 'app name'], says: REF_RULE },
  { name: 'app ref: SPICE_APP with a slash', args: ['secrets', 'list'], env: { SPICE_APP: 'a/b' }, says: REF_RULE },
  { name: 'app ref: deployments --app with a query', args: ['deployments', 'list', '-a', 'app?x=1'], says: REF_RULE },

  // ---- secret names: a letter or underscore, then letters, digits, underscores
  { name: 'secret: ../x', args: ['secrets', 'set', '../x', '-a', '1'], stdin: 'v', says: /"\.\.\/x"/ },
  { name: 'secret: a-b', args: ['secrets', 'set', 'a-b', '-a', '1'], stdin: 'v', says: /"a-b"/ },
  { name: 'secret: leading digit', args: ['secrets', 'set', '1ABC', '-a', '1'], stdin: 'v', says: /"1ABC".*start with a letter or underscore/ },
  { name: 'secret: empty', args: ['secrets', 'set', '', '-a', '1'], stdin: 'v', says: /invalid secret name ""/ },
  { name: 'secret: 10 KB name', args: ['secrets', 'set', secret10k, '-a', '1'], stdin: 'v', says: SECRET_RULE },
  { name: 'secret: space', args: ['secrets', 'set', 'A B', '-a', '1'], stdin: 'v', says: SECRET_RULE },
  { name: 'secret: slash', args: ['secrets', 'set', 'A/B', '-a', '1'], stdin: 'v', says: SECRET_RULE },
  { name: 'secret: umlaut', args: ['secrets', 'set', 'ÄBC', '-a', '1'], stdin: 'v', says: SECRET_RULE },
  { name: 'secret: percent-encoded dots', args: ['secrets', 'set', '%2E%2E', '-a', '1'], stdin: 'v', says: SECRET_RULE },
  { name: 'secret get: ../x', args: ['secrets', 'get', '../x', '-a', '1'], says: SECRET_RULE },
  { name: 'secret get: dot', args: ['secrets', 'get', 'x.y', '-a', '1'], says: SECRET_RULE },
  { name: 'secret delete: a-b', args: ['secrets', 'delete', 'a-b', '-a', '1', '--yes'], says: /"a-b"/ },
  { name: 'secret delete: one bad name among good ones', args: ['secrets', 'delete', 'GOOD_ONE', '../bad', 'ALSO_GOOD', '-a', '1', '--yes'], says: /"\.\.\/bad"/ },
  { name: 'secret set: value as an argument', args: ['secrets', 'set', 'A', 'the-value', '-a', '1'], says: /./ },
  { name: 'secret set: --value flag', args: ['secrets', 'set', 'A', '--value', 'x', '-a', '1'], says: /value/ },

  // ---- secret values
  { name: 'secret value: empty stdin', args: ['secrets', 'set', 'A', '-a', '1'], stdin: '', says: /empty/ },
  { name: 'secret value: binary stdin', args: ['secrets', 'set', 'A', '-a', '1'], stdin: { hex: 'fffe0001808182' }, says: /not valid UTF-8/ },
  { name: 'secret value: stdin over 64 KiB', args: ['secrets', 'set', 'A', '-a', '1'], stdin: { fill: 'v', bytes: 64 * 1024 + 10 }, says: /64 KiB/ },
  { name: 'secret value: missing --from-file', args: ['secrets', 'set', 'A', '-a', '1', '--from-file', 'missing.txt'], says: /missing\.txt/ },
  { name: 'secret value: --from-file a directory', args: ['secrets', 'set', 'A', '-a', '1', '--from-file', 'dir'], says: /dir/ },
  { name: 'secret value: empty --from-file', args: ['secrets', 'set', 'A', '-a', '1', '--from-file', 'empty.txt'], says: /empty/ },
  { name: 'secret value: binary --from-file', args: ['secrets', 'set', 'A', '-a', '1', '--from-file', 'binary.bin'], says: /not valid UTF-8/ },
  { name: 'secret value: --from-file over 64 KiB', args: ['secrets', 'set', 'A', '-a', '1', '--from-file', 'big-value.txt'], says: /64 KiB/ },

  // ---- members: user IDs and usernames with path characters, roles
  { name: 'member get: ../1', args: ['members', 'get', '../1'], says: MEMBER_RULE },
  { name: 'member get: a/b', args: ['members', 'get', 'a/b'], says: MEMBER_RULE },
  { name: 'member get: ID 0', args: ['members', 'get', '0'], says: /invalid user ID 0/ },
  { name: 'member get: space', args: ['members', 'get', 'ada lovelace'], says: MEMBER_RULE },
  { name: 'member get: @ with a slash', args: ['members', 'get', '@a/b'], says: USERNAME_RULE },
  { name: 'member remove: dot-dot', args: ['members', 'remove', '..', '--yes'], says: MEMBER_RULE },
  { name: 'member remove: percent-encoded dots', args: ['members', 'remove', '%2e%2e', '--yes'], says: MEMBER_RULE },
  { name: 'member remove: query characters', args: ['members', 'remove', 'x?id=1', '--yes'], says: MEMBER_RULE },
  { name: 'member update: slash', args: ['members', 'update', 'x/y', '--role', 'admin'], says: MEMBER_RULE },
  { name: 'member update: no --role', args: ['members', 'update', '2'], says: /--role is required/ },
  { name: 'member update: unknown role', args: ['members', 'update', '2', '--role', 'superuser'], says: /invalid --role "superuser"/ },
  { name: 'member add: slash', args: ['members', 'add', 'a/b'], says: USERNAME_RULE },
  { name: 'member add: dot-dot path', args: ['members', 'add', '../admin'], says: USERNAME_RULE },
  { name: 'member add: 40 characters', args: ['members', 'add', 'u'.repeat(40)], says: USERNAME_RULE },
  { name: 'member add: space', args: ['members', 'add', 'user name'], says: USERNAME_RULE },
  { name: 'member add: leading dot', args: ['members', 'add', '.hidden'], says: USERNAME_RULE },
  { name: 'member add: owner role', args: ['members', 'add', 'linus', '--role', 'owner'], says: /owner role cannot be granted/ },
  { name: 'member add: unknown role', args: ['members', 'add', 'linus', '--role', 'root'], says: /invalid --role "root"/ },

  // ---- replicas, limits, statuses, IDs, durations
  { name: 'replicas: 0', args: ['deploy', '-a', '1', '--replicas', '0'], says: /invalid --replicas "0": must be a whole number from 1 to 10/ },
  { name: 'replicas: 11', args: ['deploy', '-a', '1', '--replicas', '11'], says: /--replicas "11"/ },
  { name: 'replicas: -1', args: ['deploy', '-a', '1', '--replicas=-1'], says: /--replicas "-1"/ },
  { name: 'replicas: 1.5', args: ['deploy', '-a', '1', '--replicas', '1.5'], says: /--replicas "1.5"/ },
  { name: 'replicas: abc', args: ['deploy', '-a', '1', '--replicas', 'abc'], says: /--replicas "abc"/ },
  { name: 'replicas: update 0', args: ['apps', 'update', '1', '--replicas', '0'], says: /--replicas "0"/ },
  { name: 'replicas: update 1e1', args: ['apps', 'update', '1', '--replicas', '1e1'], says: /--replicas "1e1"/ },
  { name: 'limit: 0', args: ['deployments', 'list', '-a', '1', '--limit', '0'], says: /invalid --limit "0": must be a whole number from 1 to 100/ },
  { name: 'limit: 101', args: ['deployments', 'list', '-a', '1', '--limit', '101'], says: /--limit "101"/ },
  { name: 'limit: abc', args: ['deployments', 'list', '-a', '1', '--limit', 'abc'], says: /--limit "abc"/ },
  { name: 'logs limit: 0', args: ['deployments', 'logs', '1', '-a', '1', '--limit', '0'], says: /--limit "0"/ },
  { name: 'logs limit: 1001', args: ['deployments', 'logs', '1', '-a', '1', '--limit', '1001'], says: /--limit "1001"/ },
  { name: 'logs since: yesterday', args: ['deployments', 'logs', '1', '-a', '1', '--since', 'yesterday'], says: /invalid --since "yesterday"/ },
  { name: 'status: unknown', args: ['deployments', 'list', '-a', '1', '--status', 'bogus'], says: /invalid --status "bogus": must be one of/ },
  { name: 'status: wrong case', args: ['deployments', 'list', '-a', '1', '--status', 'SUCCEEDED'], says: /invalid --status "SUCCEEDED"/ },
  { name: 'deployment ID: abc', args: ['deployments', 'get', 'abc', '-a', '1'], says: /invalid deployment ID "abc"/ },
  { name: 'deployment ID: path', args: ['deployments', 'get', '../1', '-a', '1'], says: /invalid deployment ID/ },
  { name: 'deploy: image tag with spaces', args: ['deploy', '-a', '1', '--image-tag', 'bad tag!'], says: /invalid --image-tag "bad tag!"/ },
  { name: 'deploy: commit sha not hex', args: ['deploy', '-a', '1', '--commit-sha', 'xyz'], says: /invalid --commit-sha "xyz"/ },
  { name: 'deploy: empty branch', args: ['deploy', '-a', '1', '--branch', ''], says: /--branch must not be empty/ },
  { name: 'timeout: words', args: ['apps', 'list', '--timeout', 'soon'], says: /invalid --timeout "soon"/ },
  { name: 'timeout: zero', args: ['apps', 'list', '--timeout', '0s'], says: /invalid --timeout "0s"/ },
  { name: 'import concurrency: 0', args: ['secrets', 'import', 'digit-name.env', '-a', '1', '--concurrency', '0'], says: /--concurrency "0"/ },
  { name: 'import concurrency: 33', args: ['secrets', 'import', 'digit-name.env', '-a', '1', '--concurrency', '33'], says: /--concurrency "33"/ },

  // ---- apps update flags
  { name: 'update: tag without =', args: ['apps', 'update', '1', '--tag', 'team'], says: /invalid --tag "team"/ },
  { name: 'update: tag and untag the same key', args: ['apps', 'update', '1', '--tag', 'a=1', '--untag', 'a'], says: /"a" is given to both --tag and --untag/ },
  { name: 'update: empty --untag', args: ['apps', 'update', '1', '--untag', ''], says: /--untag must not be empty/ },
  { name: 'update: nothing to update', args: ['apps', 'update', '1'], says: /nothing to update/ },
  { name: 'update: unknown channel', args: ['apps', 'update', '1', '--update-channel', 'beta'], says: /invalid --update-channel "beta"/ },
  { name: 'update: image tag and clear', args: ['apps', 'update', '1', '--image-tag', 'x', '--clear-image-tag'], says: /cannot be used together/ },
  { name: 'update: storage size 0', args: ['apps', 'update', '1', '--storage-size', '0'], says: /--storage-size "0"/ },

  // ---- spicepod files that are not YAML/JSON mappings, or too big
  { name: 'spicepod: not YAML', args: ['apps', 'update', '1', '--spicepod', 'not-yaml.txt'], says: /--spicepod not-yaml\.txt is not valid YAML or JSON/ },
  { name: 'spicepod: a scalar', args: ['apps', 'update', '1', '--spicepod', 'scalar.yaml'], says: /scalar\.yaml must contain a mapping/ },
  { name: 'spicepod: a list', args: ['apps', 'update', '1', '--spicepod', 'list.yaml'], says: /list\.yaml must contain a mapping/ },
  { name: 'spicepod: broken JSON', args: ['apps', 'update', '1', '--spicepod', 'broken.json'], says: /broken\.json/ },
  { name: 'spicepod: over 1 MiB', args: ['apps', 'update', '1', '--spicepod', 'huge.yaml'], says: /huge\.yaml is larger than 1 MiB/ },
  { name: 'spicepod: missing file', args: ['apps', 'update', '1', '--spicepod', 'missing.yaml'], says: /missing\.yaml/ },
  { name: 'spicepod: binary file', args: ['apps', 'update', '1', '--spicepod', 'binary.bin'], says: /binary\.bin/ },
  { name: 'spicepod: binary stdin', args: ['apps', 'update', '1', '--spicepod', '-'], stdin: { hex: '00ff10fe7b3a5b' }, says: /stdin/ },
  { name: 'spicepod: empty file', args: ['apps', 'update', '1', '--spicepod', 'empty.txt'], says: /empty\.txt/ },

  // ---- secrets import files: malformed .env and JSON, huge, binary
  { name: 'import: line without =', args: ['secrets', 'import', 'no-equals.env', '-a', '1'], says: /no-equals\.env: line 2: expected NAME=value/ },
  { name: 'import: name with leading digit', args: ['secrets', 'import', 'digit-name.env', '-a', '1'], says: /digit-name\.env: line 1: invalid secret name/ },
  { name: 'import: name with a dash', args: ['secrets', 'import', 'dash-name.env', '-a', '1'], says: /line 1: invalid secret name/ },
  { name: 'import: name with a path', args: ['secrets', 'import', 'path-name.env', '-a', '1'], says: /line 1: invalid secret name/ },
  { name: 'import: unterminated quote', args: ['secrets', 'import', 'unterminated.env', '-a', '1'], says: /line 1: unterminated double-quoted value/ },
  { name: 'import: text after the closing quote', args: ['secrets', 'import', 'after-quote.env', '-a', '1'], says: /line 1: unexpected text after the closing quote/ },
  { name: 'import: duplicate name', args: ['secrets', 'import', 'duplicate.env', '-a', '1'], says: /line 3: A is defined twice/ },
  { name: 'import: empty value', args: ['secrets', 'import', 'empty-value.env', '-a', '1'], says: /line 1: A has an empty value/ },
  { name: 'import: empty file', args: ['secrets', 'import', 'empty.env', '-a', '1'], says: /empty\.env defines no secrets/ },
  { name: 'import: comments only', args: ['secrets', 'import', 'comments-only.env', '-a', '1'], says: /defines no secrets/ },
  { name: 'import: NUL bytes', args: ['secrets', 'import', 'nul.env', '-a', '1'], says: /nul\.env looks like a binary file/ },
  { name: 'import: not UTF-8', args: ['secrets', 'import', 'latin1.env', '-a', '1'], says: /latin1\.env is not valid UTF-8/ },
  { name: 'import: over 1 MiB', args: ['secrets', 'import', 'huge.env', '-a', '1'], says: /huge\.env is larger than 1 MiB/ },
  { name: 'import: value over 64 KiB', args: ['secrets', 'import', 'big-value.env', '-a', '1'], says: /A has a value larger than 64 KiB/ },
  { name: 'import: missing file', args: ['secrets', 'import', 'missing.env', '-a', '1'], says: /cannot read missing\.env: no such file/ },
  { name: 'import: a directory', args: ['secrets', 'import', 'dir', '-a', '1'], says: /cannot read dir/ },
  { name: 'import: JSON not parseable', args: ['secrets', 'import', 'not-json.json', '-a', '1'], says: /not-json\.json is not valid JSON/ },
  { name: 'import: JSON array', args: ['secrets', 'import', 'array.json', '-a', '1'], says: /array\.json: expected a JSON object/ },
  { name: 'import: JSON number value', args: ['secrets', 'import', 'number.json', '-a', '1'], says: /the value of A must be a string \(it is number\)/ },
  { name: 'import: JSON null value', args: ['secrets', 'import', 'null.json', '-a', '1'], says: /it is null/ },
  { name: 'import: JSON nested object', args: ['secrets', 'import', 'nested.json', '-a', '1'], says: /it is object/ },
  { name: 'import: JSON bad name', args: ['secrets', 'import', 'bad-name.json', '-a', '1'], says: /invalid secret name "a-b"/ },
  { name: 'import: JSON duplicate key', args: ['secrets', 'import', 'duplicate.json', '-a', '1'], says: /A is defined twice/ },
  { name: 'import: JSON empty object', args: ['secrets', 'import', 'empty-object.json', '-a', '1'], says: /defines no secrets/ },
  { name: 'import: binary stdin', args: ['secrets', 'import', '-', '-a', '1'], stdin: { hex: '0001fffe' }, says: /stdin looks like a binary file/ },
  { name: 'import: stdin over 1 MiB', args: ['secrets', 'import', '-', '-a', '1'], stdin: { fill: 'A=1\n', bytes: MiB + 8 }, says: /stdin is larger than 1 MiB/ },

  // ---- tokens on stdin for auth login
  { name: 'login: empty stdin', args: ['auth', 'login', '--with-token'], stdin: '', env: { SPICE_API_TOKEN: '' }, says: /token must not be empty/ },
  { name: 'login: two tokens', args: ['auth', 'login', '--with-token'], stdin: 'one two\n', env: { SPICE_API_TOKEN: '' }, says: /contains whitespace/ },
  { name: 'login: binary stdin', args: ['auth', 'login', '--with-token'], stdin: { hex: 'fffe8081' }, env: { SPICE_API_TOKEN: '' }, says: /cannot be sent in a header/ },
  { name: 'login: stdin over 64 KiB', args: ['auth', 'login', '--with-token'], stdin: { fill: 't', bytes: 65 * 1024 }, env: { SPICE_API_TOKEN: '' }, says: /larger than 64 KiB/ },
  { name: 'login: token as a flag', args: ['auth', 'login', '--token', 'abc'], says: /unknown option '--token'/ },

  // ---- API URLs and keys flags
  { name: 'api url: not a URL', args: ['apps', 'list', '--api-url', 'not a url'], says: /invalid API URL "not a url"/ },
  { name: 'api url: ftp', args: ['apps', 'list', '--api-url', 'ftp://example.com'], says: /only http and https/ },
  { name: 'api url: plain http off loopback', args: ['apps', 'list', '--api-url', 'http://example.com'], says: /refusing to send credentials over plain http to example\.com/ },
  { name: 'keys: --primary without --reveal', args: ['keys', 'get', '-a', '1', '--primary'], says: /--primary .*--reveal/ },
  { name: 'keys: --primary with --both', args: ['keys', 'regenerate', '-a', '1', '--primary', '--both', '--yes'], says: /--primary and --both cannot be combined/ },

  // ---- `api` paths, fields and bodies
  { name: 'api: absolute URL', args: ['api', 'https://evil.example/v1/apps'], says: /not a URL/ },
  { name: 'api: protocol-relative URL', args: ['api', '//evil.example/v1/apps'], says: /not a URL/ },
  { name: 'api: dot-dot segment', args: ['api', 'apps/../members'], says: /"\.\." segments/ },
  { name: 'api: encoded dot-dot segment', args: ['api', 'apps/%2e%2e/members'], says: /"\.\." segments/ },
  { name: 'api: encoded slash', args: ['api', 'apps/a%2Fb'], says: /encoded slashes/ },
  { name: 'api: bad percent-encoding', args: ['api', 'apps/%zz'], says: /bad percent-encoding/ },
  { name: 'api: space in path', args: ['api', 'apps list'], says: /no spaces/ },
  { name: 'api: unknown method', args: ['api', '-X', 'TRACE', 'apps'], says: /invalid -X\/--method "TRACE"/ },
  { name: 'api: --input with GET', args: ['api', '-X', 'GET', 'apps', '--input', 'broken.json'], says: /--input sends a body/ },
  { name: 'api: binary --input on stdin', args: ['api', '-X', 'POST', 'apps', '--input', '-'], stdin: { hex: 'fffe0001' }, says: /--input stdin is not valid JSON/ },
  { name: 'api: missing --input file', args: ['api', '-X', 'POST', 'apps', '--input', 'missing.json'], says: /cannot read --input "missing\.json"/ },
  { name: 'api: --input over 1 MiB', args: ['api', '-X', 'PUT', 'apps/1', '--input', 'huge-body.json'], says: /larger than 1 MiB/ },
  { name: 'api: field without =', args: ['api', '-X', 'POST', 'apps', '-f', 'novalue'], says: /invalid -f\/--raw-field "novalue"/ },
  { name: 'api: prototype-polluting field', args: ['api', '-X', 'POST', 'apps', '-F', '__proto__[x]=1'], says: /invalid field name "__proto__\[x\]"/ },
  { name: 'api: query without =', args: ['api', 'apps', '-q', 'noeq'], says: /invalid -q\/--query "noeq"/ },

  // ---- unknown flags, commands and argument counts
  { name: 'unknown flag', args: ['apps', 'list', '--frobnicate'], says: /unknown option '--frobnicate'/ },
  { name: 'unknown flag near a real one (--jsn)', args: ['apps', 'list', '--jsn'], says: /unknown option '--jsn'/ },
  { name: 'unknown flag near a real one (--replica)', args: ['deploy', '-a', '1', '--replica', '2'], says: /unknown option '--replica'/ },
  { name: 'unknown command', args: ['apps', 'frobnicate'], says: /unknown command 'frobnicate'/ },
  { name: 'unknown top-level command', args: ['frobnicate'], says: /unknown command 'frobnicate'/ },
  { name: 'missing argument', args: ['apps', 'create'], says: /missing required argument 'name'/ },
  { name: 'too many arguments', args: ['apps', 'get', 'one-app', 'two-app'], says: /too many arguments/ },
  { name: 'option missing its value', args: ['deploy', '-a'], says: /option '-a, --app <app>' argument missing/ },
];
