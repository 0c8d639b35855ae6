/**
 * Every read command in its three output modes:
 * - on a terminal (pty): a table (headers, relative times) or aligned fields, with colour;
 * - piped: tab-separated lines, no header, no colour, RFC 3339 times;
 * - --json: stdout parses with JSON.parse (lists are arrays, single resources objects).
 * The mutating commands' three modes are in the per-noun files (apps, deployments, ...).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSI, bed, plain, type Bed } from './harness.js';

const MASKED = /^••••[0-9a-f]{4}$/;
const AGO = '(just now|\\d+ \\w+ ago)';
const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d';

interface Spec {
  args: string[];
  /** What --json prints: an array, an object, or one JSON object per line (NDJSON). */
  json: 'array' | 'object' | 'ndjson';
  /** The plain terminal output (stdout + stderr) matches this. */
  table: RegExp;
  /** The first stdout line when piped (so: no header). */
  piped: RegExp;
  /** More checks on the parsed --json value. */
  check?: (v: any) => void;
  /** Run in the linked project directory. */
  linked?: boolean;
}

const SPECS: Spec[] = [
  {
    args: ['apps', 'list'],
    json: 'array',
    table: new RegExp(`ID\\s+NAME\\s+REGION\\s+VISIBILITY\\s+CREATED\\n1\\s+sales-data\\s+us-east-1\\s+private\\s+${AGO}`),
    piped: new RegExp(`^1\\tsales-data\\tus-east-1\\tprivate\\t${ISO}`),
    check: (v) => {
      expect(v).toHaveLength(1);
      expect(v[0]).toMatchObject({ id: 1, name: 'sales-data', api_key: expect.stringMatching(MASKED) });
    },
  },
  {
    args: ['apps', 'get', 'SALES-DATA'],
    json: 'object',
    table: /name\s+sales-data\n[\s\S]*url\s+https:\/\/sales-data\.spice\.ai\n[\s\S]*api_key\s+••••[0-9a-f]{4}\n[\s\S]*spicepod:\n\s+version: v1\n\s+kind: Spicepod\n\s+name: sales/,
    piped: /^id\t1$/,
    check: (v) => expect(v).toMatchObject({ name: 'sales-data', url: 'https://sales-data.spice.ai', api_key: expect.stringMatching(MASKED), config: { spicepod: { name: 'sales' } } }),
  },
  {
    args: ['deployments', 'list', '-a', 'sales-data'],
    json: 'array',
    table: new RegExp(`ID\\s+STATUS\\s+CREATED\\s+BRANCH/COMMIT\\s+IMAGE TAG\\s+ERROR\\n1\\s+succeeded\\s+${AGO}\\s+main@abcdef1`),
    piped: new RegExp(`^1\\tsucceeded\\t${ISO}\\S*\\tmain@abcdef1\\t`),
    check: (v) => expect(v).toEqual([expect.objectContaining({ id: 1, status: 'succeeded', branch: 'main' })]),
  },
  {
    args: ['deployments', 'get', '1', '-a', 'sales-data'],
    json: 'object',
    table: /id\s+1\nstatus\s+succeeded\n/,
    piped: /^id\t1$/,
    check: (v) => expect(v).toMatchObject({ id: 1, status: 'succeeded', commit_sha: 'abcdef1234' }),
  },
  {
    args: ['deployments', 'logs', '1', '-a', 'sales-data'],
    json: 'ndjson',
    table: new RegExp(`${ISO}\\S* INFO\\s+Deployment 1 of sales-data queued\\n`),
    piped: new RegExp(`^${ISO}\\S*\\tinfo\\tDeployment 1 of sales-data queued$`),
    check: (v) => expect(v[0]).toMatchObject({ level: 'info', message: 'Deployment 1 of sales-data queued' }),
  },
  {
    args: ['secrets', 'list', '-a', 'sales-data'],
    json: 'array',
    table: new RegExp(`NAME\\s+UPDATED\\s+CREATED\\nDB_PASSWORD\\s+${AGO}`),
    piped: new RegExp(`^DB_PASSWORD\\t${ISO}`),
    check: (v) => expect(v).toEqual([expect.objectContaining({ name: 'DB_PASSWORD', value: '********' })]),
  },
  {
    args: ['secrets', 'get', 'DB_PASSWORD', '-a', 'sales-data'],
    json: 'object',
    table: new RegExp(`Name\\s+DB_PASSWORD\\nValue\\s+\\*{8}\\nUpdated\\s+${AGO}`),
    piped: /^Name\tDB_PASSWORD$/,
    check: (v) => expect(v).toMatchObject({ name: 'DB_PASSWORD', value: '********' }),
  },
  {
    args: ['keys', 'get', '-a', 'sales-data'],
    json: 'object',
    table: /KEY\s+VALUE\nprimary\s+••••[0-9a-f]{4}\nsecondary\s+••••[0-9a-f]{4}/,
    piped: /^primary\t••••[0-9a-f]{4}$/,
    check: (v) => expect(v).toEqual({ api_key: expect.stringMatching(MASKED), api_key_2: expect.stringMatching(MASKED) }),
  },
  {
    args: ['members', 'list'],
    json: 'array',
    table: new RegExp(`USER ID\\s+USERNAME\\s+ROLES\\s+OWNER\\s+JOINED\\n1\\s+ada\\s+owner\\s+yes\\s+${AGO}\\n2\\s+grace\\s+member\\s+no`),
    piped: new RegExp(`^1\\tada\\towner\\tyes\\t${ISO}`),
    check: (v) => expect(v.map((m: { username: string }) => m.username)).toEqual(['ada', 'grace']),
  },
  {
    args: ['members', 'get', 'GRACE'],
    json: 'object',
    table: /User ID\s+2\nUsername\s+grace\nRoles\s+member\nOwner\s+no/,
    piped: /^User ID\t2$/,
    check: (v) => expect(v).toMatchObject({ user_id: 2, username: 'grace', roles: ['member'] }),
  },
  {
    args: ['regions', 'list'],
    json: 'array',
    table: /REGION\s+NAME\s+PROVIDER\s+CNAME\s+DEFAULT\s+STATUS\nus-east-1\s+US East \(N\. Virginia\)\s+AWS\s+us-east-1-prod-aws-data\s+yes\s+enabled/,
    piped: /^us-east-1\tUS East \(N\. Virginia\)\tAWS\tus-east-1-prod-aws-data\tyes\tenabled$/,
    check: (v) => expect(v.filter((r: { isDefault: boolean }) => r.isDefault).map((r: { region: string }) => r.region)).toEqual(['us-east-1']),
  },
  {
    args: ['images', 'list'],
    json: 'array',
    table: /TAG\s+IMAGE\s+CHANNEL\s+DEFAULT\n2\.0\.1\s+spiceai\/spiceai:2\.0\.1\s+stable\s+yes/,
    piped: /^2\.0\.1\tspiceai\/spiceai:2\.0\.1\tstable\tyes$/,
    check: (v) => expect(v).toHaveLength(4),
  },
  {
    args: ['health'],
    json: 'object',
    table: /status\s+ok\ntimestamp\s+\S+\napi_url\s+http:\/\/127\.0\.0\.1:\d+/,
    piped: /^status\tok$/,
    check: (v) => expect(v).toMatchObject({ status: 'ok' }),
  },
  {
    args: ['link', '--status'],
    linked: true,
    json: 'object',
    table: /Link file\s+\S+\/proj\/\.spice\/cloud\.json\nLinked app\s+sales-data \(1\)[\s\S]*Uses\s+sales-data \(link file\)/,
    piped: /^Link file\t\S+\/proj\/\.spice\/cloud\.json$/,
    check: (v) => expect(v).toMatchObject({ linked: true, app_id: 1, app_name: 'sales-data', effective_source: 'link' }),
  },
  {
    args: ['auth', 'status'],
    json: 'object',
    table: /Credentials\s+SPICE_API_TOKEN \(environment\)\n[\s\S]*Token\s+••••oken\n[\s\S]*Valid\s+yes/,
    piped: /^Credentials\tSPICE_API_TOKEN \(environment\)$/,
    check: (v) => expect(v).toMatchObject({ source: 'env', valid: true, token: '••••oken' }),
  },
  {
    args: ['help', 'exit-codes'],
    json: 'array',
    table: /CODE\s+MEANING\n0\s+success\n1\s+API, network or unexpected error/,
    piped: /^0\tsuccess$/,
    check: (v) => expect(v.map((r: { code: number }) => r.code)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 130]),
  },
  {
    args: ['help', 'environment'],
    json: 'object',
    table: /VARIABLE\s+MEANING\nSPICE_API_TOKEN\s+API token/,
    piped: /^SPICE_API_TOKEN\tAPI token/,
    check: (v) => expect(v.variables.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['SPICE_API_TOKEN', 'SPICE_APP', 'NO_COLOR'])),
  },
  {
    args: ['doctor'],
    json: 'object',
    table: /✓ version\s+spice-cloud \d[\s\S]*✓ credentials\s+SPICE_API_TOKEN: accepted/,
    piped: /^✓ version\s+spice-cloud \d/,
    check: (v) => {
      expect(v.ok).toBe(true);
      expect(v.checks.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['api', 'credentials']));
    },
  },
];

