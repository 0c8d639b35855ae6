import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvLines, isPlainCsv } from '../../../src/output/csv-lines.js';
import { csvField } from '../../../src/output/encode.js';
import { openRowStream, stdoutGuard, type StreamDeps } from '../../../src/output/stream.js';
import { csvRows } from '../../../src/runtime/csv-stream.js';
import { plainStyle } from '../../../src/output/style.js';
import type { OutputFormat } from '../../../src/output/format.js';

const COLS = [
  { name: 'id', type: 'Int64' },
  { name: 'name', type: 'Utf8' },
  { name: 'tags', type: 'List(Utf8)' },
];
const ROWS = [
  [1, 'kettle', ['a', 'b']],
  [2, 'tab\there, "quoted"', null],
];

function sink(rendering: OutputFormat, o: Partial<StreamDeps> = {}) {
  let out = '';
  const stdout = new Writable({ write: (c, _e, cb) => ((out += c.toString()), cb()) });
  const s = openRowStream(
    { stdout, rendering, headers: true, width: 80, style: plainStyle, finish: (t) => t.replaceAll('SECRET', '[REDACTED]'), pretty: false, stdoutState: stdoutGuard(stdout), ...o },
    COLS,
  );
  return { s, out: () => out };
}

describe('streaming output', () => {
  it('TSV: one line per row, no header, cells on one line', async () => {
    const { s, out } = sink('tsv');
    await s.write(ROWS);
    expect(await s.end()).toEqual({ rows: 2, shown: 2, closed: false });
    expect(out()).toBe('1\tkettle\t["a","b"]\n2\ttab\\x09here, "quoted"\t\n');
  });

  it('CSV: header row, RFC 4180 quoting; --no-headers leaves it out; an empty result still has the header', async () => {
    const { s, out } = sink('csv');
    await s.write(ROWS);
    await s.end();
    expect(out()).toBe('id,name,tags\r\n1,kettle,"[""a"",""b""]"\r\n2,"tab\there, ""quoted""",\r\n');
    const n = sink('csv', { headers: false });
    await n.s.write([[1, 'x', null]]);
    await n.s.end();
    expect(n.out()).toBe('1,x,\r\n');
    const e = sink('csv');
    await e.s.end();
    expect(e.out()).toBe('id,name,tags\r\n');
  });

  it('JSON: one array of row objects in schema order, written batch by batch', async () => {
    const { s, out } = sink('json');
    await s.write([ROWS[0]!]);
    expect(out()).toBe('[{"id":1,"name":"kettle","tags":["a","b"]}');
    await s.write([ROWS[1]!]);
    await s.end();
    expect(JSON.parse(out())).toEqual([
      { id: 1, name: 'kettle', tags: ['a', 'b'] },
      { id: 2, name: 'tab\there, "quoted"', tags: null },
    ]);
    const e = sink('json');
    await e.s.end();
    expect(e.out()).toBe('[]\n');
  });

  it('JSON keeps the schema order even for integer-like column names', async () => {
    let out = '';
    const stdout = new Writable({ write: (c, _e, cb) => ((out += c.toString()), cb()) });
    const s = openRowStream({ stdout, rendering: 'ndjson', headers: true, width: 0, style: plainStyle, finish: (t) => t, pretty: false, stdoutState: stdoutGuard(stdout) }, [{ name: 'b' }, { name: '1' }]);
    await s.write([['x', 'y']]);
    await s.end();
    expect(out).toBe('{"b":"x","1":"y"}\n');
  });

  it('NDJSON: one object per line', async () => {
    const { s, out } = sink('ndjson');
    await s.write(ROWS);
    await s.end();
    expect(out().split('\n')).toHaveLength(3);
  });

  it('table: a preview of the first rows with names and types, then only counts', async () => {
    const { s, out } = sink('table', { previewRows: 2 });
    await s.write([[1, 'a', null]]);
    expect(out()).toBe('');
    await s.write([[2, 'b', null], [3, 'c', null]]);
    await s.write([[4, 'd', null]]);
    expect(await s.end()).toEqual({ rows: 4, shown: 2, closed: false });
    expect(out()).toBe('id     name  tags\nInt64  Utf8  List(Utf8)\n1      a     NULL\n2      b     NULL\n');
  });

  it('CSV lines taken as text print exactly as the same rows do, in every format, redaction included', async () => {
    const text = '1,kettle,\n2,SECRET here,x\n\n3,é,a b\n';
    const rows = [['1', 'kettle', ''], ['2', 'SECRET here', 'x'], [''], ['3', 'é', 'a b']];
    for (const f of ['csv', 'tsv', 'json', 'ndjson', 'table'] as const) {
      const asText = sink(f);
      await asText.s.write(CsvLines.of(text)!);
      const asRows = sink(f);
      await asRows.s.write(rows);
      expect(await asText.s.end(), f).toEqual(await asRows.s.end());
      expect(asText.out(), f).toBe(asRows.out());
    }
    const { s, out } = sink('csv', { headers: false });
    await s.write(CsvLines.of(text)!);
    await s.end();
    expect(out()).toBe('1,kettle,\r\n2,[REDACTED] here,x\r\n\r\n3,é,a b\r\n');
  });

  it('isPlainCsv takes a field that starts or ends with any character exactly when csvField leaves it as it is, and refuses what it would change anywhere', () => {
    for (let u = 0; u <= 0xffff; u++) {
      const c = String.fromCharCode(u);
      if (c === '\n' || c === ',') continue;
      const asIs = (f: string) => csvField(f) === f && !/["\r]/.test(f);
      expect(isPlainCsv(`a,${c}b\n`), `U+${u.toString(16)} first`).toBe(asIs(`${c}b`));
      expect(isPlainCsv(`a,b${c}\n`), `U+${u.toString(16)} last`).toBe(asIs(`b${c}`));
      if (isPlainCsv(`a,b${c}b\n`)) expect(asIs(`b${c}b`), `U+${u.toString(16)} inside`).toBe(true);
    }
  });

  it('any text CsvLines takes prints as CSV exactly as its rows, read by the parser, would', async () => {
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('a', '1', 'é', ',', '\n', ' ', '\t', '\u00a0', '\u2028', '"', '\r', '\x1b'), { minLength: 1, maxLength: 40 }).map((cs) => `${cs.join('')}\n`),
        async (text) => {
          const lines = CsvLines.of(text);
          if (!lines) return;
          taken++;
          const rows: string[][] = [];
          for await (const b of csvRows((async function* () { yield Buffer.from(text); })())) rows.push(...b);
          const asText = sink('csv');
          await asText.s.write(lines);
          const asRows = sink('csv');
          await asRows.s.write(rows);
          expect(await asText.s.end()).toEqual(await asRows.s.end());
          expect(asText.out()).toBe(asRows.out());
        },
      ),
      { seed: 5, numRuns: 3000 },
    );
    expect(taken).toBeGreaterThan(100);
  });

  it('passes every write through the finishing pass (redaction)', async () => {
    const { s, out } = sink('tsv');
    await s.write([[1, 'SECRET', null]]);
    await s.end();
    expect(out()).toBe('1\t[REDACTED]\t\n');
  });

  it('waits for stdout to drain before taking more rows (bounded memory)', async () => {
    const pending: Array<() => void> = [];
    let written = 0;
    const stdout = new Writable({
      highWaterMark: 16,
      write: (c, _e, cb) => {
        written += c.length;
        pending.push(cb);
      },
    });
    const s = openRowStream({ stdout, rendering: 'tsv', headers: true, width: 0, style: plainStyle, finish: (t) => t, pretty: false, stdoutState: stdoutGuard(stdout) }, COLS);
    let resolved = false;
    const p = s.write([[1, 'x'.repeat(100), null]]).then(() => (resolved = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(resolved).toBe(false);
    expect(written).toBeGreaterThan(0);
    pending.shift()!();
    await p;
    expect(resolved).toBe(true);
  });

  it('a closed pipe ends the stream quietly', async () => {
    const stdout = new Writable({ write: (_c, _e, cb) => cb(Object.assign(new Error('EPIPE'), { code: 'EPIPE' })) });
    const s = openRowStream({ stdout, rendering: 'tsv', headers: true, width: 0, style: plainStyle, finish: (t) => t, pretty: false, stdoutState: stdoutGuard(stdout) }, COLS);
    await s.write([[1, 'a', null]]);
    await new Promise((r) => setTimeout(r, 10));
    expect(s.closed).toBe(true);
    await s.write([[2, 'b', null]]);
    expect((await s.end()).closed).toBe(true);
  });
});
