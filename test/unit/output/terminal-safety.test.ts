/**
 * Server data never reaches the terminal raw: every human format (table, TSV, single
 * view, messages, `error:` and `hint:` lines, doctor) shows control characters escaped;
 * `--json` escapes C1 controls; masks show printable characters only. Through main(),
 * so the error printer is covered too.
 */
import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { main, type Process } from '../../../src/main.js';
import { maskKey, Redactor } from '../../../src/output/mask.js';
import { plainStyle, makeStyle } from '../../../src/output/style.js';
import { safeOutput, safeText } from '../../../src/output/sanitize.js';
import { Output } from '../../../src/output/writer.js';
import { memoryConfigStore } from '../../../src/config/store.js';
import { fakeIO, instantClock, json, TOKEN } from '../../helpers/context.js';

const API = 'https://api.test';
/** ESC]52 (clipboard), ESC]0 (title), ESC[2J (clear), CR, BS, 8-bit CSI. */
const HOSTILE = 'evil\u001b]52;c;cm0gLXJmIH4=\u0007\u001b]0;title\u0007\u001b[2J\rback\bspace\u009b31m';
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const agents: MockAgent[] = [];
afterEach(async () => {
  for (const a of agents.splice(0)) await a.close();
});

async function cli(argv: string[], reply: (pool: ReturnType<MockAgent['get']>) => void, o: { tty?: boolean } = {}) {
  const mock = new MockAgent();
  mock.disableNetConnect();
  agents.push(mock);
  reply(mock.get(API));
  const io = fakeIO({ tty: o.tty ?? false });
  const proc = {
    env: { SPICE_API_TOKEN: TOKEN, SPICE_API_URL: API },
    cwd: () => '/nonexistent-test-dir',
    on: () => undefined,
    exit: (c: number) => {
      throw new Error(`exit ${c}`);
    },
    stdin: io.stdin,
    stdout: io.stdout,
    stderr: io.stderr,
  } as unknown as Process;
  const code = await main(argv, proc, { io, dispatcher: mock, clock: instantClock(), maxRetries: 0, configStore: memoryConfigStore() });
  return { code, out: io.out(), err: io.err() };
}

const app = { id: 1, name: `sales-${HOSTILE}`, description: HOSTILE, created_at: '2026-11-26T11:00:00Z' };

describe('server strings on a terminal', () => {
  for (const [mode, argv, tty] of [
    ['table', ['apps', 'list'], true],
    ['TSV', ['apps', 'list'], false],
    ['single view', ['apps', 'get', '1'], true],
  ] as const) {
    it(`${mode}: control characters are shown escaped`, async () => {
      const r = await cli([...argv], (pool) => {
        pool.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [app] }, json);
        pool.intercept({ path: '/v1/apps/1', method: 'GET' }).reply(200, app, json);
      }, { tty });
      expect(r.err).toBe('');
      expect(r.out).not.toMatch(RAW_CONTROL);
      expect(r.out).toContain('evil\\x1b]52;c;');
      expect(r.out).toContain('\\x9b31m');
    });
  }

  it('error: and hint: lines from an API error are escaped, one line each', async () => {
    const r = await cli(['apps', 'list'], (pool) =>
      pool.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(400, { error: `bad ${HOSTILE}\nsecond line` }, json),
    );
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(RAW_CONTROL);
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^error: list apps failed: bad evil\\x1b\]52/);
  });

  it('--json escapes C1 controls in data and in errors', async () => {
    const ok = await cli(['apps', 'list', '--json'], (pool) => pool.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(200, { apps: [app] }, json));
    expect(ok.out).not.toMatch(/[\u0080-\u009f]/);
    expect(ok.out).toContain('\\u009b31m');
    expect(JSON.parse(ok.out)[0].description).toBe(HOSTILE);
    const bad = await cli(['apps', 'list', '--json'], (pool) => pool.intercept({ path: '/v1/apps?limit=100', method: 'GET' }).reply(500, { error: `x\u009b2J` }, json));
    expect(bad.err).toContain('\\u009b2J');
    expect(JSON.parse(bad.err).error.message).toContain('\u009b2J');
  });
});

describe('the writer', () => {
  it('messages, warnings and data lines escape controls but keep our own colours', async () => {
    const io = fakeIO({ tty: true, color: true });
    const style = await makeStyle(true);
    const out = new Output(io, { json: false, redactor: new Redactor(), style, errStyle: style, now: Date.now });
    out.warn(`linked app ${HOSTILE}`);
    out.line(`${style.bold('x')} ${HOSTILE}`);
    expect(io.err()).toContain('\u001b[33mwarning:\u001b[39m');
    expect(io.err().replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(RAW_CONTROL);
    expect(io.out().replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(RAW_CONTROL);
    expect(io.out()).toContain('\\x1b[2J');
  });

  it('without colour even colour sequences from a server are escaped', () => {
    const io = fakeIO({ tty: true });
    const out = new Output(io, { json: false, redactor: new Redactor(), style: plainStyle, errStyle: plainStyle, now: Date.now });
    out.info('name \u001b[31mred');
    expect(io.err()).toBe('name \\x1b[31mred\n');
  });

  it('CSV keeps CRLF, a lone CR is escaped', () => {
    expect(safeOutput('a\r\nb\rc', false)).toBe('a\r\nb\\x0dc');
    expect(safeText('\t\n')).toBe('\\x09\\x0a');
  });

  it('masks show only printable characters', () => {
    expect(maskKey('spk_live_abcdefgh1234')).toBe('••••1234');
    expect(maskKey('spk_live_abcdefgh\u001b[2J')).toBe('••••');
    expect(maskKey('spk_live_abcdefgh12\u009b3')).toBe('••••');
  });
});
