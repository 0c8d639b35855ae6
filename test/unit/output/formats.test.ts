/** --format csv/ndjson/table/tsv, --no-headers, --fields and --jq in the writer. */
import { describe, expect, it } from 'vitest';
import { CliError, UsageError } from '../../../src/errors.js';
import { csvTable, renderingFor } from '../../../src/output/formats.js';
import { parseFieldList, selectFields } from '../../../src/output/fields.js';
import { escapeControls } from '../../../src/output/jq.js';
import { Redactor } from '../../../src/output/mask.js';
import { plainStyle } from '../../../src/output/style.js';
import { Output, type Column, type OutputConfig } from '../../../src/output/writer.js';
import { fakeIO } from '../../helpers/context.js';

interface App {
  id: number;
  name: string;
  description: string;
  api_key: string;
  created_at: string;
}
const APPS: App[] = [
  { id: 1, name: 'sales-data', description: 'Sales, "EU" and US', api_key: 'spk_live_abcdefgh12345678', created_at: '2026-11-26T11:59:00Z' },
  { id: 2, name: 'ops', description: 'line one\nline two', api_key: 'spk_live_zzzzzzzz87654321', created_at: '2026-11-26T10:00:00Z' },
];
const COLS: Column<App>[] = [
  { header: 'ID', get: (a) => a.id },
  { header: 'Name', get: (a) => a.name },
  { header: 'Description', get: (a) => a.description },
  { header: 'API key', get: (a) => a.api_key, kind: 'key' },
  { header: 'Created', get: (a) => a.created_at, kind: 'time' },
];

function writer(o: Partial<OutputConfig> & { tty?: boolean } = {}) {
  const io = fakeIO({ tty: o.tty });
  const out = new Output(io, { json: false, redactor: new Redactor(), style: plainStyle, errStyle: plainStyle, now: () => Date.parse('2026-11-26T12:00:00Z'), ...o });
  return { io, out };
}

describe('--format csv', () => {
  it('quotes commas, quotes and newlines (RFC 4180), with a header row and masked keys', async () => {
    const { io, out } = writer({ format: 'csv' });
    await out.list(APPS, COLS);
    expect(io.out()).toBe(
      'ID,Name,Description,API key,Created\r\n' +
        '1,sales-data,"Sales, ""EU"" and US",••••5678,2026-11-26T11:59:00Z\r\n' +
        '2,ops,line one line two,••••4321,2026-11-26T10:00:00Z\r\n',
    );
  });

  it('leaves out the header row with --no-headers, and is CSV on a terminal too', async () => {
    const { io, out } = writer({ format: 'csv', headers: false, tty: true });
    await out.list(APPS.slice(0, 1), COLS);
    expect(io.out()).toBe('1,sales-data,"Sales, ""EU"" and US",••••5678,2026-11-26T11:59:00Z\r\n');
  });

  it('prints only the header for an empty list', async () => {
    const { io, out } = writer({ format: 'csv' });
    await out.list([], COLS);
    expect(io.out()).toBe('ID,Name,Description,API key,Created\r\n');
  });

  it('prints a single resource as a one-row table', async () => {
    const { io, out } = writer({ format: 'csv' });
    await out.item(APPS[0]!, COLS.slice(0, 2));
    expect(io.out()).toBe('ID,Name\r\n1,sales-data\r\n');
  });

  it('encodes fields that start or end with a space, and CR', () => {
    expect(csvTable(['a'], [[' x'], ['y\r']], false)).toBe('" x"\r\n"y\r"\r\n');
  });
});

describe('--format ndjson', () => {
  it('prints one masked JSON object per list element', async () => {
    const { io, out } = writer({ format: 'ndjson', json: true, tty: true });
    await out.list(APPS, COLS);
    const lines = io.out().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.map((l) => JSON.parse(l).name)).toEqual(['sales-data', 'ops']);
    expect(io.out()).not.toContain('spk_live');
  });

  it('prints a single object on one line', async () => {
    const { io, out } = writer({ format: 'ndjson', json: true });
    out.json({ deleted: true, id: 1 });
    expect(io.out()).toBe('{"deleted":true,"id":1}\n');
  });
});