describe('output modes of every read command', () => {
  let b: Bed;
  let proj: string;
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'sales-data', region: 'us-east-1' });
    await b.call('PUT', '/v1/apps/1', { spicepod: 'version: v1\nkind: Spicepod\nname: sales\n' });
    await b.call('POST', '/v1/apps/1/deployments', { branch: 'main', commit_sha: 'abcdef1234' });
    await b.call('POST', '/v1/apps/1/secrets', { name: 'DB_PASSWORD', value: 'hunter2' });
    proj = join(b.home, 'proj');
    mkdirSync(join(proj, '.spice'), { recursive: true });
    writeFileSync(join(proj, '.spice', 'cloud.json'), JSON.stringify({ app_id: 1, app_name: 'sales-data' }));
  });
  afterAll(() => b.close());

  it.each(SPECS.map((s) => [s.args.join(' '), s] as const))('%s: table on a terminal, TSV when piped, JSON with --json', async (_name, spec) => {
    const cwd = spec.linked ? proj : undefined;
    const [tty, piped, json] = await Promise.all([
      b.pty(spec.args, [], { cwd }),
      b.run(spec.args, { cwd }),
      b.run([...spec.args, '--json'], { cwd }),
    ]);

    expect(tty.code, tty.output).toBe(0);
    expect(tty.output).toMatch(ANSI);
    expect(plain(tty.output)).toMatch(spec.table);

    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).not.toMatch(ANSI);
    expect(piped.stderr).not.toMatch(ANSI);
    expect(piped.stdout.split('\n')[0]).toMatch(spec.piped);

    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).not.toMatch(ANSI);
    let value: unknown;
    if (spec.json === 'ndjson') {
      value = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as unknown);
    } else {
      // Piped JSON is one document on one line.
      expect(json.stdout.trim().split('\n')).toHaveLength(1);
      value = JSON.parse(json.stdout);
      expect(Array.isArray(value)).toBe(spec.json === 'array');
      expect(typeof value).toBe('object');
    }
    spec.check?.(value);
  }, 60_000);

  it('NO_COLOR and --no-color keep a terminal table free of escape codes', async () => {
    const [env, flag] = await Promise.all([b.pty(['apps', 'list'], [], { env: { NO_COLOR: '1' } }), b.pty(['members', 'list', '--no-color'])]);
    for (const r of [env, flag]) {
      expect(r.code, r.output).toBe(0);
      expect(r.output).not.toMatch(ANSI);
    }
    expect(env.output).toMatch(/ID\s+NAME\s+REGION/);
    expect(flag.output).toMatch(/USER ID\s+USERNAME/);
  });

  it('--json on a terminal is the same document, indented', async () => {
    const [tty, piped] = await Promise.all([b.pty(['apps', 'get', 'sales-data', '--json']), b.run(['apps', 'get', 'sales-data', '--json'])]);
    expect(tty.code).toBe(0);
    const text = plain(tty.output);
    expect(text).toMatch(/^\{\n {2}"id": 1,\n/);
    expect(JSON.parse(text)).toEqual(JSON.parse(piped.stdout));
  });

  it('a data-less list prints nothing on stdout when piped and [] with --json', async () => {
    await b.call('POST', '/v1/apps', { name: 'empty-app', region: 'us-east-1' });
    const [piped, json] = await Promise.all([b.run(['secrets', 'list', '-a', 'empty-app']), b.run(['deployments', 'list', '-a', 'empty-app', '--json'])]);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe('');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
  });
});
