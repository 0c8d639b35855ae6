/**
 * `search`, `chat` and `nsql` against the emulator's runtime, the way a user who just
 * deployed an app runs them: only `-a <app>`; the CLI finds the runtime's endpoint and
 * fetches the app's API key through the Management API (kept in memory, never shown).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataDir, deployedApp, type DeployedApp } from '../emulator/runtime/helpers.js';
import { bed, plain, type Bed } from './harness.js';

const ENTER = '\r';

const POD = {
  version: 'v1',
  kind: 'Spicepod',
  name: 'shop',
  datasets: [{ from: 'file:reviews.csv', name: 'reviews', columns: [{ name: 'body', full_text_search: { enabled: true, row_id: ['id'] } }] }],
  models: [
    { from: 'openai:gpt-4o-mini', name: 'assistant' },
    { from: 'openai:gpt-4o', name: 'writer' },
  ],
};

let b: Bed;
let app: DeployedApp;
const secrets = () => [app.key, app.key2, b.emu.token];
/** Any whole emulator API key (spk_ + 32 hex). */
const ANY_KEY = /spk_[0-9a-f]{32}/;
const noSecret = (...texts: string[]) => {
  for (const t of texts) {
    for (const s of secrets()) expect(t).not.toContain(s);
    expect(t).not.toMatch(ANY_KEY);
  }
};

beforeAll(async () => {
  b = await bed({ runtime: { dataDir: dataDir(), flight: false } });
  app = await deployedApp(b.emu, 'shop-app', POD);
});
afterAll(() => b.close());

