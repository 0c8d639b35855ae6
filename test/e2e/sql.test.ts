/**
 * `sql`, `datasets list`, `models list` and `runtime status` against the emulator's
 * runtime, driven through the built binary: piped, --json, --format, a real terminal
 * (table and the REPL), Ctrl-C during a running query, a key regenerated while a client
 * queries, and the API key in no output.
 */
import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDir, deployedApp, type DeployedApp } from '../emulator/runtime/helpers.js';
import { bed, plain, type Bed } from './harness.js';

const ENTER = '\r';
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const TAB = '\t';

const POD = {
  version: 'v1',
  kind: 'Spicepod',
  name: 'shop',
  datasets: [{ from: 'file:reviews.csv', name: 'reviews' }],
  models: [{ from: 'openai:gpt-4o-mini', name: 'assistant' }],
};

let b: Bed;
let app: DeployedApp;
const ANY_KEY = /spk_[0-9a-f]{32}/;
const noKey = (...texts: string[]) => {
  for (const t of texts) {
    for (const s of [app.key, app.key2]) expect(t).not.toContain(s);
    expect(t).not.toMatch(ANY_KEY);
  }
};

beforeAll(async () => {
  b = await bed({ runtime: { dataDir: dataDir() } });
  app = await deployedApp(b.emu, 'shop-app', POD);
}, 60_000);
afterAll(() => b.close());

