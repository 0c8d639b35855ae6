/**
 * The screen at 50, 80 and 120 columns (real pseudo-terminal): tables fit the width
 * (free text cut with …, then low-priority columns dropped; IDs, names, statuses whole),
 * single views wrap long values under themselves, piped and --json output stay whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bed, plain, type Bed } from './harness.js';

const WIDTHS = [50, 80, 120] as const;
const BRANCH = 'feature/quarterly-revenue-report-with-a-very-long-branch-name-indeed';
const DESCRIPTION = 'Quarterly sales figures joined with the regional forecast, refreshed every night from the warehouse and served to the dashboards';

/** Lines of terminal output as shown (colour and carriage returns removed). */
const screenLines = (output: string) => plain(output).split('\n').filter((l) => l.trim() !== '');

describe('tables and single views fit the terminal', () => {
  let b: Bed;
  beforeAll(async () => {
    b = await bed();
    await b.call('POST', '/v1/apps', { name: 'sales-data', region: 'us-east-1', description: DESCRIPTION, tags: { team: 'data-platform-engineering', env: 'production', cost: 'analytics-shared-budget' } });
    await b.call('PUT', '/v1/apps/1', { spicepod: { version: 'v1', kind: 'Spicepod', name: 'sales' } });
    await b.call('POST', '/v1/apps/1/deployments', { branch: BRANCH, commit_sha: 'abc1234def', image_tag: '1.0.0-models-enterprise' });
  }, 30_000);
  afterAll(() => b.close());

  for (const width of WIDTHS) {
    it(`deployments list at ${width} columns: every line fits, ID and status whole`, async () => {
      const r = await b.pty(['deployments', 'list', '-a', 'sales-data'], [], { env: { PTY_COLS: String(width) } });
      expect(r.code, plain(r.output)).toBe(0);
      const lines = screenLines(r.output);
      for (const l of lines) expect(l.length, `${width}: ${l}`).toBeLessThanOrEqual(width);
      expect(lines[0]).toMatch(/^ID +STATUS/);
      expect(lines[1]).toMatch(/^1 +succeeded/);
      if (width < 120) expect(lines[1]).toContain('…');
    });

    it(`apps get at ${width} columns: long values wrap under themselves, never back to column 0`, async () => {
      const r = await b.pty(['apps', 'get', 'sales-data'], [], { env: { PTY_COLS: String(width) } });
      expect(r.code, plain(r.output)).toBe(0);
      const lines = screenLines(r.output);
      const spicepodAt = lines.findIndex((l) => l.startsWith('spicepod:'));
      const fields = spicepodAt < 0 ? lines : lines.slice(0, spicepodAt);
      for (const l of fields) expect(l.length, `${width}: ${l}`).toBeLessThanOrEqual(width);
      // Every line of the field list starts with a field name or with the hanging indent.
      const indent = fields[0]!.indexOf('1'); // "id  1": where values start
      for (const l of fields) expect(/^[a-z_.]+ +\S/.test(l) || l.startsWith(' '.repeat(indent)), `${width}: ${l}`).toBe(true);
      const text = fields.join(' ').replace(/\s+/g, ' ');
      expect(text).toContain(DESCRIPTION);
    });

    it(`regions list at ${width} columns keeps each cname whole`, async () => {
      const r = await b.pty(['regions', 'list'], [], { env: { PTY_COLS: String(width) } });
      expect(r.code, plain(r.output)).toBe(0);
      const lines = screenLines(r.output);
      for (const l of lines) expect(l.length, `${width}: ${l}`).toBeLessThanOrEqual(width);
      const piped = await b.run(['regions', 'list']);
      for (const row of piped.stdout.trim().split('\n')) {
        const [region, , , cname] = row.split('\t');
        const line = lines.find((l) => l.startsWith(`${region} `))!;
        expect(line, `${width}: ${region}`).toBeDefined();
        if (cname) expect(line).toContain(cname);
      }
    });

    it(`help environment at ${width} columns wraps between words, under its column`, async () => {
      const r = await b.pty(['help', 'environment'], [], { env: { PTY_COLS: String(width) } });
      expect(r.code, plain(r.output)).toBe(0);
      const lines = screenLines(r.output);
      for (const l of lines) expect(l.length, `${width}: ${l}`).toBeLessThanOrEqual(width);
      const text = lines.join(' ').replace(/\s+/g, ' ');
      expect(text).toContain('per-request timeout in seconds (default 30)');
    });
  }

  it('COLUMNS overrides the terminal width', async () => {
    const r = await b.pty(['deployments', 'list', '-a', 'sales-data'], [], { env: { PTY_COLS: '200', COLUMNS: '50' } });
    for (const l of screenLines(r.output)) expect(l.length, l).toBeLessThanOrEqual(50);
  });

  it('piped and --json output are never shortened', async () => {
    const piped = await b.run(['deployments', 'list', '-a', 'sales-data'], { env: { COLUMNS: '50' } });
    expect(piped.stdout).toContain(`${BRANCH}@abc1234`);
    const json = await b.run(['apps', 'get', 'sales-data', '--json'], { env: { COLUMNS: '50' } });
    expect(JSON.parse(json.stdout).description).toBe(DESCRIPTION);
    const r = await b.pty(['deployments', 'list', '-a', 'sales-data', '--json'], [], { env: { PTY_COLS: '50' } });
    expect(plain(r.output).replace(/\n\s*/g, '')).toContain(BRANCH);
  });
});