describe('--format table and tsv, --no-headers', () => {
  it('a table when piped if asked for, headers and all', async () => {
    const { io, out } = writer({ format: 'table' });
    await out.list(APPS.slice(0, 1), COLS.slice(0, 2));
    expect(io.out()).toMatch(/^ID\s+NAME\n1\s+sales-data\n$/);
  });

  it('a table without its header row with --no-headers', async () => {
    const { io, out } = writer({ tty: true, headers: false });
    await out.list(APPS.slice(0, 1), COLS.slice(0, 2));
    expect(io.out()).toMatch(/^1\s+sales-data\n$/);
  });

  it('TSV keeps having no header, on a terminal too', async () => {
    const { io, out } = writer({ format: 'tsv', tty: true });
    await out.list(APPS.slice(0, 1), COLS.slice(0, 2));
    expect(io.out()).toBe('1\tsales-data\n');
  });

  it('the default rendering follows the stream and --json', () => {
    expect(renderingFor(undefined, false, true)).toBe('table');
    expect(renderingFor(undefined, false, false)).toBe('tsv');
    expect(renderingFor(undefined, true, true)).toBe('json');
    expect(renderingFor('csv', false, true)).toBe('csv');
  });
});

describe('--fields', () => {
  it('keeps the named fields, in the order named, and the list order', async () => {
    const { io, out } = writer({ json: true, fields: ['name', 'id'] });
    await out.list(APPS, COLS);
    expect(io.out()).toBe('[{"name":"sales-data","id":1},{"name":"ops","id":2}]\n');
  });

  it('masks before selecting: a credential field stays masked', async () => {
    const { io, out } = writer({ json: true, fields: ['api_key'] });
    await out.list(APPS, COLS);
    expect(JSON.parse(io.out())).toEqual([{ api_key: '••••5678' }, { api_key: '••••4321' }]);
  });

  it('an unknown field is a usage error listing the fields that exist', async () => {
    const { io, out } = writer({ json: true, fields: ['id', 'nmae'] });
    const e = await out.list(APPS, COLS).then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).exitCode).toBe(2);
    expect((e as Error).message).toBe('unknown field "nmae" for --fields; this result has: id, name, description, api_key, created_at');
    expect(io.out()).toBe('');
  });

  it('picks the columns of CSV and TSV output too', async () => {
    const csv = writer({ format: 'csv', fields: ['id', 'description'] });
    await csv.out.list(APPS.slice(0, 1), COLS);
    expect(csv.io.out()).toBe('id,description\r\n1,"Sales, ""EU"" and US"\r\n');
    const tsv = writer({ format: 'tsv', fields: ['name'] });
    await tsv.out.item(APPS[1]!, COLS);
    expect(tsv.io.out()).toBe('name\tops\n');
  });

  it('parses a comma list and refuses empty or repeated names', () => {
    expect(parseFieldList('id, name')).toEqual(['id', 'name']);
    expect(() => parseFieldList('id,,name')).toThrow(UsageError);
    expect(() => parseFieldList('id,id')).toThrow(/named twice/);
    expect(selectFields([], ['anything'])).toEqual([]);
  });
});

