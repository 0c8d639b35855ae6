/**
 * Output for scripts, end to end against the emulator: --jq (built-in jq, no jq binary on
 * PATH), --fields, --format csv/ndjson/table and --no-headers, on the built binary.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, type Bed } from './harness.js';

describe('output for scripts', () => {
  let b: Bed;
  // No jq binary on PATH: the filter must be the built-in one.
  const run = (args: string[], env: Record<string, string> = {}) => b.run(args, { env: { PATH: '/nonexistent', ...env } });
  beforeAll(async () => {
    b = await bed();
    for (const [name, description] of [
      ['sales-data', 'Sales, "EU" and US'],
      ['ops-metrics', 'Ops'],
    ]) {
      const r = await b.call('POST', '/v1/apps', { name, region: 'us-east-1', description });
      expect(r.status).toBe(201);
    }
    await b.call('POST', '/v1/apps/1/secrets', { name: 'DB_PASSWORD', value: 'hunter2-very-secret' });
  });
  afterAll(() => b.close());

  it('--jq filters with real jq and prints strings raw', async () => {
    const r = await run(['apps', 'list', '--jq', '.[] | select(.name | test("^sales")) | "\\(.id) \\(.name)"']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('1 sales-data\n');
  });

  it('--jq on a single resource and on an API key: the key stays masked', async () => {
    const r = await run(['apps', 'get', 'sales-data', '--jq', '.api_key']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^••••[0-9a-f]{4}\n$/);
  });

  it('--jq cannot reveal a secret value', async () => {
    const r = await run(['secrets', 'get', 'DB_PASSWORD', '-a', 'sales-data', '--jq', '.value']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('********\n');
  });

  it('a bad --jq expression is exit 2 with jq\'s message, and nothing is sent', async () => {
    const before = b.emu.requests().length;
    const r = await run(['apps', 'list', '--jq', '.[] | {']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: invalid --jq expression: syntax error, unexpected end of file/);
    expect(r.stdout).toBe('');
    expect(b.emu.requests().length).toBe(before);
  });

  it('a --jq error after some output keeps that output and exits 1 with jq\'s message', async () => {
    const r = await run(['apps', 'list', '--jq', '.[] | if .id == 2 then error("stop at \\(.name)") else .name end']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('sales-data\n');
    expect(r.stderr).toBe('error: --jq: stop at ops-metrics\n');
  });

  it('--fields keeps the named fields in the order named, list order kept', async () => {
    const r = await run(['apps', 'list', '--fields', 'name,id']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { name: 'sales-data', id: 1 },
      { name: 'ops-metrics', id: 2 },
    ]);
  });

  it('--json alone is unchanged: every field', async () => {
    const r = await run(['apps', 'list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys(JSON.parse(r.stdout)[0])).toEqual(expect.arrayContaining(['id', 'name', 'region', 'api_key', 'created_at']));
  });

  it('an unknown field is exit 2 and lists the fields that exist', async () => {
    const r = await run(['apps', 'list', '--fields', 'id,nme']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: unknown field "nme" for --fields; this result has: id, name, .*region/);
    expect(r.stdout).toBe('');
  });

  it('--format csv quotes properly and --no-headers drops the header row', async () => {
    const r = await run(['apps', 'list', '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines[0]).toBe('ID,Name,Region,Visibility,Created');
    expect(lines[1]).toMatch(/^1,sales-data,us-east-1,private,\d{4}-/);
    const picked = await run(['apps', 'list', '--format', 'csv', '--fields', 'name,description', '--no-headers']);
    expect(picked.stdout).toBe('sales-data,"Sales, ""EU"" and US"\r\nops-metrics,Ops\r\n');
  });

  it('--format ndjson prints one object per line for a list', async () => {
    const r = await run(['deployments', 'list', '-a', 'sales-data', '--format', 'ndjson']);
    expect(r.code, r.stderr).toBe(0);
    const apps = await run(['apps', 'list', '--format', 'ndjson', '--fields', 'id']);
    expect(apps.stdout).toBe('{"id":1}\n{"id":2}\n');
  });

  it('--format table when piped has headers; --no-headers removes them; piped TSV has none', async () => {
    const table = await run(['apps', 'list', '--format', 'table']);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+REGION/);
    const bare = await run(['apps', 'list', '--format', 'table', '--no-headers']);
    expect(bare.stdout).toMatch(/^1\s+sales-data\s+us-east-1/);
    const tsv = await run(['apps', 'list']);
    expect(tsv.stdout).toMatch(/^1\tsales-data\tus-east-1\t/);
  });

  it('--jq with --format csv is a usage error', async () => {
    const r = await run(['apps', 'list', '--jq', '.', '--format', 'csv']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--jq filters JSON');
  });
});