describe('search against the emulated runtime', () => {
  it('piped: the best matches, with the primary key, from -a alone', async () => {
    const r = await b.run(['search', 'kettle', 'water', '-a', 'shop-app', '--limit', '2']);
    expect(r.code, r.stderr).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => l.split('\t'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(['1', expect.stringMatching(/^\d/), 'reviews', '1', 'The kettle boils water fast and the handle stays cool']);
    expect(r.stderr).toMatch(/^2 results in \d+ ms/);
    noSecret(r.stdout, r.stderr);
  });

  it('--json with --column and --where', async () => {
    const r = await b.run(['search', 'bread', '-a', 'shop-app', '--where', 'rating > 2', '--column', 'product', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as Array<{ rank: number; dataset: string; primary_key: Record<string, unknown>; matches: Record<string, string[]>; data: Record<string, unknown> }>;
    expect(results.map((x) => x.primary_key)).toEqual([{ id: 3 }]);
    expect(results[0]).toMatchObject({ rank: 1, dataset: 'reviews', data: { product: 'toaster' }, matches: { body: [expect.stringContaining('bread')] } });
  });

  it('--format ndjson: one normalised result per line', async () => {
    const r = await b.run(['search', 'bread', '-a', 'shop-app', '--format', 'ndjson']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { rank: number; dataset: string });
    expect(lines.map((l) => l.rank)).toEqual([1, 2]);
    expect(lines.every((l) => l.dataset === 'reviews')).toBe(true);
  });

  it('a bad --where is exit 2 with the runtime message', async () => {
    const r = await b.run(['search', 'x', '-a', 'shop-app', '--where', 'rating >']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: /);
  });
});

describe('chat against the emulated runtime', () => {
  it('several Ready models and no terminal: exit 9 naming --model', async () => {
    const r = await b.run(['chat', 'hi', '-a', 'shop-app']);
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(/several models are ready \(assistant, writer\)/);
    expect(r.stderr).toMatch(/hint: Pass --model <name>\./);
  });

  it('piped: the answer streams to stdout, statistics to stderr', async () => {
    const r = await b.run(['chat', 'Which datasets do you have?', '-a', 'shop-app', '--model', 'assistant']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^This app has 1 dataset\(s\):\n- reviews \(file:reviews\.csv\): Ready\n$/);
    expect(r.stderr).toMatch(/Time: .* Tokens: \d+ \(prompt \d+, completion \d+\)/);
    noSecret(r.stdout, r.stderr);
  });

  it('an error event mid-answer keeps what arrived and exits 1 with the message', async () => {
    const r = await b.run(['chat', 'break please #error', '-a', 'shop-app', '--model', 'writer']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Let me think about that\n');
    expect(r.stderr).toBe('error: the model failed mid-answer: Emulated model failure (#error in the message)\n');
  });

  it('--json: one object with the answer and its usage', async () => {
    const r = await b.run(['chat', 'Run `SELECT count(*) AS n FROM reviews`', '-a', 'shop-app', '-m', 'assistant', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as { model: string; content: string; usage: { completion_tokens: number } };
    expect(o.model).toBe('assistant');
    expect(o.content).toMatch(/\| n \|/);
    expect(o.usage.completion_tokens).toBeGreaterThan(0);
  });

  it('an unknown model is exit 3 naming the two that exist', async () => {
    const r = await b.run(['chat', 'hi', '-a', 'shop-app', '--model', 'gpt-9', '--json']);
    expect(r.code).toBe(3);
    expect(JSON.parse(r.stderr.trim()).error.message).toBe('model "gpt-9" not found; the runtime serves: assistant, writer');
  });

  it('on a terminal: the model picker, then the conversation', async () => {
    const r = await b.pty(
      ['chat', '-a', 'shop-app'],
      [
        { expect: 'Model', send: ENTER },
        { expect: 'chat> ', send: `which datasets?${ENTER}` },
        { expect: 'reviews[\\s\\S]*chat> ', send: `.exit${ENTER}` },
      ],
    );
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/Chatting with assistant\./);
    noSecret(out);
  });
});

describe('the fetched API key stays secret', () => {
  it.each([
    [['search', 'kettle', '-a', 'shop-app']],
    [['chat', 'which datasets?', '-a', 'shop-app', '-m', 'assistant']],
    [['nsql', 'How many rows are in reviews?', '-a', 'shop-app', '-m', 'assistant']],
  ])('%j with --verbose and --json: the trace shows the requests, never a key', async (args) => {
    for (const extra of [['--verbose'], ['--verbose', '--json']]) {
      const r = await b.run([...args, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/x-api-key: \[REDACTED\]/);
      noSecret(r.stdout, r.stderr);
    }
  });
});

describe('nsql against the emulated runtime', () => {
  it('the generated SQL on stderr, the rows on stdout', async () => {
    const r = await b.run(['nsql', 'How many rows are in reviews?', '-a', 'shop-app', '--model', 'assistant']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('6\n');
    expect(r.stderr).toMatch(/^SELECT COUNT\(\*\) AS count FROM reviews\n1 row in (\d+ ms|\d+\.\d\d s)\n$/);
  });

  it('--json rows; a question it cannot answer is exit 1 with the runtime message', async () => {
    const j = await b.run(['nsql', 'What are the distinct values of rating in reviews?', '-a', 'shop-app', '-m', 'writer', '--json']);
    expect(j.code, j.stderr).toBe(0);
    expect(JSON.parse(j.stdout)).toEqual([{ rating: 1 }, { rating: 2 }, { rating: 3 }, { rating: 4 }, { rating: 5 }]);
    const r = await b.run(['nsql', 'what is the meaning of life?', '-a', 'shop-app', '-m', 'writer']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No query produced from NSQL model/);
  });

  it('--format csv and a table on a terminal, like sql', async () => {
    const csv = await b.run(['nsql', 'How many rows are in reviews?', '-a', 'shop-app', '-m', 'assistant', '--format', 'csv']);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toBe('count\r\n6\r\n');
    const tty = await b.pty(['nsql', 'Show the first 2 rows of reviews', '-a', 'shop-app', '-m', 'assistant']);
    const out = plain(tty.output);
    expect(tty.code, out).toBe(0);
    expect(out).toMatch(/SELECT \* FROM reviews LIMIT 2/);
    expect(out).toMatch(/id\s+product\s+rating/i);
    expect(out).toMatch(/2 rows in /);
  });

  it('several models and no --model: the runtime refuses (exit 2) and the hint names --model', async () => {
    const r = await b.run(['nsql', 'How many rows are in reviews?', '-a', 'shop-app']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Multiple models are available \(assistant, writer\)/);
    expect(r.stderr).toMatch(/hint: Pass --model <name>/);
  });
});
