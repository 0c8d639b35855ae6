import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../src/cli.js';
import { NOUN_BY_NAME, NOUNS, nounsFor } from '../../../src/commands/index.js';

const quiet = { writeOut: () => {}, writeErr: () => {} };
const programOf = (nouns: typeof NOUNS) => createProgram({ run: async () => {} }, '0.0.0-test', nouns, quiet);
const full = programOf(NOUNS);

function* walk(cmd: Command): Generator<Command> {
  yield cmd;
  for (const c of cmd.commands) yield* walk(c);
}
const pathOf = (cmd: Command): string[] => (cmd.parent ? [...pathOf(cmd.parent), cmd.name()] : []);

describe('a command line that names one noun builds only that noun', () => {
  it('every noun is in the table under the name it registers, except those that read the whole tree', () => {
    for (const [name, register] of NOUN_BY_NAME) {
      const names = programOf([register]).commands.map((c) => c.name());
      expect(names, name).toContain(name);
      for (const other of names) expect(NOUN_BY_NAME.get(other), other).toBe(register); // link also registers unlink
    }
    const rest = full.commands.map((c) => c.name()).filter((n) => !NOUN_BY_NAME.has(n));
    expect(rest.sort()).toEqual(['__complete', 'commands', 'completion', 'help']);
    expect(full.commands.filter((c) => c.aliases().length > 0)).toEqual([]); // no noun has an alias to look up
  });

  it('the help of every command under a noun is the same with that noun alone as with the whole tree', () => {
    for (const [name, register] of NOUN_BY_NAME) {
      const one = programOf([register]);
      for (const cmd of walk(full.commands.find((c) => c.name() === name)!)) {
        const path = pathOf(cmd);
        let alone: Command = one;
        for (const word of path) alone = alone.commands.find((c) => c.name() === word)!;
        expect(alone.helpInformation(), path.join(' ')).toBe(cmd.helpInformation());
      }
    }
  });

  it.each([
    [['regions', 'list', '--json'], 'regions'],
    [['--json', 'apps', 'list'], 'apps'],
    [['--format', 'json', 'secrets', 'list'], 'secrets'],
    [['--format=json', '--org', 'acme', 'sql', 'SELECT 1'], 'sql'],
    [['--api-url', 'http://127.0.0.1:1', '--no-color', 'chat', 'hi'], 'chat'],
  ])('%j registers only %s', (argv, noun) => {
    expect(nounsFor(argv)).toEqual([NOUN_BY_NAME.get(noun)]);
  });

  it.each([
    [[]],
    [['--help']],
    [['--version']],
    [['help', 'apps']],
    [['commands', '--json']],
    [['completion', 'bash']],
    [['__complete', 'secrets', '']],
    [['apsp', 'list']], // the suggestion names every noun
    [['--bogus', 'apps', 'list']],
    [['--format']], // the value is missing: commander says so
  ])('%j registers every noun', (argv) => {
    expect(nounsFor(argv)).toBe(NOUNS);
  });
});