describe('sql piped, --json and --format', () => {
  it('streams TSV over Arrow Flight with only -a: endpoint, Flight address and key found by the CLI', async () => {
    const r = await b.run(['sql', 'SELECT id, product FROM reviews ORDER BY id LIMIT 3', '-a', 'shop-app']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('1\tkettle\n2\tkettle\n3\ttoaster\n');
    expect(r.stderr).toMatch(/^3 rows in \d+(\.\d+)? m?s\n$/);
    noKey(r.stdout, r.stderr);
  }, 60_000);

  it('--http --format csv streams the runtime\'s own text/csv answer: the same CSV as over Flight, quoting included', async () => {
    const q = `SELECT id, product, 'a, "quoted"' || id AS note FROM reviews ORDER BY id LIMIT 3`;
    const flight = await b.run(['sql', q, '-a', 'shop-app', '--format', 'csv']);
    const before = b.emu.requests().length;
    const http = await b.run(['sql', q, '-a', 'shop-app', '--format', 'csv', '--http']);
    expect(flight.code, flight.stderr).toBe(0);
    expect(http.code, http.stderr).toBe(0);
    expect(http.stdout).toBe(flight.stdout);
    expect(http.stdout.split('\r\n')[1]).toBe('1,kettle,"a, ""quoted""1"');
    expect(b.emu.requests().slice(before).filter((e) => e.path === '/v1/sql')).toHaveLength(1);
  });

  it('--http --format csv prints a long answer, mostly lines taken as they are and some that need quoting, exactly as Flight does', async () => {
    const q = `SELECT range AS id, CASE WHEN range % 9973 = 0 THEN 'a, "b"' WHEN range % 14983 = 0 THEN ' padded' ELSE 'row ' || range END AS label FROM range(30000)`;
    const flight = await b.run(['sql', q, '-a', 'shop-app', '--format', 'csv']);
    const http = await b.run(['sql', q, '-a', 'shop-app', '--format', 'csv', '--http']);
    expect(flight.code, flight.stderr).toBe(0);
    expect(http.code, http.stderr).toBe(0);
    expect(http.stdout.split('\r\n')).toHaveLength(30002);
    expect(http.stdout).toBe(flight.stdout);
    expect(http.stdout).toContain('\r\n9973,"a, ""b"""\r\n');
    expect(http.stdout).toContain('\r\n14983," padded"\r\n');
    expect(http.stderr).toMatch(/^30,000 rows in /);
  }, 60_000);

  it('prints the same --json over Flight and HTTP, with 64-bit integers beyond 2^53 as exact strings', async () => {
    const q = 'SELECT 9007199254740993::BIGINT AS big, 42::BIGINT AS small, 1.25::DECIMAL(10,2) AS price, NULL AS nothing';
    const flight = await b.run(['sql', q, '-a', 'shop-app', '--json']);
    const http = await b.run(['sql', q, '-a', 'shop-app', '--json', '--http']);
    expect(flight.code, flight.stderr).toBe(0);
    expect(http.code, http.stderr).toBe(0);
    expect(JSON.parse(flight.stdout)).toEqual([{ big: '9007199254740993', small: 42, price: 1.25, nothing: null }]);
    expect(JSON.parse(http.stdout)).toEqual(JSON.parse(flight.stdout));
  }, 60_000);

  it('--format csv has a header row; --format ndjson one object per line; a script from stdin runs each statement', async () => {
    const csv = await b.run(['sql', 'SELECT id, product FROM reviews WHERE id <= 2 ORDER BY id', '-a', 'shop-app', '--format', 'csv']);
    expect(csv.stdout).toBe('id,product\r\n1,kettle\r\n2,kettle\r\n');
    const nd = await b.run(['sql', '-a', 'shop-app', '--format', 'ndjson'], { stdin: 'SELECT 1 AS a;\nSELECT 2 AS a;\n' });
    expect(nd.code, nd.stderr).toBe(0);
    expect(nd.stdout).toBe('{"a":1}\n{"a":2}\n');
  }, 60_000);

  it('binds positional and named parameters over Flight (prepared statement) and HTTP (JSON envelope)', async () => {
    const flight = await b.run(['sql', 'SELECT product FROM reviews WHERE id = $1', '-a', 'shop-app', '--param', '3']);
    expect(flight.stdout, flight.stderr).toBe('toaster\n');
    const http = await b.run(['sql', 'SELECT product FROM reviews WHERE id = $id', '-a', 'shop-app', '--http', '--param', 'id=5']);
    expect(http.stdout, http.stderr).toBe('blender\n');
  }, 60_000);

  it('a million-row result streams to the end', async () => {
    const r = await b.run(['sql', 'SELECT * FROM range(1000000)', '-a', 'shop-app', '--format', 'csv'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines).toHaveLength(1_000_002);
    expect(lines.at(-2)).toBe('999999');
    expect(r.stderr).toMatch(/^1,000,000 rows in /);
  }, 90_000);

  it('a SQL error is exit 2 with the runtime message on one line, on both transports', async () => {
    for (const extra of [[], ['--http']]) {
      const r = await b.run(['sql', 'SELECT * FROM no_such_table', '-a', 'shop-app', ...extra]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')[0]).toMatch(/^error: .*no_such_table/);
    }
  }, 60_000);

  it('with the key and endpoint in the environment, no Management API call is made', async () => {
    const from = b.emu.requests().length;
    const r = await b.run(['sql', 'SELECT 1 AS one', '--http', '--json'], {
      env: { SPICE_API_TOKEN: undefined, SPICE_API_URL: undefined, SPICE_RUNTIME_URL: b.emu.runtime!.url, SPICE_APP_API_KEY: app.key },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ one: 1 }]);
    expect(b.emu.requests().slice(from).filter((e) => e.path.startsWith('/v1/apps'))).toEqual([]);
  }, 60_000);

  it('a key regenerated while a client queries: the old key fails with exit 4 and a hint, the CLI\'s own lookup recovers', async () => {
    const old = app.key;
    const before = await b.run(['sql', 'SELECT 1 AS x', '--endpoint', b.emu.runtime!.url], { env: { SPICE_APP_API_KEY: old } });
    expect(before.code, before.stderr).toBe(0);
    const keys = await b.call<{ api_key: string; api_key_2: string }>('POST', `/v1/apps/${app.id}/api-keys`, { key_number: 1 });
    app = { ...app, key: keys.data.api_key };
    for (const extra of [[], ['--http']]) {
      const r = await b.run(['sql', 'SELECT 1 AS x', '--endpoint', b.emu.runtime!.url, ...extra], { env: { SPICE_APP_API_KEY: old } });
      expect(r.code, r.stderr).toBe(4);
      expect(r.stderr).toMatch(/may have been regenerated/);
      expect(r.stderr).not.toContain(old);
    }
    const fresh = await b.run(['sql', 'SELECT 1 AS x', '-a', 'shop-app']);
    expect(fresh.code, fresh.stderr).toBe(0);
  }, 60_000);

  it('Ctrl-C during a running query exits 130 with a line saying nothing was printed', async () => {
    b.emu.addFault({ method: 'POST', path: '/v1/sql', action: 'delay', delayMs: 8000, count: 1 });
    const r = await b.run(['sql', 'SELECT 1', '-a', 'shop-app', '--http'], { interruptAfterMs: 2500 });
    b.emu.clearFaults();
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/interrupted: the query was cancelled before any row was printed/);
    expect(r.stdout).toBe('');
  }, 60_000);

  it('--verbose traces the runtime requests with the key redacted', async () => {
    const r = await b.run(['sql', 'SELECT 1 AS x', '-a', 'shop-app', '--http', '--verbose']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/> x-api-key: \[REDACTED\]/);
    noKey(r.stdout, r.stderr);
  }, 60_000);
});

describe('datasets, models and runtime status', () => {
  it('lists what the deployment serves, with statuses', async () => {
    const d = await b.run(['datasets', 'list', '-a', 'shop-app', '--json']);
    expect(d.code, d.stderr).toBe(0);
    expect(JSON.parse(d.stdout)).toEqual([expect.objectContaining({ name: 'reviews', from: 'file:reviews.csv', status: 'Ready' })]);
    const m = await b.run(['models', 'list', '-a', 'shop-app']);
    expect(m.stdout).toMatch(/^assistant\topenai:gpt-4o-mini\t.*\tReady\n$/);
    const s = await b.run(['runtime', 'status', '-a', 'shop-app', '--json']);
    expect(s.code, s.stderr).toBe(0);
    const status = JSON.parse(s.stdout) as { ready: boolean; components: Array<{ name: string }> };
    expect(status.ready).toBe(true);
    expect(status.components.map((c) => c.name)).toEqual(expect.arrayContaining(['http', 'flight']));
    noKey(d.stdout, d.stderr, m.stdout, s.stdout, s.stderr);
  }, 60_000);
});

describe('sql on a terminal', () => {
  it('prints a table with names and types, and the footer', async () => {
    const r = await b.pty(['sql', 'SELECT id, product, rating FROM reviews ORDER BY id LIMIT 2', '-a', 'shop-app']);
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/id\s+product\s+rating\n\S*Int\S*\s+\S+\s+\S+\n1\s+kettle\s+5\n2\s+kettle\s+2\n/);
    expect(out).toMatch(/2 rows in /);
  }, 60_000);

  it('the REPL: multi-line input until ;, dot commands, completion, history 0600, Ctrl-D leaves', async () => {
    const r = await b.pty(
      ['sql', '-a', 'shop-app'],
      [
        { expect: 'sql> ', send: `SELECT count(*) AS n${ENTER}` },
        { expect: '  -> ', send: `FROM reviews;${ENTER}` },
        { expect: '1 row in', send: `.tables${ENTER}` },
        { expect: 'rows? in', send: `.schema reviews${ENTER}` },
        { expect: 'product', send: `.format csv${ENTER}` },
        { expect: 'Results print as csv', send: `SELECT 7 AS seven;${ENTER}` },
        { expect: 'seven\\s+7', send: `SELECT rating FROM reviews WHERE prod${TAB}` },
        { expect: 'product', send: ` IS NOT NULL AND id = 1;${ENTER}` },
        { expect: 'rating\\s+5', send: CTRL_D },
      ],
      { timeoutS: 20 },
    );
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(r.timedOut, out).toBe(false);
    expect(out).toMatch(/n\s*\n\S*Int64\S*\s*\n6\n/);
    expect(out).toMatch(/reviews/);
    noKey(r.output);
    const history = join(b.home, 'config', 'spice-cloud', 'sql_history');
    expect(statSync(history).mode & 0o777).toBe(0o600);
    expect(readFileSync(history, 'utf8')).toContain('SELECT count(*) AS n FROM reviews;');
  }, 60_000);

  it('the REPL: Ctrl-C cancels the running query, not the REPL; Ctrl-C twice on an empty line leaves', async () => {
    // Two: the prompt's background fetch of table names takes the first.
    b.emu.addFault({ method: 'POST', path: '/v1/sql', action: 'delay', delayMs: 8000, count: 2 });
    const r = await b.pty(
      ['sql', '-a', 'shop-app', '--http'],
      [
        { expect: 'sql> ', send: `SELECT 1 AS slow;${ENTER}`, delay: 1.5 },
        { expect: 'slow', send: CTRL_C, delay: 1 },
        { expect: 'Cancelled', send: `SELECT 2 AS after;${ENTER}` },
        { expect: '1 row in', send: CTRL_C },
        { expect: 'Ctrl-C again', send: CTRL_C },
      ],
      { timeoutS: 20 },
    );
    b.emu.clearFaults();
    const out = plain(r.output);
    expect(r.timedOut, out).toBe(false);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/Cancelled: the query was stopped/);
    expect(out).toMatch(/after\s*\n\S*\s*\n2\n/);
  }, 60_000);
});

describe('sql --http behind the Spice Cloud gateway limits', () => {
  let c: Bed;
  beforeAll(async () => {
    c = await bed({ runtime: { dataDir: dataDir(), cloudLimits: true } });
    await deployedApp(c.emu, 'capped-app', POD);
  }, 60_000);
  afterAll(() => c.close());

  it('notes the 500-row cap on stderr and points at Flight, which returns every row', async () => {
    const http = await c.run(['sql', 'SELECT * FROM range(600)', '-a', 'capped-app', '--http']);
    expect(http.code, http.stderr).toBe(0);
    expect(http.stdout.split('\n')).toHaveLength(501);
    expect(http.stderr).toMatch(/warning: Spice Cloud returns at most 500 rows over HTTP, so this result may be cut\. Drop --http/);
    const flight = await c.run(['sql', 'SELECT * FROM range(600)', '-a', 'capped-app']);
    expect(flight.stdout.split('\n')).toHaveLength(601);
    expect(flight.stderr).not.toMatch(/warning/);
  }, 60_000);
});
