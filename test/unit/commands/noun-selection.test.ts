import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../../src/cli.js';
import { NOUN_BY_NAME, NOUNS, nounsFor, verbFor } from '../../../src/commands/index.js';

const quiet = { writeOut: () => {}, writeErr: () => {} };
const programOf = (nouns: typeof NOUNS, onlyVerb?: string) => createProgram({ run: async () => {} }, '0.0.0-test', nouns, quiet, onlyVerb);
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

describe('a command line that names a verb builds only that verb of its noun', () => {
  const verbs = full.commands.flatMap((noun) => noun.commands.filter((v) => v.name() !== 'help').map((v) => [noun.name(), v.name()] as const));

  it('builds the named verb alone, with the same help for it and everything under it', () => {
    expect(verbs.length).toBeGreaterThan(30);
    for (const [noun, verb] of verbs) {
      const register = NOUN_BY_NAME.get(noun);
      if (!register) continue; // help, commands, completion read the whole tree
      const one = programOf([register], verb);
      const alone = one.commands.find((c) => c.name() === noun)!;
      expect(alone.commands.map((c) => c.name()).filter((n) => n !== 'help'), `${noun} ${verb}`).toEqual([verb]);
      for (const cmd of walk(full.commands.find((c) => c.name() === noun)!.commands.find((c) => c.name() === verb)!)) {
        const path = pathOf(cmd);
        let built: Command = one;
        for (const word of path) built = built.commands.find((c) => c.name() === word)!;
        expect(built.helpInformation(), path.join(' ')).toBe(cmd.helpInformation());
      }
    }
  });

  it.each([
    ['ls', 'an alias, known only once its verb is built'],
    ['lst', 'a typo: the suggestion lists every verb'],
    ['help', "commander's help command"],
  ])('builds the whole noun for %j (%s)', (word) => {
    const apps = programOf([NOUN_BY_NAME.get('apps')!], word).commands.find((c) => c.name() === 'apps')!;
    const whole = full.commands.find((c) => c.name() === 'apps')!;
    expect(apps.commands.map((c) => c.name())).toEqual(whole.commands.map((c) => c.name()));
    expect(apps.helpInformation()).toBe(whole.helpInformation());
  });

  it('leaves a noun without verbs as it is (sql takes its query where a verb would be)', () => {
    const sql = programOf([NOUN_BY_NAME.get('sql')!], 'SELECT 1').commands.find((c) => c.name() === 'sql')!;
    expect(sql.helpInformation()).toBe(full.commands.find((c) => c.name() === 'sql')!.helpInformation());
  });

  it.each([
    [['apps', 'list', '--json'], 'list'],
    [['--json', 'secrets', 'ls', '-a', 'x'], 'ls'],
    [['--format', 'json', 'deployments', 'list'], 'list'],
    [['sql', 'SELECT 1'], 'SELECT 1'],
    [['apps'], undefined],
    [['apps', '--help'], undefined],
    [['apsp', 'list'], undefined],
    [['--bogus', 'apps', 'list'], undefined],
    [['help', 'apps'], undefined],
  ])('verbFor(%j) is %j', (argv, verb) => {
    expect(verbFor(argv)).toBe(verb);
  });
});
