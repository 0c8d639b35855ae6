/**
 * `chat`, `search` and `nsql` as a user runs them: the built binary against a runtime
 * over real sockets, piped, with --json and --format ndjson, on a pseudo-terminal
 * (tables, the chat REPL, Ctrl-C during an answer). The API key never shows.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeRuntime, type FakeRuntime } from './fake-runtime.js';
import { plain, runCli, runPty, runPtyExact } from './harness.js';

const KEY = 'sk-e2e-runtime-canary-0123456789abcdef';
const ENTER = '\r';
const CTRL_C = '\u0003';
const CTRL_D = '\u0004';

let rt: FakeRuntime;
let home: string;
let env: Record<string, string>;

beforeAll(async () => {
  rt = await startFakeRuntime({ key: KEY });
  home = mkdtempSync(join(tmpdir(), 'spice-cloud-ai-'));
  env = { SPICE_RUNTIME_URL: rt.url, SPICE_APP_API_KEY: KEY, XDG_CONFIG_HOME: join(home, 'config'), HOME: home };
});
afterAll(async () => {
  await rt.close();
  rmSync(home, { recursive: true, force: true });
});
beforeEach(() => {
  rt.stallAfterFirstToken = false;
  rt.nextAnswer = undefined;
});

const run = (args: string[], o: Parameters<typeof runCli>[1] = {}) => runCli(args, { cwd: home, ...o, env: { ...env, ...o.env } });
const pty = (args: string[], steps: Parameters<typeof runPtyExact>[1] = [], o: Parameters<typeof runPtyExact>[2] = {}) => runPtyExact(args, steps, { cwd: home, ...o, env: { ...env, ...o.env } });
const noKey = (...texts: string[]) => {
  for (const t of texts) expect(t).not.toContain(KEY);
};

describe('chat', () => {
  it('piped: stdout is the answer only; the timing is on stderr', async () => {
    const r = await run(['chat', 'hello there']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('echo: hello there\n');
    expect(r.stderr).toMatch(/^Time: \d+\.\d\d s \(first token \d+\.\d\d s\)\. Tokens: \d+ \(prompt 4, completion 3\)/m);
    noKey(r.stdout, r.stderr);
  });

  it('stdin and the argument are combined', async () => {
    const r = await run(['chat', 'summarise:'], { stdin: 'line one\nline two\n' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('echo: summarise: line one line two\n');
  });

  it('no message and no terminal (stdin closed): exit 9 at once, nothing sent', async () => {
    const before = rt.requests.length;
    const r = await run(['chat'], { stdin: 'close' });
    expect(r.code).toBe(9);
    expect(r.stderr).toMatch(/^error: no message to send, and the interactive chat needs a terminal \(stdin is not a terminal\)\nhint: Give the message as an argument, or pipe it on stdin/);
    expect(rt.requests.length).toBe(before);
  });

  it('--json prints one object', async () => {
    const r = await run(['chat', 'hi', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(o).toMatchObject({ model: 'assistant', content: 'echo: hi', usage: { completion_tokens: 3 } });
    expect(r.stderr).toBe('');
  });

  it('--format ndjson prints one JSON object per chunk', async () => {
    const r = await run(['chat', 'hi', '--format', 'ndjson']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { object: string });
    expect(lines).toHaveLength(5);
    expect(lines.every((l) => l.object === 'chat.completion.chunk')).toBe(true);
  });

  it('an unknown --model is exit 3 naming the models the runtime has', async () => {
    const r = await run(['chat', 'hi', '--model', 'gpt-9']);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe('error: model "gpt-9" not found; the runtime serves: assistant\nhint: See `spice-cloud models list`.\n');
  });

  it('a wrong key is exit 4, and the key is not printed', async () => {
    const r = await run(['chat', 'hi', '--verbose'], { env: { SPICE_APP_API_KEY: `${KEY}-old` } });
    expect(r.code).toBe(4);
    noKey(r.stdout, r.stderr);
  });

  it('with --verbose the trace shows the request but never the key', async () => {
    const r = await run(['chat', 'hi', '--verbose']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/POST http:\/\/127\.0\.0\.1:\d+\/v1\/chat\/completions/);
    noKey(r.stdout, r.stderr);
  });

  it('on a terminal the answer streams, then the timing', async () => {
    const r = await pty(['chat', 'hello']);
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/echo: hello\n+Time: /);
  });

  it('Ctrl-C during an answer exits 130 with a line saying it was cut off', async () => {
    rt.stallAfterFirstToken = true;
    // Not through runPtyExact's wrapping shell: in cooked mode Ctrl-C signals the whole
    // foreground group, and the shell would die of it before reporting the code.
    const r = await runPty(['chat', 'tell me a long story'], [{ expect: 'echo', send: CTRL_C }], { cwd: home, env });
    const out = plain(r.output);
    expect(r.code, out).toBe(130);
    expect(out).toMatch(/error: interrupted: the answer was cut off after \d+\.\d\d s/);
  });

  it('a stalled answer gives up after --stall-timeout with exit 7', async () => {
    rt.stallAfterFirstToken = true;
    const r = await run(['chat', 'hi', '--stall-timeout', '300ms']);
    expect(r.code).toBe(7);
    expect(r.stdout).toBe('echo\n');
    expect(r.stderr).toMatch(/error: the answer stalled: no data for 300 ms/);
  });
});

describe('the chat REPL on a terminal', () => {
  it('keeps the conversation, .clear forgets it, .exit quits, and history is saved 0600', async () => {
    const before = rt.requests.length;
    const r = await pty(
      ['chat'],
      [
        { expect: 'chat> ', send: `first question${ENTER}` },
        { expect: 'echo: first question[\\s\\S]*chat> ', send: `second${ENTER}` },
        { expect: 'echo: second[\\s\\S]*chat> ', send: `.clear${ENTER}` },
        { expect: 'Conversation cleared[\\s\\S]*chat> ', send: `third${ENTER}` },
        { expect: 'echo: third[\\s\\S]*chat> ', send: `two \\${ENTER}` },
        { expect: '\\.\\.\\. ', send: `lines${ENTER}` },
        { expect: 'echo: two lines[\\s\\S]*chat> ', send: `.exit${ENTER}` },
      ],
    );
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    const chats = rt.requests.slice(before).filter((q) => q.path === '/v1/chat/completions').map((q) => (q.body as { messages: unknown[] }).messages.length);
    expect(chats).toEqual([1, 3, 1, 3]);
    const file = join(home, 'config', 'spice-cloud', 'chat_history');
    expect(readFileSync(file, 'utf8')).toBe('first question\nsecond\n.clear\nthird\ntwo  lines\n.exit\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    noKey(out);
  });

  it('Ctrl-C cancels the answer, not the REPL (the question is dropped); Ctrl-D quits', async () => {
    rt.stallAfterFirstToken = true;
    const before = rt.requests.length;
    const r = await pty(
      ['chat'],
      [
        { expect: 'chat> ', send: `slow one${ENTER}` },
        { expect: 'echo', send: CTRL_C },
        { expect: 'answer cancelled[\\s\\S]*chat> ', send: `next${ENTER}` },
        { expect: 'echo: next[\\s\\S]*chat> ', send: CTRL_D },
      ],
    );
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    const chats = rt.requests.slice(before).filter((q) => q.path === '/v1/chat/completions').map((q) => (q.body as { messages: unknown[] }).messages.length);
    expect(chats).toEqual([1, 1]);
  });
});

describe('search', () => {
  it('piped: tab-separated rank, score, dataset, key, text; the request carries every field', async () => {
    const before = rt.requests.length;
    const r = await run(['search', 'refund', 'policy', '--dataset', 'docs', '--limit', '2', '--where', 'id > 1', '--column', 'title', '--keyword', 'refund']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('1\t0.9123\tdocs\t42\tRefunds are issued within 14 days of a return, to the original payment method.\n2\t0.6\tdocs\t7\tReturns from the EU ship to our Dublin warehouse.\n');
    expect(r.stderr).toBe('2 results in 5 ms\n');
    expect(rt.requests.slice(before).map((q) => q.body)).toEqual([{ text: 'refund policy', datasets: ['docs'], limit: 2, where: 'id > 1', additional_columns: ['title'], keywords: ['refund'] }]);
  });

  it('--json: the normalised results', async () => {
    const r = await run(['search', 'refund', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const results = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(results[0]).toEqual({ rank: 1, score: 0.9123, dataset: 'docs', primary_key: { id: 42 }, matches: { body: ['Refunds are issued within 14 days of a return, to the original payment method.'] }, data: { title: 'Refunds' }, metadata: {} });
  });

  it('on a terminal: a table fitted to the width', async () => {
    const r = await pty(['search', 'refund'], [], { env: { PTY_COLS: '70' } });
    const out = plain(r.output);
    expect(r.code, out).toBe(0);
    expect(out).toMatch(/RANK\s+SCORE\s+DATASET\s+KEY\s+MATCH/);
    expect(out).toMatch(/1\s+0\.9123\s+docs\s+42\s+Refunds are issued.*…/);
  });
});

describe('nsql', () => {
  it('the SQL on stderr, the rows on stdout (piped and --json)', async () => {
    const r = await run(['nsql', 'late orders by region']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('eu\t3\nus\t1\n');
    expect(r.stderr).toMatch(/^SELECT region, count\(\*\) AS late FROM orders GROUP BY region\n2 rows in /);
    const j = await run(['nsql', 'late orders by region', '--json']);
    expect(JSON.parse(j.stdout)).toEqual([
      { late: 3, region: 'eu' },
      { late: 1, region: 'us' },
    ]);
  });
});