describe('--jq', () => {
  it('runs real jq on the masked JSON and prints strings raw', async () => {
    const { io, out } = writer({ json: true, jq: '.[] | "\\(.name) \\(.api_key)"' });
    await out.prepare();
    await out.list(APPS, COLS);
    await out.flush();
    expect(io.out()).toBe('sales-data ••••5678\nops ••••4321\n');
  });

  it('prints JSON results compact when piped and indented on a terminal', async () => {
    const piped = writer({ json: true, jq: '.[0] | {id, name}' });
    await piped.out.prepare();
    await piped.out.list(APPS, COLS);
    await piped.out.flush();
    expect(piped.io.out()).toBe('{"id":1,"name":"sales-data"}\n');
    const tty = writer({ json: true, tty: true, jq: '.[0] | {id}' });
    await tty.out.prepare();
    await tty.out.list(APPS, COLS);
    await tty.out.flush();
    expect(tty.io.out()).toBe('{\n  "id": 1\n}\n');
  });

  it('cannot reveal a secret: the filter sees what --json shows, and known secrets are scrubbed', async () => {
    const { io, out } = writer({ json: true, jq: '.[] | .api_key, .value' });
    await out.prepare();
    out.json([{ api_key: 'spk_live_abcdefgh12345678', value: 'hunter2-secret' }], { secretValues: true });
    await out.flush();
    expect(io.out()).toBe('••••5678\n********\n');
  });

  it('applies --fields first, then the filter', async () => {
    const { io, out } = writer({ json: true, fields: ['id'], jq: '.[] | keys | join(",")' });
    await out.prepare();
    await out.list(APPS, COLS);
    await out.flush();
    expect(io.out()).toBe('id\nid\n');
  });

  it('a bad expression is a usage error with jq\'s message, found before anything is printed', async () => {
    const { out } = writer({ json: true, jq: '.[' });
    const e = await out.prepare().then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toMatch(/^invalid --jq expression: syntax error, unexpected end of file .* line 1$/);
    await out.flush();
  });

  it('a runtime error of the filter fails the command with exit 1', async () => {
    const { io, out } = writer({ json: true, jq: '.[] | .name.first' });
    await out.prepare();
    out.json(APPS);
    const e = await out.flush().then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(CliError);
    expect((e as CliError).exitCode).toBe(1);
    expect((e as Error).message).toMatch(/^--jq: Cannot index string with (string )?"first"/);
    expect(io.out()).toBe('');
  });

  it('keeps later stdout lines after the filtered output, in order', async () => {
    const { io, out } = writer({ json: true, jq: '.n' });
    await out.prepare();
    out.json({ n: 1 });
    out.line('after');
    out.jsonLine({ n: 2 });
    await out.flush();
    expect(io.out()).toBe('1\nafter\n2\n');
  });

  it('Ctrl-C stops a filter that never ends', async () => {
    const ac = new AbortController();
    const { out } = writer({ json: true, jq: 'if . == null then 1 else repeat(1) end', signal: ac.signal });
    await out.prepare();
    out.json({ a: 1 });
    setTimeout(() => ac.abort(), 200);
    const e = await out.flush().then(() => undefined, (err: unknown) => err);
    expect((e as CliError).exitCode).toBe(130);
  });

  it('escapes control characters that would reach the terminal raw', () => {
    expect(escapeControls('a\u001b]0;x\u0007b\tc\nd\u009b')).toBe('a\\u001b]0;x\\u0007b\tc\nd\\u009b');
  });
});

describe('--jq runtime errors after some output', () => {
  it('prints what came before the error, then fails with jq\'s message (exit 1)', async () => {
    const { io, out } = writer({ json: true, jq: '.[] | if .id == 2 then error("no id 2 here") else .id end' });
    await out.prepare();
    out.json([{ id: 1 }, { id: 2 }, { id: 3 }]);
    const e = await out.flush().then(() => undefined, (err: unknown) => err);
    expect(io.out()).toBe('1\n');
    expect((e as CliError).exitCode).toBe(1);
    expect((e as Error).message).toBe('--jq: no id 2 here');
  });

  it('keeps outputs that are not strings or that contain no marker untouched, and non-string errors as JSON', async () => {
    const { io, out } = writer({ json: true, jq: '.[] | if . == 3 then error({code: 3}) else {n: .} end' });
    await out.prepare();
    out.json([1, 2, 3]);
    const e = await out.flush().then(() => undefined, (err: unknown) => err);
    expect(io.out()).toBe('{"n":1}\n{"n":2}\n');
    expect((e as Error).message).toBe('--jq: {"code":3}');
  });
});

describe('--jq output is exact', () => {
  it('keeps leading and trailing spaces and blank results, which the engine alone would trim', async () => {
    const { io, out } = writer({ json: true, jq: '.[]' });
    await out.prepare();
    out.json(['  indented', '', 'trailing  ']);
    await out.flush();
    expect(io.out()).toBe('  indented\n\ntrailing  \n');
  });

  it('prints nothing for empty output', async () => {
    const { io, out } = writer({ json: true, jq: 'empty' });
    await out.prepare();
    out.json([1]);
    await out.flush();
    expect(io.out()).toBe('');
  });
});
