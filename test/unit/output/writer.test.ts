import { describe, expect, it } from 'vitest';
import { maskDeep, maskKey, Redactor } from '../../../src/output/mask.js';
import { plainStyle } from '../../../src/output/style.js';
import { parseDuration, relativeTime } from '../../../src/output/time.js';
import { Output, type Column } from '../../../src/output/writer.js';
import { fakeIO } from '../../helpers/context.js';

interface Row {
  name: string;
  key: string;
  value: string;
  at: string;
}
const ROWS: Row[] = [{ name: 'DB_URL', key: 'spk_live_abcdefgh12345678', value: 'postgres://secret', at: '2026-11-26T11:59:00Z' }];
const COLS: Column<Row>[] = [
  { header: 'Name', get: (r) => r.name },
  { header: 'Key', get: (r) => r.key, kind: 'key' },
  { header: 'Value', get: (r) => r.value, kind: 'secret' },
  { header: 'Updated', get: (r) => r.at, kind: 'time' },
];

function writer(o: { tty?: boolean; json?: boolean } = {}) {
  const io = fakeIO({ tty: o.tty });
  const redactor = new Redactor();
  const out = new Output(io, { json: o.json ?? false, redactor, style: plainStyle, errStyle: plainStyle, now: () => Date.parse('2026-11-26T12:00:00Z') });
  return { io, out, redactor };
}

describe('Output masks secrets in all three formats', () => {
  it('table on a terminal', async () => {
    const { io, out } = writer({ tty: true });
    await out.list(ROWS, COLS);
    expect(io.out()).toMatch(/NAME\s+KEY\s+VALUE\s+UPDATED\nDB_URL\s+••••5678\s+\*{8}\s+1 minute ago\n/);
    expect(io.out()).not.toContain('postgres://secret');
    expect(io.out()).not.toContain('spk_live');
  });

  it('tab-separated when piped', async () => {
    const { io, out } = writer();
    await out.list(ROWS, COLS);
    expect(io.out()).toBe('DB_URL\t••••5678\t********\t2026-11-26T11:59:00Z\n');
  });

  it('JSON with --json', async () => {
    const { io, out } = writer({ json: true });
    await out.list(
      ROWS.map((r) => ({ name: r.name, api_key: r.key, value: r.value })),
      COLS as never,
      { secretValues: true },
    );
    expect(JSON.parse(io.out())).toEqual([{ name: 'DB_URL', api_key: '••••5678', value: '********' }]);
  });

  it('shows keys in clear only when revealing', async () => {
    const { io, out } = writer({ json: true });
    out.json({ api_key: 'spk_live_abcdefgh12345678' }, { reveal: true });
    expect(io.out()).toContain('spk_live_abcdefgh12345678');
  });

  it('scrubs registered secrets from any line, stdout and stderr', async () => {
    const { io, out, redactor } = writer();
    redactor.add('tok_canary_123');
    out.line('token is tok_canary_123');
    out.warn('leaked tok_canary_123?');
    expect(io.out()).toBe('token is [REDACTED]\n');
    expect(io.err()).toBe('warning: leaked [REDACTED]?\n');
  });

  it('prints nothing for an empty list on a terminal and [] with --json', async () => {
    const a = writer({ tty: true });
    await a.out.list([], COLS);
    expect(a.io.out()).toBe('');
    const b = writer({ json: true });
    await b.out.list([], COLS);
    expect(b.io.out()).toBe('[]\n');
  });
});

describe('mask helpers', () => {
  it('shows at most the last 4 characters of a key, and nothing of a short one', () => {
    expect(maskKey('abcdefghijkl1234')).toBe('••••1234');
    expect(maskKey('short')).toBe('••••');
    expect(maskKey(null)).toBeNull();
  });

  it('masks credential fields at any depth', () => {
    expect(maskDeep({ a: [{ access_token: 'abcdefghijklmnop' }], client_secret: 'zzzzzzzzzzzzzzzz9999' })).toEqual({
      a: [{ access_token: '••••mnop' }],
      client_secret: '••••9999',
    });
  });

  it('copies a "__proto__" field as a plain field, never as the copy\'s prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "name": "x"}');
    const copy = maskDeep(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true},"name":"x"}');
  });
});

describe('time helpers', () => {
  const now = Date.parse('2026-11-26T12:00:00Z');
  it.each([
    ['2026-11-26T11:59:58Z', 'just now'],
    ['2026-11-26T11:00:00Z', '1 hour ago'],
    ['2026-11-24T12:00:00Z', '2 days ago'],
    ['2026-11-26T12:05:00Z', 'in 5 minutes'],
  ])('relativeTime(%s) is %s', (iso, want) => expect(relativeTime(iso, now)).toBe(want));

  it.each([
    ['90s', 90_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['500ms', 500],
    ['15', 15_000],
  ])('parseDuration(%s) = %d', (s, ms) => expect(parseDuration(s)).toBe(ms));

  it.each(['', 'abc', '10x', 'm10', '1h 30m'])('parseDuration rejects %j', (s) => expect(parseDuration(s)).toBeUndefined());
});
