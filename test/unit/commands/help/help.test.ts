import { CommanderError, type Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram, type Loader } from '../../../../src/cli.js';
import { NOUNS } from '../../../../src/commands/index.js';
import { UsageError } from '../../../../src/errors.js';

/** The real command tree with a runtime that records which verb module would run. */
function program() {
  let out = '';
  let err = '';
  const ran: Array<{ loader: Loader; name: string }> = [];
  const p = createProgram({ run: async (loader: Loader, cmd: Command) => void ran.push({ loader, name: cmd.name() }) }, '0.0.0-test', NOUNS, {
    writeOut: (s) => (out += s),
    writeErr: (s) => (err += s),
  });
  const parse = (argv: string[]) => p.parseAsync(argv, { from: 'user' });
  return { p, parse, ran, out: () => out, err: () => err };
}

const helpDisplayed = (e: unknown) => e instanceof CommanderError && (e.code === 'commander.help' || e.code === 'commander.helpDisplayed');

describe('help command', () => {
  it('replaces Commander\'s built-in help command: exactly one "help" on the root', () => {
    const { p } = program();
    expect(p.commands.filter((c) => c.name() === 'help')).toHaveLength(1);
    expect(p.helpInformation().match(/^ {2}help\b/gm)).toHaveLength(1);
  });

  it('shows a nested command\'s help on stdout, like --help does', async () => {
    const a = program();
    const e = await a.parse(['help', 'auth', 'login']).catch((x: unknown) => x);
    expect(helpDisplayed(e)).toBe(true);
    expect(a.out()).toContain('Usage: spice-cloud auth login [options]');
    expect(a.out()).toContain('--with-token');
    expect(a.err()).toBe('');
    expect(a.ran).toEqual([]);

    const b = program();
    await b.parse(['auth', 'login', '--help']).catch(() => undefined);
    expect(a.out()).toBe(b.out());
  });

  it('resolves aliases on the way', async () => {
    const a = program();
    await a.parse(['help', 'apps', 'ls']).catch(() => undefined);
    expect(a.out()).toContain('Usage: spice-cloud apps list');
  });

  it('shows the root help with no argument', async () => {
    const a = program();
    const e = await a.parse(['help']).catch((x: unknown) => x);
    expect(helpDisplayed(e)).toBe(true);
    expect(a.out()).toContain('Usage: spice-cloud [options] [command]');
    expect(a.out()).toContain('spice-cloud help exit-codes');
  });

  it('fails with a usage error and a suggestion for an unknown command', async () => {
    const a = program();
    const e = await a.parse(['help', 'auth', 'logn']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).message).toBe('unknown command "logn" of "spice-cloud auth"');
    expect((e as UsageError).hint).toContain('"login"');
  });

  it('runs the exit-codes and environment topics as verbs (env is an alias)', async () => {
    const a = program();
    await a.parse(['help', 'exit-codes']);
    await a.parse(['help', 'env']);
    expect(a.ran.map((r) => r.name)).toEqual(['exit-codes', 'environment']);
    const mods = await Promise.all(a.ran.map((r) => r.loader()));
    expect(mods.every((m) => typeof m.parse === 'function' && typeof m.run === 'function')).toBe(true);
  });

  it('lists the topics and shows examples in its own help', async () => {
    const a = program();
    await a.parse(['help', '--help']).catch(() => undefined);
    expect(a.out()).toContain('exit-codes');
    expect(a.out()).toContain('environment');
    expect(a.out()).toContain('$ spice-cloud help apps list');
  });
});
