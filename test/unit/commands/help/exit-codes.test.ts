import { describe, expect, it } from 'vitest';
import { parse, run } from '../../../../src/commands/help/exit-codes.js';
import { EXIT_CODE_TABLE } from '../../../../src/errors.js';
import { testContext } from '../../../helpers/context.js';

describe('help exit-codes', () => {
  it('takes no options', () => {
    expect(parse({ args: [], opts: {}, env: {} })).toEqual({});
  });

  it('prints every exit code as code<TAB>meaning on stdout when piped', async () => {
    const t = await testContext({ tty: false });
    await run({}, t.ctx);
    expect(t.io.out()).toBe(EXIT_CODE_TABLE.map(([c, m]) => `${c}\t${m}\n`).join(''));
    expect(t.io.out()).toContain('9\tinput needed but the session is not interactive\n');
    expect(t.io.err()).toBe('');
  });

  it('prints a table with headers on a terminal', async () => {
    const t = await testContext({ tty: true });
    await run({}, t.ctx);
    const lines = t.io.out().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CODE\s+MEANING$/);
    expect(lines).toHaveLength(EXIT_CODE_TABLE.length + 1);
    expect(lines.at(-1)).toMatch(/^130\s+interrupted/);
  });

  it('prints a JSON array under --json', async () => {
    const t = await testContext({ globals: { json: true } });
    await run({}, t.ctx);
    const out = JSON.parse(t.io.out());
    expect(out).toHaveLength(EXIT_CODE_TABLE.length);
    expect(out[4]).toEqual({ code: 4, meaning: 'authentication or authorization failed' });
  });
});
